"""The user cache folder (``$YUSHEN_CACHE``, else ``$XDG_CACHE_HOME/yushen`` or ``~/.cache/yushen``): trained
models, the tokenizer's dictionary cache, inventory indices. Here so that every layer may find it without importing
the stage that fills it."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("YUSHEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "yushen"))
