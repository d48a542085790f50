"""Review history for the web app: SQLite in the app's data folder, uploads kept under generated names only."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core.report import Report
from ..pipeline.waivers import apply_waivers

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP, filename TEXT, stored_as TEXT, sha256 TEXT,
    project_key TEXT, project_name TEXT, owner TEXT, ruleset TEXT, report TEXT, waivers TEXT DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS reviews_project ON reviews(project_key, created);
"""
# columns added after the first release; a history file from before gets them on open
LATER_COLUMNS = {"created_by": "TEXT", "purged": "TEXT"}
STAMP = "%Y-%m-%d %H:%M:%S.%f"


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime(STAMP)[:-3]  # sortable, UTC, milliseconds (as SQLite's %f)


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp if "." in stamp else stamp + ".000", STAMP).replace(tzinfo=UTC)


def waiver_reason(entry) -> str | None:
    """A waiver is {"reason", "by", "at"}; history written before accounts kept the reason alone."""
    return entry.get("reason") if isinstance(entry, dict) else entry


def _waived(report_json: dict, waivers: dict) -> Report:
    """The stored report with the reviewers' waivers applied, so that a waived failure never counts."""
    report = Report.from_json(report_json)
    apply_waivers(report, {rule: r for rule, w in waivers.items() if (r := waiver_reason(w))})
    return report


def project_key(report: dict, filename: str) -> str:
    d = report["document"]
    name = "".join((d.get("project_name") or Path(filename).stem).split())
    return f"{name}|{''.join((d.get('owner') or '').split())}"


class ReviewStore:
    def __init__(self, data_dir: Path, now=lambda: datetime.now(UTC)):
        self.dir = Path(data_dir)
        (self.dir / "uploads").mkdir(parents=True, exist_ok=True)
        self.db = self.dir / "reviews.db"
        self.now = now
        with self._con() as con:
            con.executescript(SCHEMA)
            have = {r[1] for r in con.execute("PRAGMA table_info(reviews)")}
            for col, typ in LATER_COLUMNS.items():
                if col not in have:
                    con.execute(f"ALTER TABLE reviews ADD COLUMN {col} {typ}")

    def _con(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.db), timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        return con

    def upload_path(self, fmt: str) -> Path:
        """A fresh file name chosen here, never from the user's file name."""
        return self.dir / "uploads" / f"{uuid.uuid4().hex}.{fmt}"

    def add(self, filename: str, stored_as: Path, report: dict, user: str | None = None) -> str:
        rid = uuid.uuid4().hex[:12]
        d = report["document"]
        with self._con() as con:
            con.execute("INSERT INTO reviews (id, filename, stored_as, sha256, project_key, project_name, owner, ruleset,"
                        " report, created, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (rid, filename, stored_as.name, d.get("sha256"), project_key(report, filename),
                         d.get("project_name"), d.get("owner"), report.get("ruleset"),
                         json.dumps(report, ensure_ascii=False), _stamp(self.now()), user))
        return rid

    def get(self, rid: str) -> dict | None:
        with self._con() as con:
            row = con.execute("SELECT id, created, filename, sha256, project_key, project_name, owner, ruleset, report,"
                              " waivers, created_by, purged FROM reviews WHERE id = ?", (rid,)).fetchone()
        if not row:
            return None
        keys = ("id", "created", "filename", "sha256", "project_key", "project_name", "owner", "ruleset", "report",
                "waivers", "created_by", "purged")
        rec = dict(zip(keys, row, strict=True))
        rec["report"] = json.loads(rec["report"])
        rec["waivers"] = json.loads(rec["waivers"] or "{}")
        return rec

    def previous(self, rec: dict) -> dict | None:
        """The latest earlier review of the same project (the version this one resubmits)."""
        with self._con() as con:
            row = con.execute("SELECT id FROM reviews WHERE project_key = ? AND created < ? AND id != ?"
                              " ORDER BY created DESC LIMIT 1", (rec["project_key"], rec["created"], rec["id"])).fetchone()
        return self.get(row[0]) if row else None

    def recent(self, limit: int = 20) -> list[dict]:
        with self._con() as con:
            rows = con.execute("SELECT id, created, filename, project_name, owner, ruleset, report, created_by, waivers"
                               " FROM reviews ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        out = []
        for rid, created, filename, name, owner, ruleset, report, by, waivers in rows:
            out.append({"id": rid, "created": created, "filename": filename, "project_name": name, "owner": owner,
                        "ruleset": ruleset, "created_by": by,
                        "blockers": _waived(json.loads(report), json.loads(waivers or "{}")).tally()["blocker"]})
        return out

    def set_waiver(self, rid: str, rule: str, reason: str | None, user: str | None = None) -> None:
        rec = self.get(rid)
        if rec is None:
            return
        waivers = rec["waivers"]
        if reason:
            waivers[rule] = {"reason": reason, "by": user, "at": _stamp(self.now())[:16]}
        else:
            waivers.pop(rule, None)
        with self._con() as con:
            con.execute("UPDATE reviews SET waivers = ? WHERE id = ?", (json.dumps(waivers, ensure_ascii=False), rid))

    def purge_uploads(self, days: int, now: datetime | None = None) -> list[str]:
        """Retention: delete stored uploads older than ``days`` (the review record and its report stay, marked
        purged). Files no review refers to (a review that failed) go by their modification time. Returns the
        names deleted."""
        now = now or self.now()
        cutoff = now - timedelta(days=days)
        gone = []
        with self._con() as con:
            rows = con.execute("SELECT id, stored_as, created FROM reviews WHERE stored_as IS NOT NULL").fetchall()
            known = {stored for _, stored, _ in rows}
            for rid, stored, created in rows:
                if _parse(created) < cutoff:
                    (self.dir / "uploads" / stored).unlink(missing_ok=True)
                    con.execute("UPDATE reviews SET stored_as = NULL, purged = ? WHERE id = ?", (_stamp(now), rid))
                    gone.append(stored)
        for path in (self.dir / "uploads").iterdir():
            if path.name not in known and datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff:
                path.unlink(missing_ok=True)
                gone.append(path.name)
        return gone
