"""Run a scan: discover, skip what the results database already has, review each unique file once, record
every file, report progress, and summarise (including documents that duplicate each other).

Every file found gets exactly one row (ok / error / skipped / duplicate) and, through the row's report or error,
one JSON Lines record. Identical copies are handled one way: the first copy is reviewed; a later copy of a
reviewed document is ``duplicate`` (with the first's report under its own path), a later copy of a file that
could not be read is an ``error`` row of its own with the same code (``duplicate_of`` names the first), so every
unreadable file is counted and listed as an error and never forms a duplicate cluster.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from ..core.report import error_record
from .exports import planned_rows
from .ocr_pages import PageJobs
from .store import ResultsStore
from .walk import ScanItem, discover, sha256_file


class ScanError(Exception):
    pass


@dataclass
class ScanSummary:
    total: int = 0
    already_done: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    duplicates: int = 0
    pages: int = 0
    seconds: float = 0.0
    worker_cpu: float = 0.0  # CPU seconds the tasks took in the workers (their own threads)
    # Each worker process's CPU seconds (all its threads, since it started) at its last result: pid → seconds.
    worker_processes: dict[int, float] = field(default_factory=dict)
    error_codes: Counter = field(default_factory=Counter)
    clusters: list[list[str]] = field(default_factory=list)


def _task(item: ScanItem, rules: str, inventory: str | None) -> dict:
    task = {"path": item.path, "sha256": item.sha256, "size": item.size, "rules": rules, "inventory": inventory,
            "fs_path": item.fs_path, "data": None}
    if item.fs_path is None:
        task["data"] = item.read()
    return task


class _Queue:
    """The tasks a backend pulls: follow-up tasks (a scanned document's OCR pages, then its join) before new
    files. An iterator that may be asked again after it ran dry, since a result can add work."""

    def __init__(self, files, live, left=lambda: 0):
        self.files = files
        self.live = live
        self.left = left  # files not handed out yet (at most: some will turn out done, skipped or twins)
        self.first: deque[dict] = deque()
        self.dry = False  # every file handed out

    def __iter__(self):
        return self

    def __length_hint__(self) -> int:
        """Tasks still to come, for a backend that sizes batches of files by the work left."""
        return len(self.first) + (0 if self.dry else self.left())

    def __next__(self) -> dict:
        while self.first:
            task = self.first.popleft()
            if self.live(task):
                return task
        try:
            return next(self.files)
        except StopIteration:
            self.dry = True
            raise


def run_scan(paths: list[str], out: Path, backend, rules: str = "auto", inventory: str | None = None,
             resume: bool = False, progress: bool = False, split_ocr: bool | None = None) -> ScanSummary:
    """``split_ocr``: recognise scanned documents page by page across the workers (default: unless the backend
    runs one task at a time in this process)."""
    if split_ocr is None:
        split_ocr = getattr(backend, "splits_ocr", True)
    store = ResultsStore(out)
    try:
        if store.row_count() and not resume:
            raise ScanError(f"{out} 已有 {store.row_count()} 条结果：继续上次扫描请加 --resume，重新扫描请换一个 --out")
        store.set_meta("paths", "\n".join(map(str, paths)))
        store.set_meta("rules", rules)
        if inventory:
            store.set_meta("inventory", str(inventory))
        summary = ScanSummary()
        started = time.perf_counter()
        done = store.done_paths()
        reviewed = store.reviewed_sha()  # sha → path, from earlier runs
        items = list({item.path: item for item in discover(paths)}.values())  # a path given twice is one file
        summary.total = len(items)
        # Identical files have the same size: only a file whose size another file shares (in this scan or an
        # earlier run's reviewed rows) is hashed here, before dispatch, to find its twins; every other file is
        # hashed by the worker that reads it anyway.
        sizes = Counter(item.size for item in items if item.sha256 is None and item.status == "pending")
        old_sizes = store.reviewed_sizes()

        def hash_here(item: ScanItem) -> bool:
            return old_sizes is None or sizes[item.size] > 1 or item.size in old_sizes
        in_flight: dict[str, str] = {}  # sha → path being reviewed now
        waiting: dict[str, list[ScanItem]] = {}  # identical files waiting for their twin's result

        bar = _Progress(summary.total) if progress else None

        def record_duplicate(item: ScanItem, first: str) -> None:
            row = store.row_of(first)
            if row is None or row["status"] == "error":
                code = row["error_code"] if row else "internal_error"
                message = row["message"] if row else f"与 {first} 内容相同，但其审查未完成"
                store.add(item.path, "error", item.sha256, item.size, error_code=code, message=message,
                          duplicate_of=first)
                summary.errors += 1
                summary.error_codes[code] += 1
                if bar:
                    bar.advance(error=True)
                return
            report = row["report"]
            if report is not None:
                report = {**report, "document": {**report["document"], "path": item.path}}
            store.add(item.path, "duplicate", item.sha256, item.size, duplicate_of=first, report=report,
                      message=f"与 {first} 内容相同（sha256 一致），未重复审查")
            summary.duplicates += 1
            if bar:
                bar.advance(error=False)

        task_of: dict[str, dict] = {}  # path → the task of a document not finished yet
        outstanding = [0]  # files handed to the backend whose final result has not come back
        parts = [1]  # the parts the workers share the plan matching in (the backend's parallelism at the end)
        planned: list[dict] = []
        pairs: dict[int, list[tuple[str, str]]] = {}  # part → likely-duplicate plan pairs found by a worker

        def on_result(result: dict) -> None:
            summary.worker_cpu += result.get("cpu") or 0.0
            if result.get("process_cpu") is not None and result.get("pid") is not None:
                pid = result["pid"]
                summary.worker_processes[pid] = max(summary.worker_processes.get(pid, 0.0), result["process_cpu"])
            if result.get("kind") == "ocr_page":
                jobs.page_done(result)
            elif result["status"] == "ocr_pages":
                jobs.wanted(result, task_of[result["path"]])
            elif result.get("kind") == "clusters":
                if result["status"] == "ok":
                    pairs[result["page"]] = [tuple(p) for p in result["pairs"]]
            else:
                final(jobs.done(result))

        def final(result: dict) -> None:
            """A file's last result (reviewed, or failed at any step of its OCR pages)."""
            task_of.pop(result["path"], None)
            finish(result)
            outstanding[0] -= 1
            parts[0] = max(1, getattr(backend, "parallelism", 1))
            if outstanding[0] == 0 and queue.dry and parts[0] > 1 and not planned:
                # Every file is in: the workers share the archive's plan matching instead of idling while
                # this process does it alone.
                planned.extend(planned_rows(store.rows(reports=False)))
                for part in range(parts[0] if len(planned) >= 2 else 0):
                    queue.first.append({"path": "", "kind": "clusters", "page": part, "parts": parts[0],
                                        "planned": planned})

        def finish(result: dict) -> None:
            path = result["path"]
            if result["status"] == "ok":
                store.add(path, "ok", result.get("sha256"), result.get("size"), report=result["report"],
                          plans=result.get("plans"),
                          pages=result.get("pages"), elapsed=result.get("elapsed"))
                summary.ok += 1
                summary.pages += result.get("pages") or 0
            else:
                err = result.get("error") or {}
                store.add(path, "error", result.get("sha256"), result.get("size"), error_code=err.get("code"),
                          message=err.get("message"),
                          elapsed=result.get("elapsed"))
                summary.errors += 1
                summary.error_codes[err.get("code")] += 1
            if bar:
                bar.advance(error=result["status"] != "ok")
            sha = result.get("sha256")
            if sha and in_flight.get(sha) == path:
                reviewed[sha] = path
                for twin in waiting.pop(sha, []):
                    record_duplicate(twin, path)

        given = [0]  # items looked at so far (the queue's length hint)

        def tasks():
            # Largest files first (stable: twins and equal sizes keep their order): the last tasks of a scan are
            # then the small ones, and no worker is left alone with a long document while the others are idle.
            for item in sorted(items, key=lambda it: -(it.size or 0)):
                given[0] += 1
                if item.path in done:
                    summary.already_done += 1
                    if bar:
                        bar.advance(error=False)
                    continue
                if item.status != "pending":
                    # A skipped file still gets its JSON Lines record: the contract's error record with its code.
                    record = (error_record(item.path, item.error_code or "unsupported_format", item.message or "",
                                           item.sha256) if item.status == "skipped" else None)
                    store.add(item.path, item.status, item.sha256, item.size, error_code=item.error_code,
                              message=item.message, report=record)
                    if item.status == "error":
                        summary.errors += 1
                        summary.error_codes[item.error_code] += 1
                    else:
                        summary.skipped += 1
                    if bar:
                        bar.advance(error=item.status == "error")
                    continue
                if item.sha256 is None:
                    if not hash_here(item):
                        yield task(item)  # no twin possible: the worker hashes it
                        continue
                    try:
                        item.sha256 = sha256_file(item.fs_path)
                    except OSError:
                        yield task(item)  # the worker reports the unreadable file
                        continue
                if item.sha256 in reviewed:
                    record_duplicate(item, reviewed[item.sha256])
                    continue
                if item.sha256 in in_flight:
                    waiting.setdefault(item.sha256, []).append(item)
                    continue
                in_flight[item.sha256] = item.path
                yield task(item)

        def task(item: ScanItem) -> dict:
            outstanding[0] += 1
            out = _task(item, rules, inventory)
            if split_ocr:
                out["split_ocr"] = True
                task_of[item.path] = out
            return out

        queue = _Queue(tasks(), lambda t: jobs.live(t), lambda: len(items) - given[0])
        jobs = PageJobs(store, getattr(backend, "timeout_s", None), queue.first.append, final)
        try:
            backend.run(queue, on_result)
        finally:
            if bar:
                bar.stop()
        for sha, twins in waiting.items():  # twins of files that could not be reviewed at all
            for twin in twins:
                record_duplicate(twin, in_flight[sha])
        summary.seconds = time.perf_counter() - started
        from .exports import archive_duplicate_clusters, plan_pairs

        rows = store.rows(reports=False)  # plans only: no report JSON
        if planned:  # shared by the workers; a part that did not come back is done here
            found = [pair for part in range(parts[0])
                     for pair in (pairs[part] if part in pairs else plan_pairs(planned, part, parts[0]))]
            summary.clusters = archive_duplicate_clusters(rows, found)
        else:
            summary.clusters = archive_duplicate_clusters(rows)
        return summary
    finally:
        store.close()


class _Progress:
    """Files done/total, errors, rate and ETA on stderr (rich)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.errors = 0
        self.started = time.perf_counter()
        self.progress = Progress(TextColumn("[bold]扫描"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("错误 {task.fields[errors]}"), TextColumn("{task.fields[rate]} 件/分"),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self.task = self.progress.add_task("scan", total=total, errors=0, rate="-")
        self.progress.start()
        self.done = 0

    def advance(self, error: bool) -> None:
        self.done += 1
        self.errors += error
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        self.progress.update(self.task, advance=1, errors=self.errors, rate=f"{self.done / elapsed * 60:.0f}")

    def stop(self) -> None:
        self.progress.stop()
