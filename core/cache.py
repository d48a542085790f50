"""The user cache folder (``$YUSHEN_CACHE``, else ``$XDG_CACHE_HOME/yushen`` or ``~/.cache/yushen``): trained
models, the tokenizer's dictionary cache, inventory indices. Here so that every layer may find it without importing
the stage that fills it."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("YUSHEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "yushen"))


def memo_path(kind: str, *parts: bytes) -> Path:
    """Where a derived form of some bytes (parsed packs, the gazetteer's index) is kept: keyed by the bytes
    themselves and the Python version (marshal's format), never by a file's name or time."""
    import hashlib
    import marshal
    import sys

    key = hashlib.sha256(f"{marshal.version}|{sys.version_info[:2]}".encode())
    for part in parts:
        key.update(len(part).to_bytes(8, "big") + part)
    return cache_root() / kind / f"{key.hexdigest()[:32]}.marshal"


def write_memo(path: Path, blob: bytes) -> None:
    """Write atomically (scan workers, or a server's threads, may write the same entry at once); a read-only cache
    only costs the work."""
    import threading

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
    except OSError:
        pass
