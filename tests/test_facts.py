import pytest

from yushen.analyze.facts import extract_facts
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx


def _facts(tmp_path, items, title_page=None, name="f.docx"):
    return extract_facts(segment_headings(read_document(build_docx(tmp_path / name, items, title_page=title_page))))


@pytest.mark.parametrize("phrase,wan", [
    ("项目总投资786,000.00元，其中设备费300,000.00元。", 78.6),
    ("项目估算总投资1.36亿元。", 13600.0),
    ("项目总投资叁佰伍拾万元整。", 350.0),
    ("本项目投资总额为4,860.25万元，其中软件开发1,200万元。", 4860.25),
])
def test_investment_in_every_unit(tmp_path, phrase, wan):
    f = _facts(tmp_path, [(1, "一、项目概况"), phrase])
    assert f.investment_wan.value == pytest.approx(wan)
    assert f.investment_wan.quote and phrase[:6] in f.investment_wan.quote


def test_threshold_and_earlier_stage_amounts_are_not_the_total(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"),
                          "可研批复总投资273.00万元。本项目总投资不足100万元，按规定编制实施方案。",
                          "项目投资概算为96.50万元。"])
    assert f.investment_wan.value == pytest.approx(96.5)


def test_doc_type_owner_name_jurisdiction_from_title_page(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"), "本项目建设周期一年。"],
               title_page=["达拉特旗智慧水务监管平台建设项目", "初步设计方案", "建设单位：达拉特旗水利局"])
    assert f.doc_type.value == "preliminary_design"
    assert f.owner.value == "达拉特旗水利局"
    assert f.project_name.value == "达拉特旗智慧水务监管平台建设项目"
    assert f.jurisdiction.value == "dalad"  # more specific than 鄂尔多斯/内蒙古


def test_rule_facts_and_negation(tmp_path):
    f = _facts(tmp_path, [
        (1, "一、建设内容"), "开发移动端APP一套；本项目不新建机房，不新建业务专网。",
        (1, "二、运维"), "项目验收后提供6个月免费运维服务。",
        (1, "三、安全"), "系统按照网络安全等级保护第三级要求建设。",
        (1, "四、实施"), "建设单位自行组织验收。",
    ])
    assert f.free_maintenance_months.value == 6
    assert f.dengbao_level.value == 3
    assert f.app_or_miniprogram.value is True
    assert f.new_data_centre.value is False
    assert f.new_private_network.value is False
    assert f.supervision_planned.value is False
    assert f.software_test_planned.value is False


def test_service_purchase_and_operations_class(tmp_path):
    f = _facts(tmp_path, [(1, "1 项目概况"), "本项目采用政府购买服务方式实施，服务期3年。"],
               title_page=["某区校园食堂智慧监管服务项目", "实施方案"])
    assert f.project_class.value == "service_purchase"
    g = _facts(tmp_path, [(1, "一、项目概述"), "保障平台稳定运行。"], name="g.docx",
               title_page=["某市视频监控平台", "2025年度运维服务方案"])
    assert g.doc_type.value == "operations_plan" and g.project_class.value == "operations"
