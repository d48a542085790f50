"""Duplicates inside an inventory are the same in every process: no score sum or evidence order may follow the
iteration order of a set of strings, which changes with Python's per-process hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import json, sys
from pathlib import Path
from bench.bench_inventory import make_csv
from yushen.analyze.duplicates import InventoryIndex
from yushen.analyze.inventory_dups import find_duplicates
from yushen.inventory.importer import read_inventory
src = Path(sys.argv[1])
if not src.exists():
    make_csv(src, 2000)
pairs = find_duplicates(InventoryIndex().fit(read_inventory(src)[0]))[1]
print(json.dumps([[p.a, p.b, repr(p.score), p.evidence] for p in pairs], ensure_ascii=False))
"""


def _pairs(tmp_path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "inv.csv")], capture_output=True, text=True,
                          env=env, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_inventory_duplicates_do_not_depend_on_the_hash_seed(tmp_path):
    """A generated inventory (templated rows: many pairs whose shared terms tie on weight)."""
    first = _pairs(tmp_path, "1")
    assert first.count("terms") >= 10  # pairs whose evidence lists shared terms, where the order showed
    assert _pairs(tmp_path, "2") == first
