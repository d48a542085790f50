"""Tables without rules in PDFs (aligned columns only): found from the wide gaps pdfium leaves between cells,
kept as table blocks with rows; and what must not become one (prose in two columns, a TOC, a numbered heading,
a list). Fixtures are drawn in code: reportlab strings placed cell by cell (pdfium reads each row as one line
with wide gaps), and a python-docx table without borders exported by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx
from .pdf_pages import FONT, LEFT, Page, draw

EQUIPMENT = [["序号", "设备名称", "数量", "单价（万元）", "合计（万元）"],
             ["1", "应用服务器", "12 台", "3.20", "38.40"],
             ["2", "数据库服务器", "4 台", "9.20", "36.80"],
             ["3", "存储设备", "3 套", "40.00", "120.00"],
             ["4", "核心交换机", "2 台", "18.50", "37.00"],
             ["5", "视频监控前端", "30 路", "0.60", "18.00"]]
BODY = ("本项目依托市政务云平台部署，与市数据共享交换平台、统一身份认证平台对接，实现业务数据的归集、治理和共享，"
        "支撑跨部门业务协同和决策分析，满足等级保护第三级要求。")


def tables(doc) -> list:
    return [b for b in doc.blocks if b.kind == "table"]


def test_borderless_equipment_list_rows_are_not_headings(tmp_path):
    def page(p: Page):
        p.line("第一章 项目概述", 16, step=30)
        p.line("1.1 设备清单", 14, step=26)
        p.body(BODY)
        for r in EQUIPMENT:
            p.row(r)
        p.row(["", "小计", "", "", "250.20"])
        p.y += 10
        p.line("1.2 建设目标", 14, step=26)
        p.body(BODY)

    pdf = draw(tmp_path / "equipment.pdf", [page, lambda p: (p.line("第二章 需求分析", 16, step=30), p.body(BODY))])
    doc = read_document(pdf)
    (table,) = tables(doc)
    assert table.rows[0] == tuple(EQUIPMENT[0])
    assert table.rows[2] == ("2", "数据库服务器", "4台", "9.20", "36.80")
    assert table.rows[-1] == ("", "小计", "", "", "250.20")
    assert len(table.rows) == len(EQUIPMENT) + 1
    titles = [s.title for s in segment_headings(doc).sections()]
    assert titles == ["第一章 项目概述", "1.1 设备清单", "1.2 建设目标", "第二章 需求分析"]


def test_borderless_table_with_right_aligned_amounts_and_centred_header_is_one_table(tmp_path):
    """Amounts set flush right (their left edges do not line up) and a header centred over its columns."""
    rows = [["1", "硬件购置费", "356.80", "42.1"], ["2", "软件开发费", "1,204.50", "35.6"],
            ["3", "系统集成费", "86.00", "10.2"], ["4", "其他费用", "9.70", "1.1"]]

    def page(p: Page):
        p.line("第四章 投资估算", 16, step=30)
        p.body(BODY)
        for x, text in ((80, "序号"), (150, "费用名称"), (300, "金额（万元）"), (420, "占比（%）")):
            p.text(x, text)
        p.y += 20
        for r in rows:
            p.text(84, r[0])
            p.text(150, r[1])
            p.c.drawRightString(360, p.height - p.y, r[2])
            p.c.drawRightString(460, p.height - p.y, r[3])
            p.y += 20
        p.y += 10
        p.body(BODY)

    doc = read_document(draw(tmp_path / "amounts.pdf", [page]))
    (table,) = tables(doc)
    assert table.rows == (("序号", "费用名称", "金额（万元）", "占比（%）"), *(tuple(r) for r in rows))


def test_borderless_table_whose_rows_nearly_fill_the_width_is_found(tmp_path, monkeypatch):
    """Rows set almost as close as prose and reaching the right edge (a long description column). The reader
    spares lines that look like running prose the gap measurement; rows that pass for prose must still be
    measured once a wide gap turns up near them. The look is forced here (every line "set close"), so the
    rows are found only through that second look."""
    from yushen.extract import pdf

    monkeypatch.setattr(pdf, "_dense", lambda line: True)
    xs = [72.0, 86.0, 142.0]
    rows = [["1", "统一门户", "提供统一访问入口，支持单点登录、消息推送和个性化工作台配置等能力。"],
            ["2", "数据目录", "按部门编制政务数据资源目录，按季度更新并发布到市共享交换平台上。"],
            ["3", "共享交换", "提供库表、接口和文件三种共享交换方式，支持订阅发布和全程审计。"],
            ["4", "统计分析", "提供指标管理、多维分析和可视化大屏展示，支持按区县逐级下钻查询。"]]

    def page(p: Page):
        p.line("第一章 建设内容", 16, step=30)
        p.body(BODY)
        for r in rows:
            p.row(r, xs)
        p.body(BODY)

    doc = read_document(draw(tmp_path / "dense.pdf", [page]))
    (table,) = tables(doc)
    assert table.rows == tuple(tuple(r) for r in rows)


def test_borderless_table_cells_wrapped_onto_several_lines_stay_in_their_row(tmp_path):
    xs = [72.0, 110.0, 200.0]

    def page(p: Page):
        p.line("第一章 建设内容", 16, step=30)
        p.body(BODY)
        p.row(["序号", "功能模块", "功能描述"], xs)
        p.row(["1", "统一门户", "提供统一访问入口，支持单点登录"], xs, step=15)
        p.text(200, "和消息推送")
        p.y += 20
        p.row(["2", "数据目录", "按部门编制数据资源目录，季度更新"], xs, step=15)
        for part in ["并发布到共享平台，目录包括数据", "项名称、类型、长度、更新周期、", "共享属性和开放属性，由各部门", "按统一标准维护"]:
            p.text(200, part)
            p.y += 15
        p.y += 5
        p.row(["3", "共享交换", "提供库表、接口和文件三种交换方式"], xs)
        p.y += 10
        p.body(BODY)

    doc = read_document(draw(tmp_path / "functions.pdf", [page]))
    (table,) = tables(doc)
    assert table.rows == (("序号", "功能模块", "功能描述"),
                          ("1", "统一门户", "提供统一访问入口，支持单点登录和消息推送"),
                          ("2", "数据目录", "按部门编制数据资源目录，季度更新并发布到共享平台，目录包括数据项名称、类型、"
                                                  "长度、更新周期、共享属性和开放属性，由各部门按统一标准维护"),
                          ("3", "共享交换", "提供库表、接口和文件三种交换方式"))
    assert not any(b.text == "和消息推送" for b in doc.blocks)


def test_borderless_table_split_by_page_break_is_one_table(tmp_path):
    def first(p: Page):
        p.line("第一章 投资估算", 16, step=30)
        for _ in range(14):
            p.body(BODY)
        p.y = 700
        p.row(EQUIPMENT[0])
        p.row(EQUIPMENT[1])

    def second(p: Page):
        p.row(EQUIPMENT[0])  # the header repeated on the new page
        for r in EQUIPMENT[2:]:
            p.row(r)
        p.y += 10
        p.body(BODY)

    doc = read_document(draw(tmp_path / "split.pdf", [first, second]))
    (table,) = tables(doc)
    assert [r[0] for r in table.rows] == ["序号", "1", "2", "3", "4", "5"]
    assert table.page == 1


def test_two_column_prose_layout_is_not_a_table(tmp_path):
    def page(p: Page):
        p.line("第一章 项目概述", 16, step=30)
        for k in range(12):
            p.text(LEFT, BODY[k * 2:k * 2 + 19])
            p.text(310, BODY[k * 3:k * 3 + 19])
            p.y += 17

    doc = read_document(draw(tmp_path / "columns.pdf", [page]))
    assert not tables(doc)


def test_toc_with_dot_leaders_and_numbered_headings_are_not_tables(tmp_path):
    toc = [("第一章 项目概述", "1"), ("1.1 项目背景", "1"), ("1.2 建设目标", "2"), ("第二章 需求分析", "3"),
           ("2.1 业务需求", "3")]

    def toc_page(p: Page):
        p.line("目  录", 16, x=270, step=30)
        for title, n in toc:
            p.text(LEFT, title)
            p.text(LEFT + 120, "." * 60)
            p.text(500, n)
            p.y += 20

    def leaders_only(p: Page):  # a TOC page after the first one: no 目录 title above it
        for title, n in toc:
            p.row([title.split()[0], title.split()[1], "." * 40, n], [LEFT, LEFT + 60, LEFT + 150, 500])

    def body(p: Page):
        for title, _ in toc:
            number, name = title.split()
            size = 16 if number.startswith("第") else 14
            p.text(LEFT, number, size)
            p.text(LEFT + 60, name, size)  # number and title apart, as a tab sets them
            p.y += 26
            p.body(BODY)

    doc = read_document(draw(tmp_path / "toc.pdf", [toc_page, leaders_only, body]))
    assert not tables(doc)
    titles = [s.title for s in segment_headings(doc).sections()]
    assert [t.split()[-1] for t in titles] == [t.split()[1] for t, _ in toc]


def test_toc_page_without_title_or_leaders_is_not_a_table(tmp_path):
    """The second page of a 目录: numbers, titles and page numbers set by tab stops, no dot leaders."""
    toc = [("第一章", "项目概述", "1"), ("1.1", "项目背景", "1"), ("1.2", "建设目标", "2"), ("第二章", "需求分析", "3"),
           ("2.1", "业务需求", "3"), ("2.2", "数据需求", "4"), ("第三章", "建设方案", "6")]

    def first(p: Page):
        p.line("目  录", 16, x=270, step=30)
        p.line("前言 1")

    def second(p: Page):
        for number, title, n in toc:
            indent = 0 if number.startswith("第") else 12
            p.row([number, title, n], [LEFT + indent, LEFT + 70, 500])

    def body(p: Page):
        p.line("第一章 项目概述", 16, step=30)
        p.body(BODY)

    doc = read_document(draw(tmp_path / "toc2.pdf", [first, second, body]))
    assert not tables(doc)


def test_numbered_list_set_with_tabs_is_not_a_table(tmp_path):
    def page(p: Page):
        p.line("第一章 建设原则", 16, step=30)
        for k, word in enumerate(["统筹规划", "集约建设", "安全可控", "开放共享"], start=1):
            p.row([f"{k}.", f"{word}：{BODY[:30]}"], [LEFT, LEFT + 24])
        p.body(BODY)

    assert not tables(read_document(draw(tmp_path / "list.pdf", [page])))


def test_heading_with_a_number_right_above_a_borderless_table_stays_a_heading(tmp_path):
    def page(p: Page):
        p.line("第三章 投资估算", 16, step=30)
        p.body(BODY)
        p.text(LEFT, "3.1", 14)
        p.text(LEFT + 43, "设备购置费", 14)  # the title starts inside the second column
        p.y += 24
        for r in EQUIPMENT:
            p.row(r)
        p.y += 10
        p.body(BODY)

    doc = read_document(draw(tmp_path / "heading.pdf", [page]))
    (table,) = tables(doc)
    assert table.rows[0][0] == "序号"
    assert "3.1 设备购置费" in [s.title for s in segment_headings(doc).sections()]


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@needs_soffice
def test_borderless_word_table_exported_by_libreoffice_is_a_table(tmp_path):
    """python-docx's default table has no borders; LibreOffice lays it out as Word would and embeds its fonts,
    as real proposals are made. The body is long enough to push the table over a page break."""
    items = [(1, "第一章 项目概述"), (2, "1.1 项目背景")] + [BODY] * 16 + [(2, "1.2 投资估算"), BODY]
    table = EQUIPMENT + [[str(k), f"子系统 {k}", "1 套", f"{k}.00", f"{k}.00"] for k in range(6, 25)]
    docx = build_docx(tmp_path / "borderless.docx", items, table=table)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)], capture_output=True, timeout=300,
                   check=True)
    doc = read_document(tmp_path / "borderless.pdf")
    (found,) = tables(doc)
    assert found.rows[0] == tuple(EQUIPMENT[0])
    assert found.rows[1] == ("1", "应用服务器", "12台", "3.20", "38.40")
    assert found.rows[-1] == ("24", "子系统24", "1套", "24.00", "24.00")
    assert len(found.rows) == len(table)
    titles = [s.title for s in segment_headings(doc).sections()]
    assert titles == ["第一章 项目概述", "1.1 项目背景", "1.2 投资估算"]


@needs_soffice
def test_borderless_word_table_with_wrapped_descriptions_keeps_each_row_whole(tmp_path):
    """A function list whose descriptions wrap onto many lines, across a page break, the last row too."""
    items = [(1, "第一章 项目概述"), (2, "1.1 项目背景"), BODY, BODY, (2, "1.2 建设内容"), BODY]
    descriptions = [("提供统一的数据采集、清洗、转换和加载能力，支持多源异构数据接入，" * (1 + k % 3)) + "并形成标准数据。"
                    for k in range(1, 9)]
    table = [["序号", "功能模块", "功能描述"]] + [[str(k), f"模块{k}", d] for k, d in enumerate(descriptions, 1)]
    docx = build_docx(tmp_path / "functions.docx", items, table=table)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)], capture_output=True, timeout=300,
                   check=True)
    doc = read_document(tmp_path / "functions.pdf")
    assert doc.pages == 2
    (found,) = tables(doc)
    assert found.rows == (("序号", "功能模块", "功能描述"),) + tuple(
        (str(k), f"模块{k}", d) for k, d in enumerate(descriptions, 1))
    assert [s.title for s in segment_headings(doc).sections()] == ["第一章 项目概述", "1.1 项目背景", "1.2 建设内容"]


def test_ruled_table_drawn_inside_a_form_xobject_is_read(tmp_path):
    """Rules drawn in a form XObject (a reusable drawing, as some exporters put a table's frame): the walk over
    page objects goes into the form and the grid is read. Guards the form branch of the object walk."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    height = A4[1]
    c = canvas.Canvas(str(tmp_path / "form.pdf"), pagesize=A4)
    c.setFont(FONT, 16)
    c.drawString(72, height - 90, "第一章 投资估算")
    xs, ys = [72, 140, 300, 420], [height - 150 - 22 * k for k in range(5)]
    c.beginForm("grid")
    c.setLineWidth(0.5)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.endForm()
    c.doForm("grid")
    rows = [("序号", "名称", "金额（万元）"), ("1", "服务器", "38.40"), ("2", "存储", "120.00"), ("3", "网络", "37.00")]
    c.setFont(FONT, 10.5)
    for r, row in enumerate(rows):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 4, ys[r] - 15, text)
    c.drawString(72, height - 300, "本项目投资估算如上表所示，资金来源为市级财政资金。")
    c.showPage()
    c.save()
    (table,) = tables(read_document(tmp_path / "form.pdf"))
    assert table.rows == tuple(rows)
