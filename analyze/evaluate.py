"""Evaluation: per-label precision/recall/F1 on a labelled section file, and section/fact accuracy on a
document set with ground truth (the shared dev set's truth.json schema)."""

from __future__ import annotations

import unicodedata

from .classify import SectionClassifier

# Jurisdiction is the governing pack, decided in pipeline/ (scored by pipeline.evaluate with the not-a-proposal
# gate); here the facts a document states itself.
FACT_KEYS = ("doc_type", "project_name", "owner", "investment_wan", "project_class")


def title_key(title: str) -> str:
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


def fact_ok(key: str, got, want) -> bool:
    if key == "investment_wan":
        return got is not None and want is not None and abs(float(got) - float(want)) < 0.01
    if key in ("project_name", "owner") and isinstance(got, str) and isinstance(want, str):
        return "".join(got.split()) == "".join(want.split())
    return got == want


def second_batch(rec: dict) -> bool:
    """The dev set's second batch (another author): its records carry ``expected_ruleset``."""
    return "expected_ruleset" in rec


# --- form invariance (issue 11) --------------------------------------------------------------------------------

def score_outline(got: list[dict], want: list[dict], key=title_key) -> dict:
    """Compare a review's sections (``title``, ``level``, ``label``, ``labels_secondary``) with the expected
    headings (``title``, ``level``, ``label``, ``secondary``), in document order. Nodes before the first matched
    heading are the title page and are not counted; ``key`` makes titles comparable (e.g. without numbers)."""
    keys = [key(g["title"]) for g in got]
    pos, matched, first = 0, [], None
    for w in want:
        k = key(w["title"])
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
