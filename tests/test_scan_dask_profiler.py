"""A scan pauses each Dask worker's statistical profiler (a stack sample of the task thread every 10 ms on the
worker's event loop) and the event-loop timers (every 20 ms) of the workers and the scheduler, and restarts them
afterwards: the cluster may be the user's."""

from __future__ import annotations

import pytest

from yushen.scan.runner import run_scan

from .test_scan import _good_docx, _table


def _two_proposals(tmp_path):
    """An archive folder of two proposals (two packs), for a Dask scan whose reviews are watched."""
    root = tmp_path / "arch"
    root.mkdir()
    _good_docx(root / "a.docx")
    _good_docx(root / "b.docx", jur="ordos")
    return root


def test_dask_scan_pauses_worker_profiler_and_restores_it(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import yushen.pipeline as pipeline
    from yushen.scan.backends import DaskBackend

    root = _two_proposals(tmp_path)
    seen: list[bool] = []
    real = pipeline.analyse
    scheduler: list = []

    def analyse(path, *a, **k):
        callbacks = distributed.get_worker().periodic_callbacks
        seen.append(any(callbacks[n].is_running() for n in ("profile", "profile-cycle", "tick", "ticks")))
        seen.append(any(scheduler[0].periodic_callbacks[n].is_running() for n in ("tick", "ticks")))
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        def profiling(dask_worker):
            return [dask_worker.periodic_callbacks[n].is_running() for n in ("profile", "profile-cycle", "tick", "ticks")]

        assert list(client.run(profiling).values()) == [[True] * 4]
        scheduler.append(cluster.scheduler)
        ticking = [cluster.scheduler.periodic_callbacks[n].is_running() for n in ("tick", "ticks")]
        assert ticking == [True, True]
        run_scan([str(root)], tmp_path / "r.db", DaskBackend(client=client))
        assert list(client.run(profiling).values()) == [[True] * 4]  # restored for the cluster's owner
        assert [cluster.scheduler.periodic_callbacks[n].is_running() for n in ("tick", "ticks")] == ticking
    assert seen and not any(seen), seen  # every review ran with the profiler paused (warm-up aside)
    assert {row[0] for row in _table(tmp_path / "r.db").values()} == {"ok"}


def test_scan_workers_review_with_frozen_heap_and_thaw_after_dask_scan(tmp_path, monkeypatch):
    """Full collections during a scan skip what the warm-up left alive (gc.freeze): each review on a Dask worker
    sees a frozen heap, and the worker's heap is thawed after the scan (the cluster may be the user's)."""
    distributed = pytest.importorskip("distributed")
    import gc

    import yushen.pipeline as pipeline
    from yushen.scan.backends import DaskBackend

    root = _two_proposals(tmp_path)
    frozen: list[int] = []
    real = pipeline.analyse

    def analyse(path, *a, **k):
        frozen.append(gc.get_freeze_count())
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    assert gc.get_freeze_count() == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run_scan([str(root)], tmp_path / "r.db", DaskBackend(client=client))
        assert list(client.run(gc.get_freeze_count).values()) == [0]  # thawed for the cluster's owner
    # The warm-up's own review first (nothing frozen yet), then the two files.
    assert len(frozen) == 3 and frozen[0] == 0 and min(frozen[1:]) > 10_000, frozen
    assert {row[0] for row in _table(tmp_path / "r.db").values()} == {"ok"}

