"""Execution backends behind one small interface: ``run(tasks, on_result)``.

* ``SerialBackend`` — in this process (tests, debugging).
* ``ProcessPoolBackend`` — local worker processes with a per-file time limit (a stuck worker is killed and the pool
  restarted), a memory cap per worker (RLIMIT_AS) and workers recycled after N files.
* ``DaskBackend`` — a Dask distributed cluster; results come back to this process, which alone writes SQLite.
  The per-file time limit holds there too: the task raises a timeout in its own worker thread, and a task still
  running past the limit (stuck in C code) is recorded as ``timeout`` and its worker restarted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator

from ..core.errors import ErrorCode, YushenError
from .worker import review_task, start_worker, warm_worker

OnResult = Callable[[dict], None]


def _error(task: dict, code: str, message: str) -> dict:
    return {"path": task["path"], "sha256": task.get("sha256"), "status": "error", "report": None,
            "error": {"code": code, "message": message}, "plans": None, "pages": None, "elapsed": None,
            "kind": task.get("kind"), "page": task.get("page")}


def _key(task: dict) -> tuple:
    """A task's identity for retries: a file, or one OCR page of it."""
    return task["path"], task.get("kind"), task.get("page")


class SerialBackend:
    name = "serial"
    splits_ocr = False  # one task at a time here: a document's OCR pages use this process's page threads instead

    def __init__(self, timeout_s: float | None = None):
        self.timeout_s = timeout_s

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        for task in tasks:
            on_result(review_task({**task, "timeout_s": self.timeout_s} if self.timeout_s else task))


class ProcessPoolBackend:
    name = "processes"

    def __init__(self, workers: int = 2, timeout_s: float = 120, max_memory_mb: int | None = 3072,
                 recycle_after: int = 200):
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        self.max_memory_mb = max_memory_mb
        self.recycle_after = recycle_after
        self.parallelism = self.workers  # tasks at once (the runner shares end-of-scan work in as many parts)

    def _executor(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["yushen.scan.worker"])
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=start_worker,
                                   initargs=(self.max_memory_mb,), max_tasks_per_child=self.recycle_after)

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        queue: Iterator[dict] = iter(tasks)
        retry: list[dict] = []
        attempts: dict[tuple, int] = {}
        executor = self._executor()
        # One task queued per worker beyond the one it runs, so that no worker waits for this process (its
        # results, SQLite, the next submission) between two files. The pool runs tasks in submission order, so the
        # first `workers` unfinished tasks are the ones running: a task's clock starts when it gets there.
        depth = self.workers * 2
        running: dict = {}  # future → (task, started_at or None while queued), in submission order
        try:
            while True:
                while len(running) < depth:
                    task = retry.pop() if retry else next(queue, None)
                    if task is None:
                        break
                    # The worker's own alarm fires first; the pool-level kill is for hangs inside C code.
                    task = {**task, "timeout_s": self.timeout_s}
                    running[executor.submit(review_task, task)] = (task, None)
                if not running:
                    break
                now = time.monotonic()
                for fut in list(running)[:self.workers]:
                    if running[fut][1] is None:
                        running[fut] = (running[fut][0], now)
                done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    task, t0 = running.pop(fut)
                    try:
                        on_result(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        running[fut] = (task, t0)  # handled below with the others
                now = time.monotonic()
                stuck = [f for f, (_, t0) in running.items() if t0 is not None and now - t0 > self.timeout_s + 15]
                if stuck or broken:
                    stuck_keys = {_key(running[f][0]) for f in stuck}
                    self._kill(executor)
                    for task, t0 in list(running.values()):
                        if t0 is None:  # still queued: it did not run, so the crash is not its own
                            retry.append(task)
                            continue
                        key = _key(task)
                        attempts[key] = attempts.get(key, 0) + 1
                        if key in stuck_keys:
                            on_result(_error(task, "timeout", f"处理超过 {self.timeout_s:g} 秒，工作进程已终止"))
                        elif attempts[key] >= 2:
                            on_result(_error(task, "worker_crashed", "处理该文件时工作进程异常退出"))
                        else:
                            retry.append(task)
                    running.clear()
                    executor = self._executor()
        finally:
            executor.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _kill(executor) -> None:
        for proc in list(getattr(executor, "_processes", {}).values()):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(proc.pid, signal.SIGKILL)
        executor.shutdown(wait=False, cancel_futures=True)


class DaskBackend:
    name = "dask"

    def __init__(self, address: str | None = None, client=None, in_flight_per_worker: int = 2,
                 timeout_s: float | None = 300, grace_s: float = 15):
        self.address = address
        self.grace_s = grace_s
        self.client = client
        self.in_flight_per_worker = in_flight_per_worker
        self.timeout_s = timeout_s
        self._owned = None
        self.parallelism = 1  # known once connected (run)

    def connect(self) -> None:
        """Reach the scheduler now, so a wrong address is a coded error before anything is written."""
        if self.client is not None or self._owned is not None:
            return
        import dask

        address = self.address or dask.config.get("scheduler-address", None) or dask.config.get(
            "scheduler_address", None)
        if not address:
            raise YushenError(ErrorCode.CLUSTER_UNREACHABLE, "no Dask scheduler: give --cluster tcp://host:8786 or "
                              "set scheduler-address in dask config")
        try:
            from distributed import Client

            self._owned = Client(address)
        except ImportError:
            raise YushenError(ErrorCode.CLUSTER_UNREACHABLE, "Dask is not installed: pip install 'yushen[dask]'") from None
        except (OSError, TimeoutError, ValueError) as exc:
            raise YushenError(ErrorCode.CLUSTER_UNREACHABLE,
                              f"Dask scheduler {address} not reachable ({type(exc).__name__})") from None

    def _client(self):
        if self.client is not None:
            return self.client, False
        self.connect()
        client, self._owned = self._owned, None
        return client, True

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        from distributed import as_completed

        client, owned = self._client()
        quieted: list[str] = []
        try:
            workers = client.scheduler_info().get("workers", {})
            n_workers = max(1, len(workers))
            self.parallelism = sum(w.get("nthreads", 1) for w in workers.values()) or 1
            local = bool(workers) and all(_on_this_machine(addr) for addr in workers)
            limit = n_workers * self.in_flight_per_worker
            queue = iter(tasks)
            # Results are fetched from the workers in the background as they finish (no round trip per file here).
            pending = as_completed(with_results=True, raise_errors=False)
            by_key: dict[str, dict] = {}
            shipped: dict[str, object] = {}  # path → its bytes on the cluster, for a scanned document's pages
            with contextlib.suppress(Exception):  # warm-up is an optimisation: a worker that fails it warms later
                client.run(warm_worker)
            quieted = _quiet_workers(client)

            def submit_next() -> bool:
                task = next(queue, None)
                if task is None:
                    return False
                task = {**task, "timeout_s": self.timeout_s}
                key = f"yushen-review-{time.time_ns()}-{len(by_key)}"
                by_key[key] = {k: v for k, v in task.items() if k != "data"}
                if task.get("data") is None and (local or task.get("fs_path") is None):  # read by path, or no file
                    fut = client.submit(review_task, task, pure=False, key=key)
                else:  # the bytes go to the workers once (scatter), not through the scheduler in every task
                    data = shipped.get(task["path"])
                    if data is None:
                        raw = task["data"]
                        if raw is None:
                            with open(task["fs_path"], "rb") as fh:
                                raw = fh.read()
                        data = shipped[task["path"]] = client.scatter(raw, hash=False)
                    fut = client.submit(review_task, {**task, "data": None, "fs_path": None}, data, pure=False,
                                        key=key)
                started[key] = (fut, time.monotonic())
                pending.add(fut)
                return True

            started: dict[str, tuple] = {}
            abandoned: set[str] = set()

            def fill() -> None:
                while len(started) < limit and submit_next():
                    pass

            fill()
            while not pending.is_empty():
                batch = pending.next_batch(block=False) or []
                if not batch:
                    self._abandon_stuck(client, started, by_key, abandoned, on_result, submit_next)
                    time.sleep(0.05)
                    continue
                for fut, result in batch:
                    started.pop(fut.key, None)
                    task = by_key.pop(fut.key, {"path": "?"})
                    if fut.key in abandoned:  # already recorded as timeout
                        abandoned.discard(fut.key)
                        fut.release()
                        continue
                    if fut.status == "finished":
                        on_result(result)
                    else:  # a lost worker must cost one file, not the scan
                        exc = result[1] if isinstance(result, tuple) else result
                        on_result(_error(task, "worker_crashed", f"Dask 工作节点失败：{type(exc).__name__}: {exc}"))
                    if not (isinstance(result, dict) and (result.get("kind") == "ocr_page"
                                                          or result.get("status") == "ocr_pages")):
                        shipped.pop(task["path"], None)  # the document is done: its bytes leave the cluster
                    fut.release()
                    fill()  # a result may add several tasks (a scanned document's pages): all workers get one
        finally:
            if quieted:
                with contextlib.suppress(Exception):
                    client.run(_resume_profiling, workers=quieted)
            if owned:
                client.close()

    def _abandon_stuck(self, client, started, by_key, abandoned, on_result, submit_next) -> None:
        """The task's own timer fires first; a task past the limit plus a grace period is stuck where no Python
        exception can reach it: record it, cancel it, restart its worker and go on with the next file."""
        if not self.timeout_s:
            return
        now = time.monotonic()
        for key, (fut, t0) in list(started.items()):
            if now - t0 <= self.timeout_s + self.grace_s:
                continue
            started.pop(key)
            abandoned.add(key)
            on_result(_error(by_key.get(key, {"path": "?"}), "timeout",
                             f"处理超过 {self.timeout_s:g} 秒，已放弃（Dask 工作节点已重启）"))
            with contextlib.suppress(Exception):
                busy = [w for w, keys in client.processing().items() if key in keys]
                fut.cancel()
                if busy:
                    client.restart_workers(busy)
            submit_next()


# A Dask worker's event loop wakes 100 times a second to sample its task thread's stack for the dashboard
# (``profile``: it takes the GIL from the review and walks its frames) and 50 times to time itself (``tick``, a
# diagnostic): ~40 ms of CPU a second on two idle workers, half of that left with both paused. Paused on each worker
# for the scan, restarted after it (the cluster may be the user's).
_PROFILE_CALLBACKS = ("profile", "profile-cycle", "tick", "ticks")


def _pause_profiling(dask_worker=None) -> bool:
    """On a Dask worker (``client.run``): stop its statistical profiler; whether it was running."""
    stopped = False
    for name in _PROFILE_CALLBACKS:
        pc = getattr(dask_worker, "periodic_callbacks", {}).get(name)
        if pc is not None and pc.is_running():
            pc.stop()
            stopped = True
    return stopped


def _resume_profiling(dask_worker=None) -> None:
    for name in _PROFILE_CALLBACKS:
        pc = getattr(dask_worker, "periodic_callbacks", {}).get(name)
        if pc is not None and not pc.is_running():
            pc.start()


def _quiet_workers(client) -> list[str]:
    """The workers whose profiler this scan paused (to restart them after it)."""
    try:
        return [addr for addr, stopped in client.run(_pause_profiling).items() if stopped]
    except Exception:  # an optimisation: a worker that refuses it profiles on
        return []


def _on_this_machine(address: str) -> bool:
    """A worker address on the loopback or this host's own name: it can read our files by path, so the bytes
    are not read here and shipped through the scheduler."""
    import socket
    from urllib.parse import urlparse

    host = urlparse(address).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        return True
    with contextlib.suppress(OSError):
        return host in {socket.gethostname(), socket.getfqdn(), *socket.gethostbyname_ex(socket.gethostname())[2]}
    return False
