"""Review history for the web app: SQLite in the app's data folder, uploads kept under generated names only."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP, filename TEXT, stored_as TEXT, sha256 TEXT,
    project_key TEXT, project_name TEXT, owner TEXT, ruleset TEXT, report TEXT, waivers TEXT DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS reviews_project ON reviews(project_key, created);
"""


def project_key(report: dict, filename: str) -> str:
    d = report["document"]
    name = "".join((d.get("project_name") or Path(filename).stem).split())
    return f"{name}|{''.join((d.get('owner') or '').split())}"


class ReviewStore:
    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir)
        (self.dir / "uploads").mkdir(parents=True, exist_ok=True)
        self.db = self.dir / "reviews.db"
        with self._con() as con:
            con.executescript(SCHEMA)

    def _con(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.db), timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        return con

    def upload_path(self, fmt: str) -> Path:
        """A fresh file name chosen here, never from the user's file name."""
        return self.dir / "uploads" / f"{uuid.uuid4().hex}.{fmt}"

    def add(self, filename: str, stored_as: Path, report: dict) -> str:
        rid = uuid.uuid4().hex[:12]
        d = report["document"]
        with self._con() as con:
            con.execute("INSERT INTO reviews (id, filename, stored_as, sha256, project_key, project_name, owner, ruleset,"
                        " report, created) VALUES (?,?,?,?,?,?,?,?,?, strftime('%Y-%m-%d %H:%M:%f','now'))",
                        (rid, filename, stored_as.name, d.get("sha256"), project_key(report, filename),
                         d.get("project_name"), d.get("owner"), report.get("ruleset"),
                         json.dumps(report, ensure_ascii=False)))
        return rid

    def get(self, rid: str) -> dict | None:
        with self._con() as con:
            row = con.execute("SELECT id, created, filename, sha256, project_key, project_name, owner, ruleset, report,"
                              " waivers FROM reviews WHERE id = ?", (rid,)).fetchone()
        if not row:
            return None
        keys = ("id", "created", "filename", "sha256", "project_key", "project_name", "owner", "ruleset", "report",
                "waivers")
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
            rows = con.execute("SELECT id, created, filename, project_name, owner, ruleset, report FROM reviews"
                               " ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        out = []
        for rid, created, filename, name, owner, ruleset, report in rows:
            findings = json.loads(report).get("findings", [])
            out.append({"id": rid, "created": created, "filename": filename, "project_name": name, "owner": owner,
                        "ruleset": ruleset,
                        "blockers": sum(1 for f in findings if f["status"] == "fail" and f["severity"] == "blocker")})
        return out

    def set_waiver(self, rid: str, rule: str, reason: str | None) -> None:
        rec = self.get(rid)
        if rec is None:
            return
        waivers = rec["waivers"]
        if reason:
            waivers[rule] = reason
        else:
            waivers.pop(rule, None)
        with self._con() as con:
            con.execute("UPDATE reviews SET waivers = ? WHERE id = ?", (json.dumps(waivers, ensure_ascii=False), rid))
