"""Conformance suite every rule pack must pass: loads with unknown keys rejected, cites its regulation
verbatim, and its examples pass and fail as declared (run through the real pipeline)."""

import pytest

from yushen.analyze.model_store import load_model
from yushen.pipeline import analyse
from yushen.rules.examples import check_examples
from yushen.rules.model import RulePackError
from yushen.rules.registry import BUILTIN_DIR, load_all, load_pack
from yushen.rules.regulations import REGULATION_DIR, quote_found

from .conftest import REGULATIONS

PACKS = load_all()
RULES = [(p.id, r) for p in PACKS.values() for r in p.rules]


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_every_builtin_pack_file_is_registered_with_unique_prefixed_ids():
    assert set(PACKS) == {p.stem for p in BUILTIN_DIR.glob("[a-z]*.yaml")}
    for pack in PACKS.values():
        ids = [r.id for r in pack.rules]
        assert len(ids) == len(set(ids))
        assert all(i.startswith(pack.id + ".") for i in ids)
        assert all(r.examples for r in pack.rules), "every rule carries examples"


@pytest.mark.parametrize("pack_id,rule", RULES, ids=[r.id for _, r in RULES])
def test_citation_quote_is_verbatim_in_the_regulation(pack_id, rule):
    assert quote_found(PACKS[pack_id].regulation, rule.quote), rule.quote


@pytest.mark.parametrize("pack_id,rule", RULES, ids=[r.id for _, r in RULES])
def test_rule_examples_pass_and_fail_as_declared(pack_id, rule, model):
    bad = check_examples(rule, lambda doc: analyse("example.md", model, data=doc.encode("utf-8")))
    assert not bad, [(ex.expect, f.status, f.message) for ex, f in bad]


def test_shipped_regulations_are_the_shared_texts():
    if not REGULATIONS.exists():
        pytest.skip("shared/ not beside the checkout")
    for path in REGULATIONS.iterdir():
        assert (REGULATION_DIR / path.name).read_bytes() == path.read_bytes()


def test_dalad_extends_ordos_with_reprefixed_rules_and_overrides():
    dalad, ordos = PACKS["dalad"], PACKS["ordos"]
    assert dalad.extends == "ordos"
    suffixes = {r.id.split(".", 1)[1] for r in ordos.rules}
    assert {r.id.split(".", 1)[1] for r in dalad.rules} == suffixes
    assert dalad.rule("dalad.art12.crypto_not_applicable").source == dalad.source
    assert "视图信息综合应用平台" in dalad.rule("dalad.art8.integration_section").quote


def _write_pack(tmp_path, body: str):
    (tmp_path / "reg.txt").write_text("测试办法\n第一条 项目应当编制方案。\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text("pack: x\nname: 测试\nsource: 测试办法\nregulation: reg.txt\n" + body,
                                     encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("body,needle", [
    ("rules:\n  - {id: x.art1.a, title: t, severity: major, check: {kind: section_present, label: crypto}, "
     "message: m, citation: {article: 第一条, quote: q}, severty: major}\n", "severty"),
    ("rules:\n  - {id: x.art1.a, title: t, severity: major, check: {kind: section_present, lable: crypto}, "
     "message: m, citation: {article: 第一条, quote: q}}\n", "lable"),
    ("rules:\n  - {id: x.art1.a, title: t, severity: urgent, check: {kind: section_present, label: crypto}, "
     "message: m, citation: {article: 第一条, quote: q}}\n", "severity"),
    ("rules:\n  - {id: x.art1.a, title: t, severity: major, check: {kind: section_presnt, label: crypto}, "
     "message: m, citation: {article: 第一条, quote: q}}\n", "section_presnt"),
    ("rules:\n  - {id: wrong.id, title: t, severity: major, check: {kind: section_present, label: crypto}, "
     "message: m, citation: {article: 第一条, quote: q}}\n", "id must"),
    ("colour: red\n", "colour"),
])
def test_typos_in_a_pack_are_rejected_with_the_key_named(tmp_path, body, needle):
    with pytest.raises(RulePackError, match=needle):
        load_pack("x", _write_pack(tmp_path, body))
