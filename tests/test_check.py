"""`yushen check` end to end: built proposals that break one rule of each pack, complete ones that pass, the
dev set's planted problems, every report validated against the contract's JSON Schema."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from yushen.analyze.model_store import load_model
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import BREAKAGES, complete

SCHEMA = json.loads((Path(__file__).parent / "report_schema.json").read_text(encoding="utf-8"))
JURS = ["national", "nmg", "ordos", "dalad", "mudan", "datong"]


@pytest.fixture(scope="module")
def model():
    return load_model()


def _validate(obj):
    jsonschema.validate(obj, SCHEMA)
    return obj


def _fails(report):
    return sorted(f.rule for f in report.findings if f.status == "fail")


@pytest.mark.parametrize("jur", JURS)
def test_complete_proposal_passes_its_pack(tmp_path, model, jur):
    title, items = complete(jur)
    report = review_file(build_docx(tmp_path / f"{jur}.docx", items, title_page=title), model)
    _validate(report.to_json())
    assert report.ruleset == jur
    assert _fails(report) == []


@pytest.mark.parametrize("jur", JURS)
def test_breaking_one_rule_fails_exactly_that_rule(tmp_path, model, jur):
    title, items = complete(jur)
    breaker, rule_id = BREAKAGES[jur]
    report = review_file(build_docx(tmp_path / f"{jur}-broken.docx", breaker(items), title_page=title), model)
    _validate(report.to_json())
    assert _fails(report) == [rule_id]
    failing = next(f for f in report.findings if f.rule == rule_id)
    assert failing.citation.article.startswith("第") and failing.citation.quote
    assert failing.message


def _truth_ids(doc):
    return sorted(doc["missing_mandatory"]), sorted(v["id"] for v in doc["content_violations"])


def _devset_ids():
    from .conftest import DEVSET

    path = DEVSET / "truth.json"
    if not path.exists():
        return []
    return [d["id"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"]]


# Dev-set documents whose verdicts wait for another issue's work (strict: they must start failing the xfail
# the moment that work lands, and then be taken off this list).
DEVSET_PENDING: dict[str, str] = {}


@pytest.mark.parametrize("doc_id", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=DEVSET_PENDING[i]))
                                    if i in DEVSET_PENDING else i for i in _devset_ids()])
def test_devset_missing_sections_and_planted_violations(model, truth, devset_dir, doc_id):
    from yushen.core.errors import YushenError

    doc = next(d for d in truth["documents"] if d["id"] == doc_id)
    if doc.get("expected_error"):
        with pytest.raises(YushenError) as err:
            review_file(devset_dir / doc["file"], model)
        assert err.value.code.value == doc["expected_error"] and err.value.kind in ("regulation", "template")
        return
    report = review_file(devset_dir / doc["file"], model)
    _validate(report.to_json())
    missing = sorted({f.label for f in report.findings if f.status == "fail" and f.rule.endswith("_section")})
    violations = sorted(f.rule for f in report.findings if f.status == "fail" and not f.rule.endswith("_section"))
    assert report.ruleset == doc.get("expected_ruleset", doc["jurisdiction"])
    assert report.document["jurisdiction"] == doc["jurisdiction"]
    assert (missing, violations) == _truth_ids(doc)


def test_passing_mention_is_evidence_not_a_section(model, truth, devset_dir):
    # ordos-02 mentions 统一身份认证 once inside 4.2 技术架构: still missing, with that sentence as evidence.
    doc = next(d for d in truth["documents"] if d["id"] == "ordos-02")
    report = review_file(devset_dir / doc["file"], model)
    f = next(f for f in report.findings if f.rule == "ordos.art8.integration_section")
    assert f.status == "fail"
    assert any("统一身份认证" in e.quote and e.page for e in f.evidence)
    assert "顺带提及" in f.message


def _run(*args):
    return subprocess.run([sys.executable, "-m", "yushen", *args], capture_output=True, text=True)


def test_cli_exit_codes_formats_and_forced_pack(tmp_path):
    title, items = complete("nmg")
    good = build_docx(tmp_path / "good.docx", items, title_page=title)
    breaker, rule_id = BREAKAGES["nmg"]
    bad = build_docx(tmp_path / "bad.docx", breaker(items), title_page=title)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n%%EOF")

    assert _run("check", str(good)).returncode == 0
    proc = _run("check", str(bad), "--format", "json")
    assert proc.returncode == 1
    report = _validate(json.loads(proc.stdout))
    assert report["ruleset"] == "nmg" and "内蒙古自治区" in report["ruleset_reason"]
    assert report["document"]["region"] == "内蒙古自治区" and report["document"]["jurisdiction"] == "nmg"
    assert _run("check", str(bad), "--fail-on", "blocker").returncode == 0  # the breakage is major

    forced = _validate(json.loads(_run("check", str(good), "--rules", "datong", "--format", "json").stdout))
    assert forced["ruleset"] == "datong" and "--rules" in forced["ruleset_reason"]

    proc = _run("check", str(good), str(broken), "--format", "json")
    assert proc.returncode == 2
    records = [_validate(json.loads(line)) for line in proc.stdout.splitlines()]
    assert [r["status"] for r in records] == ["ok", "error"]
    assert records[1]["error"]["code"] == "corrupt_file"
    assert "Traceback" not in proc.stderr

    html = tmp_path / "r.html"
    assert _run("check", str(bad), "--format", "html", "--out", str(html)).returncode == 1
    page = html.read_text(encoding="utf-8")
    assert "第二十七条" in page and "免费运维期原则上自项目竣工验收合格之日起不得少于1年" in page
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")
    md = _run("check", str(bad), "--format", "md").stdout
    assert rule_id in md and "| 标题 | 分类 |" in md
    text = _run("check", str(bad)).stdout
    assert "不符合" in text and "第二十七条" in text


def test_waivers_keep_the_finding_and_clear_the_exit_code(tmp_path):
    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    bad = build_docx(tmp_path / "bad.docx", breaker(items), title_page=title)
    (tmp_path / "bad.docx.waivers.yaml").write_text(
        f"waivers:\n  - rule: {rule_id}\n    reason: 合同约定延长质保，经审查同意\n", encoding="utf-8")
    proc = _run("check", str(bad), "--format", "json")
    assert proc.returncode == 0
    f = next(f for f in json.loads(proc.stdout)["findings"] if f["rule"] == rule_id)
    assert f["status"] == "fail" and f["waived"]["reason"].startswith("合同约定")
    (tmp_path / "w.yaml").write_text("waivers:\n  - rule: x\n", encoding="utf-8")
    proc = _run("check", str(bad), "--waivers", str(tmp_path / "w.yaml"))
    assert proc.returncode == 2 and "bad_waivers" in proc.stderr


def test_rules_show_prints_the_full_article():
    proc = _run("rules", "show", "mudan.art18.standalone_app")
    assert proc.returncode == 0
    assert "第十八条" in proc.stdout and "城市大脑平台建设" in proc.stdout  # the rest of the article, not only the quote
    assert _run("rules", "show", "mudan.art99.nothing").returncode == 2


def test_bundled_sample_shows_exactly_its_three_planted_problems(model):
    # The README promises three planted problems: no 节能分析 (art. 13), a 密码 chapter that only says it does not
    # apply (art. 12), a rebuild of an inventory system (art. 24). Nothing else may fail — in particular its
    # 统一接入 chapter ends "不单独建设上述能力", a reuse statement, not a negation.
    from yushen.pipeline.inventory_index import load_index

    root = Path(__file__).resolve().parents[1] / "corpus"
    index = load_index(root / "duplicates" / "inventory.csv")
    report = review_file(root / "samples" / "ordos_智慧停车服务平台_可研.docx", model, index=index)
    assert _fails(report) == ["ordos.art12.crypto_not_applicable", "ordos.art13.energy_section",
                              "ordos.art24.duplicate_construction"]
