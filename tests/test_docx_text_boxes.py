"""DOCX text boxes (issue 11, red-team round 2 class 12): Word writes each box twice, as DrawingML in
mc:Choice and as VML in mc:Fallback. A box anchored in a heading must not join the heading's title, and a box
anchored in a body paragraph must be read once, as its own paragraph. Documents built here, in our own words."""

from __future__ import annotations

from docx import Document as Docx
from docx.oxml import parse_xml

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box_run(text: str):
    """A run holding a floating text box, both branches as Word writes them."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f"<w:r {_NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic>"
        f"<a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        f"</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox>"
        f"</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


_CHAPTERS = ["第一章 概述", "第二章 需求", "第三章 方案"]
_BODY = "本章说明有关情况，包括工作背景、现有条件和拟采取的措施，供审查时参考。"


def _build(path, *, box_in: str):
    doc = Docx()
    for c, chapter in enumerate(_CHAPTERS, 1):
        h = doc.add_heading(level=1)
        if box_in == "heading":
            h._p.append(_box_run(f"PART {c}"))
        h.add_run(chapter)
        p = doc.add_paragraph(_BODY)
        if box_in == "body":
            p._p.append(_box_run("提示：数据须经主管部门确认"))
    doc.save(path)
    return path


def test_docx_text_box_in_a_heading_does_not_join_its_title(tmp_path):
    tree = segment_headings(read_document(_build(tmp_path / "h.docx", box_in="heading")))
    assert [(s.level, s.title) for s in tree.sections()] == [(1, c) for c in _CHAPTERS]


def test_docx_text_box_in_a_body_paragraph_is_read_once_as_its_own_paragraph(tmp_path):
    texts = [b.text for b in read_document(_build(tmp_path / "b.docx", box_in="body")).blocks]
    assert texts.count("提示：数据须经主管部门确认") == 3
    assert texts.count(_BODY) == 3
    assert not any("提示" in t and t != "提示：数据须经主管部门确认" for t in texts)
