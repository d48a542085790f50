"""Positioned text lines, what both the PDF reader (pdf.py) and OCR (ocr.py) produce, and the lock around the
one pdfium both call. Its own module so that pdf.py may call OCR without OCR importing pdf.py back."""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace


# Not frozen, though nothing assigns to a line once made (``dataclasses.replace`` makes new ones): a frozen
# dataclass sets each of its 14 fields through ``object.__setattr__``, which made a line cost ~6x as much to
# build, and a PDF has ~40 lines a page. ``unsafe_hash`` keeps the hash a frozen one had (equal lines, equal
# hashes).
@dataclass(slots=True, unsafe_hash=True)
class PdfLine:
    text: str
    page: int  # 1-based
    x0: float
    top: float  # distance from the page top, in points
    x1: float
    bottom: float
    font_size: float
    bold: bool
    page_height: float
    page_width: float
    rows: tuple[tuple[str, ...], ...] | None = None  # a ruled table (see tables.py), one line standing for it
    cols: tuple[float, ...] = ()  # its column boundaries, to join a table split by a page break
    # Text runs of the line split at wide gaps (text, x0, x1), when it has two or more: the cells of a row of a
    # table without rules, if the lines around it line up (tables.aligned_tables).
    segments: tuple[tuple[str, float, float], ...] = ()
    color: int | None = None  # fill colour of the line's middle character, 0xRRGGBB


# pdfium is one process-wide library and not thread-safe (the web app reviews in a thread pool).
PDFIUM_LOCK = threading.RLock()

_P, _I, _F = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)
_SIGNATURES = {
    "FPDF_LoadPage": (_P, _P, _I),
    "FPDF_ClosePage": (None, _P),
    "FPDF_GetPageWidthF": (ctypes.c_float, _P),
    "FPDF_GetPageHeightF": (ctypes.c_float, _P),
    "FPDFText_LoadPage": (_P, _P),
    "FPDFText_ClosePage": (None, _P),
    "FPDFText_CountChars": (_I, _P),
    "FPDFText_GetTextIndexFromCharIndex": (_I, _P, _I),
    "FPDFText_GetText": (_I, _P, _I, _I, _P),
    "FPDFPage_CountObjects": (_I, _P),
    "FPDFPage_GetObject": (_P, _P, _I),
    "FPDFFormObj_CountObjects": (_I, _P),
    "FPDFFormObj_GetObject": (_P, _P, ctypes.c_ulong),
    "FPDFPageObj_GetType": (_I, _P),
    "FPDFPageObj_GetBounds": (_I, _P, _F, _F, _F, _F),
    "FPDFPath_CountSegments": (_I, _P),
    "FPDFPath_GetPathSegment": (_P, _P, _I),
    "FPDFPathSegment_GetPoint": (_I, _P, _F, _F),
    "FPDFPathSegment_GetType": (_I, _P),
    "FPDFPathSegment_GetClose": (_I, _P),
    # bookmarks (pdf.py's outline): handles as ints, None for NULL
    "FPDFBookmark_GetFirstChild": (_P, _P, _P),
    "FPDFBookmark_GetNextSibling": (_P, _P, _P),
    "FPDFBookmark_GetTitle": (ctypes.c_ulong, _P, _P, ctypes.c_ulong),
    "FPDFBookmark_GetDest": (_P, _P, _P),
    "FPDFDest_GetDestPageIndex": (_I, _P, _P),
}
# The calls made for every line (and every token of a spaced line): result types only, no argtypes. ctypes then
# converts nothing through ``from_param`` (~40 % of such a call); the caller passes the text page as a
# ``c_void_p``, indices as Python ints (C ints), out-parameters as ``ctypes.byref`` pointers made once, the
# name buffer (an array) as itself and its length as a ``c_ulong``. A ctypes number passed bare would go by
# value: every argument of these calls is one of those kinds.
_BARE_TEXT_CALLS = {
    "FPDFText_GetCharBox": _I,  # (textpage, index, *left, *right, *bottom, *top)
    "FPDFText_GetFontSize": ctypes.c_double,  # (textpage, index)
    "FPDFText_GetFontWeight": _I,  # (textpage, index)
    "FPDFText_GetFontInfo": ctypes.c_ulong,  # (textpage, index, buffer, c_ulong buflen, *flags)
    "FPDFText_GetFillColor": _I,  # (textpage, index, *r, *g, *b, *a)
    "FPDFText_GetCharAngle": ctypes.c_float,  # (textpage, index)
    "FPDFTextObj_GetTextRenderMode": _I,  # (c_void_p text object)
}


class _Handle(ctypes.c_void_p):
    """A ``void*`` result kept as a ctypes object (ctypes turns a plain ``c_void_p`` result into an int, not a
    subclass's): passed on bare as a pointer, false when NULL."""


@cache
def fast_pdfium() -> SimpleNamespace:
    """The few pdfium entry points called per line or per page object, re-declared on the same addresses with
    plain ``void*`` handles: pypdfium2's typed pointers cost a Python object per returned handle and a type
    check per argument, which made these calls ~1/3 of line reading. Handles are ints (see ``handle``).
    Declared as PYFUNCTYPE, which keeps the GIL: a call lasts microseconds, and releasing and taking back the
    GIL around each was a third of its cost (pdfium never calls back into Python; PDFIUM_LOCK is held)."""
    import pypdfium2.raw as raw

    calls = {}
    for name, (restype, *argtypes) in _SIGNATURES.items():
        address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
        calls[name] = ctypes.PYFUNCTYPE(restype, *argtypes)(address)
    for name, restype in _BARE_TEXT_CALLS.items():
        calls[name] = ctypes.PYFUNCTYPE(restype)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)
    # (textpage, index) -> the character's text object as a _Handle, for FPDFTextObj_GetTextRenderMode as it is
    # (an int would need a c_void_p made for it, a Python call a line)
    calls["FPDFText_GetTextObject"] = ctypes.PYFUNCTYPE(_Handle)(
        ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)
    address = ctypes.cast(raw.FPDFPageObj_GetMatrix, ctypes.c_void_p).value
    calls["FPDFPageObj_GetMatrix"] = ctypes.PYFUNCTYPE(_I, _P, ctypes.POINTER(raw.FS_MATRIX))(address)
    # The walk over every page object (tables.py) is two calls an object. The getter has no argtypes (its
    # page handle is passed as a ctypes object, its index as a C int) and returns a plain int: a ctypes
    # object per page object would be garbage-collected ones, a few thousand a table-heavy document.
    walk_get = ctypes.PYFUNCTYPE(_P)(ctypes.cast(raw.FPDFPage_GetObject, ctypes.c_void_p).value)
    walk_type = ctypes.PYFUNCTYPE(_I, _P)(ctypes.cast(raw.FPDFPageObj_GetType, ctypes.c_void_p).value)
    form_get = ctypes.PYFUNCTYPE(_P, _P, ctypes.c_ulong)(ctypes.cast(raw.FPDFFormObj_GetObject, ctypes.c_void_p).value)
    return SimpleNamespace(**calls, FS_MATRIX=raw.FS_MATRIX, walk_get=walk_get, walk_type=walk_type,
                           form_get=form_get)


def handle(obj) -> int:
    """The address behind a pypdfium2 ``.raw`` handle, for the ``fast_pdfium`` calls."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0
