"""Scan results are written in batches, one transaction per batch; the parent stores the JSON text a worker made."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from yushen.scan.store import ResultsStore
from yushen.scan.worker import review_task
from yushen.tests.builders import build_docx
from yushen.tests.proposals import complete


def _visible(db) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    finally:
        con.close()


def test_rows_are_written_as_whole_batches(tmp_path):
    db = tmp_path / "r.db"
    store = ResultsStore(db, batch_rows=3, batch_seconds=3600)
    store.add("a.pdf", "error", "s1", error_code="corrupt_file", message="坏")
    store.add("b.pdf", "ok", "s2", report={"document": {"path": "b.pdf"}}, pages=3)
    assert _visible(db) == 0  # a kill now loses both rows, and --resume reviews both files again
    store.add("c.pdf", "ok", "s3", report=json.dumps({"document": {"path": "c.pdf"}}), pages=1)
    assert _visible(db) == 3
    store.add("d.pdf", "skipped", "s4")
    assert store.row_of("d.pdf")["status"] == "skipped"  # reading its own rows writes the waiting batch first
    store.add("d.pdf", "ok", "s4")  # a path has one row: the first one stays
    store.close()
    rows = {r["path"]: r for r in ResultsStore(db).rows()}
    assert sorted(rows) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"] and rows["d.pdf"]["status"] == "skipped"
    assert rows["b.pdf"]["report"] == {"document": {"path": "b.pdf"}}
    assert rows["c.pdf"]["report"] == {"document": {"path": "c.pdf"}}  # JSON text stored as it came


def test_worker_sends_the_report_as_json_text(tmp_path):
    title, items = complete("ordos")
    path = build_docx(tmp_path / "p.docx", items, title_page=title)
    result = review_task({"path": "p.docx", "sha256": "ab" * 32, "rules": "auto", "inventory": None,
                          "fs_path": str(path), "data": None})
    assert result["status"] == "ok", result["error"]
    assert isinstance(result["report"], str) and isinstance(result["plans"], str)
    report = json.loads(result["report"])
    assert report["document"]["sha256"] == "ab" * 32 and report["findings"]
    assert json.loads(result["plans"])["project_name"]


def test_parent_hashes_only_files_that_could_have_a_twin(tmp_path, monkeypatch):
    import hashlib
    import shutil

    from yushen.scan import runner
    from yushen.scan.backends import SerialBackend

    root = tmp_path / "arch"
    root.mkdir()
    for i, jur in enumerate(("ordos", "nmg", "datong")):
        title, items = complete(jur)
        build_docx(root / f"p{i}.docx", items + [f"附件{i}" * (i + 1)], title_page=title)
    shutil.copy(root / "p0.docx", root / "p9.docx")
    hashed = []
    real = runner.sha256_file
    monkeypatch.setattr(runner, "sha256_file", lambda p: hashed.append(p) or real(p))
    db = tmp_path / "r.db"
    runner.run_scan([str(root)], db, SerialBackend())
    assert sorted(hashed) == [str(root / "p0.docx"), str(root / "p9.docx")]
    rows = {r["path"]: r for r in ResultsStore(db).rows()}
    for path, row in rows.items():  # every row still carries the file's true hash, whoever computed it
        assert row["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
        assert row["report"]["document"]["sha256"] == row["sha256"]
    statuses = sorted(r["status"] for r in rows.values())
    assert statuses == ["duplicate", "ok", "ok", "ok"]
    assert rows[str(root / "p9.docx")]["duplicate_of"] == str(root / "p0.docx")


def test_dask_workers_on_this_machine_read_files_by_path():
    import socket

    from yushen.scan.backends import _on_this_machine

    assert _on_this_machine("tcp://127.0.0.1:40123") and _on_this_machine("tcp://localhost:40123")
    assert _on_this_machine(f"tcp://{socket.gethostname()}:40123")
    assert not _on_this_machine("tcp://203.0.113.9:8786")  # another machine: the bytes are shipped


def test_workers_share_the_archive_plan_matching_with_the_same_clusters(tmp_path):
    """At the end of a scan the plan matching between documents is split over the workers (no idle workers
    while the parent does it alone): the same clusters as matching in one piece."""
    from yushen.scan.backends import ProcessPoolBackend, SerialBackend
    from yushen.scan.runner import run_scan

    root = tmp_path / "arch"
    root.mkdir()
    for i, jur in enumerate(["nmg", "ordos", "nmg", "ordos", "datong"]):  # the same plans filed again
        title, items = complete(jur)
        build_docx(root / f"p{i}.docx", items + [(1, f"第十三章 附件{i}"), f"附件：第{i}号批复文件。"],
                   title_page=title)
    serial = run_scan([str(root)], tmp_path / "s.db", SerialBackend())
    kinds = []

    class Recording(ProcessPoolBackend):
        def run(self, tasks, on_result):
            super().run(tasks, lambda r: (kinds.append((r.get("kind"), r["status"])), on_result(r)))

    pooled = run_scan([str(root)], tmp_path / "p.db", Recording(workers=2))
    assert kinds.count(("clusters", "ok")) == 2
    assert serial.clusters and pooled.clusters == serial.clusters


def test_largest_files_are_dispatched_first_and_twins_keep_their_order(tmp_path):
    """Largest first, so a scan ends on its small files (a long document dispatched last left one worker busy
    while the others idled); a file and its byte-identical twin keep their order, so the first by path is the
    one reviewed."""
    import shutil

    from yushen.scan.backends import SerialBackend
    from yushen.scan.runner import run_scan

    class Recording(SerialBackend):
        def run(self, tasks, on_result):
            def recorded():
                for task in tasks:
                    self.order.append(Path(task["path"]).name)
                    yield task
            self.order: list[str] = []
            super().run(recorded(), on_result)

    root = tmp_path / "arch"
    root.mkdir()
    body = "本项目由某市大数据中心建设，部署于政务云，与数据共享交换平台对接。"
    for name, paragraphs in (("a_short.txt", 1), ("b_long.txt", 40), ("c_middle.txt", 10)):
        (root / name).write_text("某市数据平台项目建议书\n一、项目概况\n" + "\u3000\u3000" + body * paragraphs + "\n",
                                 encoding="utf-8")
    shutil.copy(root / "c_middle.txt", root / "d_middle_copy.txt")
    backend = Recording()
    run_scan([str(root)], tmp_path / "r.db", backend)
    assert backend.order == ["b_long.txt", "c_middle.txt", "a_short.txt"]  # the copy waits for its twin
    rows = {Path(r["path"]).name: r for r in ResultsStore(tmp_path / "r.db").rows()}
    assert rows["d_middle_copy.txt"]["status"] == "duplicate"
    assert rows["d_middle_copy.txt"]["duplicate_of"] == str(root / "c_middle.txt")
