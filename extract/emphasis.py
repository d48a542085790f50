"""Bold is a heading signal only when the body is not bold itself.

A PDF whose body is set in a 黑体 or 雅黑 face (chosen by the author, or substituted for a missing font) reads as
bold on every line, because pdfium reports weight from the font name; a document typed all in bold does the same.
Then every short line would look like a heading. The reader keeps what the file says; this derived view clears
bold where the body shares it, for every format alike."""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

from ..core.types import Block

BODY_MIN_CHARS = 40  # a paragraph this long is running text, whatever its face
# A block's fields in the order Block takes them: a block rebuilt from them with bold cleared costs half of
# ``dataclasses.replace`` (which looks its fields up anew for each block; every block of a bold-bodied PDF).
_FIELDS = attrgetter(*(f.name for f in fields(Block)))
_BOLD = [f.name for f in fields(Block)].index("bold")


def bold_that_marks(blocks: list[Block], share: float = 0.5) -> list[Block]:
    """``blocks`` unchanged, or with bold cleared everywhere when at least ``share`` of the body's characters
    are bold."""
    body = [b for b in blocks if b.kind == "paragraph" and len(b.text) > BODY_MIN_CHARS]
    chars = sum(len(b.text) for b in body)
    if not chars or sum(len(b.text) for b in body if b.bold) < share * chars:
        return blocks
    return [_unbold(b) if b.bold else b for b in blocks]


def _unbold(block: Block) -> Block:
    values = list(_FIELDS(block))
    values[_BOLD] = False
    return Block(*values)
