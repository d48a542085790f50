"""Evaluation: per-label precision/recall/F1 on a labelled section file, and section/fact accuracy on a
document set with ground truth (the shared dev set's truth.json schema)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from .classify import SectionClassifier, classify_tree

# Jurisdiction is the governing pack, decided in pipeline/ (scored by pipeline.evaluate with the not-a-proposal
# gate); here the facts a document states itself.
FACT_KEYS = ("doc_type", "project_name", "owner", "investment_wan", "project_class")


def _key(title: str) -> str:
    """Titles compared as the contract normalises them: whitespace-free, full-width digits and stops as ASCII
    ("１．项目背景" in truth, "1．项目背景" in the normalised document)."""
    return "".join(unicodedata.normalize("NFKC", title).split())


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


def second_batch(rec: dict) -> bool:
    """The dev set's second batch (another author): its records carry ``expected_ruleset``."""
    return "expected_ruleset" in rec


def evaluate_documents(model: SectionClassifier, truth_path: Path) -> dict:
    from ..extract import read_document
    from .facts import extract_facts
    from .segment import segment_headings

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    base = Path(truth_path).parent
    gold, pred, fact_hits, fact_total, misses = [], [], 0, 0, []
    tree_exact = 0
    per_document = []
    for rec in truth["documents"]:
        tree = classify_tree(segment_headings(read_document(base / rec["file"])), model)
        secs = tree.sections()
        want = [s for s in rec["sections"] if not s.get("optional")]
        got_titles = [_key(s.title) for s in secs]
        exact = got_titles == [_key(s["title"]) for s in want]
        tree_exact += exact
        by_title = {_key(s.title): s for s in secs}
        row = {"id": rec["id"], "second_batch": second_batch(rec), "tree_exact": exact, "headings": len(want),
               "found": 0, "labels_ok": 0, "wrong_labels": [], "fact_misses": []}
        for w in want:
            s = by_title.get(_key(w["title"]))
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
        facts = extract_facts(tree).document_fields()
        for k in FACT_KEYS if not rec.get("expected_error") else ():  # not a proposal: gated, no facts
            fact_total += 1
            if _fact_ok(k, facts[k], rec[k]):
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


# --- form invariance (issue 11) --------------------------------------------------------------------------------

def score_outline(got: list[dict], want: list[dict], title_key=_key) -> dict:
    """Compare a review's sections (``title``, ``level``, ``label``, ``labels_secondary``) with the expected
    headings (``title``, ``level``, ``label``, ``secondary``), in document order. Nodes before the first matched
    heading are the title page and are not counted; ``title_key`` makes titles comparable (e.g. without numbers)."""
    keys = [title_key(g["title"]) for g in got]
    pos, matched, first = 0, [], None
    for w in want:
        k = title_key(w["title"])
        j = next((j for j in range(pos, len(got)) if keys[j] == k), None)
        if j is None:
            matched.append(None)
            continue
        first = j if first is None else first
        matched.append(got[j])
        pos = j + 1
    counted = len(got) - (first or 0) if first is not None else len(got)
    hits = [m for m in matched if m is not None]
    levels_ok = sum(1 for w, m in zip(want, matched, strict=True) if m is not None and m["level"] == w["level"])
    labels_ok = sum(1 for w, m in zip(want, matched, strict=True) if m is not None and
                    (m["label"] == w["label"] or m["label"] in w.get("secondary", [])))
    return {"want": len(want), "got": counted, "matched": len(hits), "levels_ok": levels_ok, "labels_ok": labels_ok,
            "exact": len(hits) == len(want) == counted and levels_ok == len(want),
            "misses": [w["title"] for w, m in zip(want, matched, strict=True) if m is None],
            "wrong_labels": [f"{w['title']}: {m['label']} (want {w['label']})"
                             for w, m in zip(want, matched, strict=True) if m is not None and
                             m["label"] != w["label"] and m["label"] not in w.get("secondary", [])]}


def missing_verdicts(report) -> list[str]:
    """Labels the rule pack reports missing: fail findings whose rule id ends in ``_section``."""
    return sorted({f.label for f in report.findings if f.status == "fail" and f.rule.endswith("_section")})


def review_form(path: Path, model: SectionClassifier) -> tuple[list[dict], list[str] | None]:
    """(sections, missing labels) of one rendered file; missing is None when the file cannot be reviewed."""
    from ..core.errors import YushenError
    from ..pipeline import analyse, review_file
    from ..report.outline import sections_json

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
    key = _key if numbered or unnumbered is None else (lambda t: _key(unnumbered(t)))
    row = score_outline(sections, expected, key)
    row["missing"] = missing
    row["want_missing"] = None if want_missing is None else sorted(want_missing)
    return row


def summarise_forms(rows: list[dict]) -> dict:
    """Per-form table: heading precision/recall, label accuracy, missing-section F1, exact outlines, false
    'missing' verdicts on complete documents."""
    out: dict[str, dict] = {}
    for form in dict.fromkeys(r["form"] for r in rows):
        rs = [r for r in rows if r["form"] == form]
        got, want, matched = (sum(r[k] for r in rs) for k in ("got", "want", "matched"))
        scored = [r for r in rs if r["want_missing"] is not None and r["missing"] is not None]
        tp = sum(len(set(r["missing"]) & set(r["want_missing"])) for r in scored)
        fp = sum(len(set(r["missing"]) - set(r["want_missing"])) for r in scored)
        fn = sum(len(set(r["want_missing"]) - set(r["missing"])) for r in scored)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        out[form] = {"documents": len(rs), "heading_precision": matched / got if got else 0.0,
                     "heading_recall": matched / want if want else 0.0,
                     "level_accuracy": sum(r["levels_ok"] for r in rs) / want if want else 0.0,
                     "label_accuracy": sum(r["labels_ok"] for r in rs) / want if want else 0.0,
                     "missing_f1": f1, "missing_tp": tp, "missing_fp": fp, "missing_fn": fn,
                     "outlines_exact": sum(r["exact"] for r in rs),
                     "false_missing_on_complete": sum(1 for r in scored if not r["want_missing"] and r["missing"])}
    return out


def forms_table(summary: dict) -> str:
    head = (f"{'form':<16} {'docs':>4} {'head P':>7} {'head R':>7} {'levels':>7} {'labels':>7} {'miss F1':>7} "
            f"{'exact':>6} {'FP on complete':>14}")
    lines = [head, "-" * len(head)]
    for form, s in summary.items():
        lines.append(f"{form:<16} {s['documents']:>4} {s['heading_precision']:>7.3f} {s['heading_recall']:>7.3f} "
                     f"{s['level_accuracy']:>7.3f} {s['label_accuracy']:>7.3f} {s['missing_f1']:>7.3f} {s['outlines_exact']:>6} "
                     f"{s['false_missing_on_complete']:>14}")
    return "\n".join(lines)
