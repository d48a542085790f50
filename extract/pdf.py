"""PDF reader on pypdfium2: one text call per page, a few per-line calls for boxes, font size and weight.

Per-character calls through ctypes would cost ~10x more; sampling the first and middle character of each
line keeps extraction at hundreds of pages per second (bench/bench_extract.py). Ruled tables come from the
page's path objects and char boxes (``tables.py``); pdfplumber is not used.
"""

from __future__ import annotations

import bisect
import codecs
import ctypes
import dataclasses
import math
import re
from bisect import bisect_right
from itertools import groupby
from operator import attrgetter, itemgetter

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block, OutlineEntry
from .heap import CyclicGcPause, raise_malloc_thresholds
from .lines import PDFIUM_LOCK as _PDFIUM_LOCK
from .lines import PdfLine, fast_pdfium, handle
from .normalize import RADICAL_TABLE, normalize_text
from .patterns import (
    CONTENTS_TITLES,
    SENTENCE_END,
    is_page_number,
    is_toc_line,
    opens_numbered,
    split_toc_line,
    worn_toc_title,
)
from .tables import GridCells, aligned_tables, continues, grid_of_lines, join_continued, page_grids

_TOKEN = re.compile(r"\S+")
_FILL_STROKE = (2, 6)  # text render modes: fill then stroke (and add to the clip path)
_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei", re.I)

def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise YushenError(ErrorCode.ENCRYPTED, "PDF 已加密，需要密码才能打开 (password-protected PDF)") from None
        raise YushenError(ErrorCode.CORRUPT_FILE, f"PDF 无法解析 ({exc})") from None


def read_pdf_lines(data: bytes, tables: bool = True, *, full_scan: bool = False
                   ) -> tuple[list[PdfLine], list[OutlineEntry], int]:
    """Text lines of every page; with ``tables``, the lines inside a ruled grid become one table line.
    ``full_scan`` (tests only) skips no page and no line: every page's objects are walked for rules, every
    line with a space is measured for gaps and every token in a grid for its place; the tables must come out
    the same as without it."""
    raise_malloc_thresholds()  # (once a process: pdfium's page buffers no longer page-faulted afresh, see heap.py)
    with _PDFIUM_LOCK:
        return _read_pdf_lines(data, tables, full_scan)


def _read_pdf_lines(data: bytes, tables: bool, full_scan: bool = False
                    ) -> tuple[list[PdfLine], list[OutlineEntry], int]:
    pdf = _open(data)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise YushenError(ErrorCode.EMPTY_DOCUMENT, "PDF 没有页面 (PDF has no pages)")
        outline = _read_outline(pdf)
        lines: list[PdfLine] = []
        reader = _LineReader(full_scan)
        f, doc = reader.f, handle(pdf.raw)
        # Pages and text pages through pdfium's own calls (the errors pypdfium2's PdfPage and PdfTextPage would
        # raise, with their messages): their weak references and finalizers were ~10 % of a bare text dump.
        for index in range(n_pages):
            page = f.FPDF_LoadPage(doc, index)
            if not page:  # a damaged page object
                raise YushenError(ErrorCode.CORRUPT_FILE, f"第 {index + 1} 页无法解析 (Failed to load page.)")
            try:
                textpage = f.FPDFText_LoadPage(page)
                if not textpage:
                    raise _pdfium_error("Failed to load text page.")
                try:
                    reader.read_page(page, textpage, index + 1, tables, lines)
                finally:
                    f.FPDFText_ClosePage(textpage)
            finally:
                f.FPDF_ClosePage(page)
        return reader.simulated_bold(lines), outline, n_pages
    finally:
        pdf.close()


def _pdfium_error(message: str) -> Exception:
    import pypdfium2 as pdfium

    return pdfium.PdfiumError(message)


def _page_text(f, textpage: int, n: int, held: list | None = None) -> str:
    """The text of a page's ``n`` characters, as pypdfium2's ``PdfTextPage.get_text_range(0, n)`` gives it: pdfium
    leaves characters it excludes at either end out of its text, so the range is narrowed to the first and last
    character that has a text index (pypdfium2 issue 261), and the buffer is sized from their text indices.
    ``held``: a one-item list holding a buffer to reuse, grown (in powers of two) when a page needs more: a buffer
    of a new length is a new ctypes array type, ~10 µs to make, once a page."""
    c_start, c_end, l_passive, r_passive = 0, n - 1, 0, 0
    while True:
        if c_start > c_end:
            return ""  # no character with text
        t_start = f.FPDFText_GetTextIndexFromCharIndex(textpage, c_start)
        if t_start == -1:
            c_start, l_passive = c_start + 1, l_passive + 1
            continue
        t_end = f.FPDFText_GetTextIndexFromCharIndex(textpage, c_end)
        if t_end == -1:
            c_end, r_passive = c_end - 1, r_passive + 1
            continue
        break
    size = t_end + 2 - t_start  # with the NUL terminator
    if held is None:
        buffer = (ctypes.c_ushort * size)()
    else:
        buffer = held[0]
        if len(buffer) < size:
            buffer = held[0] = (ctypes.c_ushort * (1 << (size - 1).bit_length()))()
    out_count = f.FPDFText_GetText(textpage, l_passive, n - l_passive - r_passive, buffer)
    return codecs.decode(memoryview(buffer)[:out_count - 1], "utf-16-le", errors="ignore")


# Characters normalize_text changes: a page without any (most pages) skips it line by line.
_NEEDS_NORMALIZING = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(RADICAL_TABLE)) + "]")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_GAP = re.compile(r"\s+")
# Punctuation standing alone after the end of a line ("… 项目 “ ”"): glyphs drawn after the line, out of place.
_STRAY_CHARS = frozenset("“”‘’「」『』《》〈〉·—")
_STRAY_TAIL = re.compile(r"(?: [“”‘’「」『』《》〈〉·—])+$")
_STRAY_INSIDE = re.compile(r"[^ ] [“”‘’「」『』《》〈〉]")  # a mark after a blank, and the character before them
# What each match of _STRAY_INSIDE holds, led by a literal (the regex engine skips from blank to blank instead of
# trying a character class at every position: ~5x faster over a page)
_MARK_AFTER_BLANK = re.compile(r" [“”‘’「」『』《》〈〉]")


class _LineReader:
    """Reads one page after another into ``PdfLine``s: a box from the first and last character, size and weight
    sampled at the first and middle character (a handful of calls a line, not one a character)."""

    def __init__(self, full_scan: bool = False) -> None:
        self.full_scan = full_scan  # the reference for tests: no page or line skipped (see read_pdf_lines)
        self.f = fast_pdfium()
        self.name_buf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.box = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self.rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        # The per-line calls take no argtypes (lines.fast_pdfium): out-parameters go as these pointers.
        self.box_refs = tuple(map(ctypes.byref, self.box))
        self.rgba_refs = tuple(map(ctypes.byref, self.rgba))
        self.flags_ref = ctypes.byref(self.flags)
        self.name_len = ctypes.c_ulong(256)
        self.text_buffer = [(ctypes.c_ushort * 4096)()]  # each page's text (see _page_text)
        self.bold_font: dict[bytes, bool] = {}  # font name -> looks bold (黑体, *-Bold …)
        self.stroked: list[PdfLine] = []  # lines drawn filled and stroked (simulated bold)
        self.stroked_chars = self.chars = 0
        self.rounded: dict[float, float] = {}  # font size -> round(size, 1): a document sets few sizes

    def simulated_bold(self, lines: list[PdfLine]) -> list[PdfLine]:
        """Lines drawn filled and stroked are bold: Word and WPS simulate bold so for a font without a bold face
        (宋体 and 仿宋 have none), in the body's font and weight. Unless most of the text is drawn so: then the
        stroke is how the whole document is set, and marks nothing."""
        if not self.stroked or 2 * self.stroked_chars > self.chars:
            return lines
        marked = {id(line) for line in self.stroked}
        return [dataclasses.replace(line, bold=True) if id(line) in marked else line for line in lines]

    def read_page(self, page: int, textpage: int, page_no: int, tables: bool, lines: list[PdfLine]) -> None:
        """One page, given pdfium's handles of the page and its text page."""
        f = self.f
        width, height = f.FPDF_GetPageWidthF(page), f.FPDF_GetPageHeightF(page)
        tp = ctypes.c_void_p(textpage)  # as the per-line calls take it (no argtypes)
        n = f.FPDFText_CountChars(textpage)
        if n == -1:
            raise _pdfium_error("Failed to get character count.")
        text = _page_text(f, textpage, n, self.text_buffer) if n > 0 else ""
        norm = normalize_text if _NEEDS_NORMALIZING.search(text) else str
        if len(text) != n:  # text and character indices disagree: text only, no boxes
            lines.extend(PdfLine(norm(s), page_no, 0, 0, 0, 0, 0, False, height, width)
                         for s in (ln.strip() for ln in _LINE_BREAK.split(text)) if s)
            return
        char_box, font_size, font_weight = f.FPDFText_GetCharBox, f.FPDFText_GetFontSize, f.FPDFText_GetFontWeight
        left, right, bottom, top = self.box
        left_p, right_p, bottom_p, top_p = self.box_refs
        # Pass 1: each line's text, character range and box.
        found: list[list] = []  # [text, first char, last char, x0, x1, y_top, y_bottom, first char's centre]
        pos = 0
        crlf = text.count("\n") == text.count("\r\n") == text.count("\r")  # pdfium's own breaks: one split
        # A line's text is a piece of the page's, and a match of _STRAY_INSIDE holds one of _MARK_AFTER_BLANK: a
        # page without one has no line _drawn_late need look at (most pages).
        marks_inside = self.full_scan or _MARK_AFTER_BLANK.search(text) is not None
        for raw_line in text.split("\r\n") if crlf else _LINE_BREAK.split(text):
            start = pos
            pos += len(raw_line) + (2 if crlf else 0)
            if not crlf:
                pos += 2 if text[pos:pos + 2] == "\r\n" else 1
            stripped = raw_line.strip()
            if not stripped:
                continue
            first = start if stripped[0] == raw_line[0] else start + raw_line.index(stripped[0])
            last = first + len(stripped) - 1
            if stripped[-1] in _STRAY_CHARS and len(stripped) > 2 and stripped[-2] == " " and \
                    _STRAY_TAIL.search(stripped) or marks_inside and self._drawn_late(tp, stripped, first):
                stripped = self._in_x_order(tp, stripped, first)
            char_box(tp, first, left_p, right_p, bottom_p, top_p)
            x0, y_top, y_bottom = left.value, top.value, bottom.value
            centre = ((x0 + right.value) / 2, (y_top + y_bottom) / 2)  # of the first character: a cell token
            char_box(tp, last, left_p, right_p, bottom_p, top_p)
            # (max and min of two written out, as they choose: the first unless the second is beyond it)
            y, y_low = top.value, bottom.value
            found.append([stripped, first, last, x0, right.value, y if y > y_top else y_top,
                          y_low if y_low < y_bottom else y_bottom, centre])
        # Gap segments (table rows without rules), and ruled grids only on a page where some line has a wide
        # gap: the cells of a ruled row sit apart too, and the walk over every page object is the dearest
        # part of table finding.
        grids: list = []
        in_grid: list[int | None] = []  # each line's grid, once the page has one
        if not tables:
            segments = {}
        elif self.full_scan:
            segments = self._all_segments(tp, found, norm, page, grids, in_grid)
        else:
            segments = self._page_segments(tp, found, norm, page, grids, in_grid)
        grid_cells: dict[int, GridCells] = {}
        grid_at: dict[int, int] = {}  # grid -> position of its first line in ``lines``
        # (bound once a page: the loop below runs for every line)
        font_info, fill_color, name_buf, flags = f.FPDFText_GetFontInfo, f.FPDFText_GetFillColor, self.name_buf, self.flags_ref
        char_angle, name_len = f.FPDFText_GetCharAngle, self.name_len
        text_object, render_mode = f.FPDFText_GetTextObject, f.FPDFTextObj_GetTextRenderMode
        bold_font, segment_of, append, rounded = self.bold_font, segments.get, lines.append, self.rounded
        red, green, blue, _ = self.rgba
        red_p, green_p, blue_p, alpha_p = self.rgba_refs
        for k, (stripped, first, last, x0, x1, y_top, y_bottom, centre) in enumerate(found):
            if in_grid:
                g = in_grid[k]
                if g is not None:
                    if g not in grid_cells:
                        grid_cells[g], grid_at[g] = GridCells(grids[g]), len(lines)
                    self._cell_line(tp, grid_cells[g], stripped, first, centre)
                    continue
            mid = (first + last) // 2
            if text[mid] < "\u3000":  # a Latin run or a blank: the line's face is its Chinese characters'
                mid = _chinese_near(text, mid, first, last)
            angle = char_angle(tp, mid)
            if angle > _ASLANT and _oblique(angle):  # (any angle up to _ASLANT is not oblique: most lines)
                continue  # a watermark or a stamp set across the page ("内部资料 严禁外传" at 45°), not the text
            size, size_mid = font_size(tp, first), font_size(tp, mid)
            if size_mid > size:
                size = size_mid
            # Weight and name belong to the font, so one call for the name finds a font already judged.
            got = font_info(tp, mid, name_buf, name_len, flags)
            name = name_buf.value if 0 < got <= 256 else b""  # a longer name is not copied
            bold = bold_font.get(name) if name else None
            if bold is None:
                bold = font_weight(tp, mid) >= 600 or bool(_BOLD_NAME.search(name.decode("utf-8", "ignore")))
                if name:
                    bold_font[name] = bold
            self.chars += len(stripped)
            stroked = not bold and (obj := text_object(tp, mid)) and render_mode(obj) in _FILL_STROKE
            color = (red.value << 16 | green.value << 8 | blue.value) \
                if fill_color(tp, mid, red_p, green_p, blue_p, alpha_p) else None
            shown = rounded.get(size)
            if shown is None:
                shown = rounded[size] = round(size, 1)
            append(PdfLine(stripped if norm is str else norm(stripped), page_no, x0, height - y_top, x1, height - y_bottom,
                           shown, bold, height, width, None, (), segment_of(k, ()), color))
            if stroked:
                self.stroked.append(lines[-1])
                self.stroked_chars += len(stripped)
        for g in sorted(grid_at, key=grid_at.get, reverse=True):
            rows = grid_cells[g].texts()
            if norm is not str:
                rows = tuple(tuple(norm(c) for c in r) for r in rows)
            if rows:
                gr = grids[g]
                lines.insert(grid_at[g], PdfLine("\n".join("\t".join(r) for r in rows), page_no, gr.x0,
                                                 height - gr.y1, gr.x1, height - gr.y0, 0, False, height, width,
                                                 rows=rows, cols=gr.xs))

    def _cell_line(self, tp: ctypes.c_void_p, cells: GridCells, stripped: str, first: int, centre: tuple) -> None:
        """A line inside a ruled grid, token by token into its cells: the column from the centre of a token's
        first character (one char-box call a token, not a character; the line's first is known), the row from
        the line's middle (every token of a line sits in one grid row)."""
        row, xs, hi = cells.row(centre[1]), cells.xs, cells.hi_col
        if _GAP.search(stripped) is None and not self.full_scan:  # one token (most cells)
            row[bisect_right(xs, centre[0], 1, hi) - 1].append(stripped)
            return
        char_box = self.f.FPDFText_GetCharBox
        left, right, _, _ = self.box
        left_p, right_p, bottom_p, top_p = self.box_refs
        for m in _TOKEN.finditer(stripped):
            if m.start() == 0:
                x = centre[0]
            else:
                char_box(tp, first + m.start(), left_p, right_p, bottom_p, top_p)
                x = (left.value + right.value) / 2
            row[bisect_right(xs, x, 1, hi) - 1].append(m.group(0))

    def _drawn_late(self, tp: ctypes.c_void_p, stripped: str, first: int) -> bool:
        """Whether quotation marks drawn after their run sit inside the line, not at its end ("某市XX局“城市
        智脑”XX…" came back as "某市 XX 局 城市智脑 “ ”XX …" when a Latin run followed them): a blank and a
        stray mark that stand left of the character before the blank."""
        if " " not in stripped:
            return False
        left, _, _, _ = self.box
        left_p, right_p, bottom_p, top_p = self.box_refs
        char_box = self.f.FPDFText_GetCharBox
        for m in _STRAY_INSIDE.finditer(stripped):
            char_box(tp, first + m.start(), left_p, right_p, bottom_p, top_p)
            before = left.value
            char_box(tp, first + m.end() - 1, left_p, right_p, bottom_p, top_p)
            if left.value < before:
                return True
        return False

    def _in_x_order(self, tp: ctypes.c_void_p, stripped: str, first: int) -> str:
        """The line's characters left to right. A PDF may draw some glyphs after the rest of the line (quotation
        marks set in a fallback font: “一网统管” came back as "一网统管 … “ ”"); pdfium keeps drawing order and puts
        them at the line's end. The blanks pdfium inserted for their empty places go."""
        left, right, _, _ = self.box
        left_p, right_p, bottom_p, top_p = self.box_refs
        chars = []
        for k, ch in enumerate(stripped):
            if not ch.isspace():
                self.f.FPDFText_GetCharBox(tp, first + k, left_p, right_p, bottom_p, top_p)
                chars.append((left.value, right.value, ch))
        chars.sort(key=lambda c: c[0])
        out = [chars[0][2]]
        for (_, prev_right, prev), (x0, x1, ch) in zip(chars, chars[1:], strict=False):
            # Latin words keep the space between them (a gap wider than a third of the glyph).
            if prev.isascii() and ch.isascii() and x0 - prev_right > (x1 - x0) / 3:
                out.append(" ")
            out.append(ch)
        return "".join(out)

    def _page_segments(self, tp: ctypes.c_void_p, found: list[list], norm, page, grid_found: list,
                       in_grid: list) -> dict[int, tuple]:
        """Gap segments of the page's lines that can be table rows: a line with a space near another such
        line (a table has rows on rows), within a dozen lines under a line that has segments (a row whose
        cells wrap onto many lines) or near the top or bottom of the page (a table cut by the page break).

        The first wide gap calls for the ruled-grid walk (``grid_found`` receives the grids, ``in_grid`` each
        line's grid or None): the cells of a ruled row sit apart too, and the walk over every page object is
        the dearest part of table finding. Lines inside a grid need no segments. Two kinds of line are
        measured only when a wide gap turns up within a dozen lines of them: running prose (a line set close
        that runs to within two ems of the right edge, followed by another at the left edge; a row reaches the
        right edge only when its last cell wraps, and then the next line starts inside that cell), and, once
        the page has a wide gap, lines with a single space (headings such as "1.1 概述", page numbers)."""
        spaced = [k for k, line in enumerate(found) if " " in line[0]]
        if not spaced:
            return {}
        last = len(found) - 1
        right_edge = max(map(itemgetter(4), found)) - 1.0
        left_edge = min(map(itemgetter(3), found)) + 1.0
        out: dict[int, tuple] = {}
        grids = None
        later: list[int] = []
        last_wide = -99
        before = -99
        dense_at, dense_was = -1, False  # the last line _dense read, and its answer
        for k, after in zip(spaced, spaced[1:] + [10**9], strict=True):
            near = k - before <= 3 or after - k <= 3
            before = k
            if not (near or k < 2 or last - k < 2 or k - last_wide <= 12):
                continue
            if in_grid and in_grid[k] is not None:
                continue  # never measured, whichever way it would go
            line = found[k]
            if grids is not None and line[0].count(" ") == 1:
                later.append(k)
                continue
            if line[4] >= right_edge - 2 * (line[5] - line[6]) and k < last and found[k + 1][3] <= left_edge and \
                    (dense_was if dense_at == k else _dense(line)):
                # (the next line's answer is kept: in running prose with Latin runs most lines are spaced, and
                # the next line is the one asked about next)
                dense_at, dense_was = k + 1, _dense(found[k + 1])
                if dense_was:
                    later.append(k)
                    continue
            segments = self._line_segments(tp, line, norm)
            if segments:
                out[k] = segments
                last_wide = k
                if grids is None:
                    grids = page_grids(page)
                    grid_found.extend(grids)
                    if grids:
                        in_grid.extend(grid_of_lines(grids, found))
        wide = sorted(out)
        for k in later:  # in page order, so the rows of a table reached this way carry it on
            at = bisect.bisect_left(wide, k - 12)
            if at < len(wide) and wide[at] <= k + 12 and (not in_grid or in_grid[k] is None):
                segments = self._line_segments(tp, found[k], norm)
                if segments:
                    out[k] = segments
                    bisect.insort(wide, k)
        if not in_grid:
            return out
        return {k: v for k, v in out.items() if in_grid[k] is None}

    def _all_segments(self, tp: ctypes.c_void_p, found: list[list], norm, page, grid_found: list,
                      in_grid: list) -> dict[int, tuple]:
        """``_page_segments`` without its shortcuts: the rules of every page, the gaps of every line with a
        space outside a grid (a table row of a ruled grid is read from the grid)."""
        grid_found.extend(page_grids(page))
        if grid_found:
            in_grid.extend(grid_of_lines(grid_found, found))
        out = {}
        for k, line in enumerate(found):
            if " " in line[0] and (not in_grid or in_grid[k] is None):
                segments = self._line_segments(tp, line, norm)
                if segments:
                    out[k] = segments
        return out

    def _line_segments(self, tp: ctypes.c_void_p, line: list, norm) -> tuple:
        stripped, first, last_char, x0, x1 = line[:5]
        size = self.f.FPDFText_GetFontSize(tp, (first + last_char) // 2)
        return self._segments(tp, stripped, first, x0, x1, size, norm)

    def _segments(self, tp: ctypes.c_void_p, stripped: str, first: int, x0: float, x1: float, size: float, norm):
        """The line's runs of text between wide gaps (at least ~2/3 of the font size: wider than a word space),
        from the boxes of the characters on either side of each space; () when there is no wide gap."""
        char_box = self.f.FPDFText_GetCharBox
        left, right, _, _ = self.box
        left_p, right_p, bottom_p, top_p = self.box_refs
        wide = max(size, 6.0) * 0.66
        out: list[tuple[str, float, float]] = []
        seg_start, seg_x0 = 0, x0
        for m in _GAP.finditer(stripped):
            char_box(tp, first + m.start() - 1, left_p, right_p, bottom_p, top_p)
            end_x = right.value
            char_box(tp, first + m.end(), left_p, right_p, bottom_p, top_p)
            if left.value - end_x >= wide:
                out.append((norm(stripped[seg_start:m.start()]), seg_x0, end_x))
                seg_start, seg_x0 = m.end(), left.value
        if not out:
            return ()
        out.append((norm(stripped[seg_start:]), seg_x0, x1))
        return tuple(out)


# Text turned by other than a right angle: a document's own lines run across or up the page, a table's column
# headers at most turned upright; a watermark or stamp runs aslant. (Angles in radians, -1 when pdfium has none.)
_RIGHT_ANGLES = tuple(k * math.pi / 2 for k in range(5))
_ASLANT = math.radians(5)


def _chinese_near(text: str, at: int, first: int, last: int) -> int:
    """The position of the Chinese character (or mark) nearest after ``at`` in ``first..last``, else before it,
    else ``at``. Latin runs in a Chinese line are set in a Latin face of their own (Times New Roman beside 黑体), so
    a Latin letter in the middle of a line tells nothing of the line's weight."""
    for k in range(at + 1, last + 1):
        if text[k] >= "\u3000":
            return k
    for k in range(at - 1, first - 1, -1):
        if text[k] >= "\u3000":
            return k
    return at


def _oblique(angle: float) -> bool:
    return angle >= 0 and all(abs(angle - r) > _ASLANT for r in _RIGHT_ANGLES)


def _dense(line: list) -> bool:
    """The line's text fills its width (a CJK character an em, others about half; UTF-8 lengths count them at
    C speed): no room for the wide gaps of a table row."""
    stripped, first, last = line[0], line[1], line[2]
    n = len(stripped)
    wide_chars = (len(stripped.encode("utf-8")) - n) // 2  # 3-byte characters: CJK and full-width forms
    width = line[4] - line[3]
    size = (line[5] - line[6]) or 1.0  # the line box height stands for the font size here
    return width > 0 and (wide_chars + (n - wide_chars) * 0.5) * size >= 0.85 * width and last - first + 1 == n


def _read_outline(pdf) -> list[OutlineEntry]:
    """The bookmarks to six levels, in document order, as pypdfium2's ``get_toc(max_depth=6)`` gives them, through
    pdfium's own calls: its helper objects (a bookmark, a destination, each with a typed pointer) were most of the
    cost, ~2.5 bookmarks a page in a proposal."""
    entries: list[OutlineEntry] = []
    try:
        _read_bookmarks(fast_pdfium(), handle(pdf.raw), None, 0, set(), entries, ctypes.create_string_buffer(512))
    except Exception:  # a broken outline must not cost the document
        return []
    return entries


def _read_bookmarks(f, doc: int, parent: int | None, level: int, seen: set[int], out: list[OutlineEntry],
                    buffer: ctypes.Array) -> None:
    """The children of ``parent`` (the outline's root for None) and their subtrees, depth first. ``seen``: a
    circular reference ends the walk of its level, as in pypdfium2. ``buffer``: for the titles (one a document; a
    longer title gets its own)."""
    bookmark = f.FPDFBookmark_GetFirstChild(doc, parent)
    while bookmark:
        if bookmark in seen:
            break
        seen.add(bookmark)
        size = f.FPDFBookmark_GetTitle(bookmark, None, 0)
        into = buffer if size <= len(buffer) else ctypes.create_string_buffer(size)
        f.FPDFBookmark_GetTitle(bookmark, into, size)
        title = normalize_text(codecs.decode(memoryview(into)[:max(size - 2, 0)], "utf-16-le") or "").strip()
        if title:
            dest = f.FPDFBookmark_GetDest(doc, bookmark)
            index = f.FPDFDest_GetDestPageIndex(doc, dest) if dest else -1
            out.append(OutlineEntry(title=title, level=level + 1, page=index + 1 if index >= 0 else None))
        if level < 5:
            _read_bookmarks(f, doc, bookmark, level + 1, seen, out, buffer)
        bookmark = f.FPDFBookmark_GetNextSibling(doc, bookmark)


# Replacement, private-use and control characters: a text layer of (cid:N) junk when they are >30 % of it.
_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")


def drop_running_furniture(lines: list[PdfLine], n_pages: int) -> tuple[list[PdfLine], int]:
    """Remove running headers/footers and page numbers. Returns kept lines and how many were dropped.

    A line is furniture when it sits in the top or bottom band of its page and either looks like a page
    number or its digit-blind text recurs on a good share of pages; anywhere on the page, when it is set in a
    pale colour and recurs so (a watermark laid flat: "内部资料" in light grey across the middle of every page).
    """
    def key(line: PdfLine) -> str:
        return _DIGITS.sub("#", "".join(line.text.split()))

    counts: dict[tuple[str, str], set[int]] = {}
    keys: dict[int, tuple[str, str]] = {}  # position -> (band, key) of the lines in a band
    for k, line in enumerate(lines):
        if line.rows is not None:
            continue  # a table is never furniture
        # (written out: this runs for every line of the document)
        if line.top < line.page_height * 0.1:
            b = "top"
        elif line.bottom > line.page_height * 0.9:
            b = "bottom"
        else:
            color = line.color
            # (red under 0xB0 settles it for black and dark body text without taking the channels apart)
            if color is None or color < 0xB00000 or min(color >> 16, (color >> 8) & 0xFF, color & 0xFF) < 0xB0:
                continue  # not pale: some channel under 0xB0 (greys and tints no body text is set in)
            b = "pale"
        keys[k] = (b, key(line))
        counts.setdefault(keys[k], set()).add(line.page)
    threshold = max(2, int(n_pages * 0.3))
    kept, dropped = [], 0
    for k, line in enumerate(lines):
        if k in keys and (is_page_number(line.text) or len(counts[keys[k]]) >= threshold):
            dropped += 1
            continue
        kept.append(line)
    return kept, dropped


_DIGITS = re.compile(r"\d+")


_HEADING_COLOR_MAX_CHARS = 50  # a heading-length line; longer (or wider) runs in a colour are highlighted text


def _heading_colors(lines: list[PdfLine]) -> dict[int, float]:
    """Colours that mark headings, each with the size it adds to a heading's look: a colour other than the
    body's in which only short lines are set (not running across most of the line), at least twice (headings marked only by colour: red chapters and
    blue sections over black body text). A colour that also sets running text, or a single coloured line, marks
    nothing. The segmenter reads looks from size and weight, so a heading colour reads as a larger look: the
    first one seen +2 (a document opens with a chapter), the others +1, the way numbering kinds nest by first
    appearance."""
    if len({ln.color for ln in lines}) < 2:
        return {}  # one colour throughout (most documents): the body's, which marks nothing
    chars: dict[int | None, int] = {}
    short: dict[int, int] = {}
    long_lines: set[int | None] = set()
    for ln in lines:  # (each attribute read once: this runs for every line of a document in colours)
        color, n = ln.color, len(ln.text)
        chars[color] = chars.get(color, 0) + n
        if n > _HEADING_COLOR_MAX_CHARS or ln.x1 - ln.x0 > 0.6 * ln.page_width:  # running text
            long_lines.add(color)
        elif color is not None and not ln.text.endswith(SENTENCE_END):
            short[color] = short.get(color, 0) + 1
    if not chars:
        return {}
    body = max(chars, key=chars.get)
    marking = [c for c, n in short.items() if c != body and n >= 2 and c not in long_lines]  # first seen first
    return {c: 2.0 if k == 0 else 1.0 for k, c in enumerate(marking)}


def _two_column_pages(body: list[PdfLine]) -> dict[int, float]:
    """Pages set in two columns -> the x that divides them: nearly all the page's body lines keep to one half
    of the page, and each half holds several (margins and line ends are then measured per column)."""
    by_page: dict[int, list[PdfLine]] = {}
    for ln in body:
        by_page.setdefault(ln.page, []).append(ln)
    out = {}
    for page, page_lines in by_page.items():
        mid, slack = page_lines[0].page_width / 2, page_lines[0].page_width * 0.02
        right = sum(ln.x0 >= mid - slack for ln in page_lines)
        if right < 4:
            continue  # (most pages: few lines start right of the middle; their left half is not counted)
        left = sum(ln.x1 <= mid + slack for ln in page_lines)
        if left >= 4 and left + right >= 0.9 * len(page_lines):
            out[page] = mid
    return out


def _margins(lines: list[PdfLine], size: float) -> tuple[float, float] | None:
    """The left and right margins of body lines: the 10th percentile of their starts, the 90th of their ends.
    Unless that end falls well inside the column, as in a document of short paragraphs (an outline with a
    sentence or two under each heading): then most lines are a paragraph's last line, ending anywhere, and only
    the few that wrap reach the column's edge, so the edge is where the longest lines end (the 98th percentile,
    at least the third longest: one stray line is not the edge), on pages of the commonest width (a landscape
    page's lines run further)."""
    if not lines:
        return None
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(len(ends) * 0.9)]
    if ends[-1] - right > size * 1.5:  # (most documents: the 90th percentile is the edge, nothing to sort again)
        width = lines[0].page_width
        if any(ln.page_width != width for ln in lines):
            widths: dict[float, int] = {}
            for ln in lines:
                widths[ln.page_width] = widths.get(ln.page_width, 0) + 1
            width = max(widths, key=widths.get)
            ends = sorted(ln.x1 for ln in lines if ln.page_width == width)
        far = ends[max(min(int(len(ends) * 0.98), len(ends) - 3), 0)]
        if far - right > size * 1.5:
            right = far
    return sorted(ln.x0 for ln in lines)[int(len(lines) * 0.1)], right


def lines_to_blocks(lines: list[PdfLine]) -> tuple[list[Block], float | None]:
    """Join lines into paragraphs: a line that runs to the right margin without ending a sentence continues."""
    if not lines:
        return [], None
    # Body size by characters, outside tables: in a table-heavy PDF most *lines* are short table cells.
    weight: dict[float, int] = {}
    for ln in lines:
        if ln.font_size and ln.rows is None:
            weight[ln.font_size] = weight.get(ln.font_size, 0) + len(ln.text)
    body_size = max(weight, key=weight.get) if weight else None
    text_lines = [ln for ln in lines if ln.rows is None] or lines
    body = [ln for ln in text_lines if ln.font_size == body_size and ln.x1 > ln.x0] or text_lines
    divide = _two_column_pages(body)
    single = [ln for ln in body if ln.page not in divide] or body
    left_margin, right_margin = _margins(single, body_size or 10) or (0.0, 0.0)  # (single is never empty)
    columns = [_margins([ln for ln in body if ln.page in divide and (ln.x0 < divide[ln.page]) == (k == 0)],
                        body_size or 10) for k in (0, 1)] if divide else []
    indent = (body_size or 10) * 1.2
    short = (body_size or 10) * 1.5  # a line that ends further from the right margin stopped short of it
    heading_colors = _heading_colors(text_lines)

    def column(ln: PdfLine) -> int | None:
        at = divide.get(ln.page)
        return None if at is None else (0 if ln.x0 < at else 1)

    def frame(ln: PdfLine) -> tuple[float, float]:
        """The left and right margins of the line's column (of the page, on a one-column page)."""
        k = column(ln)
        return (left_margin, right_margin) if k is None or columns[k] is None else columns[k]

    blocks: list[Block] = []
    current: list[PdfLine] = []

    def flush():
        if not current:
            return
        first = current[0]
        parts = [first.text]
        for ln in current[1:]:
            a, b = parts[-1][-1], ln.text[0]  # (either end CJK or full-width, written out: runs for every joined line)
            if not ("\u3000" <= a <= "\u9fff" or "\uff00" <= a <= "\uffef" or "\u3000" <= b <= "\u9fff"
                    or "\uff00" <= b <= "\uffef" or a == "-"):
                parts.append(" ")  # (a hyphen at the line's end joins its word: "Wi-" | "Fi")
            parts.append(ln.text)
        text = "".join(parts)
        left, right = frame(first) if divide else (left_margin, right_margin)
        # Centred: clear of both margins. The indented first line of a full paragraph sits near the middle too.
        if not divide or column(first) is None:
            centered = abs((first.x0 + first.x1) / 2 - first.page_width / 2) < first.page_width * 0.05 and \
                first.x0 > left + indent and first.x1 < right - indent
        else:
            centered = abs((first.x0 + first.x1) / 2 - (left + right) / 2) < (right - left) * 0.1 and \
                first.x0 > left + indent and first.x1 < right - indent
        size = first.font_size or None
        if size and first.color in heading_colors and all(ln.color == first.color for ln in current):
            size += heading_colors[first.color]  # a heading colour reads as a larger look (see _heading_colors)
        blocks.append(Block(text=text, page=first.page, bbox=(first.x0, first.top, current[-1].x1,
                                                               current[-1].bottom),
                            font_size=size, bold=first.bold, centered=centered,
                            indented=first.x0 > left + indent * 0.6))
        current.clear()

    last_table: PdfLine | None = None  # the table that the last block holds, while nothing followed it
    for ln in lines:
        if ln.rows is not None:
            flush()
            if last_table is not None and blocks and continues(last_table, ln):
                rows = join_continued(blocks[-1].rows, ln.rows)
                blocks[-1] = Block(text="\n".join("\t".join(r) for r in rows), kind="table", page=blocks[-1].page,
                                   bbox=blocks[-1].bbox, rows=rows)
            else:
                blocks.append(Block(text=ln.text, kind="table", page=ln.page, bbox=(ln.x0, ln.top, ln.x1, ln.bottom),
                                    rows=ln.rows))
            last_table = ln
            continue
        last_table = None
        if current:
            prev = current[-1]
            if divide:
                # A paragraph goes on at the top of the next column as it does on the next page.
                next_column = ln.page == prev.page and column(prev) == 0 and column(ln) == 1 and ln.top < prev.top
                prev_right, ln_left = frame(prev)[1], frame(ln)[0]
            else:  # one column throughout (most documents): the page's margins, no per-line look-ups
                next_column, prev_right, ln_left = False, right_margin, left_margin
            # The cheap tests first; "full" may try a pattern on the line.
            if abs(prev.font_size - ln.font_size) < 0.6 and prev.bold == ln.bold \
                    and ln.x0 <= ln_left + indent * 0.6 \
                    and ((ln.page == prev.page and 0 <= ln.top - prev.bottom < (prev.font_size or 10) * 1.6)
                         or ln.page == prev.page + 1 or next_column) \
                    and not (prev.text.endswith(SENTENCE_END)
                             and (ln.page != prev.page or next_column or ln.color != prev.color
                                  or opens_numbered(ln.text))) \
                    and (prev.x1 >= prev_right - (body_size or 10) * 1.5
                         or _wrapped_before_word(prev, ln, prev_right)) \
                    and not (ln.x1 < prev_right - short and len(current) == 1 and not ln.text.endswith(SENTENCE_END)
                             and opens_numbered(ln.text) and opens_numbered(prev.text)):
                # (the last test: a numbered line under a numbered one, short and no sentence, is a chapter over
                # its first section, two headings; a paragraph's "（一）…" first line goes on into "1.2节所述…。")
                current.append(ln)
                continue
            flush()
        current.append(ln)
    flush()
    return blocks, body_size


_LATIN_RUN = re.compile(r"^[（(]?[A-Za-z0-9][A-Za-z0-9/\-.:_·%‰]*(?:\s[A-Za-z0-9/\-.:_·%‰]+)*[)）]?")
# Closing marks no line may start with: they go down to the next line with the run before them ("99.9%。").
_NO_LINE_START = re.compile(r"[。，、；：？！）」』”’》〉]*")
_CARRIED_DOWN = re.compile(r"[\u4e00-\u9fff](?=[。，、；：？！）」』”’》〉])")  # a character a closing mark takes along


def _wrapped_before_word(prev: PdfLine, ln: PdfLine, right_margin: float) -> bool:
    """A line that stops short of the margin because the next line opens with an unbreakable Latin run
    ("（GB/T 36964-2018）…", "99.9%。") that did not fit in the space left, or with a Chinese character that a
    closing mark took down with it (no line may start with the mark: "局。"): the line with the run (half a
    character a Latin letter, a whole one a Chinese character or a closing mark) reaches the margin as a
    wrapped line does."""
    if prev.text.endswith(SENTENCE_END):
        return False
    m = _LATIN_RUN.match(ln.text)
    if m:
        run = len(m.group(0)) * 0.5
    elif (m := _CARRIED_DOWN.match(ln.text)) is None or opens_numbered(ln.text):
        return False
    else:  # one Chinese character goes down with the closing mark after it ("…城市管理" / "局。")
        run = 1.0
    marks = _NO_LINE_START.match(ln.text, m.end()).end() - m.end()
    size = ln.font_size or 10
    return prev.x1 + (run + marks) * size >= right_margin - size * 1.5


NO_TEXT_MESSAGE = ("PDF 没有可用的文字层（可能是扫描件）；启用 OCR 请安装 pip install 'yushen[ocr]' "
                   "(no usable text layer: a scan; install the ocr extra to read it)")


def _scanned_pages(data: bytes, lines: list[PdfLine], n_pages: int) -> tuple[list[int], int]:
    """Pages whose text is a scan: (almost) no text layer but an image on the page, or a text layer of junk such as
    (cid:N) private-use code points. A blank or drawing-only page is not a scan. Also the number of junk characters
    in all the lines (for the junk share of the whole text, without reading it a second time)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    # The reader gives the lines page by page: each page's texts are one run (checked: a page met twice is
    # gathered the long way).
    runs = [(p, "".join(map(_TEXT, run))) for p, run in groupby(lines, _PAGE)]
    by_page = dict(runs)
    if len(by_page) != len(runs):
        parts: dict[int, list[str]] = {}
        for ln in lines:
            parts.setdefault(ln.page, []).append(ln.text)
        by_page = {p: "".join(texts) for p, texts in parts.items()}
    junk = {p: len(_GARBAGE.findall(text)) for p, text in by_page.items()}
    out = []
    pdf = None
    try:
        for p in range(1, n_pages + 1):
            text = by_page.get(p, "")
            if text and junk[p] / len(text) > 0.3:
                out.append(p)
                continue
            # (20 characters other than whitespace among the first 64 are enough: most pages, without a split)
            if len("".join(text[:64].split())) >= 20 or len("".join(text.split())) >= 20:
                continue
            pdf = pdf or pdfium.PdfDocument(data)
            page = pdf[p - 1]
            if any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2)):
                out.append(p)
            page.close()
    finally:
        if pdf is not None:
            pdf.close()
    return out, sum(junk.values())


_TEXT, _PAGE = attrgetter("text"), attrgetter("page")


def _has_chars(lines: list[PdfLine], n: int) -> bool:
    """At least ``n`` characters other than whitespace in the lines, counted until there are."""
    count = 0
    for ln in lines:
        count += len("".join(ln.text.split()))
        if count >= n:
            return True
    return False


def _ocr_available() -> bool:
    """The OCR module (its confusables' patterns and ``statistics``, ≈15 ms) is imported only for a PDF with
    scanned pages."""
    from .ocr import ocr_available

    return ocr_available()


def read_pdf(data: bytes) -> tuple[list[Block], list[OutlineEntry], int, float | None, list[str], dict[int, float]]:
    with CyclicGcPause() as pause:  # (see heap.py: the lines and blocks all live on)
        return _read_pdf(data, pause)


def _read_pdf(data: bytes, pause: CyclicGcPause
              ) -> tuple[list[Block], list[OutlineEntry], int, float | None, list[str], dict[int, float]]:
    lines, outline, n_pages = read_pdf_lines(data)
    warnings: list[str] = []
    confidence: dict[int, float] = {}
    has_text = _has_chars(lines, 10)
    with _PDFIUM_LOCK:
        scans, junk = _scanned_pages(data, lines, n_pages)
    if scans and _ocr_available():
        from .ocr import ocr_pdf_pages

        with pause.lifted():
            ocr_lines, confidence = ocr_pdf_pages(data, scans)
        done = set(scans)
        lines = [ln for ln in lines if ln.page not in done] + ocr_lines
        lines.sort(key=lambda ln: ln.page)  # stable: each page keeps its own order
        warnings.append(f"ocr: {len(scans)} page(s) recognised by OCR")
    elif not has_text or junk / sum(len(ln.text) for ln in lines) > 0.3 or len(scans) > n_pages // 2:
        raise YushenError(ErrorCode.NO_TEXT_LAYER, NO_TEXT_MESSAGE)
    elif scans:
        warnings.append(f"{len(scans)} scanned page(s) not read: install the ocr extra to read them")
    if all(ln.text.isspace() or not ln.text for ln in lines):  # (the joined text strips to nothing)
        raise YushenError(ErrorCode.NO_TEXT_LAYER, NO_TEXT_MESSAGE)
    lines, dropped = drop_running_furniture(lines, n_pages)
    lines = aligned_tables(lines)
    lines, toc_blocks = _split_toc(lines)
    blocks, body_size = lines_to_blocks(lines)
    merged = _merge_toc(blocks, toc_blocks)
    if dropped:
        warnings.append(f"dropped {dropped} header/footer/page-number lines")
    return merged, outline, n_pages, body_size, warnings, confidence


def read_scanned_image(data: bytes) -> tuple[list[Block], int, float | None, list[str], dict[int, float]]:
    """An image file (PNG, JPEG, TIFF with several pages) through OCR and the same layout steps as a PDF."""
    from .ocr import ocr_image_file

    lines, confidence, n_pages = ocr_image_file(data)
    if not lines:
        raise YushenError(ErrorCode.NO_TEXT_LAYER, "图片中没有识别出文字 (no text recognised in the image)")
    lines, dropped = drop_running_furniture(lines, n_pages)
    lines = aligned_tables(lines)
    lines, toc_blocks = _split_toc(lines)
    blocks, body_size = lines_to_blocks(lines)
    return _merge_toc(blocks, toc_blocks), n_pages, body_size, [f"ocr: {n_pages} page(s) recognised by OCR"], confidence


_TOC_END = frozenset("0123456789ivxIVX")


def _split_toc(lines: list[PdfLine]) -> tuple[list[PdfLine], list[Block]]:
    """Take 目录 pages out of the flow: the title line and the dot-leader lines that follow it."""
    kept: list[PdfLine] = []
    toc: list[Block] = []
    in_toc = False
    for ln in lines:
        if ln.rows is not None:
            in_toc = False
            kept.append(ln)
            continue
        # a 目录 title is short (and holds 目: most lines are not split and joined to find out)
        if len(ln.text) <= 16 and "目" in ln.text:
            compact = "".join(ln.text.split())
            if compact in CONTENTS_TITLES or compact.startswith("目录") and len(compact) <= 4:
                in_toc = True
                toc.append(Block(text=ln.text, kind="toc", page=ln.page))
                continue
        # A TOC line ends in its page number: the cheap test first (the pattern backtracks on long lines).
        if ln.text[-1:] in _TOC_END and is_toc_line(ln.text) and (in_toc or re.search(r"[.．·…⋯]{4,}", ln.text)):
            title, _ = split_toc_line(ln.text)
            toc.append(Block(text=title, kind="toc", page=ln.page))
            continue
        if in_toc and (worn := worn_toc_title(ln.text)):  # (an OCR'd leader: "（一）建设背景.1", "一、规划概.")
            toc.append(Block(text=worn, kind="toc", page=ln.page))
            continue
        in_toc = False
        kept.append(ln)
    return kept, toc


def _merge_toc(blocks: list[Block], toc: list[Block]) -> list[Block]:
    if not toc:
        return blocks
    out = sorted(blocks + toc, key=lambda b: (b.page or 0, 0 if b.kind == "toc" else 1))
    # Keep body order stable: sort only moves TOC blocks to the front of their page.
    return out
