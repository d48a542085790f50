"""Heading trees on documents in other authors' forms: one regression test per failure class of issue 11."""

from __future__ import annotations

from yushen.analyze.numbering import parse_numbering
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import SAMPLE_OUTLINE, build_docx, build_pdf
from .segment_fixtures import build_custom_style_docx, build_table_pdf

BODY = ("本项目依托市政务云平台部署，与市数据共享交换平台、统一身份认证平台对接，实现业务数据的归集、"
        "治理和共享，支撑跨部门业务协同，满足网络安全等级保护第三级要求。")


def _tree(doc):
    return [(s.level, "".join(s.title.split())) for s in segment_headings(doc).sections()]


def _equipment_rows(n: int) -> list[list[str]]:
    rows = [["序号", "设备名称", "单位", "数量"]]
    for k in range(1, n + 1):
        rows.append([str(k), f"视频监控终端{k}", "台" if k % 2 else "座", str(10 + k)])
    return rows


def test_table_rows_become_headings_no_more(tmp_path):
    """Table-heavy PDF: the row-number column (1, 2, 3 …), equipment units and sub-totals stay inside one table
    block, even across a page break; body size is read from the paragraphs, not from the many cell lines."""
    invest = [["序号", "项目名称", "金额（万元）"], ["一、", "应用软件开发", "318.60"], ["1", "供热一张图", "36.80"],
              ["2", "运行监测", "42.50"], ["", "小计", "79.30"], ["二、", "感知设备", "120.00"]]
    items = [(1, "1 项目概况"), BODY, (2, "1.1 项目背景"), BODY * 2, (2, "1.2 设备清单"), BODY,
             ("table", _equipment_rows(30)), BODY, (1, "2 投资估算"), BODY, ("table", invest), BODY,
             (2, "2.1 资金来源"), BODY]
    doc = read_document(build_table_pdf(tmp_path / "t.pdf", items, rows_per_first_page=12))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 2  # the equipment table crosses a page break and is still one table
    assert tables[0].rows[0] == ("序号", "设备名称", "单位", "数量")
    assert len(tables[0].rows) == 31 and tables[0].rows[-1][0] == "30"
    assert tables[1].rows[2] == ("1", "供热一张图", "36.80")
    assert doc.body_font_size == 14
    assert _tree(doc) == [(1, "1项目概况"), (2, "1.1项目背景"), (2, "1.2设备清单"), (1, "2投资估算"),
                          (2, "2.1资金来源")]


def test_a_table_split_by_a_page_break_keeps_its_split_row_whole(tmp_path):
    rows = _equipment_rows(6)
    rows[4:5] = [["4", "视频监控终端4", "台", ""], ["", "（含立杆）", "", "14"]]  # the row the page break cuts
    doc = read_document(build_table_pdf(tmp_path / "s.pdf", [(1, "1 设备"), BODY, ("table", rows), BODY],
                                        rows_per_first_page=5))
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert ("4", "视频监控终端4（含立杆）", "台", "14") in table.rows
    assert len(table.rows) == 7


def test_a_header_row_repeated_on_the_next_page_is_read_once(tmp_path):
    rows = _equipment_rows(20)
    doc = read_document(build_table_pdf(tmp_path / "h.pdf", [(1, "1 设备"), BODY, ("table", rows), BODY],
                                        rows_per_first_page=8, repeat_header=True))
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.rows == tuple(tuple(r) for r in rows)


def test_a_header_row_alone_at_the_bottom_of_a_page_starts_the_table(tmp_path):
    rows = _equipment_rows(6)
    doc = read_document(build_table_pdf(tmp_path / "one.pdf", [(1, "1 设备"), BODY, ("table", rows), BODY],
                                        rows_per_first_page=1))
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.rows == tuple(tuple(r) for r in rows)
    assert not any(b.kind == "paragraph" and b.text.startswith("序号") for b in doc.blocks)


def test_numbers_followed_by_a_measure_word_or_decimals_are_not_heading_numbers():
    for line in ("12 台", "58 座", "36.5 公里", "2 万元", "36.80", "120 平方米"):
        num = parse_numbering(line)
        assert num is None or not num.rest, line
    for line in ("4．分析研判子系统", "1 年度工作计划", "3 台账管理"):
        assert parse_numbering(line).rest, line


def test_unruled_quantity_lines_are_not_headings(tmp_path):
    items = [(1, "第一章 项目概况"), BODY, (2, "1.1 建设规模"), BODY,
             "1 视频监控点位 58 座", "2 传输光缆 36.5 公里", "3 存储服务器 12 台", BODY,
             (1, "第二章 投资估算"), BODY]
    doc = read_document(build_pdf(tmp_path / "q.pdf", items))
    assert _tree(doc) == [(1, "第一章项目概况"), (2, "1.1建设规模"), (1, "第二章投资估算")]


def test_numbered_headings_are_accepted_by_their_place_in_the_tree(tmp_path):
    """Typed-in numbers in Normal style: "N title" heads N.1; a short "2 …" inside chapter 1 (1.2 still follows)
    and a "1 …" / "2 …" list inside 2.1 neither become chapters nor chain into one."""
    items = [(1, "1 项目概况"), BODY, (2, "1.1 项目背景"), BODY, "2 存储配置", BODY, (2, "1.2 建设目标"), BODY,
             (1, "2 需求分析"), BODY, (2, "2.1 业务需求"), BODY,
             "1 服务器配置", BODY, "2 存储配置", BODY, (2, "2.2 性能需求"), BODY, (1, "3 总体设计"), BODY,
             (2, "3.1 设计原则"), BODY]
    doc = read_document(build_docx(tmp_path / "p.docx", items, mode="plain"))
    assert _tree(doc) == [(1, "1项目概况"), (2, "1.1项目背景"), (2, "1.2建设目标"), (1, "2需求分析"), (2, "2.1业务需求"),
                          (2, "2.2性能需求"), (1, "3总体设计"), (2, "3.1设计原则")]


def test_a_pdf_outline_that_covers_the_document_decides_alone(tmp_path):
    """Bookmarks name every heading; a heading-shaped numbered line in the body is not added on top of them."""
    items = SAMPLE_OUTLINE[:3] + ["一、建设原则", BODY, "二、建设范围", BODY] + SAMPLE_OUTLINE[3:]
    doc = read_document(build_pdf(tmp_path / "o.pdf", items, outline=True))
    secs = segment_headings(doc).sections()
    assert [(s.level, "".join(s.title.split())) for s in secs] == \
        [(lvl, "".join(t.split())) for lvl, t in (i for i in SAMPLE_OUTLINE if isinstance(i, tuple))]
    assert {s.decided_by for s in secs} == {"pdf-outline"}


def test_plain_text_phrase_and_question_headings(tmp_path):
    """TXT without numbering: a short line at the margin between indented paragraphs is a heading, also when
    it is a question or ends in 的/要/需, or heads a first section directly; the cover lines are not chapters."""
    text = "\n".join([
        "某县矛盾纠纷多元化解平台", "实施方案", "编制单位：某某信息技术有限公司", "2024年12月", "",
        "为什么要建", "\u3000\u3000" + BODY, "\u3000\u3000" + BODY,
        "工作概要", "\u3000\u3000" + BODY,
        "建设内容", "基层调解员的实际所需", "\u3000\u3000" + BODY,
        "建成后谁来运维？", "\u3000\u3000" + BODY,
        "预算", "项目\t金额（万元）", "软件开发\t36.80", "\u3000\u3000" + BODY, ""])
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    secs = segment_headings(read_document(path)).sections()
    assert [(s.level, s.title) for s in secs] == [(1, "为什么要建"), (1, "工作概要"), (1, "建设内容"),
                                                 (2, "基层调解员的实际所需"), (1, "建成后谁来运维？"), (1, "预算")]
    assert {s.decided_by for s in secs} == {"text-layout"}


def test_docx_custom_heading_styles_without_outline_level(tmp_path):
    """Styles named 章标题 / 节标题, based on Normal, no outline level, unnumbered titles: the styles are heading
    styles by their use, ranked by size."""
    styles = {1: ("章标题", 16, False), 2: ("节标题", 14, True)}
    items = [(1, "项目概况"), BODY, (2, "项目背景"), BODY, (2, "建设目标"), BODY,
             (1, "需求分析"), BODY, (2, "业务需求"), BODY]
    path = build_custom_style_docx(tmp_path / "c.docx", items, styles, title_page=["某市数据共享平台", "可行性研究报告"])
    secs = segment_headings(read_document(path)).sections()
    assert [(s.level, s.title) for s in secs] == [(1, "项目概况"), (2, "项目背景"), (2, "建设目标"),
                                                 (1, "需求分析"), (2, "业务需求")]
    assert {s.decided_by for s in secs} == {"docx-style-use"}


def test_bold_lead_ins_inside_body_paragraphs_are_body(tmp_path):
    """一是……。 in bold, then regular text in the same paragraph (two or three lead-ins per paragraph)."""
    styles = {1: ("一级标题", 16, True), 2: ("二级标题", 14, True)}
    lead = [("一是加强统筹协调。", True), (BODY, False), ("二是强化数据共享。", True), (BODY, False)]
    items = [(1, "项目概况"), BODY, (2, "建设目标"), lead, [("三是完善制度。", True), (BODY, False)],
             (1, "保障措施"), lead]
    secs = segment_headings(read_document(build_custom_style_docx(tmp_path / "b.docx", items, styles))).sections()
    assert [(s.level, s.title) for s in secs] == [(1, "项目概况"), (2, "建设目标"), (1, "保障措施")]


def test_caption_style_above_tables_is_not_a_heading_style(tmp_path):
    """A user style for table captions (short, bold, centred, used often) is followed by its table, not by a
    paragraph: it is not taken for a heading style."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    for name, size in (("章标题", 16), ("表格名称", 10.5)):
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = d.styles["Normal"]
        st.font.size, st.font.bold = Pt(size), True
        if name == "表格名称":
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for chapter, caption in (("项目概况", "主要设备清单"), ("投资估算", "投资估算汇总"), ("资金来源", "资金构成")):
        d.add_paragraph(chapter, style="章标题")
        d.add_paragraph(BODY)
        d.add_paragraph(caption, style="表格名称")
        tbl = d.add_table(rows=2, cols=2)
        tbl.cell(0, 0).text, tbl.cell(1, 0).text = "序号", "1"
        d.add_paragraph(BODY)
    d.save(str(tmp_path / "cap.docx"))
    secs = segment_headings(read_document(tmp_path / "cap.docx")).sections()
    assert [(s.level, s.title) for s in secs] == [(1, "项目概况"), (1, "投资估算"), (1, "资金来源")]


def test_full_width_numbering_with_titles_that_start_like_a_unit(tmp_path):
    """TXT with full-width numbering (一．/１．): a title may begin with a character that is also a unit or
    measure word (分析, 时间, 年度, 个人); only a unit standing alone after the number makes a quantity."""
    lines = ["一．项目概述", "\u3000\u3000" + BODY, "１．项目背景", "\u3000\u3000" + BODY, "２．分析研判子系统",
             "\u3000\u3000" + BODY, "３．时间安排", "\u3000\u3000" + BODY, "４．年度工作计划", "\u3000\u3000" + BODY,
             "５．个人信息保护", "\u3000\u3000" + BODY, "二．资金预算", "\u3000\u3000" + BODY]
    path = tmp_path / "fw.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tree = [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]
    assert tree == [(1, "一．项目概述"), (2, "1．项目背景"), (2, "2．分析研判子系统"), (2, "3．时间安排"),
                    (2, "4．年度工作计划"), (2, "5．个人信息保护"), (1, "二．资金预算")]


def test_unnumbered_pdf_without_cover_keeps_its_first_chapter(tmp_path):
    """The first line of the document is a chapter in the chapters' look (no cover page): it is a heading."""
    items = [(1, "项目概况"), (2, "项目背景"), BODY, (2, "建设目标"), BODY, (1, "需求分析"), BODY, (2, "业务需求"), BODY]
    doc = read_document(build_table_pdf(tmp_path / "nc.pdf", items, body_size=11))
    assert _tree(doc) == [(1, "项目概况"), (2, "项目背景"), (2, "建设目标"), (1, "需求分析"), (2, "业务需求")]


def test_heading_styles_mixed_with_typed_numbering_nest_by_depth(tmp_path):
    """Heading 1 and Heading 3 styles with the level-2 headings typed by hand in Normal ("3.2 …"): the
    Heading 3 paragraphs stay children of the typed 3.2, and 3.3 returns to level 2."""
    import docx

    d = docx.Document()
    d.add_heading("第3章 需求分析", level=1)
    d.add_paragraph(BODY)
    for item in ("3.1 业务需求", "3.2 功能需求"):
        d.add_paragraph(item)
        d.add_paragraph(BODY)
    for item in ("3.2.1 证书查询需求", "3.2.2 证书核验需求"):
        d.add_heading(item, level=3)
        d.add_paragraph(BODY)
    d.add_paragraph("3.3 性能需求")
    d.add_paragraph(BODY)
    d.add_heading("第4章 总体设计", level=1)
    d.add_paragraph(BODY)
    d.save(str(tmp_path / "mix.docx"))
    assert _tree(read_document(tmp_path / "mix.docx")) == [
        (1, "第3章需求分析"), (2, "3.1业务需求"), (2, "3.2功能需求"), (3, "3.2.1证书查询需求"), (3, "3.2.2证书核验需求"),
        (2, "3.3性能需求"), (1, "第4章总体设计")]
