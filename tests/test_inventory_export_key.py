"""`check --inventory EXPORT.csv|xlsx`: the export's key (the hash of all its bytes, 42 ms for 100k rows) is
remembered under the file's identity, so a prepared index is found without reading the export; any change to the
file — even one that keeps its size and modification time — gets it read and keyed again, and a file written a
moment ago is never remembered (its times may not move on a second write within the same clock tick)."""

from __future__ import annotations

import os
import time

import pytest

from yushen.pipeline import inventory_index

HEADER = "系统编号,系统名称,所属部门,主要功能,状态\n"
ROW = "XT-1,某市智慧停车管理平台,某市交通运输局,泊位管理、停车诱导、无感支付和欠费追缴,{status}\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _later(monkeypatch, seconds: float = 10.0) -> None:
    """The clock moved on, so the export's last write is no longer recent."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def _memos(cache) -> list:
    folder = cache / "inventory-index" / "export-keys"
    return sorted(folder.iterdir()) if folder.exists() else []


def _refuse_reading(monkeypatch) -> None:
    def refuse(*a, **k):
        raise AssertionError("the export was read again")

    monkeypatch.setattr(inventory_index, "open", refuse, raising=False)


def test_export_key_is_remembered_and_the_export_not_read_again(tmp_path, cache, monkeypatch):
    src = tmp_path / "inv.csv"
    src.write_text(HEADER + ROW.format(status="在用"), encoding="utf-8")
    _later(monkeypatch)
    key = inventory_index.inventory_key(src)
    assert len(_memos(cache)) == 1
    _refuse_reading(monkeypatch)
    assert inventory_index.inventory_key(src) == key


def test_other_column_mapping_is_keyed_apart(tmp_path, cache, monkeypatch):
    src = tmp_path / "inv.csv"
    src.write_text(HEADER + ROW.format(status="在用"), encoding="utf-8")
    _later(monkeypatch)
    plain = inventory_index.inventory_key(src)
    mapped = inventory_index.inventory_key(src, {"name": "系统名称"})
    assert plain != mapped and len(_memos(cache)) == 2
    _refuse_reading(monkeypatch)
    assert inventory_index.inventory_key(src, {"name": "系统名称"}) == mapped


def test_export_rewritten_with_same_size_and_times_gets_a_new_key(tmp_path, cache, monkeypatch):
    src = tmp_path / "inv.csv"
    src.write_text(HEADER + ROW.format(status="在用"), encoding="utf-8")
    _later(monkeypatch)
    before = inventory_index.inventory_key(src)
    st = os.stat(src)
    time.sleep(0.05)  # past the file system's timestamp tick, as any later edit is
    src.write_text(HEADER + ROW.format(status="停用"), encoding="utf-8")  # same length in bytes
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))  # the modification time put back
    assert os.stat(src).st_size == st.st_size and os.stat(src).st_mtime_ns == st.st_mtime_ns
    after = inventory_index.inventory_key(src)
    assert after != before
    assert not inventory_index.load_index(src).records_[0].in_use  # the index of the new content


def test_recently_written_export_is_not_remembered(tmp_path, cache):
    src = tmp_path / "inv.csv"
    src.write_text(HEADER + ROW.format(status="在用"), encoding="utf-8")
    first = inventory_index.inventory_key(src)
    assert _memos(cache) == [] and inventory_index.inventory_key(src) == first


def test_database_key_needs_no_memo(tmp_path, cache, monkeypatch):
    from yushen.inventory.importer import read_inventory
    from yushen.inventory.store import import_records

    src = tmp_path / "inv.csv"
    src.write_text(HEADER + ROW.format(status="在用"), encoding="utf-8")
    db = tmp_path / "inv.db"
    import_records(db, read_inventory(src)[0], "inv.csv")
    _later(monkeypatch)
    inventory_index.inventory_key(db)
    assert _memos(cache) == []  # the importer's stored digest is already cheap to read
