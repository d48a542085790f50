"""The reader's shortcuts of issue 17's sixth round give what the plain way gives.

* Bookmarks read through pdfium's own calls are pypdfium2's ``get_toc(max_depth=6)``: titles, levels and pages, in
  order, six levels deep and no deeper, untitled ones left out, a bookmark without a destination pageless.
* A bold-bodied document's blocks lose their bold as ``dataclasses.replace`` would clear it, every other field kept.
* Furniture's pale test, which settles a dark red first, still drops every pale colour and keeps every dark one.
Every PDF is drawn here with reportlab, in our own wording.
"""

from __future__ import annotations

from dataclasses import fields, replace

from yushen.core.types import Block, OutlineEntry
from yushen.extract.emphasis import _unbold, bold_that_marks
from yushen.extract.normalize import normalize_text
from yushen.extract.pdf import _open, _read_outline

# (title, level 0-based): seven levels deep (the seventh is not read), an untitled bookmark, CJK radicals in a title,
# a title longer than the reader's title buffer and a short one after it
_BOOKMARKS = [("第一章 总论", 0), ("1.1 建设背景", 1), ("1.1.1 政策依据", 2), ("（一）国家层面", 3), ("1. 规划", 4),
              ("（1）专项", 5), ("a) 不读的第七层", 6), ("", 1), ("第二章 ⾃治区需求", 0), ("2.1 现状", 1),
              ("第三章 建设方案", 0), ("第四章 " + "标题长过一个缓冲区" * 40, 0), ("4.1 其后", 1)]


def _bookmarked_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for k, (title, level) in enumerate(_BOOKMARKS):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, title or "无标题的书签")
        key = f"b{k}"
        c.bookmarkPage(key)
        c.addOutlineEntry(title, key, level=level)
        if k % 3 == 2:
            c.showPage()
    c.showPage()
    c.save()
    return path


def _pypdfium2_outline(pdf) -> list[OutlineEntry]:
    """The reader's outline before its shortcut: pypdfium2's bookmark helpers."""
    entries = []
    for bookmark in pdf.get_toc(max_depth=6):
        title = normalize_text(bookmark.get_title() or "").strip()
        if not title:
            continue
        dest = bookmark.get_dest()
        page = dest.get_index() + 1 if dest is not None and dest.get_index() is not None else None
        entries.append(OutlineEntry(title=title, level=bookmark.level + 1, page=page))
    return entries


def test_bookmarks_through_pdfium_calls_are_pypdfium2s(tmp_path):
    pdf = _open(_bookmarked_pdf(tmp_path / "bm.pdf").read_bytes())
    try:
        fast, plain = _read_outline(pdf), _pypdfium2_outline(pdf)
    finally:
        pdf.close()
    assert fast == plain
    assert [e.level for e in fast] == [1, 2, 3, 4, 5, 6, 1, 2, 1, 1, 2]  # the seventh level and the untitled one left out
    assert fast[0] == OutlineEntry(title="第一章 总论", level=1, page=1) and fast[-1].title == "4.1 其后"
    assert len(fast[-2].title) == 4 + 9 * 40
    assert fast[6].title == "第二章 自治区需求"  # (the radical ⾃ normalised)


def test_a_document_without_bookmarks_has_no_outline(tmp_path):
    from tests.builders import SAMPLE_OUTLINE, build_pdf

    pdf = _open(build_pdf(tmp_path / "plain.pdf", SAMPLE_OUTLINE).read_bytes())
    try:
        assert _read_outline(pdf) == _pypdfium2_outline(pdf) == []
    finally:
        pdf.close()


def test_bold_cleared_as_replace_clears_it_every_field_kept():
    values = {"text": "本项目建设内容包括数据共享平台、统一身份认证和电子证照库对接，满足等级保护第三级要求。" * 2,
              "kind": "paragraph", "page": 7, "bbox": (72.0, 90.5, 523.2, 104.0), "font_size": 12.0, "bold": True,
              "centered": True, "indented": True, "style": "正文", "outline_level": 3, "auto_number": "1.2",
              "rows": (("序号", "名称"), ("1", "平台"))}
    assert set(values) == {f.name for f in fields(Block)}  # a new field of Block is set here too
    block = Block(**values)
    assert _unbold(block) == replace(block, bold=False) and _unbold(block).bold is False
    heading = Block(text="第一章 总论", kind="heading", bold=True)
    blocks = [block, heading, Block(text="正文不加粗" * 10)]
    assert bold_that_marks(blocks) == [replace(b, bold=False) for b in blocks]


def test_a_pale_recurring_line_is_furniture_whichever_channel_is_dark():
    """The pale test (every channel at least 0xB0) settles dark reds without taking the channels apart: the
    lightest colour with a dark channel, in each channel, stays text; the darkest pale grey goes."""
    from yushen.extract.lines import PdfLine
    from yushen.extract.pdf import drop_running_furniture

    colours = {0xB0B0B0: False, 0xC8C8C8: False, 0xAFFFFF: True, 0xFFAFFF: True, 0xFFFFAF: True, 0x000000: True,
               None: True}
    lines = [PdfLine(f"内部资料{k}", page, 100.0, 300.0 + 20 * k, 300.0, 312.0 + 20 * k, 12.0, False, 842.0, 595.0,
                     color=colour)
             for page in range(1, 11) for k, colour in enumerate(colours)]
    kept, dropped = drop_running_furniture(lines, 10)
    assert {ln.color for ln in kept} == {c for c, stays in colours.items() if stays}
    assert dropped == 10 * sum(not stays for stays in colours.values())
