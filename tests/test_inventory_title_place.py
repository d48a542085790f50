"""An export whose rows name no place, while its title row does (“乌兰察布市政务信息系统清单”; owners 市林业和草原局)
(red-team 4): the rows lie where the title says, so another city's proposal is not told it rebuilds them."""

from __future__ import annotations

from yushen.analyze import dup_places as places
from yushen.analyze.dup_plans import ProposalPlans, list_subsystems
from yushen.analyze.duplicates import InventoryIndex
from yushen.inventory.importer import read_inventory

FIRE = "瞭望塔视频自动识别烟火，核查卫星遥感热点，调度扑火队伍和物资，向护林员发布火情预警信息。"
ROWS = [["1", "森林草原防火监测预警系统", "市林业和草原局", FIRE],
        ["2", "智慧停车管理系统", "市公安局交通管理支队", "路内泊位地磁检测，空余泊位诱导，无感支付和欠费追缴。"],
        ["3", "数字化城市管理系统", "市城市管理局", "监督员采集问题，受理、派遣、处置、核查、结案。"]]


def _export(tmp_path, title: str | None):
    lines = ([title] if title else []) + ["序号,系统名称,所属部门,主要功能"] + [",".join(r) for r in ROWS]
    path = tmp_path / "inv.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rows_lie_where_the_title_row_says(tmp_path):
    index = InventoryIndex().fit(read_inventory(_export(tmp_path, "乌兰察布市政务信息系统清单（2025年）"))[0])
    assert {places.region(int(c)).name for c in index.places_} == {"乌兰察布市"}


def test_another_citys_proposal_is_not_told_it_rebuilds_them(tmp_path):
    index = InventoryIndex().fit(read_inventory(_export(tmp_path, "乌兰察布市政务信息系统清单（2025年）"))[0])
    plans = ProposalPlans(["呼伦贝尔市森林草原防火智能监测平台"], FIRE, "", "呼伦贝尔市林业和草原局", "new",
                          "呼伦贝尔市森林草原防火智能监测平台建设项目", subsystems=list_subsystems(FIRE))
    verdicts = {c.inventory_id: c.verdict for c in index.match(plans)}
    assert verdicts.get("1") == "possible_overlap", verdicts


def test_without_a_title_the_rows_stay_unknown(tmp_path):
    index = InventoryIndex().fit(read_inventory(_export(tmp_path, None))[0])
    assert set(int(c) for c in index.places_) == {places.UNKNOWN}
