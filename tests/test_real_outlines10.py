"""Red-team round 10: heading-tree classes seen in a held-out set of real published outlines (a 项目建议书 whose
contents page puts page numbers in brackets, a 可研 whose contents page writes them between dashes, a 规划 whose
contents page has none, a 方案书 whose chapters lost their Word list numbers over numbered sections, an annex title
typed onto 附件, a section titled with a product name, a PDF chapter title ending in 应). Each test is one class;
every fixture is built here, in wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.numbering import parse_numbering
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_pdf

_COVER = ("某县智慧水务项目", "建设方案", "二〇二六年六月")


def _tree(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


def _txt(path, items, cover=_COVER):
    """Plain text: body indented with two ideographic spaces; ("M", line) is a line at the margin that is no
    heading (a contents line, a typed table row)."""
    lines = [*cover, ""]
    for it in items:
        if isinstance(it, tuple):
            lines.append(it[1])
        else:
            lines.append("\u3000\u3000" + it)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _docx(path, items, mode):
    """DOCX: ("M", line) is a plain paragraph (a contents line), ("B", line) a bold one that is no heading."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    for line in _COVER:
        p = d.add_paragraph()
        r = p.add_run(line)
        r.bold = True
        r.font.size = Pt(22)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for it in items:
        if isinstance(it, tuple) and it[0] == "M":
            d.add_paragraph(it[1])
        elif isinstance(it, tuple) and it[0] == "B":
            d.add_paragraph().add_run(it[1]).bold = True
        elif isinstance(it, tuple):
            lvl, t = it
            if mode == "styles":
                d.add_heading(t, level=lvl)
            else:
                p = d.add_paragraph()
                r = p.add_run(t)
                r.bold = True
                if lvl == 1:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p = d.add_paragraph(it)
            p.paragraph_format.first_line_indent = Pt(24)
    d.save(str(path))
    return path


def _render(tmp_path, form, items, name="doc"):
    if form == "txt":
        return _txt(tmp_path / f"{name}.txt", items)
    return _docx(tmp_path / f"{name}.docx", items, form)


def _want(items):
    return [it for it in items if isinstance(it, tuple) and it[0] not in ("M", "B")]


def _with_contents(refs):
    """An outline under a 目录 whose lines carry page references in the form ``refs(page)``."""
    body = [
        (1, "一、项目概况"),
        (2, "（一）项目名称"), "某县智慧水务一期工程。",
        (2, "（二）建设单位"), "某县水利局负责项目建设，县水务集团参与运行。",
        (1, "二、建设内容"),
        (2, "（一）监测站网"), "在主要河道和水库新建水位、雨量监测站四十处，数据实时回传。",
        (2, "（二）业务平台"), "建设防汛调度和供水管理两个应用，部署在县政务云上。",
        (1, "三、投资估算"), "项目总投资六百八十万元，由县财政安排。",
    ]
    pages = {"一、项目概况": 1, "（一）项目名称": 1, "（二）建设单位": 2, "二、建设内容": 3, "（一）监测站网": 3,
             "（二）业务平台": 5, "三、投资估算": 8}
    contents = [("M", "目  录")] + [("M", f"{it[1]}{refs(pages[it[1]])}") for it in body
                                   if isinstance(it, tuple)]
    return contents + body


@pytest.mark.parametrize("form", ["styles", "bold", "txt"])
@pytest.mark.parametrize("refs", [lambda p: f" ({p})", lambda p: f"……………………-{p}-", lambda p: ""],
                         ids=["bracketed", "dashed", "none"])
def test_contents_list_with_bracketed_dashed_or_no_page_numbers_gives_no_headings(tmp_path, form, refs):
    """A contents page under 目录 whose page numbers are in brackets ("一、项目概况 (1)"), between dashes after
    leaders ("……-1-"), or missing: every line was a heading too (each chapter twice, the first copy empty),
    in every form, even with Word heading styles on the real titles."""
    items = _with_contents(refs)
    assert _tree(_render(tmp_path, form, items)) == _want(items)


@pytest.mark.parametrize("form", ["styles", "bold", "txt"])
def test_contents_list_keeps_a_front_matter_heading_it_does_not_name(tmp_path, form):
    """A 前言 right under the contents lines (not named by them) stays a heading; the contents lines do not."""
    items = _with_contents(lambda p: f" {p}")
    k = next(n for n, it in enumerate(items) if it == (1, "一、项目概况"))
    items = items[:k] + [(1, "前言"), "本方案说明某县智慧水务一期工程的建设内容和投资，供审批参考。"] + items[k:]
    assert _tree(_render(tmp_path, form, items)) == _want(items)


_UNNUMBERED_CHAPTERS = [
    (1, "方案简述"),
    (2, "1.1 项目背景"), "县城供水管网漏损率偏高，夜间爆管多靠群众电话报告才发现。",
    (2, "1.2 项目目标"), "两年内把漏损率降到百分之十以内，爆管发现时间缩短到半小时。",
    (1, "需求分析"),
    (2, "2.1 业务需求"),
    (3, "2.1.1 漏损监测"), "按片区计量进出水量，自动算出各片区的漏损率。",
    (3, "2.1.2 爆管预警"), "压力骤降时自动报警，并通知维修班组到场。",
    (2, "2.2 性能需求"), "监测数据五分钟内入库，报警一分钟内推送。",
    (1, "设计方案"),
    (2, "3.1 总体架构"), "由感知终端、通信网络、数据平台和业务应用组成。",
    (2, "3.2 安全设计"), "平台按等级保护第二级建设，终端接入采用证书认证。",
    (1, "投资预算"),
    (2, "4.1 预算明细"), "终端设备二百一十万元，平台软件一百六十万元，其他费用四十万元。",
]


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_unnumbered_chapters_over_numbered_sections_are_chapters(tmp_path, form):
    """Chapters whose Word list numbers were lost ("方案简述", "需求分析" …) over sections numbered 1.1 / 2.1.1: the
    chapters were dropped in bold and plain-text forms (unnumbered lines count little once numbered headings
    exist) and every section moved up a level. The tree needs a chapter before each N.1 after the (N-1).x
    sections: the one set-off line there is it."""
    assert _tree(_render(tmp_path, form, _UNNUMBERED_CHAPTERS)) == _want(_UNNUMBERED_CHAPTERS)


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_a_lone_lead_in_before_a_first_section_is_no_chapter(tmp_path, form):
    """One set-off line before one "2.1" is not enough to read unnumbered chapters: the other gaps hold none, so
    the line stays body (a bold lead-in, a caption) and the sections keep their levels."""
    items = [
        (1, "1.1 项目背景"), "县城供水管网漏损率偏高，夜间爆管多靠群众电话报告才发现。",
        (1, "1.2 项目目标"), "两年内把漏损率降到百分之十以内。",
        "主要做法", "按片区计量进出水量，自动算出各片区的漏损率，压力骤降时自动报警。",
        (1, "2.1 业务需求"), "按片区计量进出水量，自动算出各片区的漏损率。",
        (1, "2.2 性能需求"), "监测数据五分钟内入库，报警一分钟内推送。",
        (1, "3.1 总体架构"), "由感知终端、通信网络、数据平台和业务应用组成。",
    ]
    items[4] = ("B", "主要做法")  # bold in Word, at the margin in plain text
    assert _tree(_render(tmp_path, form, items)) == _want(items)


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_long_annex_title_typed_onto_its_word_is_a_top_level_part(tmp_path, form):
    """"附件某某工程建设任务及监测站点确认复核表": an annex with no number and a title longer than unnumbered titles
    usually are (27 characters), after the numbered chapters: lost in bold and plain-text forms."""
    items = [
        (1, "一、设计分工"), "县水利局负责初步设计的汇总，各乡镇水利站配合复核。",
        (1, "二、复核要求"), "复核测站数量、站址和通信方式是否与可研批复一致。",
        (1, "三、编制要求"), "设计深度应满足设备招标和施工的需要，主要设备应写明规格和数量。",
        (1, "附件某县智慧水务一期工程建设任务及监测站点确认复核表"),
        "自动雨量站批复四十处，复核后保留三十八处，其中两处因河道改线调整站址；水位站十六处全部保留。",
    ]
    assert _tree(_render(tmp_path, form, items)) == _want(items)


@pytest.mark.parametrize("form", ["bold", "txt"])
def test_section_titled_with_a_latin_product_name_is_kept(tmp_path, form):
    """"3.2.Mysql集群部署": the M of a product name was read as a unit (3.2 M), so the section was lost."""
    items = [
        (1, "一、技术路线"), "系统采用微服务架构，服务端部署在县政务云。",
        (2, "1.1.总体框架"), "由接入层、服务层和数据层组成。",
        (2, "1.2.Mysql集群部署"), "数据库采用一主两从，读写分离。",
        (2, "1.3.GIS地图服务"), "调用县地理信息公共平台的地图服务。",
    ]
    assert _tree(_render(tmp_path, form, items)) == _want(items)


def test_unit_after_a_number_is_still_no_title():
    """Guard: units stay units ("3.2 MB", "2 kW", "1.5 T", "10 Mbps"); a CJK word after a letter is a title."""
    assert parse_numbering("3.2 MB存储空间") is None
    assert parse_numbering("2 kW") is None
    assert parse_numbering("1.5 T") is None
    assert parse_numbering("2.3 GIS地图服务").rest == "GIS地图服务"
    assert parse_numbering("1.1 Tomcat中间件").rest == "Tomcat中间件"


def test_typed_table_row_led_by_its_row_number_is_no_heading(tmp_path):
    """A plain-text table whose rows start with the row number ("1  自动雨量站  40  38  调整两处"): the first row
    became a heading under the last section."""
    items = [
        (1, "一、设计分工"), "县水利局负责初步设计的汇总，各乡镇水利站配合复核。",
        (1, "二、复核结果"), "复核结果见下表。",
        ("M", "序号  建设任务  批复数量  复核数量  说明"),
        ("M", "1  自动雨量站  40  38  调整两处"),
        ("M", "2  水位站  16  16  无"),
        (1, "三、下一步工作"), "复核完成后一个月内提交初步设计报告。",
    ]
    assert _tree(_render(tmp_path, "txt", items)) == _want(items)


def test_pdf_chapter_title_ending_in_ying_over_its_first_section(tmp_path):
    """A PDF chapter "第4章 应急响应" right above "4.1 应急组织": read as a sentence cut off after 应 (the
    dangling-end guard), though the next line is a section number, which no sentence goes on with."""


    items = [
        (1, "第3章 运维内容"), "对全县政务外网、政务云和业务系统提供全天候运维服务。",
        (1, "第4章 应急响应"),
        (2, "4.1 应急组织"), "成立应急小组，明确组长、技术负责人和联络人。",
        (2, "4.2 处置流程"), "按事件分级启动响应，一级事件半小时内到场处置。",
    ]
    path = build_pdf(tmp_path / "doc.pdf", items, heading_sizes={1: 11, 2: 11, 3: 11})
    assert _tree(path) == _want(items)
