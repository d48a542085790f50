"""Load an inventory (SQLite db or xlsx/csv export) with its search index, cached by the inventory's content.

The cache key is found without reading the systems: the digest the importer stored in the database, or the
hash of the export file's bytes. A cached index (memory-mapped arrays and its own copy of the systems) then
loads in milliseconds; only a new or changed inventory is read and indexed.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

from ..analyze.duplicates import InventoryIndex
from ..core.cache import cache_root
from ..inventory.store import content_digest, load_any

INDEX_VERSION = "3"  # 3: memory-mapped folder with the systems stored beside the arrays


def inventory_digest(records) -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for r in records:
        h.update(f"{r.id}\x1f{r.content_hash()}\x1e".encode())
    return h.hexdigest()[:16]


def inventory_key(path: Path, columns: dict[str, str] | None = None) -> str:
    """What the index depends on, read cheaply: a database's stored content digest, or an export's bytes and
    the column mapping used to read it."""
    h = hashlib.sha256(INDEX_VERSION.encode())
    try:
        db_digest = content_digest(path)
    except sqlite3.Error:  # e.g. a read-only folder without the WAL's shared-memory file: read the systems
        db_digest = inventory_digest(load_any(path, columns))
    if db_digest is not None:
        h.update(b"db\x1f" + db_digest.encode())
    else:
        h.update(b"file\x1f" + repr(sorted((columns or {}).items())).encode() + b"\x1f")
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:20]


def index_path(key: str) -> Path:
    return cache_root() / "inventory-index" / f"index-{key}"


def load_index(path: Path, columns: dict[str, str] | None = None) -> InventoryIndex:
    cached = index_path(inventory_key(path, columns))
    if (cached / "records.jsonl").exists():
        try:
            return InventoryIndex.load(cached)
        except (OSError, ValueError, KeyError):
            pass
    index = InventoryIndex().fit(load_any(path, columns))
    with contextlib.suppress(OSError):  # a read-only cache only costs speed
        index.save(cached, with_records=True)
    return index
