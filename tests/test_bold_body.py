"""Bold is no heading signal when the body is bold too: a body set in a 黑体/雅黑 face (pdfium reads weight
from the font name) or a document typed all in bold made every short line of the body a heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

BODY = ("本平台部署在市政务云上，不另行购置服务器，通过共享交换平台获取人口、法人和地理信息数据，"
        "按网络安全等级保护第三级要求建设，上线前开展等级保护测评。")
# Unnumbered headings told apart by size only; short body lines (a lead-in, list items, a figure note) between.
ITEMS = [("h1", "项目概况"), ("p", BODY), ("p", "主要建设内容包括"), ("p", "城市运行监测子系统"),
         ("p", "事件协同处置子系统"), ("h1", "需求分析"), ("p", BODY), ("h2", "业务需求"), ("p", BODY),
         ("h2", "数据需求"), ("p", BODY), ("h1", "建设方案"), ("p", BODY), ("p", "系统架构如下图所示"),
         ("h1", "投资估算"), ("p", BODY)]
COVER = ["某市城市运行管理平台建设项目", "项目建议书", "某市城市管理局"]
WANT = [(1, "项目概况"), (1, "需求分析"), (2, "业务需求"), (2, "数据需求"), (1, "建设方案"), (1, "投资估算")]
HEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei, installed by .ci/run


def _tree(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


def test_body_in_a_hei_face_does_not_make_every_short_line_a_heading(tmp_path):
    if not HEI.exists():
        pytest.skip("needs fonts-wqy-microhei (.ci/run installs it)")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei", str(HEI), subfontIndex=0))
    path = tmp_path / "hei.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 780.0
    for line in COVER:
        c.setFont("WenQuanYiMicroHei", 11)
        c.drawString(72, y, line)
        y -= 20
    c.showPage()
    y = 780.0
    for kind, text in ITEMS:
        size = {"h1": 16, "h2": 14}.get(kind, 11)
        c.setFont("WenQuanYiMicroHei", size)
        for k in range(0, len(text), 38):
            c.drawString(72 if kind != "p" or k else 94, y, text[k:k + 38])
            y -= size * 1.5
        y -= 6
        if y < 100:
            c.showPage()
            y = 780.0
    c.save()
    from yushen.extract.pdf import read_pdf_lines

    lines = read_pdf_lines(path.read_bytes())[0]
    assert sum(ln.bold for ln in lines) == len(lines)  # the premise: a *Hei* face reads as bold on every line
    assert _tree(path) == WANT


def test_a_document_typed_all_in_bold_keeps_its_size_hierarchy(tmp_path):
    import docx
    from docx.shared import Pt

    d = docx.Document()
    for line in COVER:
        d.add_paragraph().add_run(line).bold = True
    for kind, text in ITEMS:
        run = d.add_paragraph().add_run(text)
        run.bold = True
        run.font.size = Pt({"h1": 16, "h2": 14}.get(kind, 11))
    d.save(tmp_path / "bold.docx")
    assert _tree(tmp_path / "bold.docx") == WANT
