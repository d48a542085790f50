"""Classification on documents whose headings appear nowhere in the training corpus."""

import json
import subprocess
import sys

import pytest

from yushen.analyze.classify import LABELS, classify_tree
from yushen.analyze.model_store import TRAIN_FILE, load_model, read_jsonl
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_taxonomy_ids_are_the_contract_ids():
    from pathlib import Path

    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "section-taxonomy.md"
    if not spec.exists():
        pytest.skip("shared/ not beside the checkout")
    import re

    ids = re.findall(r"^\| `(\w+)` \|", spec.read_text(encoding="utf-8"), re.M)
    assert tuple(ids) == LABELS


def test_unseen_headings_in_a_built_document(tmp_path, model):
    train_headings = {r["heading"] for r in read_jsonl(TRAIN_FILE)}
    items = [
        (1, "一、工程由来与目标"), "本工程由市水务局建设，总投资四百二十万元，建设期一年。",
        (1, "二、数据怎么共享"), "梳理形成数据目录二十项，明确数据来源、格式、更新频率，经共享交换平台向住建、应急部门共享。",
        (1, "三、网络安全防线"), "系统按等级保护第三级建设，部署防火墙和日志审计。",
        (2, "（一）商用密码改造"), "采用SM2、SM4算法，同步规划、同步建设、同步运行，上线前开展密评。",
        (1, "四、软硬件信创情况"), "服务器和数据库全部采用国产产品，完成适配测试。",
        (1, "五、上线后谁来维护"), "承建单位提供一年免费运维，之后由信息中心负责日常维护。",
        (1, "六、钱从哪里来"), "项目资金由市本级财政预算安排，投资明细见下表。",
    ]
    for it in items:
        if isinstance(it, tuple):
            assert not any(it[1][2:] in h for h in train_headings), it
    tree = classify_tree(segment_headings(read_document(build_docx(tmp_path / "x.docx", items))), model)
    got = [(s.title, s.label) for s in tree.sections()]
    assert [label for _, label in got] == ["overview", "data_sharing", "network_security", "crypto",
                                           "secure_reliable", "operations", "investment"]
    security = tree.sections()[2]
    assert "crypto" in security.labels_secondary  # its sub-section covers 密码
    assert all(0 < s.confidence <= 1 for s in tree.sections())


def test_heading_naming_two_topics_gets_a_secondary_label(tmp_path, model):
    items = [(1, "第八章 网络安全与密码应用"), "按等保三级建设，采用国产密码算法并开展密评。"]
    tree = classify_tree(segment_headings(read_document(build_docx(tmp_path / "y.docx", items))), model)
    sec = tree.sections()[0]
    assert {sec.label, *sec.labels_secondary} >= {"network_security", "crypto"}


def test_predict_does_not_import_scikit_learn(model):
    code = ("import sys; from yushen.analyze.model_store import load_model; m = load_model(); "
            "m.predict_one('第九章 密码应用方案', '同步规划同步建设'); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_training_is_deterministic_and_cached_by_corpus_hash(tmp_path, monkeypatch):
    from yushen.analyze import model_store

    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "c1"))
    a, digest_a, path_a = model_store.train_model()
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "c2"))
    b, digest_b, _ = model_store.train_model()
    assert digest_a == digest_b and path_a.name == f"sections-{digest_a}.npz"
    import numpy as np

    assert np.allclose(a.coef_, b.coef_)
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps({"heading": "城市生命线专章", "body": "燃气、供水管网监测。", "label": "construction"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    c, digest_c, path_c = model_store.train_model([extra])
    assert digest_c != digest_b
    assert (path_c.parent / "active.json").exists()
    assert model_store.load_model().vocabulary_ == c.vocabulary_


def test_training_rejects_unknown_labels(tmp_path, monkeypatch):
    from yushen.analyze import model_store

    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"heading": "x", "label": "crypt"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="crypt"):
        model_store.train_model([bad])


def test_dev_split_macro_f1(model):
    from yushen.analyze.evaluate import evaluate_sections

    res = evaluate_sections(model, read_jsonl(TRAIN_FILE.parent / "dev.jsonl"))
    assert res["macro_f1"] >= 0.95


def test_devset_labels_and_facts(model, truth, devset_dir):
    from yushen.analyze.evaluate import evaluate_documents

    res = evaluate_documents(model, devset_dir / "truth.json")
    assert res["trees_exact"] == res["documents"]
    assert res["accuracy"] >= 0.95
    assert res["fact_accuracy"] >= 0.95
