"""Archive scan throughput on real-size text PDFs (LibreOffice exports with embedded fonts, ~75 pages each, as
real proposals; bench/real_pdf.py): pages/min with a serial run, 1 and 2 local worker processes and a Dask
LocalCluster of 2 workers, beside a bare pypdfium2 text dump of the same files on 2 processes (the floor).
Targets: ≥ 60,000 pages/min on 2 workers, 1 → 2 workers ≥ 1.9×, Dask within 10 % of the local pool.

DISTINCT documents are exported once (different jurisdictions and fillers); the archive holds N_FILES files,
each a distinct document with its own trailing comment byte-variant, so every file has its own hash and is
reviewed (none is a byte-identical twin). CPU time of the parent process is printed: it is the share of the two
cores the workers do not get.
Run from the repository root:  python -m bench.bench_scan [N_FILES] [DISTINCT] [PAGES]
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.builders import build_docx
from tests.proposals import OWNER, complete


def _export_all(docxs: list[Path], outdir: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(outdir), *map(str, docxs)], capture_output=True, timeout=3600,
                       check=True)


def make_archive(root: Path, n_files: int, distinct: int = 12, pages: int = 75) -> int:
    """Returns the archive's page count."""
    import pypdfium2 as pdfium

    from yushen.rules.registry import ids

    jurs = [j for j in ids() if j in OWNER]
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docxs = []
        for i in range(distinct):
            title, items = complete(jurs[i % len(jurs)])
            filler = []
            for ch in range(max(1, pages * 3 // 4)):  # about 1.3 pages a chapter
                filler.append((1, f"第{13 + ch}章 补充说明{i}-{ch}"))
                filler += [f"第{i}号文档第{ch}章补充材料第{k}段：系统应当按照统一规划、统一标准的原则建设，依托政务云"
                           f"部署，与数据共享交换平台和统一身份认证平台对接，实现数据归集、治理、共享和开放，满足等级保护"
                           f"第三级要求。" * 3 for k in range(6)]
            docxs.append(build_docx(Path(tmp) / f"base{i:02d}.docx", items + filler, title_page=title))
        _export_all(docxs, Path(tmp))
        bases = [(Path(tmp) / f"base{i:02d}.pdf").read_bytes() for i in range(distinct)]
        counts = [len(pdfium.PdfDocument(b)) for b in bases]
        total = 0
        for k in range(n_files):
            b = k % distinct
            (root / f"doc{k:04d}.pdf").write_bytes(bases[b] + f"\n% archive copy {k}\n".encode())
            total += counts[b]
    return total


DUMP = ("import sys, pypdfium2 as pdfium\n"
        "for f in sys.argv[1:]:\n"
        "    doc = pdfium.PdfDocument(f)\n"
        "    for page in doc:\n"
        "        tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close()\n"
        "    doc.close()\n")


def _floor(root: Path, pages: int) -> float:
    files = sorted(map(str, root.glob("*.pdf")))
    t0 = time.perf_counter()
    k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [subprocess.Popen([sys.executable, "-c", DUMP, *files[i::2]]) for i in range(2)]
    for p in procs:
        p.wait()
    dt = time.perf_counter() - t0
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = k1.ru_utime - k0.ru_utime + k1.ru_stime - k0.ru_stime
    print(f"  {'pypdfium2 dump, 2 proc':<24} {dt:7.1f} s  {pages / dt * 60:9.0f} pages/min  (the floor; "
          f"{pages / cpu * 60:.0f} pages per CPU-min)")
    return pages / dt * 60


def _run(label: str, root: Path, db: Path, backend, pages: int, n: int) -> float:
    from yushen.scan.runner import run_scan

    t0, c0 = time.perf_counter(), time.process_time()
    summary = run_scan([str(root)], db, backend)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # The parent's CPU is what the workers do not get (serial: everything runs in the parent).
    print(f"  {label:<24} {dt:7.1f} s  {summary.pages / dt * 60:9.0f} pages/min  {n / dt * 60:7.0f} docs/min  "
          f"parent CPU {cpu:5.1f} s  (ok {summary.ok}, errors {summary.errors}, pages {summary.pages})")
    return max(summary.pages, 1) / dt * 60


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    distinct = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    target_pages = int(sys.argv[3]) if len(sys.argv) > 3 else 75
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) not installed: no real PDFs to scan")
        return
    from yushen.scan.backends import DaskBackend, ProcessPoolBackend, SerialBackend

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        t0 = time.perf_counter()
        pages = make_archive(root, n, distinct, target_pages)
        print(f"archive: {n} PDFs ({distinct} distinct), {pages} pages, {pages / n:.0f} per file "
              f"(generated in {time.perf_counter() - t0:.0f} s)")
        floor = _floor(root, pages)
        serial = _run("serial (1 core)", root, Path(tmp) / "s.db", SerialBackend(), pages, n)
        one = _run("1 worker process", root, Path(tmp) / "p1.db", ProcessPoolBackend(workers=1), pages, n)
        two = _run("2 worker processes", root, Path(tmp) / "p2.db", ProcessPoolBackend(workers=2), pages, n)
        dask = None
        try:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None) as cluster, distributed.Client(cluster) as client:
                dask = _run("Dask LocalCluster (2)", root, Path(tmp) / "d.db", DaskBackend(client=client), pages, n)
        except ImportError:
            print("  Dask not installed (pip install yushen[dask])")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  2 workers: {two:.0f} pages/min (target >= 60,000), {two / floor:.2f} of the pypdfium2 floor; "
              f"1 -> 2 workers {two / one:.2f}x (target >= 1.9), serial -> 2 workers {two / serial:.2f}x")
        if dask:
            print(f"  Dask / local pool: {dask / two:.2f} (target >= 0.90)")
        print(f"  largest worker-process peak RSS: {children:.0f} MB")


if __name__ == "__main__":
    main()
