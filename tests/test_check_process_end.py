"""How a `yushen check` process spends what is not the review: the cyclic collector during the check and the
interpreter's teardown after it (issue 17). Both are cut without changing what the process writes or returns."""

import gc
import json
import subprocess
import sys
import textwrap

from typer.testing import CliRunner

PROPOSAL = "某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n第二章 建设内容\n建设停车管理平台。\n"


def _run(code: str, *args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_collector_thresholds_raised_for_the_check_and_restored_after(tmp_path, monkeypatch):
    """Collector walks of a long document's young lists: a check runs with young collections every 50,000 new
    objects (it keeps the document's lines, blocks and tree to the end), and leaves the caller's thresholds as
    they were (CliRunner runs it inside this process)."""
    import yushen.pipeline as pipeline
    from yushen.cli import app

    seen = []
    review = pipeline.review_file

    def spy(*args, **kw):
        seen.append(gc.get_threshold())
        return review(*args, **kw)

    monkeypatch.setattr(pipeline, "review_file", spy)
    path = tmp_path / "p.txt"
    path.write_text(PROPOSAL, encoding="utf-8")
    before = gc.get_threshold()
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert seen and seen[0][0] == 50_000
    assert gc.get_threshold() == before


def test_check_process_ends_without_teardown_yet_writes_and_runs_exit_handlers(tmp_path):
    """A check's process ends right after its output (no interpreter teardown), yet the report on stdout and in
    --out is whole, the exit code is the check's, and exit handlers registered by anyone still run."""
    path = tmp_path / "p.txt"
    path.write_text(PROPOSAL, encoding="utf-8")
    code = """
        import atexit, sys
        atexit.register(lambda: print("handler ran", file=sys.stderr))
        sys.argv = ["yushen", "check", *sys.argv[1:]]
        from yushen.cli import main
        main()
    """
    plain = _run(code, path, "--format", "json")
    assert plain.returncode in (0, 1), plain.stderr
    report = json.loads(plain.stdout)
    assert report["document"]["path"].endswith("p.txt")
    assert "handler ran" in plain.stderr
    out = tmp_path / "r.json"
    written = _run(code, path, "--format", "json", "--out", out)
    assert written.returncode == plain.returncode
    assert json.loads(out.read_text(encoding="utf-8")) == report
    # the same through `python -m yushen` (the entry point users run)
    module = subprocess.run([sys.executable, "-m", "yushen", "check", str(path), "--format", "json"],
                            capture_output=True, text=True, timeout=300)
    assert module.returncode == plain.returncode and json.loads(module.stdout) == report


def test_check_process_waits_for_a_running_thread(tmp_path):
    """The shortcut exit is taken only when the check's thread is the last one: a normal exit waits for other
    (non-daemon) threads, so what such a thread does after the check still happens."""
    path = tmp_path / "p.txt"
    path.write_text(PROPOSAL, encoding="utf-8")
    mark = tmp_path / "thread-done"
    code = """
        import sys, threading, time
        from pathlib import Path
        mark = Path(sys.argv[1])
        def late():
            time.sleep(1.0)
            mark.write_text("done")
        threading.Thread(target=late).start()
        sys.argv = ["yushen", "check", sys.argv[2], "--format", "json"]
        from yushen.cli import main
        main()
    """
    proc = _run(code, mark, path)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["document"]["path"].endswith("p.txt")
    assert mark.read_text() == "done"
