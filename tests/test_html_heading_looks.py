"""HTML whose headings are marked only by looks or list numbering (issue 11, red-team round 2 class 3): no
h1–h6, headings set in bold and a larger size, numbered by <ol>/<li> as LibreOffice exports a Word file with
automatic numbering. Every document is written here, in our own wording and markup."""

from __future__ import annotations

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_CHAPTERS = ["建设背景", "业务现状", "需求分析", "总体设计", "数据资源", "安全体系", "实施计划", "投资概算"]
_SECTIONS = ["现状概述", "存在问题"]
_THIRD = ["采集子系统", "展示子系统"]


def _body(k: int) -> str:
    return (f"本段是第{k}段说明文字，介绍有关工作的具体安排、依据的规定和准备达到的目标，"
            "以便审查人员了解该项工作的来龙去脉。")


def _p(text: str, size: float | None = None, bold: bool = False) -> str:
    inner = f"<b>{text}</b>" if bold else text
    if size:
        inner = f'<font size="4" style="font-size: {size:g}pt">{inner}</font>'
    return f'<p style="margin-bottom: 0.14in">{inner}</p>\n'


def _body_p(k: int) -> str:
    return f'<p style="text-indent: 0.33in; margin-bottom: 0.14in">{_body(k)}</p>\n'


_COVER = (_p("某市智慧应急指挥平台建设项目", 22, True) + _p("可行性研究报告", 22, True)
          + '<p align="center"><font style="font-size: 14pt"><span style="font-weight: normal">'
            "编制单位：某某咨询有限公司</span></font></p>\n")


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body>{_COVER}{body}</body></html>'


def _expected(numbered: bool) -> list[tuple[int, str]]:
    out = []
    for c, chapter in enumerate(_CHAPTERS, 1):
        out.append((1, f"{c}. {chapter}" if numbered else chapter))
        for s, section in enumerate(_SECTIONS, 1):
            out.append((2, f"{c}.{s} {section}" if numbered else section))
            if c == 4 and s == 1:
                out += [(3, f"{c}.{s}.{t} {third}" if numbered else third) for t, third in enumerate(_THIRD, 1)]
    return out


def _tree(path) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


def test_html_bold_sized_headings_without_h_tags_make_the_tree(tmp_path):
    """Chapters bold 16pt, sections bold 14pt, sub-sections bold at body size, body unsized (a browser's 12pt)."""
    parts, k = [], 0
    for c, chapter in enumerate(_CHAPTERS, 1):
        parts.append(_p(chapter, 16, True))
        for s, section in enumerate(_SECTIONS, 1):
            parts.append(_p(section, 14, True))
            parts.append(_body_p(k := k + 1))
            if c == 4 and s == 1:
                for third in _THIRD:
                    parts += [f'<p><span style="font-weight: bold">{third}</span></p>\n', _body_p(k := k + 1)]
    path = tmp_path / "looks.html"
    path.write_text(_page("".join(parts)), encoding="utf-8")
    assert _tree(path) == _expected(numbered=False)


def _li(depth: int, start: int, inner: str) -> str:
    """One numbered paragraph as LibreOffice writes it: a fresh <ol> per depth, the deepest with start=."""
    opens = "".join("<ol>" if d < depth - 1 or start == 1 else f'<ol start="{start}">' for d in range(depth))
    return f"{opens}\n<li>{inner}\n{'</ol>' * depth}\n"


def test_html_list_numbered_bold_headings_in_libreoffice_fragments_make_the_tree(tmp_path):
    """Word automatic numbering exported by LibreOffice: each heading its own <ol><ol start=N><li>, the number
    drawn by the browser, not typed; the parent number is that of the item above at the outer depth."""
    parts, k = [], 0
    for c, chapter in enumerate(_CHAPTERS, 1):
        parts.append(_li(1, c, _p(chapter, 16, True)))
        parts.append(_body_p(k := k + 1))
        for s, section in enumerate(_SECTIONS, 1):
            parts.append(_li(2, s, _p(section, 14, True)))
            parts.append(_body_p(k := k + 1))
            if c == 4 and s == 1:
                for t, third in enumerate(_THIRD, 1):
                    parts += [_li(3, t, _p(third, 12, True)), _body_p(k := k + 1)]
    path = tmp_path / "autonum.html"
    path.write_text(_page("".join(parts)), encoding="utf-8")
    assert _tree(path) == _expected(numbered=True)


def test_html_nested_list_items_number_under_their_parent_item(tmp_path):
    """Well-formed nesting (the inner <ol> inside the outer <li>), <strong> headings: 1. / 1.1 as the markup nests."""
    parts, k = ["<ol>"], 0
    for chapter in _CHAPTERS:
        parts.append(f"<li><p><strong>{chapter}</strong></p>{_body_p(k := k + 1)}<ol>")
        for section in _SECTIONS:
            parts.append(f"<li><p><strong>{section}</strong></p>{_body_p(k := k + 1)}</li>")
        parts.append("</ol></li>")
    parts.append("</ol>")
    path = tmp_path / "nested.html"
    path.write_text(_page("".join(parts)), encoding="utf-8")
    assert _tree(path) == [(lv, t) for lv, t in _expected(numbered=True) if lv < 3]


def test_html_list_markers_follow_the_markup(tmp_path):
    html = ('<html><body><ol start="3"><li>甲</li><li value="7">乙</li></ol><ol type="a"><li>丙</li></ol>'
            '<ol style="list-style-type: cjk-ideographic"><li>丁</li></ol><ol type="I"><li>戊</li>'
            '<li>己</li></ol><ul><li>庚</li></ul></body></html>')
    path = tmp_path / "markers.html"
    path.write_text(html, encoding="utf-8")
    assert [b.display_text for b in read_document(path).blocks] == ["3. 甲", "7. 乙", "a. 丙", "一、 丁", "I. 戊",
                                                                    "II. 己", "庚"]


def test_html_weight_and_size_come_from_tags_and_styles(tmp_path):
    html = ('<html><body><p><b>全部加粗</b></p><p><b>部分<span style="font-weight: normal">不加粗</span></b></p>'
            '<p><font size="5">五号字</font></p><p style="font-size: 24px">像素</p><p>默认</p>'
            '<p style="font-size:10pt"><span style="font-size: 200%">加倍</span></p>'
            '<p style="font-weight: 700">数字粗细</p></body></html>')
    path = tmp_path / "looks.html"
    path.write_text(html, encoding="utf-8")
    looks = [(b.text, b.bold, b.font_size) for b in read_document(path).blocks]
    assert looks == [("全部加粗", True, 12.0), ("部分不加粗", False, 12.0), ("五号字", False, 18.0),
                     ("像素", False, 18.0), ("默认", False, 12.0), ("加倍", False, 20.0), ("数字粗细", True, 12.0)]


def test_html_numbered_sentences_in_a_body_list_stay_body(tmp_path):
    """A body list (sentences, not bold) under bold headings does not become headings by its numbers."""
    parts, k = [], 0
    for chapter in _CHAPTERS:
        parts.append(_p(chapter, 16, True))
        parts.append(_body_p(k := k + 1))
        parts.append("<ol><li><p>平台应支持多部门协同处置，处置结果实时回传。</p></li>"
                     "<li><p>平台应支持按区域统计事件数量，统计结果按日更新。</p></li></ol>")
    path = tmp_path / "body_list.html"
    path.write_text(_page("".join(parts)), encoding="utf-8")
    assert _tree(path) == [(1, c) for c in _CHAPTERS]


def test_html_empty_list_item_number_does_not_pass_to_the_next_paragraph(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><ol><li></li></ol><p>其后的段落</p><ol><li><p></p></li><li>二</li></ol>"
                    "<p>又一段</p></body></html>", encoding="utf-8")
    assert [b.display_text for b in read_document(path).blocks] == ["其后的段落", "2. 二", "又一段"]


def test_html_looks_given_by_style_sheet_classes_make_the_tree(tmp_path):
    """Online editors export every run as <span class="cN"> and say in a <style> sheet what cN looks like; no
    inline style, no <b>, no h1–h6. The classes' weight and size are the headings' looks."""
    sheet = ("<style type=\"text/css\">/* exported */ @media print { .c9 { font-weight: 700 } }"
             ".c0{font-weight:400;font-size:12pt;font-family:\"SimSun\"} p.c2{margin:0} .c7{color:#000000}"
             ".c1{font-weight:700;font-size:16pt} .c3{font-size:14pt;font-weight:700} .c5{font-weight:700}"
             ".c6{font-size:22pt} .c6.c5{color:#333333}</style>")
    parts, k = ['<p class="c2"><span class="c6 c5">某市智慧应急指挥平台建设项目</span></p>'], 0
    for c, chapter in enumerate(_CHAPTERS, 1):
        parts.append(f'<p class="c2"><span class="c1 c7">{chapter}</span></p>')
        for s, section in enumerate(_SECTIONS, 1):
            parts.append(f'<p class="c2"><span class="c3">{section}</span></p>')
            parts.append(f'<p class="c2"><span class="c0">{_body(k := k + 1)}</span></p>')
            if c == 4 and s == 1:
                for third in _THIRD:
                    parts.append(f'<p class="c2"><span class="c0 c5">{third}</span></p>')
                    parts.append(f'<p class="c2"><span class="c0 c9">{_body(k := k + 1)}</span></p>')
    path = tmp_path / "classes.html"
    path.write_text(f'<html><head>{sheet}</head><body>{"".join(parts)}</body></html>', encoding="utf-8")
    looks = {b.text: (b.bold, b.font_size) for b in read_document(path).blocks}
    # .c0 then .c5 (same specificity, later in the sheet) for the third level; @media print rules are not screen
    assert looks[_CHAPTERS[0]] == (True, 16.0) and looks[_THIRD[0]] == (True, 12.0) and looks[_body(1)] == (False, 12.0)
    assert _tree(path) == _expected(numbered=False)
