"""A pack with a wrong value does not load: one test per class of error, each naming the file, the rule and the
key; the published JSON Schema accepts every built-in pack; the article splitter reads Markdown and plain text."""

import json

import jsonschema
import pytest
import yaml

from yushen.rules.errors import RulePackError
from yushen.rules.registry import BUILTIN_DIR, PackRegistry
from yushen.rules.regulations import article_text, articles
from yushen.rules.schema import pack_schema

RULE = ("  - id: x.art1.a\n    title: t\n    severity: major\n    check: {kind: section_present, label: crypto}\n"
        "    message: m\n    citation: {article: 第一条, quote: 项目应当编制方案}\n")


def _pack(tmp_path, rule: str = RULE, header: str = "") -> PackRegistry:
    (tmp_path / "reg.txt").write_text("测试办法\n第一条 项目应当编制方案。\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text("pack: x\nname: 测试\nsource: 测试办法\nregulation: reg.txt\n" + header
                                     + "rules:\n" + rule, encoding="utf-8")
    return PackRegistry([tmp_path])


def _fails(tmp_path, needles, **kw):
    with pytest.raises(RulePackError) as err:
        _pack(tmp_path, **kw).load("x")
    message = str(err.value)
    assert "x.yaml" in message
    for needle in needles:
        assert needle in message, message


def test_the_base_pack_loads(tmp_path):
    assert [r.id for r in _pack(tmp_path).load("x").rules] == ["x.art1.a"]


def test_unknown_fact_name_in_a_check(tmp_path):
    rule = RULE.replace("{kind: section_present, label: crypto}",
                        "{kind: fact_compare, fact: free_maintenance_monthz, op: '>=', value: 12}")
    _fails(tmp_path, ["x.art1.a", "check.fact", "free_maintenance_monthz"], rule=rule)


def test_unknown_fact_name_in_applies_when_and_examples(tmp_path):
    _fails(tmp_path, ["x.art1.a", "applies_when.facts", "supervison_planned"],
           rule=RULE + "    applies_when: {facts: {supervison_planned: true}}\n")
    _fails(tmp_path, ["x.art1.a", "examples.facts", "project_klass"],
           rule=RULE + "    examples:\n      - {expect: pass, doc: '# 一', facts: {project_klass: construction}}\n")


def test_unknown_label(tmp_path):
    _fails(tmp_path, ["x.art1.a", "check.label", "cryptoo"], rule=RULE.replace("label: crypto", "label: cryptoo"))
    _fails(tmp_path, ["x.art1.a", "label", "cryptoo"], rule=RULE + "    label: cryptoo\n")


def test_unknown_doc_type(tmp_path):
    _fails(tmp_path, ["x.art1.a", "applies_when.doc_type", "feasibility"],
           rule=RULE + "    applies_when: {doc_type: [feasibility]}\n")
    _fails(tmp_path, ["doc_types", "crypto_plann"], header="doc_types: [crypto_plann]\n")


def test_unknown_enumerated_fact_value(tmp_path):
    _fails(tmp_path, ["x.art1.a", "project_class", "build"],
           rule=RULE + "    applies_when: {project_class: [build]}\n")


def test_unknown_status(tmp_path):
    rule = RULE.replace("{kind: section_present, label: crypto}",
                        "{kind: facts_required, facts: [supervision_planned], on_missing: warning}")
    _fails(tmp_path, ["x.art1.a", "check.on_missing", "warning"], rule=rule)
    _fails(tmp_path, ["x.art1.a", "examples.expect", "passes"],
           rule=RULE + "    examples:\n      - {expect: passes, doc: '# 一'}\n")


def test_unknown_severity(tmp_path):
    _fails(tmp_path, ["x.art1.a", "severity", "urgent"], rule=RULE.replace("severity: major", "severity: urgent"))


def test_check_parameters_unknown_missing_and_badly_typed(tmp_path):
    _fails(tmp_path, ["x.art1.a", "lable"], rule=RULE.replace("label: crypto", "lable: crypto"))
    _fails(tmp_path, ["x.art1.a", "needs", "label"], rule=RULE.replace(", label: crypto", ""))
    _fails(tmp_path, ["x.art1.a", "check.kind", "section_presnt"],
           rule=RULE.replace("section_present", "section_presnt"))
    bad_regex = RULE.replace("{kind: section_present, label: crypto}", "{kind: text_forbidden, pattern: '新建(机房'}")
    _fails(tmp_path, ["x.art1.a", "check.pattern", "bad regular expression"], rule=bad_regex)
    bad_number = RULE.replace("{kind: section_present, label: crypto}",
                              "{kind: content_covers, label: crypto, points: {a: SM2}, min: two}")
    _fails(tmp_path, ["x.art1.a", "check.min", "number"], rule=bad_number)
    no_group = RULE.replace("{kind: section_present, label: crypto}",
                            "{kind: levels_agree, first: '等保(三)级', second: '密码(三)级'}")
    _fails(tmp_path, ["x.art1.a", "check.first", "(?P<level>"], rule=no_group)


def test_header_keys_ids_regions_and_regulation(tmp_path):
    _fails(tmp_path, ["colour"], header="colour: red\n")
    _fails(tmp_path, ["governs.regions", "331199"], header="governs: {regions: ['331199']}\n")
    _fails(tmp_path, ["governs.regions", "331100", "prefecture"],
           header="governs: {regions: ['331100'], levels: [county]}\n")
    _fails(tmp_path, ["wrong.id", "id must"], rule=RULE.replace("x.art1.a", "wrong.id"))
    (tmp_path / "x.yaml").write_text("pack: x\nsource: 测试办法\nregulation: missing.txt\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="missing.txt"):
        PackRegistry([tmp_path]).load("x")


def test_two_packs_with_one_id_or_one_region_are_refused(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for d in (one, two):
        d.mkdir()
        _pack(d, header="governs: {regions: ['331100'], levels: [prefecture]}\n")
    with pytest.raises(RulePackError, match="defined twice"):
        PackRegistry([one, two])
    (two / "x.yaml").write_text((two / "x.yaml").read_text(encoding="utf-8").replace("pack: x", "pack: y")
                                .replace("x.art1", "y.art1"), encoding="utf-8")
    with pytest.raises(RulePackError, match="331100 governed by two packs"):
        PackRegistry([one, two])


def test_published_schema_accepts_every_builtin_pack_and_rejects_a_typo():
    schema = pack_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in BUILTIN_DIR.glob("[a-z]*.yaml"):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert not list(validator.iter_errors(data)), path.name
        data["rules"][0]["check"]["kind"] = "section_presnt"
        assert list(validator.iter_errors(data)), path.name


@pytest.mark.parametrize("layout", ["**第{n}条** ", "### 第{n}条\n\n", "#### **第{n}条**　", "第{n}条　"])
def test_article_splitter_reads_markdown_and_plain_text(tmp_path, layout):
    text = "---\ntitle: 某办法\n---\n# 某市政务信息化项目管理办法\n\n## 第一章 总则\n\n"
    for n, body in (("一", "为规范管理，制定本办法。"), ("十五", "项目建议书应当包括数据共享分析篇章。"),
                    ("十六", "免费运维期必须不少于2年。")):
        text += layout.format(n=n) + body + "\n\n"
    path = tmp_path / "reg.md"
    path.write_text(text, encoding="utf-8")
    assert list(articles(str(path))) == ["第一条", "第十五条", "第十六条"]
    assert article_text(str(path), "第十五条") == "第十五条 项目建议书应当包括数据共享分析篇章。"


def test_packs_are_found_in_the_config_file_env_and_as_a_file(tmp_path, monkeypatch):
    from yushen.rules import registry

    folder = tmp_path / "mine"
    folder.mkdir()
    _pack(folder, header="governs: {regions: ['331100'], levels: [prefecture]}\n")
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    monkeypatch.setenv("YUSHEN_CONFIG", str(tmp_path / "config.yaml"))
    assert registry.find("331100") is None
    (tmp_path / "config.yaml").write_text("pack_dirs: [mine]\n", encoding="utf-8")
    assert registry.find("331100") == "x" and "x" in registry.ids()
    (tmp_path / "config.yaml").unlink()
    monkeypatch.setenv(registry.ENV_VAR, str(folder))
    assert registry.default().find("331100") == "x" and registry.default().central() == "national"
    monkeypatch.delenv(registry.ENV_VAR)
    reg = registry.default([folder / "x.yaml"])
    assert reg.id_at(folder / "x.yaml") == "x" and reg.load("x").regulation.endswith("reg.txt")
    assert reg.find("150621") == "dalad" and reg.fallback() == "national" and reg.for_doc_type("crypto_plan") == "crypto"
