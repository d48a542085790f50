"""analyze/: Document → Section tree (segment), labels (classify), facts, duplicates. Never reads files."""
