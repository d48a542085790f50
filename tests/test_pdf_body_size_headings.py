"""PDF headings set in the body's size and weight, directly under a paragraph whose last line runs to the right
margin and ends a sentence (red-team round 2: headings marked only by colour, or a LibreOffice export that lost
the bold). The reader used to join such a heading onto the paragraph above it; a line that opens with a chapter
or section number after a finished sentence starts a new paragraph."""

from __future__ import annotations

from pathlib import Path


def _pdf(path: Path, lines: list[str], size: float = 11) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", size)
    y = A4[1] - 80
    for line in lines:
        c.drawString(72, y, line)
        y -= size * 1.5
    c.save()
    return path


FULL = "本项目依托全市统一的政务云资源和数据共享交换平台建设，实现执法事项全过程网上办理和监督考核。"  # 46 chars


def test_a_numbered_heading_under_a_full_line_that_ends_a_sentence_is_not_joined_to_it(tmp_path):
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    body = [FULL[:40], FULL[:40], FULL[:39] + "。"]  # every line runs to the margin; the last ends the sentence
    lines = ["第一章 总论", *body, "第二章 现状分析", *body, "2.1 信息化现状", *body, "第三章 需求分析", *body]
    doc = read_document(_pdf(tmp_path / "same_size.pdf", lines))
    titles = [s.title for s in segment_headings(doc).sections()]
    assert titles == ["第一章 总论", "第二章 现状分析", "2.1 信息化现状", "第三章 需求分析"]


def test_a_paragraph_still_runs_on_after_a_sentence_that_ends_at_the_margin(tmp_path):
    from yushen.extract import read_document

    lines = [FULL[:39] + "。", "项目总投资1.2万元以内的部分由本级财政承担，其余资金由项目单位自筹解决。"]
    doc = read_document(_pdf(tmp_path / "run_on.pdf", lines))
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 1 and paragraphs[0].endswith("自筹解决。")
