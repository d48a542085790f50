"""OCR pages a scan has already recognised, handed to the reader of their document.

A scan recognises a document's pages as tasks of their own, spread over its workers, then reads the document once
with them: inside ``pages_given(pages)`` (page → (lines, confidence) of ``ocr.ocr_image``) those pages are not
recognised again, and a page missing from ``pages`` raises ``PagesWanted`` (so ``pages_given({})`` asks which pages
a document needs). A context variable, so the other readers' signatures stay as they are.

Apart from ``ocr.py`` so that a scan worker can set it up for every file without importing the OCR module, which
a text PDF never needs.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from .lines import PdfLine

_GIVEN: ContextVar[dict | None] = ContextVar("yushen_ocr_pages_given", default=None)


class PagesWanted(Exception):
    def __init__(self, pages: list[int]):
        super().__init__(f"OCR pages wanted: {pages}")
        self.pages = pages


@contextmanager
def pages_given(pages: dict[int, tuple[list[PdfLine], float]]):
    token = _GIVEN.set(pages)
    try:
        yield
    finally:
        _GIVEN.reset(token)


def given_pages_for(numbers: list[int]) -> list[tuple[list[PdfLine], float]] | None:
    """The given pages ``numbers`` in order; None outside ``pages_given``; PagesWanted when some are missing."""
    given = _GIVEN.get()
    if given is None:
        return None
    if missing := [n for n in numbers if n not in given]:
        raise PagesWanted(missing)
    return [given[n] for n in numbers]
