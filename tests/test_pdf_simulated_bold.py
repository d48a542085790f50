"""Bold that a PDF writer simulates: a font without a bold face (宋体, 仿宋 have none) set bold in Word or WPS is
drawn filled and stroked (text render mode 2), in the same font and weight as the body. Body-size headings marked
only so were read as body text, and the sections of an unnumbered outline were lost."""

from __future__ import annotations

from pathlib import Path

FULL = "本项目依托全市统一的政务云资源和数据共享交换平台建设，实现执法事项全过程网上办理和监督考核。"


def _pdf(path: Path, lines: list) -> Path:
    """``lines``: body text, or (text, size) for a line drawn filled and stroked at that size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    for line in lines:
        text, size, stroked = (line[0], line[1], True) if isinstance(line, tuple) else (line, 11, False)
        c.saveState()  # the render mode is graphics state: it would carry over to the body
        words = c.beginText()
        words.setFont("STSong-Light", size)
        if stroked:
            words.setTextRenderMode(2)
            c.setLineWidth(size * 0.03)
        words.setTextOrigin(72, y)
        words.textOut(text)
        c.drawText(words)
        c.restoreState()
        y -= size * 1.6
    c.save()
    return path


def test_headings_in_simulated_bold_are_bold(tmp_path):
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    body = [FULL[:40], FULL[:39] + "。"]
    lines = [("总论", 14), ("项目概况", 11), *body, ("编制依据", 11), *body,
             ("需求分析", 14), ("业务需求", 11), *body, ("功能需求", 11), *body, ("投资估算", 14), *body]
    doc = read_document(_pdf(tmp_path / "stroked.pdf", lines))
    assert [b.text for b in doc.blocks if b.bold] == ["总论", "项目概况", "编制依据", "需求分析", "业务需求", "功能需求",
                                                      "投资估算"]
    got = [(s.level, s.title) for s in segment_headings(doc).sections()]
    assert got == [(1, "总论"), (2, "项目概况"), (2, "编制依据"), (1, "需求分析"), (2, "业务需求"), (2, "功能需求"),
                   (1, "投资估算")]


def test_a_document_stroked_throughout_has_no_bold_from_it(tmp_path):
    # Some writers stroke every glyph (a hairline for a heavier look): then the stroke marks nothing.
    from yushen.extract import read_document

    lines = [("总论", 14), *[(FULL[:40], 11)] * 3, ("需求分析", 14), *[(FULL[:40], 11)] * 3]
    doc = read_document(_pdf(tmp_path / "all_stroked.pdf", lines))
    assert [b.text for b in doc.blocks if b.bold] == []
