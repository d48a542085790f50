"""The results database of a scan: one SQLite file (WAL), one row per discovered file, rows written in batches,
one transaction per batch.

A scan killed at any point (kill -9, power loss) leaves only whole batches of whole rows; the files of a batch that
was not yet written are simply reviewed again by ``--resume``, which skips paths that have a row, so the final table
has every file exactly once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    size INTEGER,
    status TEXT NOT NULL,          -- ok | error | skipped | duplicate
    error_code TEXT,
    message TEXT,
    duplicate_of TEXT,             -- identical content (same sha256) reviewed under this path
    report TEXT,                   -- the report contract's JSON (ok and duplicate rows)
    plans TEXT,                    -- what the proposal plans to build (cross-document duplicates)
    pages INTEGER,
    elapsed REAL,
    finished_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
-- pages of a scanned document recognised so far (scan/ocr_pages.py), until the document's row is written
CREATE TABLE IF NOT EXISTS ocr_pages (
    path TEXT, sha256 TEXT, page INTEGER, lines TEXT, confidence REAL, elapsed REAL,
    PRIMARY KEY (path, page)
);
"""


_PAGE = "INSERT OR REPLACE INTO ocr_pages (path, sha256, page, lines, confidence, elapsed) VALUES (?,?,?,?,?,?)"
_INSERT = ("INSERT OR IGNORE INTO files (path, sha256, size, status, error_code, message, duplicate_of, report,"
           " plans, pages, elapsed) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


def _json(value) -> str | None:
    """A report or plans as stored: a worker sends them already serialised (str), so the parent does no JSON work."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class ResultsStore:
    def __init__(self, path: Path, batch_rows: int = 64, batch_seconds: float = 0.25):
        self.batch_rows = batch_rows
        self.batch_seconds = batch_seconds
        self._pending: list[tuple] = []
        self._pending_pages: list[tuple] = []
        self._finished_pages: list[tuple] = []  # paths whose recognised pages go once their row is written
        self._pages_of: set[str] | None = None  # paths with recognised pages kept (loaded when first needed)
        self._pending_since = 0.0
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(str(self.path), timeout=30)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.executescript(SCHEMA)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.con.close()

    def flush(self) -> None:
        """Write the waiting rows in one transaction (all or none of them survive a kill)."""
        if self._pending or self._pending_pages:
            rows, self._pending = self._pending, []
            pages, self._pending_pages = self._pending_pages, []
            finished, self._finished_pages = self._finished_pages, []
            with self.con:
                self.con.executemany(_PAGE, pages)
                self.con.executemany(_INSERT, rows)
                self.con.executemany("DELETE FROM ocr_pages WHERE path = ?", finished)

    def done_paths(self) -> set[str]:
        self.flush()
        return {r[0] for r in self.con.execute("SELECT path FROM files")}

    def reviewed_sha(self) -> dict[str, str]:
        """sha256 → path of a reviewed (ok or error) file."""
        return {sha: path for sha, path in self.con.execute(
            "SELECT sha256, path FROM files WHERE status IN ('ok','error') AND sha256 IS NOT NULL")}

    def reviewed_sizes(self) -> set[int] | None:
        """Sizes of the reviewed (ok or error) files of earlier runs; None when a row has no size (a database
        written before sizes were kept), so every file is hashed up front as before."""
        self.flush()
        out: set[int] = set()
        for (size,) in self.con.execute("SELECT size FROM files WHERE status IN ('ok','error') AND sha256 IS NOT NULL"):
            if size is None:
                return None
            out.add(size)
        return out

    def row_count(self) -> int:
        self.flush()
        return self.con.execute("SELECT COUNT(*) FROM files").fetchone()[0]

    def add(self, path: str, status: str, sha256: str | None = None, size: int | None = None,
            error_code: str | None = None, message: str | None = None, duplicate_of: str | None = None,
            report: dict | None = None, plans: dict | None = None, pages: int | None = None,
            elapsed: float | None = None) -> None:
        """Queue one row; the batch is written when it is full or old enough (``report``/``plans``: dict or the
        JSON text a worker made)."""
        if not self._pending:
            self._pending_since = time.monotonic()
        self._pending.append((path, sha256, size, status, error_code, message, duplicate_of, _json(report),
                              _json(plans), pages, elapsed))
        if self._pages_of is not None and path in self._pages_of:  # a scanned document done: its pages go with it
            self._pages_of.discard(path)
            self._finished_pages.append((path,))
        if len(self._pending) >= self.batch_rows or time.monotonic() - self._pending_since >= self.batch_seconds:
            self.flush()

    def add_page(self, path: str, sha256: str | None, page: int, lines: str, confidence: float,
                 elapsed: float | None) -> None:
        """Keep one recognised page of a scanned document, written at once (a page is seconds of work, a
        transaction a millisecond), with any rows waiting: a kill loses no page that reached the parent."""
        self._known_pages().add(path)
        self._pending_pages.append((path, sha256, page, lines, confidence, elapsed))
        self.flush()

    def ocr_pages(self, path: str, sha256: str | None) -> dict[int, tuple[list, float, float | None]]:
        """The pages of this exact content (same sha256) recognised by an earlier, interrupted run:
        page → (line rows, confidence, elapsed)."""
        self.flush()
        self._known_pages()
        return {page: (json.loads(lines), conf, elapsed) for page, lines, conf, elapsed in self.con.execute(
            "SELECT page, lines, confidence, elapsed FROM ocr_pages WHERE path = ? AND sha256 IS ?", (path, sha256))}

    def _known_pages(self) -> set[str]:
        if self._pages_of is None:
            self._pages_of = {p for (p,) in self.con.execute("SELECT DISTINCT path FROM ocr_pages")}
        return self._pages_of

    def row_of(self, path: str) -> dict | None:
        """status, error_code, message and report of one path's row (None when it has none)."""
        self.flush()
        row = self.con.execute("SELECT status, error_code, message, report FROM files WHERE path = ?",
                               (path,)).fetchone()
        if row is None:
            return None
        return {"status": row[0], "error_code": row[1], "message": row[2],
                "report": json.loads(row[3]) if row[3] else None}

    def report_of(self, path: str) -> dict | None:
        self.flush()
        row = self.con.execute("SELECT report FROM files WHERE path = ?", (path,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def rows(self, reports: bool = True) -> list[dict]:
        """Every row; ``reports=False`` leaves the reports unread (None), the bulk of the JSON."""
        self.flush()
        report = "report" if reports else "NULL"
        cur = self.con.execute(f"SELECT path, sha256, size, status, error_code, message, duplicate_of, {report},"
                               " plans, pages, elapsed FROM files ORDER BY path")
        out = []
        for r in cur:
            out.append({"path": r[0], "sha256": r[1], "size": r[2], "status": r[3], "error_code": r[4],
                        "message": r[5], "duplicate_of": r[6], "report": json.loads(r[7]) if r[7] else None,
                        "plans": json.loads(r[8]) if r[8] else None, "pages": r[9], "elapsed": r[10]})
        return out

    def set_meta(self, key: str, value: str) -> None:
        self.flush()
        with self.con:
            self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
