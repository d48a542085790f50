"""Wall time of `yushen check` on a generated 200-page text PDF, including process start (target ≤ 1.5 s).

Run from the repository root:  python -m bench.bench_check
Prints the median of 5 runs of a fresh `python -m yushen check FILE --format json` process, and the
per-stage split measured in-process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_extract import _items
from tests.builders import build_pdf

TITLE = ["鄂尔多斯市智慧水务平台建设项目", "可行性研究报告", "项目建设单位：鄂尔多斯市水利局"]


def make_pdf(path: Path, pages: int = 200) -> int:
    from yushen.extract import read_document

    chapters = 60
    while True:
        build_pdf(path, _items(chapters), header="某市政务信息化项目可行性研究报告", footer="of", title_page=TITLE)
        n = read_document(path).pages or 0
        if n >= pages:
            return n
        chapters = int(chapters * pages / max(n, 1)) + 2


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "p200.pdf"
        pages = make_pdf(pdf)
        cmd = [sys.executable, "-m", "yushen", "check", str(pdf), "--format", "json"]
        # As installed: Python's bytecode cache on (this workplace sets PYTHONDONTWRITEBYTECODE, which makes
        # every process recompile every module).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(cmd, capture_output=True, env=env)  # warm file caches, bytecode and jieba's dict cache
        walls = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env)
            walls.append(time.perf_counter() - t0)
        start = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import yushen.cli"], capture_output=True, env=env)
            start.append(time.perf_counter() - t0)

        from yushen.analyze.classify import classify_tree
        from yushen.analyze.facts import extract_facts
        from yushen.analyze.model_store import load_model
        from yushen.analyze.segment import segment_headings
        from yushen.extract import read_document
        from yushen.pipeline import review_tree
        from yushen.rules.registry import load_pack

        t0 = time.perf_counter()
        model = load_model()
        model.predict_one("第一章 总论")
        t1 = time.perf_counter()
        doc = read_document(pdf)
        t2 = time.perf_counter()
        tree = segment_headings(doc)
        t3 = time.perf_counter()
        classify_tree(tree, model)
        t4 = time.perf_counter()
        facts = extract_facts(tree)
        report = review_tree(tree, facts, load_pack("ordos"), "bench")
        t5 = time.perf_counter()
        print(f"check {pages}-page PDF, fresh process: median {statistics.median(walls):.2f} s "
              f"(min {min(walls):.2f}, max {max(walls):.2f}; target <= 1.5 s)")
        print(f"  python start + CLI import: {statistics.median(start):.2f} s")
        print(f"  in-process: model+tokenizer {t1 - t0:.2f} s, extract {t2 - t1:.2f} s "
              f"({pages / (t2 - t1):.0f} pages/s), segment {t3 - t2:.2f} s, classify {len(tree.sections())} "
              f"sections {t4 - t3:.2f} s, facts+rules {t5 - t4:.2f} s ({len(report.findings)} findings)")


if __name__ == "__main__":
    main()
