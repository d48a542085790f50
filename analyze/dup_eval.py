"""Duplicate-construction figures on both labelled pair sets and on a dev set, each printed with its set.

recall@3 (every listed duplicate among the top 3), proposals with a false ``likely_duplicate``, likely on a hard
negative, and maintained systems recognised (an O&M plan's own system reported as ``maintained``).
"""

from __future__ import annotations

import json
from pathlib import Path

from .dup_plans import ProposalPlans, list_subsystems

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "duplicates"
PAIR_SETS = (("pairs.jsonl", "inventory.csv"), ("pairs2.jsonl", "inventory2.csv"))


def plans_from_pair(row: dict) -> ProposalPlans:
    names = [row["project_name"].replace("建设项目", "").replace("项目", "")]
    mode = "upgrade" if "升级" in row["project_name"] or "基础上" in row["functions"] else "new"
    return ProposalPlans(names, row["functions"], "", row.get("owner", ""), mode, row["project_name"],
                         row.get("current", ""), row.get("doc_type", ""), row.get("project_class", ""),
                         list_subsystems(row["functions"]))


def read_pairs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_rows(rows: list[dict], ranked: list[list]) -> dict:
    """Figures from each row's truth and its ranked candidates (DuplicateCandidate-like: inventory_id, verdict)."""
    pos = hits = hard_likely = with_false = maint_n = maint_ok = 0
    misses, false_alarms = [], []
    for r, cands in zip(rows, ranked, strict=True):
        top3 = [c.inventory_id for c in cands[:3]]
        if r["duplicates"]:
            pos += 1
            if all(d in top3 for d in r["duplicates"]):
                hits += 1
            else:
                misses.append(f"{r['id']}: want {r['duplicates']}, top3 {top3}")
        allowed = set(r["duplicates"]) | set(r.get("also_ok", r.get("duplicates_also_ok", [])))
        likely = [c.inventory_id for c in cands if c.verdict == "likely_duplicate"]
        bad = [i for i in likely if i not in allowed]
        # a dev-set hard negative names no system: anything called likely there is on a hard negative
        hard = set(r.get("hard_negatives", [])) if r.get("duplicate_role") != "hard_negative" else set(likely)
        hard_likely += sum(1 for i in likely if i in hard and i not in allowed)
        if bad:
            with_false += 1
            false_alarms.append(f"{r['id']}: likely_duplicate {bad}")
        for m in r.get("maintains", []):
            maint_n += 1
            got = {c.inventory_id: c.verdict for c in cands}
            if got.get(m) == "maintained":
                maint_ok += 1
            else:
                misses.append(f"{r['id']}: maintains {m}, got {got.get(m)}")
    return {"proposals": len(rows), "positives": pos, "recall_at_3": hits / pos if pos else 0.0,
            "proposals_with_false_likely": with_false, "hard_negative_likely": hard_likely,
            "maintained": maint_n, "maintained_recognised": maint_ok, "misses": misses, "false_alarms": false_alarms}


def evaluate_pair_set(pairs_file: str, inventory_file: str, corpus: Path = CORPUS) -> dict:
    from ..inventory.importer import read_inventory
    from .duplicates import InventoryIndex

    index = InventoryIndex().fit(read_inventory(corpus / inventory_file)[0])
    rows = read_pairs(corpus / pairs_file)
    return score_rows(rows, [index.match(plans_from_pair(r), limit=5) for r in rows])


def evaluation_text(result: dict) -> str:
    lines = ["", "== duplicate construction (per set)"]
    for name, d in result.items():
        lines.append(f"{name}: recall@3 {d['recall_at_3']:.3f} ({d['positives']} with duplicates)   "
                     f"false likely_duplicate on a hard negative {d['hard_negative_likely']}   proposals with a false "
                     f"likely_duplicate {d['proposals_with_false_likely']}/{d['proposals']}   maintained recognised "
                     f"{d['maintained_recognised']}/{d['maintained']}")
        lines += [f"  miss: {m}" for m in d["misses"]] + [f"  false alarm: {m}" for m in d["false_alarms"]]
    return "\n".join(lines)
