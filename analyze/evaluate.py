"""Evaluation: per-label precision/recall/F1 on a labelled section file, and section/fact accuracy on a
document set with ground truth (the shared dev set's truth.json schema)."""

from __future__ import annotations

import json
from pathlib import Path

from .classify import SectionClassifier, classify_tree

FACT_KEYS = ("doc_type", "project_name", "owner", "investment_wan", "project_class", "jurisdiction")


def prf(gold: list[str], pred: list[str]) -> dict:
    labels = sorted(set(gold) | set(pred))
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[lab] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    present = [lab for lab in labels if per[lab]["support"]]
    macro = sum(per[lab]["f1"] for lab in present) / len(present) if present else 0.0
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"per_label": per, "macro_f1": macro, "accuracy": accuracy, "n": len(gold)}


def evaluate_sections(model: SectionClassifier, rows: list[dict]) -> dict:
    gold = [r["label"] for r in rows]
    pred = [model.predict_one(r["heading"], r.get("body", ""), r.get("parent_label")).label for r in rows]
    return prf(gold, pred)


def _fact_ok(key: str, got, want) -> bool:
    if key == "investment_wan":
        return got is not None and want is not None and abs(float(got) - float(want)) < 0.01
    if key in ("project_name", "owner") and isinstance(got, str) and isinstance(want, str):
        return "".join(got.split()) == "".join(want.split())
    return got == want


def evaluate_documents(model: SectionClassifier, truth_path: Path) -> dict:
    from ..extract import read_document
    from .facts import extract_facts
    from .segment import segment_headings

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    gold, pred, fact_hits, fact_total, misses = [], [], 0, 0, []
    tree_exact = 0
    for rec in truth["documents"]:
        tree = classify_tree(segment_headings(read_document(base / rec["file"])), model)
        secs = tree.sections()
        want = [s for s in rec["sections"] if not s.get("optional")]
        got_titles = ["".join(s.title.split()) for s in secs]
        tree_exact += got_titles == ["".join(s["title"].split()) for s in want]
        by_title = {"".join(s.title.split()): s for s in secs}
        for w in want:
            s = by_title.get("".join(w["title"].split()))
            g = w["label"]
            p = s.label if s else "(missing)"
            if s and p != g and p in w.get("labels_secondary", []):
                p = g  # the contract: a secondary topic predicted as primary counts
            gold.append(g)
            pred.append(p)
        facts = extract_facts(tree).document_fields()
        for k in FACT_KEYS:
            fact_total += 1
            if _fact_ok(k, facts[k], rec[k]):
                fact_hits += 1
            else:
                misses.append(f"{rec['id']}.{k}: got {facts[k]!r}, want {rec[k]!r}")
    result = prf(gold, pred)
    result["fact_accuracy"] = fact_hits / fact_total if fact_total else 0.0
    result["fact_misses"] = misses
    result["documents"] = len(truth["documents"])
    result["trees_exact"] = tree_exact
    return result


def plans_from_pair(row: dict):
    from .duplicates import ProposalPlans

    names = [row["project_name"].replace("建设项目", "").replace("项目", "")]
    mode = "upgrade" if "升级" in row["project_name"] or "基础上" in row["functions"] else "new"
    return ProposalPlans(names, row["functions"], "", row.get("owner", ""), mode, row["project_name"],
                         row.get("current", ""))


def evaluate_duplicate_pairs(index, rows: list[dict]) -> dict:
    """recall@3 over positives (every listed duplicate among the top 3 candidates) and the false-alarm rate
    (a likely_duplicate verdict on a system that is neither a duplicate nor acceptable to list)."""
    positives = [r for r in rows if r["duplicates"]]
    hits, misses, false_alarms, listed = 0, [], [], 0
    for r in rows:
        cands = index.match(plans_from_pair(r), limit=5)
        top3 = [c.inventory_id for c in cands[:3]]
        if r["duplicates"]:
            if all(d in top3 for d in r["duplicates"]):
                hits += 1
            else:
                misses.append(f"{r['id']}: want {r['duplicates']}, top3 {top3}")
        allowed = set(r["duplicates"]) | set(r.get("also_ok", []))
        bad = [c.inventory_id for c in cands if c.verdict == "likely_duplicate" and c.inventory_id not in allowed]
        listed += sum(1 for c in cands if c.verdict == "likely_duplicate")
        if bad:
            false_alarms.append(f"{r['id']}: likely_duplicate {bad}")
    hard = [r for r in rows if r.get("hard_negatives")]
    hard_alarms = sum(1 for r in hard for c in index.match(plans_from_pair(r), limit=5)
                      if c.verdict == "likely_duplicate" and c.inventory_id in r["hard_negatives"])
    return {"pairs": len(rows), "positives": len(positives), "recall_at_3": hits / len(positives) if positives else 0,
            "misses": misses, "proposals_with_false_alarm": len(false_alarms), "false_alarms": false_alarms,
            "false_alarm_rate": len(false_alarms) / len(rows) if rows else 0,
            "hard_negative_likely": hard_alarms, "likely_listed": listed}
