"""The heaps of a process that reads PDFs: glibc's malloc thresholds raised once, the way glibc raises them itself;
Python's cyclic collector paused while a document is read.

glibc serves a block of at least its mmap threshold (128 KiB at start) by a fresh mapping and gives the top of its
heap back to the system once more than its trim threshold (twice the mmap threshold) lies free there. It raises both
by itself when a mapped block is freed, but in a fresh process reading a PDF the thresholds stayed low: pdfium's
per-page buffers (text pages, decoded content streams) were mapped or trimmed and page-faulted afresh on every page,
~40 minor faults a page of the bench exports against ~8 with higher thresholds (≈0.06–0.1 ms of kernel time a
page, more than a tenth of the reader's own work). ``raise_malloc_thresholds`` frees one mapped block of
``SETTLE_BYTES``: glibc then sets its mmap threshold to that size and its trim threshold to twice it, by its own
dynamic rule (at most 8 MiB of free heap top kept). Where the thresholds were fixed by the environment (a Dask
nanny's ``MALLOC_TRIM_THRESHOLD_``, a user's ``MALLOC_MMAP_THRESHOLD_``) glibc keeps them; other C libraries just
free the block."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

SETTLE_BYTES = 4 * 2**20


@cache
def raise_malloc_thresholds() -> None:
    """Once a process (called before the first PDF is read). The block is taken from the C library's own malloc and
    never touched: one page fault, not a thousand (a Python bytearray of that size would be zero-filled)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        malloc, free = libc.malloc, libc.free
    except (OSError, AttributeError):  # no C library to load by that name (Windows): nothing to settle
        return
    malloc.restype, malloc.argtypes, free.argtypes = ctypes.c_void_p, (ctypes.c_size_t,), (ctypes.c_void_p,)
    free(malloc(SETTLE_BYTES))


class CyclicGcPause:
    """The cyclic collector paused while a document's lines and blocks are made, and resumed after (if it ran).

    A reader makes tens of thousands of objects that all live on (lines, then blocks) and no reference cycles; each
    full collection walked all of them again, more often the longer the document: 3 % of ``read_pdf`` at 240 pages,
    6 % at 954. Objects that die during the pause are still freed by their reference counts; cycles made by other
    threads meanwhile wait for the end of the read. ``lifted`` runs the collector as before for work that may last
    minutes and makes objects of its own (OCR)."""

    def __enter__(self) -> CyclicGcPause:
        self.running = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc) -> None:
        if self.running:
            gc.enable()

    @contextmanager
    def lifted(self) -> Iterator[None]:
        if self.running:
            gc.enable()
        try:
            yield
        finally:
            gc.disable()
