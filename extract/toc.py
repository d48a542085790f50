"""A table of contents typed as ordinary paragraphs ("第一章 总论……3"), in any format.

Readers mark the contents they recognise by style or field (DOCX) or by page position (PDF); a contents list
typed by hand, or one that a format carries no mark for (HTML exports, plain text with tabs lost), stays body
text, and its lines look like headings with page numbers. This derived view marks them ``toc`` as the readers'
own contents blocks are: after a 目录/目次 line, or as a run of at least three contents-shaped lines."""

from __future__ import annotations

import re
from dataclasses import replace

from ..core.types import Block
from .normalize import compact
from .patterns import CONTENTS_TITLES, is_toc_line, split_toc_line

MIN_RUN = 3
# Without a 目录 line above, only dot leaders say "contents": "服务器    10" typed with spaces is a list of kit.
_LEADER = re.compile(r"[.．·…⋯_]{3,}\s*(?:\d{1,4}|[ivxIVX]{1,6})\s*$")


_PAGE_END = frozenset("ivxIVX")  # with the decimal digits, what a contents line ends in (its page number)


def _toc_shaped(block: Block, headed: bool) -> bool:
    # The cheap test first: is_toc_line's pattern tries every split of a long paragraph, and it only matches
    # a (stripped) text that ends in the page number, a decimal digit (its \d) or a roman one.
    tail = block.text.rstrip()[-1:]
    return block.kind == "paragraph" and (tail.isdecimal() or tail in _PAGE_END) and "\n" not in block.text \
        and is_toc_line(block.text) and (headed or bool(_LEADER.search(block.text)))


def _is_toc_title(block: Block) -> bool:
    # (a title holds 目; most blocks do not, and are not split and joined to find out)
    return block.kind in ("paragraph", "toc") and "目" in block.text and compact(block.text) in CONTENTS_TITLES


def typed_contents(blocks: list[Block]) -> list[Block]:
    out = list(blocks)
    i = 0
    while i < len(out):
        headed = _is_toc_title(out[i])
        j = i + 1 if headed else i
        while j < len(out) and _toc_shaped(out[j], headed):
            j += 1
        start = i + 1 if headed else i
        if j - start >= (1 if headed else MIN_RUN):
            if headed:
                out[i] = replace(out[i], kind="toc")
            for k in range(start, j):
                out[k] = Block(text=split_toc_line(out[k].text)[0], kind="toc", page=out[k].page)
            i = j
        else:
            i += 1
    return out
