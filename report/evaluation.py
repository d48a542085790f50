"""Text rendering of evaluation results."""

from __future__ import annotations


def _table(res: dict) -> list[str]:
    lines = [f"{'label':<18}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for lab, m in sorted(res["per_label"].items()):
        lines.append(f"{lab:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}")
    lines.append(f"macro-F1 {res['macro_f1']:.3f}   accuracy {res['accuracy']:.3f}   n={res['n']}")
    return lines


def evaluation_text(result: dict) -> str:
    lines = [f"== sections: {result['split']}"] + _table(result["sections"])
    if "documents" in result:
        d = result["documents"]
        lines += ["", f"== dev-set documents ({d['documents']}): heading labels"] + _table(d)
        lines.append(f"heading trees exact: {d['trees_exact']}/{d['documents']}")
        lines.append(f"fact accuracy: {d['fact_accuracy']:.3f}")
        lines += [f"  miss: {m}" for m in d["fact_misses"]]
    if "duplicate_pairs" in result:
        d = result["duplicate_pairs"]
        lines += ["", f"== duplicate construction: corpus/duplicates/pairs.jsonl ({d['pairs']} proposals, "
                  f"{d['positives']} with duplicates)",
                  f"recall@3 {d['recall_at_3']:.3f}   proposals with a false likely_duplicate "
                  f"{d['proposals_with_false_alarm']}/{d['pairs']} ({d['false_alarm_rate']:.3f})   "
                  f"likely_duplicate on a hard negative: {d['hard_negative_likely']}"]
        lines += [f"  miss: {m}" for m in d["misses"]] + [f"  false alarm: {m}" for m in d["false_alarms"]]
    if "devset_duplicates" in result:
        d = result["devset_duplicates"]
        lines += ["", f"== duplicate construction: dev set ({d['documents']} documents, {d['with_duplicates']} with "
                  f"duplicates)", f"recall@3 {d['recall_at_3']:.3f}   documents with a false likely_duplicate "
                  f"{len(d['false_alarms'])}/{d['documents']}"]
        lines += [f"  miss: {m}" for m in d["misses"]] + [f"  false alarm: {m}" for m in d["false_alarms"]]
    if "reviews" in result:
        r = result["reviews"]
        ms, vs = r["missing_sections"], r["violations"]
        lines += ["", f"== reviews ({r['n']} documents, rule pack chosen automatically)",
                  f"rule pack = truth jurisdiction: {r['ruleset_correct']}/{r['n']}",
                  f"missing mandatory sections: found {ms['found']}, missed {ms['missed']}, false alarms {ms['false_alarms']}",
                  f"planted content violations: found {vs['found']}, missed {vs['missed']}, false alarms {vs['false_alarms']}",
                  f"documents exactly right (both lists): {r['exact']}/{r['n']}"]
        for row in r["documents"]:
            if not row["exact"]:
                lines.append(f"  {row['id']}: missing {row['missing']} (want {row['want_missing']}), "
                             f"violations {row['violations']} (want {row['want_violations']})")
    return "\n".join(lines)
