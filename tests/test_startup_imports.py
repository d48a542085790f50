"""`yushen check` of a small file imports only what a check uses: no training (scikit-learn), no OCR runtime, no
cluster client, and not typer's rich help module unless help or an error is shown."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["sklearn", "onnxruntime", "rapidocr", "rapidocr_onnxruntime", "dask", "distributed", "typer.rich_utils",
         "cn2an", "fastapi"]


def _modules_after(args: list[str], tmp_path) -> tuple[int, set[str]]:
    # (listed by an exit handler: a finished check ends its process without returning, cli._exit_now)
    probe = ("import atexit, json, sys, runpy\n"
             "sys.argv = ['yushen', *json.loads(sys.argv[1])]\n"
             "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
             "runpy.run_module('yushen', run_name='__main__')\n")
    proc = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True,
                          cwd=tmp_path)
    return proc.returncode, set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_check_of_a_tiny_file_imports_no_heavy_module(tmp_path):
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    code, mods = _modules_after(["check", str(tiny), "--format", "json"], tmp_path)
    assert code in (0, 1)
    assert not {m for m in mods if m.split(".")[0] in HEAVY or m in HEAVY}


def test_help_still_lists_the_packs_in_chinese(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yushen", "check", "--help"], capture_output=True, text=True,
                          env={**__import__("os").environ, "COLUMNS": "200"})
    assert proc.returncode == 0
    assert "ordos" in proc.stdout and "national" in proc.stdout and "选项" in proc.stdout


def test_corpus_hash_is_remembered_until_a_file_changes(tmp_path, monkeypatch):
    import os

    from yushen.analyze import model_store

    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    train = tmp_path / "train.jsonl"
    train.write_text('{"heading": "第一章 总论", "label": "overview"}\n', encoding="utf-8")
    calls = []
    real = model_store.corpus_hash
    monkeypatch.setattr(model_store, "corpus_hash", lambda paths: calls.append(paths) or real(paths))
    first = model_store._corpus_hash_cached([train])
    assert first == real([train]) and model_store._corpus_hash_cached([train]) == first and len(calls) == 1
    train.write_text('{"heading": "第一章 概述", "label": "overview"}\n', encoding="utf-8")
    os.utime(train, ns=(1, 1))  # same size, another time: read again
    changed = model_store._corpus_hash_cached([train])
    assert len(calls) == 2 and changed == real([train]) and changed != first


def test_check_converts_its_arguments_without_pydantic(tmp_path):
    """typer converts through pydantic adapters (~0.08 s to import and build); the CLI's lean coercion does not."""
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n项目总投资300万元。\n", encoding="utf-8")
    code, mods = _modules_after(["check", str(tiny), "--format", "json", "--fail-on", "minor", "--max-memory-mb",
                                 "2048", "--rules", "auto", "-v"], tmp_path)
    assert code in (0, 1)
    assert "pydantic" not in mods


def _coerce_both(param, value, ctx):
    """(lean result, typer's own result), each a value or ('error', message)."""
    from typer import _coercion

    out = []
    for runtime in (param.get_runtime_param(), _coercion.build_runtime_param(param.type_descriptor)):
        try:
            out.append(runtime.coerce(value, param=param, ctx=ctx))
        except Exception as err:  # noqa: BLE001 - compared, not swallowed
            out.append(("error", type(err).__name__, str(err)))
    return out


def test_lean_coercion_gives_typers_values_and_errors(tmp_path):
    """Every parameter of every command, fed good and bad values: the same value or the same error as typer's
    own pydantic-based coercion."""
    import typer

    from yushen.cli import app

    existing = tmp_path / "a.txt"
    existing.write_text("x", encoding="utf-8")
    samples = ["text", "json", "docx", "JSON", "major", "nope", "12", "-3", "007", "1_000", "4.5", "", "abc",
               str(existing), str(tmp_path), str(tmp_path / "missing.pdf"), "~/x", True, False, 5]
    root = typer.main.get_command(app)
    seen = 0

    def walk(command, ctx):
        nonlocal seen
        for param in command.params:
            if not hasattr(param, "get_runtime_param"):
                continue
            for value in samples:
                if param.multiple or param.nargs == -1:
                    value = [value] if not isinstance(value, bool) else (value,)
                lean, own = _coerce_both(param, value, ctx)
                assert lean == own, (command.name, param.name, value)
                seen += 1
        for sub in getattr(command, "commands", {}).values():
            walk(sub, ctx)

    with root.make_context("yushen", ["--help"], resilient_parsing=True) as ctx:
        walk(root, ctx)
    assert seen > 500
