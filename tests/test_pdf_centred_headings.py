"""A PDF whose headings carry no look but their place: chapters centred and sections at the margin, all in the
body's size and weight, over first-line-indented paragraphs (a LibreOffice export from a font without a bold face
writes no bold at all). Read like plain text laid out the same way; the reader's "centred" had held for the
indented first line of every body paragraph too."""

from __future__ import annotations

from pathlib import Path

BODY = ("本项目依托全旗统一的政务云资源和数据共享交换平台建设，实现执法事项全过程网上办理、监督考核和统计分析，"
        "并按照网络安全等级保护第二级的要求同步开展安全建设，保障系统稳定运行。")


def _pdf(path: Path, items: list) -> Path:
    """``items``: ("c", title) a centred line, ("m", title) a line at the margin, or body text (indented)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    left, size, per_line = 72, 11, 40
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", size)
    y = height - 80
    for item in items:
        if isinstance(item, tuple):
            where, title = item
            if where == "c":
                c.drawCentredString(width / 2, y, title)
            else:
                c.drawString(left, y, title)
            y -= size * 1.8
            continue
        first, rest = item[:per_line - 2], item[per_line - 2:]
        c.drawString(left + 2 * size, y, first)
        y -= size * 1.5
        while rest:
            c.drawString(left, y, rest[:per_line])
            rest = rest[per_line:]
            y -= size * 1.5
        y -= size * 0.3
        if y < 100:
            c.showPage()
            c.setFont("STSong-Light", size)
            y = height - 80
    c.save()
    return path


def test_centred_chapters_and_margin_sections_without_any_look_make_the_tree(tmp_path):
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    items = [("c", "某旗智慧城管平台项目可行性研究报告"), ("c", "编制单位：某某工程咨询有限公司"), ("c", "二〇二六年三月"),
             ("c", "项目概况"), BODY, ("c", "建设内容"), ("m", "智能发现系统"), BODY, ("m", "案件处置系统"), BODY,
             ("c", "技术路线"), ("m", "总体架构"), BODY, ("m", "数据资源与共享"), BODY, ("c", "投资估算"), BODY]
    doc = read_document(_pdf(tmp_path / "centred.pdf", items))
    body = [b for b in doc.blocks if b.text.startswith("本项目")]
    assert body and not any(b.centered for b in body)  # an indented first line is no centred line
    got = [(s.level, s.title) for s in segment_headings(doc).sections()]
    assert got == [(1, "项目概况"), (1, "建设内容"), (2, "智能发现系统"), (2, "案件处置系统"), (1, "技术路线"),
                   (2, "总体架构"), (2, "数据资源与共享"), (1, "投资估算")]
