"""Ruled tables in PDF pages, from the page's path objects (pypdfium2), read cell by cell.

Word, WPS and LibreOffice draw table borders as thin stroked lines or rectangles. Horizontal and vertical
rules that touch each other form a grid; the text inside it is cut into cells by the position of each token's
first character. Finding the paths takes two ctypes calls per page object (pdfium has no list by kind), so
the PDF reader walks only pages where some line has a wide gap.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress, repeat

from ..core.text import FIGURE_CELL
from .lines import PdfLine, fast_pdfium
from .patterns import CONTENTS_TITLES

_TOL = 2.0  # points: rules closer than this meet / are one boundary
_THIN = 2.5  # a path (or segment) no thicker than this is a rule
_MIN_RULE = 8.0  # shortest rule taken
# pdfium's constants (fpdf_edit.h), fixed by its ABI
_PATH, _FORM = 2, 5
_LINETO, _MOVETO = 0, 2


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table on one page, in PDF user space (y grows upwards)."""

    x0: float
    y0: float
    x1: float
    y1: float
    xs: tuple[float, ...]  # column boundaries, ascending
    ys: tuple[float, ...]  # row boundaries, ascending

    def contains(self, x: float, y: float) -> bool:
        return self.x0 - _TOL <= x <= self.x1 + _TOL and self.y0 - _TOL <= y <= self.y1 + _TOL

    def cell(self, x: float, y: float) -> tuple[int, int]:
        """(row from the top, column from the left) of a point inside the grid."""
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row_from_bottom = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return len(self.ys) - 2 - row_from_bottom, col

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def _segments(f, obj, out_h: list, out_v: list, box: tuple) -> None:
    """Horizontal and vertical rules of one path object (a thin path is one rule; otherwise its segments).
    ``box``: four reusable floats for its bounds."""
    left, bottom, right, top = box
    if not f.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
    w, h = x1 - x0, y1 - y0
    if h <= _THIN and w >= _MIN_RULE:
        out_h.append((x0, x1, (y0 + y1) / 2))
        return
    if w <= _THIN and h >= _MIN_RULE:
        out_v.append((y0, y1, (x0 + x1) / 2))
        return
    _path_edges(f, obj, out_h, out_v)


def _path_edges(f, obj, out_h: list, out_v: list) -> None:
    """The horizontal and vertical edges of a path that is not one thin rule (a rectangle, a polyline)."""
    n = f.FPDFPath_CountSegments(obj)
    if n <= 1 or n > 400:
        return
    m = f.FS_MATRIX()
    if not f.FPDFPageObj_GetMatrix(obj, m):
        return
    px, py = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for k in range(n):
        seg = f.FPDFPath_GetPathSegment(obj, k)
        if not seg or not f.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        pt = (m.a * px.value + m.c * py.value + m.e, m.b * px.value + m.d * py.value + m.f)
        kind = f.FPDFPathSegment_GetType(seg)
        if kind == _MOVETO:
            start = prev = pt
            continue
        if prev is not None and kind == _LINETO:
            _add_edge(prev, pt, out_h, out_v)
        if f.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(pt, start, out_h, out_v)
        prev = pt


def _add_edge(a, b, out_h: list, out_v: list) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 0.5 and abs(ax - bx) >= _MIN_RULE:
        out_h.append((min(ax, bx), max(ax, bx), ay))
    elif abs(ax - bx) <= 0.5 and abs(ay - by) >= _MIN_RULE:
        out_v.append((min(ay, by), max(ay, by), ax))


def _collect(f, container, count_fn, get_fn, out_h: list, out_v: list, depth: int, box: tuple) -> None:
    # Every page object is visited (pdfium has no "paths only" walk), so this is kept to two plain calls per
    # object, each loop over the objects in C (map, compress); a text-heavy page has a few hundred text
    # objects and a handful of paths.
    n = count_fn(container)
    objects = list(map(get_fn, repeat(container, n), range(n)))
    kinds = list(map(f.walk_type, objects))
    if _FORM not in kinds or depth >= 2:  # most pages: the paths in page order
        bounds, (left, bottom, right, top) = f.FPDFPageObj_GetBounds, box
        for obj in compress(objects, map(_PATH.__eq__, kinds)):
            # _segments inlined: a thin path (most rules) is one rule, any other path goes by its edges.
            if not bounds(obj, left, bottom, right, top):
                continue
            x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
            w, h = x1 - x0, y1 - y0
            if h <= _THIN and w >= _MIN_RULE:
                out_h.append((x0, x1, (y0 + y1) / 2))
            elif w <= _THIN and h >= _MIN_RULE:
                out_v.append((y0, y1, (x0 + x1) / 2))
            else:
                _path_edges(f, obj, out_h, out_v)
        return
    for obj, kind in zip(objects, kinds, strict=True):  # paths and forms in page order
        if kind == _PATH:
            _segments(f, obj, out_h, out_v, box)
        elif kind == _FORM:
            _collect(f, obj, f.FPDFFormObj_CountObjects, f.form_get, out_h, out_v, depth + 1, box)


def _cluster(values: list[float]) -> tuple[float, ...]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return tuple(out)


def _merge_collinear(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules (start, end, position) on one line (positions within half a point) that touch or overlap, as one."""
    out: list[list[float]] = []
    for a, b, at in sorted(rules, key=lambda r: (round(r[2] * 2), r[0])):
        last = out[-1] if out else None
        if last is not None and abs(last[2] - at) <= 0.5 and a <= last[1] + _TOL:
            last[1] = max(last[1], b)
        else:
            out.append([a, b, at])
    return [(a, b, at) for a, b, at in out]


def page_grids(page: int) -> list[Grid]:
    """Ruled grids of at least 2 columns on a page (pdfium's page handle, as ``handle`` gives it)."""
    f = fast_pdfium()
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
    _collect(f, ctypes.c_void_p(page), f.FPDFPage_CountObjects, f.walk_get, hs, vs, 0, box)
    return grids_from_rules(hs, vs)


def grids_from_rules(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]],
                     shortcut: bool = True) -> list[Grid]:
    """Grids from horizontal rules (x0, x1, y) and vertical rules (y0, y1, x). ``shortcut=False`` (tests)
    always takes the pairwise crossing test."""
    if len(hs) < 2 or len(vs) < 3:
        return []
    # Word and WPS draw each cell's border apart: joining touching collinear pieces first leaves about one
    # rule per row and column line, so the crossing test below stays small on big tables.
    hs, vs = _merge_collinear(hs), _merge_collinear(vs)
    # Most table pages: one grid whose every row rule spans every column rule and the other way round (all
    # rules cross each other), told in one pass over each kind instead of testing every pair.
    # (The tests are those of the pairwise one below, written for the outermost rules.)
    x_min, x_max = min(v[2] for v in vs), max(v[2] for v in vs)
    y_min, y_max = min(h[2] for h in hs), max(h[2] for h in hs)
    if shortcut and all(h[0] - _TOL <= x_min and x_max <= h[1] + _TOL for h in hs) and \
            all(v[0] - _TOL <= y_min and y_max <= v[1] + _TOL for v in vs):
        ys, xs = _cluster([h[2] for h in hs]), _cluster([v[2] for v in vs])
        if len(ys) < 2 or len(xs) < 3:
            return []
        return [Grid(xs[0], ys[0], xs[-1], ys[-1], xs, ys)]
    # A horizontal and a vertical rule that cross or touch belong to one grid. Vertical rules sorted by x:
    # each horizontal rule looks only at those within its own x-extent.
    order = sorted(range(len(vs)), key=lambda j: vs[j][2])
    vxs = [vs[j][2] for j in order]
    meets = [[j for j in order[bisect_left(vxs, hx0 - _TOL):bisect_right(vxs, hx1 + _TOL)]
              if vs[j][0] - _TOL <= hy <= vs[j][1] + _TOL] for hx0, hx1, hy in hs]
    met_by: list[list[int]] = [[] for _ in vs]
    for i, js in enumerate(meets):
        for j in js:
            met_by[j].append(i)
    # The grids are the connected groups of rules, in the order of their first horizontal rule.
    h_seen, v_seen = [False] * len(hs), [False] * len(vs)
    grids = []
    for start in range(len(hs)):
        if h_seen[start] or not meets[start]:
            continue  # a rule that meets nothing is no grid's
        h_seen[start] = True
        todo, ys_in, xs_in = [start], [], []
        while todo:
            i = todo.pop()
            ys_in.append(hs[i][2])
            for j in meets[i]:
                if not v_seen[j]:
                    v_seen[j] = True
                    xs_in.append(vs[j][2])
                    for k in met_by[j]:
                        if not h_seen[k]:
                            h_seen[k] = True
                            todo.append(k)
        ys, xs = _cluster(ys_in), _cluster(xs_in)
        if len(ys) < 2 or len(xs) < 3:
            continue  # a frame or a single box is not a table; one row of ≥2 cells is (a header cut by a page break)
        grids.append(Grid(xs[0], ys[0], xs[-1], ys[-1], xs, ys))
    return grids


def grid_of_lines(grids: list[Grid], found: list) -> list[int | None]:
    """The grid (index) holding each line of the PDF reader's pass 1 (``[text, first, last, x0, x1, y_top,
    y_bottom, …]``), judged by a point just inside its left end, or None: ``Grid.contains`` for every line at
    once, each line tested once however many passes ask."""
    boxes = [(g.x0 - _TOL, g.x1 + _TOL, g.y0 - _TOL, g.y1 + _TOL) for g in grids]
    if len(boxes) == 1:  # most table pages
        (x0, x1, y0, y1), = boxes
        return [0 if x0 <= line[3] + 1 <= x1 and y0 <= (line[5] + line[6]) / 2 <= y1 else None for line in found]
    out: list[int | None] = []
    for line in found:
        x, y = line[3] + 1, (line[5] + line[6]) / 2
        for k, (x0, x1, y0, y1) in enumerate(boxes):
            if x0 <= x <= x1 and y0 <= y <= y1:
                out.append(k)
                break
        else:
            out.append(None)
    return out


class GridCells:
    """The cell texts of one grid, filled line by line as the PDF reader meets its lines: rows top to bottom,
    each token (a run of non-space characters) in reading order; rows without text are left out."""

    __slots__ = ("xs", "ys", "hi_col", "hi_row", "_rows")

    def __init__(self, grid: Grid) -> None:
        self.xs, self.ys = grid.xs, grid.ys
        # bisect bounds: a point left of (or below) the grid counts in its first column (row), and so on.
        self.hi_col, self.hi_row = len(grid.xs) - 1, len(grid.ys) - 1
        self._rows: dict[int, list[list[str]]] = {}  # row from the top -> tokens of each cell

    def row(self, y: float) -> list[list[str]]:
        """The token lists of the cells of the row at height ``y``; the column of a token at ``x`` is
        ``bisect_right(xs, x, 1, hi_col) - 1``."""
        r = self.hi_row - bisect_right(self.ys, y, 1, self.hi_row)
        cells = self._rows.get(r)
        if cells is None:
            cells = self._rows[r] = [[] for _ in range(self.hi_col)]
        return cells

    def texts(self) -> tuple[tuple[str, ...], ...]:
        rows = self._rows
        return tuple(tuple(_join_parts(c) if len(c) > 1 else (c[0] if c else "") for c in rows[r])
                     for r in sorted(rows))


def _join(text: str) -> str:
    """Cell text: whitespace kept (as one space) only between two Latin letters or digits; a wrap inside a
    Chinese cell carries none."""
    return _join_parts(text.split())


def _join_parts(parts: list[str]) -> str:
    """``_join`` of the text's runs without whitespace."""
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out = parts[0]
    for part in parts[1:]:
        if out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def continues(prev, line) -> bool:
    """A grid at the top of a page continues the table that ended the previous page (nothing but running
    furniture between them, ``PdfLine``s of table kind): the next page, the lower and upper quarters of the
    pages, the same column layout."""
    return (line.page == prev.page + 1 and prev.bottom > prev.page_height * 0.7 and line.top < line.page_height * 0.3
            and len(prev.cols) == len(line.cols)
            and all(abs(a - b) <= 3 * _TOL for a, b in zip(prev.cols, line.cols, strict=True)))


def join_continued(prev_rows: tuple, rows: tuple) -> tuple:
    """Rows of a table split by a page break: a repeated header row is dropped; a first row with an empty
    first cell, under a table whose rows start with a key (序号), is the rest of the previous row."""
    if not prev_rows or not rows:
        return prev_rows + rows
    if rows[0] == prev_rows[0]:
        rows = rows[1:]
    if rows and not rows[0][0] and prev_rows[-1][0] and len(rows[0]) == len(prev_rows[-1]):
        merged = tuple((a + b) if a and b else (a or b) for a, b in zip(prev_rows[-1], rows[0], strict=True))
        return prev_rows[:-1] + (merged,) + rows[1:]
    return prev_rows + rows


# --- Tables without rules: rows whose wide gaps line up --------------------------------------------------------

_LEADERS = re.compile(r"[.．·…⋯_]{4,}")
# Numbers that open headings, not table rows: 3.2, 第三章, 二、 (a row-number column holds plain integers).
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\.?|第[一二三四五六七八九十百零〇\d]+[章节篇部]|[一二三四五六七八九十]+[、.．])$")
_MIN_ROWS = 3  # a header and two rows, or three rows
_MIN_GAPS = 2  # three columns: two aligned text runs are a list or a two-column layout, not a table


def aligned_tables(lines: list[PdfLine]) -> list[PdfLine]:
    """Replace each run of lines that forms a table without rules by one table line (``rows``, ``cols``).

    Works on the text runs each line already carries (``segments``: text split at gaps wider than a word
    space), after running headers and footers are gone, so a table split by a page break is one run. A run is
    a table when at least three lines, each of two or more runs, leave at least two vertical white gaps in
    common (three columns) and no line of it closes one of those gaps; lines of a single run that fit inside
    one column are a wrapped cell. Pages with a 目录 title and dot-leader lines never hold one."""
    marks = [k for k, ln in enumerate(lines) if ln.segments]
    if not marks:
        return lines
    # Only stretches around lines with segments can hold a table (rows with up to a dozen wrapped lines
    # between them): the rest of the document passes through untouched.
    toc_pages = {ln.page for ln in lines
                 if len(ln.text) <= 16 and "目" in ln.text and "".join(ln.text.split()) in CONTENTS_TITLES}
    out: list[PdfLine] = []
    done = 0
    start = prev = marks[0]
    for k in marks[1:] + [len(lines) + 99]:
        if k - prev > 14:
            a, b = max(start - 1, done), min(prev + 14, len(lines))
            out.extend(lines[done:a])
            out.extend(_tables_in(lines[a:b], toc_pages))
            done = b
            start = k
        prev = k
    out.extend(lines[done:])
    return out


def _tables_in(lines: list[PdfLine], toc_pages: set[int]) -> list[PdfLine]:
    units = _rejoin_rows(lines)
    view = [u[0] for u in units]
    out: list[PdfLine] = []
    i = 0
    while i < len(view):
        found = _table_at(view, i, toc_pages) if _row_like(view[i], toc_pages) else None
        if found is None:
            out.extend(units[i][1])
            i += 1
            continue
        table, (kept, begin), i = found
        for u in units[kept:begin]:  # a heading found to stand above the table stays as it was
            out.extend(u[1])
        out.append(table)
    return out


def _rejoin_rows(lines: list[PdfLine]) -> list[tuple[PdfLine, tuple[PdfLine, ...]]]:
    """pdfium ends a line where a character's box sits a little higher or lower (another font for one glyph),
    so one table row can come as two lines side by side on the same band. For table finding such a pair is one
    line (the pair itself is given back unchanged when no table takes it)."""
    units: list[tuple[PdfLine, tuple[PdfLine, ...]]] = []
    for ln in lines:
        if units and (ln.segments or units[-1][0].segments):
            a = units[-1][0]
            overlap = min(a.bottom, ln.bottom) - max(a.top, ln.top)
            if a.page == ln.page and a.rows is None and ln.rows is None and ln.x0 >= a.x1 - 1 and \
                    overlap > 0.5 * min(a.bottom - a.top, ln.bottom - ln.top):
                segs = list(a.segments or ((a.text, a.x0, a.x1),))
                nxt = list(ln.segments or ((ln.text, ln.x0, ln.x1),))
                if nxt[0][1] - segs[-1][2] < max(a.font_size, 6.0) * 0.66:
                    segs[-1] = (segs[-1][0] + " " + nxt[0][0], segs[-1][1], nxt[0][2])
                    nxt = nxt[1:]
                segs += nxt
                joined = PdfLine(a.text + " " + ln.text, a.page, a.x0, min(a.top, ln.top), ln.x1,
                                 max(a.bottom, ln.bottom), max(a.font_size, ln.font_size), a.bold, a.page_height,
                                 a.page_width, segments=tuple(segs) if len(segs) > 1 else ())
                units[-1] = (joined, units[-1][1] + (ln,))
                continue
        units.append((ln, (ln,)))
    return units


def _row_like(ln: PdfLine, toc_pages: set[int]) -> bool:
    return len(ln.segments) >= 2 and ln.rows is None and ln.page not in toc_pages and not _LEADERS.search(ln.text)


def _close(prev: PdfLine, ln: PdfLine) -> bool:
    """The next line of the same table: just below on the same page, or at the top of the next page when the
    previous one ends the page."""
    size = prev.font_size or 10
    if ln.page == prev.page:
        return -size * 0.3 <= ln.top - prev.bottom < size * 2.0
    return (ln.page == prev.page + 1 and prev.bottom > prev.page_height * 0.6
            and ln.top < ln.page_height * 0.4)


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merged x-intervals covered by text (a gap narrower than 2 points is no gap)."""
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 2.0:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _table_at(lines: list[PdfLine], i: int, toc_pages: set[int]) -> tuple[PdfLine, tuple[int, int], int] | None:
    members = [lines[i]]  # rows (several runs) and wrapped-cell fragments (one run), in order
    spans = [(x0, x1) for _, x0, x1 in lines[i].segments]
    covered = _union(spans)
    n_rows = 1
    k = i + 1
    while k < len(lines) and _close(members[-1], lines[k]):
        ln = lines[k]
        if _row_like(ln, toc_pages):
            grown = _union(spans + [(x0, x1) for _, x0, x1 in ln.segments])
            # A line that closes a gap the table already has is not a row of it (prose, a list item).
            if len(grown) - 1 < _MIN_GAPS or (n_rows >= _MIN_ROWS - 1 and len(grown) < len(covered)):
                break
            spans += [(x0, x1) for _, x0, x1 in ln.segments]
            covered = grown
            n_rows += 1
        elif ln.rows is None and not ln.segments and n_rows >= 1 and _inside_one(covered, ln.x0, ln.x1):
            if ln.top - members[-1].bottom > (members[-1].font_size or 10) * 1.0 and ln.page == members[-1].page:
                break  # a fragment sits right under its row; a line further down is something else
        else:
            break
        members.append(ln)
        k += 1
    # Fragments after the last row belong to it only while set as tightly as the wrapped lines inside the
    # table and on its page (a line further down, or any when no row wrapped, is something else).
    last_row = max(k for k, m in enumerate(members) if m.segments)
    inner = [m.top - p.bottom for p, m in zip(members[:last_row], members[1:last_row + 1], strict=True)
             if not m.segments and m.page == p.page]
    keep = last_row + 1
    while inner and keep < len(members) and members[keep].page == members[keep - 1].page and \
            members[keep].top - members[keep - 1].bottom <= max(inner) + 1.0:
        keep += 1
    members = members[:keep]
    members = _drop_heading_row(members)
    if sum(1 for m in members if m.segments) < _MIN_ROWS:
        return None
    covered = _union([(x0, x1) for m in members for _, x0, x1 in m.segments])
    if len(covered) - 1 < _MIN_GAPS:
        return None
    cols = (covered[0][0], *((a[1] + b[0]) / 2 for a, b in zip(covered, covered[1:], strict=False)), covered[-1][1])
    rows = _rows(members, cols)
    if _looks_like_toc(rows):
        return None
    first = members[0]
    bottom = max(m.bottom for m in members if m.page == first.page)
    begin = i + next(k for k in range(len(lines) - i) if lines[i + k] is first)
    end = begin + len(members)
    table = PdfLine("\n".join("\t".join(r) for r in rows), first.page, cols[0], first.top, cols[-1], bottom, 0,
                    False, first.page_height, first.page_width, rows=rows, cols=cols)
    return table, (i, begin), end


def _inside_one(covered: list[tuple[float, float]], x0: float, x1: float) -> bool:
    """The line crosses no column boundary (the middle of a common gap): a wrapped cell. Its ends may reach
    past the rows' text (a wrapped line is often longer than the first one) but not over into the next
    column."""
    return not any(x0 + 2.0 < (a[1] + b[0]) / 2 < x1 - 2.0 for a, b in zip(covered, covered[1:], strict=False))


def _drop_heading_row(members: list[PdfLine]) -> list[PdfLine]:
    """A heading right above a table ("3.2\\t设备清单", in a larger size) is not its first row."""
    rows = [m for m in members if m.segments]
    if len(rows) < 2:
        return members
    head, rest = rows[0], rows[1:]
    sizes = sorted(m.font_size for m in rest)
    # (A header row that fills three columns or more is the table's, even set larger or read taller by OCR.)
    larger = head.font_size > sizes[len(sizes) // 2] + 0.6 and len(head.segments) <= _MIN_GAPS
    numbered = bool(_HEADING_NUMBER.match(head.segments[0][0])) and not any(
        _HEADING_NUMBER.match(m.segments[0][0]) for m in rest)
    return members[members.index(rest[0]):] if larger or numbered else members


_PAGE_NO = re.compile(r"^(?:\d{1,4}|[ivxIVX]{1,6})$")


def _looks_like_toc(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A table of contents set with tab stops: chapter and section numbers first (第一章, 1.1), page numbers
    last, never going down. (An equipment list numbers its rows 1, 2, 3 and ends in amounts.)"""
    firsts = [r[0] for r in rows if r[0]]
    lasts = [r[-1] for r in rows]
    if not all(_PAGE_NO.match(x) for x in lasts) or 2 * sum(bool(_HEADING_NUMBER.match(x)) for x in firsts) < len(rows):
        return False
    numbers = [int(x) for x in lasts if x.isdigit()]
    return all(a <= b for a, b in zip(numbers, numbers[1:], strict=False))


def _rows(members: list[PdfLine], cols: tuple[float, ...]) -> tuple[tuple[str, ...], ...]:
    """Cell texts row by row. A fragment line joins its cell in the row above; a row with an empty first cell
    under rows that all fill it (序号, 名称) continues the row above (cells wrapped onto several lines); a
    header repeated after a page break is dropped."""
    n = len(cols) - 1

    def col_of(x0: float, x1: float) -> int:
        return min(max(bisect_right(cols, (x0 + x1) / 2) - 1, 0), n - 1)

    # Lines of one wrapped cell sit closer than rows do: the usual gap above a row that opens with its first
    # cell sets the measure (a sub-total row without a number is a row, not a wrapped line).
    gaps = sorted(m.top - p.bottom for p, m in zip(members, members[1:], strict=False)
                  if m.page == p.page and m.segments and m.segments[0][1] < cols[1])
    row_gap = gaps[len(gaps) // 2] if gaps else (members[0].font_size or 10) * 0.9
    rows: list[list[str]] = []
    prev: PdfLine | None = None
    for m in members:
        parts = m.segments or ((m.text, m.x0, m.x1),)
        cells = [""] * n
        for text, x0, x1 in parts:
            c = col_of(x0, x1)
            cells[c] = _join(cells[c] + " " + text)
        tight = prev is not None and (m.page != prev.page or m.top - prev.bottom < row_gap * 0.7)
        prev = m
        # (A figure does not wrap under a figure: a line with an amount below the row's amount is a row of its
        # own however close, the sub-total 合计 set tight under the last item.)
        if rows and tight and not cells[0] and all(r[0] for r in rows) and not any(
                FIGURE_CELL.match(a) and FIGURE_CELL.match(b) for a, b in zip(rows[-1], cells, strict=True)):
            rows[-1] = [_join(a + " " + b) if a and b else (a or b) for a, b in zip(rows[-1], cells, strict=True)]
        elif rows and m.page != members[0].page and cells == rows[0]:
            continue
        else:
            rows.append(cells)
    return tuple(tuple(r) for r in rows)
