"""A prepared inventory index is found by the inventory's content and loads from its own memory-mapped files,
without reading the inventory again; a changed inventory gets a new index."""

from __future__ import annotations

import numpy as np
import pytest

from yushen.inventory.importer import read_inventory
from yushen.inventory.store import import_records
from yushen.pipeline import inventory_index

HEADER = "系统编号,系统名称,所属部门,主要功能,状态\n"
ROWS = ["XT-1,某市智慧停车管理平台,某市交通运输局,泊位管理、停车诱导、无感支付和欠费追缴,在用",
        "XT-2,某市公交调度系统,某市交通运输局,公交车辆调度、线路排班和客流统计,在用",
        "XT-3,某市城市管理综合执法平台,某市城市管理局,案件受理、派遣、处置和结案考核,停用"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _csv(tmp_path, rows=ROWS):
    path = tmp_path / "inv.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _no_reading(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the inventory was read again")

    monkeypatch.setattr(inventory_index, "load_any", refuse)


def _same(a, b) -> None:
    q = "建设智慧停车平台，提供泊位管理和无感支付"
    assert a.candidates(q) == b.candidates(q) and a.candidates(q)
    assert [r.id for r in a.records_] == [r.id for r in b.records_]
    assert a.records_[0] == b.records_[0] and a.records_[-1] == b.records_[-1]
    assert (np.asarray(a.places_) == np.asarray(b.places_)).all()


def test_prepared_index_of_an_export_loads_without_reading_it(tmp_path, cache, monkeypatch):
    src = _csv(tmp_path)
    first = inventory_index.load_index(src)
    _no_reading(monkeypatch)
    again = inventory_index.load_index(src)
    _same(again, first)
    assert _mapped(again.postings_.data) and _mapped(again.postings_.indices) and _mapped(again.idf_)


def _mapped(arr) -> bool:
    """The array (or what it views) is a memory map of the index file, not a copy read into memory."""
    while arr is not None:
        if isinstance(arr, np.memmap):
            return True
        arr = getattr(arr, "base", None)
    return False


def test_prepared_index_of_a_database_loads_without_reading_it(tmp_path, cache, monkeypatch):
    db = tmp_path / "inv.db"
    import_records(db, read_inventory(_csv(tmp_path))[0], "inv.csv")
    first = inventory_index.load_index(db)
    _no_reading(monkeypatch)
    _same(inventory_index.load_index(db), first)


def test_changed_inventory_gets_a_new_index(tmp_path, cache):
    db = tmp_path / "inv.db"
    import_records(db, read_inventory(_csv(tmp_path))[0], "inv.csv")
    before = inventory_index.inventory_key(db)
    changed = [ROWS[0].replace("在用", "停用"), *ROWS[1:]]
    import_records(db, read_inventory(_csv(tmp_path, changed))[0], "inv.csv")
    assert inventory_index.inventory_key(db) != before
    assert not inventory_index.load_index(db).records_[0].in_use
    src = _csv(tmp_path, ROWS[:2])
    assert len(inventory_index.load_index(src).records_) == 2  # the export changed too: its own index


def test_database_imported_before_digests_were_kept_still_gets_a_key(tmp_path, cache):
    import sqlite3

    db = tmp_path / "inv.db"
    import_records(db, read_inventory(_csv(tmp_path))[0], "inv.csv")
    stored = inventory_index.inventory_key(db)
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM meta WHERE key='digest'")
    assert inventory_index.inventory_key(db) == stored
    assert len(inventory_index.load_index(db).records_) == 3
