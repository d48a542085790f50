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


def _docx_plan(tmp_path, *, key_management=True, crypto_level="三"):
    """A 密码应用方案 by another hand: 第X章 numbering, a DOCX title page, the layers under 密码应用设计方案."""
    from .builders import build_docx

    items = [(1, "第一章 项目背景"), "为落实《密码法》要求，市数据局对政务服务平台开展密码应用改造，项目实施十分必要。",
             (1, "第二章 系统概况"), "平台部署于市政务云，已按网络安全等级保护第三级完成定级备案，服务全市办事群众。",
             (1, "第三章 密码应用需求分析"),
             f"对照GB/T 39786-2021第{crypto_level}级要求，平台在身份鉴别、重要数据传输和存储保护方面存在需求。",
             (1, "第四章 设计目标与原则"), "按照合规、正确、有效的目标设计密码保障体系，遵循总体性和经济性原则。",
             (1, "第五章 密码应用设计方案"),
             (2, "一、物理与环境安全"), "机房门禁采用SM4算法对进入人员进行身份鉴别，门禁记录采用SM3保护完整性。",
             (2, "二、网络与通信安全"), "部署IPSec VPN和SSL VPN网关，通信数据采用SM4加密传输。",
             (2, "三、设备与计算安全"), "运维人员通过智能密码钥匙登录堡垒机，设备日志由服务器密码机保护完整性。",
             (2, "四、应用与数据安全"), "业务用户采用数字证书登录，身份证号等重要数据采用SM4加密存储。"]
    if key_management:
        items += [(2, "五、密钥管理"), "密钥由密钥管理系统统一生成、存储、分发、更新、归档和销毁。"]
    items += [(2, "六、合规性分析"), "逐项对照标准要求开展自评，适用项均采取了相应密码措施。",
              (1, "第六章 安全管理措施"), "建立密码管理制度，明确密钥管理员和审计员岗位，制定应急预案。",
              (1, "第七章 实施保障"), "项目实施周期4个月，由市数据局统一组织，分阶段完成采购、部署和密评。",
              "经费概算：密码产品和密评服务共计86万元。"]
    title = ["市政务服务平台密码应用方案", "项目建设单位：某市数据局", "2024年6月"]
    return build_docx(tmp_path / "plan.docx", items, title_page=title)


def test_a_differently_worded_docx_plan_passes_and_its_gaps_are_found(tmp_path):
    from yushen.analyze.model_store import load_model
    from yushen.pipeline import review_file

    model = load_model()
    report = review_file(_docx_plan(tmp_path), model)
    assert report.ruleset == "crypto"
    assert [(f.rule, f.status) for f in report.findings if f.status != "pass"] == []
    report = review_file(_docx_plan(tmp_path, key_management=False, crypto_level="二"), model)
    assert sorted(f.rule for f in report.findings if f.status != "pass") == [
        "crypto.ch3.levels_consistent", "crypto.ch5.key_management_section"]
