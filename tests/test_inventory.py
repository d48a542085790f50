"""Inventory import: varying Chinese headers, xlsx with a title row, explicit mapping, upsert with a report."""

import subprocess
import sys

import pytest

from yushen.core.errors import YushenError
from yushen.inventory.importer import read_inventory
from yushen.inventory.store import import_records, load_records, search, stats


def _csv(tmp_path, header, rows, encoding="utf-8-sig", name="inv.csv"):
    path = tmp_path / name
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


ROWS = [["A-1", "某市智慧停车管理平台", "某市交通运输局", "泊位管理和无感支付", "2021", "在用"],
        ["A-2", "某市公交调度系统", "某市交通运输局", "公交车辆调度", "2019", "停用"]]


@pytest.mark.parametrize("header", [
    ["系统编号", "系统名称", "所属部门", "主要功能", "建设年份", "状态"],
    ["编号", "名称", "主管部门", "功能描述", "上线时间", "运行状态"],
    ["系统代码", "信息系统名称", "责任单位", "系统简介", "建成时间", "使用状态"],
])
def test_common_header_wordings_are_recognised(tmp_path, header):
    records, warnings = read_inventory(_csv(tmp_path, header, ROWS))
    assert [(r.id, r.name, r.owner, r.description, r.status) for r in records] == [
        ("A-1", "某市智慧停车管理平台", "某市交通运输局", "泊位管理和无感支付", "在用"),
        ("A-2", "某市公交调度系统", "某市交通运输局", "公交车辆调度", "停用")]
    assert not records[1].in_use and not warnings


def test_gbk_csv(tmp_path):
    records, _ = read_inventory(_csv(tmp_path, ["系统编号", "系统名称", "建设单位", "建设内容"],
                                     [r[:4] for r in ROWS], encoding="gbk"))
    assert records[0].owner == "某市交通运输局"


def test_xlsx_with_title_row_and_explicit_mapping(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年度政务信息系统清单（导出）"])
    ws.append(["资产号", "应用名称", "使用单位", "说明"])
    ws.append(["Z-9", "某区网格化治理平台", "某区政法委", "网格事件上报"])
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    guessed, _ = read_inventory(path)  # 资产号 / 说明 are not known headers: row ids are generated
    assert [(r.id, r.name, r.owner, r.description) for r in guessed] == [("row3", "某区网格化治理平台", "某区政法委", "")]
    with pytest.raises(YushenError, match="编号"):
        read_inventory(path, {"id": "编号"})  # an explicit mapping to a header that is not there
    records, _ = read_inventory(path, {"id": "资产号", "description": "说明"})
    assert [(r.id, r.name, r.owner, r.description) for r in records] == [("Z-9", "某区网格化治理平台", "某区政法委", "网格事件上报")]


def test_reimport_upserts_and_reports_added_changed_removed(tmp_path):
    db = tmp_path / "inv.db"
    header = ["系统编号", "系统名称", "所属部门", "主要功能", "建设年份", "状态"]
    first, _ = read_inventory(_csv(tmp_path, header, ROWS))
    s1 = import_records(db, first, "a.csv")
    assert (s1.added, s1.changed, s1.removed, s1.total) == (2, 0, 0, 2)
    changed = [["A-1", "某市智慧停车管理平台", "某市交通运输局", "泊位管理、无感支付和欠费追缴", "2021", "在用"],
               ["A-3", "某市出租车监管平台", "某市交通运输局", "出租车监管", "2020", "在用"]]
    second, _ = read_inventory(_csv(tmp_path, header, changed, name="b.csv"))
    s2 = import_records(db, second, "b.csv")
    assert (s2.added, s2.changed, s2.removed, s2.unchanged, s2.total) == (1, 1, 1, 0, 2)
    assert [r.id for r in load_records(db)] == ["A-1", "A-3"]
    assert [r.id for r in search(db, "欠费")] == ["A-1"]
    assert stats(db)["total"] == 2


def test_cli_import_then_check_against_the_db(tmp_path, devset_dir):
    env_db = tmp_path / "inv.db"
    run = [sys.executable, "-m", "yushen"]
    proc = subprocess.run(run + ["inventory", "import", str(devset_dir / "inventory.csv"), "--db", str(env_db)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "新增 255" in proc.stdout
    proc = subprocess.run(run + ["check", str(devset_dir / "docs" / "ordos-01_燃气安全智慧监管平台_可研.docx"),
                                 "--inventory", str(env_db), "--format", "json"], capture_output=True, text=True)
    import json

    report = json.loads(proc.stdout)
    assert report["duplicates"][0]["inventory_id"] == "XT150600-0031"
    assert report["duplicates"][0]["verdict"] == "likely_duplicate"
    f = next(f for f in report["findings"] if f["rule"] == "ordos.art24.duplicate_construction")
    assert f["status"] == "fail" and "XT150600-0031" in f["evidence"][0]["quote"]


@pytest.mark.parametrize("status,in_use", [("运行", True), ("在用", True), ("停运", False), ("已下线", False),
                                           ("停用", False)])
def test_retired_status_wordings_of_platform_exports(status, in_use):
    from yushen.inventory.model import InventoryRecord

    assert InventoryRecord("X", "某系统", status=status).in_use is in_use
