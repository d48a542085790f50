"""In an operations plan, sections state the upkeep of a topic in a sentence or two: a 数据运维 section about the
resource catalogue and the exchange channel carries data_sharing (the topic rules check), while the same one
sentence inside a construction document's other section does not. Fixtures built here, in our own words."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.pipeline import analyse

from .builders import build_docx

_DATA_UPKEEP = ("负责平台数据的备份恢复和质量核查，保障与市共享交换平台之间的交换通道畅通，确保已注册的8类资源目录"
                "按更新频率及时更新。")


@pytest.fixture(scope="module")
def model():
    return load_model()


def _items(data_title):
    return [(1, "一、运维概况"), "本方案对某区综合治理平台2026年度的运行维护工作作出安排。",
            (1, "二、运维内容"), (2, "（一）应用运维"), "负责应用系统的巡检、故障处理和版本升级。",
            (2, f"（二）{data_title}"), _DATA_UPKEEP,
            (2, "（三）安全运维"), "开展漏洞扫描和安全加固，落实等级保护第三级的各项要求。",
            (1, "三、运维经费"), "年度运维费用合计52.00万元。"]


@pytest.mark.parametrize("data_title", ["数据运维", "数据资源运维"])
def test_data_upkeep_in_an_operations_plan_carries_data_sharing(tmp_path, model, data_title):
    path = build_docx(tmp_path / "ops.docx", _items(data_title), title_page=["某区综合治理平台", "运维服务方案"])
    tree, _ = analyse(path, model)
    sec = next(s for s in tree.sections() if data_title in s.title)
    assert "data_sharing" in [sec.label, *sec.labels_secondary]


def test_one_sentence_about_sharing_in_a_study_is_not_a_sharing_section(tmp_path, model):
    items = [(1, "第一章 项目概述"), "本项目建设某区综合治理平台，总投资260万元。",
             (1, "第二章 建设内容"), (2, "一、应用系统"), "建设事件受理、分拨处置和考核评价三个子系统。",
             (2, "二、系统部署"), _DATA_UPKEEP]
    path = build_docx(tmp_path / "ky.docx", items, title_page=["某区综合治理平台建设项目", "可行性研究报告"])
    tree, _ = analyse(path, model)
    sec = next(s for s in tree.sections() if "系统部署" in s.title)
    assert "data_sharing" not in [sec.label, *sec.labels_secondary]
