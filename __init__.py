"""Yushen (预审): pre-review of 政务信息化 project proposals."""

__version__ = "0.1.0"
