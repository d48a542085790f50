"""Glyphs a PDF draws after the rest of their line: LibreOffice sets quotation marks the body font lacks in a
fallback font, drawn after the line, and pdfium returned them at the line's end ("某市 一网统管 城市运行管理中心建设项目
“ ”"), so project names and titles lost them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from yushen.extract import read_document


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_quotes_drawn_after_their_line_are_put_back_in_place(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("某市“一网统管”城市运行管理中心建设项目")
    d.add_paragraph("可行性研究报告")
    d.add_paragraph("本项目 Version 2 平台部署在市政务云，建设周期十二个月，总投资四百八十万元。")
    d.save(tmp_path / "q.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "q.docx")],
                   check=True, capture_output=True, timeout=180)
    texts = [b.text for b in read_document(tmp_path / "q.pdf").blocks]
    assert texts[0] == "某市“一网统管”城市运行管理中心建设项目", texts
    assert any("Version 2" in t for t in texts)  # a line without stray punctuation is read as before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_quotes_drawn_late_inside_their_line_are_put_back_in_place(tmp_path):
    """When a Latin run follows the closing quote, the late-drawn marks land inside the line, not at its end
    ("某市 XX 局 城市智脑 “ ”XX 专题建设项目"): they are put back too, and the project name keeps its quotes."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.add_paragraph("某市XX局“城市智脑”XX专题建设项目")
    d.add_paragraph("可行性研究报告")
    for body in ("本项目名称为某市XX区“一网统管”AB平台升级项目，由区城市管理局建设。",
                 "项目按“统筹规划、分步实施”原则建设，采用B/S架构。"):
        d.add_paragraph(body).paragraph_format.first_line_indent = Pt(22)
    d.save(tmp_path / "q.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "q.docx")],
                   check=True, capture_output=True, timeout=180)
    texts = ["".join(b.text.split()) for b in read_document(tmp_path / "q.pdf").blocks]
    assert texts[0] == "某市XX局“城市智脑”XX专题建设项目", texts
    assert "本项目名称为某市XX区“一网统管”AB平台升级项目，由区城市管理局建设。" in texts
    assert "项目按“统筹规划、分步实施”原则建设，采用B/S架构。" in texts
