"""Bold is a heading signal only when the body is not bold itself.

A PDF whose body is set in a 黑体 or 雅黑 face (chosen by the author, or substituted for a missing font) reads as
bold on every line, because pdfium reports weight from the font name; a document typed all in bold does the same.
Then every short line would look like a heading. The reader keeps what the file says; this derived view clears
bold where the body shares it, for every format alike."""

from __future__ import annotations

from dataclasses import replace

from ..core.types import Block

BODY_MIN_CHARS = 40  # a paragraph this long is running text, whatever its face


def bold_that_marks(blocks: list[Block], share: float = 0.5) -> list[Block]:
    """``blocks`` unchanged, or with bold cleared everywhere when at least ``share`` of the body's characters
    are bold."""
    body = [b for b in blocks if b.kind == "paragraph" and len(b.text) > BODY_MIN_CHARS]
    chars = sum(len(b.text) for b in body)
    if not chars or sum(len(b.text) for b in body if b.bold) < share * chars:
        return blocks
    return [replace(b, bold=False) if b.bold else b for b in blocks]
