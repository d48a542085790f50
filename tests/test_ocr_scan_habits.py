"""Habits of real scans (red-team round 6), each on a page generated in code, rendered to an image-only PDF and
read back by OCR: the heading tree must be the one of the text PDF it was scanned from."""

from __future__ import annotations

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from yushen.analyze.segment import segment_headings  # noqa: E402
from yushen.extract import read_document  # noqa: E402
from yushen.extract.normalize import compact  # noqa: E402

from .builders import build_pdf  # noqa: E402

BODY = "平台部署于政务云，与市数据共享交换平台对接，实现取水许可、在线监测和统计分析业务的数据归集与共享。"

# One page, three numbering forms in three levels.
NESTED = [
    (1, "第一章 项目概述"),
    (2, "一、建设背景"),
    BODY,
    (2, "二、建设目标"),
    BODY,
    (1, "第二章 建设方案"),
    (2, "一、总体架构"),
    BODY,
    (3, "（一）应用层"),
    BODY,
    (3, "（二）数据层"),
    BODY,
    (2, "二、网络安全"),
    "系统按照网络安全等级保护第三级要求进行设计和建设，采用SM2、SM3、SM4算法实现密码保护。",
    (1, "第三章 投资估算"),
    "项目总投资三百五十万元，资金来源为市级财政资金。",
]

# Chapters numbered "1 总论" over "1.1" sections: the recogniser returns "1总论".
DECIMAL = [
    (1, "1 项目概述"),
    (2, "1.1 建设背景"),
    BODY,
    (2, "1.2 建设目标"),
    BODY,
    (1, "2 建设方案"),
    (2, "2.1 总体架构"),
    BODY,
    (2, "2.2 网络安全"),
    "系统按照网络安全等级保护第三级要求进行设计和建设。",
    (1, "3 密码应用"),
    "按照同步规划、同步建设、同步运行的要求建设密码保障系统。",
    (1, "4 投资估算"),
    "项目总投资三百五十万元，资金来源为市级财政资金。",
]

DPI = 170


def _scan(tmp_path, items, change=lambda image: image, dpi=DPI):
    """The text PDF of ``items`` and its scan: every page rendered, changed by ``change``, saved as images only."""
    import pypdfium2 as pdfium

    text_pdf = build_pdf(tmp_path / "text.pdf", items)
    src = pdfium.PdfDocument(str(text_pdf))
    images = [change(src[k].render(scale=dpi / 72).to_pil().convert("RGB")) for k in range(len(src))]
    path = tmp_path / "scan.pdf"
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return text_pdf, path


def _outline(path):
    return [(s.level, compact(s.title)) for s in segment_headings(read_document(path)).sections()]


@pytest.mark.parametrize("degrees", [2.5, -2])
def test_page_scanned_askew_keeps_its_heading_tree(tmp_path, degrees):
    # Upright boxes around the long lines of a page turned by 2° are several lines high: the body looked larger
    # than the headings, and every chapter was lost (six false blockers on a complete proposal).
    from PIL import Image

    text_pdf, scan = _scan(tmp_path, NESTED, lambda im: im.rotate(degrees, resample=Image.BICUBIC,
                                                                   fillcolor=(255, 255, 255)))
    expected = _outline(text_pdf)
    assert [lvl for lvl, _ in expected] == [1, 2, 2, 1, 2, 3, 3, 2, 1]
    assert _outline(scan) == expected


def test_chapter_numbers_glued_to_their_titles_stay_chapters(tmp_path):
    # "1 项目概述" comes back "1项目概述": not a number any more, so 1.1 became the top level and chapters 3 and 4
    # the children of 2.2.
    text_pdf, scan = _scan(tmp_path, DECIMAL)
    expected = _outline(text_pdf)
    assert [lvl for lvl, _ in expected] == [1, 2, 2, 1, 2, 2, 1, 1]
    assert _outline(scan) == expected


def test_numeral_lost_on_a_faint_copy_is_restored(tmp_path):
    # On a pale photocopy the single stroke of 一 vanishes: "、总体架构", whose 、 also made the chapter above it
    # look like a line broken inside a sentence.
    import numpy as np
    from PIL import Image, ImageFilter

    def faint(image):
        grey = np.asarray(image.convert("L")).astype(np.float32) / 255
        pale = (200 + 45 * grey).astype("uint8")
        return Image.fromarray(pale).convert("RGB").filter(ImageFilter.GaussianBlur(0.7))

    text_pdf, scan = _scan(tmp_path, NESTED, faint)
    assert _outline(scan) == _outline(text_pdf)


def _pale(ink: int):
    """A photocopy whose darkest ink is ``ink`` of 255 on paper at 245, slightly blurred."""
    import numpy as np
    from PIL import Image, ImageFilter

    def change(image):
        grey = np.asarray(image.convert("L")).astype(np.float32) / 255
        pale = (ink + (245 - ink) * grey).astype("uint8")
        return Image.fromarray(pale).convert("RGB").filter(ImageFilter.GaussianBlur(0.7))

    return change


def test_faint_copy_is_reported_as_doubtful(tmp_path):
    # The engine is sure of what it reads on a pale copy (mean score 0.98), but strokes that vanished are not
    # scored low: they are not there. The page's ink is what says so, and the review then reports the page and
    # keeps a failure resting on it to a warning. A moderately pale copy (ink at 150) still reads as clean.
    from yushen.pipeline import LOW_OCR_CONFIDENCE

    _, faint = _scan(tmp_path, NESTED, _pale(200))
    assert [conf < LOW_OCR_CONFIDENCE for _, conf in read_document(faint).ocr_confidence] == [True]
    (tmp_path / "moderate").mkdir()
    _, moderate = _scan(tmp_path / "moderate", NESTED, _pale(150))
    assert [conf >= LOW_OCR_CONFIDENCE for _, conf in read_document(moderate).ocr_confidence] == [True]


def test_ink_legibility_reads_the_ink_inside_the_line_boxes():
    import numpy as np

    from yushen.extract.ocr import ink_legibility

    page = np.full((400, 300), 245, np.uint8)
    box = [[20, 20], [220, 20], [220, 50], [20, 50]]
    dark, pale = page.copy(), page.copy()
    dark[30:40, 30:200:3] = 30
    pale[30:40, 30:200:3] = 205
    assert ink_legibility(dark, [box]) == 1.0
    assert ink_legibility(pale, [box]) < 0.85
    # a dark logo away from the text does not make pale text legible; a page without lines has nothing to judge
    pale[300:380, 20:100] = 0
    assert ink_legibility(pale, [box]) < 0.85
    assert ink_legibility(pale, []) == 1.0


@pytest.mark.parametrize("turn", [90, 270])
def test_page_lying_on_its_side_is_turned_upright(tmp_path, turn):
    # A portrait page scanned landscape: its lines were recognised (crops are turned) but read column by column,
    # so chapters came out emptied and out of order.
    text_pdf, scan = _scan(tmp_path, NESTED, lambda im: im.rotate(turn, expand=True))
    assert _outline(scan) == _outline(text_pdf)


def _table_page(path):
    """A chapter and a ruled 投资估算表 drawn on the page (reportlab's CID font, no font install needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawString(72, height - 90, "第五章 投资估算")
    c.setFont("STSong-Light", 11)
    c.drawString(94, height - 120, "项目总投资按费用构成估算如下表，资金来源为市级财政资金。")
    rows = [("序号", "费用名称", "金额（万元）", "占比"), ("1", "软件开发费", "210.00", "60.0%"),
            ("2", "硬件购置费", "70.00", "20.0%"), ("3", "系统集成费", "35.00", "10.0%"),
            ("4", "第三方测评费", "15.00", "4.3%"), ("5", "预备费", "20.00", "5.7%"), ("", "合计", "350.00", "100%")]
    cols, top, step = [72, 130, 300, 420, 523], height - 150, 24
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(cols[k] + 8, top - step * r - 16, cell)
    for r in range(len(rows) + 1):
        c.line(cols[0], top - step * r, cols[-1], top - step * r)
    for x in cols:
        c.line(x, top, x, top - step * len(rows))
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("suffix", ["pdf", "png"])
def test_table_in_a_scanned_page_is_a_table_not_headings(tmp_path, suffix):
    # Cells of a table in the image were read as a two-column page, one short line each, and became headings
    # (序号, 软件开发费 [construction], 第三方测评费 [supervision], 合计 …) under the chapter. An image file takes the
    # same layout steps as a scanned PDF (its table rows were never joined into a table).
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(_table_page(tmp_path / "table.pdf")))
    scan = tmp_path / f"scan.{suffix}"
    src[0].render(scale=DPI / 72).to_pil().convert("RGB").save(scan, suffix.upper(), **(
        {"resolution": DPI} if suffix == "pdf" else {"dpi": (DPI, DPI)}))
    doc = read_document(scan)
    titles = [compact(s.title) for s in segment_headings(doc).sections()]
    assert titles[0] == "第五章投资估算"
    assert titles == ["第五章投资估算"]  # no cell, nor the header row, is a heading
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert tables and any("软件开发费" in compact(b.text) and "210.00" in b.text for b in tables)


def test_narrow_middle_line_of_a_two_column_page_is_read_once():
    # A centred page number or short title sits in both halves of the page: it was emitted twice.
    from yushen.extract.ocr import page_lines

    def row(text, x0, x1, y):
        return [[x0, y], [x1, y], [x1, y + 30], [x0, y + 30]], text, 0.99

    text = "左栏正文内容在这里继续排列到下一行为止"
    result = [row(text, 100, 900, 200 + 60 * k) for k in range(5)]
    result += [row("右栏正文内容也在这里继续排列到下一行", 1100, 1900, 200 + 60 * k) for k in range(5)]
    result.append(row("-3-", 960, 1040, 2600))
    lines, _ = page_lines(result, 3, 200, (2800, 2000))
    assert [ln.text for ln in lines].count("-3-") == 1 and len(lines) == 11


def _equipment_rows(y0: float, number: str, name: str, model: str, unit: str, qty: str) -> list[tuple]:
    """One row of an equipment list as the detector boxes it (72 dpi: pixels are points): runs of text 14-15 pt
    high, the lone row number, unit and quantity boxed taller and reaching lower; the wrapped end of the model
    (…服务 | 器) on its own below."""
    def box(text, x0, x1, top, bottom):
        return [[x0, top], [x1, top], [x1, bottom], [x0, bottom]], text, 0.99

    return [box(number, 87, 100, y0, y0 + 17), box(name, 176, 233, y0, y0 + 14),
            box(model, 261, 334, y0 - 1, y0 + 14), box(unit, 347, 363, y0 + 1, y0 + 19),
            box(qty, 433, 445, y0 + 1, y0 + 23), box("器", 262, 276, y0 + 12, y0 + 26)]


def test_table_row_with_lone_digits_boxed_taller_is_one_row_of_cells():
    # rapidocr boxes a lone digit or character (row number, 台/套, a quantity) taller and lower than a run of
    # text. The row took its size, bottom and gap measure from those boxes: a cell gap narrower than the
    # tallest box was no gap (no cells), the row read larger than the body (a heading by size: "3 操作系统 …"
    # became chapter 3) and reached over its wrapped cell below, which then became a heading of its own.
    from yushen.extract.ocr import page_lines
    from yushen.extract.tables import aligned_tables

    head = [([[x0, 186], [x1, 186], [x1, 200], [x0, 200]], t, 0.99) for t, x0, x1 in
            (("序号", 85, 113), ("设备名称", 174, 222), ("型号", 261, 287), ("单位", 348, 373), ("数量", 434, 459))]
    result = head + [r for k in range(4) for r in _equipment_rows(205 + 27 * k, str(k + 1), f"前置服务器{k}",
                                                                "国产x86服务", "台套"[k % 2], "5")]
    lines, _ = page_lines(result, 1, 72, (842, 595))
    rows = [ln for ln in lines if ln.text.startswith(("1 ", "2 ", "3 ", "4 "))]
    assert len(rows) == 4 and all(len(ln.segments) == 5 for ln in rows)
    assert all(ln.font_size == round(15 * 0.82) for ln in rows)  # its tallest run of text's (the quantity's: 18)
    tables = [ln for ln in aligned_tables(lines) if ln.rows]
    assert len(tables) == 1 and len(aligned_tables(lines)) == 1
    assert tables[0].rows[0] == ("序号", "设备名称", "型号", "单位", "数量")
    assert [r[2] for r in tables[0].rows[1:]] == ["国产x86服务器"] * 4


def test_table_header_row_read_taller_stays_the_tables_first_row():
    # A header row (bold, or boxed taller by OCR) one size above its rows was taken for a heading standing above
    # the table and dropped from it; it then became a heading "序号 费用名称 金额（万元）" by size. A heading is not
    # set in three cells on the table's columns.
    from yushen.extract.lines import PdfLine
    from yushen.extract.tables import aligned_tables

    def line(cells: list[tuple[str, float, float]], top: float, size: float) -> PdfLine:
        return PdfLine(" ".join(c for c, _, _ in cells), 1, cells[0][1], top, cells[-1][2], top + size, size,
                       False, 842, 595, segments=tuple(cells))

    header = line([("序号", 84, 114), ("费用名称", 231, 280), ("金额（万元）", 376, 442)], 244, 13)
    rows = [line([(str(k), 88, 99), (name, 233, 280), (amount, 376, 401)], 259 + 13 * k, 12)
            for k, (name, amount) in enumerate((("应用软件", "620"), ("数据普查", "280"), ("配套设施", "350")), 1)]
    out = aligned_tables([header, *rows])
    assert len(out) == 1 and out[0].rows[0] == ("序号", "费用名称", "金额（万元）")
    # A numbered title above a table in a larger size is still no row of it.
    title = line([("6.2", 84, 100), ("投资估算结果", 110, 200)], 226, 14)
    out = aligned_tables([title, header, *rows])
    assert out[0] is title and out[1].rows[0][0] == "序号"


def _box(text: str, x0: float, top: float, x1: float, high: float) -> tuple:
    return [[x0, top], [x1, top], [x1, top + high], [x0, top + high]], text, 0.99


_LONG = "工作时间设专人值守热线，非工作时间设七乘二十四小时手机热线，用于突发情况处"


def test_sentence_end_carried_onto_a_short_line_stays_in_its_paragraph():
    # The detector boxes a short run taller than a line of text: "置。" under a full line came out a size above
    # the body, broke its paragraph and, below the cover, made an unformatted scan look formatted (the sections it
    # set apart by layout alone were lost with it).
    from yushen.extract.ocr import page_lines
    from yushen.extract.pdf import lines_to_blocks

    result = [_box("服务时间", 90, 98, 134, 12.4), _box(_LONG, 114, 123, 501, 12.4), _box("置。", 89, 137, 108, 14.8),
              _box("行为规范", 90, 163, 134, 12.4),
              _box("运维人员统一着装，遵守用户单位的管理制度和保密要求。", 113, 187, 392, 12.4),
              _box("服务规范", 90, 212, 134, 12.4),
              _box("故障分为三级，一级故障三十分钟响应、十二小时内解决。", 113, 237, 384, 12.4)]
    lines, _ = page_lines(result, 1, 72, (842, 595))
    assert len({ln.font_size for ln in lines}) == 1
    blocks, _ = lines_to_blocks(lines)
    assert [b.text for b in blocks][:2] == ["服务时间", _LONG + "置。"]
    # A heading one size up at the margin under a full line is no sentence's end: it keeps its size.
    result[2] = _box("服务要求", 89, 137, 130, 14.8)
    lines, _ = page_lines(result, 1, 72, (842, 595))
    assert [ln.font_size for ln in lines if ln.text == "服务要求"] > [lines[0].font_size]


def test_page_with_few_long_lines_is_measured_by_its_sentences():
    # A chapter's last page ("4突发事件管理", two short sections) has fewer than three long lines to measure its body
    # by, and its boxes came out a size above the other pages': every line read as a heading by size there. Its
    # lines that end a sentence are body text.
    from yushen.extract.ocr import _same_body_size, page_lines

    first = [_box(f"第{k}段正文：系统依托政务云部署，实现数据归集与共享。", 114, 100 + 25 * k, 480, 12.4) for k in range(5)]
    last = [_box("4突发事件管理", 250, 74, 361, 14.2), _box("应急基本流程", 90, 98, 160, 14.2),
            _box("发现、报告、研判、处置、恢复、总结。", 114, 123, 330, 14.2), _box("预防措施", 90, 148, 140, 13.0),
            _box("定期备份和演练，关键设备冗余配置。", 114, 173, 330, 14.2)]
    pages = [page_lines(first, 1, 72, (842, 595))[0], page_lines(last, 2, 72, (842, 595))[0]]
    same = _same_body_size(pages)
    assert {ln.font_size for ln in same[1]} == {ln.font_size for ln in same[0]}  # one body size for the scan
