"""How a proposal relates to an existing system, worded the ways other authors word it (red-team 4).

An O&M project written as a 可研 or 建议书 maintains its system; an upgrade, a 二期, a move to the cloud of the system
itself is a relation to it (listed, the rule warns), not a fresh duplicate; a replacement stays a duplicate."""

from __future__ import annotations

import pytest

from yushen.analyze.dup_plans import ProposalPlans, list_subsystems
from yushen.analyze.duplicates import InventoryIndex
from yushen.inventory.model import InventoryRecord

CITY = "赤峰市"
ROWS = [
    ("R-01", "医疗保障信息平台", "医疗保障局", "医保参保登记、待遇核定、基金结算，定点医药机构监管和医保基金智能审核。"),
    ("R-02", "食品安全智慧监管系统", "市场监督管理局", "食品生产经营企业档案，日常监督检查和抽检，风险分级管理，明厨亮灶视频接入。"),
    ("R-03", "森林草原防火监测预警系统", "林业和草原局", "瞭望塔视频自动识别烟火，核查卫星遥感热点，调度扑火队伍和物资，发布火情预警。"),
    ("R-04", "不动产登记信息管理系统", "自然资源局", "不动产首次登记、转移登记、抵押登记，受理审核登簿，权属查询，电子证照。"),
    ("R-05", "公共资源交易平台", "公共资源交易中心", "工程建设招标投标和政府采购电子化交易，开标评标，专家抽取。"),
    ("R-06", "智慧停车管理系统", "公安局交通管理支队", "路内泊位地磁检测，停车场出入口数据，空余泊位诱导，无感支付和欠费追缴。"),
    ("R-07", "环境空气质量监测系统", "生态环境局", "空气自动监测站数据采集，AQI计算发布，污染来源解析，超标预警。"),
    ("R-08", "就业创业服务系统", "人力资源和社会保障局", "就业登记、失业登记，职业培训补贴申领，招聘岗位发布。"),
    ("R-09", "协同办公系统", "人民政府办公室", "公文收发、流转审批、督查督办、会议管理和通知公告。"),
    ("R-10", "水资源管理系统", "水务局", "取水许可审批，取水计量在线监测，用水总量统计分析。"),
]
INVENTORY = [InventoryRecord(i, CITY + n, CITY + o, d, status="在用") for i, n, o, d in ROWS]

MEDICAL = "将医疗保障信息平台的参保登记、待遇核定、基金结算、定点医药机构监管和智能审核模块"
FOOD = "完善企业档案、日常监督检查和抽检功能，新增风险分级预警模型，扩大明厨亮灶视频接入。"


def _plans(project: str, owner: str, functions: str, *, current: str = "", mode: str = "new",
           doc_type: str = "feasibility_study", project_class: str = "construction") -> ProposalPlans:
    name = project.removesuffix("项目").removesuffix("建设")
    return ProposalPlans([name], functions, "", owner, mode, project, current, doc_type, project_class,
                         list_subsystems(functions))


@pytest.fixture(scope="module")
def index():
    return InventoryIndex().fit(INVENTORY)


def _verdicts(index, plans):
    return {c.inventory_id: c for c in index.match(plans)}


@pytest.mark.parametrize("doc_type", ["feasibility_study", "proposal", "implementation_plan"])
def test_om_project_written_as_a_construction_document_maintains_its_system(index, doc_type):
    plans = _plans(CITY + "医疗保障信息平台2025年度运维服务项目", CITY + "医疗保障局",
                   MEDICAL + "开展日常巡检、故障处理、数据备份和安全加固，7×24小时响应。",
                   doc_type=doc_type, project_class="operations")
    got = _verdicts(index, plans)
    assert got["R-01"].verdict == "maintained"
    assert not [i for i, c in got.items() if c.verdict == "likely_duplicate"]


def test_a_platform_for_om_work_is_still_construction(index):
    """“运维” inside the name of what is built (一体化运维监控平台) does not make an O&M project."""
    plans = _plans(CITY + "医疗保障一体化运维监控平台建设项目", CITY + "医疗保障局",
                   "建设医保业务系统运维监控平台，采集服务器和数据库运行指标，告警派单。")
    assert not plans.is_operations


@pytest.mark.parametrize("project,functions,current,mode", [
    (CITY + "医疗保障信息平台迁移上云项目", MEDICAL + "迁移部署到政务云，迁移历史数据并开展迁移后测试。", "", "new"),
    (CITY + "食品安全监管能力提升项目", "对现有" + CITY + "食品安全智慧监管系统进行升级改造，" + FOOD, "", "new"),
    (CITY + "食品安全智慧监管系统升级改造项目", FOOD, "现有系统于2022年建成，识别准确率不高。", "upgrade"),
    (CITY + "食品安全智慧监管系统（二期）建设项目", "在一期基础上，" + FOOD, "", "upgrade"),
], ids=["moved_to_the_cloud", "upgrade_said_in_the_body", "upgrade_in_the_name", "second_phase"])
def test_upgrade_of_the_system_itself_is_a_relation_not_a_duplicate(index, project, functions, current, mode):
    owner = CITY + ("医疗保障局" if "医疗" in project else "市场监督管理局")
    got = _verdicts(index, _plans(project, owner, functions, current=current, mode=mode))
    system = "R-01" if "医疗" in project else "R-02"
    assert system in got and got[system].verdict == "possible_overlap", {i: c.verdict for i, c in got.items()}
    assert any(e["field"] == "upgrade" for e in got[system].evidence)


def test_a_replacement_is_still_a_duplicate(index):
    plans = _plans(CITY + "食品安全综合监管平台建设项目", CITY + "市场监督管理局",
                   "建设食品生产经营企业档案、日常监督检查和抽检、风险分级管理和明厨亮灶视频接入功能。",
                   current="原" + CITY + "食品安全智慧监管系统功能落后，本平台建成后原系统停用。")
    got = _verdicts(index, plans)
    assert got["R-02"].verdict == "likely_duplicate"
    assert not any(e["field"] == "upgrade" for e in got["R-02"].evidence)


def test_a_system_named_in_the_current_state_as_working_is_a_partner_not_a_rebuild(index):
    """A 现状 chapter names the system it means to replace, but also what runs well and stays (我局已建成…系统，运行良好)."""
    plans = _plans(CITY + "林长制智慧管理平台建设项目", CITY + "林业和草原局",
                   "建设林长责任区划分、林长巡林打卡、问题上报和考核功能；火情数据从" + CITY + "森林草原防火监测预警系统对接获取。",
                   current="我局已建成" + CITY + "森林草原防火监测预警系统，运行良好，但林长制工作缺少信息化支撑。")
    j = [r.id for r in index.records_].index("R-03")
    _, parts, _ = index.score(plans, j)
    assert not parts["replaces"] and parts["partner"]
    rebuilt = _plans(CITY + "森林草原防火综合平台建设项目", CITY + "林业和草原局", "建设烟火识别、热点核查和扑火调度功能。",
                     current="区林草局2021年使用过" + CITY + "森林草原防火监测预警系统，但护林员反映操作繁琐、识别不及时。")
    assert index.score(rebuilt, j)[1]["replaces"]


def test_a_second_phase_with_new_functions_still_names_its_first_phase(index):
    """二期 named after the system, planning only new functions: the system it extends is listed with the relation."""
    plans = _plans(CITY + "食品安全智慧监管系统（二期）建设项目", CITY + "市场监督管理局",
                   "新增网络订餐平台入网商户核查、冷链食品追溯码赋码和校园食堂食材溯源功能。", mode="upgrade")
    got = _verdicts(index, plans)
    assert got["R-02"].verdict == "possible_overlap"
    assert any(e["field"] == "upgrade" for e in got["R-02"].evidence)


def test_an_om_project_named_after_its_system_maintains_it_with_little_function_text(index):
    plans = _plans(CITY + "医疗保障信息平台2025年运维项目", CITY + "医疗保障局",
                   "本项目属于运维服务类项目，对已建成的平台开展运行维护，不新增建设内容。",
                   doc_type="proposal", project_class="operations")
    got = _verdicts(index, plans)
    assert [i for i, c in got.items() if c.verdict == "maintained"] == ["R-01"]


@pytest.mark.parametrize("header", [["对接系统", "对接内容", "对接方式"], ["关联系统名称", "交互数据", "接口方式"],
                                    ["依托平台", "使用内容", "调用方式"]])
def test_a_table_of_systems_the_proposal_connects_to_is_not_what_it_builds(header):
    """对接系统 | 对接内容 | 对接方式: the existing platforms it calls, not modules (red-team 4: each was a likely duplicate)."""
    from yushen.analyze.dup_plans import table_subsystems

    rows = (tuple(header), ("赤峰市统一身份认证平台", "用户单点登录", "接口调用"),
            ("赤峰市政务数据共享交换平台", "调用营业执照数据", "数据共享"))
    assert table_subsystems(rows) == []
    modules = (("功能模块", "功能描述"), ("并联审批子系统", "四个阶段并联审批"), ("限时办结子系统", "超时预警督办"))
    assert [s.name for s in table_subsystems(modules)] == ["并联审批子系统", "限时办结子系统"]


def test_a_first_phase_in_brackets_is_the_system_its_second_phase_extends():
    """Inventory 某系统（一期）, proposal 某系统二期: brackets and quotes are no part of a core name."""
    from yushen.analyze.dup_text import core_name

    assert core_name(CITY + "食品安全智慧监管系统（一期）") == core_name("“食品安全监管系统”") == "食品安全监管"
    index = InventoryIndex().fit([InventoryRecord("P-1", CITY + "食品安全智慧监管系统（一期）", CITY + "市场监督管理局",
                                                  ROWS[1][3], status="在用"), *INVENTORY[2:]])
    got = _verdicts(index, _plans(CITY + "食品安全智慧监管系统二期建设项目", CITY + "市场监督管理局",
                                  "新增网络订餐平台入网商户核查和冷链食品追溯功能。", mode="upgrade"))
    assert got["P-1"].verdict == "possible_overlap" and got["P-1"].evidence[0]["field"] == "upgrade"
