"""A scanned document in an archive scan is recognised page by page across the workers (local pool and Dask),
joined in order and reviewed once: the same report as recognising it in one piece, each page once, resumable
after a real SIGKILL mid-document without recognising a kept page again, the time limit over the whole document,
and a failing page costs its document one coded row."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from yushen.scan.backends import ProcessPoolBackend, SerialBackend  # noqa: E402
from yushen.scan.runner import run_scan  # noqa: E402

from .builders import build_docx, build_pdf  # noqa: E402
from .proposals import complete  # noqa: E402

CHAPTERS = ["项目概况", "建设依据", "建设内容", "投资估算"]


def _items(n_chapters: int) -> list:
    items = []
    for k, name in enumerate(CHAPTERS[:n_chapters], 1):
        items.append((1, f"第{'一二三四'[k - 1]}章 {name}"))
        items.append((2, f"{k}.1 总体要求"))
        items += [f"第{k}章第{j}段：系统依托政务云部署，与数据共享交换平台对接，实现数据归集、治理和共享。" * 3
                  for j in range(14)]
    return items


def _scanned_pdf(path: Path, n_chapters: int = 4, dpi: int = 170) -> Path:
    """A text PDF rendered page by page into an image-only PDF (a scan, several pages)."""
    import pypdfium2 as pdfium

    text_pdf = build_pdf(path.with_suffix(".src.pdf"), _items(n_chapters))
    src = pdfium.PdfDocument(str(text_pdf))
    images = [src[k].render(scale=dpi / 72).to_pil().convert("RGB") for k in range(len(src))]
    src.close()
    text_pdf.unlink()
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


class Recording:
    """A backend wrapper that keeps every result as it comes back (which task, which worker process)."""

    def __init__(self, inner):
        self.inner = inner
        self.timeout_s = inner.timeout_s
        self.results: list[dict] = []

    def run(self, tasks, on_result):
        def keep(result):
            self.results.append(result)
            on_result(result)

        self.inner.run(tasks, keep)

    def pages(self) -> list[int]:
        return sorted(r["page"] for r in self.results if r.get("kind") == "ocr_page")


def _rows(db: Path) -> dict[str, tuple]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT path, status, error_code, report FROM files").fetchall()
    finally:
        con.close()
    return {p: (s, c, json.loads(r) if r else None) for p, s, c, r in rows}


def _kept_pages(db: Path) -> list[int]:
    con = sqlite3.connect(db)
    try:
        return sorted(p for (p,) in con.execute("SELECT page FROM ocr_pages"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One scanned proposal of several pages beside a text document; and the reference table, the scanned
    document recognised in one piece (serial backend: no page tasks)."""
    root = tmp_path_factory.mktemp("ocr_archive")
    arch = root / "arch"
    arch.mkdir()
    scan = _scanned_pdf(arch / "scanned.pdf")
    title, items = complete("nmg")
    build_docx(arch / "text.docx", items, title_page=title)
    reference = root / "reference.db"
    run_scan([str(arch)], reference, SerialBackend())
    return arch, scan, _rows(reference)


def _n_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def test_scanned_pages_are_spread_over_the_pool_and_joined_into_the_same_report(archive, tmp_path):
    arch, scan, reference = archive
    n = _n_pages(scan)
    assert n >= 3
    backend = Recording(ProcessPoolBackend(workers=2))
    summary = run_scan([str(arch)], tmp_path / "r.db", backend)
    assert backend.pages() == list(range(1, n + 1))  # every page a task of its own, once
    page_pids = {r["pid"] for r in backend.results if r.get("kind") == "ocr_page"}
    assert len(page_pids) == 2, "both workers recognise pages of the one document"
    joins = [r for r in backend.results if r.get("kind") == "ocr_join"]
    assert len(joins) == 1 and joins[0]["status"] == "ok"  # reviewed once, after its pages
    got = _rows(tmp_path / "r.db")
    assert got == reference  # same rows, same reports as recognising the document in one piece
    assert got[str(scan)][2]["document"]["pages"] == n
    assert summary.ok == 2 and summary.errors == 0
    assert _kept_pages(tmp_path / "r.db") == []  # recognised pages are dropped with the document's row


def test_dask_workers_share_the_pages_of_one_scanned_document(archive, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from yushen.scan import backends

    arch, scan, reference = archive
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        backend = Recording(backends.DaskBackend(client=client))
        run_scan([str(arch)], tmp_path / "d.db", backend)
        # Workers on other machines: each document's bytes go to the cluster once, not once per page task.
        monkeypatch.setattr(backends, "_on_this_machine", lambda address: False)
        scattered = []
        real_scatter = client.scatter

        def scatter(data, **kw):
            scattered.append(len(data))
            return real_scatter(data, **kw)

        monkeypatch.setattr(client, "scatter", scatter)
        remote = Recording(backends.DaskBackend(client=client))
        run_scan([str(arch)], tmp_path / "remote.db", remote)
    assert backend.pages() == list(range(1, _n_pages(scan) + 1))
    assert len({r["pid"] for r in backend.results if r.get("kind") == "ocr_page"}) == 2
    assert _rows(tmp_path / "d.db") == reference
    assert remote.pages() == backend.pages() and _rows(tmp_path / "remote.db") == reference
    assert sorted(scattered) == sorted(p.stat().st_size for p in arch.iterdir())  # once per file


def test_sigkill_mid_document_resumes_without_recognising_a_kept_page_again(archive, tmp_path):
    arch, scan, reference = archive
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "yushen", "scan", str(arch), "--out", str(db), "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 240
    kept: list[int] = []
    while time.time() < deadline and not kept:
        time.sleep(0.05)
        if db.exists():
            try:
                kept = _kept_pages(db)
            except sqlite3.Error:
                kept = []
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert kept, "a page was recognised before the kill"
    kept = _kept_pages(db)
    assert str(scan) not in _rows(db), "the kill must land mid-document"
    backend = Recording(ProcessPoolBackend(workers=2))
    run_scan([str(arch)], db, backend, resume=True)
    n = _n_pages(scan)
    assert backend.pages() == [p for p in range(1, n + 1) if p not in kept]  # nothing lost, nothing twice
    assert _rows(db) == reference
    assert _kept_pages(db) == []


def test_time_limit_counts_every_page_of_the_document(archive, tmp_path, monkeypatch):
    """Each page is well inside the limit; the document as a whole is not: one timeout row, and the text
    document beside it is untouched."""
    from yushen.scan import ocr_pages

    real = ocr_pages.recognise_page

    def slow(data, fmt, page):
        time.sleep(1.2)
        return real(data, fmt, page)

    monkeypatch.setattr(ocr_pages, "recognise_page", slow)
    arch, scan, reference = archive
    backend = Recording(SerialBackend(timeout_s=3))
    run_scan([str(arch)], tmp_path / "t.db", backend, split_ocr=True)
    rows = _rows(tmp_path / "t.db")
    assert rows[str(scan)][:2] == ("error", "timeout")
    assert rows[str(arch / "text.docx")] == reference[str(arch / "text.docx")]
    assert len(backend.pages()) < _n_pages(scan)  # given up once the document is over its limit
    assert _kept_pages(tmp_path / "t.db") == []


def test_a_failing_page_costs_its_document_one_coded_row(archive, tmp_path, monkeypatch):
    from yushen.scan import ocr_pages

    def broken(data, fmt, page):
        if page == 2:
            raise MemoryError
        return ([], 1.0)

    monkeypatch.setattr(ocr_pages, "recognise_page", broken)
    arch, scan, reference = archive
    run_scan([str(arch)], tmp_path / "f.db", SerialBackend(), split_ocr=True)
    rows = _rows(tmp_path / "f.db")
    assert rows[str(scan)][:2] == ("error", "memory_limit")
    assert rows[str(arch / "text.docx")] == reference[str(arch / "text.docx")]
