"""Execution backends behind one small interface: ``run(tasks, on_result)``.

* ``SerialBackend`` — in this process (tests, debugging).
* ``ProcessPoolBackend`` — local worker processes with a per-file time limit (a stuck worker is killed and the pool
  restarted), a memory cap per worker (RLIMIT_AS) and workers recycled after N files.
* ``DaskBackend`` — a Dask distributed cluster; results come back to this process, which alone writes SQLite.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator

from .worker import limit_memory, review_task

OnResult = Callable[[dict], None]


def _error(task: dict, code: str, message: str) -> dict:
    return {"path": task["path"], "sha256": task.get("sha256"), "status": "error", "report": None,
            "error": {"code": code, "message": message}, "plans": None, "pages": None, "elapsed": None}


class SerialBackend:
    name = "serial"

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        for task in tasks:
            on_result(review_task(task))


class ProcessPoolBackend:
    name = "processes"

    def __init__(self, workers: int = 2, timeout_s: float = 120, max_memory_mb: int | None = 3072,
                 recycle_after: int = 200):
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        self.max_memory_mb = max_memory_mb
        self.recycle_after = recycle_after

    def _executor(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["yushen.scan.worker"])
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=limit_memory,
                                   initargs=(self.max_memory_mb,), max_tasks_per_child=self.recycle_after)

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        queue: Iterator[dict] = iter(tasks)
        retry: list[dict] = []
        attempts: dict[str, int] = {}
        executor = self._executor()
        running: dict = {}  # future → (task, submitted_at)
        try:
            while True:
                while len(running) < self.workers:
                    task = retry.pop() if retry else next(queue, None)
                    if task is None:
                        break
                    # The worker's own alarm fires first; the pool-level kill is for hangs inside C code.
                    task = {**task, "timeout_s": self.timeout_s}
                    running[executor.submit(review_task, task)] = (task, time.monotonic())
                if not running:
                    break
                done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    task, _ = running.pop(fut)
                    try:
                        on_result(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        running[fut] = (task, 0)  # handled below with the others
                now = time.monotonic()
                stuck = [f for f, (_, t0) in running.items() if t0 and now - t0 > self.timeout_s + 15]
                if stuck or broken:
                    stuck_paths = {running[f][0]["path"] for f in stuck}
                    self._kill(executor)
                    for task, _ in list(running.values()):
                        path = task["path"]
                        attempts[path] = attempts.get(path, 0) + 1
                        if path in stuck_paths:
                            on_result(_error(task, "timeout", f"处理超过 {self.timeout_s:g} 秒，工作进程已终止"))
                        elif attempts[path] >= 2:
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

    def __init__(self, address: str | None = None, client=None, in_flight_per_worker: int = 2):
        self.address = address
        self.client = client
        self.in_flight_per_worker = in_flight_per_worker

    def _client(self):
        if self.client is not None:
            return self.client, False
        from distributed import Client

        if self.address:
            return Client(self.address), True
        import dask

        address = dask.config.get("scheduler-address", None) or dask.config.get("scheduler_address", None)
        if not address:
            raise RuntimeError("no Dask scheduler: give --cluster tcp://host:8786 or set scheduler-address in dask config")
        return Client(address), True

    def run(self, tasks: Iterable[dict], on_result: OnResult) -> None:
        from distributed import as_completed

        client, owned = self._client()
        try:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            limit = n_workers * self.in_flight_per_worker
            queue = iter(tasks)
            pending = as_completed()
            by_key: dict[str, dict] = {}
            count = 0

            def submit_next() -> bool:
                task = next(queue, None)
                if task is None:
                    return False
                if task.get("data") is None:  # workers may be other machines: ship the bytes
                    with open(task["fs_path"], "rb") as fh:
                        task = {**task, "data": fh.read(), "fs_path": None}
                key = f"yushen-review-{time.time_ns()}-{len(by_key)}"
                by_key[key] = {k: v for k, v in task.items() if k != "data"}
                pending.add(client.submit(review_task, task, pure=False, key=key))
                return True

            while count < limit and submit_next():
                count += 1
            for fut in pending:
                task = by_key.pop(fut.key, {"path": "?"})
                try:
                    on_result(fut.result())
                except Exception as exc:  # a lost worker must cost one file, not the scan
                    on_result(_error(task, "worker_crashed", f"Dask 工作节点失败：{type(exc).__name__}: {exc}"))
                fut.release()
                submit_next()
        finally:
            if owned:
                client.close()
