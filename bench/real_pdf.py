"""Real text PDFs for the benchmarks: a generated proposal DOCX exported by LibreOffice, which embeds its CJK
fonts (as real proposals are made). reportlab's STSong-Light is not embedded and pdfium's font fallback makes
those files slow to read, so they are no stand-in for a real file (README "Fonts and speed").
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.bench_extract import _items
from tests.builders import build_docx

TITLE = ["鄂尔多斯市智慧水务平台建设项目", "可行性研究报告", "项目建设单位：鄂尔多斯市水利局"]
TABLE = [["序号", "建设内容", "数量", "单价（万元）", "合计（万元）"]] + [
    [str(i), f"子系统{i}", "1", f"{10 + i}.00", f"{10 + i}.00"] for i in range(1, 9)]


def have_soffice() -> bool:
    return shutil.which("soffice") is not None


def _export(docx: Path, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(outdir), str(docx)], capture_output=True, timeout=1800, check=True)
    return outdir / (docx.stem + ".pdf")


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def make_real_pdf(path: Path, pages: int, chapters_per_page: float | None = None) -> tuple[Path, int]:
    """A LibreOffice-exported proposal of about ``pages`` pages (chapters, sections, body, a table); returns the
    file and its page count. ``chapters_per_page`` from an earlier call saves a trial export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if chapters_per_page is None:
            probe = build_docx(Path(tmp) / "probe.docx", _items(10), title_page=TITLE, table=TABLE)
            chapters_per_page = 10 / max(1, _pages(_export(probe, Path(tmp))) - 1)
        chapters = max(1, round((pages - 1) * chapters_per_page))
        docx = build_docx(Path(tmp) / (path.stem + ".docx"), _items(chapters), title_page=TITLE, table=TABLE,
                          header_text="某市政务信息化项目可行性研究报告")
        shutil.move(str(_export(docx, Path(tmp))), path)
    return path, _pages(path)
