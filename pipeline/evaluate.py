"""Score whole reviews against a dev set's truth: missing mandatory sections and planted content violations,
per document, plus false alarms on complete documents."""

from __future__ import annotations

import json
from pathlib import Path

from ..analyze.classify import SectionClassifier
from . import review_file


def evaluate_reviews(model: SectionClassifier, truth_path: Path) -> dict:
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    rows = []
    for rec in truth["documents"]:
        report = review_file(base / rec["file"], model)
        missing = sorted({f.label for f in report.findings if f.status == "fail" and f.rule.endswith("_section")})
        violations = sorted(f.rule for f in report.findings if f.status == "fail" and not f.rule.endswith("_section"))
        want_m = sorted(rec["missing_mandatory"])
        want_v = sorted(v["id"] for v in rec["content_violations"])
        rows.append({"id": rec["id"], "ruleset": report.ruleset, "ruleset_ok": report.ruleset == rec["jurisdiction"],
                     "missing": missing, "want_missing": want_m, "violations": violations, "want_violations": want_v,
                     "exact": missing == want_m and violations == want_v})
    tp_m = sum(len(set(r["missing"]) & set(r["want_missing"])) for r in rows)
    fp_m = sum(len(set(r["missing"]) - set(r["want_missing"])) for r in rows)
    fn_m = sum(len(set(r["want_missing"]) - set(r["missing"])) for r in rows)
    tp_v = sum(len(set(r["violations"]) & set(r["want_violations"])) for r in rows)
    fp_v = sum(len(set(r["violations"]) - set(r["want_violations"])) for r in rows)
    fn_v = sum(len(set(r["want_violations"]) - set(r["violations"])) for r in rows)
    return {"documents": rows, "exact": sum(r["exact"] for r in rows), "n": len(rows),
            "ruleset_correct": sum(r["ruleset_ok"] for r in rows),
            "missing_sections": {"found": tp_m, "false_alarms": fp_m, "missed": fn_m},
            "violations": {"found": tp_v, "false_alarms": fp_v, "missed": fn_v}}


def evaluate_devset_duplicates(model: SectionClassifier, truth_path: Path) -> dict:
    """Per dev-set document: are the true duplicates among the top 3, and is anything else called likely?"""
    from .inventory_index import load_index

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    index = load_index(base / truth["inventory"])
    with_dups = hits = 0
    false_alarms: list[str] = []
    misses: list[str] = []
    for rec in truth["documents"]:
        report = review_file(base / rec["file"], model, index=index)
        top3 = [d.inventory_id for d in report.duplicates[:3]]
        if rec["duplicates"]:
            with_dups += 1
            if all(d in top3 for d in rec["duplicates"]):
                hits += 1
            else:
                misses.append(f"{rec['id']}: want {rec['duplicates']}, top3 {top3}")
        allowed = set(rec["duplicates"]) | set(rec.get("duplicates_also_ok", []))
        bad = [d.inventory_id for d in report.duplicates if d.verdict == "likely_duplicate" and d.inventory_id not in allowed]
        if bad:
            false_alarms.append(f"{rec['id']} ({rec['duplicate_role']}): likely_duplicate {bad}")
    return {"documents": len(truth["documents"]), "with_duplicates": with_dups,
            "recall_at_3": hits / with_dups if with_dups else 0.0, "misses": misses, "false_alarms": false_alarms}
