"""Reviewer waivers: accept a finding with a reason. Waived findings stay in the report, marked, and do not
count towards the exit code.

File format (``<document>.waivers.yaml`` next to the document, or ``--waivers FILE``)::

    waivers:
      - rule: ordos.art13.energy_section
        reason: 项目仅租用政务云资源，经审查同意不单列节能分析
"""

from __future__ import annotations

from pathlib import Path

from ..core.report import Report


class WaiverError(ValueError):
    pass


def waiver_path_for(document: Path) -> Path:
    return document.with_name(document.name + ".waivers.yaml")


def load_waivers(explicit: Path | None, document: Path) -> dict[str, str]:
    path = explicit or waiver_path_for(document)
    if not path.exists():
        if explicit:
            raise WaiverError(f"waiver file not found: {explicit}")
        return {}
    import yaml  # only when a waiver file exists

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise WaiverError(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    if not isinstance(data, dict) or set(data) - {"waivers"}:
        raise WaiverError(f"{path}: only a 'waivers' list is allowed")
    out: dict[str, str] = {}
    for i, w in enumerate(data.get("waivers") or []):
        if not isinstance(w, dict) or set(w) - {"rule", "reason"} or not w.get("rule") or not w.get("reason"):
            raise WaiverError(f"{path}: waiver #{i + 1} needs exactly 'rule' and a non-empty 'reason'")
        out[str(w["rule"])] = str(w["reason"])
    return out


def apply_waivers(report: Report, waivers: dict[str, str]) -> None:
    for f in report.findings:
        if f.rule in waivers and f.status in ("fail", "warn"):
            f.waived = waivers[f.rule]
