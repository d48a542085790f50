"""Parsed rule-pack YAML is remembered under the file's bytes (a check reads every pack's header at start):
the remembered form is the parsed form, an edited pack is parsed afresh, and a cache that cannot be written or
holds a damaged entry costs only the parsing."""

from __future__ import annotations

import os

import pytest
import yaml

from yushen.rules import registry
from yushen.rules.errors import RulePackError
from yushen.rules.model import _parsed_memo, load_yaml


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_remembered_parse_is_the_parse_for_every_builtin_pack(cache):
    files = sorted(registry.BUILTIN_DIR.glob("*.yaml"))
    assert len(files) >= 5
    for f in files:
        fresh = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert load_yaml(f) == fresh  # parsed, remembered
        assert _parsed_memo(f.read_bytes()).is_file()
        assert load_yaml(f) == fresh  # read back


def test_an_edited_pack_is_parsed_afresh(cache, tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nname: 甲\n", encoding="utf-8")
    assert load_yaml(pack)["name"] == "甲"
    pack.write_text("pack: p\nname: 乙\n", encoding="utf-8")
    os.utime(pack, ns=(1, 1))  # even with an old time stamp
    assert load_yaml(pack)["name"] == "乙"


def test_dates_are_remembered_as_dates(cache, tmp_path):
    import datetime

    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nissued: 2021-05-01\nat: 2021-05-01 10:20:30\nlist: [2020-01-02, x]\n",
                    encoding="utf-8")
    fresh = yaml.safe_load(pack.read_text(encoding="utf-8"))
    assert load_yaml(pack) == fresh and _parsed_memo(pack.read_bytes()).is_file()
    again = load_yaml(pack)
    assert again == fresh and type(again["issued"]) is datetime.date and type(again["at"]) is datetime.datetime


def test_damaged_entry_or_unwritable_cache_only_costs_the_parse(tmp_path, monkeypatch):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\r\nrules: []\r\n", encoding="utf-8")
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    memo = _parsed_memo(pack.read_bytes())
    memo.parent.mkdir(parents=True)
    memo.write_bytes(b"\x00garbage")
    assert load_yaml(pack) == {"pack": "p", "rules": []}
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("YUSHEN_CACHE", str(blocked))
    assert load_yaml(pack) == {"pack": "p", "rules": []}


def test_bad_yaml_and_bad_bytes_are_still_coded_errors(cache, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="not valid YAML"):
        load_yaml(bad)
    with pytest.raises(RulePackError, match="not valid YAML"):  # a failed parse is never remembered
        load_yaml(bad)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00pack")
    with pytest.raises(RulePackError, match="cannot read"):
        load_yaml(binary)


def test_threads_remembering_the_same_pack_at_once(cache):
    from concurrent.futures import ThreadPoolExecutor

    pack = registry.BUILTIN_DIR / "national.yaml"
    fresh = yaml.safe_load(pack.read_text(encoding="utf-8"))
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: load_yaml(pack), range(32)))
    assert all(r == fresh for r in results)
    assert load_yaml(pack) == fresh and not list((cache / "yaml").glob("*.tmp"))
