"""Archive scan throughput: pages/min and documents/min on a generated archive (default 1,000 documents of
~20 pages, every one different), with 1 and 2 local workers and a Dask LocalCluster of 2 workers; peak memory per
worker process. Target: ≥ 20,000 pages/min on 2 cores, near-linear in workers.

Run from the repository root:  python -m bench.bench_scan [N_DOCUMENTS]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from tests.builders import build_pdf
from tests.proposals import OWNER, complete
from yushen.rules.registry import ids

JURS = [j for j in ids() if j in OWNER]  # the registry's packs the proposal builder can write for


def make_archive(root: Path, n: int) -> int:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, items = complete(JURS[i % len(JURS)])
        filler = [(1, f"第十三章 补充说明{i}")] + [
            f"第{i}号文档补充材料第{k}段：系统应当按照统一规划、统一标准的原则建设，依托政务云部署，与数据共享交换平台"
            f"和统一身份认证平台对接，实现数据归集、治理、共享和开放，满足等级保护第三级要求。" * 3 for k in range(50)]
        build_pdf(root / f"doc{i:04d}.pdf", items + filler, title_page=title, header="政务信息化项目文档", footer="of")
    from yushen.extract import read_document

    return sum(read_document(p).pages or 0 for p in sorted(root.glob("*.pdf"))[:20]) * n // min(n, 20)


def _run(label: str, root: Path, db: Path, backend, pages: int, n: int) -> float:
    from yushen.scan.runner import run_scan

    t0 = time.perf_counter()
    summary = run_scan([str(root)], db, backend)
    dt = time.perf_counter() - t0
    print(f"  {label:<22} {dt:7.1f} s  {summary.pages / dt * 60:9.0f} pages/min  {n / dt * 60:7.0f} docs/min  "
          f"(ok {summary.ok}, errors {summary.errors})")
    return summary.pages / dt * 60


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from yushen.scan.backends import DaskBackend, ProcessPoolBackend, SerialBackend

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        t0 = time.perf_counter()
        pages = make_archive(root, n)
        print(f"archive: {n} PDFs, ~{pages} pages (generated in {time.perf_counter() - t0:.0f} s)")
        one = _run("serial (1 core)", root, Path(tmp) / "s.db", SerialBackend(), pages, n)
        _run("1 worker process", root, Path(tmp) / "p1.db", ProcessPoolBackend(workers=1), pages, n)
        two = _run("2 worker processes", root, Path(tmp) / "p2.db", ProcessPoolBackend(workers=2), pages, n)
        try:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                          dashboard_address=None) as cluster, distributed.Client(cluster) as client:
                _run("Dask LocalCluster (2)", root, Path(tmp) / "d.db", DaskBackend(client=client), pages, n)
                mem = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
                print(f"  Dask worker peak RSS: {', '.join(f'{v:.0f} MB' for v in mem.values())}")
        except ImportError:
            print("  Dask not installed (pip install yushen[dask])")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  largest worker-process peak RSS: {children:.0f} MB; scaling 1 → 2 cores: {two / one:.2f}x")


if __name__ == "__main__":
    main()
