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


def test_a_latin_run_in_the_middle_of_a_line_does_not_decide_its_weight(tmp_path):
    """A Chinese line's face is its Chinese characters' face: the Latin runs in it are set in a Latin face of their
    own (Times beside a 黑体 body). The weight read at the middle of the line, where "API" happened to stand, made
    that line light among bold ones and cut its paragraph in two."""
    if not HEI.exists():
        pytest.skip("needs fonts-wqy-microhei (.ci/run installs it)")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from yushen.extract.pdf import read_pdf_lines

    pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei", str(HEI), subfontIndex=0))
    # Each paragraph: a first line with a Latin run at its middle, wrapped at the margin, then a second line.
    runs = [("本平台部署在市政务云上，通过统一的", "API", "网关向各部门开放数据共享交换服务，", "按需调用人口和法人库。"),
            ("系统前端采用响应式设计，兼容主流浏", "HTML5", "标准的浏览器和移动终端，界面风格统", "一，操作简便。"),
            ("数据库采用国产关系型数据库，通过", "SQL", "审计和数据脱敏措施保障数据安全，", "满足等级保护三级要求。")]
    path = tmp_path / "latin.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 780.0
    for before, latin, after, second in runs:
        c.setFont("WenQuanYiMicroHei", 11)
        c.drawString(94, y, before)
        c.setFont("Times-Roman", 11)
        c.drawString(94 + pdfmetrics.stringWidth(before, "WenQuanYiMicroHei", 11) + 1, y, latin)
        c.setFont("WenQuanYiMicroHei", 11)
        c.drawRightString(523, y, after)  # (justified: every first line ends at the right margin)
        c.drawString(72, y - 16.5, second)
        y -= 45
    c.save()
    lines = read_pdf_lines(path.read_bytes())[0]
    assert len(lines) == 6
    assert all(ln.bold for ln in lines)  # every line in the 黑体 face, whatever stands at its middle
    paragraphs = ["".join(b.text.split()) for b in read_document(path).blocks]
    assert paragraphs == ["".join(parts) for parts in runs]
