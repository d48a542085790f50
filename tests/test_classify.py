"""Classification on documents whose headings appear nowhere in the training corpus."""

import json
import subprocess
import sys

import pytest

from yushen.analyze.classify import LABELS, MODEL_SUFFIX, classify_tree
from yushen.analyze.model_store import TRAIN_FILE, load_model, read_jsonl
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_taxonomy_ids_are_the_contract_ids():
    from pathlib import Path

    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "section-taxonomy.md"
    if not spec.exists():
        pytest.skip("shared/ not beside the checkout")
    import re

    ids = re.findall(r"^\| `(\w+)` \|", spec.read_text(encoding="utf-8"), re.M)
    assert tuple(ids) == LABELS


def test_unseen_headings_in_a_built_document(tmp_path, model):
    train_headings = {r["heading"] for r in read_jsonl(TRAIN_FILE)}
    items = [
        (1, "一、工程由来与目标"), "本工程由市水务局建设，总投资四百二十万元，建设期一年。",
        (1, "二、数据怎么共享"), "梳理形成数据目录二十项，明确数据来源、格式、更新频率，经共享交换平台向住建、应急部门共享。",
        (1, "三、网络安全防线"), "系统按等级保护第三级建设，部署防火墙和日志审计。",
        (2, "（一）商用密码改造"), "采用SM2、SM4算法，同步规划、同步建设、同步运行，上线前开展密评。",
        (1, "四、软硬件信创情况"), "服务器和数据库全部采用国产产品，完成适配测试。",
        (1, "五、上线后谁来维护"), "承建单位提供一年免费运维，之后由信息中心负责日常维护。",
        (1, "六、钱从哪里来"), "项目资金由市本级财政预算安排，投资明细见下表。",
    ]
    for it in items:
        if isinstance(it, tuple):
            assert not any(it[1][2:] in h for h in train_headings), it
    tree = classify_tree(segment_headings(read_document(build_docx(tmp_path / "x.docx", items))), model)
    got = [(s.title, s.label) for s in tree.sections()]
    assert [label for _, label in got] == ["overview", "data_sharing", "network_security", "crypto",
                                           "secure_reliable", "operations", "investment"]
    security = tree.sections()[2]
    assert "crypto" in security.labels_secondary  # its sub-section covers 密码
    assert all(0 < s.confidence <= 1 for s in tree.sections())


def test_heading_naming_two_topics_gets_a_secondary_label(tmp_path, model):
    items = [(1, "第八章 网络安全与密码应用"), "按等保三级建设，采用国产密码算法并开展密评。"]
    tree = classify_tree(segment_headings(read_document(build_docx(tmp_path / "y.docx", items))), model)
    sec = tree.sections()[0]
    assert {sec.label, *sec.labels_secondary} >= {"network_security", "crypto"}


def test_predict_does_not_import_scikit_learn(model):
    code = ("import sys; from yushen.analyze.model_store import load_model; m = load_model(); "
            "m.predict_one('第九章 密码应用方案', '同步规划同步建设'); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_training_is_deterministic_and_cached_by_corpus_hash(tmp_path, monkeypatch):
    from yushen.analyze import model_store

    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "c1"))
    a, digest_a, path_a = model_store.train_model()
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "c2"))
    b, digest_b, _ = model_store.train_model()
    assert digest_a == digest_b and path_a.name == f"sections-{digest_a}{MODEL_SUFFIX}"
    import numpy as np

    assert np.allclose(a.coef_, b.coef_)
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps({"heading": "城市生命线专章", "body": "燃气、供水管网监测。", "label": "construction"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    c, digest_c, path_c = model_store.train_model([extra])
    assert digest_c != digest_b
    assert (path_c.parent / "active.json").exists()
    assert model_store.load_model().vocabulary_ == c.vocabulary_


def test_training_rejects_unknown_labels(tmp_path, monkeypatch):
    from yushen.analyze import model_store

    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"heading": "x", "label": "crypt"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="crypt"):
        model_store.train_model([bad])


def test_dev_split_macro_f1(model):
    from yushen.analyze.evaluate import evaluate_sections

    res = evaluate_sections(model, read_jsonl(TRAIN_FILE.parent / "dev.jsonl"))
    assert res["macro_f1"] >= 0.95


def _truth_ids() -> list[str]:
    from .conftest import DEVSET

    path = DEVSET / "truth.json"
    return [r["id"] for r in json.loads(path.read_text(encoding="utf-8"))["documents"]] if path.exists() else []


def _per_doc(reasons: dict[str, str]):
    return [pytest.param(i, id=i, marks=[pytest.mark.xfail(strict=True, reason=reasons[i])] if i in reasons else [])
            for i in _truth_ids()]


HEADING = "issue 11: heading detection"
# Trees that differ today because heading detection (branch segment) is not merged: extra cover/lead-in headings
# (dalad-03), table rows (datong-03), full-width numbering (mudan-04).
TREE_XFAIL: dict[str, str] = {}
FACTS_XFAIL: dict[str, str] = {}


@pytest.fixture(scope="module")
def devset_eval(model, devset_dir):
    from yushen.pipeline.evaluate import evaluate_documents

    res = evaluate_documents(model, devset_dir / "truth.json")
    return res, {r["id"]: r for r in res["per_document"]}


@pytest.mark.parametrize("doc", _per_doc(TREE_XFAIL))
def test_devset_tree(devset_eval, doc):
    assert devset_eval[1][doc]["tree_exact"]


@pytest.mark.parametrize("doc", _per_doc(FACTS_XFAIL))
def test_devset_facts(devset_eval, doc):
    assert devset_eval[1][doc]["fact_misses"] == []


@pytest.mark.parametrize("batch", ["first_batch", "second_batch"])
def test_devset_labels_of_found_headings(devset_eval, batch):
    """Label accuracy over the headings the tree finds, per batch (the 14 first documents, the 8 by another
    author): ≥ 0.95 each, whatever heading detection misses."""
    res, docs = devset_eval
    assert res[batch]["documents"] == (14 if batch == "first_batch" else 8)
    assert res[batch]["label_accuracy_found"] >= 0.95, [d["wrong_labels"] for d in docs.values()]


@pytest.mark.parametrize("batch", ["first_batch", "second_batch"])
def test_devset_labels_of_all_headings(devset_eval, batch):
    """Label accuracy with a missed heading counted wrong (heading detection and labels together)."""
    assert devset_eval[0][batch]["label_accuracy"] >= 0.95


# --- labels read the body (issue 11): one regression test per failure class, fixtures written here ----------

def _classify(tmp_path, name, items, title_page=None, doc_type=None):
    from yushen.analyze.classify import body_supports  # noqa: F401  (the contract the rules call)

    path = build_docx(tmp_path / name, items, title_page=title_page)
    return classify_tree(segment_headings(read_document(path)), load_model(), doc_type=doc_type)


def _by_title(tree):
    return {s.title: s for s in tree.sections()}


def test_password_subsection_is_not_crypto(tmp_path):
    from yushen.analyze.classify import body_supports

    items = [
        (1, "第三章 需求分析"), "本章从业务、功能和安全三方面梳理使用单位的需求。",
        (2, "3.1 业务需求"), "窗口人员每天受理申请约三百件，需要在线填报、预审和电子归档。",
        (2, "3.2 用户账号与密码管理要求"),
        "用户登录密码长度不少于8位，须包含字母和数字；连续输错5次锁定账号30分钟；密码每90天提醒修改一次，"
        "管理员可为忘记密码的用户重置初始密码。",
        (1, "第七章 密码应用方案"),
        "按照同步规划、同步建设、同步运行的要求，采用SM2数字证书实现身份鉴别，SM4算法加密存储敏感字段，"
        "SM3算法保护日志完整性，系统上线前委托密评机构开展商用密码应用安全性评估。",
    ]
    secs = _by_title(_classify(tmp_path, "pw.docx", items))
    pw = secs["3.2 用户账号与密码管理要求"]
    assert pw.label != "crypto" and "crypto" not in pw.labels_secondary
    assert not body_supports(pw, "crypto")
    real = secs["第七章 密码应用方案"]
    assert real.label == "crypto" and body_supports(real, "crypto")


def test_field_safety_chapter_is_not_network_security(tmp_path):
    from yushen.analyze.classify import body_supports

    items = [
        (1, "第六章 建设内容"), "本期新建水位监测站12处，配套太阳能供电和无线传输设备。",
        (1, "第七章 施工安全保障措施"),
        "野外安装监测杆件时作业人员须佩戴安全帽和安全带，登高作业设专人监护；汛期暂停河道内施工，"
        "夏季午间避开高温时段作业，车辆进出工地限速行驶，临时用电由持证电工接线并设漏电保护。",
        (1, "第八章 安全保障措施"),
        "平台按网络安全等级保护第二级定级备案，边界部署防火墙和入侵防范设备，运维人员经堡垒机登录，"
        "每季度开展一次漏洞扫描，重要数据每日备份并异地保存。",
    ]
    secs = _by_title(_classify(tmp_path, "safety.docx", items))
    field_safety = secs["第七章 施工安全保障措施"]
    assert field_safety.label != "network_security" and "network_security" not in field_safety.labels_secondary
    assert not body_supports(field_safety, "network_security")
    cyber = secs["第八章 安全保障措施"]
    assert cyber.label == "network_security" and body_supports(cyber, "network_security")


OPS_PLAN_TITLE = ["某县视频会议系统", "2026年度运维方案"]
OPS_PLAN = [
    (1, "一、运维服务内容"),
    "对县乡两级视频会议终端、MCU和传输链路开展日常巡检，故障报修后2小时内响应，4小时内恢复。",
    (1, "二、运维安全要求"),
    "系统按等级保护第二级管理，运维人员通过堡垒机登录设备，每季度开展漏洞扫描并修补高危漏洞，"
    "会议录像加密存储并限定访问权限。",
    (1, "三、运维团队"),
    "由承担单位派驻工程师2名，设项目经理1名负责协调，县信息中心指定1名联络人，每年组织一次操作培训。",
    (1, "四、运维费用预算"),
    "年度运维经费合计24.60万元，其中人员费15.00万元，备品备件6.00万元，其他费用3.60万元，由县财政预算安排。",
    (1, "五、运维工作安排"),
    "1月完成交接和设备普查，3月前完成全部终端巡检，汛期前完成链路备份测试，12月进行年度总结和考核。",
]


@pytest.mark.parametrize("given", [None, "operations_plan"], ids=["title-page-hint", "doc-type-given"])
def test_operations_plan_chapters_take_their_own_topic(tmp_path, given):
    tree = _classify(tmp_path, "ops.docx", OPS_PLAN, title_page=OPS_PLAN_TITLE, doc_type=given)
    labels = [s.label for s in tree.sections()]
    assert labels == ["operations", "network_security", "organization", "investment", "schedule"]


def test_doc_type_hint_reads_the_title_page(tmp_path):
    from yushen.analyze.classify import doc_type_hint

    tree = segment_headings(read_document(build_docx(tmp_path / "o.docx", OPS_PLAN, title_page=OPS_PLAN_TITLE)))
    assert doc_type_hint(tree) == "operations_plan"
    fs = segment_headings(read_document(build_docx(tmp_path / "f.docx", OPS_PLAN[:2],
                                                   title_page=["某县视频会议系统升级项目", "可行性研究报告"])))
    assert doc_type_hint(fs) == "feasibility_study"


def test_system_word_does_not_pull_towards_integration(tmp_path):
    items = [
        (1, "第四章 系统总体设计"),
        "系统采用B/S架构，分为基础设施层、数据层、应用支撑层和应用层，部署在市政务云。",
        (1, "第五章 系统建设内容"),
        "新建案件登记、流转审批、统计分析三个子系统，配置扫描仪和高拍仪各20台。",
        (2, "5.1 系统运行环境"),
        "应用服务器4台、数据库服务器2台，操作系统和中间件版本见配置清单。",
        (2, "5.2 原有系统处置"),
        "原单机版登记软件停止使用，历史数据经清洗后导入新库，旧服务器交回资产管理部门。",
        (2, "5.3 平台管理端"),
        "管理端提供用户、角色、字典和日志管理，管理员可配置审批流程和表单模板。",
    ]
    tree = _classify(tmp_path, "sys.docx", items)
    assert all(s.label != "integration" for s in tree.sections()), [(s.title, s.label) for s in tree.sections()]


def test_regulation_chapters_are_not_proposal_sections(tmp_path):
    items = [(1, "第一章 总则"), "第一条 为规范本市政务信息化项目管理，制定本办法。", "第二条 本办法适用于市本级项目。",
             (1, "第二章 项目审批"), "第三条 项目单位应当编制可行性研究报告。", (1, "第三章 运维管理"),
             "第四条 项目建成后由项目单位负责运维。"]
    tree = _classify(tmp_path, "reg.docx", items, title_page=["某市政务信息化项目管理办法"])
    assert {s.label for s in tree.sections()} == {"other"}
    # facts say "other" also when a proposal names no type: that alone does not make its chapters `other`
    ops = _classify(tmp_path, "ops2.docx", OPS_PLAN, doc_type="other")
    assert "other" not in {s.label for s in ops.sections()}


def test_summary_chapter_subsections_keep_their_own_topic(tmp_path):
    items = [
        (1, "第一章 项目总述"),
        (2, "1.1 项目名称及承建单位"), "项目名称为某区河湖长制信息平台建设项目，由区水利局负责建设。",
        (2, "1.2 依据的主要文件"), "《中华人民共和国水法》；《某省河湖长制工作规定》；《政务信息系统整合共享实施方案》。",
        (2, "1.3 总投资与资金筹措"), "项目估算总投资186.40万元，全部由区级财政资金安排。",
        (1, "第二章 需求分析"), "河湖巡查记录靠纸质台账，问题处置流程无法跟踪。",
    ]
    labels = [s.label for s in _classify(tmp_path, "sum.docx", items).sections()]
    assert labels == ["overview", "overview", "basis", "investment", "requirements"]


def test_crypto_plan_layers_are_crypto_not_network_security(tmp_path):
    """A 密码应用方案 laid out as the national guide's template: its 物理和环境安全 / 网络和通信安全 / 应用和数据安全
    sub-sections are cryptography (their bodies say so), its 实施计划 and 经费概算 are schedule and investment."""
    items = [
        (1, "3 密码应用需求分析"), "依据GB/T 39786-2021第三级要求，逐层分析风险控制需求。",
        (1, "5 技术方案"),
        (2, "5.1 物理和环境安全"), "机房电子门禁采用SM4算法保护进出记录完整性，视频监控记录由SM3算法保护。",
        (2, "5.2 网络和通信安全"), "采用IPSec VPN建立安全通道，对通信数据进行机密性和完整性保护。",
        (2, "5.3 应用和数据安全"), "采用签名验签服务器保证重要操作不可否认，敏感数据采用SM4加密存储。",
        (1, "7 实施保障方案"),
        (2, "7.1 实施计划"), "2026年3月完成密码产品采购，6月完成部署，9月通过商用密码应用安全性评估。",
        (2, "7.2 经费概算"), "密码改造经费合计86.00万元，由市财政预算安排。",
    ]
    secs = _by_title(_classify(tmp_path, "cp.docx", items, title_page=["某市社会保险信息系统", "密码应用方案"]))
    for title in ("3 密码应用需求分析", "5.1 物理和环境安全", "5.2 网络和通信安全", "5.3 应用和数据安全"):
        assert secs[title].label == "crypto", title
    assert secs["7.1 实施计划"].label == "schedule" and secs["7.2 经费概算"].label == "investment"


def test_title_page_lines_taken_for_headings_are_other_and_give_no_context(tmp_path):
    md = tmp_path / "cover.md"
    md.write_text("# 可行性研究报告\n\n## 编制单位：某某工程咨询有限公司\n\n### 项目概述\n\n本项目由某县民政局建设，总投资120万元。\n\n"
                  "### 建设内容\n\n新建居民信息管理、事项办理和统计分析三个子系统，配置自助终端10台。\n",
                  encoding="utf-8")
    tree = classify_tree(segment_headings(read_document(md)), load_model())
    # the lone opening "#" is the document's title, not a heading (extract/text.py); "##" cover lines still are
    assert [(s.title, s.label) for s in tree.sections()] == [
        ("编制单位：某某工程咨询有限公司", "other"), ("项目概述", "overview"),
        ("建设内容", "construction")]


def test_the_shipped_model_is_the_one_for_the_shipped_corpus():
    # a fresh install must never train at its first check: the corpus hash covers features.py, the word list and
    # the training file, so any edit to them needs `yushen train` and the new npz shipped in corpus/model/
    from yushen.analyze.model_store import SHIPPED_MODEL_DIR, TRAIN_FILE, corpus_hash

    digest = corpus_hash([TRAIN_FILE])
    assert (SHIPPED_MODEL_DIR / f"sections-{digest}{MODEL_SUFFIX}").exists(), f"ship sections-{digest}{MODEL_SUFFIX}"
    assert len(list(SHIPPED_MODEL_DIR.glob(f"sections-*{MODEL_SUFFIX}"))) == 1


def test_models_saved_at_once_by_two_workers_both_land(tmp_path):
    # regression: scan workers training the same model renamed one shared temporary file (FileNotFoundError)
    import threading

    model = load_model()
    target = tmp_path / f"sections-x{MODEL_SUFFIX}"
    errors = []

    def save():
        try:
            for _ in range(5):
                model.save(target, "x")
        except Exception as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and target.exists() and not list(tmp_path.glob("*.tmp*"))
