"""One error boundary: every command maps bad arguments to a coded one-line error and anything unexpected to
`internal_error`, exit 2, never a traceback (unless asked for with YUSHEN_DEBUG=1)."""

import os
import subprocess
import sys
import textwrap

import pytest

from yushen.extract import read_document

from .builders import build_docx
from .proposals import complete


def _yushen(*args, env=None, timeout=180):
    return subprocess.run([sys.executable, "-m", "yushen", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def _one_coded_line(proc, code):
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert f"error[{code}]" in lines[0]


def _with_bad_numbering_levels(path):
    """Word numbering whose level attributes are not numbers (hand-edited or produced by a broken exporter)."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    doc = docx.Document()
    doc.add_paragraph("某市政务数据共享平台项目建议书")
    numbering = doc.part.numbering_part.element
    absn = OxmlElement("w:abstractNum")
    absn.set(qn("w:abstractNumId"), "77")
    for ilvl, start in (("x", "y"), ("0", "z"), ("12", "1")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), ilvl)
        st = OxmlElement("w:start")
        st.set(qn("w:val"), start)
        lvl.append(st)
        absn.append(lvl)
    numbering.insert(0, absn)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "77")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "77")
    num.append(ref)
    ov = OxmlElement("w:lvlOverride")
    ov.set(qn("w:ilvl"), "q")
    so = OxmlElement("w:startOverride")
    so.set(qn("w:val"), "r")
    ov.append(so)
    num.append(ov)
    numbering.append(num)
    for ilvl in ("x", "12", "-3", "0"):
        p = doc.add_paragraph(f"项目概况（级别 {ilvl}）")
        ppr = p._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        il = OxmlElement("w:ilvl")
        il.set(qn("w:val"), ilvl)
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), "77")
        numpr.append(il)
        numpr.append(nid)
        ppr.append(numpr)
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), "x" if ilvl == "x" else "0")
        ppr.append(ol)
    doc.save(str(path))
    return path


def test_docx_with_non_numeric_numbering_levels_is_read(tmp_path):
    path = _with_bad_numbering_levels(tmp_path / "bad_levels.docx")
    document = read_document(path)
    assert any("项目概况（级别 x）" in b.text for b in document.blocks)
    assert any("项目概况（级别 0）" in b.text for b in document.blocks)
    proc = _yushen("outline", path)
    assert proc.returncode == 0, proc.stderr


def test_unknown_pack_is_a_coded_error():
    _one_coded_line(_yushen("rules", "list", "--pack", "foo"), "unknown_ruleset")
    _one_coded_line(_yushen("rules", "verify", "--pack", "foo"), "unknown_ruleset")


def test_missing_inventory_path_is_a_coded_error(tmp_path):
    title, items = complete("nmg")
    doc = build_docx(tmp_path / "p.docx", items, title_page=title)
    _one_coded_line(_yushen("check", doc, "--inventory", tmp_path / "nope.xlsx"), "file_not_found")
    _one_coded_line(_yushen("scan", tmp_path, "--out", tmp_path / "r.db", "--inventory", tmp_path / "nope.db"),
                    "file_not_found")
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize("content", [
    "- rule: nmg.art27.free_maintenance_period\n  reason: 同意\n",  # a bare list, not {waivers: [...]}
    "- nmg.art27.free_maintenance_period\n",
    "waivers: [unclosed\n",
    "just a sentence\n",
])
def test_malformed_waivers_are_a_coded_error(tmp_path, content):
    title, items = complete("nmg")
    doc = build_docx(tmp_path / "p.docx", items, title_page=title)
    waivers = tmp_path / "w.yaml"
    waivers.write_text(content, encoding="utf-8")
    _one_coded_line(_yushen("check", doc, "--waivers", waivers), "bad_waivers")


def test_dask_scheduler_that_is_not_there_is_a_coded_error(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("一、项目概况\n内容\n", encoding="utf-8")
    proc = _yushen("scan", tmp_path, "--out", tmp_path / "r.db", "--cluster", "tcp://127.0.0.1:9",
                   "--no-progress", env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    _one_coded_line(proc, "cluster_unreachable")


def test_an_unexpected_exception_is_internal_error_exit_2(tmp_path):
    """A bug anywhere in a command (simulated by breaking the reader) is one coded line, not a traceback."""
    script = textwrap.dedent("""
        import sys
        import yushen.extract as ex
        def boom(*a, **k):
            raise RuntimeError("simulated bug")
        ex.read_document = boom
        from yushen.cli import main
        sys.argv = ["yushen", *sys.argv[1:]]
        main()
    """)
    target = tmp_path / "a.txt"
    target.write_text("一、项目概况\n内容\n", encoding="utf-8")
    cmd = [sys.executable, "-c", script, "outline", str(target)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    _one_coded_line(proc, "internal_error")
    assert "simulated bug" in proc.stderr
    debug = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "YUSHEN_DEBUG": "1"})
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_check_records_an_internal_error_and_goes_on(tmp_path, monkeypatch):
    """In a batch, one file hitting a bug is a contract error record (internal_error), the others are reviewed."""
    from typer.testing import CliRunner

    import yushen.pipeline as pipeline
    from yushen.cli import app

    title, items = complete("nmg")
    good = build_docx(tmp_path / "good.docx", items, title_page=title)
    bad = tmp_path / "bad.txt"
    bad.write_text("一、项目概况\n内容\n", encoding="utf-8")
    real = pipeline.review_file

    def flaky(file, *a, **k):
        if str(file).endswith("bad.txt"):
            raise ZeroDivisionError("simulated bug")
        return real(file, *a, **k)

    monkeypatch.setattr(pipeline, "review_file", flaky)
    result = CliRunner().invoke(app, ["check", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 2
    import json

    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_path = {r["document"]["path"]: r for r in records}
    assert by_path[str(bad)]["error"]["code"] == "internal_error"
    assert by_path[str(good)]["status"] == "ok"
