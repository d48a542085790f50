"""Sentences joined by line breaks, so that a pattern most sentences do not hold is looked for once in C rather
than sentence by sentence; and the literals a pattern's every match contains, so that a text holding none of them
is not searched at all.

Both are shortcuts that never change an answer: ``first`` and ``candidates`` only say where the sentence-by-
sentence reading may start or which sentences it may skip, and they fall back to every sentence for a pattern whose
sentence-level matches are not matches of the joined text (``joinable``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

try:  # the standard library's own regular-expression parser (Python ≥ 3.11)
    from re import _constants as _K
    from re import _parser
except ImportError:  # pragma: no cover - another interpreter: no shortcut, every sentence is read
    _parser = _K = None

_MAX_LITERALS = 16  # alternatives kept for a run of literals and small character classes
_SMALL_CLASS = 4
_PREFILTER_MAX = 8


def _lits(items) -> frozenset[str] | None:
    """Strings one of which every match of the sequence ``items`` contains (None: not known)."""
    K = _K
    best: frozenset[str] | None = None

    def better(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and min(map(len, cand)) > 0 and len(cand) <= _MAX_LITERALS and \
                (best is None or (min(map(len, cand)), -len(cand)) > (min(map(len, best)), -len(best))):
            best = cand

    run = {""}
    for op, av in items:
        if op == K.LITERAL:
            run = {s + chr(av) for s in run}
            continue
        if op == K.IN and len(av) <= _SMALL_CLASS and all(o == K.LITERAL for o, _ in av):
            run = {s + chr(c) for s in run for _, c in av}
            if len(run) <= _MAX_LITERALS:
                continue
            run = {""}  # too many alternatives: the run ends here, it gives no candidate
            continue
        better(frozenset(run))  # any other item ends the run of consecutive literals
        run = {""}
        if op == K.SUBPATTERN:
            better(_lits(av[-1]))
        elif op == K.BRANCH:
            alts = [_lits(b) for b in av[1]]
            if all(alts):
                better(frozenset().union(*alts))
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] >= 1:
            better(_lits(av[2]))
    better(frozenset(run))
    return best


@lru_cache(maxsize=1024)
def _parse(pattern: str, flags: int):
    """The parsed pattern (None when it does not parse), once per pattern: every question below reads it."""
    try:
        return _parser.parse(pattern, flags)
    except Exception:  # (the caller's own compile reports a bad pattern)
        return None


@lru_cache(maxsize=1024)
def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one (None when that cannot be told: a case-
    insensitive pattern, a branch without a literal, a parser this interpreter does not have)."""
    parsed = _parse(pattern, flags) if _parser is not None else None
    if parsed is None or parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    return _lits(parsed.data)


@lru_cache(maxsize=1024)
def _prefilter(pattern: str, flags: int) -> frozenset[str] | None:
    """The required literals worth looking for before a search: a few (each absent one costs a scan of the text,
    ~2 ns a character), for a pattern that does not open with a literal (the regex engine then scans from that
    prefix as fast as ``in``; an alternation or a lookbehind first costs it 10-60 ns a character)."""
    lits = required_literals(pattern, flags)
    if lits is None or len(lits) > _PREFILTER_MAX:
        return None
    first = _parse(pattern, flags).data[:1]
    return None if first and first[0][0] == _K.LITERAL else lits


def may_match(rx: re.Pattern, text: str) -> bool:
    """False only when ``rx`` certainly has no match in ``text`` (none of its required literals is there); True
    also when the literals are not worth looking for."""
    lits = _prefilter(rx.pattern, rx.flags) if isinstance(rx.pattern, str) else None
    return lits is None or any(lit in text for lit in lits)


@lru_cache(maxsize=256)
def _literal_search(lits: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(lits, key=lambda x: (-len(x), x)))))


def parsed_nodes(items):
    """Every node of a parsed pattern (``re._parser`` items), depth first: the walk both the shortcuts here and
    their tests read patterns by."""
    K = _K
    for op, av in items:
        yield op, av
        if op == K.SUBPATTERN:
            yield from parsed_nodes(av[-1])
        elif op == K.BRANCH:
            for branch in av[1]:
                yield from parsed_nodes(branch)
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            yield from parsed_nodes(av[2])
        elif op in (K.ASSERT, K.ASSERT_NOT):
            yield from parsed_nodes(av[1])
        elif op == K.ATOMIC_GROUP:
            yield from parsed_nodes(av)


def _one_char_not_newline(items) -> bool:
    """A lookaround body of single characters none of which may be a line break ([A-Za-z], 运)."""
    K = _K
    for op, av in items:
        if op == K.LITERAL:
            if av == 10:
                return False
        elif op == K.IN:
            if any(o not in (K.LITERAL, K.RANGE) for o, _ in av) or \
                    any((o == K.LITERAL and a == 10) or (o == K.RANGE and a[0] <= 10 <= a[1]) for o, a in av):
                return False  # (a negated class or a category may hold the line break)
        else:
            return False
    return True


@lru_cache(maxsize=1024)
def joinable(pattern: str, flags: int = 0) -> bool:
    """Whether every match of ``pattern`` inside one sentence is a match of the sentences joined by line breaks at
    the same place: no anchor but word boundaries (a line break is no word character, as a string's edge is not),
    no negative lookaround but one over single characters that are no line break (the joined text puts a line
    break where the sentence alone has nothing), no atomic group or possessive repeat (which could commit to a
    longer match across the break and then fail)."""
    parsed = _parse(pattern, flags) if _parser is not None else None
    if parsed is None:
        return False
    K = _K
    for op, av in parsed_nodes(parsed.data):
        if op == K.AT and av not in (K.AT_BOUNDARY, K.AT_NON_BOUNDARY):
            return False
        if op in (K.ATOMIC_GROUP, K.POSSESSIVE_REPEAT):
            return False
        if op == K.ASSERT_NOT and not _one_char_not_newline(av[1]):
            return False
    return True


class Joined:
    """The texts of ``items`` (anything with a ``text``) joined by line breaks. A pattern that is ``joinable`` and
    matches a sentence matches the joined text there, so no sentence before the first joined match holds one;
    a joined match may also cross a break (a sentence that then holds none): callers read the sentences these
    methods point to as they would read every sentence."""

    def __init__(self, items: Iterable):
        texts = [s.text for s in items]
        self.text = "\n".join(texts)
        self.starts, at = [], 0
        for t in texts:
            self.starts.append(at)
            at += len(t) + 1

    @staticmethod
    def _searchable(rx: re.Pattern) -> re.Pattern | None:
        """``rx`` when it is joinable; else a search for its required literals, which a sentence holding a match
        of ``rx`` holds and which is joinable (no anchor, no lookaround); None when neither is known."""
        if not isinstance(rx.pattern, str):
            return None
        if joinable(rx.pattern, rx.flags):
            return rx
        lits = required_literals(rx.pattern, rx.flags)
        return _literal_search(lits) if lits else None

    def first(self, rx: re.Pattern) -> int:
        """Index of the first sentence that may hold a match of ``rx`` (the number of sentences: none does)."""
        if not may_match(rx, self.text):
            return len(self.starts)
        rx = self._searchable(rx)
        if rx is None:
            return 0
        m = rx.search(self.text)
        return len(self.starts) if m is None else bisect_right(self.starts, m.start()) - 1

    def candidates(self, rx: re.Pattern, start: int = 0) -> Iterator[int]:
        """Indices, in order, of the sentences from ``start`` on that may hold a match of ``rx``: every sentence
        that holds one is among them."""
        n = len(self.starts)
        if start >= n or not may_match(rx, self.text):
            return
        rx = self._searchable(rx)
        if rx is None:
            yield from range(start, n)
            return
        i = start
        while i < n:
            m = rx.search(self.text, self.starts[i])
            if m is None:
                return
            i = max(i, bisect_right(self.starts, m.start()) - 1)
            yield i
            i += 1

