"""The PDF reader's shortcuts for speed give what the plain way gives (issue 17, fourth round).

* Per-line pdfium calls declared without argtypes (ints, ``c_void_p`` and ``byref`` pointers passed as they are)
  read the same boxes, sizes, weights, fonts, colours and angles as pypdfium2's typed declarations, char by char.
* Pages and text pages loaded through pdfium's own calls give pypdfium2's page text (``get_text_range``), with a
  fresh buffer or one reused over the pages, and a page pdfium cannot load is the same coded error as before.
* The watermark angle test is skipped for angles up to 5 degrees, which it never calls oblique.
* ``PdfLine`` (no longer frozen, for speed) compares and hashes as the frozen one did.
* The contents-line test of typed contents looks at the last character first; every page-number form the full
  pattern takes still passes it.
Every PDF is drawn here with reportlab, in our own wording.
"""

from __future__ import annotations

import ctypes
import io
import math
from dataclasses import replace

import pytest

from yushen.core.errors import ErrorCode, YushenError
from yushen.core.types import Block
from yushen.extract.lines import PdfLine, fast_pdfium, handle
from yushen.extract.patterns import is_toc_line
from yushen.extract.pdf import _ASLANT, _oblique, _page_text, read_pdf_lines
from yushen.extract.toc import _LEADER, _toc_shaped, typed_contents


def _drawn_pdf(path):
    """Black body text, a bold red heading, a grey line set at 30 degrees and one turned upright, a blank page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("Helvetica-Bold", 16)
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.drawString(72, height - 72, "1 Overview of the platform")
    c.setFillColorRGB(0, 0, 0)
    c.setFont("STSong-Light", 11)
    for k in range(6):
        c.drawString(72, height - 110 - 18 * k, f"第{k + 1}行：平台依托政务云建设，数据按目录共享 GB/T 22239-2019。")
    c.saveState()
    c.setFillGray(0.7)
    c.translate(width / 2, height / 2)
    c.rotate(30)
    c.drawString(0, 0, "样稿 仅供审阅")
    c.restoreState()
    c.saveState()
    c.translate(40, 200)
    c.rotate(90)
    c.drawString(0, 0, "装订线")
    c.restoreState()
    c.showPage()
    c.showPage()  # blank
    c.save()
    return path


def test_per_line_calls_without_argtypes_read_what_pypdfium2_reads(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    f = fast_pdfium()
    pdf = pdfium.PdfDocument(str(_drawn_pdf(tmp_path / "drawn.pdf")))
    box = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(v) for v in box]
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_refs = [ctypes.byref(v) for v in rgba]
    seen_angles, seen_colours = set(), set()
    for page in pdf:
        textpage = page.get_textpage()
        tp = ctypes.c_void_p(handle(textpage.raw))
        for i in range(textpage.count_chars()):
            assert f.FPDFText_GetCharBox(tp, i, *refs)
            left, bottom, right, top = textpage.get_charbox(i)
            assert tuple(v.value for v in box) == (left, right, bottom, top)
            assert f.FPDFText_GetFontSize(tp, i) == raw.FPDFText_GetFontSize(textpage, i)
            assert f.FPDFText_GetFontWeight(tp, i) == raw.FPDFText_GetFontWeight(textpage, i)
            angle = f.FPDFText_GetCharAngle(tp, i)
            assert angle == raw.FPDFText_GetCharAngle(textpage, i)
            seen_angles.add(round(angle, 3))
            name, flags = ctypes.create_string_buffer(256), ctypes.c_int()  # (a char without a font writes none)
            got = f.FPDFText_GetFontInfo(tp, i, name, ctypes.c_ulong(256), ctypes.byref(flags))
            typed_name, typed_flags = ctypes.create_string_buffer(256), ctypes.c_int()
            assert got == raw.FPDFText_GetFontInfo(textpage, i, typed_name, 256, typed_flags)
            assert (name.value, flags.value) == (typed_name.value, typed_flags.value)
            for v in rgba:
                v.value = 0
            ok = f.FPDFText_GetFillColor(tp, i, *rgba_refs)
            typed = [ctypes.c_uint() for _ in range(4)]
            assert ok == raw.FPDFText_GetFillColor(textpage, i, *typed)
            assert [v.value for v in rgba] == [v.value for v in typed]
            seen_colours.add(tuple(v.value for v in rgba[:3]))
        textpage.close()
        page.close()
    pdf.close()
    # The drawing held what the calls had to tell apart: turned text and several colours.
    # (pdfium measures the angle clockwise: 30 degrees up reads as 330)
    assert {round(2 * math.pi - math.radians(30), 3), round(3 * math.pi / 2, 3)} <= seen_angles
    assert {(204, 26, 26), (0, 0, 0)} <= seen_colours


def test_page_text_from_pdfium_calls_is_pypdfium2s(tmp_path):
    import pypdfium2 as pdfium

    from .builders import SAMPLE_OUTLINE, build_pdf

    f = fast_pdfium()
    held = [(ctypes.c_ushort * 8)()]  # one buffer reused over every page, grown by the long ones (sixth round)
    for path in (_drawn_pdf(tmp_path / "drawn.pdf"), build_pdf(tmp_path / "proposal.pdf", SAMPLE_OUTLINE),
                 _drawn_pdf(tmp_path / "again.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            textpage = page.get_textpage()
            n = textpage.count_chars()
            assert f.FPDFText_CountChars(handle(textpage.raw)) == n
            if n:
                assert _page_text(f, handle(textpage.raw), n) == textpage.get_text_range(0, n)
                assert _page_text(f, handle(textpage.raw), n, held) == textpage.get_text_range(0, n)
            textpage.close()
            page.close()
        pdf.close()


def _pdf_with_a_broken_second_page() -> bytes:
    """Two pages in the page tree; the second kid is a string, not a page dictionary."""
    stream = b"BT /F1 12 Tf 20 100 Td (The first page reads) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R "
               b"/Resources << /Font << /F1 6 0 R >> >> >>",
               b"(no page here)", b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_page_pdfium_cannot_load_is_a_corrupt_file_naming_the_page():
    with pytest.raises(YushenError) as exc:
        read_pdf_lines(_pdf_with_a_broken_second_page())
    assert exc.value.code == ErrorCode.CORRUPT_FILE
    assert "第 2 页" in exc.value.message


def test_the_watermark_angle_shortcut_never_changes_the_answer():
    angles = [-1.0, 0.0, _ASLANT, math.nextafter(_ASLANT, 0), math.nextafter(_ASLANT, 1)]
    angles += [k * 2 * math.pi / 3600 for k in range(3601)]
    for a in angles:
        assert (a > _ASLANT and _oblique(a)) == _oblique(a), a
    assert _oblique(math.radians(30)) and _oblique(math.radians(45))
    assert not _oblique(0.0) and not _oblique(math.pi / 2) and not _oblique(-1.0)


def test_pdf_lines_compare_and_hash_as_frozen_lines_did():
    a = PdfLine("第一章 总论", 1, 72.0, 80.0, 300.0, 96.0, 16.0, True, 842.0, 595.0)
    b = PdfLine("第一章 总论", 1, 72.0, 80.0, 300.0, 96.0, 16.0, True, 842.0, 595.0)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    c = replace(a, font_size=12.0)
    assert c != a and a.font_size == 16.0 and {a: 1}.get(b) == 1


def _reference_toc_shaped(block: Block, headed: bool) -> bool:
    """The test before its shortcut."""
    return block.kind == "paragraph" and "\n" not in block.text and is_toc_line(block.text) and \
        (headed or bool(_LEADER.search(block.text)))


_CONTENTS_TEXTS = [
    "第一章 总论……………………3", "1.1 建设背景.........12", "第二章 需求分析\t7", "第三章 建设方案    15  ",
    "附件一 投资估算表____iv", "前言…………ii\u3000", "第四章 运维方案…………１２", "第五章 保障措施…………٣", "第六章 结论…",
    "本项目总投资480万元，其中软件开发费210万元。", "服务器    10", "交换机 4", "", "   ", "7",
    "平台按等级保护第三级要求建设" * 12 + "……8",
]


@pytest.mark.parametrize("headed", [True, False])
def test_the_contents_line_shortcut_agrees_with_the_full_pattern(headed):
    for text in _CONTENTS_TEXTS:
        for kind in ("paragraph", "heading"):
            block = Block(text=text, kind=kind)
            assert _toc_shaped(block, headed) == _reference_toc_shaped(block, headed), (text, kind)
    # Page numbers in full-width and other decimal digits, roman numerals and trailing blanks pass the shortcut.
    for text in ("第四章 运维方案…………１２", "第五章 保障措施…………٣", "附件一 投资估算表____iv", "前言…………ii\u3000"):
        assert _toc_shaped(Block(text=text), headed)


def test_a_contents_list_under_a_spaced_title_is_typed_whatever_its_page_numbers():
    blocks = [Block(text="某市数据共享平台项目可行性研究报告"), Block(text="目\u3000\u3000录"),
              Block(text="第一章 总论…………１"), Block(text="第二章 需求分析…………ii"), Block(text="第三章 建设方案\t12"),
              Block(text="第一章 总论"), Block(text="项目依托政务云建设，总投资480万元。")]
    kinds = [b.kind for b in typed_contents(blocks)]
    assert kinds == ["paragraph", "toc", "toc", "toc", "toc", "paragraph", "paragraph"]
