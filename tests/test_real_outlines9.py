"""Red-team round 9: heading-tree classes seen in a held-out set of real published outlines (雪亮工程 方案 with
章/节/条, vendor 建设方案 numbered "1项目需求分析", section numbers in 【】, 前言 before 第一章, PDF titles ending in
方向/应对, centred 附件 lines). Each test is one class; every fixture is built here, in wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx, build_pdf


def _tree(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


def _txt(path, items, cover=("某县视频监控联网项目", "建设方案", "二〇二六年五月")):
    lines = [*cover, ""]
    for it in items:
        lines.append(it[1] if isinstance(it, tuple) else "\u3000\u3000" + it)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _render(tmp_path, form, items, name="doc"):
    if form == "txt":
        return _txt(tmp_path / f"{name}.txt", items)
    return build_docx(tmp_path / f"{name}.docx", items, mode=form, title_page=["某县视频监控联网项目", "建设方案"])


def _want(items):
    return [it for it in items if isinstance(it, tuple)]


# A bid-style plan numbered 章 / 节 / 条: the 条 are its third level, short titles over text of their own.
_ARTICLES = [
    (1, "第一章 综述"),
    (2, "第一节 建设原则"),
    (3, "第一条 统筹规划原则"),
    "全县视频资源统一规划、统一标准，避免各部门分头建设、重复投入。",
    (3, "第二条 建管并重原则"),
    "设备建成后同步落实运维队伍和经费，保证点位长期在线可用。",
    (1, "第二章 建设内容"),
    (2, "第一节 前端点位"),
    (3, "第一条 乡镇主干道"),
    "在各乡镇主干道路口新建高清摄像机，夜间也能看清车牌和人脸。",
    (3, "第二条 学校周边"),
    "在中小学校门口和周边路段补建点位，上下学时段重点看护。",
    (2, "第二节 联网平台"),
    "县级平台汇聚各乡镇视频，按授权向公安、交通和应急部门提供调阅。",
]


@pytest.mark.parametrize("form", ["styles", "bold", "txt"])
def test_chapter_section_article_outline_keeps_its_articles(tmp_path, form):
    """第一条 / 第二条 as the third heading level under 第一节: dropped in every form (even as Heading 3), because
    a 条 was always read as a regulation's article, so their text fell into the 节 above."""
    assert _tree(_render(tmp_path, form, _ARTICLES)) == _want(_ARTICLES)


def test_quoted_regulation_articles_stay_body(tmp_path):
    """Articles quoted from a regulation are sentences, not titles: they stay in the section's body."""
    items = [
        (1, "第一章 编制依据"),
        "本方案依据的主要规定摘录如下。",
        "第三条 本办法适用于县级政务信息化项目的规划、建设和运行维护。",
        "第九条 项目建设单位应当同步规划、同步建设、同步运行网络安全保护措施。",
        "第十二条 项目建成后应当及时组织验收，未经验收不得投入使用。",
        (1, "第二章 建设内容"),
        "新建县级视频联网平台一套。",
    ]
    for form in ("bold", "txt"):
        assert _tree(_render(tmp_path, form, items, name=form)) == _want(items)


# A vendor's plan whose chapter numbers sit right on the title ("1项目需求分析"), over "1.1 …" sections.
_TIGHT = [
    (1, "1项目需求分析"),
    (2, "1.1 建设目标"),
    "建成覆盖全市政务数据的治理平台，问题数据发现率明显提升。",
    (2, "1.2 性能要求"),
    "常用查询在三秒内返回结果，支持五百名用户同时在线。",
    (1, "2项目技术方案"),
    (2, "2.1 总体架构"),
    "平台部署在市政务云，采用微服务架构，各模块可以独立扩展。",
    (2, "2.2 数据安全"),
    "敏感数据加密存储，访问留痕，定期开展安全检查。",
    (1, "3项目实施"),
    "合同签订后八个月内完成建设并上线试运行。",
]


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_chapter_numbers_typed_onto_their_titles(tmp_path, form):
    """"1项目需求分析" (no space, no dot) was no heading number: in bold Word and plain text every chapter was lost
    and its "1.1" sections became level 1. Read where the tree needs it: before its first "N.x", or next after
    the chapter before it."""
    assert _tree(_render(tmp_path, form, _TIGHT)) == _want(_TIGHT)


def test_a_short_line_starting_with_a_figure_is_no_chapter_where_the_tree_has_none(tmp_path):
    """"2楼机房改造" inside section 1.1 (not followed by a 2.x heading): a phrase that starts with a figure, body."""
    items = [
        (1, "1项目概况"),
        (2, "1.1 建设内容"),
        "本期改造内容包括：",
        "2楼机房改造",
        "将原有机房扩容至二百平方米，更换精密空调和不间断电源。",
        (2, "1.2 建设地点"),
        "市政务服务中心办公楼。",
        (1, "2投资估算"),
        (2, "2.1 估算依据"),
        "依据市场询价和同类项目造价。",
    ]
    assert _tree(_render(tmp_path, "txt", items)) == _want(items)


# Section numbers in lenticular brackets, under chapters numbered 第一章, in two parts that restart at 第一章.
_BRACKETS = [
    (1, "第一部分 技术方案"),
    (2, "第一章 需求分析"),
    (3, "【1.1】项目背景"),
    "现有办公系统建成多年，不支持移动端，与下属单位也不联通。",
    (3, "【1.2】用户现状"),
    "机关及下属单位共一千六百名用户，公文年流转量约三万件。",
    (2, "第二章 平台设计"),
    (3, "【2.1】设计原则"),
    "统一规划、分步实施、安全可控。",
    (3, "【2.2】运行环境"),
    "部署在市政务云，申请虚拟机十台。",
    (1, "第二部分 工程服务"),
    (2, "第一章 实施计划"),
    (3, "【1.1】项目进度"),
    "合同签订后六个月内上线运行。",
]


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_bracketed_decimal_section_numbers(tmp_path, form):
    """"【1.2】用户现状" was no heading number (a bracket first): every section of the outline was lost."""
    assert _tree(_render(tmp_path, form, _BRACKETS)) == _want(_BRACKETS)


# A preface before the first chapter, set as the chapters are.
_PREFACE = [
    (1, "前言"),
    "为落实全省应用系统迁云工作要求，中心对现有应用系统开展迁云，编制本方案。",
    (1, "第一章 项目概述"),
    "中心现有应用系统六个，部署在自建机房。",
    (1, "第二章 迁云规划"),
    "先迁移非核心系统，再迁移核心业务系统，迁移期间业务不中断。",
    (1, "第三章 资金概算"),
    "迁云实施费用概算一百八十六万元。",
]


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_unnumbered_preface_in_the_chapters_look_is_a_chapter(tmp_path, form):
    """"前言" (bold like the chapters in Word, at the margin like them in plain text) right before 第一章, over text
    of its own: dropped, because unnumbered lines count only where nothing is numbered."""
    assert _tree(_render(tmp_path, form, _PREFACE)) == _want(_PREFACE)


def test_a_bold_lead_in_of_another_look_stays_body(tmp_path):
    """A bold phrase right before "1.1" whose sections are typed plain (and whose chapters are centred) is not in
    that series' look: it stays body."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    for n, (title, body) in enumerate((("第一章 项目概述", "中心现有应用系统六个，部署在自建机房，多数服务器已超过保修期。"),
                                       ("第二章 迁云规划", "先迁移非核心系统，再迁移核心业务系统，迁移期间业务不中断。")), 1):
        p = d.add_paragraph()
        p.add_run(title).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        d.add_paragraph(body)
        d.add_paragraph().add_run("特别说明").bold = True
        d.add_paragraph("迁移窗口安排在周末，每次迁移前完成全量备份并演练回退。")
        d.add_paragraph(f"{n}.1 迁移范围")
        d.add_paragraph("涉及公积金业务系统、网上服务大厅和档案系统。")
    path = tmp_path / "lead.docx"
    d.save(str(path))
    assert _tree(path) == [(1, "第一章 项目概述"), (2, "1.1 迁移范围"), (1, "第二章 迁云规划"), (2, "2.1 迁移范围")]


def test_pdf_numbered_titles_ending_in_xiang_or_dui(tmp_path):
    """A PDF line "2.3 改进方向" or "2.4 风险应对" ends in 向 / 对, read as a sentence cut off after a preposition,
    though the next line opens an indented paragraph: the titles were lost."""
    items = [
        (1, "一、需求分析"),
        (2, "2.1 业务需求"),
        "平台需要支撑日均十万件办件量，高峰期两万人同时在线。",
        (2, "2.2 用户痛点与改进方向"),
        "用户反映页面卡顿、材料重复提交，改造后应做到材料一次提交。",
        (2, "2.3 技术风险与应对"),
        "国产数据库的兼容问题通过前期适配测试化解。",
        (1, "二、建设方案"),
        "平台拆分为若干微服务，部署在市政务云容器平台上。",
    ]
    path = build_pdf(tmp_path / "p.pdf", items, heading_sizes={1: 11, 2: 11}, title_page=["某市政务服务平台", "可行性研究报告"])
    assert _tree(path) == _want(items)


def test_pdf_sentence_broken_after_xiang_stays_body(tmp_path):
    """The guard still holds for a line really cut inside a sentence: the next line continues it at the margin."""
    long_para = "本项目建设内容较多，涉及部门广泛，需要统筹推进" + "，各部门应当按照职责分工做好配合工作" * 4 + "。"
    items = [(1, "一、项目概述"), long_para, (1, "二、建设方案"), "平台部署在市政务云上，按需申请资源。"]
    path = build_pdf(tmp_path / "q.pdf", items, heading_sizes={1: 11})
    assert _tree(path) == _want(items)


def test_pdf_centred_annex_lines_among_indented_body(tmp_path):
    """Centred "附件1：…" lines (a PDF with no bold to read) after the chapters, each over indented text: lost,
    as only lines at the margin counted as set off from an indented body."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "annex.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 90
    # first-line-indented paragraphs of two lines: a full first line, the second at the margin
    first = "本章说明迁云工作的有关安排，各业务系统的迁移节点、责任人和回退措施均已逐项核对确认"
    lines = [("c", "第一章 项目概述"), ("p", "中心现有应用系统六个，部署在自建机房，多数服务器已超过保修期。"),
             ("c", "第二章 迁云规划"), ("p", "先迁移非核心系统，再迁移核心业务系统，迁移期间保持业务不中断。"),
             ("c", "附件1：迁云工作推进表"), ("p", "按月列明各系统的迁移节点和责任人。"),
             ("c", "附件2：数据共享确认报告"), ("p", "确认已完成资源目录梳理和共享计划。")]
    for kind, text in lines:
        c.setFont("STSong-Light", 11)
        if kind == "c":
            c.drawCentredString(width / 2, y, text)
        else:
            c.drawString(72 + 22, y, first[:int((width - 144 - 22) // 11)])
            y -= 18
            c.drawString(72, y, text)
        y -= 26
    c.showPage()
    c.save()
    assert [t for _, t in _tree(path)] == [t for _, t in lines if _ == "c"]


def test_unnumbered_annex_title_after_the_chapters_is_top_level(tmp_path):
    """"附表 设备清单" after the last chapter, found through the contents list: it was put under the last section
    (level 3) because nothing numbers it; an annex title is a top-level part."""
    toc = ["目  录", "第一章 概述 ........ 1", "第二章 工程概算 ........ 3", "2.1 编制依据 ........ 3",
           "2.2 概算汇总 ........ 4", "附表 设备清单 ........ 5", ""]
    body = ["第一章 概述", "\u3000\u3000现有机房面积一百二十平方米，拟扩建到二百六十平方米，满足政务云扩容需要。",
            "第二章 工程概算", "2.1 编制依据", "\u3000\u3000依据设计图纸、市场询价和相关取费标准编制。",
            "2.2 概算汇总", "\u3000\u3000工程概算合计八百六十二万元，其中供配电二百六十八万元。",
            "附表 设备清单", "序号  设备名称  数量", "1  模块化UPS  2", "2  精密空调  6"]
    path = tmp_path / "annex.txt"
    path.write_text("\n".join(["某局机房扩建工程", "初步设计方案", "", *toc, *body]) + "\n", encoding="utf-8")
    assert _tree(path) == [(1, "第一章 概述"), (1, "第二章 工程概算"), (2, "2.1 编制依据"), (2, "2.2 概算汇总"),
                           (1, "附表 设备清单")]


def _annex_docx(path, caption_in_chapter: bool = False):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()

    def title(text):
        p = d.add_paragraph()
        p.add_run(text).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table(rows):
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                t.cell(r, k).text = cell

    title("第一章 项目概述")
    d.add_paragraph("中心现有应用系统六个，部署在自建机房，多数服务器已超过保修期，需要迁移到政务云。")
    if caption_in_chapter:
        title("附表1：现有服务器清单")
        table([["序号", "设备", "数量"], ["1", "应用服务器", "8"]])
    title("第二章 资金概算")
    d.add_paragraph("迁云实施费用概算一百八十六万元，云资源使用费由省级统筹。")
    title("附件1：迁云工作推进表")
    d.add_paragraph("按月列明各系统的迁移节点和责任人。")
    title("附表1：应用系统信息表")
    table([["序号", "系统名称", "服务器数"], ["1", "业务系统", "8"]])
    title("附表2：投资估算表")
    table([["序号", "费用", "金额（万元）"], ["1", "迁移服务", "96"]])
    d.save(str(path))
    return path


def test_annex_tables_after_the_annexes_are_annex_parts(tmp_path):
    """"附表1：…" / "附表2：…" set as "附件1：…" is, after it, each over its table: lost (a 附表N line reads as a table
    caption), so the annex tables fell into 附件1."""
    path = _annex_docx(tmp_path / "a.docx")
    assert _tree(path) == [(1, "第一章 项目概述"), (1, "第二章 资金概算"), (1, "附件1：迁云工作推进表"),
                           (1, "附表1：应用系统信息表"), (1, "附表2：投资估算表")]


def test_a_table_caption_inside_a_chapter_stays_a_caption(tmp_path):
    """Before any annex, "附表1：现有服务器清单" above its table is a caption, even set like the chapters."""
    titles = [t for _, t in _tree(_annex_docx(tmp_path / "b.docx", caption_in_chapter=True))]
    assert "附表1：现有服务器清单" not in titles and "附表1：应用系统信息表" in titles


def test_plain_text_section_opening_onto_a_typed_table(tmp_path):
    """Numbered chapters over unnumbered sections in plain text, one section opening straight onto its table
    typed as rows of cells ("序号  费用名称  金额（万元）"): that section was lost, its table fell into the section
    before it; the typed rows themselves are no titles."""
    items = [
        (1, "第一章 项目概况"),
        (2, "建设单位"),
        "项目建设单位为某区大数据发展管理局，负责平台建设和运行。",
        (2, "建设内容"),
        "建设一体化治理平台，包括事件中心、网格管理和综合指挥应用。",
        (1, "第二章 投资估算"),
        (2, "投资构成"),
        "序号  费用名称  金额（万元）",
        "1  软件开发  2100",
        "2  硬件设备  1460",
        (2, "资金来源"),
        "全部由区级财政资金解决，分两年安排。",
    ]
    lines = ["某区数字化治理项目", "可行性研究报告", ""]
    for it in items:
        lines.append(it[1] if isinstance(it, tuple) else (it if "  " in it else "\u3000\u3000" + it))
    path = tmp_path / "rows.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _tree(path) == _want(items)


def test_pdf_list_item_with_a_hanging_indent_broken_after_he_stays_body(tmp_path):
    """A list item "1. 系统应支持统一身份认证和" whose next line is indented (a hanging indent, not a new paragraph)
    stays body: the "opens a paragraph" reading frees only strongly numbered titles (2.3 / 二、 / 第二章)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "list.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 90
    first = "本章说明平台建设的主要功能要求，各项要求均已与业务处室逐项核对确认，列明如下"
    rows = [(72, "一、功能要求"), (94, first[:35]), (72, "各项功能应在试运行期间完成验证。"),
            (72, "1. 系统应支持统一身份认证和"), (90, "单点登录功能。"), (72, "2. 系统应支持电子证照的调用和"),
            (90, "核验功能。"), (72, "二、性能要求"), (94, first[:35]), (72, "常用查询三秒内返回结果。")]
    for x, text in rows:
        c.setFont("STSong-Light", 11)
        c.drawString(x, y, text)
        y -= 20
    c.showPage()
    c.save()
    assert [t for _, t in _tree(path)] == ["一、功能要求", "二、性能要求"]


@pytest.mark.parametrize(("form", "first"), [("bold", "1概述"), ("txt", "1概述"), ("txt", "1 概述")])
def test_chapter_numbers_typed_two_ways_in_one_series(tmp_path, form, first):
    """"1概述" (number on the title; "1 概述" once a PDF puts a blank there) then "2.机房规划设计" (with a dot) under
    一、: one series typed two ways; the dotted one was nested under the first one's 1.x sections (level 4) as a
    kind of its own."""
    items = [
        (1, "一、机房概述"),
        (2, first),
        "拟在指挥中心大楼三层新建通信机房，面积约一百五十平方米。",
        (3, "1.1设计依据"),
        "按数据中心设计规范的B级机房设计。",
        (2, "2.机房规划设计"),
        (3, "2.1总体设计"),
        "机房按十年业务发展需要预留机柜位置。",
        (3, "2.2配电设计"),
        "市电双路引入，配置不间断电源。",
        (1, "二、投资估算"),
        "工程投资估算四百二十万元。",
    ]
    assert _tree(_render(tmp_path, form, items)) == _want(items)


def test_gongwen_title_over_its_preamble_is_no_chapter(tmp_path):
    """A 公文-style plan without a cover opens with its title, then a preamble, then 一、: the title is at the margin
    like 一、 and over text of its own, yet it is the document's title, not a first sibling of 一、 (round 8's
    雪亮工程 方案 in plain text)."""
    lines = ["某县公共视频资源整合共享实施方案",
             "\u3000\u3000为推进全县公共视频资源整合共享，结合本县实际，制定本方案。",
             "一、总体要求", "\u3000\u3000以整合共享为重点，统筹推进视频资源联网应用。",
             "二、主要任务", "\u3000\u3000建设县级视频共享平台，按目录向有关部门共享视频资源。"]
    path = tmp_path / "gw.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _tree(path) == [(1, "一、总体要求"), (1, "二、主要任务")]


@pytest.mark.parametrize("last_cover_line", ["2026年3月", "实施方案"])
def test_title_page_last_line_over_a_preamble_is_no_chapter(tmp_path, last_cover_line):
    """A plan whose title page ends with a date or the document type alone, then a preamble, then 一、: that last
    cover line sits at the margin like 一、 and over text, yet is a cover line, not a first sibling of 一、."""
    lines = ["某区智慧养老服务平台建设项目", "某区民政局", last_cover_line, "",
             "\u3000\u3000为提升我区养老服务信息化水平，结合我区实际，制定本方案。",
             "一、项目基本情况", "\u3000\u3000项目建设单位为某区民政局，项目总投资八十六万元。",
             "二、建设内容", "\u3000\u3000建设养老服务监管系统和居家养老服务系统。"]
    path = tmp_path / "cover.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _tree(path) == [(1, "一、项目基本情况"), (1, "二、建设内容")]


# Scanned text loses the blank after some chapter numbers and keeps it after others ("1 服务内容", "2运维服务流程"):
# a chapter with no sections of its own between them is still the next chapter of the series.
_BLANK_LOST = [
    (1, "1 运维服务内容"),
    (2, "1.1 服务目标"),
    "保障市电子政务外网和政务云平台全天候稳定运行，系统可用率不低于百分之九十九点九。",
    (2, "1.2 资产统计服务"),
    "对服务器、网络设备、安全设备进行登记造册，建立资产台账并按月更新。",
    (1, "2运维服务流程"),
    "按照事件管理、问题管理和变更管理流程提供服务，所有工单在服务台登记。",
    (1, "3服务管理规范"),
    (2, "3.1 服务时间"),
    "工作日驻场服务，非工作时间电话响应。",
    (2, "3.2 行为规范"),
    "运维人员遵守保密规定，不得擅自复制业务数据。",
    (1, "4 运维费用"),
    "年度运维服务费用一百八十六万元，由市财政按季度支付。",
]


def test_a_chapter_whose_number_lost_its_blank_between_chapters_that_kept_it_is_the_next_chapter(tmp_path):
    """"2运维服务流程" after "1 运维服务内容" (as OCR or a converter gives it) has no "2.x" section to vouch for it, and
    was body: it counts on from the chapter before it, whichever way that one typed its number."""
    assert _tree(_render(tmp_path, "txt", _BLANK_LOST)) == _want(_BLANK_LOST)


# The other way round: the first chapter lost its blank ("1运维服务简介", as OCR read a centred chapter title) and has
# no "1.x" sections; the later chapters kept theirs.
_FIRST_BLANK_LOST = [
    (1, "1运维服务简介"),
    "本方案明确区政务服务中心业务系统的运维服务范围、服务时间、行为规范和记录要求。",
    (1, "2 运维服务类型"),
    (2, "2.1 基础服务"),
    "包括机房环境、网络、主机、数据库和应用系统的日常维护。",
    (2, "2.2 增值服务"),
    "包括规划咨询、可用性管理和应用拓展。",
    (1, "3 运维费用"),
    "年度运维服务费用五十六万元，由区财政按季度支付。",
]


def test_a_first_chapter_whose_number_lost_its_blank_counts_into_the_second(tmp_path):
    """"1运维服务简介" has no "1.x" section to vouch for it and no "1 …" chapter typed its way after it: the "2 …"
    chapter typed with a blank continues its series, so it is chapter 1, not body text."""
    assert _tree(_render(tmp_path, "txt", _FIRST_BLANK_LOST)) == _want(_FIRST_BLANK_LOST)
