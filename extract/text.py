"""TXT and Markdown reader: encoding detection (charset-normalizer), hard-wrap joining, run-together articles."""

from __future__ import annotations

import re

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block
from .normalize import normalize_text
from .patterns import CONTENTS_TITLES, SENTENCE_END, is_toc_line, split_toc_line

_CN_NUM = "一二三四五六七八九十百零〇两"
# Regulations pasted from web pages often run articles together ("…本办法。第二条#本办法所称…").
_RUN_CHAPTER = re.compile(rf"(?:(?<=^)|(?<=[。；）\)”]))\s*(第[{_CN_NUM}\d]+[章节])\s*([^。#；\n]{{1,24}}?)\s*(?=第[{_CN_NUM}\d]+条|$)",
                          re.M)
_INLINE_ARTICLE = re.compile(rf"[。；]\s*第[{_CN_NUM}\d]+条[#\s　]|第[{_CN_NUM}\d]+条#")
_RUN_ARTICLE = re.compile(rf"(?<=[。；）\)”])\s*(?=第[{_CN_NUM}\d]+条[#\s　])")
_ARTICLE_HASH = re.compile(rf"(第[{_CN_NUM}\d]+条)#")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^(=+|-+)\s*$")  # "标题\n====" (level 1) / "标题\n----" (level 2)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# A cell holding only a heading number: 第一章 / 一、 / （一） / 1 / 1.1 / 1.1.1 / (1) / ① / Ⅰ、 / A. — Word puts a tab
# after an automatic number, and a file saved as .txt keeps it ("1.1<TAB>项目名称").
_CN_ALL = _CN_NUM + "壹贰叁肆伍陆柒捌玖拾"
_NUMBER = (
    rf"(?:第\s*[{_CN_ALL}\d]+\s*(?:部分|章|篇|节)|[{_CN_ALL}]{{1,3}}[、．.]?|[（(]\s*[{_CN_ALL}\d]{{1,3}}\s*[）)]"
    r"|\d{1,2}(?:[.．]\d{1,2}){0,3}[.．、]?|\d{1,2}[）)]|[①-⑳]|[Ⅰ-Ⅻ][、．.]?|[IVX]{1,5}[.、．]|[A-Za-z][.、．)）])")
_NUMBER_CELL = re.compile(rf"^{_NUMBER}$")
_NUMBER_LEAD = re.compile(rf"^{_NUMBER}\s*[^\s\d]")
_PAGE_CELL = re.compile(r"^\d{1,4}$")
# Rows of one numbering kind counting up in a run of three or more are a table's serial column.
_TABLE_RUN = 3


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first (strict), then charset-normalizer, then GB18030."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "gb18030"
    # charset-normalizer sometimes names a narrower Chinese code page; GB18030 is a superset of GBK/GB2312.
    if encoding.lower().replace("-", "") in ("gbk", "gb2312", "cp936", "hz", "big5") and encoding.lower() != "big5":
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("gb18030", errors="replace"), "gb18030"


def split_run_together(text: str) -> str:
    """Put chapters and articles that a bad extraction ran together back on lines of their own."""
    if len(_INLINE_ARTICLE.findall(text)) < 3:
        return text
    out = []
    for line in text.split("\n"):
        if "第" in line and ("条" in line or "章" in line):
            line = _RUN_CHAPTER.sub(lambda m: f"\n{m.group(1)} {m.group(2).strip()}\n", line)
            line = _RUN_ARTICLE.sub("\n", line)
            line = _ARTICLE_HASH.sub(r"\1 ", line)
        out.append(line)
    return "\n".join(out)


def _display_len(s: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


def read_text(data: bytes, fmt: str) -> tuple[list[Block], list[str]]:
    text, encoding = decode_text(data)
    text = normalize_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    text = split_run_together(text)
    lines = text.split("\n")
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"encoding:{encoding}"]
    blocks = _lines_to_blocks(lines, markdown=(fmt == "md"))
    if fmt == "md":
        blocks = _title_is_no_chapter(blocks)
    if not any(b.text.strip() for b in blocks):
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    return blocks, warnings


def _title_is_no_chapter(blocks: list[Block]) -> list[Block]:
    """A Markdown file that opens with its only "#" heading uses it for the document's title (项目建议书 …), not for
    a chapter: as a heading it would make every real chapter its child. It becomes a title-page line."""
    ones = [k for k, b in enumerate(blocks) if b.outline_level == 1]
    if len(ones) != 1 or ones[0] != 0 or len(blocks) < 2:
        return blocks
    return [Block(text=blocks[0].text, centered=True), *blocks[1:]]


def _md_inline(text: str) -> tuple[str, bool]:
    """Markdown strong emphasis removed from the text; True when it covered the whole paragraph (a line typed as
    "**一、项目概况**" is how many authors mark a heading without "#")."""
    whole = _MD_STRONG.fullmatch(text)
    return _MD_STRONG.sub(r"\2", text), bool(whole)


def _lines_to_blocks(lines: list[str], markdown: bool) -> list[Block]:
    nonblank = [ln.rstrip() for ln in lines if ln.strip()]
    widths = sorted(_display_len(ln.strip()) for ln in nonblank)
    # A hard-wrapped file has many lines at (nearly) the same maximal width; a paragraph-per-line file has not.
    wrap_width = 0
    if len(widths) >= 20:
        p90 = widths[int(len(widths) * 0.9)]
        near = sum(1 for w in widths if p90 - 6 <= w <= p90 + 4)
        if p90 >= 40 and near >= len(widths) * 0.25 and widths[-1] <= p90 * 1.6:
            wrap_width = p90

    blocks: list[Block] = []
    table_rows: list[tuple[str, ...]] = []
    pending: str | None = None
    pending_indent = False
    last_width = 0  # display width of the last physical line added to ``pending``

    def unfinished() -> bool:
        return bool(wrap_width and pending and not pending.rstrip().endswith(SENTENCE_END)
                    and last_width >= wrap_width - 8)

    def flush_para():
        nonlocal pending
        if pending is not None and pending.strip():
            text, bold = _md_inline(pending.strip()) if markdown else (pending.strip(), False)
            blocks.append(Block(text=text, indented=pending_indent, bold=bold))
        pending = None

    def flush_table():
        if table_rows:
            blocks.append(Block(text="\n".join("\t".join(r) for r in table_rows), kind="table",
                                rows=tuple(table_rows)))
            table_rows.clear()

    in_toc = False
    heading_rows = {} if markdown else _tabbed_headings(lines)
    for n, raw in enumerate(lines):
        line = heading_rows.get(n, raw.rstrip())
        stripped = line.strip()
        if not stripped:
            # A blank line ends a paragraph unless the file is hard-wrapped and the sentence is unfinished.
            if not unfinished():
                flush_para()
            continue
        indented = line[:1] in (" ", "\u3000", "\t")
        if markdown:
            setext = _MD_SETEXT.match(stripped)
            if setext and pending is not None and "\n" not in pending and len(setext.group(1)) >= 2 \
                    and not table_rows:
                blocks.append(Block(text=_md_inline(pending.strip())[0], outline_level=1 if stripped[0] == "=" else 2,
                                    style="markdown"))
                pending = None
                continue
            if setext and len(stripped) >= 3:
                flush_para()
                continue  # a thematic break
            m = _MD_HEADING.match(stripped)
            if m:
                flush_para()
                flush_table()
                blocks.append(Block(text=m.group(2).strip(), outline_level=len(m.group(1)), style="markdown"))
                continue
            if stripped.startswith("|") and stripped.count("|") >= 2:
                flush_para()
                if not _MD_TABLE_SEP.match(stripped):
                    table_rows.append(tuple(c.strip() for c in stripped.strip("|").split("|")))
                continue
        if "\t" in stripped and not markdown and n not in heading_rows:
            flush_para()
            table_rows.append(tuple(c.strip() for c in stripped.split("\t")))
            continue
        flush_table()
        compact = "".join(stripped.split())
        if compact in CONTENTS_TITLES and not in_toc:
            flush_para()
            in_toc = True
            blocks.append(Block(text=stripped, kind="toc"))
            continue
        if in_toc:
            if is_toc_line(stripped):
                title, _ = split_toc_line(stripped)
                blocks.append(Block(text=title, kind="toc"))
                continue
            in_toc = False
        if unfinished():
            # Hard wrap inside a sentence: join without a space between Chinese characters.
            assert pending is not None
            sep = " " if (pending[-1:].isascii() and pending[-1:].isalnum() and stripped[:1].isascii()) else ""
            pending = pending.rstrip() + sep + stripped
            last_width = _display_len(stripped)
            continue
        flush_para()
        pending = stripped
        pending_indent = indented
        last_width = _display_len(stripped)
    flush_para()
    flush_table()
    return blocks


def _tabbed_headings(lines: list[str]) -> dict[int, str]:
    """Lines with a tab that are headings, not table rows: two cells, the first only a heading number
    ("1.1<TAB>项目名称" -> "1.1 项目名称"), or a numbered title and a page number ("第一章 总论<TAB>4", kept with its tab:
    the heading tree drops the page reference). A run of consecutive tab lines stays a table when a row has
    another shape (a header row "序号<TAB>名称") or it is three rows or more (a serial column). Rows count their
    cells as typed (trailing empty cells too), so a two-cell heading right below a four-column table is no row of it."""
    out: dict[int, str] = {}
    run: list[int] = []

    def close() -> None:
        rows = [[c.strip() for c in lines[k].strip().split("\t")] for k in run]
        if run and len(run) < _TABLE_RUN and all(_heading_row(r) for r in rows):
            for k, r in zip(run, rows, strict=True):
                out[k] = lines[k][: len(lines[k]) - len(lines[k].lstrip())] + \
                    (f"{r[0]} {r[1]}" if _NUMBER_CELL.match(r[0]) else f"{r[0]}\t{r[1]}")
        run.clear()

    width, shape = 0, ""
    for k, raw in enumerate(lines):
        if "\t" in raw.strip():
            cells = raw.lstrip().rstrip(" \u3000\r\n").split("\t")
            # Numbers of another shape do not continue a serial column ("1" then "2.1", "第一章" then "1.1").
            mine = _number_shape(cells[0].strip())
            if run and (len(cells) != width or (mine and shape and mine != shape)):
                close()
            run.append(k)
            width, shape = len(cells), mine
        else:
            close()
    close()
    return out


def _heading_row(cells: list[str]) -> bool:
    if len(cells) != 2 or not all(cells):
        return False
    first, second = cells
    if _NUMBER_CELL.match(first):
        return not _PAGE_CELL.match(second)
    return bool(_PAGE_CELL.match(second)) and bool(_NUMBER_LEAD.match(first))


def _number_shape(cell: str) -> str:
    """"d.d" for "2.1", "第c章" for "第三章"; "" when the cell is not only a heading number."""
    if not _NUMBER_CELL.match(cell):
        return ""
    return re.sub(rf"[{_CN_ALL}]+", "c", re.sub(r"\d+", "d", cell))
