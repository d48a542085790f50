"""Minimal HTML reader: h1–h6 become headings, p/li/div text paragraphs, tables kept as rows.

Headings that an exporter marks only by looks (LibreOffice's HTML of a Word file whose headings are bold runs
with automatic numbering) keep those looks: each paragraph carries its weight (<b>/<strong>/font-weight), its
size (CSS font-size, <font size>) and the number a browser draws for an <ol> item, as the DOCX reader does, so
the segmenter weighs them the same way in both formats. Looks given by class in a <style> sheet (Google Docs,
WPS and online editors export every run as <span class="c3"> with .c3{font-weight:700;font-size:16pt}) count as
inline ones: simple selectors only (tag, .class, tag.class), later and more specific rules winning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..core.types import Block
from .normalize import normalize_text
from .numbering import chinese_counting
from .text import decode_text

_BLOCK_TAGS = {"p", "div", "li", "br", "tr", "section", "article", "blockquote"}
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
# Elements that never have content or an end tag: they must not stay open on the formatting stack.
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source", "param", "embed"}
DEFAULT_SIZE = 12.0  # pt: a browser's medium (16px), the size of text that no markup sizes
_FONT_SIZES = {1: 7.5, 2: 10.0, 3: 12.0, 4: 13.5, 5: 18.0, 6: 24.0, 7: 36.0}  # <font size=N>, as browsers draw it
_SIZE_WORDS = {"xx-small": 7.0, "x-small": 7.5, "small": 10.0, "medium": 12.0, "large": 13.5, "x-large": 18.0,
               "xx-large": 24.0, "xxx-large": 36.0}
_CSS_SIZE = re.compile(r"^([\d.]+)\s*(pt|px|em|rem|%|pc|mm|cm|in)?$")
_UNIT_PT = {"pt": 1.0, "px": 0.75, "pc": 12.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_CN_LIST = {"cjk-ideographic", "simp-chinese-informal", "trad-chinese-informal", "cjk-decimal"}
_LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}


def _collapse_whitespace(text: str) -> str:
    """HTML whitespace as a browser shows it: each run of spaces and line breaks is one space. Exporters
    (LibreOffice, Word) wrap their source lines at the spaces of the text, so a break stands for a space."""
    return _SPACE_RUN.sub(" ", text)


def _style(attrs: dict[str, str]) -> dict[str, str]:
    return _declarations(attrs.get("style") or "")


_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[\w-]+)*)$", re.I)
_LOOK_PROPERTIES = ("font-weight", "font-size")


def _declarations(text: str) -> dict[str, str]:
    out = {}
    for decl in text.split(";"):
        name, _, value = decl.partition(":")
        if value.strip():
            out[name.strip().lower()] = value.strip().lower()
    return out


def _css_rules(css: str):
    """(selectors, declarations) of a sheet's top-level rules, in one pass (no regex that a sheet with an unclosed
    brace could make quadratic). An at-rule's block (@media print { p { … } }) is for other media and is skipped;
    an at-statement (@import …;) ends at its semicolon."""
    i, n = 0, len(css)
    while i < n:
        brace = css.find("{", i)
        if brace < 0:
            return
        head = css[i:brace].rpartition(";")[2].strip()
        if head.startswith("@"):
            depth, k = 1, brace + 1
            while k < n and depth:
                depth += {"{": 1, "}": -1}.get(css[k], 0)
                k += 1
            i = k
            continue
        close = css.find("}", brace)
        if close < 0:
            return
        yield head, css[brace + 1:close]
        i = close + 1


def parse_sheet(css: str) -> dict[tuple[str, tuple[str, ...]], dict[str, str]]:
    """The weight and size declarations of a <style> sheet, by simple selector: (tag or "", classes). Selectors
    with combinators, ids, attributes or pseudo-classes are left out: a reader cannot tell where they apply
    without a layout engine, and exporters do not use them for looks."""
    sheet: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}
    for selectors, body in _css_rules(_CSS_COMMENT.sub("", css)):
        looks = {k: v for k, v in _declarations(body).items() if k in _LOOK_PROPERTIES}
        if not looks:
            continue
        for selector in selectors.split(","):
            m = _SIMPLE_SELECTOR.match(selector.strip())
            if m and (m.group(1) or m.group(2)):
                key = ((m.group(1) or "").lower(), tuple(c for c in m.group(2).split(".") if c))
                sheet.setdefault(key, {}).update(looks)
    return sheet


@dataclass
class _Sheet:
    """A sheet's rules in order, indexed by the tag or class each names, so an element looks only at its own."""

    rules: list[tuple[str, tuple[str, ...], dict[str, str]]] = field(default_factory=list)
    by_name: dict[str, list[int]] = field(default_factory=dict)  # "p" or ".c3" -> positions in ``rules``

    def add(self, parsed: dict[tuple[str, tuple[str, ...]], dict[str, str]]) -> None:
        for (tag, classes), looks in parsed.items():
            at = len(self.rules)
            self.rules.append((tag, classes, looks))
            for name in {tag} - {""} | {"." + c for c in classes}:
                self.by_name.setdefault(name, []).append(at)

    def looks(self, tag: str, classes: set[str]) -> dict[str, str]:
        """The declarations the sheet gives an element, by specificity: tag, then class rules (fewer classes
        first), then tag.class rules; of the same specificity the later rule wins."""
        at = set(self.by_name.get(tag, ()))
        for c in classes:
            at.update(self.by_name.get("." + c, ()))
        matching = []
        for k in at:
            t, cls, looks = self.rules[k]
            if (not t or t == tag) and set(cls) <= classes:
                matching.append((bool(t) + 10 * len(cls), k, looks))
        out: dict[str, str] = {}
        for _, _, looks in sorted(matching, key=lambda x: (x[0], x[1])):
            out.update(looks)
        return out


def _css_size(value: str, current: float) -> float | None:
    value = value.replace("!important", "").strip()
    if value in _SIZE_WORDS:
        return _SIZE_WORDS[value]
    if value in ("smaller", "larger"):
        return current * (0.83 if value == "smaller" else 1.2)
    m = _CSS_SIZE.match(value)
    if not m:
        return None
    try:
        n = float(m.group(1))
    except ValueError:
        return None
    unit = m.group(2) or "px"
    if unit in ("em", "rem"):
        return n * (current if unit == "em" else DEFAULT_SIZE)
    if unit == "%":
        return n / 100 * current
    return n * _UNIT_PT[unit]


def _font_tag_size(value: str) -> float | None:
    value = value.strip()
    try:
        n = int(value)
    except ValueError:
        return None
    if value[:1] in "+-":
        n += 3  # relative to the base size 3
    return _FONT_SIZES[min(7, max(1, n))]


def _weight(value: str) -> bool | None:
    if value in ("bold", "bolder"):
        return True
    if value in ("normal", "lighter"):
        return False
    return int(value) >= 600 if value.isdigit() else None


def _looks(tag: str, attrs: dict[str, str], current: float,
           sheet: _Sheet | None = None) -> tuple[bool | None, float | None]:
    """(bold, size in pt) that an element sets for its content (its style sheet rules, then its inline style);
    None where it leaves the parent's."""
    css = sheet.looks(tag, set(attrs.get("class", "").split())) if sheet and sheet.rules else {}
    css.update(_style(attrs))
    bold = True if tag in ("b", "strong") else None
    if "font-weight" in css:
        bold = _weight(css["font-weight"])
    size = _css_size(css["font-size"], current) if "font-size" in css else None
    if size is None and tag == "font" and attrs.get("size"):
        size = _font_tag_size(attrs["size"])
    return bold, size


@dataclass
class _List:
    """One open <ol>/<ul>: its marker type and the value of its latest item (start - 1 before the first)."""

    ordered: bool
    style: str
    value: int
    has_item: bool = False


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _marker(style: str, n: int) -> str:
    """The list marker a browser draws for item ``n`` of a list of this type."""
    if style in _CN_LIST:
        return chinese_counting(n) + "、"
    if style in ("lower-alpha", "upper-alpha", "lower-latin", "upper-latin") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return (letter.upper() if style.startswith("upper") else letter) + "."
    if style in ("lower-roman", "upper-roman") and n > 0:
        return (_roman(n).upper() if style == "upper-roman" else _roman(n)) + "."
    return f"{n}."


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buf: list[tuple[str, bool, float | None]] = []  # (text, bold, size) runs of the open paragraph
        self.heading: int | None = None
        self.skip = 0
        self.rows: list[tuple[str, ...]] | None = None
        self.row: list[str] | None = None
        self.pre = 0
        self.fmt: list[tuple[str, bool | None, float | None]] = []  # open elements and the looks they set
        self.lists: list[_List] = []
        # The value of the latest item at each depth of nested ordered lists, across lists: LibreOffice
        # writes each numbered paragraph as its own <ol><ol start=N>, so the number of the item above at the
        # outer depth is its parent's (what a reader sees: "2." indented under chapter "3." reads as 3.2).
        self.last_at_depth: list[int] = []
        self.number: str | None = None  # the list number of the paragraph the open <li> starts
        self.sheet = _Sheet()  # the looks its <style> sheets give by selector
        self.css: list[str] | None = None  # the text of the open <style> element

    def _bold(self) -> bool:
        return next((b for _, b, _ in reversed(self.fmt) if b is not None), False)

    def _size(self) -> float | None:
        return next((s for _, _, s in reversed(self.fmt) if s is not None), None)

    def _flush(self) -> None:
        raw = "".join(t for t, _, _ in self.buf)
        if not self.pre:
            raw = _collapse_whitespace(raw)
        text = normalize_text(raw).strip()
        runs = self.buf
        self.buf = []
        if not text:
            return
        number, self.number = self.number, None
        if self.row is not None:
            self.row.append(f"{number} {text}" if number else text)
            return
        # Weight and size of the visible characters: bold when all are, the size that carries most of them.
        chars = [(len("".join(t.split())), b, s) for t, b, s in runs]
        bold = all(b for n, b, _ in chars if n)
        weight: dict[float, int] = {}
        for n, _, s in chars:
            if n:
                weight[s or DEFAULT_SIZE] = weight.get(s or DEFAULT_SIZE, 0) + n
        size = max(weight, key=lambda k: (weight[k], k)) if weight else None
        self.blocks.append(Block(text=" ".join(text.split()) if self.heading else text,
                                 outline_level=self.heading, style="html" if self.heading else None,
                                 bold=bold, font_size=size, auto_number=number))

    def _close(self, tag: str, within: tuple[str, ...] = ()) -> None:
        """Pop the formatting stack down to the latest open ``tag`` (closing what it left open), looking no
        further down than an open element of ``within``."""
        for k in range(len(self.fmt) - 1, -1, -1):
            if self.fmt[k][0] == tag:
                del self.fmt[k:]
                return
            if self.fmt[k][0] in within:
                return

    def _list_item(self, attrs: dict[str, str]) -> None:
        lst = self.lists[-1] if self.lists else None
        if lst is None or not lst.ordered:
            return
        value = attrs.get("value", "")
        lst.value = int(value) if value.isdigit() else lst.value + 1
        lst.has_item = True
        depth = len(self.lists)
        del self.last_at_depth[depth:]
        self.last_at_depth += [0] * (depth - len(self.last_at_depth))
        self.last_at_depth[depth - 1] = lst.value
        parents = [o.value if o.has_item else self.last_at_depth[k] for k, o in enumerate(self.lists[:-1])]
        if depth > 1 and all(o.ordered and o.style == "decimal" for o in self.lists) and all(parents):
            self.number = ".".join(str(v) for v in [*parents, lst.value])
        else:
            self.number = _marker(lst.style, lst.value)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "pre":
            self._flush()
            self.pre += 1
            return
        if tag not in _VOID:
            if tag in ("p", "li"):
                # An unclosed <p>/<li> ends where the next one of the same list or block starts.
                self._close(tag, ("ol", "ul", "menu", "table", "div", "blockquote"))
            bold, size = _looks(tag, attrs, self._size() or DEFAULT_SIZE, self.sheet)
            self.fmt.append((tag, bold, size))
        if tag in ("script", "style", "head"):
            self.skip += 1
            if tag == "style":
                self.css = []
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.heading = int(tag[1])
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.row = []
        elif tag in ("ol", "ul", "menu"):
            self._flush()
            css = _style(attrs).get("list-style-type", "")
            style = css or _LIST_TYPES.get(attrs.get("type", ""), "decimal")
            start = attrs.get("start", "")
            self.lists.append(_List(tag == "ol", style, (int(start) if start.isdigit() else 1) - 1))
        elif tag == "li":
            self._flush()
            self._list_item(attrs)
        elif tag in ("td", "th") or tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "pre":
            self._flush()
            self.pre = max(0, self.pre - 1)
            return
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
            if tag == "style" and self.css is not None:
                self.sheet.add(parse_sheet("".join(self.css)))
                self.css = None
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
        elif tag in ("ol", "ul", "menu"):
            self._flush()
            self.number = None  # an empty item's number does not pass to the text after its list
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self.number = None
        self._close(tag)

    def handle_data(self, data):
        if self.css is not None:
            self.css.append(data)
        elif not self.skip:
            self.buf.append((data, self._bold(), self._size()))


def read_html(data: bytes) -> tuple[list[Block], list[str]]:
    text, _ = decode_text(data)
    collector = _Collector()
    collector.feed(text)
    collector.close()
    collector._flush()
    return collector.blocks, []
