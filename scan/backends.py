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
import operator
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from ..core.errors import ErrorCode, YushenError
from .worker import review_batch, review_task, start_worker, thaw_heap, warm_worker

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
                 timeout_s: float | None = 300, grace_s: float = 15, batch_seconds: float = 2.0,
                 batch_files: int | None = None, local_workers: int = 2):
        self.address = address  # tcp://host:port, or "local": a cluster of its own here (local_cluster)
        self.local_workers = local_workers
        self._cluster = None
        self.batch_seconds = batch_seconds  # whole files per task, about this much work (0: one file a task)
        self.batch_files = batch_files  # or exactly this many whole files a task (tests, tuning)
        self.grace_s = grace_s
        self.client = client
        self.in_flight_per_worker = in_flight_per_worker
        self.timeout_s = timeout_s
        self._owned = None
        self.parallelism = 1  # known once connected (run)
        self.sent = Counter()  # tasks sent to the cluster ("tasks") and the files that went in batches ("batched")

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

            if address == "local":
                self._cluster = local_cluster(self.local_workers)
                address = self._cluster
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
        quieted: _Quieted | None = None
        try:
            workers = client.scheduler_info().get("workers", {})
            n_workers = max(1, len(workers))
            self.parallelism = sum(w.get("nthreads", 1) for w in workers.values()) or 1
            local = bool(workers) and all(_on_this_machine(addr) for addr in workers)
            limit = n_workers * self.in_flight_per_worker
            queue = iter(tasks)
            # Results are fetched from the workers in the background as they finish (no round trip per file here).
            pending = as_completed(with_results=True, raise_errors=False)
            flights: dict[str, _Flight] = {}  # key → a task in the cluster (one file, one OCR page, or a batch)
            solo: deque[dict] = deque()  # members of a batch that failed or hung, to run again one by one
            shipped: dict[str, object] = {}  # path → its bytes on the cluster, for a scanned document's pages
            sizer = _BatchSizer(self.batch_seconds if self.batch_seconds else 0.0)
            with contextlib.suppress(Exception):  # warm-up is an optimisation: a worker that fails it warms later
                client.run(warm_worker)
            quieted = _quiet_workers(client)

            def key() -> str:
                return f"yushen-review-{time.time_ns()}-{len(flights)}"

            def send(fut, members: list[dict], batched: bool) -> None:
                flights[fut.key] = _Flight(fut, members, time.monotonic(), batched, sizer.cost(members))
                self.sent["tasks"] += 1
                self.sent["batched"] += len(members) if batched else 0
                pending.add(fut)

            def submit_one(task: dict) -> None:
                k = key()
                if task.get("data") is None and (local or task.get("fs_path") is None):  # read by path, or no file
                    fut = client.submit(review_task, task, pure=False, key=k)
                else:  # the bytes go to the workers once (scatter), not through the scheduler in every task
                    data = shipped.get(task["path"])
                    if data is None:
                        raw = task["data"]
                        if raw is None:
                            with open(task["fs_path"], "rb") as fh:
                                raw = fh.read()
                        data = shipped[task["path"]] = client.scatter(raw, hash=False)
                    fut = client.submit(review_task, {**task, "data": None, "fs_path": None}, data, pure=False,
                                        key=k)
                send(fut, [{k2: v for k2, v in task.items() if k2 != "data"}], False)

            def batchable(task: dict) -> bool:
                """A whole file read by path (OCR pages, joins and shipped bytes go one by one)."""
                return not task.get("kind") and task.get("data") is None and bool(local or task.get("fs_path") is None)

            def submit_next() -> bool:
                if solo:
                    submit_one(solo.popleft())
                    return True
                task = next(queue, None)
                if task is None:
                    return False
                task = {**task, "timeout_s": self.timeout_s}
                if not batchable(task):
                    submit_one(task)
                    return True
                members, work = [task], sizer.cost([task])
                budget = sizer.budget(operator.length_hint(tasks, 0), self.parallelism)
                after = None
                while (len(members) < self.batch_files) if self.batch_files else (work < budget):
                    nxt = next(queue, None)
                    if nxt is None:
                        break
                    nxt = {**nxt, "timeout_s": self.timeout_s}
                    if not batchable(nxt):
                        after = nxt
                        break
                    members.append(nxt)
                    work += sizer.cost([nxt])
                if len(members) == 1:
                    submit_one(task)
                else:
                    send(client.submit(review_batch, members, pure=False, key=key()), members, True)
                if after is not None:
                    submit_one(after)
                return True

            def fill() -> None:
                while len(flights) < limit and submit_next():
                    pass

            abandoned: set[str] = set()
            checked = time.monotonic()
            fill()
            while not pending.is_empty():
                if time.monotonic() - checked >= 1.0:
                    checked = time.monotonic()
                    self._abandon_stuck(client, flights, abandoned, solo, on_result)
                    fill()
                batch = pending.next_batch(block=False) or []
                if not batch:
                    _wait_for_results(pending, 1.0)
                    continue
                for fut, result in batch:
                    flight = flights.pop(fut.key, None)
                    if fut.key in abandoned or flight is None:  # already recorded (timeout) or sent again
                        abandoned.discard(fut.key)
                        fut.release()
                        continue
                    if fut.status == "finished":
                        for res in (result if flight.batched else [result]):
                            sizer.learn(res)
                            on_result(res)
                    elif flight.batched:  # a lost worker: its batch mates are run again one by one
                        solo.extend(flight.members)
                    else:  # a lost worker must cost one file, not the scan
                        exc = result[1] if isinstance(result, tuple) else result
                        on_result(_error(flight.members[0], "worker_crashed",
                                         f"Dask 工作节点失败：{type(exc).__name__}: {exc}"))
                    if not flight.batched and not (isinstance(result, dict) and (
                            result.get("kind") == "ocr_page" or result.get("status") == "ocr_pages")):
                        shipped.pop(flight.members[0]["path"], None)  # the document is done: its bytes leave
                    fut.release()
                    fill()  # a result may add several tasks (a scanned document's pages): all workers get one
        finally:
            if quieted is not None:
                _restore_workers(client, quieted)
                with contextlib.suppress(Exception):  # the warm-up froze each worker's heap (freeze_heap)
                    client.run(thaw_heap)
            if owned:
                client.close()
                if self._cluster is not None:
                    self._cluster.close()
                    self._cluster = None

    def _abandon_stuck(self, client, flights: dict, abandoned: set, solo: deque, on_result) -> None:
        """The task's own timer fires first; a task past the limit plus a grace period is stuck where no Python
        exception can reach it: cancel it and restart its worker. A single file is recorded as ``timeout``; the
        files of a batch are run again one by one (each with its own limit), so only the stuck one times out and
        its batch mates get their results."""
        if not self.timeout_s:
            return
        now = time.monotonic()
        for key, flight in list(flights.items()):
            # A batch may wait behind the one its worker runs, and each file in it has the whole limit.
            allowed = self.timeout_s + self.grace_s + (2 * flight.work if flight.batched else 0.0)
            if now - flight.sent <= allowed:
                continue
            flights.pop(key)
            abandoned.add(key)
            if flight.batched:
                solo.extend(flight.members)
            else:
                on_result(_error(flight.members[0], "timeout",
                                 f"处理超过 {self.timeout_s:g} 秒，已放弃（Dask 工作节点已重启）"))
            with contextlib.suppress(Exception):
                busy = [w for w, keys in client.processing().items() if key in keys]
                flight.future.cancel()
                if busy:
                    client.restart_workers(busy)


class _Flight(NamedTuple):
    future: object
    members: list[dict]  # the tasks (without their bytes), one unless batched
    sent: float
    batched: bool
    work: float  # the seconds of work expected (0 while nothing is known)


class _BatchSizer:
    """How many whole files go into one Dask task: about ``seconds`` of work (estimated from the seconds per
    byte of the files done so far), and never more than a 1/(3P) share of the work left, so that batches
    shrink towards the end of the archive and the P workers finish together (guided self-scheduling). One file
    a task until a result has come back, and when ``seconds`` is 0."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.elapsed = 0.0
        self.bytes = 0
        self.files = 0

    def learn(self, result: dict) -> None:
        if result.get("kind") or result.get("status") != "ok" or not result.get("size"):
            return  # OCR pages, plan matching and failures say little about the next file's work
        self.elapsed += result.get("elapsed") or 0.0
        self.bytes += result["size"]
        self.files += 1

    def cost(self, tasks: list[dict]) -> float:
        if not self.files or not self.elapsed:
            return 0.0
        per_file, per_byte = self.elapsed / self.files, self.elapsed / max(self.bytes, 1)
        return sum(t["size"] * per_byte if t.get("size") else per_file for t in tasks)

    def budget(self, tasks_left: int, parallelism: int) -> float:
        if not self.files or not self.seconds:
            return 0.0
        return min(self.seconds, tasks_left * (self.elapsed / self.files) / (3 * max(1, parallelism)))


def _wait_for_results(pending, seconds: float) -> None:
    """Sleep until a result is in (``as_completed`` notifies its condition) or ``seconds`` have passed: no polling."""
    cond = getattr(pending, "thread_condition", None)
    queue = getattr(pending, "queue", None)
    if cond is None or queue is None:  # another distributed version: poll
        time.sleep(0.05)
        return
    with cond:
        if queue.empty():
            cond.wait(seconds)


# A Dask worker's event loop wakes 100 times a second to sample its task thread's stack for the dashboard
# (``profile``: it takes the GIL from the review and walks its frames) and 50 times to time itself (``tick``, a
# diagnostic); the scheduler and each nanny run the same 50-a-second ``tick``. On a LocalCluster of 2 (scheduler,
# client and nannies in one process, two worker processes), idle: ~110 ms of CPU a second in all, 31 with these
# paused. Paused for the scan, restarted after it (the cluster may be the user's).
_PROFILE_CALLBACKS = ("profile", "profile-cycle", "tick", "ticks")


def _pause_profiling(dask_worker=None, dask_scheduler=None) -> bool:
    """On a Dask worker or nanny (``client.run``) or the scheduler (``run_on_scheduler``): stop its profiler and
    event-loop timer; whether one was running."""
    server = dask_worker if dask_worker is not None else dask_scheduler
    stopped = False
    for name in _PROFILE_CALLBACKS:
        pc = getattr(server, "periodic_callbacks", {}).get(name)
        if pc is not None and pc.is_running():
            pc.stop()
            stopped = True
    return stopped


def _resume_profiling(dask_worker=None, dask_scheduler=None) -> None:
    server = dask_worker if dask_worker is not None else dask_scheduler
    for name in _PROFILE_CALLBACKS:
        pc = getattr(server, "periodic_callbacks", {}).get(name)
        if pc is not None and not pc.is_running():
            pc.start()


class _Quieted(NamedTuple):
    workers: list[str]
    nannies: list[str]
    scheduler: bool


def _quiet_workers(client) -> _Quieted:
    """Pause the diagnostics of the workers, their nannies and the scheduler; what was paused (to restart it
    after the scan). Each part is an optimisation: a server that refuses goes on as it was."""
    parts: list = []
    for nanny in (False, True):
        try:
            parts.append([addr for addr, stopped in client.run(_pause_profiling, nanny=nanny).items() if stopped])
        except Exception:
            parts.append([])
    try:
        parts.append(bool(client.run_on_scheduler(_pause_profiling)))
    except Exception:
        parts.append(False)
    return _Quieted(*parts)


def _restore_workers(client, quieted: _Quieted) -> None:
    if quieted.workers:
        with contextlib.suppress(Exception):
            client.run(_resume_profiling, workers=quieted.workers)
    if quieted.nannies:
        with contextlib.suppress(Exception):
            client.run(_resume_profiling, workers=quieted.nannies, nanny=True)
    if quieted.scheduler:
        with contextlib.suppress(Exception):
            client.run_on_scheduler(_resume_profiling)


def _on_this_machine(address: str) -> bool:
    """A worker address on the loopback or this host's own name: it can read our files by path, so the bytes
    are not read here and shipped through the scheduler."""
    import socket
    from urllib.parse import urlparse

    url = urlparse(address)
    if url.scheme == "inproc":  # a worker inside this very process
        return True
    host = url.hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        return True
    with contextlib.suppress(OSError):
        return host in {socket.gethostname(), socket.getfqdn(), *socket.gethostbyname_ex(socket.gethostname())[2]}
    return False


# A LocalCluster set up for scans: what a scan does not use runs at a slower pace. On 2 cores, idle, these cut the
# cluster's own CPU from ~110 ms a second (31 with the scan's pauses above) to ~17.
SCAN_CLUSTER_CONFIG = {
    "distributed.scheduler.work-stealing": False,  # the backend keeps 2 tasks a worker: nothing to steal
    "distributed.admin.system-monitor.interval": "2s",  # CPU/memory figures for the dashboard (500 ms)
    "distributed.admin.tick.interval": "1s",  # event-loop health diagnostic (20 ms)
    "distributed.worker.profile.enabled": False,  # stack samples of the task thread for the dashboard
    "distributed.worker.memory.monitor-interval": "1s",  # the nanny's memory check (100 ms)
}


def local_cluster(workers: int = 2, **kw):
    """A Dask LocalCluster on this machine for scans: one single-threaded worker process a core, no dashboard,
    diagnostics at ``SCAN_CLUSTER_CONFIG``'s pace (its processes take the config when they start)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(SCAN_CLUSTER_CONFIG):
        return LocalCluster(**{"n_workers": max(1, workers), "threads_per_worker": 1, "processes": True,
                               "host": "127.0.0.1", "dashboard_address": None, **kw})
