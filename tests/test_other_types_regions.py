"""Red-team round 5: complete documents of the other types (初步设计, 运维方案, 实施方案, 项目建议书) and regions,
written the way other authors write them, must come out without a false blocker or major finding. Each test is
one failure class; every fixture is built here, in wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.facts import extract_facts
from yushen.analyze.model_store import load_model
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import complete, replace_chapter


@pytest.fixture(scope="module")
def model():
    return load_model()


def _facts(tmp_path, items, title_page):
    return extract_facts(segment_headings(read_document(build_docx(tmp_path / "f.docx", items,
                                                                   title_page=title_page))))


def _status(report, rule):
    return next(f.status for f in report.findings if f.rule == rule)


# --- an O&M plan reviewed under the fallback (national) pack ------------------------------------------------

_OPS_COVER = ["青川市不动产登记信息系统2026年度运行维护项目", "运维方案", "项目单位：青川市自然资源局"]
_OPS = [
    (1, "第一章 项目概况"),
    "项目名称：青川市不动产登记信息系统2026年度运行维护项目。项目单位：青川市自然资源局。"
    "系统于2020年建成，免费运维期已结束，本年度运维费用92.00万元。",
    (1, "第二章 运维对象"),
    "不动产登记业务子系统、电子证照子系统和部署于政务云的云主机32台。",
    (1, "第三章 运维服务内容"),
    "日常巡检、故障处理、数据备份恢复，按日向市数据共享交换平台推送登记结果。",
    (1, "第四章 安全运维"),
    "系统为等级保护第三级系统，运维期内完成年度等级测评，落实漏洞扫描、入侵检测和安全审计。",
    (1, "第五章 运维团队与考核"),
    "驻场运维人员4人，可用率不低于99.9%，按季度考核。",
]


def test_an_operations_plan_under_the_fallback_pack_is_not_asked_for_the_construction_chapters(tmp_path, model):
    # 安全可靠 products are stated when a project is approved (报批阶段) and 密码 is planned with what is built;
    # the running system's upkeep plan has neither chapter, like the local packs already allow.
    report = review_file(build_docx(tmp_path / "ops.docx", _OPS, title_page=_OPS_COVER), model)
    assert report.ruleset == "national" and report.document["doc_type"] == "operations_plan"
    assert _status(report, "national.art16.secure_reliable_section") == "not_applicable"
    assert _status(report, "national.art15.crypto_section") == "not_applicable"
    assert _status(report, "national.art19.supervision_planned") == "not_applicable"
    # what an O&M plan must still have is still asked for
    assert _status(report, "national.art14.network_security_section") == "pass"
    broken = replace_chapter(_OPS, "安全运维", None)
    report = review_file(build_docx(tmp_path / "ops2.docx", broken, title_page=_OPS_COVER), model)
    assert _status(report, "national.art14.network_security_section") == "fail"


# --- the project class stated in a 项目… sentence of a 公文-like plan ------------------------------------------

_PLAN_COVER = ["某区智慧养老服务平台建设项目实施方案", "某区民政局"]


@pytest.mark.parametrize("sentence,want", [
    ("项目总投资86.50万元，资金来源为区级财政资金，采取购买服务方式实施。", "service_purchase"),
    ("项目总投资86.50万元，通过政府购买服务方式实施。", "service_purchase"),
    ("项目总投资86.50万元。实施方式为政府购买服务。", "service_purchase"),
    # a clause about the later upkeep is no statement of this project's class
    ("项目总投资86.50万元，项目建成后运维通过政府购买服务方式另行申报。", "construction"),
])
def test_project_class_stated_of_the_project_without_ben(tmp_path, sentence, want):
    items = [(1, "一、项目基本情况"), "项目名称：某区智慧养老服务平台建设项目。项目建设单位：某区民政局。" + sentence,
             (1, "二、建设内容"), "建设养老机构监管和居家养老服务两个子系统，部署于市政务云。"]
    assert _facts(tmp_path, items, _PLAN_COVER).project_class.value == want


# --- the free O&M period told in the clause after its cue ---------------------------------------------------

@pytest.mark.parametrize("sentence,months", [
    ("免费运维期自项目终验合格之日起计算，为期一年。", 12),
    ("免费运维服务自竣工验收合格之日起提供，期限为两年。", 24),
    ("免费运维期自竣工验收合格之日起计算，期满后纳入部门预算。", None),  # no length said
])
def test_free_maintenance_length_in_the_clause_that_goes_on(tmp_path, sentence, months):
    items = [(1, "第一章 项目概述"), "本项目总投资420万元，属于建设类项目。",
             (1, "第二章 运行维护"), sentence]
    facts = _facts(tmp_path, items, ["某市智慧水务平台建设项目", "可行性研究报告"])
    assert facts.free_maintenance_months.value == months


# --- a 初步设计 quotes the approved 可研 figure before its own 概算 -------------------------------------------

def test_the_figure_an_earlier_stage_approval_fixed_is_not_the_total(tmp_path):
    approval = "市发展改革委于2025年11月批复本项目可行性研究报告，核定总投资486万元。"
    own = "本项目初步设计概算总投资472.30万元，全部为市级财政资金。"
    items = [(1, "第一章 项目概况"), (2, "1.1 可研批复情况"), approval, (2, "1.2 概算总额"), own,
             (1, "第二章 建设内容"), "建设监测预警子系统和指挥调度子系统。"]
    cover = ["某市应急指挥平台建设项目", "初步设计方案"]
    assert _facts(tmp_path, items, cover).investment_wan.value == 472.3
    # the document's own figure in a sentence that names the approval it builds on
    builds_on = [(1, "第一章 项目概况"), "本项目可行性研究报告已获市发展改革委批复，批复总投资486万元。"
                 "本初步设计在可研批复基础上细化，项目投资概算为472.30万元。", items[-2], items[-1]]
    assert _facts(tmp_path, builds_on, cover).investment_wan.value == 472.3
    # the approved figure alone is still the document's figure
    alone = [it for it in items if it != own and it != (2, "1.2 概算总额")]
    assert _facts(tmp_path, alone, cover).investment_wan.value == 486


# --- a mandatory topic as a sub-section with a short body in the author's words ------------------------------

def _energy_as_subsection(body: str):
    title, items = complete("dalad")
    items = replace_chapter(items, "节能", None)
    at = next(i for i, it in enumerate(items) if isinstance(it, tuple) and "建设内容" in it[1]) + 2
    items[at:at] = [(2, "3.1 节能措施"), body]
    return title, items


def test_a_topic_subsection_with_a_short_body_in_the_authors_words_is_the_topic(tmp_path, model):
    title, items = _energy_as_subsection("本项目不新建机房，选用低功耗设备，服务器全部部署于政务云。")
    report = review_file(build_docx(tmp_path / "en.docx", items, title_page=title), model)
    assert _status(report, "dalad.art13.energy_section") == "pass"
    # a body that says nothing of the topic is still no 节能 section
    title, items = _energy_as_subsection("本项目服务器全部部署于政务云，由云平台统一管理。")
    report = review_file(build_docx(tmp_path / "en2.docx", items, title_page=title), model)
    assert _status(report, "dalad.art13.energy_section") == "fail"


# --- an O&M plan's budget in the words of upkeep ---------------------------------------------------------------

_OPS_PLAN_COVER = ["某市公积金管理系统2026年度运行维护项目", "运维方案", "项目单位：某市住房公积金管理中心"]


@pytest.mark.parametrize("sentence,want", [
    ("本年度运维经费92.00万元，资金来源为市级财政资金。", 92.0),
    ("申请运维资金92.00万元。", 92.0),
    ("运维服务费92.00万元，按季度支付。", 92.0),
    # last year's fee quoted beside this year's
    ("2025年运维经费80.00万元，2026年运维经费92.00万元。", 92.0),
    ("上年度运维经费80.00万元。", None),
    # a part named before the sum
    ("应用运维经费56.00万元，数据库运维经费36.00万元，运维经费合计92.00万元。", 92.0),
    ("运维经费92.00万元，其中应用运维经费56.00万元。", 92.0),
])
def test_an_operations_plan_budget_in_the_words_of_upkeep_is_its_total(tmp_path, sentence, want):
    items = [(1, "一、项目概况"), "系统于2019年建成，免费运维期已结束。" + sentence,
             (1, "二、运维内容"), "日常巡检、故障处理和数据备份。"]
    assert _facts(tmp_path, items, _OPS_PLAN_COVER).investment_wan.value == want


def test_the_upkeep_fee_of_a_system_to_build_is_not_a_proposals_total(tmp_path):
    items = [(1, "第一章 项目概述"), "项目建成后每年运维经费约30万元，纳入部门预算。",
             (1, "第二章 投资估算"), "投资估算为420万元，资金来源为市级财政资金。"]
    assert _facts(tmp_path, items, ["某市智慧水务平台建设项目", "可行性研究报告"]).investment_wan.value == 420


# --- an O&M plan keeps the catalogue up; it does not describe it again ------------------------------------------

@pytest.mark.parametrize("place,owner,rule", [
    ("大同市", "大同市医疗保障局", "datong.art10.catalogue_attributes"),
    ("菏泽市牡丹区", "菏泽市牡丹区医疗保障局", "mudan.art6.sharing_attributes"),
])
def test_an_operations_plan_is_not_asked_for_the_catalogue_attributes(tmp_path, model, place, owner, rule):
    cover = [f"{place}医保经办系统2026年度运行维护项目", "运维方案", f"项目单位：{owner}"]
    items = [(1, "一、项目概况"), f"项目单位：{owner}。运维费用68.00万元，运维期一年。",
             (1, "二、运维服务内容"), (2, "（一）系统维护"), "日常巡检、故障处理和版本升级。",
             (2, "（二）数据共享维护"), "维护与市数据共享交换平台的接口，按日推送经办数据，保证已编制的数据资源目录及时更新。",
             (1, "三、安全运维"), "系统为等级保护第二级系统，开展年度等级测评、漏洞扫描和入侵检测。"]
    report = review_file(build_docx(tmp_path / "ops.docx", items, title_page=cover), model)
    assert report.document["doc_type"] == "operations_plan" and report.ruleset == rule.split(".")[0]
    assert _status(report, rule) == "not_applicable"
    assert _status(report, rule.rsplit(".", 1)[0] + ".data_sharing_section") == "pass"  # the section still asked


# --- 密码 written as a paragraph of a flat 安全保障 chapter -------------------------------------------------------

def _flat_security(crypto_sentence: str):
    title, items = complete("mudan")
    items = replace_chapter(items, "密码", None)
    return title, replace_chapter(items, "网络安全", [
        (1, "第五章 安全保障措施"),
        "系统按照网络安全等级保护第三级定级备案，部署防火墙、入侵防御和日志审计。" + crypto_sentence])


def test_crypto_treated_in_a_paragraph_of_a_flat_security_chapter_is_the_topic(tmp_path, model):
    title, items = _flat_security("落实国家密码管理要求，采用商用密码进行身份鉴别和敏感数据加密存储，上线前开展密码应用安全性评估。")
    report = review_file(build_docx(tmp_path / "flat.docx", items, title_page=title), model)
    assert _status(report, "mudan.art35.crypto_section") == "pass"
    # named in passing it is still missing
    title, items = _flat_security("敏感数据采用国密算法加密。")
    report = review_file(build_docx(tmp_path / "flat2.docx", items, title_page=title), model)
    assert _status(report, "mudan.art35.crypto_section") == "fail"


# --- a plain-text 概算 table typed with aligned columns ----------------------------------------------------------

def test_a_space_aligned_table_row_in_plain_text_is_no_heading(tmp_path):
    text = "\n".join([
        "某市应急指挥平台建设项目", "初步设计方案", "",
        "第一章 项目概况", "\u3000\u3000本项目建设应急指挥综合平台，概算总投资468.20万元，资金来源为市级财政资金。",
        "第二章 投资概算", "\u3000\u3000概算汇总如下表，单位为万元。",
        "序号  费用名称  金额  备注",
        "一  工程费用  418.00  含软件开发和设备购置",
        "二  工程建设其他费用  50.20  含监理、测评、密评",
        "第三章 密码应用", "\u3000\u3000按照同步规划、同步建设、同步运行的要求建设密码保障系统，采用SM2、SM4算法。",
    ]) + "\n"
    path = tmp_path / "cbsj.txt"
    path.write_text(text, encoding="utf-8")
    titles = [s.title for s in segment_headings(read_document(path)).sections()]
    assert titles == ["第一章 项目概况", "第二章 投资概算", "第三章 密码应用"]


@pytest.mark.parametrize("body,want", [
    ("委托具备资质的测评机构每年开展一次等级保护测评。", "pass"),
    ("按合同约定由服务单位提供，费用按次结算。", "fail"),  # the heading alone is not the topic
])
def test_an_operations_plans_security_as_a_short_service_item(tmp_path, model, body, want):
    cover = ["内蒙古自治区社会救助信息系统2026年度运行维护项目", "运维方案", "项目单位：内蒙古自治区民政厅"]
    items = [(1, "第一章 项目概况"), "项目单位：内蒙古自治区民政厅。运维费用96.00万元，属于运维服务类项目。",
             (1, "第二章 运维服务内容"), (2, "一、日常运行监控"), "7×24小时监控系统运行状态，按日巡检。",
             (2, "二、应用系统维护"), "开展缺陷修复和性能调优。", (2, "三、等保测评服务"), body,
             (1, "第三章 运维团队与考核"), "运维人员6人，可用率不低于99.9%。"]
    report = review_file(build_docx(tmp_path / "ops.docx", items, title_page=cover), model)
    assert report.ruleset == "nmg"
    assert _status(report, "nmg.art17.network_security_section") == want
