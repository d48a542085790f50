"""Duplicate check at inventory scale: a generated 100k-row inventory — import time, index build time (places
included), ms per query (the labelled proposals of both pair sets, their subsystems queried too), peak memory;
then duplicates inside the inventory (``yushen inventory duplicates``) on the first 10k rows. Targets: query
median ≤ 5 ms and p95 ≤ 20 ms, ≤ 1 GB, inventory duplicates of 10k rows ≤ 2 min. Last, what a prepared index
costs a fresh process after a plain check (what ``check --inventory`` adds, item by item; issue 17), and what the
queries would cost without numpy.
Run from the repository root:  python -m bench.bench_inventory [ROWS] [DUP_ROWS]
"""

from __future__ import annotations

import csv
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus.tools.make_inventory import ANCHORS, DEPARTMENTS, TEMPLATES

CITIES = ["包头市", "赤峰市", "济宁市", "阳泉市", "呼和浩特市", "通辽市", "乌海市", "临沂市", "太原市", "长治市",
          "晋中市", "菏泽市", "德州市", "聊城市", "滨州市", "淄博市", "潍坊市", "烟台市", "威海市", "日照市"]
COUNTIES = ["东区", "西区", "南区", "北区", "新区", "高新区", "开发区", "一县", "二县", "三县", "四旗", "五旗"]


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["序号", "信息系统名称", "主管部门", "功能描述", "上线时间", "运行状态"])
        for a in ANCHORS:
            w.writerow(a)
        n = 0
        while n < rows - len(ANCHORS):
            city = rng.choice(CITIES) + rng.choice(COUNTIES + [""] * 4)
            dept = rng.choice(list(DEPARTMENTS))
            system = rng.choice(DEPARTMENTS[dept])
            obj = system.replace("管理信息系统", "").replace("管理系统", "").replace("系统", "").replace("平台", "")
            desc = rng.choice(TEMPLATES).format(obj=obj) + rng.choice(TEMPLATES).format(obj=rng.choice(DEPARTMENTS[dept]))
            n += 1
            w.writerow([f"G-{n:06d}", f"{city}{system}", f"{city}{dept}", desc, rng.randint(2010, 2024),
                        "在用" if rng.random() > 0.1 else "停用"])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    dup_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    from yushen.analyze.dup_eval import plans_from_pair
    from yushen.analyze.duplicates import InventoryIndex
    from yushen.analyze.inventory_dups import find_duplicates
    from yushen.inventory.importer import read_inventory
    from yushen.inventory.store import import_records

    pairs = [{**json.loads(line), "set": name} for name in ("pairs.jsonl", "pairs2.jsonl")
             for line in Path("corpus/duplicates", name).read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "inventory.csv"
        make_csv(src, rows)
        t0 = time.perf_counter()
        records, _ = read_inventory(src)
        t1 = time.perf_counter()
        import_records(Path(tmp) / "inv.db", records, str(src))
        t2, c2 = time.perf_counter(), time.process_time()
        index = InventoryIndex().fit(records)
        t3, build_cpu = time.perf_counter(), time.process_time() - c2
        index.save(Path(tmp) / "idx", with_records=True)
        t4 = time.perf_counter()
        prepared = InventoryIndex.load(Path(tmp) / "idx")  # memory-mapped, its own record file: no inventory read
        t5 = time.perf_counter()
        same = all([c.inventory_id for c in prepared.match(plans_from_pair(p))]
                   == [c.inventory_id for c in index.match(plans_from_pair(p))] for p in pairs)
        times, cpu, found = [], [], 0
        for _ in range(2):  # second round: the record-term cache is warm, as in a long-running service
            for p in pairs:
                plans = plans_from_pair(p)
                q0, c0 = time.perf_counter(), time.process_time()
                cands = index.match(plans)
                times.append((time.perf_counter() - q0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                anchored = p["set"] == "pairs.jsonl" and p["duplicates"]  # pairs2's inventory is not in this one
                found += bool(anchored) and all(d in [c.inventory_id for c in cands[:3]] for d in p["duplicates"])
        d0 = time.perf_counter()
        dup_index = InventoryIndex().fit(records[:dup_rows])
        d1, dc = time.perf_counter(), time.process_time()
        clusters, dup_pairs = find_duplicates(dup_index)
        d2, dc = time.perf_counter(), time.process_time() - dc
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        positives = sum(1 for p in pairs if p["set"] == "pairs.jsonl" and p["duplicates"]) * 2
        print(f"inventory {len(records)} rows; {len(pairs)} labelled proposals of pairs.jsonl + pairs2.jsonl queried "
              f"(recall counts pairs.jsonl, whose systems are the anchors of this inventory)")
        print(f"  read csv {t1 - t0:.1f} s, SQLite import {t2 - t1:.1f} s, index build {t3 - t2:.1f} s (CPU {build_cpu:.1f} s), "
              f"index save {t4 - t3:.1f} s, prepared index load {(t5 - t4) * 1000:.1f} ms "
              f"({'same' if same else 'DIFFERENT'} candidates as the built index)")
        # wall time counts waiting for the CPU when other processes share the machine; CPU time does not
        print(f"  query CPU time: median {statistics.median(cpu):.1f} ms, p95 {sorted(cpu)[int(len(cpu) * 0.95)]:.1f} ms")
        print(f"  query: median {statistics.median(times):.1f} ms, p95 {sorted(times)[int(len(times) * 0.95)]:.1f} ms "
              f"over {len(times)} queries (target median <= 5 ms, p95 <= 20 ms); recall@3 {found / positives:.3f}")
        print(f"  inventory duplicates of {dup_index.postings_.shape[1]} rows: index {d1 - d0:.1f} s, pairs "
              f"{d2 - d1:.1f} s (CPU {dc:.1f} s; target <= 120 s for 10k) -> {len(clusters)} clusters, {len(dup_pairs)} pairs")
        print(f"  peak memory {peak_mb:.0f} MB (target <= 1024 MB)")
        without_numpy(prepared, [plans_from_pair(p) for p in pairs])
        fresh_process_split(Path(tmp) / "inv.db", Path(tmp) / "cache")


def without_numpy(index, plans_list) -> None:
    """Could a check's queries do without numpy (its import is ~0.07 s of a fresh process)? The postings summed
    in pure Python (float32 kept by array('f'), as numpy sums) plus a top-k, against numpy's product and top-k, for
    the same texts: CPU ms per proposal with its subsystems. (Query weights come from numpy here; only the part
    that touches the postings is compared.)"""
    import heapq
    from array import array
    from itertools import repeat
    from operator import mul

    post = index.postings_
    data, indices, indptr = (memoryview(x).cast("B").cast(c) for x, c in
                             ((post.data, "f"), (post.indices, "i"), (post.indptr, "i" if post.indptr.itemsize == 4 else "q")))
    n = post.shape[1]
    numpy_ms, python_ms = [], []
    for plans in plans_list:
        texts = [plans.query_text()] + [s.name + " " + s.name + " " + s.text[:200] for s in plans.subsystems][:12]
        c0 = time.process_time()
        scores = index._queries(texts)
        if scores is None:
            continue
        for q in range(len(texts)):
            index._top(scores[:, q], 15 if q == 0 else 3, 0)
        c1 = time.process_time()
        rows = _query_rows(index, texts)
        c2 = time.process_time()
        for q, grams in enumerate(rows):
            acc, touched = array("f", bytes(4 * n)), set()
            for g, x in grams:
                a, b = indptr[g], indptr[g + 1]
                ids = indices[a:b].tolist()
                touched.update(ids)
                for j, v in zip(ids, array("f", map(mul, data[a:b], repeat(x))), strict=True):
                    acc[j] += v
            heapq.nlargest(15 if q == 0 else 3, touched, key=acc.__getitem__)
        c3 = time.process_time()
        numpy_ms.append((c1 - c0) * 1000)
        python_ms.append((c3 - c2) * 1000)
    print(f"  without numpy: postings summed in Python + top-k {statistics.median(python_ms):.1f} ms a proposal "
          f"against numpy's {statistics.median(numpy_ms):.1f} ms (medians over {len(numpy_ms)} proposals)")


def _query_rows(index, texts: list[str]) -> list[list[tuple[int, float]]]:
    """Each text's (n-gram, weight) pairs as the index weighs them."""
    import math

    import numpy as np

    from yushen.analyze.dup_text import char_ngrams, fold_synonyms

    out = []
    for text in texts:
        counts: dict[int, int] = {}
        for g in char_ngrams(fold_synonyms(text)):
            i = index.vocabulary_.get(g)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        w = np.fromiter(((1 + math.log(c)) for c in counts.values()), dtype=np.float32, count=len(counts))
        if len(w):
            w *= index.idf_[np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))]
            w /= np.linalg.norm(w) or 1.0
        out.append(list(zip(counts, w.tolist(), strict=True)))
    return out


# In a new process, after a plain check of a tiny file: each step of a check's inventory path for one labelled
# proposal (with its subsystems, so more than the tiny file's one query), CPU ms.
_SPLIT = """
import json, os, sys, time
from pathlib import Path
import yushen.cli
from yushen.analyze.dup_eval import plans_from_pair
from yushen.analyze.model_store import load_model
from yushen.pipeline import review_file
tiny = Path(os.environ["YUSHEN_CACHE"]) / "tiny.txt"
tiny.parent.mkdir(parents=True, exist_ok=True)
tiny.write_text("某市智慧停车平台建设项目可行性研究报告\\n第一章 项目概述\\n项目总投资300万元。\\n", encoding="utf-8")
review_file(tiny, load_model())  # a plain check first: its imports, model and tokenizer are loaded
plans = plans_from_pair(json.loads(sys.argv[2]))
numpy_before = "numpy" in sys.modules
out, c = {}, time.process_time
t = c(); import numpy; out["import numpy (if a plain check has not)"] = c() - t
t = c(); import sqlite3, yushen.inventory.store, yushen.analyze.duplicates, yushen.pipeline.inventory_index
out["import index modules, sqlite3"] = c() - t
from yushen.pipeline.inventory_index import load_index
t = c(); index = load_index(Path(sys.argv[1])); out["key (stored digest) + index load"] = c() - t
t = c(); ids = index._candidate_ids(plans, 15); out["queries"] = c() - t
t = c(); import rapidfuzz.fuzz; out["import rapidfuzz"] = c() - t
t = c(); [index._record_clauses(j) for j in ids]; out["candidates read and segmented"] = c() - t
t = c(); index.match(plans); out["scoring + evidence"] = c() - t
print(json.dumps({"numpy_before": numpy_before, **{k: v * 1000 for k, v in out.items()}}))
"""


def fresh_process_split(db: Path, cache: Path, runs: int = 7) -> None:
    import os
    import subprocess

    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "YUSHEN_CACHE": str(cache)}
    row = next(line for line in Path("corpus/duplicates/pairs.jsonl").read_text(encoding="utf-8").splitlines() if line)
    cmd = [sys.executable, "-c", _SPLIT, str(db), row]
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # prepares the index, warms the bytecode cache
    rows = [json.loads(subprocess.run(cmd, check=True, capture_output=True, env=env, text=True).stdout)
            for _ in range(runs)]
    parts = {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "numpy_before"}
    shown = {k: v for k, v in parts.items() if not (rows[0]["numpy_before"] and k.startswith("import numpy"))}
    print(f"  a prepared index in a fresh process after a plain check (pairs.jsonl's first proposal; CPU ms, medians "
          f"of {runs}): "
          + ", ".join(f"{k} {v:.1f}" for k, v in shown.items()) + f"; total {sum(shown.values()):.1f}"
          + (" (numpy already imported by the plain check)" if rows[0]["numpy_before"] else ""))


if __name__ == "__main__":
    main()
