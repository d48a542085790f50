"""Scanned documents recognised page by page across the scan's workers.

A worker that meets a document needing OCR does not recognise it: it answers with the pages it needs
(``status: ocr_pages``). The parent then schedules one task per page (any worker, local or Dask, takes any page),
keeps each recognised page in the results database as it comes back, and when every page is there sends one join
task that reads and reviews the document once with those pages (``extract.ocr_given.pages_given``): the same lines, so
the same report as recognising it in one piece.

A scan killed mid-document loses no recognised page (``--resume`` schedules only the missing ones) and the
document still gets one row. The per-file time limit is the document's total work (its first read, its pages and
the join, across runs); a page that fails fails its document with the page's code.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field


def line_row(line) -> list:
    """A recognised line as plain data (pickled to the parent, JSON in the database)."""
    return [line.text, line.page, line.x0, line.top, line.x1, line.bottom, line.font_size, line.bold,
            line.page_height, line.page_width]


def given_pages(pages: dict) -> dict:
    """{page: (rows, confidence)} as the parent sends it → {page: (PdfLines, confidence)} for ``pages_given``."""
    from ..extract.lines import PdfLine

    return {int(p): ([PdfLine(*row) for row in rows], conf) for p, (rows, conf) in pages.items()}


def recognise_page(data: bytes, fmt: str, page: int) -> tuple[list[list], float]:
    """One page of a PDF or an image file, rendered and recognised as ``extract.ocr`` does it for a whole
    document (same resolution, same ``ocr_image``)."""
    from ..extract.ocr import DEFAULT_DPI, ocr_image

    if fmt == "pdf":
        import pypdfium2 as pdfium

        from ..extract.lines import PDFIUM_LOCK

        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                image = pdf[page - 1].render(scale=DEFAULT_DPI / 72).to_pil()
            finally:
                pdf.close()
        dpi = float(DEFAULT_DPI)
    else:  # PNG / JPEG / TIFF frames, with the resolution ocr_image_file reads from the file
        from PIL import Image

        img = Image.open(io.BytesIO(data))
        dpi = float((img.info.get("dpi") or (200, 200))[0]) or 200.0
        img.seek(page - 1)
        image = img.copy()
    lines, confidence = ocr_image(image, page, dpi)
    return [line_row(ln) for ln in lines], confidence


@dataclass
class _Job:
    task: dict  # the document's own task (path, fs_path or data, rules, inventory), with its sha256
    wanted: list[int]
    fmt: str
    spent: float  # seconds of work so far: the first read, the pages (this run and earlier ones)
    pages: dict[int, tuple[list, float]] = field(default_factory=dict)


class PageJobs:
    """The parent's book of documents being recognised page by page.

    ``push(task)``: queue a follow-up task ahead of new files; ``finish(result)``: a document's final result
    (here only errors: a failed page or the time limit). ``store``: the ResultsStore keeping pages for resume."""

    def __init__(self, store, timeout_s: float | None, push: Callable[[dict], None],
                 finish: Callable[[dict], None]):
        self.store = store
        self.timeout_s = timeout_s
        self.push = push
        self.finish = finish
        self.jobs: dict[str, _Job] = {}

    def live(self, task: dict) -> bool:
        """A queued page or join task still wanted (its document has not failed meanwhile)."""
        return task.get("kind") not in ("ocr_page", "ocr_join") or task["path"] in self.jobs

    def wanted(self, result: dict, task: dict) -> None:
        """A worker's first read: the document needs these pages recognised."""
        path, sha = result["path"], result.get("sha256")
        if result.get("kind") == "ocr_join":  # its pages were given and it still asks: never recognise twice
            self._fail(path, task, "internal_error", f"OCR 页面合并失败（仍缺第 {result['ocr_pages']} 页）")
            return
        task = {k: v for k, v in task.items() if k not in ("timeout_s", "budget_s")} | {"sha256": sha}
        job = _Job(task, list(result["ocr_pages"]), result.get("fmt") or "pdf", result.get("elapsed") or 0.0)
        for page, (rows, confidence, elapsed) in self.store.ocr_pages(path, sha).items():
            if page in job.wanted:  # recognised by an earlier, interrupted run
                job.pages[page] = (rows, confidence)
                job.spent += elapsed or 0.0
        self.jobs[path] = job
        if self._over_budget(path, job):
            return
        missing = [p for p in job.wanted if p not in job.pages]
        for page in missing:
            self.push({**job.task, "kind": "ocr_page", "page": page, "fmt": job.fmt,
                       "budget_s": self._left(job)})
        if not missing:
            self._join(job)

    def page_done(self, result: dict) -> None:
        path = result["path"]
        job = self.jobs.get(path)
        if job is None:  # its document failed meanwhile (another page, the time limit)
            return
        job.spent += result.get("elapsed") or 0.0
        if result["status"] != "ok":
            err = result.get("error") or {}
            self._fail(path, job.task, err.get("code") or "internal_error",
                       f"第 {result.get('page')} 页：{err.get('message') or ''}")
            return
        page = result["page"]
        job.pages[page] = (result["lines"], result["confidence"])
        self.store.add_page(path, job.task.get("sha256"), page, json.dumps(result["lines"], ensure_ascii=False),
                            result["confidence"], result.get("elapsed"))
        if self._over_budget(path, job):
            return
        if all(p in job.pages for p in job.wanted):
            self._join(job)

    def done(self, result: dict) -> dict:
        """A document's final result: its job is closed and its elapsed time is the whole document's work."""
        job = self.jobs.pop(result["path"], None)
        if job is not None and result.get("elapsed") is not None:
            result = {**result, "elapsed": round(job.spent + result["elapsed"], 3)}
        return result

    def _join(self, job: _Job) -> None:
        self.push({**job.task, "kind": "ocr_join", "ocr_given": {p: job.pages[p] for p in job.wanted},
                   "budget_s": self._left(job)})

    def _left(self, job: _Job) -> float | None:
        return None if not self.timeout_s else max(1.0, self.timeout_s - job.spent)

    def _over_budget(self, path: str, job: _Job) -> bool:
        if self.timeout_s and job.spent > self.timeout_s:
            self._fail(path, job.task, "timeout", f"处理超过 {self.timeout_s:g} 秒（逐页识别累计），已放弃")
            return True
        return False

    def _fail(self, path: str, task: dict, code: str, message: str) -> None:
        job = self.jobs.pop(path, None)
        spent = job.spent if job else None
        self.finish({"path": path, "sha256": task.get("sha256"), "size": task.get("size"), "status": "error",
                     "report": None, "error": {"code": code, "message": message}, "plans": None, "pages": None,
                     "elapsed": round(spent, 3) if spent is not None else None})
