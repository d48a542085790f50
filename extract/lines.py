"""Positioned text lines, what both the PDF reader (pdf.py) and OCR (ocr.py) produce, and the lock around the
one pdfium both call. Its own module so that pdf.py may call OCR without OCR importing pdf.py back."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
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


# pdfium is one process-wide library and not thread-safe (the web app reviews in a thread pool).
PDFIUM_LOCK = threading.RLock()
