"""Round 9 of the gate on real papers (held out): the classes its first run found, and gate8's leftovers. An O&M
funding 请示 that carries its plan in the letter; a document site's model essay; a form alone that is an approval
or a payment request; a 试运行报告; a county re-designated since the division table was drawn (宁乡县 → 宁乡市); a
form of two label | value pairs a row. Every fixture is built here in wordings of our own; each gated class has
its twin that is reviewed."""

from __future__ import annotations

import pytest

from yushen.analyze.facts import extract_facts
from yushen.analyze.model_store import load_model
from yushen.analyze.regions import region_of
from yushen.pipeline import read_tree

from .builders import build_docx
from .gate_helpers import gated, reviewed
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


# An O&M funding 请示 whose plan is written into the letter: the system, the work, the itemised cost and the
# targets under chapters of their own, signed by the applicant above the date. No cover, no type line.
_OPS_TITLE = "关于申请某县不动产登记信息平台2027年度运维服务项目经费的请示"
_OPS_LETTER = [
    "某县财政局：", "某县不动产登记信息平台于2023年建成，质保期已满。为保障平台稳定运行，现申请2027年度运维经费，情况如下：",
    (1, "一、平台概况"), "平台包括登记受理、权籍调查、档案查询三个子系统，部署在县政务云，日均办件约450件。",
    (1, "二、运维内容"), "应用巡检、故障处置、数据库维护、安全加固和数据备份，驻场1人，7×24小时电话响应。",
    (1, "三、经费测算"), "运维经费合计52.80万元，其中驻场运维28.80万元，安全服务14.00万元，备份与恢复10.00万元。",
    (1, "四、绩效目标"), "平台可用率不低于99.9%，重大故障4小时内恢复，全年无重大网络安全事件。",
    "妥否，请批示。", "某县自然资源局", "2026年9月12日"]


def test_an_om_funding_request_that_carries_its_plan_is_reviewed_as_an_om_plan(tmp_path, model):
    report = reviewed(build_docx(tmp_path / "p.docx", _OPS_LETTER, title_page=[_OPS_TITLE]), model)
    doc = report.document
    assert doc["doc_type"] == "operations_plan" and doc["project_class"] == "operations"
    assert doc["owner"] == "某县自然资源局" and doc["investment_wan"] == 52.8  # the signature; the cost chapter
    assert doc["project_name"] == "某县不动产登记信息平台2027年度运维服务项目"  # from the letter's title


def test_a_plain_text_cost_table_gives_its_total_in_the_unit_of_its_header(tmp_path, model):
    # the same letter saved as text: its cost is a table pasted as lines, the unit in the header, the total row bare
    lines = [_OPS_TITLE, "某县财政局：", "\u3000\u3000某县不动产登记信息平台于2023年建成，质保期已满，现申请2027年度运维经费，情况如下：",
             "一、平台概况", "\u3000\u3000平台包括登记受理、权籍调查、档案查询三个子系统，部署在县政务云，日均办件约450件。",
             "二、运维内容", "\u3000\u3000应用巡检、故障处置、数据库维护、安全加固和数据备份，驻场1人，7×24小时电话响应。",
             "三、经费测算", "费用项  测算依据  金额（万元）", "驻场运维  1人×12月  28.80", "安全服务  季度扫描及加固  14.00",
             "备份与恢复  年度  10.00", "合计    52.80",
             "四、绩效目标", "\u3000\u3000平台可用率不低于99.9%，重大故障4小时内恢复，全年无重大网络安全事件。",
             "\u3000\u3000妥否，请批示。", "某县自然资源局", "2026年9月12日"]
    path = tmp_path / "p.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = reviewed(path, model).document
    assert doc["investment_wan"] == 52.8 and doc["owner"] == "某县自然资源局" and doc["doc_type"] == "operations_plan"


def test_an_om_funding_request_whose_points_are_paragraphs_carries_no_plan(tmp_path, model):
    # the twin: the same letter with its points as paragraphs (a request, not a plan) stays a letter
    points = [it for it in _OPS_LETTER if isinstance(it, str)]
    err = gated(build_docx(tmp_path / "d.docx", points, title_page=[_OPS_TITLE]), model)
    assert err.kind == "unrelated" and "请示" in err.message


def test_a_request_to_change_an_approved_project_is_not_reviewed(tmp_path, model):
    # a change request names the project, its owner and its investment, and lists its changes as paragraphs
    items = ["某县发展和改革局：", "某县不动产登记信息平台建设项目经你局批复，总投资318.00万元。因省级统一建设电子证照库，拟作如下调整：",
             "一、取消电子证照模块，减少投资26.00万元；", "二、增加档案数字化接口，增加投资21.50万元；",
             "三、调整后项目总投资313.50万元。", "妥否，请批示。", "某县自然资源局", "2027年3月6日"]
    err = gated(build_docx(tmp_path / "d.docx", items,
                            title_page=["关于某县不动产登记信息平台建设项目建设内容调整的请示"]), model)
    assert err.kind == "unrelated"


_ESSAY = [(1, "一、建设背景"), "近年来国家出台一系列政策推动数字政府建设，要求加强数据共享、业务协同和政务服务一体化。",
          (1, "二、现状与问题"), "部门之间数据标准不一，系统重复建设，群众办事仍需多次提交材料。",
          (1, "三、建设目标"), "建成统一的政务服务平台，实现数据共享和业务协同，提升群众满意度。",
          (1, "四、建设内容"), "建设统一受理平台、数据共享交换平台、电子证照库和移动端应用，部署于政务云。",
          (1, "五、网络安全"), "按照网络安全等级保护要求建设，落实商用密码应用。",
          (1, "六、实施计划"), "分前期准备、建设实施、试运行和验收四个阶段推进。",
          (1, "七、效益分析"), "政务服务效率显著提升，群众办事时间明显缩短。"]


@pytest.mark.parametrize("marker", ["模板范文", "模板", "（范文）"])
def test_a_model_essay_from_a_document_site_is_not_reviewed(tmp_path, model, marker):
    # generic text under a proposal's chapter topics, no owner and no investment, the cover saying it is a model
    err = gated(build_docx(tmp_path / "d.docx", _ESSAY, title_page=["2027年智慧政务服务平台建设方案", marker]), model)
    assert err.kind == "unrelated" and ("模板" in err.message or "范文" in err.message)


def test_a_proposal_whose_cover_says_model_but_states_its_project_is_reviewed(tmp_path, model):
    # the twin: a real proposal kept under a 范本 label still names its owner and investment
    title, study = complete("national")
    reviewed(build_docx(tmp_path / "p.docx", study, title_page=[*title, "（范本）"]), model)


_FORM_FACTS = [["项目名称", "某县不动产登记信息平台建设项目"], ["申报单位", "某县自然资源局"], ["申报金额（万元）", "318.00"]]


@pytest.mark.parametrize("title, rows", [
    ("某县政务信息化项目立项审批表", [["项目类别", "建设类"], ["申报单位意见", "同意申报。"], ["数据主管部门审核意见", "建议核减硬件费用后立项。"],
                            ["发展改革部门意见", "同意立项，核定总投资305.00万元。"], ["财政部门意见", "列入2027年县本级预算。"]]),
    ("某县政务信息化项目资金支付申请表", [["合同金额（万元）", "296.40"], ["已支付（万元）", "88.92"], ["本次申请（万元）", "118.56"],
                              ["支付依据", "初验报告"], ["监理意见", "同意支付。"]]),
    ("某县政务云资源申请表", [["CPU（核）", "32"], ["内存（GB）", "128"], ["存储（TB）", "10"], ["申请理由", "平台上线部署"],
                       ["数据局审核意见", "同意分配。"]]),
])
def test_a_bare_approval_or_payment_form_is_not_reviewed(tmp_path, model, title, rows):
    err = gated(build_docx(tmp_path / "d.docx", [], title_page=[title], table=_FORM_FACTS + rows), model)
    assert err.kind == "unrelated" and "表格" in err.message


def test_a_declaration_form_alone_that_states_the_content_is_reviewed_as_a_proposal(tmp_path, model):
    # the twin: a 申报表 alone states what is to be built and why
    rows = _FORM_FACTS + [["项目类别", "建设类"], ["建设必要性", "现有系统不支持一网通办，登记办理需群众多次往返，亟需改造。"],
                          ["建设内容", "改造登记受理、权籍调查子系统，对接省不动产平台和电子证照库，按等保第三级建设。"]]
    report = reviewed(build_docx(tmp_path / "p.docx", [], title_page=["某县2027年度政务信息化项目申报表"], table=rows),
                       model)
    assert report.document["owner"] == "某县自然资源局"
    assert report.document["doc_type"] == "proposal"  # the 申报 stage's submission, as a 申报书 is


def test_a_declaration_form_before_a_study_with_its_own_cover_is_typed_by_the_study(tmp_path, model):
    # the twin: the 申报表's title stands first, the study's cover line names the later, stricter stage
    title, study = complete("national")
    report = reviewed(build_docx(tmp_path / "p.docx", study, title_page=["某县2027年度政务信息化项目申报表", *title]), model)
    assert report.document["doc_type"] == "feasibility_study"


@pytest.mark.parametrize("issued, kind", [("某市政务信息化项目管理办法", "regulation"),
                                          ("某市政务信息化项目验收管理规定（试行）", "regulation"),
                                          ("某市数字政府建设实施方案（2027—2029年）", "guidance")])
def test_a_notice_issuing_a_regulation_is_a_regulation(tmp_path, model, issued, kind):
    # the notice's own title ends in 通知; what it issues decides: a 办法 or 规定 is a regulation, a plan guidance
    items = ["各县区人民政府，市政府各部门：", f"《{issued}》已经市政府同意，现印发给你们，请认真贯彻执行。",
             (1, "一、总体要求"), "政务信息化项目实行统一规划、统一审批、统一建设和统一运维，未经审批不得建设。",
             (1, "二、项目申报"), "建设单位编制项目建议书和可行性研究报告，报市数据主管部门审核。",
             (1, "三、项目验收"), "项目建成试运行满三个月后，建设单位申请验收。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=[f"某市人民政府办公室关于印发{issued}的通知"]), model)
    assert err.kind == kind


def test_a_buyers_user_requirements_book_is_not_reviewed(tmp_path, model):
    # the buyer's 用户需求书 states the project, its buyer and its budget, under chapters of requirements
    items = [(1, "第一章 项目概况"), "本项目为某县不动产登记信息平台的软件开发和系统集成，采购人为某县自然资源局，预算金额296.40万元。",
             (1, "第二章 功能需求"), "登记受理支持线上申请、材料预审和电子签名；档案查询支持按不动产单元号检索。",
             (1, "第三章 性能与安全需求"), "并发用户不少于800个；按等保第三级建设，采用国密算法。",
             (1, "第四章 验收要求"), "合同签订后8个月内完成，按采购文件组织验收。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=["某县不动产登记信息平台建设项目", "用户需求书"]), model)
    assert err.kind == "unrelated" and "用户需求书" in err.message


def test_an_om_project_declaration_book_is_an_om_plan(tmp_path, model):
    items = [(1, "一、运维对象"), "县电子政务外网核心和汇聚设备48台，覆盖县直部门41个、乡镇12个。",
             (1, "二、运维内容"), "设备巡检、故障处置、配置备份和安全策略维护，驻场1人。",
             (1, "三、网络安全"), "落实等级保护第三级要求，每季度开展漏洞扫描。",
             (1, "四、经费预算"), "运维经费38.60万元，资金来源为县本级财政。"]
    report = reviewed(build_docx(tmp_path / "p.docx", items, title_page=[
        "某县电子政务外网2027年度运维服务项目", "运维项目申报书", "申报单位：某县数据资源局"]), model)
    doc = report.document
    assert doc["doc_type"] == "operations_plan" and doc["investment_wan"] == 38.6
    assert doc["project_name"] == "某县电子政务外网2027年度运维服务项目"  # not "…项目运维": the type line is cut whole


@pytest.mark.parametrize("genre", ["试运行报告", "试运行情况报告", "运行情况总结"])
def test_a_trial_run_report_of_the_project_is_not_reviewed(tmp_path, model, genre):
    items = [(1, "一、试运行概况"), "平台于2027年6月1日起试运行5个月，项目建设单位为某县自然资源局，项目总投资318.00万元。",
             (1, "二、运行指标"), "系统可用率99.8%，登记平均办理时长由5天缩短为2天。",
             (1, "三、问题及处理"), "试运行期间发现缺陷19个，已全部修复。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=["某县不动产登记信息平台建设项目" + genre]), model)
    assert err.kind == "unrelated" and genre in err.message


@pytest.mark.parametrize("text, region", [
    ("宁乡市城市管理和综合执法局", "湖南省长沙市宁乡市"),  # 县改市 (the table still says 宁乡县)
    ("临安区大数据局", "浙江省杭州市临安区"),  # 市改区 (the table still says 临安市)
    ("宁乡县民政局", "湖南省长沙市宁乡县"),  # the name the table has is found as before
])
def test_a_county_re_designated_since_the_division_table_is_found_by_its_later_name(text, region):
    found, _ = region_of(text)
    assert found is not None and found.full_name == region


@pytest.mark.parametrize("text", ["长沙区域协同发展", "推动宁乡市场主体登记"])
def test_a_later_county_name_inside_the_words_for_area_or_market_names_no_place(text):
    # 长沙县 → 长沙区 would be a later name, but "长沙区域" is the word 区域; 宁乡市场 the word 市场
    found, _ = region_of(text)
    assert found is None or found.level != "county"


def test_a_form_of_two_label_value_pairs_a_row_gives_each_value_to_its_own_label(tmp_path):
    rows = [["项目名称", "某县不动产登记信息平台建设项目", "建设单位", "某县自然资源局"],
            ["建设地点", "某县", "建设周期", "10个月"],
            ["估算总投资（万元）", "318.00", "资金来源", "县本级财政"]]
    path = build_docx(tmp_path / "p.docx", [(1, "第一章 项目概况"), "本项目为不动产登记一网通办改造。"],
                      title_page=["项目基本信息表"], table=rows)
    facts = extract_facts(read_tree(path))
    assert facts.project_name.value == "某县不动产登记信息平台建设项目"
    assert facts.owner.value == "某县自然资源局" and facts.investment_wan.value == 318.0


# A research article on government IT saved from a journal site: an abstract and key words before the first
# heading, chapters that range over a proposal's topics (design, performance, a case with its investment), and
# references at the end.
_PAPER_FRONT = ["政务数据共享平台建设成效评估方法研究",
                "摘要：围绕政务数据共享平台建设成效评估问题，本文从数据供给、共享调用和业务支撑三个维度构建评估指标体系，"
                "并以某市数据共享平台为例开展实证分析，结果表明该方法能够反映平台建设的实际成效。",
                "关键词：政务数据；数据共享；成效评估；指标体系"]
_PAPER = [(1, "1 引言"), "近年来各地普遍建成了政务数据共享平台，但对其建设成效缺少系统的评估方法。",
          (1, "2 评估框架设计"), "评估框架由数据供给、共享调用和业务支撑三个维度组成，每个维度设置若干二级指标。",
          (1, "3 平台总体架构与安全"), "样本平台采用云原生架构部署在政务云，按网络安全等级保护第三级要求建设。",
          (1, "4 实证分析"), "某市数据共享平台总投资1860万元，建成后累计共享数据资源2400余项，接口调用量年均增长35%。",
          (1, "5 绩效与效益"), "平台使群众办事平均减少提交材料4.2份，部门间数据核验时间由3天缩短为实时。",
          (1, "6 结论"), "本文提出的方法可用于同类平台的建设成效评估。",
          (1, "参考文献"), "[1] 某某. 政务数据共享机制研究[J]. 电子政务, 2023(5): 12-20."]


def test_a_research_paper_opening_on_its_abstract_and_key_words_is_gated(tmp_path, model):
    err = gated(build_docx(tmp_path / "paper.docx", _PAPER, title_page=_PAPER_FRONT), model)
    assert "研究论文" in str(err)


def test_a_proposal_with_a_summary_chapter_is_reviewed(tmp_path, model):
    # its twin: a 可研 whose first chapter is a summary (摘要) but has no key words is a proposal
    title, items = complete("nmg")
    items = [(1, "报告摘要"), "本项目建设智慧水务监管平台，总投资见第八章，建设周期12个月。", *items]
    reviewed(build_docx(tmp_path / "fs.docx", items, title_page=title), model)
