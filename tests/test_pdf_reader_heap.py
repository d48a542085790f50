"""The heaps of a process reading PDFs (``extract.heap``). One that has read a PDF keeps the free top of its C heap for
the next page's buffers: pdfium's per-page buffers were given back to the system and page-faulted afresh on every
page while glibc's thresholds were still at their start values (each case in a fresh process, as ``yushen check``
runs). And the cyclic collector does not walk a document's lines and blocks again and again while they are made."""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys

import pytest

from tests.builders import SAMPLE_OUTLINE, build_pdf
from yushen.extract.pdf import read_pdf, read_pdf_lines

# Page buffers the way a reader's pages use them: 4 MiB of 100 KiB blocks (below glibc's start mmap threshold, so
# from the heap) written, then all freed, twenty times. At glibc's start trim threshold (128 KiB) the freed top is
# given back each time and the next round faults ~1,000 pages in again.
_CHURN = """
import resource, sys

def churn():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        blocks = [b"x" * (100 << 10) for _ in range(40)]
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

churn()
plain = churn()
if sys.argv[1]:
    from yushen.extract.pdf import read_pdf_lines

    read_pdf_lines(open(sys.argv[1], "rb").read())
print(plain, churn())
"""
_GLIBC_VARIABLES = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")


def _faults(pdf: str, **env) -> tuple[int, int]:
    clean = {k: v for k, v in os.environ.items() if k not in _GLIBC_VARIABLES}
    out = subprocess.run([sys.executable, "-c", _CHURN, pdf], capture_output=True, text=True, check=True,
                         timeout=300, env={**clean, **env})
    plain, after = out.stdout.split()[-2:]
    return int(plain), int(after)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> str:
    return str(build_pdf(tmp_path_factory.mktemp("heap") / "doc.pdf", SAMPLE_OUTLINE))


glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc thresholds")


@glibc_only
def test_page_buffers_reused_once_a_pdf_was_read(pdf):
    plain, after = _faults(pdf)
    # 20 rounds of 1,000 pages faulted in afresh before, the free heap top kept once a PDF was read.
    assert plain > 20 * 800 and after < 20 * 100, (plain, after)


@glibc_only
def test_without_a_pdf_glibc_keeps_its_start_thresholds():
    plain, after = _faults("")
    assert plain > 20 * 800 and after > 20 * 800, (plain, after)


@glibc_only
def test_thresholds_fixed_by_the_environment_are_kept(pdf):
    """A Dask nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_`` (scan.worker settles those itself)."""
    plain, after = _faults(pdf, MALLOC_TRIM_THRESHOLD_="65536")
    assert plain > 20 * 800 and after > 20 * 800, (plain, after)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> bytes:
    """~20 pages: enough lines for the collector to run several times while they are read."""
    items = [(1, f"第{k}章 建设内容") if not isinstance(item, str) and item[0] == 1 else item
             for k in range(1, 13) for item in SAMPLE_OUTLINE]
    return build_pdf(tmp_path_factory.mktemp("gc") / "long.pdf", items).read_bytes()


def _collections(read, data: bytes) -> list[int]:
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    threshold = gc.get_threshold()
    gc.set_threshold(100, 2, 2)  # (a young collection every 100 new container objects: several during a read)
    gc.callbacks.append(note)
    try:
        read(data)
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*threshold)
    return seen


def test_no_cyclic_collection_while_a_pdf_is_read(long_pdf):
    read_pdf(long_pdf)  # (modules it imports on first use imported)
    assert gc.isenabled()
    assert _collections(read_pdf_lines, long_pdf)  # the lines alone, collector running: it collects meanwhile
    assert _collections(read_pdf, long_pdf) == []
    assert gc.isenabled()  # resumed after


def test_a_paused_collector_stays_paused_after_a_read(long_pdf):
    gc.disable()
    try:
        read_pdf(long_pdf)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_during_work_lifted_out_of_the_pause():
    """OCR inside a read runs with the collector as it was (it may take minutes and make cycles of its own)."""
    from yushen.extract.heap import CyclicGcPause

    with CyclicGcPause() as pause:
        assert not gc.isenabled()
        with pause.lifted():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with CyclicGcPause() as pause, pause.lifted():
            assert not gc.isenabled()  # (paused before the read: stays paused)
    finally:
        gc.enable()
