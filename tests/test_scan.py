"""Batch scan of a generated archive: mixed good and bad files, coded rows, no traceback, a real SIGKILL and
resume to the same table, Dask LocalCluster equal to the local run, exports."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jsonschema
import pytest

from yushen.scan.backends import ProcessPoolBackend, SerialBackend
from yushen.scan.runner import ScanError, run_scan
from yushen.scan.store import ResultsStore

from .builders import SAMPLE_OUTLINE, build_docx, build_pdf
from .proposals import complete

SCHEMA = json.loads((Path(__file__).parent / "report_schema.json").read_text(encoding="utf-8"))



def kill_after_rows(proc: subprocess.Popen, db: Path, rows: int, timeout: float) -> None:
    """kill -9 a scan (its whole session) once its results database holds ``rows`` files, or after ``timeout``."""
    deadline = time.time() + timeout
    seen = 0
    while time.time() < deadline and seen < rows:
        time.sleep(0.05)
        if db.exists():
            try:
                seen = sqlite3.connect(db).execute("SELECT COUNT(*) FROM files").fetchone()[0]
            except sqlite3.Error:
                seen = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def hold_up(monkeypatch, name: str, *, in_c: bool = False) -> None:
    """Make the review of the file whose path ends in ``name`` hang: a minute of pure-Python work (a timer in the
    task can stop it), or, ``in_c``, 8 s asleep in C (no timer reaches it: only the backend's restart does)."""
    import yushen.pipeline as pipeline

    real = pipeline.analyse

    def analyse(path, *a, **k):
        if str(path).endswith(name):
            if in_c:
                time.sleep(8)
            else:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    pass
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "analyse", analyse)

def _good_docx(path, jur="nmg"):
    title, items = complete(jur)
    return build_docx(path, items, title_page=title)


def make_archive(root: Path) -> dict[str, tuple[str, str | None]]:
    """Files and what each must become: path → (status, error_code)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    root.mkdir(parents=True, exist_ok=True)
    expect: dict[str, tuple[str, str | None]] = {}
    good = _good_docx(root / "good.docx")
    expect[str(good)] = ("ok", None)
    copy = root / "sub" / "copy_of_good.docx"
    copy.parent.mkdir()
    copy.write_bytes(good.read_bytes())
    expect[str(copy)] = ("duplicate", None)
    pdf = build_pdf(root / "sub" / "report.pdf", SAMPLE_OUTLINE, title_page=["某市平台", "可行性研究报告"])
    expect[str(pdf)] = ("ok", None)
    bad = root / "truncated.pdf"
    bad.write_bytes(pdf.read_bytes()[:300])
    expect[str(bad)] = ("error", "corrupt_file")
    enc = root / "locked.pdf"
    c = canvas.Canvas(str(enc), encrypt=StandardEncryption("pw", ownerPassword="o"))
    c.drawString(72, 700, "x")
    c.save()
    expect[str(enc)] = ("error", "encrypted")
    scan_pdf = root / "scan.pdf"
    c = canvas.Canvas(str(scan_pdf))
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    expect[str(scan_pdf)] = ("error", "no_text_layer")
    zero = root / "zero.docx"
    zero.write_bytes(b"")
    expect[str(zero)] = ("error", "empty_document")
    renamed = root / "actually_docx.pdf"
    renamed.write_bytes(_good_docx(root / "tmp_ordos.docx", "ordos").read_bytes())
    (root / "tmp_ordos.docx").unlink()
    expect[str(renamed)] = ("ok", None)
    gbk = root / "方案_gbk.txt"
    gbk.write_bytes("某旗平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n二、网络安全\n\u3000\u3000按等保二级建设。\n"
                    .encode("gbk"))
    expect[str(gbk)] = ("ok", None)
    outside = root.parent / "outside_secret.txt"
    outside.write_text("一、项目概况\n不应被读取", encoding="utf-8")
    link = root / "link_out.txt"
    link.symlink_to(outside)
    expect[str(link)] = ("skipped", "symlink_outside")
    notes = root / "清单.csv"
    notes.write_text("a,b\n1,2\n", encoding="utf-8")
    expect[str(notes)] = ("skipped", "unsupported_format")
    evil = root / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../etc/escape.txt", "一、项目概况\n内容")
        zf.writestr("ok/plan.txt", "某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资60万元。\n")
    expect[f"{evil}!/../../etc/escape.txt"] = ("error", "path_traversal")
    expect[f"{evil}!/ok/plan.txt"] = ("ok", None)
    bomb = root / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.txt", b"0" * (300 * 1024 * 1024))
    expect[f"{bomb}!/huge.txt"] = ("error", "zip_bomb")
    inner = root / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep/方案.docx", good.read_bytes())
        zf.writestr("deep/new.txt", "某县平台实施方案\n一、项目概况\n\u3000\u3000项目总投资50万元。\n")
    nested = root / "nested.zip"
    with zipfile.ZipFile(nested, "w") as zf:
        zf.write(inner, "inner.zip")
    inner.unlink()
    expect[f"{nested}!/inner.zip!/deep/方案.docx"] = ("duplicate", None)
    expect[f"{nested}!/inner.zip!/deep/new.txt"] = ("ok", None)
    return expect


def _table(db: Path) -> dict[str, tuple]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT path, status, error_code, duplicate_of, report FROM files").fetchall()
    finally:
        con.close()
    out = {}
    for path, status, code, dup, report in rows:
        findings = tuple((f["rule"], f["status"]) for f in json.loads(report)["findings"]) if report else ()
        out[path] = (status, code, dup, findings)
    return out


def test_mixed_archive_scans_to_coded_rows(tmp_path):
    expect = make_archive(tmp_path / "archive")
    db = tmp_path / "r.db"
    summary = run_scan([str(tmp_path / "archive")], db, SerialBackend())
    got = {p: (row[0], row[1]) for p, row in _table(db).items()}
    assert got == expect
    assert summary.total == len(expect)
    assert summary.clusters and any(str(tmp_path / "archive" / "good.docx") in g for g in summary.clusters)
    with pytest.raises(ScanError):
        run_scan([str(tmp_path / "archive")], db, SerialBackend())  # refuses to mix two scans without --resume


def test_process_pool_gives_the_same_table(tmp_path):
    make_archive(tmp_path / "archive")
    run_scan([str(tmp_path / "archive")], tmp_path / "a.db", SerialBackend())
    run_scan([str(tmp_path / "archive")], tmp_path / "b.db", ProcessPoolBackend(workers=2, recycle_after=3))
    assert _table(tmp_path / "a.db") == _table(tmp_path / "b.db")


def _archive_of_proposals(root: Path, n: int, padding: int = 0) -> None:
    """``padding``: body paragraphs added to each file, so that a scan lasts long enough to be killed midway
    however fast the machine is."""
    root.mkdir(parents=True)
    jurs = ["national", "nmg", "ordos", "dalad", "mudan", "datong"]
    for i in range(n):
        title, items = complete(jurs[i % len(jurs)])
        items = items + [(1, f"第十三章 附件{i}"), f"附件：第{i}号批复文件。"] + \
            [f"第{i}号文件第{k}段：按照有关规定开展项目建设管理工作，做好资金使用和绩效评价。" for k in range(padding)]
        build_docx(root / f"p{i:02d}.docx", items, title_page=title)


def test_sigkill_mid_scan_then_resume_ends_with_every_file_once(tmp_path):
    root = tmp_path / "arch"
    _archive_of_proposals(root, 24, padding=1500)
    clean = tmp_path / "clean.db"
    run_scan([str(root)], clean, SerialBackend())
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "yushen", "scan", str(root), "--out", str(db), "--workers", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    kill_after_rows(proc, db, 6, 120)
    partial = _table(db)
    assert 0 < len(partial) < 24, "the kill must land mid-scan"
    resumed = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert _table(db) == _table(clean)


def test_dask_local_cluster_equals_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    make_archive(tmp_path / "archive")
    run_scan([str(tmp_path / "archive")], tmp_path / "local.db", SerialBackend())
    from yushen.scan.backends import DaskBackend

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run_scan([str(tmp_path / "archive")], tmp_path / "dask.db", DaskBackend(client=client))
        address = cluster.scheduler_address
        proc = subprocess.run([sys.executable, "-m", "yushen", "scan", str(tmp_path / "archive"), "--out",
                               str(tmp_path / "cli.db"), "--cluster", address, "--no-progress"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert _table(tmp_path / "dask.db") == _table(tmp_path / "local.db")
    assert _table(tmp_path / "cli.db") == _table(tmp_path / "local.db")


def test_exports_from_an_existing_results_db(tmp_path):
    make_archive(tmp_path / "archive")
    db = tmp_path / "r.db"
    run_scan([str(tmp_path / "archive")], db, SerialBackend())
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "yushen", "export", str(db), "--jsonl", str(out / "r.jsonl"),
                           "--export", str(out / "s.xlsx"), "--html", str(out / "d.html")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (out / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    for rec in records:
        jsonschema.validate(rec, SCHEMA)
    store = ResultsStore(db)
    rows = store.rows()
    documents = [r for r in rows if r["status"] != "skipped"]
    store.close()
    assert sorted(r["document"]["path"] for r in records) == sorted(r["path"] for r in rows)  # skipped too
    from openpyxl import load_workbook

    ws = load_workbook(out / "s.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["文件", "状态", "项目名称", "建设单位"] and "缺失章节" in header and "错误" in header
    assert ws.max_row == len(documents) + 1
    page = (out / "d.html").read_text(encoding="utf-8")
    assert "<svg" in page and "必备章节缺失率" in page and "<script src" not in page  # inline sort only


def test_a_pathological_file_times_out_without_stalling_the_scan(tmp_path):
    root = tmp_path / "arch"
    root.mkdir()
    _good_docx(root / "good.docx")
    (root / "huge.txt").write_bytes(
        ("一、项目概况\n\u3000\u3000本项目建设数据共享交换平台、统一身份认证和电子证照库，投资三百万元。\n" * 60000).encode())
    db = tmp_path / "r.db"
    run_scan([str(root)], db, ProcessPoolBackend(workers=2, timeout_s=3))
    table = _table(db)
    assert table[str(root / "huge.txt")][:2] == ("error", "timeout")
    assert table[str(root / "good.docx")][0] == "ok", table[str(root / "good.docx")]


def make_bad_folder(root: Path) -> dict[str, tuple[str, str | None]]:
    """Every kind of bad file an archive holds, and what each must become: path → (status, error_code)."""
    import io

    from openpyxl import Workbook

    from .test_error_boundary import _with_bad_numbering_levels
    from .test_limits import media_bomb_docx

    root.mkdir(parents=True)
    expect: dict[str, tuple[str, str | None]] = {}
    good = _good_docx(root / "good.docx")
    expect[str(good)] = ("ok", None)
    noise = bytes((i * 7919) % 251 for i in range(20000))
    for name in ("random.docx", "random_copy.docx", "random.pdf", "random.doc"):
        (root / name).write_bytes(noise)  # identical random bytes under document names: errors, not skips
        expect[str(root / name)] = ("error", "unsupported_format")
    no_body = root / "no_body.docx"  # an OOXML package without word/document.xml: never walked as a zip
    with zipfile.ZipFile(no_body, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships>一、项目概况 内容</Relationships>')
        zf.writestr("word/styles.xml", '<?xml version="1.0"?><w:styles/>')
    expect[str(no_body)] = ("error", "corrupt_file")
    pdf = build_pdf(root / "tmp.pdf", SAMPLE_OUTLINE)
    for name in ("truncated.pdf", "truncated_copy.pdf"):  # identical corrupt copies: one error row each
        (root / name).write_bytes(pdf.read_bytes()[:300])
        expect[str(root / name)] = ("error", "corrupt_file")
    pdf.unlink()
    for name in ("truncated.docx", "truncated_copy.docx"):
        (root / name).write_bytes(good.read_bytes()[:1500])
        expect[str(root / name)] = ("error", "corrupt_file")
    page = ("<!DOCTYPE html><html><head><title>下载失败</title></head><body><h1>404</h1>"
            "<p>文件不存在或已被删除</p></body></html>")
    for name in ("可研报告.pdf", "实施方案.docx"):
        (root / name).write_text(page, encoding="utf-8")
        expect[str(root / name)] = ("error", "unsupported_format")
    (root / "empty.pdf").write_bytes(b"")
    expect[str(root / "empty.pdf")] = ("error", "empty_document")
    wb = Workbook()
    wb.active.append(["系统", "单位"])
    buf = io.BytesIO()
    wb.save(buf)
    (root / "台账.xlsx").write_bytes(buf.getvalue())
    expect[str(root / "台账.xlsx")] = ("skipped", "unsupported_format")
    (root / "台账.docx").write_bytes(buf.getvalue())  # a spreadsheet under a Word name
    expect[str(root / "台账.docx")] = ("error", "unsupported_format")
    (root / "blob.bin").write_bytes(noise)
    expect[str(root / "blob.bin")] = ("skipped", "unsupported_format")
    (root / "run.log").write_text("2024-01-01 started\n", encoding="utf-8")
    expect[str(root / "run.log")] = ("skipped", "unsupported_format")
    from .test_legacy import TEXT, write_doc

    legacy = root / "旧方案.doc"  # read by LibreOffice in its box when installed, else by the pure reader
    legacy.write_bytes(write_doc(TEXT))
    expect[str(legacy)] = ("ok", None)
    levels = _with_bad_numbering_levels(root / "bad_levels.docx")
    expect[str(levels)] = ("ok", None)
    bomb = media_bomb_docx(root / "media_bomb.docx", media_mb=64)
    expect[str(bomb)] = ("ok", None)
    broken_zip = root / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04" + noise[:3000])
    expect[str(broken_zip)] = ("error", "corrupt_file")
    mixed = root / "mixed.zip"
    with zipfile.ZipFile(mixed, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../escape.txt", "一、项目概况\n内容")
        zf.writestr("random.docx", noise)
        zf.writestr("no_body.docx", no_body.read_bytes())
        zf.writestr("huge.txt", b"0" * (300 * 1024 * 1024))
    expect[f"{mixed}!/../escape.txt"] = ("error", "path_traversal")
    expect[f"{mixed}!/random.docx"] = ("error", "unsupported_format")
    expect[f"{mixed}!/no_body.docx"] = ("error", "corrupt_file")
    expect[f"{mixed}!/huge.txt"] = ("error", "zip_bomb")
    deep = "一、项目概况\n内容\n".encode()
    for _ in range(4):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("inner.zip" if deep[:2] == b"PK" else "plan.txt", deep)
        deep = buf.getvalue()
    (root / "deep.zip").write_bytes(deep)
    expect[f"{root / 'deep.zip'}!/inner.zip!/inner.zip!/inner.zip"] = ("error", "archive_too_deep")
    return expect


def _tree(root: Path) -> dict[str, str]:
    import hashlib

    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_folder_of_bad_files_each_once_in_the_jsonl_nothing_written_elsewhere(tmp_path):
    root = tmp_path / "bad"
    expect = make_bad_folder(root)
    before = _tree(root)
    out, home, tmp = tmp_path / "out", tmp_path / "home", tmp_path / "tmp"
    for d in (out, home, tmp):
        d.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_DATA_HOME": str(home / ".local" / "share")}
    env.pop("YUSHEN_CACHE", None)
    env.pop("YUSHEN_DATA", None)
    proc = subprocess.run([sys.executable, "-m", "yushen", "scan", str(root), "--out", str(out / "r.db"),
                           "--jsonl", str(out / "r.jsonl"), "--export", str(out / "r.xlsx"), "--html",
                           str(out / "r.html"), "--no-progress"], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    table = _table(out / "r.db")
    assert {p: row[:2] for p, row in table.items() if p in expect} == expect
    records = [json.loads(line) for line in (out / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [r["document"]["path"] for r in records]
    assert sorted(paths) == sorted(table), "every file found: exactly one JSON Lines record"
    for rec in records:
        jsonschema.validate(rec, SCHEMA)
    by_path = {r["document"]["path"]: r for r in records}
    for path, (status, code) in expect.items():
        if status in ("error", "skipped"):
            assert by_path[path]["error"]["code"] == code, path
    assert not any(p.startswith(f"{root / 'no_body.docx'}!/") for p in table)  # never walked as an archive
    # identical corrupt copies: each its own error row, no duplicate cluster
    assert table[str(root / "truncated_copy.pdf")][2] == str(root / "truncated.pdf")
    assert not any(str(root / "truncated.pdf") in line for line in proc.stdout.splitlines() if "重复：" in line)
    assert _tree(root) == before, "the scanned folder is left as it was"
    assert not any(tmp.iterdir()), list(tmp.iterdir())
    stray = [p for p in home.rglob("*") if p.is_file() and ".cache/yushen" not in str(p)]
    assert not stray, stray
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("r.db")) == ["r.html", "r.jsonl", "r.xlsx"]


def test_a_reader_bug_is_an_internal_error_row(tmp_path, monkeypatch):
    import yushen.pipeline as pipeline

    root = tmp_path / "arch"
    root.mkdir()
    (root / "a.txt").write_text("某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n", encoding="utf-8")

    def boom(*a, **k):
        raise KeyError("simulated reader bug")

    monkeypatch.setattr(pipeline, "analyse", boom)
    run_scan([str(root)], tmp_path / "r.db", SerialBackend())
    status, code, _, _ = _table(tmp_path / "r.db")[str(root / "a.txt")]
    assert (status, code) == ("error", "internal_error")


def test_dask_backend_bounds_the_time_per_file(tmp_path, monkeypatch):
    """On a Dask worker (a thread, no SIGALRM) the task's own timer stops a review that runs too long."""
    distributed = pytest.importorskip("distributed")
    from yushen.scan.backends import DaskBackend

    root = tmp_path / "arch"
    root.mkdir()
    _good_docx(root / "good.docx")
    (root / "slow.txt").write_text("一、项目概况\n慢\n", encoding="utf-8")
    hold_up(monkeypatch, "slow.txt")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run_scan([str(root)], tmp_path / "r.db", DaskBackend(client=client, timeout_s=10, grace_s=120))
    table = _table(tmp_path / "r.db")
    assert table[str(root / "slow.txt")][:2] == ("error", "timeout")
    assert table[str(root / "good.docx")][0] == "ok", table[str(root / "good.docx")]


def test_dask_abandons_a_task_stuck_where_no_timeout_reaches(tmp_path, monkeypatch):
    """A call stuck in C (here a long time.sleep) cannot be interrupted in its thread: the backend records the
    file as a timeout after the grace period and goes on with the others."""
    distributed = pytest.importorskip("distributed")
    from yushen.scan.backends import DaskBackend

    root = tmp_path / "arch"
    root.mkdir()
    (root / "stuck.txt").write_text("一、项目概况\n卡住\n", encoding="utf-8")
    (root / "fine.txt").write_text("某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n", encoding="utf-8")
    hold_up(monkeypatch, "stuck.txt", in_c=True)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        run_scan([str(root)], tmp_path / "r.db", DaskBackend(client=client, timeout_s=1, grace_s=1))
    table = _table(tmp_path / "r.db")
    assert table[str(root / "stuck.txt")][:2] == ("error", "timeout")
    assert table[str(root / "fine.txt")][0] == "ok"
    con = sqlite3.connect(tmp_path / "r.db")
    message = con.execute("SELECT message FROM files WHERE path = ?", (str(root / "stuck.txt"),)).fetchone()[0]
    con.close()
    assert "重启" in message, "recorded by the backend, not by the task's own timer"


def test_serial_backend_bounds_the_time_per_file(tmp_path, monkeypatch):

    root = tmp_path / "arch"
    root.mkdir()
    (root / "slow.txt").write_text("一、项目概况\n慢\n", encoding="utf-8")
    (root / "fine.txt").write_text("某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n", encoding="utf-8")
    hold_up(monkeypatch, "slow.txt")
    run_scan([str(root)], tmp_path / "r.db", SerialBackend(timeout_s=5))
    table = _table(tmp_path / "r.db")
    assert table[str(root / "slow.txt")][:2] == ("error", "timeout")
    assert table[str(root / "fine.txt")][0] == "ok"
