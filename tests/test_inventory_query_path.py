"""The inventory index's query path (issue 17, cost of `check --inventory`): the postings are plain numpy CSR
arrays, so neither building, loading nor querying an index imports scipy; the results are the ones scipy's sparse
product gave, to the bit; a prepared (memory-mapped) index matches exactly like the freshly built one; evidence is
read only for the systems a report lists, and is the same as when it was read for every candidate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from yushen.analyze.dup_eval import PAIR_SETS, plans_from_pair
from yushen.analyze.duplicates import InventoryIndex
from yushen.analyze.inventory_dups import find_duplicates
from yushen.inventory.importer import read_inventory

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "duplicates"


@pytest.fixture(scope="module")
def proposals() -> list[dict]:
    return [json.loads(line) for name, _ in PAIR_SETS
            for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[InventoryIndex, InventoryIndex]:
    """A generated inventory (the bench's generator: templated rows in 20 cities, many near-identical systems, so
    ties in the cosine are common) with the labelled systems in it; built, and prepared + loaded from disk."""
    from bench.bench_inventory import make_csv

    tmp = tmp_path_factory.mktemp("generated")
    make_csv(tmp / "inv.csv", 2500)
    built = InventoryIndex().fit(read_inventory(tmp / "inv.csv")[0])
    built.save(tmp / "idx", with_records=True)
    return built, InventoryIndex.load(tmp / "idx")


def _texts(plans) -> list[str]:
    return [plans.query_text()] + [s.name + " " + s.name + " " + s.text[:200] for s in plans.subsystems][:12]


def _scipy_product(index: InventoryIndex, texts: list[str]) -> np.ndarray | None:
    """The former query: the same query matrix times scipy's sparse row selection of the postings."""
    from scipy.sparse import csr_matrix

    captured = {}
    original = type(index.postings_).product

    def capture(self, rows, query):
        captured.update(rows=dict(rows), query=query.copy())
        return original(self, rows, query)

    type(index.postings_).product = capture
    try:
        ours = index._queries(texts)
    finally:
        type(index.postings_).product = original
    if ours is None:
        return None
    post = index.postings_
    matrix = csr_matrix((np.asarray(post.data), np.asarray(post.indices), np.asarray(post.indptr)), shape=post.shape)
    grams = np.fromiter(captured["rows"], dtype=np.int64, count=len(captured["rows"]))
    reference = np.asarray(matrix[grams].T @ captured["query"])
    assert ours.dtype == reference.dtype == np.float32
    return ours, reference


def test_query_scores_are_scipys_sparse_product_to_the_bit(generated, proposals):
    built, loaded = generated
    compared = 0
    for row in proposals:
        for index in (built, loaded):
            got = _scipy_product(index, _texts(plans_from_pair(row)))
            if got is None:
                continue
            ours, reference = got
            assert np.array_equal(ours, reference)  # the same float32 sums, so the same ranks and ties
            compared += 1
    assert compared >= len(proposals)


def test_single_text_queries_are_scipys_product_to_the_bit(generated):
    """One text (each system against the inventory, as `inventory duplicates` asks) takes the gather-and-scatter
    path, several texts (a proposal and its subsystems) the per-n-gram one: both sum as scipy did."""
    built, loaded = generated
    for index in (built, loaded):
        for j in range(0, len(index.records_), 50):
            r = index.records_[j]
            ours, reference = _scipy_product(index, [r.name + " " + r.name + " " + r.description[:400]])
            assert ours.shape == reference.shape and np.array_equal(ours, reference)


def test_built_postings_are_the_transpose_scipy_made(generated):
    """n-gram rows hold each system once, in increasing order (scipy's canonical CSR), and every system's
    weights still form a unit vector."""
    from scipy.sparse import csr_matrix

    built, _ = generated
    post = built.postings_
    matrix = csr_matrix((post.data, post.indices, post.indptr), shape=post.shape)
    assert matrix.has_canonical_format
    canonical = matrix.T.tocsr().T.tocsr()  # through system-major and back, as scipy orders it
    assert np.array_equal(canonical.indptr, post.indptr) and np.array_equal(canonical.indices, post.indices)
    assert np.array_equal(canonical.data, post.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=0)).ravel())
    assert np.allclose(norms[norms > 0], 1.0, atol=1e-5) and (norms > 0).mean() > 0.99


def test_prepared_index_matches_like_the_built_one_on_a_generated_inventory(generated, proposals):
    built, loaded = generated

    def seen(index):
        return [[(c.inventory_id, c.score, c.verdict, c.evidence, c.parts) for c in index.match(plans_from_pair(r))]
                + [index.candidates(plans_from_pair(r).query_text(), 15, index.plan_place(plans_from_pair(r)))]
                for r in proposals]

    got = seen(loaded)
    assert got == seen(built)
    assert sum(1 for row in got if len(row) > 1) >= 20  # the labelled systems are found among the generated ones


def test_inventory_self_duplicates_same_from_the_prepared_index(tmp_path):
    records = read_inventory(CORPUS / "inventory2.csv")[0]
    built = InventoryIndex().fit(records)
    built.save(tmp_path / "idx", with_records=True)
    loaded = InventoryIndex.load(tmp_path / "idx")

    def pairs(index):
        return [(p.a, p.b, p.score, p.name, p.functions) for p in find_duplicates(index)[1]]

    assert pairs(loaded) == pairs(built) and pairs(built)


def test_listed_systems_get_the_evidence_of_a_full_score(generated, proposals):
    """match() reads clause evidence only for the systems it lists; what they show is what score() gives."""
    built, _ = generated
    position = {r.id: j for j, r in enumerate(built.records_)}
    listed = 0
    for row in proposals:
        plans = plans_from_pair(row)
        for cand in built.match(plans, limit=50):
            score, parts, evidence = built.score(plans, position[cand.inventory_id])
            assert (cand.score, cand.parts) == (score, parts)
            assert cand.evidence == [{"proposal": e["proposal"], "inventory": e["inventory"],
                                      **({"terms": e["terms"]} if "terms" in e else {}), "field": e["field"]}
                                     for e in evidence] or not evidence
            listed += 1
    assert listed >= 20


def test_building_loading_and_querying_an_index_imports_no_scipy(tmp_path):
    """A check with a prepared inventory index pays for numpy only: scipy.sparse alone cost 0.1-0.2 s a process."""
    probe = ("import json, sys\n"
             "from pathlib import Path\n"
             "from yushen.pipeline.inventory_index import index_path, inventory_key, load_index\n"
             "from yushen.analyze.duplicates import InventoryIndex\n"
             "from yushen.analyze.dup_eval import plans_from_pair\n"
             "inv = Path(sys.argv[1])\n"
             "load_index(inv)\n"
             "index = InventoryIndex.load(index_path(inventory_key(inv)))\n"
             "row = json.loads(Path(sys.argv[2]).read_text(encoding='utf-8').splitlines()[0])\n"
             "found = index.match(plans_from_pair(row))\n"
             "print(json.dumps([len(found), sorted(m for m in sys.modules if m.split('.')[0] == 'scipy')]))\n")
    env = {**os.environ, "YUSHEN_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", probe, str(CORPUS / "inventory.csv"), str(CORPUS / "pairs.jsonl")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found, scipy_modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found >= 1 and scipy_modules == []
