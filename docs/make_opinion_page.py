"""Regenerate docs/opinion-page.png: the first page of the 预审意见书 (DOCX) for the bundled sample proposal,
checked against the sample inventory, as LibreOffice renders it.

Run from the repository root:  python docs/make_opinion_page.py   (needs LibreOffice `soffice` and poppler's
`pdftoppm`: apt-get install libreoffice-writer-nogui poppler-utils)
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from yushen.analyze.model_store import load_model
from yushen.pipeline import review_file
from yushen.pipeline.inventory_index import load_index
from yushen.report.docx_opinion import OpinionSettings, render_docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus/samples/ordos_智慧停车服务平台_可研.docx"
SETTINGS = OpinionSettings(unit="鄂尔多斯市大数据中心", number="鄂数预审〔2025〕12号", handler="张经办",
                           approver="李审核", date=dt.date(2025, 3, 15))


def main() -> None:
    report = review_file(SAMPLE, load_model(), index=load_index(ROOT / "corpus/duplicates/inventory.csv"))
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "opinion.docx"
        docx_path.write_bytes(render_docx(report, filename=SAMPLE.name, settings=SETTINGS))
        subprocess.run([shutil.which("soffice") or "soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx_path)], check=True, capture_output=True,
                       timeout=180)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(Path(tmp) / "opinion.pdf"),
                        str(ROOT / "docs" / "opinion-page")], check=True)
    print(ROOT / "docs" / "opinion-page.png")


if __name__ == "__main__":
    main()
