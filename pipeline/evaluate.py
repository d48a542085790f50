"""Score whole reviews against a dev set's truth: missing mandatory sections and planted content violations,
per document, plus false alarms on complete documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..analyze.classify import SectionClassifier
from ..analyze.dup_eval import PAIR_SETS, evaluate_pair_set, score_rows
from ..analyze.evaluate import (
    FACT_KEYS,
    fact_ok,
    missing_verdicts,
    prf,
    score_outline,
    second_batch,
    title_key,
)
from ..core.errors import YushenError
from ..core.report import sections_json
from . import analyse, review_file
from .inventory_index import load_index

FACT_FIELDS = ("doc_type", "project_class", "investment_wan", "owner", "project_name")


def _group(rec: dict) -> str:
    # the second batch (another author, other conventions) carries fields the first 14 records lack
    return "new 8" if "expected_ruleset" in rec else "first 14"


def evaluate_reviews(model: SectionClassifier, truth_path: Path) -> dict:
    """Whole reviews against the truth: the not-a-proposal gate, jurisdiction and rule pack, the document facts,
    missing mandatory sections and planted violations — per document and per group of authors."""
    from ..analyze.doc_kind import document_kind
    from . import review_analysed

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


# --- section labels and facts on the dev set (scoring in analyze/evaluate.py) ----------------------------------

def evaluate_documents(model: SectionClassifier, truth_path: Path) -> dict:
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    gold, pred, fact_hits, fact_total, misses = [], [], 0, 0, []
    tree_exact = 0
    per_document = []
    for rec in truth["documents"]:
        tree, facts = analyse(base / rec["file"], model)
        secs = tree.sections()
        want = [s for s in rec["sections"] if not s.get("optional")]
        got_titles = [title_key(s.title) for s in secs]
        exact = got_titles == [title_key(s["title"]) for s in want]
        tree_exact += exact
        by_title = {title_key(s.title): s for s in secs}
        row = {"id": rec["id"], "second_batch": second_batch(rec), "tree_exact": exact, "headings": len(want),
               "found": 0, "labels_ok": 0, "wrong_labels": [], "fact_misses": []}
        for w in want:
            s = by_title.get(title_key(w["title"]))
            g = w["label"]
            p = s.label if s else "(missing)"
            if s and p != g and p in w.get("labels_secondary", []):
                p = g  # the contract: a secondary topic predicted as primary counts
            gold.append(g)
            pred.append(p)
            if s is not None:
                row["found"] += 1
                row["labels_ok"] += p == g
                if p != g:
                    row["wrong_labels"].append(f"{w['title']}: {p} (want {g})")
        facts = facts.document_fields()
        for k in FACT_KEYS if not rec.get("expected_error") else ():  # not a proposal: gated, no facts
            fact_total += 1
            if fact_ok(k, facts[k], rec[k]):
                fact_hits += 1
            else:
                misses.append(f"{rec['id']}.{k}: got {facts[k]!r}, want {rec[k]!r}")
                row["fact_misses"].append(k)
        per_document.append(row)
    result = prf(gold, pred)
    result["fact_accuracy"] = fact_hits / fact_total if fact_total else 0.0
    result["fact_misses"] = misses
    result["documents"] = len(truth["documents"])
    result["trees_exact"] = tree_exact
    result["per_document"] = per_document
    for name, rows in (("first_batch", [r for r in per_document if not r["second_batch"]]),
                       ("second_batch", [r for r in per_document if r["second_batch"]])):
        n, found = sum(r["headings"] for r in rows), sum(r["found"] for r in rows)
        ok = sum(r["labels_ok"] for r in rows)
        result[name] = {"documents": len(rows), "label_accuracy": ok / n if n else 0.0,
                        "label_accuracy_found": ok / found if found else 0.0}
    return result


# --- form invariance ----------------------------------------------------------------------------------------

def review_form(path: Path, model: SectionClassifier) -> tuple[list[dict], list[str] | None]:
    """(sections, missing labels) of one rendered file; missing is None when the file cannot be reviewed."""
    try:
        report = review_file(path, model)
    except YushenError:
        tree, _ = analyse(path, model)
        return sections_json(tree), None
    return report.sections, missing_verdicts(report)


def form_case(model: SectionClassifier, path: Path, expected: list[dict], numbered: bool, want_missing,
              unnumbered=None) -> dict:
    """Score one (document, form) rendering: outline, labels and missing-section verdicts."""
    sections, missing = review_form(path, model)
    key = title_key if numbered or unnumbered is None else (lambda t: title_key(unnumbered(t)))
    row = score_outline(sections, expected, key)
    row["missing"] = missing
    row["want_missing"] = None if want_missing is None else sorted(want_missing)
    return row


# --- duplicate construction on the dev set (scoring in analyze/dup_eval.py) ----------------------------------

def _batch(base: Path, doc_id: str) -> str:
    """The dev set's batch of a document, from its source's front matter (``set: 2``); "1" when not stated."""
    src = base / "tools" / "src" / f"{doc_id}.md"
    try:
        head = src.read_text(encoding="utf-8")[:400]
    except OSError:
        return "1"
    m = re.search(r"^set:\s*(\S+)", head, re.MULTILINE)
    return m.group(1) if m else "1"


def evaluate_devset(model, truth_path: Path) -> dict:
    """The dev set's documents per batch (the first authors' documents and the newer ones)."""
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    index = load_index(base / truth["inventory"])
    groups: dict[str, tuple[list, list]] = {}
    for rec in truth["documents"]:
        try:
            found = review_file(base / rec["file"], model, index=index).duplicates
        except YushenError:  # a document that is not a proposal is not reviewed: nothing to call a duplicate
            found = []
        rows, ranked = groups.setdefault(_batch(base, rec["id"]), ([], []))
        rows.append(rec)
        ranked.append(found)
    return {f"dev set (batch {b}, {len(rows)} documents)": score_rows(rows, ranked)
            for b, (rows, ranked) in sorted(groups.items())}


def evaluate_all(model=None, truth_path: Path | None = None) -> dict:
    out = {f"corpus/duplicates/{p}": evaluate_pair_set(p, inv) for p, inv in PAIR_SETS}
    if truth_path is not None and model is not None:
        out.update(evaluate_devset(model, truth_path))
    return out
