"""公文 typography (GB/T 9704; issue 11, red-team round 2 class 8): everything 三号 16pt, nothing bold, headings
told apart only by their font family (一级 黑体, 二级 楷体, body 仿宋), headings indented like the body or at the
margin, no numbers. Every document is built here, in our own wording."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Pt

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_CHAPTERS = ["项目由来", "现有基础", "建设需求", "建设方案", "安全措施", "实施安排", "资金测算"]
_SECTIONS = ["总体情况", "具体内容"]
BODY, L1, L2 = "仿宋_GB2312", "黑体", "楷体_GB2312"


def _body(c: int, s: int) -> str:
    return (f"第{c}部分第{s}段：这里写明有关事项的背景、依据和打算，说明准备怎样推进、由谁负责以及什么时候"
            "完成，文字平实，不加修饰。")


def _para(doc, text: str, face: str, *, indent: bool = True, bold: bool = False, size: float = 16):
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.size, r.bold, r.font.name = Pt(size), bold or None, face
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    return p


def _build(path, *, heading_indent: bool, third: bool = False):
    doc = Docx()
    for line in ("某区政务服务一网通办平台建设项目", "可行性研究报告"):
        _para(doc, line, "方正小标宋简体", indent=False, size=22)
    _para(doc, "编制单位：某某规划设计院", BODY, indent=False)
    for c, chapter in enumerate(_CHAPTERS, 1):
        _para(doc, chapter, L1, indent=heading_indent)
        _para(doc, _body(c, 0), BODY)
        for s, section in enumerate(_SECTIONS, 1):
            _para(doc, section, L2, indent=heading_indent)
            _para(doc, _body(c, s), BODY)
            if third and c == 4 and s == 1:
                for t in ("前端设计", "后端设计"):  # 三级: the body's face, bold
                    _para(doc, t, BODY, indent=heading_indent, bold=True)
                    _para(doc, _body(c, s + t.startswith("后")), BODY)
    doc.save(path)
    return path


def _expected(third: bool = False):
    out = []
    for c, chapter in enumerate(_CHAPTERS, 1):
        out.append((1, chapter))
        for s, section in enumerate(_SECTIONS, 1):
            out.append((2, section))
            if third and c == 4 and s == 1:
                out += [(3, "前端设计"), (3, "后端设计")]
    return out


@pytest.mark.parametrize("heading_indent", [True, False], ids=["indented", "at-margin"])
def test_docx_gongwen_headings_told_apart_only_by_font_family(tmp_path, heading_indent):
    tree = segment_headings(read_document(_build(tmp_path / "gw.docx", heading_indent=heading_indent)))
    assert [(s.level, s.title) for s in tree.sections()] == _expected()


def test_docx_gongwen_heavy_face_ranks_above_kai_above_bold_body_face(tmp_path):
    tree = segment_headings(read_document(_build(tmp_path / "gw3.docx", heading_indent=True, third=True)))
    assert [(s.level, s.title) for s in tree.sections()] == _expected(third=True)


def test_docx_face_from_the_paragraph_style(tmp_path):
    """The family may come from the paragraph style (a 黑体 style for chapters) rather than each run."""
    doc = Docx()
    for name, face in (("章标题", L1), ("正文仿宋", BODY)):
        st = doc.styles.add_style(name, 1)
        st.font.size = Pt(16)
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    for c, chapter in enumerate(_CHAPTERS, 1):
        doc.add_paragraph(chapter, style="章标题")
        doc.add_paragraph(_body(c, 0), style="正文仿宋")
        doc.add_paragraph(_body(c, 1), style="正文仿宋")
    path = tmp_path / "style.docx"
    doc.save(path)
    tree = segment_headings(read_document(path))
    assert [(s.level, s.title) for s in tree.sections()] == [(1, c) for c in _CHAPTERS]


def test_docx_sized_headings_are_not_changed_by_their_family(tmp_path):
    """Where sizes mark the headings, a family difference adds nothing (a body line pasted in another face
    stays body)."""
    doc = Docx()
    for c, chapter in enumerate(_CHAPTERS, 1):
        _para(doc, chapter, L1, indent=False, size=18)
        _para(doc, _body(c, 0), BODY)
        _para(doc, "详见附表。", "宋体")
    path = tmp_path / "sized.docx"
    doc.save(path)
    blocks = read_document(path).blocks
    assert {b.font_size for b in blocks if b.text == "详见附表。"} == {16}
    tree = segment_headings(read_document(path))
    assert [(s.level, s.title) for s in tree.sections()] == [(1, c) for c in _CHAPTERS]


def test_docx_names_of_one_family_and_the_theme_font_are_one_face(tmp_path):
    """A body whose runs name 仿宋 in different spellings, or leave the face to the theme (宋体 for Chinese), is
    one face: its short lines do not become headings by a spelling of the family name."""
    doc = Docx()
    for c, chapter in enumerate(_CHAPTERS, 1):
        _para(doc, f"第{'一二三四五六七'[c - 1]}章 {chapter}", L1)
        _para(doc, _body(c, 0), BODY)
        _para(doc, "主要任务如下", "仿宋")  # the body's family, spelled without _GB2312
        _para(doc, _body(c, 1), "FangSong")
    path = tmp_path / "spellings.docx"
    doc.save(path)
    tree = segment_headings(read_document(path))
    assert [s.title for s in tree.sections()] == [f"第{'一二三四五六七'[c]}章 {t}" for c, t in enumerate(_CHAPTERS)]
    theme = Docx()
    for c, chapter in enumerate(_CHAPTERS, 1):
        _para(theme, chapter, L1)
        theme.add_paragraph(_body(c, 0)).runs[0].font.size = Pt(16)  # the theme's face
        _para(theme, "主要任务如下", "宋体")
    path = tmp_path / "theme.docx"
    theme.save(path)
    assert [s.title for s in segment_headings(read_document(path)).sections()] == _CHAPTERS
