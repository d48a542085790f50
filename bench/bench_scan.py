"""Archive scan throughput on real-size text PDFs (LibreOffice exports with embedded fonts, ~75 pages each, as
real proposals; bench/real_pdf.py): pages/min with a serial run, 1 and 2 local worker processes and a Dask
LocalCluster of 2 workers, beside a bare pypdfium2 text dump of the same files on 2 processes (the floor).
Targets: ≥ 60,000 pages/min on 2 workers, 1 → 2 workers ≥ 1.9×, Dask within 10 % of the local pool (Dask runs on
the scan's own LocalCluster set-up, ``scan.backends.local_cluster``, and on a LocalCluster as it comes).

DISTINCT documents are exported once (different jurisdictions and fillers); the archive holds N_FILES files,
each a distinct document with its own trailing comment byte-variant, so every file has its own hash and is
reviewed (none is a byte-identical twin). CPU time of the parent process is printed: it is the share of the two
cores the workers do not get.
Each configuration runs REPEAT times (env BENCH_SCAN_REPEAT, default 1), interleaved (1 worker, 2 workers, Dask,
1 worker, …) so that the machine's load falls on all of them alike; medians are printed with the load average.
BENCH_SCAN_DIR keeps the generated archive there and reuses it (paired runs of two versions on the same files).

OCR: ``python -m bench.bench_scan ocr [PAGES]`` scans one scanned proposal of PAGES pages (170-dpi page images,
no text layer) with 1 and 2 worker processes, page by page, and with 2 workers file by file (one task per
document, as before pages were scheduled): OCR pages/min.
Run from the repository root:  python -m bench.bench_scan [N_FILES] [DISTINCT] [PAGES]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
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


def _children_cpu() -> float:
    """CPU seconds of this process's live children (a LocalCluster's worker processes)."""
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def _run(label: str, root: Path, db: Path, backend, pages: int, n: int, **kw) -> float:
    from yushen.scan.runner import run_scan

    db.unlink(missing_ok=True)
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    summary = run_scan([str(root)], db, backend, **kw)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    sent = getattr(backend, "sent", None)
    # Every process's CPU: the parent (with a LocalCluster's scheduler, nannies and client) and the worker
    # processes, all their threads (Dask: this process's children, alive since before the scan; pool: each
    # worker's own count at its last result, since it was forked in this scan).
    procs = sum(v for pid, v in getattr(summary, "worker_processes", {}).items() if pid != os.getpid())  # (serial)
    if sent:  # Dask: its worker processes' CPU beside what the review threads took, and the tasks sent
        procs = _children_cpu() - k0
        label_extra = f"  [Dask: {sent['tasks']} tasks ({sent['batched']} files in batches)]"
    else:
        label_extra = ""
    if procs:
        label_extra = (f"  worker processes {procs:.1f} CPU s, all processes {(procs + cpu) * 1000 / max(summary.pages, 1):.2f}"
                       f" ms CPU a page" + label_extra)
    worker_cpu = getattr(summary, "worker_cpu", 0.0)  # (absent in versions before it was kept: paired runs)
    # The parent's CPU is what the workers do not get (serial: everything runs in the parent).
    print(f"  {label:<24} {dt:7.1f} s  {summary.pages / dt * 60:9.0f} pages/min  {n / dt * 60:7.0f} docs/min  "
          f"parent CPU {cpu:5.1f} s  worker CPU {worker_cpu:5.1f} s "
          f"({summary.pages / max(worker_cpu, 1e-6) * 60:.0f} pages/CPU-min, {worker_cpu / dt:.2f} cores got)  "
          f"load {os.getloadavg()[0]:.1f}  "
          f"(ok {summary.ok}, errors {summary.errors}){label_extra}", flush=True)
    return max(summary.pages, 1) / dt * 60


def _archive(n: int, distinct: int, target_pages: int, tmp: Path) -> tuple[Path, int]:
    keep = os.environ.get("BENCH_SCAN_DIR")
    root = Path(keep) if keep else tmp / "archive"
    count = root.with_name(root.name + ".pages")  # beside the archive, not in it (it would be scanned)
    if keep and count.exists() and len(list(root.glob("*.pdf"))) == n:
        return root, int(count.read_text())
    t0 = time.perf_counter()
    pages = make_archive(root, n, distinct, target_pages)
    if keep:
        count.write_text(str(pages))
    print(f"archive generated in {time.perf_counter() - t0:.0f} s")
    return root, pages


def main() -> None:
    if sys.argv[1:2] == ["ocr"]:
        ocr_main(int(sys.argv[2]) if len(sys.argv) > 2 else 12)
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    distinct = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    target_pages = int(sys.argv[3]) if len(sys.argv) > 3 else 75
    repeat = int(os.environ.get("BENCH_SCAN_REPEAT", "1"))
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) not installed: no real PDFs to scan")
        return
    from yushen.scan.backends import DaskBackend, ProcessPoolBackend, SerialBackend, local_cluster

    print(f"load average at start {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores, shared)")
    with tempfile.TemporaryDirectory() as tmp:
        root, pages = _archive(n, distinct, target_pages, Path(tmp))
        print(f"archive: {n} PDFs ({distinct} distinct), {pages} pages, {pages / n:.0f} per file")
        floor = _floor(root, pages)
        serial = _run("serial (1 core)", root, Path(tmp) / "s.db", SerialBackend(), pages, n)
        runs: dict[str, list[float]] = {"one": [], "two": [], "dask": [], "dask_default": []}
        try:
            import distributed
        except ImportError:
            distributed = None
            print("  Dask not installed (pip install yushen[dask])")
        for _ in range(repeat):
            runs["one"].append(_run("1 worker process", root, Path(tmp) / "p1.db", ProcessPoolBackend(workers=1),
                                    pages, n))
            runs["two"].append(_run("2 worker processes", root, Path(tmp) / "p2.db", ProcessPoolBackend(workers=2),
                                    pages, n))
            if distributed is not None:
                # The scan's own cluster set-up (scan.backends.local_cluster), then a LocalCluster as it comes.
                with local_cluster(2) as cluster, distributed.Client(cluster) as client:
                    runs["dask"].append(_run("Dask local_cluster (2)", root, Path(tmp) / "d.db",
                                             DaskBackend(client=client), pages, n))
                with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                              dashboard_address=None) as cluster, \
                        distributed.Client(cluster) as client:
                    runs["dask_default"].append(_run("Dask LocalCluster (2)", root, Path(tmp) / "e.db",
                                                     DaskBackend(client=client), pages, n))
        one, two = statistics.median(runs["one"]), statistics.median(runs["two"])
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  medians of {repeat}: 2 workers {two:.0f} pages/min (target >= 60,000), {two / floor:.2f} of the "
              f"pypdfium2 floor; 1 -> 2 workers {two / one:.2f}x (target >= 1.9), serial -> 2 workers "
              f"{two / serial:.2f}x")
        pairs = [b / a for a, b in zip(runs["one"], runs["two"], strict=True)]
        print(f"  1 -> 2 workers per pair: {', '.join(f'{x:.2f}' for x in pairs)}")
        if runs["dask"]:
            ratios = [d / t for t, d in zip(runs["two"], runs["dask"], strict=True)]
            print(f"  Dask (local_cluster) / local pool: median {statistics.median(runs['dask']) / two:.2f} (target "
                  f">= 0.90); per pair: {', '.join(f'{x:.2f}' for x in ratios)}")
            ratios = [d / t for t, d in zip(runs["two"], runs["dask_default"], strict=True)]
            print(f"  Dask (LocalCluster as it comes) / local pool: median "
                  f"{statistics.median(runs['dask_default']) / two:.2f}; per pair: {', '.join(f'{x:.2f}' for x in ratios)}")
        print(f"  largest worker-process peak RSS: {children:.0f} MB; load average at the end "
              f"{os.getloadavg()[0]:.1f}")


def make_scanned(path: Path, pages: int, dpi: int = 170) -> int:
    """A scanned proposal: a generated proposal's pages rendered to 170-dpi images in an image-only PDF."""
    import pypdfium2 as pdfium

    from tests.builders import build_pdf

    title, items = complete("ordos")
    filler = []
    for ch in range(pages):
        filler.append((1, f"第{13 + ch}章 补充说明"))
        filler += [f"第{ch}章补充材料第{k}段：系统依托政务云部署，与数据共享交换平台对接，实现数据归集、治理和共享。" * 2
                   for k in range(8)]
    src = pdfium.PdfDocument(str(build_pdf(path.with_suffix(".src.pdf"), items + filler, title_page=title)))
    images = [src[k].render(scale=dpi / 72).to_pil().convert("RGB") for k in range(min(pages, len(src)))]
    src.close()
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return len(images)


def ocr_main(pages: int) -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        print("OCR not installed (pip install yushen[ocr])")
        return
    from yushen.scan.backends import ProcessPoolBackend

    print(f"load average at start {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores, shared)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "scans"
        root.mkdir()
        n = make_scanned(root / "scan.pdf", pages)
        (root / "scan.src.pdf").unlink()
        print(f"one scanned proposal of {n} pages (170 dpi, no text layer)")
        one = _run("1 worker, page by page", root, Path(tmp) / "o1.db", ProcessPoolBackend(workers=1, timeout_s=3600),
                   n, 1)
        two = _run("2 workers, page by page", root, Path(tmp) / "o2.db",
                   ProcessPoolBackend(workers=2, timeout_s=3600), n, 1)
        whole = _run("2 workers, file by file", root, Path(tmp) / "o3.db",
                     ProcessPoolBackend(workers=2, timeout_s=3600), n, 1, split_ocr=False)
        print(f"  OCR pages/min: 1 worker {one:.0f}, 2 workers {two:.0f} ({two / one:.2f}x); one task per document "
              f"on 2 workers {whole:.0f}; load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
