"""A scan pauses each Dask worker's statistical profiler (a stack sample of the task thread every 10 ms on the
worker's event loop) and restarts it afterwards: the cluster may be the user's."""

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

    def analyse(path, *a, **k):
        worker = distributed.get_worker()
        seen.append(worker.periodic_callbacks["profile"].is_running())
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        def profiling(dask_worker):
            return [dask_worker.periodic_callbacks[n].is_running() for n in ("profile", "profile-cycle")]

        assert list(client.run(profiling).values()) == [[True, True]]
        run_scan([str(root)], tmp_path / "r.db", DaskBackend(client=client))
        assert list(client.run(profiling).values()) == [[True, True]]  # restored for the cluster's owner
    assert seen and not any(seen), seen  # every review ran with the profiler paused (warm-up aside)
    assert {row[0] for row in _table(tmp_path / "r.db").values()} == {"ok"}
