"""SQLite store of inventory records: upsert by id, report added / changed / removed, search and stats."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .model import InventoryRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS systems (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT, description TEXT, year TEXT, data_resources TEXT,
    usage TEXT, status TEXT, extra TEXT, content_hash TEXT, imported_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def default_db_path() -> Path:
    base = os.environ.get("YUSHEN_DATA") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "yushen")
    return Path(base) / "inventory.db"


@dataclass
class ImportSummary:
    added: int
    changed: int
    removed: int
    unchanged: int
    total: int


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript(SCHEMA)
    return con


def import_records(path: Path, records: list[InventoryRecord], source: str, remove_missing: bool = True) -> ImportSummary:
    con = connect(path)
    try:
        with con:
            existing = dict(con.execute("SELECT id, content_hash FROM systems"))
            seen = set()
            added = changed = unchanged = 0
            for r in records:
                seen.add(r.id)
                h = r.content_hash()
                if r.id not in existing:
                    added += 1
                elif existing[r.id] != h:
                    changed += 1
                else:
                    unchanged += 1
                    continue
                con.execute(
                    "INSERT INTO systems (id, name, owner, description, year, data_resources, usage, status, extra,"
                    " content_hash) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name,"
                    " owner=excluded.owner, description=excluded.description, year=excluded.year,"
                    " data_resources=excluded.data_resources, usage=excluded.usage, status=excluded.status,"
                    " extra=excluded.extra, content_hash=excluded.content_hash, imported_at=CURRENT_TIMESTAMP",
                    (r.id, r.name, r.owner, r.description, r.year, r.data_resources, r.usage, r.status,
                     json.dumps(dict(r.extra), ensure_ascii=False), h))
            removed_ids = [i for i in existing if i not in seen] if remove_missing else []
            con.executemany("DELETE FROM systems WHERE id = ?", [(i,) for i in removed_ids])
            total = con.execute("SELECT COUNT(*) FROM systems").fetchone()[0]
            con.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (source,))
            con.execute("INSERT OR REPLACE INTO meta VALUES ('digest', ?)", (_digest(con),))
        return ImportSummary(added, changed, len(removed_ids), unchanged, total)
    finally:
        con.close()


def _digest(con: sqlite3.Connection) -> str:
    """The content of the whole inventory in 16 hex digits (ids and content hashes, no descriptions read)."""
    import hashlib

    h = hashlib.sha256(b"inventory\x1f")
    for row_id, content in con.execute("SELECT id, content_hash FROM systems ORDER BY id"):
        h.update(f"{row_id}\x1f{content}\x1e".encode())
    return h.hexdigest()[:16]


def content_digest(path: Path) -> str | None:
    """The digest the last import stored (computed from ids and hashes for a database imported before it was
    kept); None for a file that is not an inventory database. Read-only: never creates or changes the file."""
    with open(path, "rb") as fh:
        if not fh.read(16).startswith(b"SQLite format 3"):
            return None
    con = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        try:
            row = con.execute("SELECT value FROM meta WHERE key='digest'").fetchone()
        except sqlite3.OperationalError:
            row = None
        return row[0] if row else _digest(con)
    finally:
        con.close()


def _row(r) -> InventoryRecord:
    extra = tuple(json.loads(r[8] or "{}").items())
    return InventoryRecord(id=r[0], name=r[1], owner=r[2] or "", description=r[3] or "", year=r[4] or "",
                           data_resources=r[5] or "", usage=r[6] or "", status=r[7] or "", extra=extra)


def load_records(path: Path) -> list[InventoryRecord]:
    con = connect(path)
    try:
        return [_row(r) for r in con.execute(
            "SELECT id, name, owner, description, year, data_resources, usage, status, extra FROM systems ORDER BY id")]
    finally:
        con.close()


def search(path: Path, text: str, limit: int = 20) -> list[InventoryRecord]:
    con = connect(path)
    try:
        like = f"%{text}%"
        return [_row(r) for r in con.execute(
            "SELECT id, name, owner, description, year, data_resources, usage, status, extra FROM systems"
            " WHERE id LIKE ? OR name LIKE ? OR owner LIKE ? OR description LIKE ? ORDER BY id LIMIT ?",
            (like, like, like, like, limit))]
    finally:
        con.close()


def stats(path: Path) -> dict:
    con = connect(path)
    try:
        total = con.execute("SELECT COUNT(*) FROM systems").fetchone()[0]
        by_status = dict(con.execute("SELECT COALESCE(NULLIF(status,''),'(未填)'), COUNT(*) FROM systems GROUP BY 1"))
        owners = con.execute("SELECT owner, COUNT(*) FROM systems GROUP BY owner ORDER BY 2 DESC LIMIT 10").fetchall()
        source = con.execute("SELECT value FROM meta WHERE key='source'").fetchone()
        return {"total": total, "by_status": by_status, "top_owners": owners, "source": source[0] if source else None}
    finally:
        con.close()


def load_any(path: Path, explicit: dict[str, str] | None = None) -> list[InventoryRecord]:
    """--inventory takes a SQLite db or an xlsx/csv export directly."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(b"SQLite format 3"):
        return load_records(path)
    from .importer import read_inventory

    return read_inventory(path, explicit)[0]
