"""Load an inventory (SQLite db or xlsx/csv export) with its search index, cached by the inventory's content.

The cache key is found without reading the systems: the digest the importer stored in the database, or the
hash of the export file's bytes (remembered under the file's identity, so an unchanged export is not read again). A cached index (memory-mapped arrays and its own copy of the systems) then
loads in milliseconds; only a new or changed inventory is read and indexed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

from ..analyze.duplicates import InventoryIndex
from ..core.cache import cache_root, write_memo
from ..inventory.store import content_digest, load_any

INDEX_VERSION = "5"  # 3: memory-mapped folder with the systems stored beside the arrays; 5: red-team 4 (import, places, folding)


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
        return h.hexdigest()[:20]
    h.update(b"file\x1f" + repr(sorted((columns or {}).items())).encode() + b"\x1f")
    head = h.hexdigest()  # version and column mapping: part of what the remembered key stands for
    memo = _export_key_memo(path, head)
    remembered = _read_key(memo)
    if remembered:
        return remembered
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    key = h.hexdigest()[:20]
    if memo is not None and memo == _export_key_memo(path, head):  # the file did not change while it was read
        write_memo(memo, key.encode())
    return key


# A file changed less than this long ago may change again within the same timestamp tick (a few ms on Linux, 2 s on
# FAT) without its times moving, so its key is not remembered (git's "racy" rule).
RACY_SECONDS = 5.0


def _export_key_memo(path: Path, head: str) -> Path | None:
    """Where an export's key is remembered: an export is hashed whole (42 ms for a 39 MB, 100k-row CSV), so its key
    is kept under the file's identity — device, inode, size, modification and change times in ns. Any write moves
    the change time (so does resetting the modification time), so a changed file is read again."""
    import time

    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time() - max(st.st_mtime, st.st_ctime) < RACY_SECONDS:
        return None
    ident = (f"{head}|{os.path.realpath(path)}|{st.st_dev}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|"
             f"{st.st_ctime_ns}")
    return cache_root() / "inventory-index" / "export-keys" / hashlib.sha256(ident.encode()).hexdigest()[:32]


def _read_key(memo: Path | None) -> str | None:
    if memo is None:
        return None
    try:
        key = memo.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return key if len(key) == 20 and all(c in "0123456789abcdef" for c in key) else None


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
