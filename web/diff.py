"""Re-review diff: which findings of the earlier version are now fixed, still open, or new."""

from __future__ import annotations


def review_diff(before: dict, after: dict) -> dict[str, list[dict]]:
    def open_findings(report: dict) -> dict[str, dict]:
        return {f["rule"]: f for f in report["findings"] if f["status"] in ("fail", "warn")}

    old, new = open_findings(before), open_findings(after)
    return {
        "fixed": [old[r] for r in old if r not in new],
        "still_open": [new[r] for r in new if r in old],
        "new": [new[r] for r in new if r not in old],
    }
