"""What rules may query: the classified Section tree, the Facts, and the document's sentences located by
section and page. Rules never parse file formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..analyze.facts import Facts
from ..core.types import Section, SectionTree

_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")


@dataclass(frozen=True)
class Sentence:
    text: str
    section: Section | None  # None: title page / front matter


@dataclass
class ReviewContext:
    tree: SectionTree
    facts: Facts
    duplicates: list | None = None  # DuplicateCandidates, or None when no inventory was given

    def sections_with(self, label: str, secondary: bool = True) -> list[Section]:
        return [s for s in self.tree.sections()
                if s.label == label or (secondary and label in s.labels_secondary)]

    @cached_property
    def sentences(self) -> list[Sentence]:
        doc = self.tree.document
        owner: dict[int, Section] = {}
        for s in self.tree.sections():
            for i in range(s.block_index + 1, s.span[1]):
                owner[i] = s  # deeper sections come later and overwrite their parents
        headings = {s.block_index for s in self.tree.sections()}
        out = []
        for i, b in enumerate(doc.blocks):
            if b.kind == "toc" or i in headings:
                continue
            sec = owner.get(i)
            text = b.text.replace("\t", " ")
            for m in _SENTENCE.finditer(text):
                t = m.group(0).strip()
                if t:
                    out.append(Sentence(t, sec))
        return out

    def body_sentences(self) -> list[Sentence]:
        """Sentences under some heading (the title page excluded)."""
        return [s for s in self.sentences if s.section is not None]

    def has_appendix(self) -> bool:
        return bool(self.sections_with("appendix"))
