"""`yushen check` as a user runs it (a fresh process each time), against its floors, in one run:

* a tiny text file (target ≤ 0.25 s whole process), and the same with ``--inventory`` of a prepared 100k-row
  inventory database (target: adds ≤ 0.1 s; the index is prepared by the first run and memory-mapped after);
* real text PDFs (LibreOffice exports with embedded fonts, bench/real_pdf.py) of about 100 / 250 / 1,000 / 2,000
  pages against a bare pypdfium2 text dump of the same file in a fresh process (target ≤ 3×), with pages/s;
* the same PDFs in one process: CPU ms per page of each stage (extract, segment, classify, facts, review).

Wall time counts waiting for a CPU when other processes share the machine; CPU time (user+sys of the child) does
not, so both are printed. Medians of RUNS runs.
Run from the repository root:  python -m bench.bench_check [PDF_CACHE_DIR] [RUNS] [--against OTHER_PYTHON]

``--against`` (say another checkout's ``.venv/bin/python``, or a script running this one with another checkout on
``PYTHONPATH``): the tiny check, then the real PDFs already in the cache, this interpreter's and the other's
processes alternating on the same file (and with the dump), with the median of the paired CPU ratios. A VM's speed varies a lot from
run to run, so a change is judged by paired runs, not by figures taken at different times. Then the in-process
split per stage (CPU ms a page) of each PDF, and of the PDFs of ``--split-dir DIR`` together (say an archive's
72-page proposals), the two interpreters' processes alternating, medians.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DUMP = ("import sys, pypdfium2 as pdfium\n"
        "doc = pdfium.PdfDocument(sys.argv[1])\n"
        "n = 0\n"
        "for page in doc:\n"
        "    tp = page.get_textpage(); n += len(tp.get_text_range()); tp.close(); page.close()\n"
        "print(n)\n")


def _env(**extra) -> dict:
    # As installed: Python's bytecode cache on (this workplace sets PYTHONDONTWRITEBYTECODE, which makes every
    # process recompile every module).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def timed(cmd: list[str], env: dict, runs: int) -> tuple[float, float]:
    """(median wall s, median CPU s) of ``runs`` fresh processes, after one warm-up."""
    import time

    subprocess.run(cmd, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def paired(tmp: Path, runs: int, other: str) -> None:
    """The tiny check, alternating this interpreter and ``other`` (each with its own warmed cache)."""
    tiny = tmp / "tiny.txt"
    tiny.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    sides = {"this": sys.executable, "other": other}
    envs = {name: _env(YUSHEN_CACHE=str(tmp / f"cache-{name}")) for name in sides}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for name, py in sides.items():
        timed([py, "-m", "yushen", "check", str(tiny), "--format", "json"], envs[name], 1)  # warm the cache
    for i in range(runs):
        for name in (sides if i % 2 == 0 else list(sides)[::-1]):
            results[name].append(timed([sides[name], "-m", "yushen", "check", str(tiny), "--format", "json"],
                                       envs[name], 1))
    for name, py in sides.items():
        print(f"tiny check, {name} ({py}): {statistics.median(w for w, _ in results[name]):.3f} s wall, "
              f"{statistics.median(c for _, c in results[name]):.3f} s CPU (medians of {runs})")
    ratio = statistics.median(a[1] / b[1] for a, b in zip(results["this"], results["other"], strict=True))
    print(f"paired CPU ratio this/other: {ratio:.3f} (target for this: <= 0.25 s CPU)")


def paired_pdfs(cache: Path, runs: int, other: str) -> None:
    """The real PDFs already in ``cache`` (made by a plain run), a check by this interpreter and by ``other``
    alternating with a bare dump, file by file: CPU medians, each side's ratio to the dump, and the median of the
    paired CPU ratios this/other."""
    env = _env()
    print(f"{'pages':>6} {'this CPU s':>10} {'other CPU s':>11} {'dump CPU s':>10} {'this/dump':>9} "
          f"{'other/dump':>10} {'this/other':>10}")
    for pdf in sorted(cache.glob("real*.pdf"), key=lambda p: int(p.stem[4:])):
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(pdf)))
        cmds = {"this": [sys.executable, "-m", "yushen", "check", str(pdf), "--format", "json"],
                "other": [other, "-m", "yushen", "check", str(pdf), "--format", "json"],
                "dump": [sys.executable, "-c", DUMP, str(pdf)]}
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        for cmd in cmds.values():
            subprocess.run(cmd, capture_output=True, env=env)  # warm-up (bytecode, caches, page cache)
        for i in range(runs):
            for name in (list(cmds) if i % 2 == 0 else list(cmds)[::-1]):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(cmds[name], capture_output=True, env=env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        med = {k: statistics.median(v) for k, v in cpu.items()}
        pair = statistics.median(a / b for a, b in zip(cpu["this"], cpu["other"], strict=True))
        print(f"{pages:>6} {med['this']:>10.2f} {med['other']:>11.2f} {med['dump']:>10.2f} "
              f"{med['this'] / med['dump']:>8.2f}x {med['other'] / med['dump']:>9.2f}x {pair:>10.3f}   "
              f"(medians of {runs}; target <= 3x the dump)", flush=True)


# The in-process split as a script of its own, so that another checkout's interpreter runs its own code: CPU ms a
# page of each analysis stage over the files given, as JSON (imports, model and packs warmed first).
SPLIT = """
import json, sys, time
from pathlib import Path
from yushen.analyze.classify import classify_tree
from yushen.analyze.facts import extract_facts
from yushen.analyze.model_store import load_model
from yushen.analyze.segment import segment_headings
from yushen.core.errors import YushenError
from yushen.extract import read_document
from yushen.pipeline import review_analysed
from yushen.rules.registry import default
model, registry = load_model(), default()
try:  # the collector as `check` sets it (where it does)
    from yushen.cli import _fewer_collections
    _fewer_collections()
except ImportError:
    pass
warm = Path(sys.argv[1])
tree = classify_tree(segment_headings(read_document(warm)), model)
review_analysed(tree, extract_facts(tree), registry=registry)
cpu = dict.fromkeys(("extract", "segment", "classify", "facts", "review"), 0.0)
pages = 0
for f in sys.argv[2:]:
    marks = [time.process_time()]
    doc = read_document(f)
    marks.append(time.process_time())
    tree = segment_headings(doc)
    marks.append(time.process_time())
    classify_tree(tree, model)
    marks.append(time.process_time())
    facts = extract_facts(tree)
    marks.append(time.process_time())
    try:
        review_analysed(tree, facts, registry=registry, plans=False)
    except YushenError:
        pass
    marks.append(time.process_time())
    for k, a, b in zip(cpu, marks, marks[1:]):
        cpu[k] += b - a
    pages += doc.pages or 1
print(json.dumps({k: v * 1000 / pages for k, v in cpu.items()}))
"""


def paired_split(groups: dict[str, list[Path]], runs: int, other: str, tmp: Path) -> None:
    """CPU ms a page of each stage, in one process per run, this interpreter's and ``other``'s alternating."""
    import json

    warm = tmp / "warm.txt"
    warm.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    sides = {"this": sys.executable, "other": other}
    print("in-process CPU ms a page, medians (this / other):")
    for name, files in groups.items():
        got: dict[str, list[dict]] = {k: [] for k in sides}
        for i in range(runs):
            for side in (list(sides) if i % 2 == 0 else list(sides)[::-1]):
                out = subprocess.run([sides[side], "-c", SPLIT, str(warm), *map(str, files)], capture_output=True,
                                     text=True, env=_env())
                got[side].append(json.loads(out.stdout.strip().splitlines()[-1]))
        stages = list(got["this"][0])
        med = {side: {k: statistics.median(r[k] for r in rows) for k in stages} for side, rows in got.items()}
        print(f"  {name}: " + ", ".join(f"{k} {med['this'][k]:.3f} / {med['other'][k]:.3f}" for k in stages) +
              f"; analysis (segment..review) {sum(med['this'][k] for k in stages[1:]):.3f} / "
              f"{sum(med['other'][k] for k in stages[1:]):.3f}", flush=True)


# What a whole `check FILE --format json` process spends outside the review, phase by phase (CPU ms): up to the
# CLI, the pipeline's imports with the model, review_file, the report as JSON (to_json, dumps), writing it, and what the
# process spends after its last line (teardown; 0 where the check ends its process at once). Run by ``main()``
# as the CLI is, so the collector and the exit are the check's own.
PHASES = """
import atexit, json, sys, time
T = [time.process_time()]
def mark():
    T.append(time.process_time())
import yushen.cli as cli
mark()
import yushen.pipeline as pipeline
from yushen.analyze.model_store import load_model
from yushen.core.report import Report
load_model()
mark()
review, to_json, echo = pipeline.review_file, Report.to_json, cli.typer.echo
def timed_review(*a, **k):
    mark(); r = review(*a, **k); mark(); return r
def timed_json(self):
    mark(); r = to_json(self); mark(); return r
def timed_echo(*a, **k):
    mark(); return echo(*a, **k)
pipeline.review_file, Report.to_json, cli.typer.echo = timed_review, timed_json, timed_echo
atexit.register(lambda: print(json.dumps(T + [time.process_time()]), file=sys.stderr))
sys.argv = ["yushen", "check", sys.argv[1], "--format", "json"]
cli.main()
"""


def phases(cache: Path, runs: int, other: str | None = None) -> None:
    """``PHASES`` for each real PDF (this interpreter's, and ``other``'s alternating when given): medians of CPU ms
    per phase, and the process's CPU beyond its last mark (teardown)."""
    import json

    sides = {"this": sys.executable, **({"other": other} if other else {})}
    names = ("interpreter", "CLI import", "pipeline imports + model", "check set-up", "review_file",
             "after review", "to_json", "dumps", "write + exit handlers", "teardown")
    for pdf in sorted(cache.glob("real*.pdf"), key=lambda p: int(p.stem[4:])):
        got: dict[str, list[list[float]]] = {k: [] for k in sides}
        for i in range(runs):
            for side in (list(sides) if i % 2 == 0 else list(sides)[::-1]):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                out = subprocess.run([sides[side], "-c", PHASES, str(pdf)], capture_output=True, text=True,
                                     env=_env())
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                marks = json.loads(out.stderr.strip().splitlines()[-1])
                total = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                got[side].append([b - a for a, b in zip([0.0, *marks], marks, strict=False)] + [total - marks[-1], total])
        for side, rows in got.items():
            med = [statistics.median(r[k] for r in rows) * 1000 for k in range(len(rows[0]))]
            print(f"  {pdf.stem} {side}: " + ", ".join(f"{n} {v:.0f}" for n, v in zip(names, med[:-1], strict=True)) +
                  f"; process {med[-1]:.0f} ms CPU (medians of {runs})", flush=True)


def startup(tmp: Path, runs: int) -> None:
    from bench.bench_inventory import make_csv
    from yushen.inventory.importer import read_inventory
    from yushen.inventory.store import import_records

    tiny = tmp / "tiny.txt"
    tiny.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    env = _env(YUSHEN_CACHE=str(tmp / "cache"))
    py = [sys.executable]
    floor = timed(py + ["-c", "pass"], env, runs)
    check = timed(py + ["-m", "yushen", "check", str(tiny), "--format", "json"], env, runs)
    print(f"tiny check: {check[0]:.3f} s wall, {check[1]:.3f} s CPU (target <= 0.25 s); "
          f"bare python start {floor[0]:.3f} s / {floor[1]:.3f} s")
    csv_path, db = tmp / "inv.csv", tmp / "inv.db"
    make_csv(csv_path, 100_000)
    import_records(db, read_inventory(csv_path)[0], str(csv_path))
    cmd = py + ["-m", "yushen", "check", str(tiny), "--format", "json", "--inventory", str(db)]
    import time

    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=env)
    prepare = time.perf_counter() - t0
    # Paired: a plain check and one with the inventory alternate, so the VM's drifting speed hits both alike.
    plain_cmd = py + ["-m", "yushen", "check", str(tiny), "--format", "json"]
    plain, inv = [], []
    for i in range(runs):
        for which in ((plain, plain_cmd), (inv, cmd)) if i % 2 == 0 else ((inv, cmd), (plain, plain_cmd)):
            which[0].append(timed(which[1], env, 1))
    added = statistics.median(b[1] - a[1] for a, b in zip(plain, inv, strict=True))
    print(f"  --inventory of a prepared 100k-row index: {statistics.median(w for w, _ in inv):.3f} s wall, "
          f"{statistics.median(c for _, c in inv):.3f} s CPU -> adds {added:+.3f} s CPU (median of {runs} "
          f"alternating pairs; target <= 0.1 s); first run (index built) {prepare:.1f} s")


def pdfs(cache: Path, runs: int) -> None:
    from bench.real_pdf import have_soffice, make_real_pdf

    if not have_soffice():
        print("real PDFs: LibreOffice (soffice) not installed, skipped")
        return
    cache.mkdir(parents=True, exist_ok=True)
    env = _env()
    print(f"{'pages':>6} {'check s':>8} {'CPU s':>7} {'pages/s':>8} {'dump s':>7} {'CPU s':>7} "
          f"{'ratio wall':>10} {'ratio CPU':>9}")
    for target in (100, 250, 1000, 2000):
        pdf = cache / f"real{target}.pdf"
        if pdf.exists():
            import pypdfium2 as pdfium

            pages = len(pdfium.PdfDocument(str(pdf)))
        else:
            pdf, pages = make_real_pdf(pdf, target)
        check = timed([sys.executable, "-m", "yushen", "check", str(pdf), "--format", "json"], env, runs)
        dump = timed([sys.executable, "-c", DUMP, str(pdf)], env, runs)
        print(f"{pages:>6} {check[0]:>8.2f} {check[1]:>7.2f} {pages / check[0]:>8.0f} {dump[0]:>7.2f} {dump[1]:>7.2f} "
              f"{check[0] / dump[0]:>9.1f}x {check[1] / dump[1]:>8.1f}x   (target <= 3x)")


def split(cache: Path) -> None:
    """Where a check's CPU time goes, per page, in one process: extract, segment, classify, facts, review (gate,
    pack, rules, plans). Imports, model and packs are warmed on a small document first; each PDF is read once, so
    nothing remembered from an earlier pass of the same headings counts."""
    import time

    from yushen.analyze.classify import classify_tree
    from yushen.analyze.facts import extract_facts
    from yushen.analyze.model_store import load_model
    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document
    from yushen.pipeline import review_analysed
    from yushen.rules.registry import default

    model, registry = load_model(), default()
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
        tree = classify_tree(segment_headings(read_document(warm)), model)
        review_analysed(tree, extract_facts(tree), registry=registry)
    print("in-process split, CPU ms per page:")
    for pdf in sorted(cache.glob("real*.pdf"), key=lambda p: int(p.stem[4:])):
        marks = [time.process_time()]
        doc = read_document(pdf)
        marks.append(time.process_time())
        tree = segment_headings(doc)
        marks.append(time.process_time())
        tree = classify_tree(tree, model)
        marks.append(time.process_time())
        facts = extract_facts(tree)
        marks.append(time.process_time())
        review_analysed(tree, facts, registry=registry, plans=False)  # as a single check does
        marks.append(time.process_time())
        pages = doc.pages or max((b.page or 0 for b in doc.blocks), default=0) or 1
        names = ("extract", "segment", "classify", "facts", "review")
        print(f"  {pages:>5} pages: " + ", ".join(f"{k} {(b - a) * 1000 / pages:.2f}"
                                                   for k, a, b in zip(names, marks, marks[1:], strict=False)))


def main() -> None:
    args = sys.argv[1:]
    if "--phases" in args:  # python -m bench.bench_check PDF_DIR RUNS --phases [OTHER_PYTHON]
        at = args.index("--phases")
        other = args[at + 1] if len(args) > at + 1 else None
        phases(Path(args[0]), int(args[1]), other)
        return
    split_dir = None
    if "--split-dir" in args:
        at = args.index("--split-dir")
        split_dir, args = Path(args[at + 1]), args[:at] + args[at + 2:]
    if "--against" in args:
        at = args.index("--against")
        other, args = args[at + 1], args[:at] + args[at + 2:]
        runs = int(args[1]) if len(args) > 1 else 11
        with tempfile.TemporaryDirectory() as tmp:
            paired(Path(tmp), runs, other)
        cache = Path(args[0]) if args else Path(tempfile.gettempdir()) / "yushen-bench-pdfs"
        if cache.exists():
            paired_pdfs(cache, runs, other)
        groups = {f"{p.stem}": [p] for p in sorted(cache.glob("real*.pdf"), key=lambda p: int(p.stem[4:]))} \
            if cache.exists() else {}
        if split_dir is not None:
            groups[f"{split_dir} ({len(list(split_dir.glob('*.pdf')))} PDFs)"] = sorted(split_dir.glob("*.pdf"))
        with tempfile.TemporaryDirectory() as tmp:
            paired_split(groups, runs, other, Path(tmp))
        return
    cache = Path(args[0]) if args else Path(tempfile.gettempdir()) / "yushen-bench-pdfs"
    runs = int(args[1]) if len(args) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        startup(Path(tmp), runs)
    pdfs(cache, runs)
    if cache.exists():
        split(cache)


if __name__ == "__main__":
    main()
