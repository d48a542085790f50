"""A scan pauses each Dask worker's statistical profiler (a stack sample of the task thread every 10 ms on the
worker's event loop) and the event-loop timers (every 20 ms) of the workers and the scheduler, and restarts them
afterwards: the cluster may be the user's."""

from __future__ import annotations

import pytest

from yushen.scan.runner import run_scan

from .test_scan import _good_docx, _table


def test_dask_scan_pauses_worker_profiler_and_restores_it(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import yushen.pipeline as pipeline
    from yushen.scan.backends import DaskBackend

    root = tmp_path / "arch"
    root.mkdir()
    _good_docx(root / "a.docx")
    _good_docx(root / "b.docx", jur="ordos")
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
