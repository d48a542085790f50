"""DOCX chapter headings set inside one-cell layout tables (issue 11, red-team round 2 class 4): a shaded 1×1
box around each chapter title, sections as ordinary paragraphs. The box is unwrapped into its paragraph; real
data tables stay tables. Every document is built here, in our own wording."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from docx.shared import Pt

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_CHAPTERS = ["第一章 工程概况", "第二章 现状与问题", "第三章 建设任务", "第四章 技术方案", "第五章 安全保障",
             "第六章 投资与资金"]
_SECTIONS = ["背景说明", "主要做法"]


def _body(c: int, s: int) -> str:
    return (f"这一部分说明第{c}章第{s}节的有关情况，包括工作依据、现有条件、拟采取的措施和预期达到的效果，"
            "篇幅不长但足以说明问题。")


def _build(path, box: str, *, styled: bool):
    """box: "cell" (1×1), "bar" (one row: an empty coloured cell, then the title cell)."""
    doc = Docx()
    for line in ("某县智慧农业综合服务平台建设项目", "可行性研究报告"):
        r = doc.add_paragraph().add_run(line)
        r.bold, r.font.size = True, Pt(22)
    for c, chapter in enumerate(_CHAPTERS, 1):
        table = doc.add_table(rows=1, cols=1 if box == "cell" else 2)
        cell = table.rows[0].cells[-1]
        p = cell.paragraphs[0]
        if styled:
            p.style = doc.styles["Heading 1"]
            p.add_run(chapter)
        else:
            r = p.add_run(chapter)
            r.bold, r.font.size = True, Pt(16)
        doc.add_paragraph(_body(c, 0))
        for s, section in enumerate(_SECTIONS, 1):
            r = doc.add_paragraph().add_run(f"{c}.{s} {section}")  # sections: bold 14pt paragraphs
            r.bold, r.font.size = True, Pt(14)
            doc.add_paragraph(_body(c, s))
    doc.save(path)
    return path


def _expected():
    out = []
    for c, chapter in enumerate(_CHAPTERS, 1):
        out.append((1, chapter))
        out += [(2, f"{c}.{s} {section}") for s, section in enumerate(_SECTIONS, 1)]
    return out


@pytest.mark.parametrize("box", ["cell", "bar"])
@pytest.mark.parametrize("styled", [False, True], ids=["bold", "heading-style"])
def test_docx_chapter_headings_in_single_cell_layout_tables_count(tmp_path, box, styled):
    path = _build(tmp_path / f"{box}.docx", box, styled=styled)
    tree = segment_headings(read_document(path))
    assert [(s.level, s.title) for s in tree.sections()] == _expected()


def test_docx_boxed_paragraph_keeps_its_looks(tmp_path):
    doc = Docx()
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.paragraphs[0].style = doc.styles["Heading 2"]
    cell.paragraphs[0].add_run("2.1 项目背景")
    doc.add_paragraph("正文段落。")
    path = tmp_path / "looks.docx"
    doc.save(path)
    block = read_document(path).blocks[0]
    assert (block.kind, block.text, block.outline_level, block.style) == ("paragraph", "2.1 项目背景", 2, "Heading 2")


def _table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            table.cell(r, k).text = text


@pytest.mark.parametrize("rows", [
    [["设备名称", "数量"]],  # one row, two filled cells: a data row
    [["合计"], ["486.5万元"]],  # one column, two rows
    [["本项目依托政务云部署，不新建机房。" * 8]],  # one cell, but a long text: not a heading's box
], ids=["one-row-two-cells", "two-rows", "long-text"])
def test_docx_real_tables_stay_tables(tmp_path, rows):
    doc = Docx()
    doc.add_paragraph("正文段落。")
    _table(doc, rows)
    path = tmp_path / "table.docx"
    doc.save(path)
    assert [b.kind for b in read_document(path).blocks] == ["paragraph", "table"]


def test_docx_one_cell_with_two_paragraphs_stays_a_table(tmp_path):
    doc = Docx()
    doc.add_paragraph("正文段落。")
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.paragraphs[0].add_run("注意事项")
    cell.add_paragraph("所有设备须按规定完成安全检测。")
    path = tmp_path / "note.docx"
    doc.save(path)
    assert [b.kind for b in read_document(path).blocks] == ["paragraph", "table"]
