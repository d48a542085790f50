"""Minimal HTML reader: h1–h6 become headings, p/li/div text paragraphs, tables kept as rows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..core.types import Block
from .normalize import normalize_text
from .text import decode_text

_BLOCK_TAGS = {"p", "div", "li", "br", "tr", "section", "article", "blockquote"}
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")


def _collapse_whitespace(text: str) -> str:
    """HTML whitespace as a browser shows it: each run of spaces and line breaks is one space. Exporters
    (LibreOffice, Word) wrap their source lines at the spaces of the text, so a break stands for a space."""
    return _SPACE_RUN.sub(" ", text)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.heading: int | None = None
        self.skip = 0
        self.rows: list[tuple[str, ...]] | None = None
        self.row: list[str] | None = None
        self.pre = 0

    def _flush(self) -> None:
        raw = "".join(self.buf)
        if not self.pre:
            raw = _collapse_whitespace(raw)
        text = normalize_text(raw).strip()
        self.buf = []
        if not text:
            return
        if self.row is not None:
            self.row.append(text)
            return
        self.blocks.append(Block(text=" ".join(text.split()) if self.heading else text,
                                 outline_level=self.heading, style="html" if self.heading else None))

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._flush()
            self.pre += 1
            return
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.heading = int(tag[1])
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.row = []
        elif tag in ("td", "th") or tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "pre":
            self._flush()
            self.pre = max(0, self.pre - 1)
            return
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.heading = None
        elif tag in ("td", "th"):
            self._flush()
        elif tag == "tr" and self.rows is not None and self.row is not None:
            self._flush()
            self.rows.append(tuple(self.row))
            self.row = None
        elif tag == "table" and self.rows is not None:
            rows = tuple(self.rows)
            self.rows = None
            if rows:
                self.blocks.append(Block(text="\n".join("\t".join(r) for r in rows), kind="table", rows=rows))
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def read_html(data: bytes) -> tuple[list[Block], list[str]]:
    text, _ = decode_text(data)
    collector = _Collector()
    collector.feed(text)
    collector.close()
    collector._flush()
    return collector.blocks, []
