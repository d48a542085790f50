"""Load an inventory (SQLite db or xlsx/csv export) with its search index, cached by the inventory's content."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from ..analyze.duplicates import InventoryIndex
from ..analyze.model_store import cache_dir
from ..inventory.store import load_any

INDEX_VERSION = "2"  # 2: division codes of the systems stored with the index


def inventory_digest(records) -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for r in records:
        h.update(f"{r.id}\x1f{r.content_hash()}\x1e".encode())
    return h.hexdigest()[:16]


def load_index(path: Path, columns: dict[str, str] | None = None) -> InventoryIndex:
    records = load_any(path, columns)
    digest = inventory_digest(records)
    cached = cache_dir().parent / "inventory-index" / f"index-{digest}.npz"
    if cached.exists():
        try:
            return InventoryIndex.load(cached, records)
        except (OSError, ValueError, KeyError):
            pass
    index = InventoryIndex().fit(records)
    with contextlib.suppress(OSError):  # a read-only cache only costs speed
        index.save(cached)
    return index
