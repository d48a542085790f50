"""PDF headings set in the body's size and weight, directly under a paragraph whose last line runs to the right
margin and ends a sentence (red-team round 2: headings marked only by colour, or a LibreOffice export that lost
the bold). The reader used to join such a heading onto the paragraph above it; a line that opens with a chapter
or section number after a finished sentence starts a new paragraph."""

from __future__ import annotations

from pathlib import Path


def _pdf(path: Path, lines: list, size: float = 11) -> Path:
    """``lines``: text, or (text, (r, g, b)) for a line in a colour."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", size)
    y = A4[1] - 80
    for line in lines:
        text, rgb = line if isinstance(line, tuple) else (line, (0, 0, 0))
        c.setFillColorRGB(*rgb)
        c.drawString(72, y, text)
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


RED, BLUE = (0.75, 0, 0), (0.12, 0.3, 0.47)


def test_headings_marked_only_by_colour_are_headings_with_levels(tmp_path):
    """Unnumbered headings in the body's size and weight, chapters red and sections blue over black body text:
    the colours are looks (the first seen is the chapter's)."""
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    body = [FULL[:40], FULL[:39] + "。"]
    lines = [("总论", RED), ("项目概况", BLUE), *body, ("编制依据", BLUE), *body,
             ("需求分析", RED), ("业务需求", BLUE), *body, ("功能需求", BLUE), *body,
             ("投资估算", RED), *body]
    doc = read_document(_pdf(tmp_path / "colours.pdf", lines))
    got = [(s.level, s.title) for s in segment_headings(doc).sections()]
    assert got == [(1, "总论"), (2, "项目概况"), (2, "编制依据"), (1, "需求分析"), (2, "业务需求"), (2, "功能需求"),
                   (1, "投资估算")]


def test_one_coloured_note_or_highlighted_text_marks_no_heading(tmp_path):
    """A single red line, and a colour that also sets running text, are emphasis, not headings."""
    from yushen.extract.pdf import _heading_colors, read_pdf_lines

    lines = ["第一章 总论", FULL[:40], ("注：以上数据为估算值", RED), FULL[:39] + "。",
             (FULL[:40] + "，", BLUE), ("强调的短句", BLUE), ("另一短句", BLUE), FULL[:39] + "。"]
    pdf_lines, _, _ = read_pdf_lines(_pdf(tmp_path / "notes.pdf", lines).read_bytes())
    assert _heading_colors(pdf_lines) == {}


def _two_column_pdf(path: Path, items: list, size: float = 11) -> Path:
    """Headings (level, title) and body paragraphs set in two columns of ~16 characters, filled left then
    right, page after page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    xs, per_line, top, bottom = (72, 320), 16, A4[1] - 80, 100
    col, y = 0, top

    def put(text: str, font_size: float, x_shift: float = 0) -> None:
        nonlocal col, y
        if y < bottom:
            col, y = (1, top) if col == 0 else (0, top)
            if col == 0:
                c.showPage()
        c.setFont("STSong-Light", font_size)
        c.drawString(xs[col] + x_shift, y, text)
        y -= font_size * 1.5

    for it in items:
        if isinstance(it, tuple):
            put(it[1], 14 if it[0] == 1 else 12.5)
        else:
            first, rest = it[:per_line - 2], it[per_line - 2:]
            put(first, size, size * 2)
            while rest:
                put(rest[:per_line], size)
                rest = rest[per_line:]
    c.save()
    return path


def test_two_column_pages_join_lines_per_column(tmp_path):
    """Margins and line ends are measured per column: wrapped lines of the left column join into their
    paragraph (they never reach the page's right margin), a paragraph goes on at the top of the right column,
    and a wrapped heading is one heading."""
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    # Paragraphs told apart by their number (identical lines at a page top would be taken for a running header).
    paras = [f"第{k}段：本项目依托全市统一的政务云资源和数据共享交换平台建设，实现执法事项全过程网上办理和监督考核。"
             for k in range(25)]
    items = []
    for n, chapter in enumerate(["总论", "现状分析", "需求分析", "建设内容", "投资估算"], 1):
        items += [(1, f"第{'一二三四五'[n - 1]}章 {chapter}"), paras.pop(), paras.pop(),
                  (2, f"{n}.1 项目建设目标、规模、内容及建设期"), paras.pop(), paras.pop(), paras.pop()]
    doc = read_document(_two_column_pdf(tmp_path / "columns.pdf", items))
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph" and "本项目" in b.text]
    assert len(paragraphs) == 25 and all(p.startswith("第") and p.endswith("考核。") for p in paragraphs)
    sections = [(s.level, s.title) for s in segment_headings(doc).sections()]
    assert [t for _, t in sections if _ == 2] == [f"{n}.1 项目建设目标、规模、内容及建设期" for n in range(1, 6)]
    assert len(sections) == 10
