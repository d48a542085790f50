"""Ruled tables in PDF pages, from the page's path objects (pypdfium2), read cell by cell.

Word, WPS and LibreOffice draw table borders as thin stroked lines or rectangles. Horizontal and vertical
rules that touch each other form a grid; the text inside it is cut into cells by the position of each token's
first character. Reading the paths is a few ctypes calls per page object, so it runs on every page.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from dataclasses import dataclass

from .lines import fast_pdfium, handle

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


def _segments(f, obj: int, out_h: list, out_v: list) -> None:
    """Horizontal and vertical rules of one path object (a thin path is one rule; otherwise its segments)."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
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


def _collect(f, container: int, count_fn, get_fn, out_h: list, out_v: list, depth: int) -> None:
    # Every page object is visited (pdfium has no "paths only" walk), so this loop is kept to two plain calls
    # per object; a text-heavy page has a few hundred text objects and a handful of paths.
    get_type = f.FPDFPageObj_GetType
    for i in range(count_fn(container)):
        obj = get_fn(container, i)
        kind = get_type(obj)
        if kind == _PATH:
            _segments(f, obj, out_h, out_v)
        elif kind == _FORM and depth < 2:
            _collect(f, obj, f.FPDFFormObj_CountObjects, f.FPDFFormObj_GetObject, out_h, out_v, depth + 1)


def _cluster(values: list[float]) -> tuple[float, ...]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return tuple(out)


def page_grids(page) -> list[Grid]:
    """Ruled grids of at least 2 columns on a pypdfium2 page."""
    f = fast_pdfium()
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    _collect(f, handle(page.raw), f.FPDFPage_CountObjects, f.FPDFPage_GetObject, hs, vs, 0)
    if len(hs) < 2 or len(vs) < 3:
        return []
    # Union-find over rules: a horizontal and a vertical rule that cross or touch belong to one grid.
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (hx0, hx1, hy) in enumerate(hs):
        for j, (vy0, vy1, vx) in enumerate(vs):
            if hx0 - _TOL <= vx <= hx1 + _TOL and vy0 - _TOL <= hy <= vy1 + _TOL:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for h_rules, v_rules in groups.values():
        ys = _cluster([y for _, _, y in h_rules])
        xs = _cluster([x for _, _, x in v_rules])
        if len(ys) < 2 or len(xs) < 3:
            continue  # a frame or a single box is not a table; one row of ≥2 cells is (a header cut by a page break)
        grids.append(Grid(xs[0], ys[0], xs[-1], ys[-1], xs, ys))
    return grids


def cells_from_tokens(grid: Grid, tokens: list[tuple[str, float, float]]) -> tuple[tuple[str, ...], ...]:
    """Rows of cell texts, top to bottom, from the grid's text tokens (a run of non-space characters with the
    centre of its first character), in reading order; empty rows are dropped. One char-box call per token,
    not per character, keeps a table page nearly as cheap as a text page."""
    cells: dict[tuple[int, int], list[str]] = {}
    for text, x, y in tokens:
        cells.setdefault(grid.cell(x, y), []).append(text)
    rows = []
    for r in range(grid.n_rows):
        row = tuple(_join(" ".join(cells.get((r, c), []))) for c in range(grid.n_cols))
        if any(row):
            rows.append(row)
    return tuple(rows)


def _join(text: str) -> str:
    """Cell text: whitespace kept (as one space) only between two Latin letters or digits; a wrap inside a
    Chinese cell carries none."""
    parts = text.split()
    out = parts[0] if parts else ""
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
