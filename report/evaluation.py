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
        lines += ["", f"== reviews ({r['n']} documents, rule pack chosen automatically)",
                  f"{'':<22}{'all':>10}" + "".join(f"{g:>12}" for g in r["groups"])]
        parts = [("not-a-proposal gate", "gate_correct"), ("jurisdiction", "jurisdiction_correct"),
                 ("rule pack", "ruleset_correct"), ("exactly right", "exact")]
        for title, key in parts:
            lines.append(f"{title:<22}{r[key]:>6}/{r['n']:<3}"
                         + "".join(f"{g[key]:>8}/{g['n']:<3}" for g in r["groups"].values()))
        for name, c in r["facts"].items():
            lines.append(f"{'fact ' + name:<22}{c['correct']:>6}/{c['n']:<3}" + "".join(
                f"{g['facts'][name]['correct']:>8}/{g['facts'][name]['n']:<3}" for g in r["groups"].values()))
        for title, key in (("missing sections", "missing_sections"), ("planted violations", "violations")):
            lines.append(f"{title + ' F1':<22}{r[key]['f1']:>10.3f}" + "".join(f"{g[key]['f1']:>12.3f}"
                                                                          for g in r["groups"].values()))
            lines.append(f"  found {r[key]['found']}, missed {r[key]['missed']}, false alarms {r[key]['false_alarms']}")
        lines.append(f"false 'missing' on complete documents: {r['false_missing_on_complete']}")
        lines += [f"  fact miss: {m}" for m in r["fact_misses"]]
        for row in r["documents"]:
            if not row["exact"] or not row["gate_ok"] or not row["ruleset_ok"] or not row["jurisdiction_ok"]:
                lines.append(f"  {row['id']}: gate {row['kind']}, pack {row['ruleset']}, missing {row['missing']} "
                             f"(want {row['want_missing']}), violations {row['violations']} "
                             f"(want {row['want_violations']})")
    return "\n".join(lines)
