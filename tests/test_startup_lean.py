"""A plain `yushen check` of a text file imports no array, segmentation or learning library, and nothing that only
the inventory/duplicates path needs (issue 17: start-up cost). Structural, not timed: the modules are listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# numpy (~25 % of a small check's process), jieba (its HMM tables), scikit-learn/scipy (training only), and the
# modules of the inventory and duplicate-plan checks, which a check without --inventory never runs
NOT_ON_A_PLAIN_CHECK = ("numpy", "jieba", "sklearn", "scipy", "yushen.analyze.dup_plans", "yushen.analyze.dup_text",
                        "yushen.analyze.duplicates", "yushen.analyze.inventory_dups", "yushen.inventory",
                        "rapidfuzz")

# (listed by an exit handler: a finished check ends its process without returning, cli._exit_now)
PROBE = ("import atexit, json, sys, runpy\n"
         "sys.argv = ['yushen', *json.loads(sys.argv[1])]\n"
         "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
         "runpy.run_module('yushen', run_name='__main__')\n")


def _modules(args: list[str], cwd) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert json.loads(proc.stdout)["sections"]  # a real report, with the document's sections classified
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def _offending(mods: set[str]) -> set[str]:
    return {m for m in mods for name in NOT_ON_A_PLAIN_CHECK if m == name or m.startswith(name + ".")}


@pytest.mark.parametrize("text", [
    "某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n",
    "某县政务云扩容项目建议书\n一、项目概况\n本项目由县数据局建设。\n二、建设内容\n扩容计算资源，部署等保三级防护，采用商用密码。\n"
    "三、投资估算\n总投资约120万元，资金来源为县本级财政。\n",
], ids=["one-chapter", "three-chapters"])
def test_a_plain_check_of_a_text_file_imports_no_heavy_library(tmp_path, text):
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    assert _offending(_modules(["check", str(doc), "--format", "json"], tmp_path)) == set()


def test_the_probe_sees_a_library_that_is_imported(tmp_path):
    """The same probe on a command that does train (scikit-learn, numpy): the listing is not empty by mistake."""
    env_cache = tmp_path / "cache"
    proc = subprocess.run([sys.executable, "-c", "import sys, json; import yushen.analyze.classify as c; "
                           "c.SectionClassifier().fit([{'heading': '总论', 'label': 'overview'}, "
                           "{'heading': '投资估算', 'label': 'investment'}]); print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, cwd=tmp_path, env={**__import__("os").environ,
                                                                             "YUSHEN_CACHE": str(env_cache)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {"numpy", "sklearn", "scipy"} <= _offending(set(json.loads(proc.stdout)))



def test_rule_packs_parsed_before_are_read_without_the_yaml_library(tmp_path):
    """The parsed packs come back from the memo (keyed by the YAML library's package file, not by importing it),
    so only a first run in a fresh cache imports yaml."""
    doc = tmp_path / "doc.txt"
    doc.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    env = {**os.environ, "YUSHEN_CACHE": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(["check", str(doc), "--format", "json"])],
                              capture_output=True, text=True, cwd=tmp_path, env=env)
        assert json.loads(proc.stdout)["sections"]
        runs.append(set(json.loads(proc.stderr.strip().splitlines()[-1])))
    assert "yaml" in runs[0]  # a fresh cache parses the packs
    assert "yaml" not in runs[1]


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_the_cli_runs_numpy_without_a_blas_thread_pool_unless_told_to(monkeypatch, given, expected):
    """OpenBLAS's thread pool costs ~0.08 s CPU at numpy's import and gains nothing on our small vectors
    (scan workers would oversubscribe the cores); a user's own setting wins."""
    from yushen import cli

    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    monkeypatch.setattr(sys, "argv", ["yushen", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert os.environ["OPENBLAS_NUM_THREADS"] == expected
