"""PDF watermarks (内部资料, 严禁外传, the issuing centre's name) drawn over every page: set aslant, tiled, or laid flat
in light grey across the middle. They are no text of the document: no heading, no body line. Every PDF is drawn
here with reportlab, in our own wording."""

from __future__ import annotations

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_pdf
from .proposals import complete

_MARK = "内部资料 严禁外传"


def _aslant(c, width, height):
    c.setFillGray(0.8)
    c.setFont("STSong-Light", 40)
    c.translate(width / 2, height / 2)
    c.rotate(45)
    for dy in (-220, 0, 220):
        c.drawCentredString(0, dy, _MARK)


def _tiled(c, width, height):
    c.setFillGray(0.85)
    c.setFont("STSong-Light", 18)
    for x in (width * 0.3, width * 0.7):
        for y in (height * 0.25, height * 0.55, height * 0.85):
            c.saveState()
            c.translate(x, y)
            c.rotate(30)
            c.drawCentredString(0, 0, "某市大数据中心")
            c.restoreState()


def _flat_pale(c, width, height):
    c.setFillColorRGB(0.8, 0.8, 0.8)
    c.setFont("STSong-Light", 44)
    c.drawCentredString(width / 2, height / 2, _MARK)


def _read(path):
    doc = read_document(path)
    return doc, [(s.level, s.title) for s in segment_headings(doc).sections()]


@pytest.mark.parametrize("overlay", [_aslant, _tiled, _flat_pale], ids=["aslant", "tiled", "flat-pale"])
def test_pdf_watermark_is_no_heading_and_no_body_text(tmp_path, overlay):
    title, items = complete("ordos")
    _, want = _read(build_pdf(tmp_path / "clean.pdf", items, title_page=title, header="某市智慧水务可研"))
    doc, got = _read(build_pdf(tmp_path / "marked.pdf", items, title_page=title, header="某市智慧水务可研",
                               overlay=overlay))
    assert got == want
    assert not [b.text for b in doc.blocks if "严禁外传" in b.text or "大数据中心" in b.text]


def test_pdf_text_turned_upright_is_kept(tmp_path):
    """A right angle is no watermark: a label turned upright (a table's column header, a margin note) stays."""

    def upright(c, width, height):
        c.setFont("STSong-Light", 11)
        c.translate(40, height / 2)
        c.rotate(90)
        c.drawString(0, 0, "竖排说明文字")

    title, items = complete("ordos")
    doc, _ = _read(build_pdf(tmp_path / "upright.pdf", items, title_page=title, overlay=upright))
    assert any("竖排说明文字" in b.text for b in doc.blocks)
