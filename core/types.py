"""Plain data classes passed between stages: extract → Document → analyze → Section tree.

They are frozen where practical; later stages derive new objects instead of mutating earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "table", "toc"]

# How a heading was decided, in order of trust (kept on every Section as evidence).
HEADING_SOURCES = ("docx-style", "docx-outline", "docx-style-use", "pdf-outline", "markdown", "numbering", "font",
                   "bold", "text-layout", "sequence-gap")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of a document, after normalisation."""

    text: str
    kind: BlockKind = "paragraph"
    page: int | None = None  # 1-based
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    font_size: float | None = None
    bold: bool = False
    centered: bool = False
    indented: bool = False  # TXT: body paragraphs usually start with two ideographic spaces
    style: str | None = None  # DOCX paragraph style name
    outline_level: int | None = None  # 1-based heading level from a DOCX style/outline or Markdown '#'
    auto_number: str | None = None  # DOCX list number rendered from numbering.xml ("第1章", "1.1")
    rows: tuple[tuple[str, ...], ...] | None = None  # kind == "table"

    @property
    def display_text(self) -> str:
        """Text as a reader sees it: the auto-number Word renders, then the paragraph text."""
        if self.auto_number:
            return f"{self.auto_number} {self.text}"
        return self.text


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A PDF bookmark."""

    title: str
    level: int  # 1-based
    page: int | None


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    format: str  # pdf | docx | doc | wps | txt | md | html
    pages: int | None
    blocks: tuple[Block, ...]
    outline: tuple[OutlineEntry, ...] = ()
    toc: tuple[str, ...] = ()  # titles read from a 目录 page (hints for heading detection)
    warnings: tuple[str, ...] = ()
    body_font_size: float | None = None
    ocr_confidence: tuple[tuple[int, float], ...] = ()  # (page, mean recognition confidence) of OCR'd pages

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Section:
    """A heading node. ``span`` is [start, end) over ``Document.blocks`` of the body, children included."""

    id: str
    title: str
    level: int
    page: int | None
    block_index: int  # index of the heading block (-1 for the synthetic root)
    span: tuple[int, int]
    decided_by: str
    body: str = ""  # own body text (not children's)
    chars: int = 0  # body text length, children included
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)
    number: str | None = None  # the numbering prefix as written ("第三章", "1.2", "（一）")
    # filled by classification
    label: str | None = None
    labels_secondary: list[str] = field(default_factory=list)
    confidence: float | None = None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """Body text of this section and all its descendants."""
        parts = [self.body] + [c.title + "\n" + c.full_text for c in self.children]
        return "\n".join(p for p in parts if p)


@dataclass
class SectionTree:
    document: Document
    root: Section  # synthetic level-0 node holding the chapters; its body is the front matter

    def sections(self) -> list[Section]:
        """Every heading node in document order (the root excluded)."""
        return [s for s in self.root.walk() if s is not self.root]
