"""Inventories that give a system's name and owner only, or a function cell that repeats the name (red-team 4).

Such a system has no function text to compare: its name is all the evidence. One word of its name that a proposal
happens to use (登记 in “登记诉求”) must not make it a likely duplicate, and its place name is no function at all;
the proposal that does rebuild it by name is still found."""

from __future__ import annotations

import pytest

from yushen.analyze.dup_plans import ProposalPlans, list_subsystems
from yushen.analyze.duplicates import InventoryIndex
from yushen.analyze.inventory_dups import find_duplicates
from yushen.inventory.model import InventoryRecord

CITY = "赤峰市"
SYSTEMS = [
    ("N-01", "不动产登记信息管理系统", "自然资源局"),
    ("N-02", "12345政务服务便民热线系统", "政务服务局"),
    ("N-03", "医疗保障信息平台", "医疗保障局"),
    ("N-04", "森林草原防火监测预警系统", "林业和草原局"),
    ("N-05", "档案管理系统", "档案馆"),
    ("N-06", "公共资源交易平台", "公共资源交易中心"),
    ("N-07", "智慧停车管理系统", "公安局交通管理支队"),
    ("N-08", "城市运行管理平台", "城市管理综合行政执法局"),
    ("N-09", "社会治理网格化管理平台", "政法委"),
    ("N-10", "食品安全监管系统", "市场监督管理局"),
    ("N-11", "环境空气质量监测系统", "生态环境局"),
    ("N-12", "政务数据共享交换平台", "政务服务与数据管理局"),
    ("N-13", "统一身份认证平台", "政务服务与数据管理局"),
    ("N-14", "应急指挥综合平台", "应急管理局"),
    ("N-15", "水资源管理系统", "水务局"),
    ("N-16", "就业创业服务系统", "人力资源和社会保障局"),
    ("N-17", "市场主体登记注册系统", "市场监督管理局"),
    ("N-18", "协同办公系统", "人民政府办公室"),
    ("N-19", "公共安全视频监控联网平台", "公安局"),
    ("N-20", "智慧教育云平台", "教育局"),
    ("N-21", "住房公积金管理系统", "住房公积金中心"),
    ("N-22", "国有资产管理系统", "财政局"),
    ("N-23", "建设工程质量监督管理系统", "住房和城乡建设局"),
    ("N-24", "道路运输管理系统", "交通运输局"),
    ("N-25", "农机购置补贴管理系统", "农牧局"),
]


def _inventory(described: str) -> list[InventoryRecord]:
    """described: "none" (no function column) or "name" (the function cell repeats the name without the city)."""
    return [InventoryRecord(i, CITY + n, CITY + o, description="" if described == "none" else n, status="在用")
            for i, n, o in SYSTEMS]


def _plans(name: str, owner: str, functions: str, doc_type: str = "feasibility_study",
           project_class: str = "construction") -> ProposalPlans:
    return ProposalPlans([name], functions, "", owner, "new", name + "项目", "", doc_type, project_class,
                         list_subsystems(functions))


HOTLINE = _plans(CITY + "接诉即办平台", CITY + "政务服务局",
                 "接听群众来电，登记诉求并生成工单，按职责分派承办单位办理；办结后回访群众满意度，建立常见问题知识库。")
FIRE = _plans(CITY + "森林草原防火智能监测平台", CITY + "林业和草原局",
              "在重点林区瞭望塔部署高清视频，自动识别烟雾和明火，接入卫星遥感热点核查；建立扑火队伍和物资储备档案，"
              "发生火情时调度队伍和物资，向护林员推送火情预警信息。")
MIGRATION = _plans(CITY + "医疗保障信息平台迁移上云", CITY + "医疗保障局",
                   "将医疗保障信息平台的参保登记、待遇核定、基金结算和智能审核模块迁移部署到政务云，迁移历史数据。")
OM_PLAN = _plans(CITY + "医疗保障信息平台2025年度运维服务", CITY + "医疗保障局",
                 "对医疗保障信息平台的参保登记、待遇核定、基金结算等子系统开展日常巡检、故障处理和数据备份。",
                 doc_type="operations_plan", project_class="operations")


@pytest.mark.parametrize("described", ["none", "name"])
def test_one_shared_word_of_a_bare_name_is_no_duplicate(described):
    index = InventoryIndex().fit(_inventory(described))
    for plans in (HOTLINE, MIGRATION):
        likely = [c.inventory_id for c in index.match(plans) if c.verdict == "likely_duplicate"]
        assert "N-01" not in likely, (plans.project_name, likely)  # 不动产登记 through “登记诉求” / “参保登记”


@pytest.mark.parametrize("described", ["none", "name"])
def test_a_system_rebuilt_by_name_is_still_found(described):
    index = InventoryIndex().fit(_inventory(described))
    best = index.match(FIRE)[0]
    assert (best.inventory_id, best.verdict) == ("N-04", "likely_duplicate")


@pytest.mark.parametrize("described", ["none", "name"])
def test_an_om_plan_maintains_one_system(described):
    index = InventoryIndex().fit(_inventory(described))
    maintained = [c.inventory_id for c in index.match(OM_PLAN) if c.verdict == "maintained"]
    assert maintained == ["N-03"]


def test_a_bare_name_stands_for_the_functions_without_its_place():
    index = InventoryIndex().fit([InventoryRecord("P-1", "包头市不动产登记信息管理系统", "包头市自然资源局")])
    functions = index._record_clauses(0)[:-1]  # the last clause is the name itself
    assert functions and not any("包头" in t for _, found in functions for t in found)
    assert not index.described(0)


def test_inventory_self_check_pairs_a_name_listed_twice_with_a_terse_description():
    """Two departments listing the same system, one with a one-word description: the names are the evidence."""
    recs = [InventoryRecord("A", CITY + "智慧停车管理系统", CITY + "公安局交通管理支队",
                            "路内泊位地磁检测，接入停车场出入口数据，发布空余泊位诱导信息，无感支付和欠费追缴。"),
            InventoryRecord("B", CITY + "智慧停车管理系统", CITY + "城市管理综合行政执法局", "停车管理。"),
            InventoryRecord("C", CITY + "不动产登记信息管理系统", CITY + "自然资源局",
                            "不动产首次登记、转移登记和抵押登记，权属查询，电子证照发放。"),
            InventoryRecord("D", CITY + "城市运行管理平台", CITY + "城市管理综合行政执法局",
                            "汇聚城市部件事件和环卫作业数据，案件受理、指挥派遣、处置反馈、考核评价闭环。"),
            # a close name is not the same name: 食品 / 药品, one of them with a terse description
            InventoryRecord("E", CITY + "食品安全监管系统", CITY + "市场监督管理局", "食品安全监管。"),
            InventoryRecord("F", CITY + "药品安全监管系统", CITY + "市场监督管理局",
                            "药品零售企业检查、药品不良反应监测和疫苗流通追溯。")]
    index = InventoryIndex().fit(recs)
    _, pairs = find_duplicates(index)
    found = {(index.records_[p.a].id, index.records_[p.b].id) for p in pairs}
    assert ("A", "B") in found
    assert not found - {("A", "B")}
