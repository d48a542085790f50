"""Heading-tree failure classes found by probing with proposals written by other authors (issue 11): body size
from unsized paragraphs, numbered headings that end in ：/。, weak-only numbering, indented-body DOCX layout,
font-only levels by size. Every document is built here, in our own wording."""

from __future__ import annotations

from docx import Document as Docx
from docx.shared import Pt

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_CN = "一二三四五六七八九十"
_CHAPTERS = ["工程概况", "现状与需求", "建设目标与任务", "总体方案", "安全保障措施", "投资估算与资金来源",
             "组织实施计划", "效益与风险"]
_SECTIONS = ["背景说明", "主要内容"]


def _body(ch: int, sec: int) -> str:
    return (f"本部分围绕第{ch + 1}个议题的第{sec + 1}项工作展开说明，结合本地区政务服务的实际情况，"
            "提出具体的做法、依据和预期达到的效果，供审查时参考。")


def _outline(chapter_fmt, section_fmt, chapter_end: str = "", section_end: str = ""):
    """[(level, heading text, [body paragraphs])] for a proposal of 8 chapters with 2 sections each."""
    out = []
    for c, title in enumerate(_CHAPTERS):
        out.append((1, chapter_fmt(c + 1) + title + chapter_end, []))
        for s, sub in enumerate(_SECTIONS):
            out.append((2, section_fmt(s + 1) + sub + section_end, [_body(c, s), _body(c, s + 5)]))
    return out


def _docx(path, outline, *, cover=(), heading=None, indent_body=False, body_size=None):
    """heading(level, run) formats a heading run; None leaves headings as plain Normal paragraphs."""
    doc = Docx()
    for line in cover:
        r = doc.add_paragraph().add_run(line)
        r.font.size, r.bold = Pt(22), True
    for level, text, paras in outline:
        run = doc.add_paragraph().add_run(text)
        if heading:
            heading(level, run)
        for para in paras:
            p = doc.add_paragraph()
            r = p.add_run(para)
            if body_size:
                r.font.size = Pt(body_size)
            if indent_body:
                p.paragraph_format.first_line_indent = Pt(24)
    doc.save(path)
    return path


def _levels(path):
    tree = segment_headings(read_document(path))
    return [(s.level, s.title) for s in tree.sections()]


def _bold_sized(level, run):
    run.bold = True
    run.font.size = Pt(16 if level == 1 else 14)


def _cn(n):
    return _CN[n - 1] + "、"


def _cn_paren(n):
    return "（" + _CN[n - 1] + "）"


def test_unsized_body_paragraphs_set_the_body_size_not_a_long_sized_cover_line(tmp_path):
    # The cover's one long line carries an explicit 22pt; every body paragraph inherits the Normal size.
    cover = ["某自治区某市市场监督管理局智慧监管综合服务平台升级改造建设项目可行性研究报告编制稿"]
    path = _docx(tmp_path / "a.docx", _outline(_cn, _cn_paren), cover=cover, heading=_bold_sized)
    doc = read_document(path)
    assert doc.body_font_size is not None and doc.body_font_size < 14
    levels = _levels(path)
    assert sum(1 for lv, _ in levels if lv == 1) == 8
    assert sum(1 for lv, _ in levels if lv == 2) == 16


def test_one_long_sized_heading_does_not_become_the_body_size(tmp_path):
    outline = _outline(_cn, _cn_paren)
    outline[0] = (1, "一、工程概况以及本期建设所依托的既有政务云平台、电子政务外网、数据共享交换平台和安全基础设施的总体情况说明", [])
    path = _docx(tmp_path / "b.docx", outline, heading=_bold_sized)
    assert sum(1 for lv, _ in _levels(path) if lv == 2) == 16


def test_numbered_headings_that_end_in_a_colon_or_full_stop(tmp_path):
    # Bold headings ending in ：, and the same unformatted: strong numbering in a consistent sequence.
    outline = _outline(_cn, _cn_paren, chapter_end="：", section_end="：")
    for name, heading in (("bold", _bold_sized), ("plain", None)):
        levels = _levels(_docx(tmp_path / f"{name}.docx", outline, heading=heading))
        assert [lv for lv, _ in levels] == [lv for lv, _, _ in outline], name
        assert levels[0][1] == "一、工程概况："  # the title keeps its text
    outline = _outline(lambda n: f"第{_CN[n - 1]}章 ", _cn, chapter_end="。")
    assert [lv for lv, _ in _levels(_docx(tmp_path / "chap.docx", outline, heading=_bold_sized))] == \
        [lv for lv, _, _ in outline]


def test_weak_only_numbering_without_font_support_as_a_whole_document_sequence(tmp_path):
    for name, chapter, section in (("dun", lambda n: f"{n}、", lambda n: f"（{n}）"),
                                   ("dot", lambda n: f"{n}. ", lambda n: f"（{n}）"),
                                   ("space", lambda n: f"{n} ", _cn_paren)):
        outline = _outline(chapter, section)
        levels = _levels(_docx(tmp_path / f"{name}.docx", outline, indent_body=True))
        assert [lv for lv, _ in levels] == [lv for lv, _, _ in outline], name
    # Chapters only, no sub-sections.
    chapters = [(1, f"{k}. {t}", [_body(k, 0)]) for k, t in enumerate(_CHAPTERS, start=1)]
    assert len(_levels(_docx(tmp_path / "flat.docx", chapters))) == 8


def test_weak_numbered_sentence_lists_stay_body_without_font_support(tmp_path):
    # "1、…。" items that are sentences, and a short list that restarts under one heading only.
    outline = _outline(_cn, _cn_paren)
    level, text, paras = outline[2]
    items = [f"{k}、系统应当支持按{w}统计办件数量并生成报表。" for k, w in enumerate(["部门", "事项", "时段"], 1)]
    outline[2] = (level, text, [paras[0], *items, paras[1]])
    level, text, paras = outline[4]
    outline[4] = (level, text, [paras[0], "1、统一身份认证", paras[1], "2、电子证照共享", paras[0],
                                "3、好差评系统", paras[1]])
    levels = _levels(_docx(tmp_path / "lists.docx", outline, indent_body=True))
    assert len(levels) == 24


def test_unformatted_docx_with_indented_body_and_unnumbered_flush_headings(tmp_path):
    # Plain Normal paragraphs: headings at the margin, body paragraphs with a first-line indent (as TXT is laid
    # out); a short cover above.
    outline = _outline(lambda n: "", lambda n: "")
    outline = [(lv, t if lv == 1 else f"{t}{k}", paras) for k, (lv, t, paras) in enumerate(outline)]
    doc = Docx()
    for line in ("某市政务服务一网通办平台建设项目", "可行性研究报告", "编制单位：某某咨询有限公司"):
        doc.add_paragraph(line)
    for _, text, paras in outline:
        doc.add_paragraph(text)
        for para in paras:
            doc.add_paragraph(para).paragraph_format.first_line_indent = Pt(24)
    doc.save(tmp_path / "layout.docx")
    titles = [t for _, t in _levels(tmp_path / "layout.docx")]
    assert titles == [t for _, t, _ in outline]


def test_typed_ideographic_spaces_indent_a_docx_paragraph(tmp_path):
    doc = Docx()
    doc.add_paragraph("\u3000\u3000本项目依托市级政务云建设。")
    doc.add_paragraph("项目概况")
    doc.save(tmp_path / "spaces.docx")
    blocks = read_document(tmp_path / "spaces.docx").blocks
    assert [b.indented for b in blocks] == [True, False]


def test_font_only_levels_nest_by_size_and_cover_lines_of_the_section_look_are_not_chapters(tmp_path):
    # Unnumbered bold headings, chapters 16pt and sections 14pt; the cover's unit and date lines share the
    # section look (14pt bold) and sit right above the first chapter, or above a contents list typed as plain
    # short lines (no leaders).
    outline = _outline(lambda n: "", lambda n: "")
    outline = [(lv, t if lv == 1 else f"{t}{k}", paras) for k, (lv, t, paras) in enumerate(outline)]
    for contents in ([], [f"{t} {k}" for k, (_, t, _) in enumerate(outline, start=1)]):
        doc = Docx()
        for text, size in (("某市智慧城管平台建设项目", 22), ("建设单位：某市城市管理局", 14),
                           ("编制单位：某某工程咨询有限公司", 14), ("二〇二五年六月", 14)):
            r = doc.add_paragraph().add_run(text)
            r.bold, r.font.size = True, Pt(size)
        for line in contents:
            doc.add_paragraph(line)
        for level, text, paras in outline:
            _bold_sized(level, doc.add_paragraph().add_run(text))
            for para in paras:
                doc.add_paragraph(para)
        doc.save(tmp_path / "looks.docx")
        assert _levels(tmp_path / "looks.docx") == [(lv, t) for lv, t, _ in outline], len(contents)


def test_weak_numbered_third_level_and_circled_second_level_in_an_unformatted_docx(tmp_path):
    # 一、/（一）/ 1. with a third level under some sections only, and 一、/ ① , all plain Normal paragraphs.
    outline = []
    for c, title in enumerate(_CHAPTERS[:5], start=1):
        outline.append((1, _cn(c) + title, [_body(c, 0)]))
        for s, sub in enumerate(_SECTIONS, start=1):
            outline.append((2, _cn_paren(s) + sub, [_body(c, s)]))
            if c % 2:
                for k, leaf in enumerate(("平台层", "应用层"), start=1):
                    outline.append((3, f"{k}. {leaf}", [_body(c, s + k)]))
    assert [lv for lv, _ in _levels(_docx(tmp_path / "three.docx", outline))] == [lv for lv, _, _ in outline]
    outline = _outline(_cn, lambda n: "①②③"[n - 1])
    assert [lv for lv, _ in _levels(_docx(tmp_path / "circled.docx", outline))] == [lv for lv, _, _ in outline]
