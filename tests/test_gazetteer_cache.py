"""The gazetteer's plain-data form is remembered under the table's bytes: read back it is the same gazetteer,
a changed table is built afresh, and a damaged or unwritable cache costs only the build."""

from __future__ import annotations

import pytest

from yushen.analyze import regions


def _as_data(gaz: regions.Gazetteer):
    return ({c: (r.code, r.name, r.full_name, r.level) for c, r in gaz.by_code_.items()},
            {k: tuple(r.code for r in v) for k, v in gaz.index_.items()}, gaz.max_len_)


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    regions.load_gazetteer.cache_clear()
    yield
    regions.load_gazetteer.cache_clear()


def test_remembered_gazetteer_is_the_built_one(fresh, tmp_path):
    built = regions.load_gazetteer()
    assert list((tmp_path / "cache" / "regions").glob("*.marshal"))
    regions.load_gazetteer.cache_clear()
    read_back = regions.load_gazetteer()
    assert read_back is not built and _as_data(read_back) == _as_data(built)
    text = "内蒙古自治区鄂尔多斯市达拉特旗政务服务局；大同小异，全部应用部署"
    assert [(m.text, [r.code for r in m.candidates]) for m in read_back.mentions(text)] == \
           [(m.text, [r.code for r in m.candidates]) for m in built.mentions(text)]
    rows = [(c, r.name) for c, r in built.by_code_.items()]
    assert _as_data(regions.Gazetteer(rows)) == _as_data(built)


def test_a_changed_table_is_built_afresh(fresh, tmp_path, monkeypatch):
    table = tmp_path / "divisions.csv"
    table.write_text("code,name\n150000,内蒙古自治区\n150600,鄂尔多斯市\n", encoding="utf-8")
    monkeypatch.setattr(regions, "TABLE", table)
    assert regions.load_gazetteer().get("150621") is None
    table.write_text("code,name\n150000,内蒙古自治区\n150600,鄂尔多斯市\n150621,达拉特旗\n", encoding="utf-8")
    regions.load_gazetteer.cache_clear()
    gaz = regions.load_gazetteer()
    assert gaz.get("150621").full_name == "内蒙古自治区鄂尔多斯市达拉特旗"
    assert [m.text for m in gaz.mentions("达拉特旗政府")] == ["达拉特旗"]


def test_damaged_or_unwritable_cache_costs_only_the_build(fresh, tmp_path, monkeypatch):
    built = _as_data(regions.load_gazetteer())
    for memo in (tmp_path / "cache" / "regions").glob("*.marshal"):
        memo.write_bytes(b"\x00not marshal")
    regions.load_gazetteer.cache_clear()
    assert _as_data(regions.load_gazetteer()) == built
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("YUSHEN_CACHE", str(blocked))
    regions.load_gazetteer.cache_clear()
    assert _as_data(regions.load_gazetteer()) == built
