"""What rules may query: the classified Section tree, the Facts, and the document's sentences located by
section and page. Rules never parse file formats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ..analyze.facts import Facts
from ..analyze.joined import Joined
from ..core.text import SENTENCE_ENDS, block_sentences
from ..core.types import Section, SectionTree

# Text that only holds a place: 略, 待补充, 【请填写…】, XXXX.
PLACEHOLDER_TEXT = re.compile(r"[（(]?略[)）]?|暂无|待定|待补充|待完善|TBD|【[^】]*】|X{2,}|×{2,}|[\s。，、；：:…—\-/]+")


# Every character PLACEHOLDER_TEXT can remove outside 【…】 (whitespace aside): a character not among them, in no
# sub-section title, stays whatever else is removed.
_PLACEHOLDER_CHARS = frozenset("()（）略暂无待定补充完善TBDX×。，、；：:…—-/")


def is_empty_section(s: Section) -> bool:
    """A heading whose body, sub-sections included, is empty or only placeholders (the next heading follows)."""
    if _keeps_a_character(s):
        return False  # the common case, decided without building and scanning the chapter's whole text
    text = s.full_text
    for child in s.walk():
        if child is not s:
            text = text.replace(child.title, "")
    return not PLACEHOLDER_TEXT.sub("", text).strip()


def _keeps_a_character(s: Section) -> bool:
    """Some body under ``s`` holds a character that neither a sub-section title nor a placeholder can remove (and
    there is no 【…】 that could swallow it): then the section is certainly not empty."""
    below = list(s.walk())
    if any("【" in x.body or "【" in x.title for x in below):
        return False
    removable = _PLACEHOLDER_CHARS.union(*(x.title for x in below if x is not s))
    return any(not c.isspace() and c not in removable for x in below for c in x.body)  # stops at the first


class Sentence(NamedTuple):  # (a tuple: built for every sentence of a document, 4x cheaper than a dataclass)
    text: str
    section: Section | None  # None: title page / front matter


@dataclass
class ReviewContext:
    tree: SectionTree
    facts: Facts
    duplicates: list | None = None  # DuplicateCandidates, or None when no inventory was given

    def sections_with(self, label: str, secondary: bool = True) -> list[Section]:
        """Sections that carry ``label`` and have a body: a heading with nothing under it is not the topic."""
        return [s for s in self._labelled(label, secondary) if not self._is_empty(s)]

    def empty_sections_with(self, label: str, secondary: bool = True) -> list[Section]:
        return [s for s in self._labelled(label, secondary) if self._is_empty(s)]

    def _is_empty(self, s: Section) -> bool:
        """is_empty_section once per section and review: rules ask about the same chapters again and again."""
        known = self._emptiness.get(id(s))
        if known is None or known[0] is not s:
            known = self._emptiness[id(s)] = (s, is_empty_section(s))
        return known[1]

    @cached_property
    def _emptiness(self) -> dict[int, tuple[Section, bool]]:
        return {}

    def _labelled(self, label: str, secondary: bool) -> list[Section]:
        return [s for s in self._sections if s.label == label or (secondary and label in s.labels_secondary)]

    @cached_property
    def _sections(self) -> list[Section]:
        """The tree's sections, walked once per review (rules ask for labelled sections dozens of times; a review
        changes no heading)."""
        return self.tree.sections()

    @cached_property
    def sentences(self) -> list[Sentence]:
        doc = self.tree.document
        owner: list[Section | None] = [None] * len(doc.blocks)
        for s in self._sections:
            lo, hi = s.block_index + 1, min(s.span[1], len(owner))
            if hi > lo:
                owner[lo:hi] = [s] * (hi - lo)  # deeper sections come later and overwrite their parents
        headings = {s.block_index for s in self._sections}
        new = tuple.__new__  # (a named tuple made by tuple's own __new__, no Python frame each)
        return [new(Sentence, (t, owner[i])) for i, t in block_sentences(doc.blocks, SENTENCE_ENDS, skip=headings,
                                                                          text_of=lambda b: b.text.replace("\t", " "))]

    def body_sentences(self) -> list[Sentence]:
        """Sentences under some heading (the title page excluded)."""
        return list(self._body)

    @cached_property
    def _body(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.section is not None)

    @cached_property
    def _body_joined(self) -> Joined:
        return Joined(self._body)

    def body_candidates(self, rx: re.Pattern) -> Iterator[Sentence]:
        """The body sentences, in order, that may hold a match of ``rx`` (analyze/joined.py): every one that holds
        one is among them, so a rule that reads a sentence only for its matches reads the same (rules scan the
        whole text for a word most documents never use: once in C, not sentence by sentence)."""
        body = self._body
        return (body[i] for i in self._body_joined.candidates(rx))

    def body_matching(self, rx: re.Pattern) -> Iterator[Sentence]:
        """The body sentences in which ``rx`` finds a match, in order."""
        return (s for s in self.body_candidates(rx) if rx.search(s.text))

    def has_appendix(self) -> bool:
        return bool(self.sections_with("appendix"))
