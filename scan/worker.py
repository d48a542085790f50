"""The unit of work of a scan: review one document's bytes and return a plain, picklable result (the report and
plans as JSON text, so the parent only stores them).

Runs in worker processes (local pool) or on Dask workers. Each process loads the model, rule packs (kept by the
pack registry) and inventory index once and keeps them for the files it reviews; nothing is shared between
processes.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import threading
import time
import traceback
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _model():
    from ..analyze.model_store import load_model

    return load_model()


@lru_cache(maxsize=4)
def _index(inventory: str | None):
    if not inventory:
        return None
    from ..pipeline.inventory_index import load_index

    return load_index(Path(inventory))


def limit_memory(max_memory_mb: int | None) -> None:
    """Worker initializer: cap the address space so a pathological file fails with MemoryError, not the machine."""
    if not max_memory_mb:
        return
    import resource

    limit = max_memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _Timeout(BaseException):
    """BaseException, so a reader's broad ``except Exception`` cannot turn a timeout into corrupt_file."""


def _alarm(_signum, _frame):
    raise _Timeout


class _ThreadTimer:
    """The per-file limit where SIGALRM cannot be used (a Dask worker thread): after ``seconds`` a
    :class:`_Timeout` is raised asynchronously in the reviewing thread. It reaches Python code only; a call
    stuck in C is the backend's to abandon."""

    def __init__(self, seconds: float):
        import ctypes

        self._ctypes = ctypes
        self._tid = threading.get_ident()
        self._lock = threading.Lock()
        self._armed = True
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._armed:
                self._ctypes.pythonapi.PyThreadState_SetAsyncExc(self._ctypes.c_ulong(self._tid),
                                                                 self._ctypes.py_object(_Timeout))

    def cancel(self) -> None:
        with self._lock:
            self._armed = False
        self._timer.cancel()


def task_limit(task: dict) -> float | None:
    """The task's time limit: the file's (``timeout_s``), or what is left of it for a page of a scanned document
    (``budget_s``)."""
    limits = [v for v in (task.get("timeout_s"), task.get("budget_s")) if v]
    return min(limits) if limits else None


def _ocr_pages(task: dict):
    """Inside a scan that recognises OCR pages as tasks of their own (``split_ocr``): the pages already
    recognised (a join), or none (a first read, which then asks for the pages it needs)."""
    if not task.get("split_ocr") and task.get("ocr_given") is None:
        return contextlib.nullcontext()
    from ..extract.ocr_given import pages_given
    from .ocr_pages import given_pages

    return pages_given(given_pages(task["ocr_given"]) if task.get("ocr_given") is not None else {})


def warm_worker() -> None:
    """Load what every review needs (imports, model, rule pack, gazetteer, the lazily built tables of the analysis)
    once per worker process, before its first file, by reviewing the bundled sample in its plain-text form: a
    file's time limit is then for the file, not for the warm-up. Plain text, because its reader imports nothing
    heavy: the DOCX sample imported python-docx (≈0.07 s a worker) into archives of PDFs, which never use it; a
    format's own reader is loaded by its first file. Called when a pool worker starts and on every Dask worker of
    a scan. Then the heap is frozen (``freeze_heap``)."""
    sample = next((Path(__file__).resolve().parents[1] / "corpus" / "samples").glob("*.txt"), None)
    if sample is not None:
        review_task({"path": sample.name, "fs_path": str(sample), "data": None, "sha256": None, "rules": "auto",
                     "inventory": None})
    import pypdfium2  # noqa: F401  (PDFs are most of an archive)
    freeze_heap()


def freeze_heap() -> None:
    """Ready a worker's heap for a scan, after the warm-up.

    Python: every object alive now (modules, model, rule packs; a Dask worker's own ~90,000 objects) leaves the
    cyclic collector's reach (``gc.freeze``): each full collection during the scan walked them all again, ~0.05 ms
    a page in a Dask worker and ~0.02 in a pool worker (gc callbacks on the archive bench). Objects that die later
    are still freed by their reference counts.

    C heap: a Dask nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, and glibc then also fixes the
    mmap threshold at 128 KiB instead of raising it as large blocks come and go: each large buffer of a review (file
    bytes, pdfium's streams, reports) was mapped afresh, page-faulted and unmapped, ~32 minor faults a page of the
    archive PDFs against ~2 in a pool worker. With that variable set, the thresholds glibc would reach by itself
    are set instead (mmap 32 MiB, trim 64 MiB): ~3.5 faults a page. ``thaw_heap`` undoes both (a Dask cluster may
    be the user's)."""
    import gc

    gc.collect()
    gc.freeze()
    if os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        _mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
        _mallopt(_M_TRIM_THRESHOLD, 64 * 2**20)


def thaw_heap() -> None:
    import gc

    gc.unfreeze()
    trim = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    if trim and trim.isdigit():
        _mallopt(_M_TRIM_THRESHOLD, int(trim))
        _mallopt(_M_MMAP_THRESHOLD, 128 * 2**10)  # glibc's own value, fixed once a threshold is set


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)


def _mallopt(param: int, value: int) -> bool:
    """glibc's ``mallopt``; False where there is none (another C library) or it refuses."""
    import ctypes

    try:
        return bool(ctypes.CDLL(None).mallopt(param, value))
    except (AttributeError, OSError):
        return False


def start_worker(max_memory_mb: int | None) -> None:
    """Pool worker initializer: the memory cap, compiled patterns from the user cache (as the CLI does, in this
    process the scan started: a worker compiled its ≈300 patterns afresh, ≈0.06 s; not on Dask workers, which may be
    the user's), then the warm-up."""
    limit_memory(max_memory_mb)
    from ..core.regex_memo import install

    install()
    warm_worker()


def review_task(task: dict, data: bytes | None = None) -> dict:
    """task: path, sha256, data (bytes) or fs_path, rules, inventory, timeout_s; ``data``: the bytes when they come
    apart from the task (a Dask scatter). Never raises."""
    if data is not None:
        task = {**task, "data": data}
    try:
        return _review_task(task)
    except _Timeout:  # a thread timer that fired as the review was returning
        return {**_blank(task), "error": {"code": "timeout", "message": f"处理超过 {task_limit(task)} 秒，已放弃"},
                "elapsed": None}


def review_batch(tasks: list[dict]) -> list[dict]:
    """Several files in one Dask task (a few seconds of work, so far fewer scheduler and client round trips than
    files): each is reviewed exactly as ``review_task`` does it, with its own time limit and its own coded error,
    so a file that fails or times out costs only its own result. Never raises."""
    return [review_task(task) for task in tasks]


def _blank(task: dict) -> dict:
    """A task's result before the work: an error with no code yet (page tasks say which page they were)."""
    return {"path": task["path"], "sha256": task.get("sha256"), "size": task.get("size"), "status": "error",
            "report": None, "error": None, "plans": None, "pages": None, "pid": os.getpid(), "kind": task.get("kind"),
            "page": task.get("page")}


def _review_task(task: dict) -> dict:
    # The model is loaded once per process before the clock starts: the limit is for the file, not the warm-up.
    try:
        _model()
    except Exception as exc:  # pragma: no cover - a broken install fails every file the same way
        return {**_blank(task), "error": {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}"},
                "elapsed": None}
    start, cpu = time.perf_counter(), time.thread_time()
    result = _blank(task)
    limit = task_limit(task)
    use_alarm = threading.current_thread() is threading.main_thread() and limit
    timer = _ThreadTimer(float(limit)) if limit and not use_alarm else None
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(max(1, math.ceil(limit)))
    try:
        if task.get("kind") == "clusters":  # a share of the archive's plan matching (scan/exports.py)
            from .exports import plan_pairs

            result.update(status="ok", pairs=plan_pairs(task["planned"], task["page"], task["parts"]))
            return result
        data = task["data"] if task.get("data") is not None else Path(task["fs_path"]).read_bytes()
        if not result["sha256"]:  # a file with no possible twin: hashed here, not in the parent
            import hashlib

            result["sha256"] = hashlib.sha256(data).hexdigest()
        if task.get("kind") == "ocr_page":  # one page of a scanned document (scan/ocr_pages.py)
            from .ocr_pages import recognise_page

            lines, confidence = recognise_page(data, task["fmt"], task["page"])
            result.update(status="ok", lines=lines, confidence=confidence)
        else:
            _review(task, data, result)
    except _Timeout:
        result["error"] = {"code": "timeout", "message": f"处理超过 {limit:g} 秒，已放弃"}
    except MemoryError:
        result["error"] = {"code": "memory_limit", "message": "处理时超过内存上限，已放弃"}
    except Exception as exc:  # a reader bug must cost one file, not the scan
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        result["error"] = {"code": "internal_error",
                           "message": f"{type(exc).__name__}: {exc} ({Path(tb.filename).name}:{tb.lineno})"}
    finally:
        if timer is not None:
            timer.cancel()
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    result["elapsed"] = round(time.perf_counter() - start, 3)
    result["cpu"] = round(time.thread_time() - cpu, 3)  # this thread's CPU: what the task cost, whatever the load
    result["process_cpu"] = round(time.process_time(), 3)  # the whole worker process's so far (all its threads)
    return result


def _review(task: dict, data: bytes, result: dict) -> None:
    """Review one document into ``result`` (ok with the report, a coded error, or the OCR pages it needs)."""
    from ..core.errors import YushenError
    from ..extract.ocr_given import PagesWanted
    from ..pipeline import analyse, archive_plans, review_analysed

    path = task["path"]
    try:
        with _ocr_pages(task):
            tree, facts = analyse(path, _model(), data=data)
        report = review_analysed(tree, facts, task.get("rules") or "auto", index=_index(task.get("inventory")),
                                 plans=False)
        js = report.to_json()
        js["document"]["sha256"] = result["sha256"]
        plans = report.plans or archive_plans(tree, facts)
        plans = {"project_name": plans.project_name, "owner": plans.owner, "names": plans.names[:8],
                 "functions": plans.functions[:1500]} if plans else None
        # Serialised here, in the worker: the parent stores the text as it is (no JSON work on its core).
        result.update(status="ok", report=json.dumps(js, ensure_ascii=False), pages=js["document"].get("pages"),
                      plans=json.dumps(plans, ensure_ascii=False) if plans else None)
    except YushenError as err:
        result["error"] = err.to_dict()
    except PagesWanted as wanted:  # a scan recognises these pages as tasks of their own, then joins them
        from ..extract.sniff import sniff_format

        result.update(status="ocr_pages", ocr_pages=wanted.pages, fmt=sniff_format(data, path))
