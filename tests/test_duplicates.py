"""Duplicate-construction matching: labelled pairs, the dev set, evidence, batches, the rule per build mode."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from yushen.analyze.duplicates import InventoryIndex, core_name
from yushen.analyze.evaluate import evaluate_duplicate_pairs, plans_from_pair
from yushen.analyze.model_store import load_model
from yushen.inventory.importer import read_inventory
from yushen.pipeline import review_file
from yushen.pipeline.inventory_index import load_index

from .builders import build_docx

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "duplicates"


@pytest.fixture(scope="module")
def corpus_index():
    return InventoryIndex().fit(read_inventory(CORPUS / "inventory.csv")[0])


@pytest.fixture(scope="module")
def pairs():
    return [json.loads(line) for line in (CORPUS / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_labelled_pairs_recall_at_3_and_no_false_alarms(corpus_index, pairs):
    res = evaluate_duplicate_pairs(corpus_index, pairs)
    assert res["recall_at_3"] >= 0.95, res["misses"]
    assert res["hard_negative_likely"] == 0, res["false_alarms"]
    assert res["proposals_with_false_alarm"] == 0, res["false_alarms"]


def test_evidence_pairs_point_at_matching_functions(corpus_index, pairs):
    row = next(r for r in pairs if r["id"] == "p01")
    best = corpus_index.match(plans_from_pair(row))[0]
    assert best.inventory_id == "BT-001" and best.verdict == "likely_duplicate"
    funcs = [e for e in best.evidence if e["field"] == "functions"]
    assert funcs and any("漏" in e["proposal"] and "漏" in e["inventory"] for e in funcs)


def test_partner_system_is_not_a_rebuild(corpus_index, pairs):
    row = next(r for r in pairs if r["id"] == "n10")  # hands archives to the archive system
    verdicts = {c.inventory_id: c.verdict for c in corpus_index.match(plans_from_pair(row))}
    assert verdicts.get("CF-013") != "likely_duplicate"


def test_core_name_strips_places_and_generic_words_but_not_meaning():
    assert core_name("菏泽市牡丹区数字化城市管理系统") == "数字化城市管理"
    assert core_name("鄂尔多斯市燃气安全智慧监管平台建设项目") == "燃气安全监管"


def test_index_roundtrip_through_plain_arrays(tmp_path, corpus_index, pairs):
    path = tmp_path / "idx.npz"
    corpus_index.save(path)
    loaded = InventoryIndex.load(path, corpus_index.records_)
    plans = plans_from_pair(pairs[0])
    assert loaded.candidates(plans.query_text()) == corpus_index.candidates(plans.query_text())


def test_devset_duplicates(truth, devset_dir):
    model = load_model()
    index = load_index(devset_dir / "inventory.csv")
    for doc in truth["documents"]:
        report = review_file(devset_dir / doc["file"], model, index=index)
        top3 = [d.inventory_id for d in report.duplicates[:3]]
        assert all(d in top3 for d in doc["duplicates"]), (doc["id"], top3)
        allowed = set(doc["duplicates"]) | set(doc["duplicates_also_ok"])
        likely = {d.inventory_id for d in report.duplicates if d.verdict == "likely_duplicate"}
        assert likely <= allowed, (doc["id"], likely)


def _proposal(title_owner: str, project: str, mode: str) -> list:
    return [(1, "第一章 项目概述"),
            f"项目名称：{project}。项目建设单位：{title_owner}。项目总投资300万元，项目性质：{mode}。",
            (1, "第二章 建设内容"),
            "建设泊位资源管理子系统，接入路内泊位地磁和停车场出入口数据，实时发布空余泊位，提供无感支付和欠费追缴，"
            "统计泊位周转率。"]


def test_rule_fails_on_new_build_and_warns_on_upgrade(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("系统编号,系统名称,所属部门,主要功能,状态\nXT-1,鄂尔多斯市智慧停车管理平台,鄂尔多斯市公安局,"
                   "接入路内泊位地磁和停车场出入口数据，实时发布空余泊位，提供无感支付和欠费追缴，统计泊位周转率。,在用\n",
                   encoding="utf-8")
    model = load_model()
    index = load_index(inv)
    for mode, expected in (("新建", "fail"), ("升级改造", "warn")):
        path = build_docx(tmp_path / f"{mode}.docx", _proposal("鄂尔多斯市城市管理局", "鄂尔多斯市停车服务平台建设项目", mode))
        report = review_file(path, model, index=index)
        f = next(f for f in report.findings if f.rule == "ordos.art24.duplicate_construction")
        assert f.status == expected, mode


def test_batch_reports_two_departments_proposing_the_same_platform(tmp_path):
    a = build_docx(tmp_path / "a.docx", _proposal("包头市城市管理局", "包头市智慧停车平台建设项目", "新建"))
    b = build_docx(tmp_path / "b.docx", _proposal("包头市公安局", "包头市城市停车综合服务平台建设项目", "新建"))
    c = build_docx(tmp_path / "c.docx", [(1, "第一章 项目概述"), "项目名称：包头市河长制平台建设项目。",
                                         (1, "第二章 建设内容"), "建立河湖长巡河、问题交办和考核功能。"])
    proc = subprocess.run([sys.executable, "-m", "yushen", "check", str(a), str(b), str(c), "--format", "json"],
                          capture_output=True, text=True)
    reports = {json.loads(line)["document"]["path"]: json.loads(line) for line in proc.stdout.splitlines()}
    batch_a = reports[str(a)]["batch_duplicates"]
    assert [d["path"] for d in batch_a if d["verdict"] == "likely_duplicate"] == [str(b)]
    assert not [d for d in reports[str(c)]["batch_duplicates"] if d["verdict"] == "likely_duplicate"]


def test_same_kind_of_system_in_another_city_is_only_an_overlap():
    from yushen.analyze.duplicates import ProposalPlans
    from yushen.inventory.model import InventoryRecord

    desc = "建立泊位资源库，接入路内泊位地磁和停车场出入口数据，发布空余泊位，提供无感支付和欠费追缴。"
    index = InventoryIndex().fit([InventoryRecord("B-1", "包头市智慧停车管理平台", "包头市公安局", desc, status="在用"),
                                  InventoryRecord("E-1", "鄂尔多斯市停车诱导系统", "鄂尔多斯市公安局", desc, status="在用")])
    plans = ProposalPlans(["鄂尔多斯市停车服务平台"], desc, "", "鄂尔多斯市交通运输局", "new", "鄂尔多斯市停车服务平台建设项目")
    verdicts = {c.inventory_id: c.verdict for c in index.match(plans)}
    assert verdicts == {"E-1": "likely_duplicate", "B-1": "possible_overlap"}
