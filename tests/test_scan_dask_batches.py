"""Dask scans send several whole files in one task (fewer scheduler and client round trips); every scan guarantee
holds per file inside a batch: its own time limit and coded error, a batch stuck in C costs its mates nothing
(they run again one by one), a kill mid-batch neither loses nor doubles a file, and the rows equal the local
pool's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from yushen.scan.backends import ProcessPoolBackend, SerialBackend, _BatchSizer
from yushen.scan.runner import run_scan

from .test_scan import _archive_of_proposals, _good_docx, _table, hold_up, kill_after_rows, make_archive

distributed = pytest.importorskip("distributed")

_FINE = "某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n"


def _cluster(threads: int = 1):
    return distributed.LocalCluster(n_workers=1, threads_per_worker=threads, processes=False,
                                    dashboard_address=None)


def _recording(client):
    """The files of each task sent to the cluster (the client's ``submit``, wrapped): a list for a batch, a name
    for a file alone (the plan matching shares at the end are not files)."""
    from yushen.scan.worker import review_batch

    batches: list = []
    real = client.submit

    def submit(fn, *args, **kw):
        if fn is review_batch:
            batches.append(sorted(Path(t["path"]).name for t in args[0]))
        elif args[0].get("kind") != "clusters":
            batches.append(Path(args[0]["path"]).name)
        return real(fn, *args, **kw)

    client.submit = submit
    return batches


def test_a_batch_with_a_failing_and_a_timing_out_file_records_the_others(tmp_path, monkeypatch):
    from yushen.scan.backends import DaskBackend

    root = tmp_path / "arch"
    root.mkdir()
    _good_docx(root / "a_good.docx")
    (root / "b_slow.txt").write_text("一、项目概况\n慢\n", encoding="utf-8")
    (root / "c_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n")  # truncated: corrupt_file
    (root / "d_fine.txt").write_text(_FINE, encoding="utf-8")
    hold_up(monkeypatch, "b_slow.txt")
    backend = DaskBackend(timeout_s=5, grace_s=120, batch_files=4)
    with _cluster() as cluster, distributed.Client(cluster) as client:
        backend.client = client
        batches = _recording(client)
        run_scan([str(root)], tmp_path / "r.db", backend)
    assert batches == [["a_good.docx", "b_slow.txt", "c_broken.pdf", "d_fine.txt"]]  # one task for all four
    table = {Path(p).name: row[:2] for p, row in _table(tmp_path / "r.db").items()}
    assert table == {"a_good.docx": ("ok", None), "b_slow.txt": ("error", "timeout"),
                     "c_broken.pdf": ("error", "corrupt_file"), "d_fine.txt": ("ok", None)}


def test_a_batch_stuck_in_c_reruns_its_mates_one_by_one(tmp_path, monkeypatch):
    """A call stuck in C cannot be interrupted in its thread: past the limit the batch is abandoned, its worker
    restarted, and each of its files runs again alone, so only the stuck one is recorded as a timeout."""
    from yushen.scan.backends import DaskBackend

    root = tmp_path / "arch"
    root.mkdir()
    (root / "a_fine.txt").write_text(_FINE, encoding="utf-8")
    (root / "b_stuck.txt").write_text("一、项目概况\n卡住\n", encoding="utf-8")
    (root / "c_fine.txt").write_text(_FINE.replace("80", "90"), encoding="utf-8")
    hold_up(monkeypatch, "b_stuck.txt", in_c=True)
    backend = DaskBackend(timeout_s=1, grace_s=1, batch_files=3)
    # Threads to spare: an in-process worker keeps its stuck thread after the restart (a process would not).
    with _cluster(threads=4) as cluster, distributed.Client(cluster) as client:
        backend.client = client
        batches = _recording(client)
        run_scan([str(root)], tmp_path / "r.db", backend)
    assert batches[0] == ["a_fine.txt", "b_stuck.txt", "c_fine.txt"]
    assert sorted(batches[1:]) == ["a_fine.txt", "b_stuck.txt", "c_fine.txt"]  # then each alone, once
    table = {Path(p).name: row[:2] for p, row in _table(tmp_path / "r.db").items()}
    assert table == {"a_fine.txt": ("ok", None), "b_stuck.txt": ("error", "timeout"), "c_fine.txt": ("ok", None)}
    con = sqlite3.connect(tmp_path / "r.db")
    message = con.execute("SELECT message FROM files WHERE path = ?", (str(root / "b_stuck.txt"),)).fetchone()[0]
    con.close()
    assert "重启" in message, "recorded by the backend, alone, not by the task's own timer"


def test_batched_dask_gives_the_pool_rows(tmp_path):
    """Mixed archive (duplicates, zip members, coded errors, skipped files): batched Dask tasks give exactly the
    local pool's table."""
    from yushen.scan.backends import DaskBackend

    make_archive(tmp_path / "archive")
    run_scan([str(tmp_path / "archive")], tmp_path / "pool.db", ProcessPoolBackend(workers=2))
    backend = DaskBackend(batch_files=3)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        backend.client = client
        run_scan([str(tmp_path / "archive")], tmp_path / "dask.db", backend)
    assert backend.sent["batched"] >= 4, backend.sent  # the files read by path went in batches
    assert _table(tmp_path / "dask.db") == _table(tmp_path / "pool.db")


_KILLED_SCAN = textwrap.dedent("""
    import sys
    from pathlib import Path
    import distributed
    from yushen.scan.backends import DaskBackend
    from yushen.scan.runner import run_scan

    if __name__ == "__main__":
        root, db, resume = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            run_scan([root], db, DaskBackend(client=client, batch_files=4), resume=resume)
""")


def test_sigkill_mid_batch_then_resume_neither_loses_nor_doubles_a_file(tmp_path):
    root = tmp_path / "arch"
    _archive_of_proposals(root, 20, padding=1500)
    clean = tmp_path / "clean.db"
    run_scan([str(root)], clean, SerialBackend())
    script = tmp_path / "scan_dask.py"
    script.write_text(_KILLED_SCAN, encoding="utf-8")
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, str(script), str(root), str(db), "0"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    kill_after_rows(proc, db, 5, 180)  # past the first batch of four, inside a later one
    partial = _table(db)
    assert 0 < len(partial) < 20, "the kill must land mid-scan"
    resumed = subprocess.run([sys.executable, str(script), str(root), str(db), "1"], capture_output=True,
                             text=True, env=env)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    con = sqlite3.connect(db)
    paths = [p for (p,) in con.execute("SELECT path FROM files")]
    con.close()
    assert len(paths) == len(set(paths)) == 20
    assert _table(db) == _table(clean)


def test_batches_shrink_as_the_archive_nears_its_end():
    """Guided sizing: one file a task until a result tells the work per byte, then about ``seconds`` of work a
    task, never more than a third of each worker's share of what is left (the workers finish together)."""
    sizer = _BatchSizer(2.0)
    assert sizer.budget(1000, 2) == 0.0 and sizer.cost([{"size": 10}]) == 0.0
    sizer.learn({"status": "ok", "size": 1000, "elapsed": 0.25})
    sizer.learn({"status": "error", "size": 1000, "elapsed": 9.0})  # a failure says little about the next file
    sizer.learn({"status": "ok", "kind": "ocr_page", "size": 1000, "elapsed": 9.0})
    assert sizer.cost([{"size": 2000}, {"size": 1000}]) == pytest.approx(0.75)
    budgets = [sizer.budget(left, 2) for left in (1000, 48, 24, 6, 1)]
    assert budgets[0] == 2.0 and budgets == sorted(budgets, reverse=True)
    assert budgets[-1] < 0.25  # the last files go one a task
    assert _BatchSizer(0.0).budget(1000, 2) == 0.0  # batching off


def test_cli_cluster_local_scans_on_its_own_dask_cluster(tmp_path):
    """``--cluster local``: a Dask cluster of ``--workers`` processes on this machine (the scan's set-up), the same
    rows as the serial run, and no cluster left behind."""
    root = tmp_path / "arch"
    _archive_of_proposals(root, 3)
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n")
    run_scan([str(root)], tmp_path / "serial.db", SerialBackend())
    proc = subprocess.run([sys.executable, "-m", "yushen", "scan", str(root), "--out", str(tmp_path / "d.db"),
                           "--cluster", "local", "--workers", "2", "--no-progress"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert _table(tmp_path / "d.db") == _table(tmp_path / "serial.db")
