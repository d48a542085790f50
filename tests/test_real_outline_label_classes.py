"""Section labels on real outlines, the classes left after round 8 (issue 11, labels9): an O&M plan's emergency
chapter, a 公文 plan's principles and closing 工作要求, principle headings, a 密码应用方案's bare template chapters, the
generic 项目方案 chapter, requirement items of older 可研s and one-line schedule chapters. Every fixture is built here,
in wordings of our own (none is a probe heading with its body)."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.pipeline import analyse

from .builders import build_docx


@pytest.fixture(scope="module")
def model():
    return load_model()


def _labels(tree):
    return {s.title: (s.label, s.labels_secondary) for s in tree.sections()}


def _analyse(tmp_path, model, items, title_page, name="doc.docx"):
    tree, _ = analyse(build_docx(tmp_path / name, items, title_page=title_page), model)
    return {t: lab for t, (lab, _) in _labels(tree).items()}


# An O&M plan whose service chapter has an emergency item, and a chapter of its own on emergencies.
_OPS = [
    (1, "一、运维服务内容"),
    (2, "（一）机房与网络运维"), "负责机房动力环境和政务外网链路的日常巡检，发现故障及时处理。",
    (2, "（二）应急保障"), "重大活动期间安排工程师驻场值守，备品备件提前到位。",
    (1, "二、运维团队"), "配备项目经理一名、驻场工程师三名，明确岗位职责。",
    (1, None), None,  # the emergency chapter (title and body per test)
    (2, "（一）响应分级"), "按影响范围将事件分为一般、较大和重大三级。",
    (2, "（二）处置流程"), "值班人员发现事件后立即报告，研判后组织处置，恢复后形成书面报告。",
    (1, "四、运维费用"), "年度运维费用七十二万元。",
]


@pytest.mark.parametrize("chapter", ["三、突发事件应急预案", "三、应急响应与处置", "三、突发事件处理"])
def test_an_operations_plans_emergency_chapter_is_its_risks(tmp_path, model, chapter):
    """Real 运维服务方案 close with an 应急预案 / 突发事件管理 chapter: how incidents are foreseen and handled, the plan's
    risks (was operations: the model reads 管理/服务 as upkeep in an O&M plan). Its items take its topic; 应急保障 among
    the services stays upkeep."""
    items = list(_OPS)
    items[6:8] = [(1, chapter), "针对机房断电、链路中断和数据库故障等情形制定处置措施，每半年组织一次演练。"]
    got = _analyse(tmp_path, model, items, ["某区电子政务外网", "2026年度运维服务方案"])
    assert got[chapter] == "risks"
    assert got["（一）响应分级"] == got["（二）处置流程"] == "risks"
    assert got["（二）应急保障"] == "operations"
    assert got["一、运维服务内容"] == "operations" and got["四、运维费用"] == "investment"


def test_an_emergency_chapter_of_a_construction_study_is_not_forced_to_risks(tmp_path, model):
    """The prior belongs to the O&M plan: in a 可研 an "突发事件应急处置" chapter is a system the project builds."""
    items = [(1, "第一章 项目概况"), "某市应急管理局应急指挥平台，总投资九百万元。",
             (1, "第二章 突发事件应急处置子系统"), "建设事件接报、预案管理、资源调度和指挥协同等功能模块。",
             (1, "第三章 投资估算"), "项目总投资九百万元。"]
    got = _analyse(tmp_path, model, items, ["某市应急指挥平台", "可行性研究报告"])
    assert got["第二章 突发事件应急处置子系统"] == "construction"


# A 公文-style 工作方案: no cover chapter, 一、/（一）, principles as 坚持… items, a closing 工作要求 chapter.
_GONGWEN = [
    "为加快全市社会治理数字化转型，结合工作实际，制定本方案。",
    (1, "一、指导思想"), "以提升基层治理效能为目标，以数据整合为抓手，统筹推进平台建设。",
    (1, "二、基本原则"),
    (2, "（一）坚持统一规划、分级实施"), "市级统一标准和平台，区县按需部署应用。",
    (2, "（二）坚持问题导向、注重实效"), "围绕基层反映集中的问题确定建设重点。",
    (1, "三、主要任务"), (2, "（一）建设治理平台"), "建设市级社会治理综合平台，开发事件受理、分拨和督办功能。",
    (1, "四、实施步骤"), "2026年底前完成平台建设，2027年6月前全面推广应用。",
    (1, "五、工作要求"),
    (2, "（一）强化统筹协调"), "市政法委牵头建立联席会议制度，定期研究解决重大问题。",
    (2, "（二）压实部门责任"), "各区县和市直部门明确分管领导和具体责任人，按时完成任务。",
]


def test_a_gongwen_plans_principles_and_closing_requirements(tmp_path, model):
    """A 公文 plan's 指导思想 and 基本原则 (with 坚持… items) are its design; its closing 工作要求 chapter (统筹协调, 部门责任)
    is organization (was requirements: 要求 read as users' requirements)."""
    got = _analyse(tmp_path, model, _GONGWEN, ["某市社会治理数字化平台建设工作方案"])
    assert got["一、指导思想"] == got["二、基本原则"] == "overall_design"
    assert got["（一）坚持统一规划、分级实施"] == got["（二）坚持问题导向、注重实效"] == "overall_design"
    assert got["五、工作要求"] == "organization"
    assert got["（一）强化统筹协调"] == got["（二）压实部门责任"] == "organization"
    assert got["三、主要任务"] == "construction" and got["四、实施步骤"] == "schedule"


@pytest.mark.parametrize("title", ["1.3 实施原则", "1.3 项目实施原则", "1.3 指导思想"])
def test_principle_headings_under_a_summary_chapter_are_design(tmp_path, model, title):
    """Principles and guiding ideas are design wherever they sit (was overview under 项目背景与目标)."""
    items = [(1, "第一章 项目背景与目标"), (2, "1.1 项目背景"), "现有审批系统分散建设，数据不通。",
             (2, "1.2 项目目标"), "建成全区统一的审批服务平台。",
             (2, title), "坚持需求导向、集约建设、安全可靠。",
             (1, "第二章 建设内容"), "建设统一受理、并联审批和电子证照三个子系统。"]
    got = _analyse(tmp_path, model, items, ["某区审批服务平台", "项目实施方案"])
    assert got[title] == "overall_design"


# A 密码应用方案 with the national guide's bare chapter names.
_CRYPTO = [
    (1, "一、背景"), "某市不动产登记系统承载登记申请、审核和证书发放业务。",
    (1, "二、密码应用需求分析"),
    (2, "（一）网络和通信安全"), "远程访问需建立安全通道，保证通信数据的机密性和完整性。",
    (2, "（二）应用和数据安全"), "登记申请人的身份信息采用SM4加密存储，关键业务数据采用SM3保护完整性。",
    (1, "三、技术方案"),
    (2, "（一）总体架构"), "部署服务器密码机、签名验签服务器和密钥管理系统，为应用提供统一的密码服务。",
    (2, "（二）密钥管理"), "密钥的生成、存储、分发和销毁由密钥管理系统统一管理。",
    (2, "（三）等级保护情况"), "系统已按等保三级定级备案，部署防火墙、入侵检测和日志审计，每年开展等级测评。",
    (1, "四、实施保障"), (2, "（一）实施计划"), "2026年9月完成密码产品部署，12月完成密评。",
    (2, "（二）经费概算"), "密码改造经费六十八万元。",
]


def test_a_crypto_plans_bare_template_chapters_are_cryptography(tmp_path, model):
    """In a 密码应用方案 the template's bare 技术方案, its 总体架构 and the GB/T 39786 layers (应用和数据安全) are the plan's
    cryptography (were overall_design / network_security); a 等保 section stated in 等保 words keeps network security,
    and the plan's schedule and budget keep theirs."""
    got = _analyse(tmp_path, model, _CRYPTO, ["某市不动产登记系统", "密码应用方案"])
    for title in ("二、密码应用需求分析", "（一）网络和通信安全", "（二）应用和数据安全", "三、技术方案", "（一）总体架构",
                  "（二）密钥管理"):
        assert got[title] == "crypto", title
    assert got["（三）等级保护情况"] == "network_security"
    assert got["（一）实施计划"] == "schedule" and got["（二）经费概算"] == "investment"


def test_a_technical_chapter_of_a_build_document_is_not_cryptography(tmp_path, model):
    """The prior belongs to the crypto plan: a 实施方案's 技术方案 over an architecture and a 密码 section stays design."""
    items = [(1, "一、项目概况"), "某区养老服务平台，总投资四百万元。",
             (1, "二、技术方案"), (2, "（一）总体架构"), "平台采用微服务架构，部署于区政务云。",
             (2, "（二）商用密码应用"), "用户身份鉴别采用SM2数字证书，敏感数据采用SM4加密存储，上线前开展密评。",
             (1, "三、投资估算"), "项目总投资四百万元。"]
    got = _analyse(tmp_path, model, items, ["某区养老服务平台", "项目实施方案"])
    assert got["二、技术方案"] == "overall_design" and got["（一）总体架构"] == "overall_design"
    assert got["（二）商用密码应用"] == "crypto"


def test_a_generic_project_plan_chapter_is_construction(tmp_path, model):
    """广州-style outlines name their design-and-contents chapter 项目方案 (was overview, and its 建设内容 with it)."""
    items = [(1, "一、项目概述"), (2, "（一）项目名称"), "某市城市更新数据平台。",
             (1, "二、项目方案"), (2, "（一）总体架构"), "平台分为数据层、支撑层和应用层。",
             (2, "（二）建设内容"), "建设更新项目库、评估分析和监测预警三个子系统。",
             (1, "三、项目投资概算"), "项目投资概算六百万元。"]
    got = _analyse(tmp_path, model, items, ["某市城市更新数据平台", "项目方案"])
    assert got["二、项目方案"] == "construction" and got["（二）建设内容"] == "construction"


@pytest.mark.parametrize("title", ["3.1.1 涉及单位", "3.1.1 参与单位", "3.1.1 涉及单位及人员"])
def test_requirement_items_naming_who_is_covered_are_requirements(tmp_path, model, title):
    """Older 可研s list under 业务需求 the units and people the system covers (涉及单位, 服务对象): requirements, not the
    owner's profile or the project's organisation (were unit_profile / organization)."""
    items = [(1, "第一章 项目概况"), "某区数字城管系统由区城市管理局建设。",
             (1, "第三章 需求分析"), (2, "3.1 业务需求"),
             (3, title), "涉及区住建、交通、水务、园林等二十个专业部门和十二个街道。",
             (3, "3.1.2 服务对象"), "面向监督员、受理员、派遣员和各专业部门处置人员。",
             (2, "3.2 性能需求"), "支持二百人同时在线。",
             (1, "第四章 投资估算"), "项目总投资八百万元。"]
    got = _analyse(tmp_path, model, items, ["某区数字城管系统", "可行性研究报告"])
    assert got[title] == got["3.1.2 服务对象"] == "requirements"


@pytest.mark.parametrize("title, body", [
    ("九、建设周期", "项目建设周期十个月。"),
    ("六、项目验收", "按初验、试运行和终验三个阶段组织验收。"),
])
def test_a_one_line_schedule_chapter_is_schedule(tmp_path, model, title, body):
    """A brief 建议书's chapter named by its period or its acceptance, over one line, is the schedule (was overview:
    建设周期 is also an item of the summary chapter)."""
    items = [(1, "一、项目名称及归属"), "某市智慧水务平台，由市水务局建设。",
             (1, "二、项目建设内容"), "建设管网监测、漏损分析和调度指挥三个子系统。",
             (1, title), body, (1, "十、运维安排"), "由市水务局信息中心负责运维。"]
    got = _analyse(tmp_path, model, items, ["某市智慧水务平台", "项目建议书"])
    assert got[title] == "schedule"


def test_a_part_of_a_heading_naming_data_is_no_sharing_topic_without_sharing_text(tmp_path, model):
    """"数据与安全风险分析" joins 数据 and 安全风险: the 数据 part names data sharing only in the model's reading, so it is a
    secondary topic only when the section speaks of sharing (otherwise a resource-catalogue finding follows for a
    section that never was the plan's sharing analysis)."""
    items = [(1, "一、项目概况"), "某市政务服务平台升级改造，总投资一千万元。",
             (1, "二、风险评估"), (2, "2.1 技术风险分析"), "新旧系统并行期间可能出现接口不稳定。",
             (2, "2.2 数据与安全风险分析"), "迁移过程中存在数据丢失和泄露的风险，需做好备份并加强访问控制。",
             (1, "三、投资估算"), "项目总投资一千万元。"]
    tree, _ = analyse(build_docx(tmp_path / "fs.docx", items, title_page=["某市政务服务平台升级改造", "可行性研究报告"]),
                      model)
    label, secondary = _labels(tree)["2.2 数据与安全风险分析"]
    assert label == "risks" and "data_sharing" not in secondary


def test_sections_under_an_operations_plans_project_summary_keep_their_topics(tmp_path, model):
    """The O&M prior reaches under an introduction of the service (运营和维护服务简介 over 服务时间), not under the plan's
    project summary: 系统建设及运行情况 there is the current state, 项目单位 the summary (round-5 and round-1 probes got
    operations for both from a first form of the rule)."""
    items = [(1, "第一章 项目概况"), (2, "一、项目单位"), "某市大数据中心负责全市政务云平台的运行管理。",
             (2, "二、系统建设及运行情况"), "平台于2021年建成，承载四十个部门的一百二十个业务系统，运行总体平稳。",
             (1, "第二章 运维服务内容"), (2, "一、云平台运维"), "负责云平台的日常巡检、故障处理和补丁升级。",
             (1, "第三章 运维费用"), "年度运维费用三百万元。"]
    got = _analyse(tmp_path, model, items, ["某市政务云平台", "2026年度运维服务方案"])
    assert got["二、系统建设及运行情况"] == "current_state"
    assert got["一、项目单位"] in ("overview", "unit_profile")
    assert got["一、云平台运维"] == "operations"


@pytest.mark.parametrize("title, body, label", [
    ("3.1.2 数据层", "建设取水户、监测点和取水许可三类主题库，数据每日更新。", "overall_design"),
    ("3.1.2 数据资源层", "汇聚各部门共享数据，按资源目录向市共享交换平台提供共享服务。", "data_sharing"),
], ids=["names-no-topic", "names-and-speaks-of-sharing"])
def test_a_layer_of_the_architecture_is_sharing_only_when_heading_or_body_says_so(tmp_path, model, title, body, label):
    """A topic rules check that neither the heading nor the body names ("数据层" over topic libraries) is the model's
    reading of one word, however sure: under 总体架构 it is a layer of the design (a round-6 probe's 数据层 turned
    data_sharing with the retrained model). A layer named 数据资源 over sharing sentences keeps its topic."""
    items = [(1, "第一章 项目概述"), "某市水资源监管平台，总投资八百万元。",
             (1, "第三章 总体设计"), (2, "3.1 总体架构"), "平台分为应用层、数据层和基础设施层，部署于政务云。",
             (3, "3.1.1 应用层"), "开发取水监管和水资源监测两个子系统。", (3, title), body,
             (1, "第四章 投资估算"), "项目总投资八百万元。"]
    got = _analyse(tmp_path, model, items, ["某市水资源监管平台", "可行性研究报告"])
    assert got[title] == label
