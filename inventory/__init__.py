"""inventory/: the existing-system inventory — import xlsx/csv exports, keep them in SQLite, read them back.

It only stores and reads records; matching proposals against them is analyze/duplicates.py.
"""

from .model import InventoryRecord

__all__ = ["InventoryRecord"]
