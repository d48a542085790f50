"""What a pool worker loads before its first file (``scan.worker.start_worker``), issue 17: the model, a rule pack
and the gazetteer, warmed by reviewing the bundled sample as plain text, with its patterns compiled through the
user cache's memo; and nothing an archive of text PDFs never uses (python-docx, the OCR module), not even after
its first PDF. Structural, not timed: modules and caches are listed in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.builders import build_pdf

PROBE = """
import json, sys
import re._compiler as compiler
from yushen.scan import worker
from yushen.analyze.regions import load_gazetteer
from yushen.rules import registry
worker.start_worker(None)
warm = {"docx": "docx" in sys.modules, "ocr": "yushen.extract.ocr" in sys.modules,
        "memo": type(getattr(compiler.compile, "__self__", None)).__name__,
        "model": worker._model.cache_info().currsize, "packs": len(registry.default()._loaded),
        "gazetteer": load_gazetteer.cache_info().currsize}
result = worker.review_task({"path": "a.pdf", "fs_path": sys.argv[1], "data": None, "sha256": None,
                            "rules": "auto", "inventory": None, "split_ocr": True})
after = {"docx": "docx" in sys.modules, "ocr": "yushen.extract.ocr" in sys.modules}
print(json.dumps({"warm": warm, "after": after, "status": result["status"], "pages": result["pages"],
                  "report": json.loads(result["report"])}))
"""


def _probe(pdf: Path, cache: Path, **env) -> dict:
    environ = {**{k: v for k, v in os.environ.items() if k != "YUSHEN_NO_REGEX_MEMO"}, "YUSHEN_CACHE": str(cache),
               **env}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(pdf)], capture_output=True, text=True, timeout=300,
                          env=environ)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _proposal(tmp_path: Path) -> Path:
    return build_pdf(tmp_path / "a.pdf", [
        (1, "第一章 项目概述"), "本项目由某市大数据中心建设，项目总投资 300 万元，资金来源为市本级财政。",
        (1, "第二章 建设内容"), "建设数据共享交换平台，部署于政务云，按照网络安全等级保护第三级要求建设。",
        (1, "第三章 投资估算"), "项目总投资 300 万元，其中软件开发 200 万元、硬件购置 100 万元。",
    ])


def test_pool_worker_warms_up_without_readers_a_pdf_archive_never_uses(tmp_path):
    got = _probe(_proposal(tmp_path), tmp_path / "cache")
    warm = got["warm"]
    assert warm["model"] == 1 and warm["packs"] >= 1 and warm["gazetteer"] == 1, warm  # the sample was reviewed
    assert warm["memo"] == "RegexMemo", warm
    assert not warm["docx"] and not warm["ocr"], warm
    assert got["status"] == "ok" and got["pages"] >= 1
    assert not got["after"]["docx"] and not got["after"]["ocr"], got["after"]  # a text PDF needs no OCR module


def test_worker_report_is_the_same_with_and_without_the_pattern_memo(tmp_path):
    pdf = _proposal(tmp_path)
    cache = tmp_path / "cache"
    subprocess.run([sys.executable, "-m", "yushen", "check", str(pdf), "--format", "json"], capture_output=True,
                   env={**os.environ, "YUSHEN_CACHE": str(cache)}, timeout=300)  # fills the memo, as a CLI run does
    with_memo = _probe(pdf, cache)
    plain = _probe(pdf, cache, YUSHEN_NO_REGEX_MEMO="1")
    assert with_memo["warm"]["memo"] == "RegexMemo" and plain["warm"]["memo"] != "RegexMemo"
    assert with_memo["report"] == plain["report"]
    assert [s["title"] for s in plain["report"]["sections"]][:3] == ["第一章 项目概述", "第二章 建设内容",
                                                                      "第三章 投资估算"]


def test_bundled_text_sample_is_the_docx_sample_as_plain_text():
    """The warm-up's sample is the README's sample in another form: the same review (corpus/tools/make_samples.py
    writes both)."""
    from yushen.analyze.model_store import load_model
    from yushen.pipeline import review_file

    samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    model = load_model()
    docx_report, txt_report = (review_file(next(samples.glob(f"*.{ext}")), model).to_json() for ext in ("docx", "txt"))
    assert [(s["title"], s["label"]) for s in txt_report["sections"]] == \
        [(s["title"], s["label"]) for s in docx_report["sections"]]
    assert [(f["rule"], f["status"]) for f in txt_report["findings"]] == \
        [(f["rule"], f["status"]) for f in docx_report["findings"]]
    assert sum(f["status"] == "fail" for f in txt_report["findings"]) == 2  # the sample's two planted failures
