"""Score whole reviews against a dev set's truth: missing mandatory sections and planted content violations,
per document, plus false alarms on complete documents."""

from __future__ import annotations

import json
from pathlib import Path

from ..analyze.classify import SectionClassifier
from . import review_file

FACT_FIELDS = ("doc_type", "project_class", "investment_wan", "owner", "project_name")


def _group(rec: dict) -> str:
    # the second batch (another author, other conventions) carries fields the first 14 records lack
    return "new 8" if "expected_ruleset" in rec else "first 14"


def evaluate_reviews(model: SectionClassifier, truth_path: Path) -> dict:
    """Whole reviews against the truth: the not-a-proposal gate, jurisdiction and rule pack, the document facts,
    missing mandatory sections and planted violations — per document and per group of authors."""
    from ..analyze.doc_kind import document_kind
    from ..core.errors import YushenError
    from . import analyse, review_analysed

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    rows = []
    for rec in truth["documents"]:
        tree, facts = analyse(base / rec["file"], model)
        want_error = rec.get("expected_error")
        kind = document_kind(tree, facts)
        row = {"id": rec["id"], "group": _group(rec), "gate_ok": (not kind.is_proposal) == bool(want_error),
               "kind": kind.kind}
        want_m = sorted(rec["missing_mandatory"])
        want_v = sorted(v["id"] for v in rec["content_violations"])
        try:
            report = review_analysed(tree, facts)
        except YushenError as err:
            row.update(ruleset=None, jurisdiction=None, missing=[], violations=[], error=err.code.value)
        else:
            row.update(ruleset=report.ruleset, jurisdiction=report.document["jurisdiction"], error=None,
                       missing=sorted({f.label for f in report.findings
                                       if f.status == "fail" and f.rule.endswith("_section")}),
                       violations=sorted(f.rule for f in report.findings
                                         if f.status == "fail" and not f.rule.endswith("_section")))
        want_ruleset = rec.get("expected_ruleset", rec["jurisdiction"]) if not want_error else None
        row["ruleset_ok"] = row["ruleset"] == want_ruleset
        row["jurisdiction_ok"] = row["jurisdiction"] == (rec["jurisdiction"] if not want_error else None)
        row["facts"] = {}
        if not want_error:
            for name in FACT_FIELDS:
                got, want = getattr(facts, name).value, rec[name]
                ok = abs(got - want) < 0.01 if isinstance(want, float) and isinstance(got, float) else got == want
                row["facts"][name] = (ok, got, want)
        row.update(want_missing=want_m, want_violations=want_v, complete=rec.get("complete") is True,
                   exact=row["missing"] == want_m and row["violations"] == want_v and row["error"] == want_error)
        rows.append(row)
    groups = {g: _summary([r for r in rows if r["group"] == g]) for g in ("first 14", "new 8")}
    return {"documents": rows, **_summary(rows), "groups": groups}


def _summary(rows: list[dict]) -> dict:
    def count(key_got: str, key_want: str) -> dict:
        tp = sum(len(set(r[key_got]) & set(r[key_want])) for r in rows)
        fp = sum(len(set(r[key_got]) - set(r[key_want])) for r in rows)
        fn = sum(len(set(r[key_want]) - set(r[key_got])) for r in rows)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        return {"found": tp, "false_alarms": fp, "missed": fn, "f1": round(f1, 3)}

    facts: dict[str, list[int]] = {}
    misses = []
    for r in rows:
        for name, (ok, got, want) in r["facts"].items():
            facts.setdefault(name, [0, 0])
            facts[name][0] += ok
            facts[name][1] += 1
            if not ok:
                misses.append(f"{r['id']}.{name}: got {got!r}, want {want!r}")
    return {"n": len(rows), "exact": sum(r["exact"] for r in rows),
            "gate_correct": sum(r["gate_ok"] for r in rows),
            "ruleset_correct": sum(r["ruleset_ok"] for r in rows),
            "jurisdiction_correct": sum(r["jurisdiction_ok"] for r in rows),
            "facts": {k: {"correct": v[0], "n": v[1]} for k, v in facts.items()}, "fact_misses": misses,
            "false_missing_on_complete": sum(len(r["missing"]) for r in rows if r["complete"]),
            "missing_sections": count("missing", "want_missing"),
            "violations": count("violations", "want_violations")}


def evaluate_devset_duplicates(model: SectionClassifier, truth_path: Path) -> dict:
    """Per dev-set document: are the true duplicates among the top 3, and is anything else called likely?"""
    from ..core.errors import YushenError
    from .inventory_index import load_index

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    index = load_index(base / truth["inventory"])
    with_dups = hits = 0
    false_alarms: list[str] = []
    misses: list[str] = []
    for rec in truth["documents"]:
        try:
            report = review_file(base / rec["file"], model, index=index)
        except YushenError:  # not a proposal: gated, so nothing is called a duplicate
            continue
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
