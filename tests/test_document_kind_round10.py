"""Round 10 of the gate on real papers (held out): the classes its first run found, and gate9's leftovers. A
network O&M plan read as no IT text; a genre's second title line taken for a heading in plain text; 候选人公示;
a vendor's paper with no owner, no investment and no type; a score sheet or an indicator form alone; a later
county name glued to the word before it (贵安新区 → 安新区); an 自治州 or 自治县 by its everyday short form (黔东南州,
琼中县); a development zone named after its city (南昌经济技术开发区); the 总概算 row of a 概算表; 项目总价; 广州's 项目方案;
templates with blanks (（填写…）, 【甲方全称】). Every fixture is built here in wordings of our own; each gated class
has its twin that is reviewed."""

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


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- a real proposal gated out: an O&M plan for a government network, in the words of network upkeep ---------------
_NET_OPS = [
    (1, "一、运维范围"), "全县政务外网核心交换机4台、汇聚交换机22台、接入交换机186台，防火墙和入侵防御设备12台，覆盖县直单位61个、乡镇9个。",
    (1, "二、现状和问题"), "目前外网设备由各单位各自报修，故障平均修复要7个小时，设备台账不全，安全日志没有专人分析。",
    (1, "三、运维内容"), "7×24小时监控和巡检，故障处置，配置备份，漏洞扫描和加固，重要节假日和重大活动保障，驻场工程师2名。",
    (1, "四、服务标准"), "核心链路可用率不低于99.9%，一般故障4小时内修复，每月报送运维报告。",
    (1, "五、安全保障"), "按等级保护第二级要求开展安全运维，每季度漏洞扫描一次，日志留存6个月以上。",
    (1, "六、费用测算"), "运维费用合计88.40万元，其中驻场服务48.00万元，备品备件26.40万元，安全服务14.00万元。",
    (1, "七、考核管理"), "中心网络科按季度考核，考核结果与费用结算挂钩。"]


def test_a_network_om_plan_in_the_words_of_network_upkeep_is_reviewed(tmp_path, model):
    title = ["某县电子政务外网2027年度运维服务项目", "运维方案", "某县政务服务中心", "2026年10月"]
    doc = reviewed(build_docx(tmp_path / "p.docx", _NET_OPS, title_page=title), model).document
    assert doc["doc_type"] == "operations_plan" and doc["owner"] == "某县政务服务中心" and doc["investment_wan"] == 88.4


def test_a_non_it_activity_plan_is_still_gated(tmp_path, model):
    # the twin: an activity plan of the same length with no IT vocabulary stays "no IT project"
    items = [(1, "一、活动目的"), "组织全县干部职工开展春季植树和义务劳动，美化机关院落和周边道路环境。",
             (1, "二、时间地点"), "4月上旬，县城北郊和各乡镇机关院内，各单位自带工具。",
             (1, "三、组织分工"), "县直机关工委负责组织，各单位分管领导带队，后勤保障由县机关事务中心负责。",
             (1, "四、经费"), "所需树苗和工具费用12.00万元，由县机关事务中心列支。"]
    err = gated(build_docx(tmp_path / "d.docx", items, title_page=["某县2027年春季义务植树活动", "实施方案", "某县机关事务中心"]),
                model)
    assert err.kind == "unrelated"


# --- non-proposals reviewed with false blockers ----------------------------------------------------------------
_OPINION_BODY = ["2027年3月，某县数据局组织专家对某县社会救助一体化平台可行性研究报告进行评审。专家组听取汇报，审阅文本，经讨论形成意见如下：",
                 "一、报告编制依据充分，建设是必要的。", "二、建设内容和技术路线基本可行，估算总投资412.00万元基本合理。",
                 "三、建议补充数据共享清单，细化等级保护和密码应用措施，复核软件工作量。", "专家组同意通过评审，请修改完善后报批。"]


def test_a_review_opinion_saved_as_text_whose_genre_line_looks_like_a_heading_is_gated(tmp_path, model):
    # (the list of experts pasted as lines at the end makes the plain-text reader take 专家评审意见 for a heading)
    lines = ["某县社会救助一体化平台可行性研究报告", "专家评审意见", *("\u3000\u3000" + t for t in _OPINION_BODY),
             "专家组组长（签字）：", "2027年3月18日", "姓名  工作单位  职称", "王某  某大学  教授", "陈某  某市信息中心  高级工程师"]
    err = gated(_write(tmp_path / "o.txt", lines), model)
    assert err.kind == "unrelated" and "评审意见" in err.message


def test_a_study_whose_first_chapter_is_its_summary_is_reviewed_in_plain_text(tmp_path, model):
    # the twin: a study's own title then an unnumbered first chapter that is no genre (概述) is reviewed
    title, items = complete("national")
    lines = [title[0] + title[1], "概述", "\u3000\u3000本报告论证某智慧水务监管平台的建设。"]
    for it in items:
        lines.append(it[1] if isinstance(it, tuple) else "\u3000\u3000" + it)
    reviewed(_write(tmp_path / "s.txt", lines), model)


@pytest.mark.parametrize("genre", ["中标候选人公示", "成交候选人公示", "项目立项公示", "资格预审公告"])
def test_a_notice_or_public_announcement_of_the_project_is_gated(tmp_path, model, genre):
    items = ["一、项目编号：MQ-2027-018", "二、项目名称：某县社会救助一体化平台建设项目", "三、采购人：某县民政局",
             "四、评审结果：第一名 某信息技术有限公司，报价398.60万元；第二名 某科技有限公司，报价405.20万元。",
             "五、公示期：2027年6月3日至6月5日。"]
    err = gated(_write(tmp_path / "n.txt", ["某县社会救助一体化平台建设项目" + genre, *items]), model)
    assert err.kind == "unrelated"


def test_a_vendors_paper_with_no_owner_no_investment_and_no_type_is_gated(tmp_path, model):
    # a 上线切换方案: five chapters (which the labeller spreads over five topics), the project's name, nothing else
    items = [(1, "一、切换范围"), "旧救助系统的对象数据、审批记录和用户数据迁移到新平台，旧系统只读保留两个月。",
             (1, "二、切换前准备"), "完成数据清洗和两轮迁移演练，核对对象数据8.2万条、审批记录31万条。",
             (1, "三、切换步骤"), "切换窗口为周六零时至八时：冻结旧系统、全量迁移、数据核对、接口切换、业务验证、正式启用。",
             (1, "四、回退方案"), "业务验证失败的，两小时内恢复旧系统服务，重新评估后另定切换时间。",
             (1, "五、人员分工"), "承建单位技术负责人负责迁移和验证，民政局业务科室负责业务验证和确认。"]
    err = gated(build_docx(tmp_path / "c.docx", items, title_page=["某县社会救助一体化平台建设项目", "系统上线切换方案"]), model)
    assert err.kind == "unrelated"


def test_a_proposal_with_a_project_of_its_own_but_no_type_named_is_reviewed(tmp_path, model):
    # the twin: no type named, but an owner and an investment of its own
    _, items = complete("national")
    reviewed(build_docx(tmp_path / "p.docx", items, title_page=["某智慧水务监管平台建设项目"]), model)


@pytest.mark.parametrize("title, rows", [
    ("项目评审专家打分表", [["评审内容", "分值", "评分要点", "得分"], ["建设必要性", "20", "依据充分", "16"],
                       ["技术方案", "30", "架构合理", "25"], ["投资合理性", "20", "测算清楚", "15"], ["合计", "70", "", "56"]]),
    ("项目支出绩效目标表", [["项目名称", "某县社会救助一体化平台建设项目", "", ""], ["实施单位", "某县民政局", "", ""],
                       ["年度总体目标", "完成平台开发部署并上线运行。", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
                       ["产出指标", "数量指标", "子系统数", "3个"], ["效益指标", "社会效益", "办理时限", "≤5天"]]),
])
def test_a_form_alone_that_names_no_document_type_is_gated(tmp_path, model, title, rows):
    path = build_docx(tmp_path / "f.docx", [], title_page=[title, "项目名称：某县社会救助一体化平台建设项目"], table=rows)
    err = gated(path, model)
    assert err.kind == "unrelated"


# --- region ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["贵州贵安新区管理委员会大数据局", "雄安新区规划建设局", "南宁城市管理综合行政执法局"])
def test_a_later_county_name_glued_to_the_word_before_it_names_no_county(text):
    # 安新县 → 安新区 and 宁城县 → 宁城市 are later names; inside 贵安新区, 雄安新区 or 南宁城市 they are parts of other words
    found, _ = region_of(text)
    assert found is None or found.name not in ("安新区", "宁城市")


@pytest.mark.parametrize("text", ["湖南省长沙市宁乡市数据局", "项目建设单位为宁乡市城市管理局", "临安区大数据局"])
def test_a_later_county_name_after_its_parent_or_a_function_word_is_still_found(text):
    found, _ = region_of(text)
    assert found is not None and found.level == "county"


@pytest.mark.parametrize("text, region", [
    ("黔东南州大数据管理局", "贵州省黔东南苗族侗族自治州"),
    ("恩施州应急管理局", "湖北省恩施土家族苗族自治州"),
    ("延边州珲春市商务局", "吉林省延边朝鲜族自治州珲春市"),
    ("琼中县政务服务中心", "海南省琼中黎族苗族自治县"),
    ("西双版纳州数字经济局", "云南省西双版纳傣族自治州"),
])
def test_an_autonomous_prefecture_or_county_by_its_everyday_short_form_is_found(text, region):
    found, _ = region_of(text)
    assert found is not None and found.full_name == region


@pytest.mark.parametrize("text, region", [
    ("南昌经济技术开发区管理委员会", "江西省南昌市"),
    ("芜湖高新技术产业开发区管委会", "安徽省芜湖市"),
])
def test_a_development_zone_named_after_its_city_is_in_that_city(text, region):
    found, _ = region_of(text)
    assert found is not None and found.full_name == region


# --- facts ----------------------------------------------------------------------------------------------------
_ESTIMATE = [["序号", "工程或费用名称", "设备购置费", "安装工程费", "其他费用", "合计（万元）"],
             ["一", "工程费用", "286.40", "36.20", "", "322.60"], ["二", "工程建设其他费用", "", "", "38.50", "38.50"],
             ["三", "预备费", "", "", "10.80", "10.80"], ["", "总概算", "286.40", "36.20", "49.30", "371.90"]]


def test_a_design_whose_investment_is_only_the_total_row_of_its_estimate_table(tmp_path):
    items = [(1, "1 设计说明"), (2, "1.1 设计依据"), "依据已批复的可行性研究报告编制。", (2, "1.2 设计范围"), "县级平台和乡镇前端。",
             (1, "2 系统设计"), "平台采用两级架构。", (1, "3 投资概算"), "概算见下表。"]
    path = build_docx(tmp_path / "d.docx", items, title_page=["某县应急广播系统建设项目", "初步设计", "某县应急管理局"],
                      table=_ESTIMATE)
    facts = extract_facts(read_tree(path))
    assert facts.investment_wan.value == 371.9 and facts.doc_type.value == "preliminary_design"


def test_the_project_total_price_is_the_investment(tmp_path):
    title, items = complete("national")
    items = [x.replace("项目总投资420.00万元", "项目总价420万元") if isinstance(x, str) else x for x in items]
    facts = extract_facts(read_tree(build_docx(tmp_path / "p.docx", items, title_page=title)))
    assert facts.investment_wan.value == 420.0


def test_a_contract_total_price_quoted_in_a_proposal_is_not_the_investment(tmp_path):
    # the twin: 合同总价 of an earlier contract is no statement of this project's total
    title, items = complete("national")
    items = [x.replace("项目总投资420.00万元", "原平台合同总价186万元") if isinstance(x, str) else x for x in items]
    items = [x.replace("项目总投资420.00万元", "") if isinstance(x, str) else x for x in items]
    facts = extract_facts(read_tree(build_docx(tmp_path / "p.docx", items, title_page=title)))
    assert facts.investment_wan.value != 186.0


@pytest.mark.parametrize("cover, dtype", [("项目方案", "implementation_plan"), ("运维项目方案", "operations_plan")])
def test_a_guangzhou_style_project_plan_is_typed_by_its_cover(tmp_path, cover, dtype):
    _, items = complete("national")
    path = build_docx(tmp_path / "p.docx", items, title_page=["某区城市更新管理系统建设项目", cover, "某区城市更新局"])
    assert extract_facts(read_tree(path)).doc_type.value == dtype


# --- template kinds ---------------------------------------------------------------------------------------------
def test_a_contract_model_text_with_bracketed_blanks_is_a_template(tmp_path, model):
    items = [(1, "第一条 合同内容"), "乙方按附件完成【系统名称】的开发、部署和培训。",
             (1, "第二条 合同价款"), "合同总价为人民币【大写金额】元（¥【小写金额】）。",
             (1, "第三条 工期"), "自合同签订之日起【N】个月内完成初验。",
             (1, "第四条 付款"), "初验合格后支付合同总价的【40】%。"]
    title = ["政务信息系统开发合同（示范文本）", "甲方：【甲方全称】", "乙方：【乙方全称】"]
    err = gated(build_docx(tmp_path / "c.docx", items, title_page=title), model)
    assert err.kind == "template"


def test_a_signed_contract_with_bracketed_labels_is_not_a_template(tmp_path, model):
    # the twin: 【甲方】 as a label before a filled value is a label habit, not a blank
    items = [(1, "第一条 合同内容"), "乙方完成某县社会救助一体化平台的开发、部署和培训。",
             (1, "第二条 合同价款"), "合同总价为人民币叁佰玖拾捌万陆仟元（¥3986000元）。"]
    title = ["某县社会救助一体化平台开发合同", "【甲方】某县民政局", "【乙方】某信息技术有限公司"]
    err = gated(build_docx(tmp_path / "c.docx", items, title_page=title), model)
    assert err.kind == "unrelated"


def test_a_proposal_model_with_fill_in_blanks_on_its_cover_is_a_template(tmp_path, model):
    items = [(1, "第一章 项目概述"), "简要说明项目名称、建设单位、建设目标、建设内容、总投资XX万元及资金来源。",
             (1, "第二章 建设必要性"), "说明现状、存在的问题和建设依据。", (1, "第三章 建设方案"), "说明总体架构和建设内容。",
             (1, "第四章 投资估算"), "按附表填写，总投资XXX万元。"]
    title = ["XX县政务信息化项目建议书（模板）", "项目名称：（填写项目全称）", "编制日期：XXXX年XX月"]
    err = gated(build_docx(tmp_path / "t.docx", items, title_page=title), model)
    assert err.kind == "template"


# --- the owner alone on the cover, or in its chapter, whatever kind of body it is (gate9's leftover) ---------------
def _no_owner_label(items):
    return [x.replace("项目建设单位：国家市场监督管理总局。", "") if isinstance(x, str) else x for x in items]


@pytest.mark.parametrize("owner", ["某市万峰林街道办事处", "某县供销合作社联合社", "某县综合行政执法大队", "某市公路管理处",
                                   "某县高新区管委会"])
def test_an_owner_alone_on_the_cover_is_read_whatever_kind_of_body_it_is(tmp_path, owner):
    title, items = complete("national")
    path = build_docx(tmp_path / "p.docx", _no_owner_label(items), title_page=[title[0], title[1], owner, "2027年5月"])
    assert extract_facts(read_tree(path)).owner.value == owner


def test_a_consulting_firm_alone_on_the_cover_is_not_the_owner(tmp_path):
    # the twin: the firm that wrote the study, on its own line, is no owner (a company is read only under a label)
    title, items = complete("national")
    path = build_docx(tmp_path / "p.docx", _no_owner_label(items),
                      title_page=[title[0], title[1], "某工程咨询有限公司", "2027年5月"])
    assert extract_facts(read_tree(path)).owner.value is None


@pytest.mark.parametrize("owner", ["某县第一中学", "某市实验小学"])
def test_a_school_as_owner_is_read_from_its_chapter_and_its_cover(tmp_path, owner):
    title, items = complete("national")
    chapter = [(1, "第一章 项目建设单位"), owner + "。"]
    path = build_docx(tmp_path / "p.docx", chapter + _no_owner_label(items), title_page=title[:2])
    assert extract_facts(read_tree(path)).owner.value == owner
    path = build_docx(tmp_path / "q.docx", _no_owner_label(items), title_page=[title[0], title[1], owner])
    assert extract_facts(read_tree(path)).owner.value == owner
