"""A proposal written as a form (申报表): one two-column table, item | content, holding most of the document.

Small projects are often submitted on a form: "建设必要性 | 一段正文", "网络安全保障 | 一段正文", "总投资（万元） | 486.50".
Read as a table, the document has no chapters, so every mandatory topic looks missing. This derived view reads such
a form as the author means it: a row whose content is running text is a chapter (the item its title, the content
its body); rows with short values (建设单位 | 某局) stay a table where they stand, for the facts. A table inside an
ordinary proposal (a function list with descriptions) is never read so: the form must hold most of the text."""

from __future__ import annotations

import re

from ..core.types import Block

FORM_SHARE = 0.6  # of the document's characters in the one table
MIN_PROSE_ROWS = 3
_ITEM = re.compile(r"^[\u4e00-\u9fff（）()、]{2,20}$")  # an item name, not a number or a sentence


def _cells(row: tuple[str, ...]) -> list[str]:
    """The row's distinct non-empty cells in order (a merged cell repeats its text in every grid column)."""
    out: list[str] = []
    for cell in row:
        c = cell.strip()
        if c and (not out or out[-1] != c):
            out.append(c)
    return out


def _prose(text: str) -> bool:
    return len(text) >= 30 and "。" in text


def form_as_sections(blocks: list[Block]) -> list[Block]:
    total = sum(len(b.text) for b in blocks) or 1
    out: list[Block] = []
    changed = False
    for block in blocks:
        rows = block.rows if block.kind == "table" else None
        if not rows or len(block.text) < FORM_SHARE * total:
            out.append(block)
            continue
        pairs = [c for c in (_cells(r) for r in rows) if len(c) == 2 and _ITEM.match(re.sub(r"\s+", "", c[0]))]
        if sum(_prose(v) for _, v in pairs) < MIN_PROSE_ROWS or len(pairs) < 0.7 * len(rows):
            out.append(block)
            continue
        changed = True
        out.extend(_expand(rows, block.page))
    return out if changed else blocks


def _expand(rows: tuple[tuple[str, ...], ...], page: int | None) -> list[Block]:
    """Prose rows as chapter heading + body; runs of short item | value rows kept as tables (facts read them)."""
    out: list[Block] = []
    short: list[tuple[str, ...]] = []
    for row in (*rows, ()):
        cells = _cells(row)
        prose = len(cells) == 2 and _prose(cells[1]) and bool(_ITEM.match(re.sub(r"\s+", "", cells[0])))
        if (prose or not row) and short:
            out.append(Block(text="\n".join("\t".join(r) for r in short), kind="table", page=page, rows=tuple(short)))
            short = []
        if prose:
            out.append(Block(text=cells[0], page=page, bold=True, outline_level=1, style="form"))
            out.append(Block(text=cells[1], page=page))
        elif cells:
            short.append(row)
    return out
