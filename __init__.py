"""Yushen (预审): pre-review of 政务信息化 project proposals."""

from yushen.core import rxcache as _rxcache  # (absolute: pytest imports this file alone too)

__version__ = "0.1.0"
_rxcache.install()  # before any module compiles its patterns (core/rxcache.py)
