"""What rules may query: the classified Section tree, the Facts, and the document's sentences located by
section and page. Rules never parse file formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..analyze.facts import Facts
from ..core.text import SENTENCE_ENDS, block_sentences
from ..core.types import Section, SectionTree

# Text that only holds a place: 略, 待补充, 【请填写…】, XXXX.
PLACEHOLDER_TEXT = re.compile(r"[（(]?略[)）]?|暂无|待定|待补充|待完善|TBD|【[^】]*】|X{2,}|×{2,}|[\s。，、；：:…—\-/]+")


def is_empty_section(s: Section) -> bool:
    """A heading whose body, sub-sections included, is empty or only placeholders (the next heading follows)."""
    text = s.full_text
    for child in s.walk():
        if child is not s:
            text = text.replace(child.title, "")
    return not PLACEHOLDER_TEXT.sub("", text).strip()


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
        """Sections that carry ``label`` and have a body: a heading with nothing under it is not the topic."""
        return [s for s in self._labelled(label, secondary) if not is_empty_section(s)]

    def empty_sections_with(self, label: str, secondary: bool = True) -> list[Section]:
        return [s for s in self._labelled(label, secondary) if is_empty_section(s)]

    def _labelled(self, label: str, secondary: bool) -> list[Section]:
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
        return [Sentence(t, owner.get(i)) for i, t in block_sentences(doc.blocks, SENTENCE_ENDS, skip=headings,
                                                                       text_of=lambda b: b.text.replace("\t", " "))]

    def body_sentences(self) -> list[Sentence]:
        """Sentences under some heading (the title page excluded)."""
        return [s for s in self.sentences if s.section is not None]

    def has_appendix(self) -> bool:
        return bool(self.sections_with("appendix"))
