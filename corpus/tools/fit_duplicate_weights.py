"""Fit the duplicate scorer's weights and thresholds on one labelled pair set, report them on the other.

Grid search over the field weights (name, functions, owner) and the two verdict thresholds on the fitting set:
first no false likely_duplicate (on any proposal, hard negatives included), then the highest recall@3,
maintained systems recognised and true duplicates called likely, then the widest margin between LIKELY and the
scores it separates, then the values closest to the previous ones.
The held-out set is only scored. Prints the chosen values; copy them into analyze/duplicates.py.
Run: python -m corpus.tools.fit_duplicate_weights [--fit pairs.jsonl] [--report pairs2.jsonl]
"""

from __future__ import annotations

import argparse
import itertools

from yushen.analyze import duplicates as dup
from yushen.analyze.dup_eval import CORPUS, PAIR_SETS, plans_from_pair, read_pairs, score_rows
from yushen.inventory.importer import read_inventory

GRID = {"W_NAME": (0.2, 0.25, 0.3, 0.35, 0.4), "W_OWNER": (0.05, 0.1, 0.15),
        "LIKELY": tuple(round(0.5 + 0.01 * i, 2) for i in range(16)), "POSSIBLE": (0.4, 0.45)}


def _run(index, rows):
    return score_rows(rows, [index.match(plans_from_pair(r), limit=5) for r in rows])


def _likely_and_margin(index, rows) -> tuple[int, float]:
    """True duplicates called likely, and how far the verdicts are from flipping: the lowest such duplicate above
    LIKELY, the highest hard negative that could be called likely (same place, in use, no partner) below it."""
    called, gaps = 0, []
    retired = {rec.id for rec in index.records_ if not rec.in_use}
    for r in rows:
        for c in index.match(plans_from_pair(r), limit=10):
            if c.inventory_id in r["duplicates"] and c.verdict == "likely_duplicate":
                called += 1
                gaps.append(c.score - dup.LIKELY)
            elif c.inventory_id in r.get("hard_negatives", []) and not c.parts["partner"] \
                    and c.parts["place"] != "elsewhere" and c.inventory_id not in retired:
                gaps.append(dup.LIKELY - c.score)
    return called, (min(gaps) if gaps else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", default=PAIR_SETS[0][0])
    ap.add_argument("--report", default=PAIR_SETS[1][0])
    args = ap.parse_args()
    inv = dict(PAIR_SETS)
    fit_index = dup.InventoryIndex().fit(read_inventory(CORPUS / inv[args.fit])[0])
    fit_rows = read_pairs(CORPUS / args.fit)
    best = None
    for w_name, w_owner, likely, possible in itertools.product(*GRID.values()):
        dup.W_NAME, dup.W_OWNER, dup.W_FUNC = w_name, w_owner, round(1 - w_name - w_owner, 3)
        dup.LIKELY, dup.POSSIBLE = likely, possible
        r = _run(fit_index, fit_rows)
        # distance from the grid's centre breaks ties: no extreme value unless the data asks for it
        centre = abs(w_name - 0.3) + abs(w_owner - 0.1) + abs(likely - 0.57) + abs(possible - 0.45)
        called, margin = _likely_and_margin(fit_index, fit_rows)
        key = (-r["proposals_with_false_likely"] - r["hard_negative_likely"], r["recall_at_3"],
               r["maintained_recognised"], called, round(margin, 2), -centre)
        if best is None or key > best[0]:
            best = (key, (w_name, w_owner, likely, possible), r)
    (w_name, w_owner, likely, possible), fit = best[1], best[2]
    called, margin = best[0][3], best[0][4]
    dup.W_NAME, dup.W_OWNER, dup.W_FUNC, dup.LIKELY, dup.POSSIBLE = (w_name, w_owner, round(1 - w_name - w_owner, 3),
                                                                    likely, possible)
    held = _run(dup.InventoryIndex().fit(read_inventory(CORPUS / inv[args.report])[0]), read_pairs(CORPUS / args.report))
    print(f"fitted on {args.fit}: W_NAME={w_name} W_FUNC={dup.W_FUNC} W_OWNER={w_owner} LIKELY={likely} "
          f"POSSIBLE={possible} (true duplicates called likely: {called}, margin {margin:.2f})")
    for name, r in ((args.fit, fit), (args.report, held)):
        print(f"  {name}: recall@3 {r['recall_at_3']:.3f}, false likely on hard negatives {r['hard_negative_likely']}, "
              f"proposals with a false likely {r['proposals_with_false_likely']}/{r['proposals']}, maintained "
              f"{r['maintained_recognised']}/{r['maintained']}")
        for m in r["misses"] + r["false_alarms"]:
            print("    " + m)


if __name__ == "__main__":
    main()
