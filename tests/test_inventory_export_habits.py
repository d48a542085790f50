"""Inventory exports laid out the ways other authors lay them out (red-team 4): numbering that restarts, several
sheets, totals / notes / group rows, merged owner cells, other header words, English headers, unreadable files,
status words that mean retired. Every system must arrive once, and nothing else may arrive as a system."""

from __future__ import annotations

import pytest

from yushen.core.errors import YushenError
from yushen.inventory.importer import read_inventory
from yushen.inventory.model import InventoryRecord

HEADER = ["序号", "系统名称", "所属部门", "主要功能", "状态"]
SYSTEMS = [
    ("某市河道采砂监管系统", "某市水务局", "采砂船只定位、采砂许可核验和夜间偷采预警。"),
    ("某市农村供水工程管理系统", "某市水务局", "农村集中供水工程档案、水质巡检和维修工单。"),
    ("某市古树名木保护系统", "某市园林局", "古树名木挂牌、养护记录和生长状况巡查。"),
    ("某市行道树管养系统", "某市园林局", "行道树台账、修剪作业派单和病虫害防治记录。"),
]


def _csv(tmp_path, rows, name="inv.csv", header=HEADER):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def test_restarting_serial_numbers_keep_every_system(tmp_path):
    # numbered per department: 1, 2, then 1, 2 again — two systems under one number are still two systems
    rows = [[str(i % 2 + 1), n, o, d, "在用"] for i, (n, o, d) in enumerate(SYSTEMS)]
    records, warnings = read_inventory(_csv(tmp_path, rows))
    assert sorted(r.name for r in records) == sorted(n for n, _, _ in SYSTEMS)
    assert len({r.id for r in records}) == 4
    assert any("重复" in w for w in warnings)


def test_a_row_exported_twice_is_one_system(tmp_path):
    n, o, d = SYSTEMS[0]
    records, warnings = read_inventory(_csv(tmp_path, [["A-1", n, o, d, "在用"], ["A-1", n, o, d + "新增巡查。", "在用"]]))
    assert [(r.id, r.description) for r in records] == [("A-1", d + "新增巡查。")]
    assert warnings


def test_every_sheet_with_a_header_is_read(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    for i in range(30):  # a notes sheet longer than any list
        notes.append([f"{i + 1}. 系统名称请填写全称，所属部门填写主管部门，状态填写在用或停用。"])
    for title, part in (("市级", SYSTEMS[:2]), ("县区", SYSTEMS[2:])):
        ws = wb.create_sheet(title)
        ws.append(HEADER)
        for i, (n, o, d) in enumerate(part, 1):
            ws.append([i, n, o, d, "在用"])
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert sorted(r.name for r in records) == sorted(n for n, _, _ in SYSTEMS)


def test_totals_and_notes_rows_are_not_systems(tmp_path):
    rows = [[str(i), n, o, d, "在用"] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    rows += [["合计", "4个系统", "", "", ""], ["", "注：停用的系统不参与整合。", "", "", ""],
             ["", "合计：4个", "", "", ""], ["", "备注：本表由各部门填报", "", "", ""],
             ["填表人：王五", "", "", "审核人：赵六", ""]]
    records, _ = read_inventory(_csv(tmp_path, rows))
    assert sorted(r.name for r in records) == sorted(n for n, _, _ in SYSTEMS)


def test_group_rows_are_not_systems_and_name_the_owner_below(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "系统名称", "所属部门", "主要功能", "状态"])
    ws.append(["一、某市水务局", None, None, None, None])
    ws.merge_cells("A2:E2")
    for i, (n, _, d) in enumerate(SYSTEMS[:2], 1):
        ws.append([i, n, None, d, "在用"])
    ws.append([None, "某市园林局（小计：2个）", None, None, None])
    for i, (n, _, d) in enumerate(SYSTEMS[2:], 1):
        ws.append([i, n, None, d, "在用"])
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert [r.name for r in records] == [n for n, _, _ in SYSTEMS]
    assert [r.owner for r in records[:2]] == ["某市水务局", "某市水务局"]


def test_merged_owner_cells_fill_the_rows_they_cover(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, (n, o, d) in enumerate(SYSTEMS, 1):
        ws.append([i, n, o if i in (1, 3) else None, d, "在用"])
    ws.merge_cells("C2:C3")
    ws.merge_cells("C4:C5")
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert [r.owner for r in records] == [o for _, o, _ in SYSTEMS]


@pytest.mark.parametrize("header", [
    ["序号", "单位名称", "应用系统", "主要功能", "状态"],
    ["序号", "部门名称", "信息系统", "功能概述", "运行情况"],
    ["序号", "管理单位", "系统名称", "系统用途", "使用状态"],
])
def test_department_name_column_is_not_the_system_name(tmp_path, header):
    rows = [[str(i), o, n, d, "在用"] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    records, _ = read_inventory(_csv(tmp_path, rows, header=header))
    assert [(r.name, r.owner, r.description) for r in records] == [(n, o, d) for n, o, d in SYSTEMS]


def test_english_headers(tmp_path):
    rows = [[f"S{i}", n, o, d, "in use"] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    records, _ = read_inventory(_csv(tmp_path, rows, header=["System ID", "System Name", "Department",
                                                             "Function Description", "Status"]))
    assert [(r.id, r.name, r.owner, r.description) for r in records] == [
        (f"S{i}", n, o, d) for i, (n, o, d) in enumerate(SYSTEMS, 1)]


def test_binary_bytes_and_legacy_spreadsheets_get_a_coded_error(tmp_path):
    garbage = tmp_path / "inv.csv"
    garbage.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(YushenError) as err:
        read_inventory(garbage)
    assert err.value.code.value in ("corrupt_file", "unsupported_format")
    legacy = tmp_path / "inv.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(YushenError) as err:
        read_inventory(legacy)
    assert err.value.code.value == "unsupported_format" and "xlsx" in err.value.message


@pytest.mark.parametrize("status", ["已整合", "已合并", "拟关停", "已关停", "已废弃", "已撤销", "不再使用", "未使用",
                                    "暂停使用", "已停止运行"])
def test_status_words_that_mean_retired(status):
    assert InventoryRecord("X", "某系统", status=status).in_use is False


@pytest.mark.parametrize("status", ["在用", "正常运行", "整合中", "试运行", "已迁移上云", "运行"])
def test_status_words_that_mean_running(status):
    assert InventoryRecord("X", "某系统", status=status).in_use is True


def test_yes_no_in_use_column(tmp_path):
    rows = [[str(i), n, o, d, "否" if i == 2 else "是"] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    records, _ = read_inventory(_csv(tmp_path, rows, header=["序号", "系统名称", "所属部门", "主要功能", "是否在用"]))
    assert [r.in_use for r in records] == [True, False, True, True]


def test_xlsx_whose_dimension_tag_understates_the_sheet(tmp_path):
    """Some exporters write <dimension ref="A1"/>: the read-only reader must still see every column."""
    import re
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, (n, o, d) in enumerate(SYSTEMS, 1):
        ws.append([i, n, o, d, "在用"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            zout.writestr(item, data)
    records, _ = read_inventory(bad)
    assert [(r.name, r.owner) for r in records] == [(n, o) for n, o, _ in SYSTEMS]


def test_a_summary_sheet_repeating_the_department_sheets_gives_each_system_once(tmp_path):
    """汇总 sheet numbered 1..n and one sheet per department numbered from 1 again: the same rows twice."""
    from openpyxl import Workbook

    wb = Workbook()
    total = wb.active
    total.title = "汇总"
    total.append(HEADER)
    for i, (n, o, d) in enumerate(SYSTEMS, 1):
        total.append([i, n, o, d, "在用"])
    for owner in ("某市水务局", "某市园林局"):
        ws = wb.create_sheet(owner)
        ws.append(HEADER)
        for i, (n, o, d) in enumerate([s for s in SYSTEMS if s[1] == owner], 1):
            ws.append([i, n, o, d, "在用"])
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert sorted(r.name for r in records) == sorted(n for n, _, _ in SYSTEMS)


def test_a_hidden_sheet_is_not_read(tmp_path):
    """A hidden sheet holds an old copy or the drop-down lists, not the systems the list reports."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, (n, o, d) in enumerate(SYSTEMS, 1):
        ws.append([i, n, o, d, "在用"])
    old = wb.create_sheet("旧版")
    old.append(HEADER)
    old.append([9, "某市水政监察执法系统", "某市水务局", "水事违法案件登记和处罚。", "在用"])
    old.sheet_state = "hidden"
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert sorted(r.name for r in records) == sorted(n for n, _, _ in SYSTEMS)


def test_full_and_short_name_columns(tmp_path):
    rows = [[str(i), n, n[2:6], o, d] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    records, _ = read_inventory(_csv(tmp_path, rows, header=["序号", "系统全称", "系统简称", "所属部门", "主要功能"]))
    assert [r.name for r in records] == [n for n, _, _ in SYSTEMS]


def test_excel_text_escapes_and_dates(tmp_path):
    """="0012" keeps leading zeros in an Excel CSV; a date cell is a date, not a timestamp."""
    import datetime

    from openpyxl import Workbook

    rows = [[f'="00{i}"', n, o, d, "在用"] for i, (n, o, d) in enumerate(SYSTEMS, 1)]
    records, _ = read_inventory(_csv(tmp_path, rows, header=["系统编号", "系统名称", "所属部门", "主要功能", "状态"]))
    assert [r.id for r in records] == ["001", "002", "003", "004"]
    wb = Workbook()
    ws = wb.active
    ws.append(["系统编号", "系统名称", "上线时间"])
    ws.append(["A-1", SYSTEMS[0][0], datetime.datetime(2021, 6, 1)])
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    assert read_inventory(path)[0][0].year == "2021-06-01"


def test_a_system_merged_over_its_module_rows_is_one_system_with_every_module(tmp_path):
    """系统名称 merged down the rows of its modules (功能模块 | 功能描述 one per row): one system, all its functions."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "系统名称", "所属部门", "功能模块", "功能描述"])
    ws.append([1, "某市河道采砂监管系统", "某市水务局", "采砂船定位", "采砂船只北斗定位和电子围栏。"])
    ws.append([None, None, None, "许可核验", "采砂许可证在线核验。"])
    ws.append([None, None, None, "偷采预警", "夜间偷采行为自动预警。"])
    ws.append([2, "某市古树名木保护系统", "某市园林局", "挂牌管理", "古树名木挂牌和养护记录。"])
    for col in "ABC":
        ws.merge_cells(f"{col}2:{col}4")
    path = tmp_path / "inv.xlsx"
    wb.save(path)
    records, _ = read_inventory(path)
    assert [r.name for r in records] == ["某市河道采砂监管系统", "某市古树名木保护系统"]
    assert all(w in records[0].description for w in ("电子围栏", "在线核验", "偷采行为"))
    assert "许可核验" in records[0].description


def test_a_system_listed_by_its_name_alone_is_kept_even_when_named_like_a_body(tmp_path):
    """A name-only list without ids: 城市运行指挥中心 or 12345热线 alone in its row is a system, not a group row;
    only a plain department name (某市水务局) alone is one."""
    rows = [["", "某市城市运行指挥中心", "", ""], ["", "某市12345热线", "", ""], ["", "某市水务局", "", ""],
            ["", "某市河道采砂监管系统", "", ""]]
    records, _ = read_inventory(_csv(tmp_path, rows, header=["序号", "系统名称", "所属部门", "主要功能"]))
    assert [(r.name, r.owner) for r in records] == [("某市城市运行指挥中心", ""), ("某市12345热线", ""),
                                                    ("某市河道采砂监管系统", "某市水务局")]
