"""A 密码应用方案 submitted on its own is recognised and reviewed against the national guide's template."""

import json
import subprocess
import sys

import pytest

from yushen.analyze.crypto_plan import crypto_plan_line
from yushen.rules.regulations import REGULATION_DIR

GUIDE = REGULATION_DIR / "crypto-guide-政务信息系统密码应用与安全性评估工作指南.md"


class _L:
    def __init__(self, text):
        self.text = text


@pytest.mark.parametrize("front,found", [
    (["某市政务服务平台密码应用方案", "项目建设单位：某市大数据局"], True),
    (["某市电子证照系统密码应用改造方案（送审稿）"], True),
    (["某市智慧水务平台建设项目", "可行性研究报告", "（含密码应用方案）"], False),
    (["本项目将编制密码应用方案。"], False),
    (["附件：密码应用方案"], False),
])
def test_title_page_naming_a_crypto_plan_is_the_document_type(front, found):
    assert (crypto_plan_line([_L(t) for t in front], []) is not None) == found


def guide_example(tmp_path):
    """Appendix 3 of the guide (its example 密码应用方案), its heading made the document's title line."""
    text = GUIDE.read_text(encoding="utf-8")
    appendix = text[text.index("## 附录 3 "):]
    heading, body = appendix.split("\n", 1)
    path = tmp_path / "电子公文处理系统密码应用方案.md"
    path.write_text(heading.removeprefix("## 附录 3 ").removesuffix("示例") + "\n\n" + body, encoding="utf-8")
    return path


def test_guide_example_reports_only_the_empty_implementation_chapter(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yushen", "check", str(guide_example(tmp_path)), "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["document"]["doc_type"] == "crypto_plan"
    assert report["ruleset"] == "crypto"
    bad = [(f["rule"], f["status"]) for f in report["findings"] if f["status"] in ("fail", "warn")]
    assert bad == [("crypto.ch7.implementation_section", "fail")]
    empty = next(f for f in report["findings"] if f["status"] == "fail")
    assert "实施保障方案" in empty["message"] and "为空" in empty["message"]
    assert report["regulation"]["articles"]["附录1 7 实施保障方案"].startswith("7 实施保障方案")
    passed = {f["rule"] for f in report["findings"] if f["status"] == "pass"}
    assert len(passed) == len(report["findings"]) - 1  # every other template chapter and the levels pass


def test_a_proposal_with_a_crypto_chapter_is_not_a_crypto_plan(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("某市智慧水务平台建设项目\n可行性研究报告\n# 第一章 项目概述\n项目总投资300万元。\n"
                    "# 第二章 密码应用方案\n采用SM2、SM3、SM4算法，开展密码应用安全性评估。\n", encoding="utf-8")
    report = json.loads(subprocess.run([sys.executable, "-m", "yushen", "check", str(path), "--format", "json"],
                                       capture_output=True, text=True).stdout)
    assert report["document"]["doc_type"] == "feasibility_study" and report["ruleset"] != "crypto"
