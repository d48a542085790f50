"""The PDF reader's table shortcuts lose no table: it walks a page's objects for rules only once some line
of the page has a wide gap, measures the gaps of a line only near other spaced lines or a wide gap, and reads
a one-token cell line without measuring it. ``read_pdf_lines(full_scan=True)`` skips nothing (every page
walked, every spaced line measured): both must give the same tables, on layouts drawn here (ruled grids of
stroked lines and of cell rectangles, a grid across a page break, tables without rules, cells wrapped onto
many lines, pages with no table but wide gaps) and on the dev-set PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from yushen.extract.pdf import drop_running_furniture, lines_to_blocks, read_pdf_lines
from yushen.extract.tables import aligned_tables

from .pdf_pages import Page
from .pdf_pages import draw as draw_pages
from .segment_fixtures import build_table_pdf

BODY = ("本项目依托市政务云平台部署，与市数据共享交换平台、统一身份认证平台对接，实现业务数据的归集、治理和共享，"
        "支撑跨部门业务协同和决策分析，满足等级保护第三级要求。")
SERVERS = [["序号", "设备名称", "型号", "数量"],
           ["1", "应用服务器", "Intel Xeon 6330", "12 台"],
           ["2", "数据库服务器", "Kunpeng 920 48C", "4 台"],
           ["3", "存储设备", "OceanStor 5310", "3 套"]]
# As read: a space stays only between Latin letters or digits.
SERVERS_READ = tuple(tuple(c.replace(" 台", "台").replace(" 套", "套") for c in r) for r in SERVERS)
# The last row's one cell is padded with ideographic spaces (a typesetting habit); read without them.
STAFF = [["岗位", "人数"], ["项目经理", "1"], ["开发工程师", "6"], ["测试工程师", "2"], ["合\u3000\u3000计", ""]]
STAFF_READ = tuple(tuple(c.replace("\u3000", "") for c in r) for r in STAFF)
EQUIPMENT = [["序号", "设备名称", "数量", "单价（万元）", "合计（万元）"],
             ["1", "应用服务器", "12台", "3.20", "38.40"],
             ["2", "数据库服务器", "4台", "9.20", "36.80"],
             ["3", "存储设备", "3套", "40.00", "120.00"],
             ["4", "核心交换机", "2台", "18.50", "37.00"]]
LONG = [["序号", "建设内容", "单位", "数量"]] + [[str(k), f"子系统{k}接口改造", "项", str(k % 4 + 1)] for k in range(1, 31)]


class _Page(Page):
    """A page whose body text runs 40 characters a line without an indent."""

    def body(self, text: str = BODY) -> None:
        while text:
            self.line(text[:40], step=17)
            text = text[40:]
        self.y += 6

    def grid(self, rows: list[list[str]], xs: list[float], rects: bool = False, row_h: float = 22.0) -> None:
        """A ruled table: the text of each cell, then its rules (one stroked line per row and column line, or,
        as Word draws some tables, a stroked rectangle per cell)."""
        top = self.y
        for row in rows:
            for k, cell in enumerate(row):
                self.text(xs[k] + 3, cell, 9)
            self.y += row_h
        self.c.setLineWidth(0.5)
        y = [self.height - (top - 15 + r * row_h) for r in range(len(rows) + 1)]
        if rects:
            for r in range(len(rows)):
                for k in range(len(xs) - 1):
                    self.c.rect(xs[k], y[r + 1], xs[k + 1] - xs[k], y[r] - y[r + 1])
        else:
            for yy in y:
                self.c.line(xs[0], yy, xs[-1], yy)
            for x in xs:
                self.c.line(x, y[0], x, y[-1])
        self.y += 12


def _prose_with_gaps(p: _Page) -> None:
    """No table: single-space headings, a signature line with wide gaps, a dotted contents list."""
    p.line("目 录", 16, step=28)
    for title, page in (("第一章 项目概述", "1"), ("1.1 项目背景", "1"), ("第二章 建设内容", "3")):
        p.line(f"{title} {'.' * 40} {page}", step=18)
    p.y += 20
    p.line("1.1 概述", 14, step=24)
    p.body()
    p.line("编制单位：某市大数据局            编制日期：2025年3月", step=22)
    p.body()
    p.line("联系人：张三      电话：0471-1234567", step=22)
    p.body()


def _ruled(p: _Page) -> None:
    p.line("第三章 设备配置", 16, step=30)
    p.body()
    p.grid(SERVERS, [72.0, 112.0, 222.0, 380.0, 460.0])
    p.body()
    p.grid(STAFF, [72.0, 250.0, 400.0], rects=True)  # two columns, one word a cell: rows with one space
    p.body()


def _ruled_at_bottom(p: _Page) -> None:
    p.line("第四章 建设内容", 16, step=30)
    for _ in range(9):
        p.body()
    p.y = 650.0
    p.grid(LONG[:7], [72.0, 112.0, 330.0, 420.0, 500.0])


def _ruled_at_top(p: _Page) -> None:
    p.y = 70.0
    p.grid([LONG[0]] + LONG[7:12], [72.0, 112.0, 330.0, 420.0, 500.0])  # the header row repeated
    p.body()


def _borderless(p: _Page) -> None:
    p.line("第五章 投资估算", 16, step=30)
    p.body()
    for r in EQUIPMENT:
        p.row(r, [72.0, 115.0, 250.0, 320.0, 420.0])
    p.y += 10
    p.body()
    xs = [72.0, 110.0, 200.0]
    p.row(["序号", "功能模块", "功能描述"], xs)
    for k, name in enumerate(("统一门户", "数据目录", "共享交换"), start=1):
        p.row([str(k), name, "按部门编制数据资源目录，季度更新"], xs, step=15)
        for part in ("并发布到共享平台，目录包括数据", "项名称、类型、长度、更新周期、", "共享属性和开放属性，由各部门",
                     "按统一标准维护"):  # a cell wrapped onto five lines: the rows lie far apart
            p.text(200, part)
            p.y += 15
        p.y += 5
    p.body()


def _tables(data: bytes, full_scan: bool) -> tuple[list, list]:
    """Table lines (page, box, rows, columns) and table blocks (joined across page breaks), read as
    ``read_pdf`` reads them (running headers and page numbers dropped first)."""
    lines, _, n_pages = read_pdf_lines(data, full_scan=full_scan)
    lines = aligned_tables(drop_running_furniture(lines, n_pages)[0])
    found = [(ln.page, round(ln.x0, 2), round(ln.top, 2), round(ln.x1, 2), round(ln.bottom, 2), ln.rows, ln.cols)
             for ln in lines if ln.rows is not None]
    blocks = [(b.page, b.rows) for b in lines_to_blocks(lines)[0] if b.kind == "table"]
    return found, blocks


def _draw(path: Path, pages) -> Path:
    return draw_pages(path, pages, _Page)


def test_shortcuts_find_the_same_tables_as_a_full_scan_on_drawn_layouts(tmp_path):
    pdf = _draw(tmp_path / "mixed.pdf", [_prose_with_gaps, _ruled, _ruled_at_bottom, _ruled_at_top, _borderless,
                                         _prose_with_gaps])
    data = pdf.read_bytes()
    fast, full = _tables(data, False), _tables(data, True)
    assert fast == full
    blocks = fast[1]
    # The layouts are what they were drawn as: a full scan that found nothing would prove nothing.
    assert [page for page, _ in blocks] == [2, 2, 3, 5, 5]
    assert blocks[0][1] == SERVERS_READ
    assert blocks[1][1] == STAFF_READ
    assert blocks[2][1] == tuple(tuple(r) for r in LONG[:12])  # across the break, the repeated header dropped
    assert blocks[3][1] == tuple(tuple(r) for r in EQUIPMENT)
    assert [r[:2] for r in blocks[4][1]] == [("序号", "功能模块"), ("1", "统一门户"), ("2", "数据目录"),
                                            ("3", "共享交换")]


def test_shortcuts_find_no_table_where_a_full_scan_finds_none(tmp_path):
    pdf = _draw(tmp_path / "prose.pdf", [_prose_with_gaps, lambda p: (p.line("第二章 建设内容", 16, step=30),
                                                                       p.body(), p.body(), p.body())])
    data = pdf.read_bytes()
    assert _tables(data, False) == _tables(data, True) == ([], [])


def test_shortcuts_keep_ruled_tables_across_page_breaks(tmp_path):
    """Long ruled tables drawn as word processors export them, breaking over pages under a repeated header."""
    items = [(1, "建设内容"), BODY, ("table", LONG), BODY, (2, "人员配置"), ("table", STAFF), BODY * 3,
             ("table", SERVERS)]
    pdf = build_table_pdf(tmp_path / "long.pdf", items, body_size=11, repeat_header=True, rows_per_first_page=4)
    data = pdf.read_bytes()
    fast, full = _tables(data, False), _tables(data, True)
    assert fast == full
    assert [rows for _, rows in fast[1]] == [tuple(tuple(r) for r in LONG), STAFF_READ, SERVERS_READ]


def _dev_pdfs() -> list[Path]:
    from .conftest import DEVSET

    return sorted((DEVSET / "docs").glob("*.pdf"))


@pytest.mark.parametrize("path", _dev_pdfs(), ids=lambda p: p.name.split("_")[0])
def test_shortcuts_find_the_same_tables_as_a_full_scan_on_dev_pdfs(path):
    data = path.read_bytes()
    fast = _tables(data, False)
    assert fast == _tables(data, True)
    assert fast[0]  # every dev-set PDF holds at least one ruled table


def _rules_of_pages(data: bytes) -> list[tuple[list, list]]:
    """The rules (before grouping) of every page of a PDF, as ``page_grids`` collects them."""
    import ctypes

    import pypdfium2 as pdfium

    from yushen.extract.lines import fast_pdfium, handle
    from yushen.extract.tables import _collect

    f = fast_pdfium()
    pdf = pdfium.PdfDocument(data)
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        hs: list = []
        vs: list = []
        box = tuple(ctypes.c_float() for _ in range(4))
        _collect(f, ctypes.c_void_p(handle(page.raw)), f.FPDFPage_CountObjects, f.walk_get, hs, vs, 0, box)
        out.append((hs, vs))
        page.close()
    pdf.close()
    return out


def _full_grid(x0: float, y0: float, cols: int, rows: int, w: float = 60.0, h: float = 20.0) -> tuple[list, list]:
    hs = [(x0, x0 + cols * w, y0 + r * h) for r in range(rows + 1)]
    vs = [(y0, y0 + rows * h, x0 + c * w) for c in range(cols + 1)]
    return hs, vs


def test_one_grid_shortcut_groups_rules_as_the_pairwise_test(tmp_path):
    """All rules crossing each other make one grid at once; anything else (two grids, a cell spanning
    columns, a frame, a rule reaching short of the last column) goes through the pairwise test. Both ways
    must give the same grids."""
    from yushen.extract.tables import grids_from_rules

    a_h, a_v = _full_grid(72, 500, 4, 6)
    b_h, b_v = _full_grid(72, 200, 3, 3)
    spanning_v = a_v[:2] + [(500.0, 560.0, 252.0)] + a_v[3:]  # a column rule stops: merged cells below
    short_h = a_h[:-1] + [(72.0, 250.0, 620.0)]  # the top rule stops short of the last column rule
    cases = [(a_h, a_v), (a_h + b_h, a_v + b_v), (a_h, spanning_v), (short_h, a_v),
             ([(72.0, 300.0, 100.0), (72.0, 300.0, 300.0)], [(100.0, 300.0, 72.0), (100.0, 300.0, 300.0)]),
             (a_h[:1], a_v)]
    data = _draw(tmp_path / "mixed.pdf", [_ruled, _ruled_at_bottom, _ruled_at_top]).read_bytes()
    cases += _rules_of_pages(data)
    for path in _dev_pdfs():
        cases += _rules_of_pages(path.read_bytes())
    shortcut_taken = 0
    for hs, vs in cases:
        fast, pairwise = grids_from_rules(hs, vs), grids_from_rules(hs, vs, shortcut=False)
        assert fast == pairwise
        shortcut_taken += len(fast) == 1
    assert grids_from_rules(a_h + b_h, a_v + b_v) != [] and len(grids_from_rules(a_h + b_h, a_v + b_v)) == 2
    assert shortcut_taken >= 3
