"""A county named by its short form (察右后旗 for 察哈尔右翼后旗, 达旗 for 达拉特旗) without its city beside it (red-team 4).

The gazetteer takes a short form only next to its prefecture's name; an owner written 察右后旗林草局 then had no place,
and the same system of a sibling county (察哈尔右翼前旗) could be called a likely duplicate. Within the prefectures the
inventory covers, a short form names the one county whose name holds its characters in order (same first character,
same suffix)."""

from __future__ import annotations

import pytest

from yushen.analyze import dup_places as places
from yushen.analyze.dup_plans import ProposalPlans, list_subsystems
from yushen.analyze.duplicates import InventoryIndex
from yushen.inventory.model import InventoryRecord

FIRE = "瞭望塔视频自动识别烟火，核查卫星遥感热点，调度扑火队伍和物资，向护林员发布火情预警信息。"
INVENTORY = [
    InventoryRecord("C-1", "乌兰察布市森林草原防火监测预警系统", "乌兰察布市林业和草原局", FIRE),
    InventoryRecord("C-2", "察哈尔右翼前旗森林草原防火监测预警系统", "察哈尔右翼前旗林业和草原局", FIRE),
    InventoryRecord("C-3", "乌兰察布市智慧停车管理系统", "乌兰察布市公安局交通管理支队", "路内泊位地磁检测，空余泊位诱导，无感支付。"),
    InventoryRecord("C-4", "集宁区数字化城市管理系统", "集宁区城市管理局", "监督员采集问题，受理、派遣、处置、核查、结案。"),
]


@pytest.mark.parametrize("owner,county", [("察右后旗林草局", "察哈尔右翼后旗"), ("察右前旗林业和草原局", "察哈尔右翼前旗"),
                                          ("兴和县林业和草原局", "兴和县")])
def test_short_county_names_resolve_within_the_inventorys_prefectures(owner, county):
    index = InventoryIndex().fit(INVENTORY)
    plans = ProposalPlans(["森林草原防火监测预警系统"], FIRE, "", owner, "new", "森林草原防火监测预警系统建设项目")
    assert places.region(index.plan_place(plans)).name == county


def test_a_short_form_outside_the_inventorys_prefectures_stays_unknown():
    index = InventoryIndex().fit(INVENTORY)
    plans = ProposalPlans(["森林草原防火监测预警系统"], FIRE, "", "科右前旗林草局", "new", "森林草原防火监测预警系统建设项目")
    assert index.plan_place(plans) == places.UNKNOWN  # 科尔沁右翼前旗 lies in 兴安盟, which the inventory does not cover


def test_sibling_county_by_short_form_is_no_likely_duplicate():
    index = InventoryIndex().fit(INVENTORY)
    plans = ProposalPlans(["察右后旗森林草原防火监测预警系统"], FIRE, "", "察右后旗林草局", "new",
                          "察右后旗森林草原防火监测预警系统建设项目", subsystems=list_subsystems(FIRE))
    verdicts = {c.inventory_id: c.verdict for c in index.match(plans)}
    assert verdicts.get("C-2") != "likely_duplicate", verdicts


def test_inventory_rows_owned_by_a_short_form_get_their_county():
    rows = INVENTORY + [InventoryRecord("C-5", "森林草原防火监测预警系统", "察右后旗林草局", FIRE)]
    index = InventoryIndex().fit(rows)
    assert places.region(int(index.places_[4])).name == "察哈尔右翼后旗"
