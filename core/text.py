"""Sentences and clauses of Chinese prose: the one splitter that facts, rules and duplicates use.

A line break always ends a sentence and a clause. Which marks end one is the caller's choice, named here so the
differences are visible in one place: rules read ！？ as sentence ends, facts and duplicates read the ASCII ``;``
too, a check of a chapter's own sentences reads only 。；, the classifier every end mark. Chinese numerals too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from .types import Block

SENTENCE_ENDS = "。；;！？"  # what rules quote as one sentence
STATEMENT_ENDS = "。；;"  # facts and duplicates: a statement ends at 。 or a semicolon
ANY_ENDS = "。；;！？!?"  # the classifier reads a chapter body's sentences at any end mark, ASCII ones too
PLAIN_ENDS = "。；"  # a chapter's sentences as the chapter check and the 项目名称 section read them
CLAUSE_MARKS = "，,；;。：:"  # a clause ends at a comma, a semicolon, a full stop or a colon
LIST_MARKS = "，。；;、：:"  # duplicates compare function clauses, so an enumeration comma cuts too


@lru_cache(maxsize=16)
def _sentence_rx(ends: str) -> re.Pattern:
    e = re.escape(ends)
    return re.compile(rf"[^{e}\n]+[{e}]?")


@lru_cache(maxsize=16)
def _cut_rx(marks: str) -> re.Pattern:
    return re.compile(f"[{re.escape(marks)}\n]")


def sentences(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """The sentences of ``text`` with their end mark, stripped; none empty."""
    # (findall: the pattern has no group, so each item is the whole match, without a match object built for it)
    return [t for s in _sentence_rx(ends).findall(text) if (t := s.strip())]


def pieces(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """``text`` cut at ``ends`` and line breaks, the marks dropped, as is (empty and unstripped pieces kept, so
    a caller that quotes a piece quotes the text itself)."""
    return _cut_rx(ends).split(text)


def clauses(text: str, marks: str = CLAUSE_MARKS) -> list[str]:
    """``text`` cut into clauses at ``marks`` (and line breaks), the marks dropped, as is."""
    return _cut_rx(marks).split(text)


def clause_spans(text: str, marks: str = "，,；;。") -> list[tuple[int, int]]:
    """(start, end) of each clause; a clause keeps its closing mark, the last one runs past the end."""
    cuts = [0] + [m.end() for m in _cut_rx(marks).finditer(text)] + [len(text) + 1]
    return list(zip(cuts, cuts[1:], strict=False))


def head_clause(text: str, marks: str = "，,：:") -> str:
    """The clause a sentence opens with (up to the first comma or colon)."""
    return _cut_rx(marks).split(text, maxsplit=1)[0]


def clause_start(text: str, pos: int, marks: str = "，,（(") -> int:
    """Where the clause holding ``pos`` begins: after the last of ``marks`` before it (an opening bracket starts
    one too)."""
    return max(text.rfind(c, 0, pos) for c in marks) + 1


def block_sentences(blocks: Sequence[Block], ends: str = SENTENCE_ENDS, *, text_of: Callable[[Block], str],
                    skip: Collection[int] = (), join: tuple[re.Pattern, re.Pattern] | None = None,
                    ) -> list[tuple[int, str]]:
    """(block index, sentence) for the blocks of a document, tables of contents and the indices in ``skip`` left
    out. ``join`` = (tail, head): when a block (not a table) ends with ``tail`` and the next one starts with
    ``head``, the block's last sentence and the next block are read as one — a figure whose unit the layout
    pushed into the next block ("总投资 436.80" / "万元")."""
    out: list[tuple[int, str]] = []
    carry = ""
    for i, b in enumerate(blocks):
        if b.kind == "toc" or i in skip:
            continue
        text = text_of(b)
        if carry and join and join[1].match(text):
            text = carry + text
            out.pop()
        carry = ""
        out += [(i, s) for s in sentences(text, ends)]
        if join and out and b.kind != "table" and join[0].search(text):
            carry = out[-1][1]
    return out


_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2} | {
    c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


# A table typed as lines of plain text ("费用项  测算依据  金额（万元）", a TXT or a table pasted as lines): its cells
# stand apart by tabs or runs of blanks.
CELL_GAP = re.compile(r"\t+|[ \u3000]{2,}")


def has_cell_gap(text: str) -> bool:
    """Whether ``CELL_GAP`` occurs in ``text``, its few forms looked up as substrings (most lines of a long document
    are prose: a split of each was a third of the facts' time)."""
    return "\t" in text or "  " in text or "\u3000\u3000" in text or " \u3000" in text or "\u3000 " in text


# A cell that holds a figure and nothing else (a quantity, an amount, a share): "420", "1,396", "12.0", "60.0%".
FIGURE_CELL = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?%?$")


def typed_cells(text: str) -> list[str]:
    """The cells of a typed table row (one cell for a line with no gap)."""
    return [c for c in CELL_GAP.split(text.strip()) if c]


def cn_to_int(s: str) -> int:
    """A Chinese numeral (三, 十二, 一百零五, 贰拾, 二〇二五) or digits as an int; -1 when it is neither."""
    s = s.replace("拾", "十")
    if s.isdigit():
        return int(s)
    if "百" in s:
        h, _, rest = s.partition("百")
        return _CN_VALUE.get(h, 1) * 100 + (cn_to_int(rest.lstrip("零〇")) if rest.lstrip("零〇") else 0)
    if "十" in s:
        t, _, u = s.partition("十")
        return (_CN_VALUE.get(t, 1) if t else 1) * 10 + (_CN_VALUE.get(u, 0) if u else 0)
    value = 0
    for c in s:
        if c not in _CN_VALUE:
            return -1
        value = value * 10 + _CN_VALUE[c]
    return value
