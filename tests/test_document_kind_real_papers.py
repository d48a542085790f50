"""The not-a-proposal gate on the papers that reach a front desk, in the layouts real submissions take: a 请示 or 函
sent with the study, a reply or notice opening on its addressee, a cover line ending in a guidance genre, and a
type word read from inside a sentence or a chapter heading. Every fixture is built here, in wordings of our own;
each gated class has its proposal twin that is reviewed."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model

from .builders import build_docx
from .gate_helpers import gated, reviewed
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


_LETTER_TITLE = "关于报批某区智慧水务监管平台建设项目可行性研究报告的请示"
_LETTER = ["某区发展和改革局：",
           "为提升取水许可监管能力，我局组织编制了项目可行性研究报告，项目总投资420.00万元，现随文报上，请予审批。",
           "妥否，请批示。", "附件：某区智慧水务监管平台建设项目可行性研究报告", "某区水务局", "2026年4月20日"]
_STUDY_COVER = ["某区智慧水务监管平台建设项目", "可行性研究报告", "某区水务局"]


@pytest.mark.parametrize("layout", ["letter, cover, study", "letter, study", "cover, letter, study", "函, study"])
def test_a_request_letter_sent_with_the_study_does_not_gate_it_out(tmp_path, model, layout):
    _, study = complete("national")
    if layout == "letter, cover, study":
        title, items = [_LETTER_TITLE], _LETTER + _STUDY_COVER + study
    elif layout == "letter, study":
        title, items = [_LETTER_TITLE], _LETTER + study
    elif layout == "cover, letter, study":
        title, items = _STUDY_COVER, [_LETTER_TITLE, *_LETTER] + study
    else:
        title, items = ["关于申请某区智慧水务监管平台建设项目立项的函"], _LETTER[:2] + study
    report = reviewed(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    doc = report.document
    assert doc["owner"] == "国家市场监督管理总局" and doc["investment_wan"] == 420.0


def test_a_request_letter_alone_is_not_reviewed(tmp_path, model):
    err = gated(build_docx(tmp_path / "d.docx", _LETTER, title_page=[_LETTER_TITLE]), model)
    assert err.kind == "unrelated" and "请示" in err.message


@pytest.mark.parametrize("opening", [
    ["某县数据局：", "你局《关于上报某县政务数据共享交换平台升级改造项目初步设计的请示》收悉。经组织审查，原则同意该初步设计。"
     "现批复如下：", "一、同意建设数据目录管理、共享交换和安全审计三个子系统。", "二、同意概算总投资682.58万元。",
     "三、请严格按照批复的建设内容和投资组织实施。", "某县发展和改革局", "2026年3月12日"],
    ["市各委办局、直属单位：", "为合理安排明年市级政府投资信息化项目建设计划，现组织开展申报工作。各单位填报项目申报表，"
     "并编制申报项目计划书，申报内容包括建设必要性、建设内容和投资构成。", "联系人：某某某", "某市数据局"],
])
def test_a_reply_or_notice_opening_on_its_addressee_is_not_reviewed(tmp_path, model, opening):
    err = gated(build_docx(tmp_path / "d.docx", opening), model)
    assert err.kind == "unrelated" and opening[0][:-1] in err.message


_POLICY = [(1, "一、总体要求"), "以数据为驱动，以应用为牵引，全面推进政府治理流程再造和履职能力提升，到2028年建成一体化政务云。",
           (1, "二、重点任务"), "建设全市一体化政务云平台，推动各部门业务系统迁移上云，完善政务大数据平台和数据资源目录。",
           (1, "三、保障措施"), "加强组织领导，强化资金保障，落实网络安全等级保护和商用密码应用要求。"]


@pytest.mark.parametrize("cover, extra", [
    (["某市政府投资信息化工程建设项目", "可行性研究报告编制指南"], []),
    (["某市人民政府关于印发某市加强数字政府建设实施方案（2026—2028年）的通知", "某政〔2026〕21号",
      "某市加强数字政府建设实施方案（2026—2028年）"], []),
    (["某省“十五五”数字政府专项规划"], [(1, "四、重大工程"), "实施政务云扩容工程，预计总投资12.6亿元。"]),
    # the issuing government alone on the cover reads as an owner; no proposal type is named
    (["某市“十五五”数字政府建设规划", "某市人民政府"], [(1, "四、重大项目"), "规划实施城市大脑二期等重大项目，预计总投资8.6亿元。"]),
])
def test_a_cover_line_ending_in_a_guidance_genre_is_guidance(tmp_path, model, cover, extra):
    err = gated(build_docx(tmp_path / "d.docx", _POLICY + extra, title_page=cover), model)
    assert err.kind == "guidance"


@pytest.mark.parametrize("title, items", [
    # the type word in a numbered chapter heading
    (["政务信息化项目建设审批流程"],
     [(1, "一、前期准备：需求论证与可行性研究"), "建设单位启动审批前，需完成需求分析与可行性研究，围绕业务痛点说明为什么建、建什么，形成科学、严谨的论证成果，为后续申报提供依据。",
      (1, "二、申报受理"), "建设单位通过项目管理系统提交申报材料，数据主管部门进行形式审查。",
      (1, "三、审核评估"), "数据主管部门组织专家从必要性、共享性、安全性和投资合理性等方面开展评审，必要时委托第三方咨询机构评估，评审通过的项目按投资额度分级审批。"]),
    # a news item: the type word inside a sentence, no heading at all
    (["自治区信息中心召开空间治理数字化平台绩效评估专家会"],
     ["8月12日，自治区信息中心组织召开专家评估会。专家从立项必要性、绩效目标合理性、实施方案有效性等方面提出修改意见。",
      "专家组一致认为该平台符合自治区信息化规划，符合建设单位履职要求，同意通过评审，建议列入预算安排。",
      "自治区数据局、自治区信息中心相关处室负责人，编制单位相关人员参加评估会。"]),
    # a work summary that plans a study
    (["某区信息化工作2026年总结和2027年计划"],
     [(1, "一、2026年工作开展情况"), "完成新型智慧城市建设项目总体框架设计和投资匡算，年底前启动项目可行性研究和初步设计工作。",
      (1, "二、存在的问题"), "部门间数据共享仍不充分，专业技术人才不足。",
      (1, "三、2027年工作计划"), "推进智慧城市一期项目立项，完善数据共享机制，加强网络安全保障。"]),
    # a process page whose sentence ends in a type word
    (["信息化项目立项流程"],
     ["1、信息化管理处每年3月根据信息化规划，制订下年度信息化项目计划，由项目责任单位填写项目申报书。",
      "2、各业务部门根据自身业务发展的需要，可以另行申报信息化项目，并在每年4月之前向信息化管理处提交立项申请书。",
      "3、项目申报书统一提交领导小组审定、批复后组织实施，急需的小型项目可在11月增补申报。"]),
    # a procurement page saved from a trading site: a budget, no owner
    (["政府采购全流程电子化交易系统运维及技术服务采购需求公开"],
     ["公告摘要：预算金额44.56万元。", "项目概况：该系统依托市政务云部署，共享政务云信息交换平台和基础数据资源体系。"
      "本次采购系统日常运行维护、故障处理、安全加固和数据备份服务，服务期三年。",
      "供应商应具备信息系统运维服务能力，重大故障两小时内到场处理，每季度提交运维报告。"]),
])
def test_a_type_word_inside_a_sentence_or_chapter_heading_names_no_type(tmp_path, model, title, items):
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=title), model)
    assert err.kind == "unrelated" and "结构" in err.message


@pytest.mark.parametrize("genre", ["竞争性磋商公告", "中标结果公告", "询价公告", "政府采购合同公告"])
def test_a_procurement_notice_of_any_method_is_not_reviewed(tmp_path, model, genre):
    items = [(1, "一、项目基本情况"), "采购人：某区行政审批局。预算金额132万元，合同履行期限一年。",
             (1, "二、申请人的资格要求"), "满足政府采购法第二十二条规定，本项目不接受联合体。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=[f"某区政务服务大厅智能导办系统运维服务项目{genre}"]),
                 model)
    assert err.kind == "unrelated" and genre in err.message


def test_a_short_proposal_naming_no_type_with_its_owner_and_investment_is_reviewed(tmp_path, model):
    # the twin of the class above: a 申报 text of three chapters, no type line, its own owner and investment
    items = [(1, "一、项目基本情况"), "项目名称：某区智慧水务监管平台建设项目。项目建设单位：某区水务局。项目总投资420.00万元。",
             (1, "二、建设内容"), "开发取水监管子系统和水资源监测子系统，服务器部署于政务云，按等保第三级建设。",
             (1, "三、实施计划"), "建设期12个月，分需求确认、开发部署、试运行和验收四个阶段。"]
    reviewed(build_docx(tmp_path / "p.docx", items, title_page=["某区智慧水务监管平台建设项目"]), model)


@pytest.mark.parametrize("genre", ["建设进展情况报告", "可行性研究报告投资审核报告", "政府采购意向", "验收申请表"])
def test_a_paper_of_the_project_in_a_genre_of_its_own_is_not_reviewed(tmp_path, model, genre):
    # it states the project's owner and investment, as these papers do: the genre on its cover decides
    items = [(1, "一、项目基本情况"), "项目建设单位为某区水务局，项目总投资420.00万元，2026年6月开工。",
             (1, "二、主要情况"), "已完成需求确认和数据库设计，取水监管子系统完成开发60%，已支付合同款126万元。",
             (1, "三、下一步安排"), "9月底前完成系统联调，10月开展试运行，年底前申请验收。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=["某区智慧水务监管平台建设项目", genre]), model)
    assert err.kind == "unrelated" and genre[-4:] in err.message


def test_a_table_listing_several_projects_is_not_reviewed(tmp_path, model):
    # a 项目计划表: several projects' names, owners and totals in one table, a line of text under it
    rows = [["序号", "项目名称", "建设单位", "总投资（万元）", "建设内容"],
            ["1", "某县智慧应急指挥平台建设项目", "某县应急管理局", "386.00", "指挥调度、监测预警、应急资源管理"],
            ["2", "某县不动产登记平台升级项目", "某县自然资源局", "126.00", "一网通办改造"],
            ["3", "某县教育资源公共服务平台运维项目", "某县教育局", "48.00", "平台运维"]]
    path = build_docx(tmp_path / "d.docx", ["以上项目经县政务信息化项目联审会审议通过，请各建设单位抓紧开展前期工作。"],
                      title_page=["某县2027年度政务信息化项目计划表"], table=rows)
    err = gated(path, model)
    assert err.kind == "unrelated" and "结构" in err.message
