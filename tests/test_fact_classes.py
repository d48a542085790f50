"""Facts on documents by other authors: failure classes found by probing (document type, investment, owner,
project class). Every fixture is built here, in wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.crypto_plan import crypto_plan_line
from yushen.analyze.facts import extract_facts
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx

_BODY = [(1, "一、项目概况"), "本项目建设一套水资源监测信息系统，部署在市政务云。",
         (1, "二、建设内容"), "建设数据采集、监测预警和决策分析三个子系统。"]


def _facts(tmp_path, items, title_page=None):
    return extract_facts(segment_headings(read_document(build_docx(tmp_path / "f.docx", items,
                                                                   title_page=title_page))))


# --- document type: the genre is the END of the type line, compared without blanks --------------------------

@pytest.mark.parametrize("cover,want", [
    (["某县水资源监测平台建设项目", "可 行 性 研 究 报 告"], "feasibility_study"),  # letter-spaced type line
    (["某县水资源监测平台建设项目", "项 目 建 议 书"], "proposal"),
    # merged stages: the later, stricter stage is what the document must satisfy
    (["某县水资源监测平台建设项目", "项目建议书暨可行性研究报告"], "feasibility_study"),
    (["某县水资源监测平台建设项目", "项目建议书及可行性研究报告（二合一）"], "feasibility_study"),
    # a substitute named in brackets is a drafting mark, not the genre
    (["某县水资源监测平台建设项目", "项目建议书（代可行性研究报告）"], "proposal"),
    # O&M plans under other title words
    (["某县水资源监测平台", "运维服务实施方案"], "operations_plan"),
    (["某县水资源监测平台", "运营维护方案"], "operations_plan"),
    (["某县水资源监测平台2026年度", "运维经费申请报告"], "operations_plan"),
    (["某县水资源监测平台建设项目", "项目申报书"], "proposal"),
    # a project named after another genre: the type line below it decides
    (["某县智慧水务实施方案编制服务项目", "可行性研究报告"], "feasibility_study"),
])
def test_type_line_genre_is_read_from_its_end_without_blanks(tmp_path, cover, want):
    assert _facts(tmp_path, _BODY, title_page=cover).doc_type.value == want


def test_a_letter_spaced_type_line_is_no_part_of_the_project_name(tmp_path):
    f = _facts(tmp_path, _BODY, title_page=["某县水资源监测平台建设项目", "可 行 性 研 究 报 告", "2026年4月"])
    assert f.project_name.value == "某县水资源监测平台建设项目"


class _L:
    def __init__(self, text):
        self.text = text


def test_project_named_after_a_crypto_plan_is_not_a_crypto_plan():
    front = [_L("某市政务云密码应用方案编制及密评服务项目"), _L("可行性研究报告"), _L("建设单位：某市大数据局")]
    assert crypto_plan_line(front, []) is None
    assert crypto_plan_line([_L("某市政务云密码应用方案（送审稿）")], []) is not None


def test_project_named_after_a_crypto_plan_keeps_its_study_type(tmp_path):
    f = _facts(tmp_path, _BODY, title_page=["某市政务云密码应用方案编制及密评服务项目", "可行性研究报告"])
    assert f.doc_type.value == "feasibility_study"


# --- investment: the total belongs to THIS project ------------------------------------------------------------

@pytest.mark.parametrize("earlier", [
    "局里现有的排水管网监测系统已建成投用（2019年建设，总投资905.00万元），运行稳定。",
    "2022年我局实施了排水管网监测一期项目，项目总投资270.00万元，已于2023年通过验收。",
    "原系统总投资640.00万元，本次在其基础上扩展。",
])
def test_an_existing_system_or_earlier_phase_total_is_not_this_projects(tmp_path, earlier):
    items = [(1, "一、项目概况"), "本项目投资估算详见第四章。", (1, "二、建设现状"), earlier,
             (1, "三、建设内容"), "建设管网监测和预警分析两个子系统。",
             (1, "四、投资估算"), "项目总投资158.40万元，资金来源为本级财政资金。"]
    assert _facts(tmp_path, items).investment_wan.value == pytest.approx(158.4)


def test_this_phase_total_beats_the_first_phase_in_one_sentence(tmp_path):
    items = [(1, "一、项目概况"), "本项目为二期工程，一期项目总投资300.00万元，本期总投资125.00万元。"]
    assert _facts(tmp_path, items).investment_wan.value == pytest.approx(125.0)


# --- owner: the owner's own label, then a bare organisation line, then a superior's label ------------------------

_OWNER = "某县住房和城乡建设局"


@pytest.mark.parametrize("cover", [
    ["某县燃气安全监管平台建设项目", "可行性研究报告", "主管单位：某市住房和城乡建设局", f"建设单位：{_OWNER}"],
    ["某县燃气安全监管平台建设项目", "可行性研究报告", "采购单位：某县政府采购中心", f"申报单位：{_OWNER}"],
    ["某县燃气安全监管平台建设项目", "可行性研究报告", f"项目单位：{_OWNER}", "主管单位：某市住房和城乡建设局"],
])
def test_the_owners_label_outranks_a_superior_or_buyer_label(tmp_path, cover):
    assert _facts(tmp_path, _BODY, title_page=cover).owner.value == _OWNER


def test_a_bare_organisation_line_outranks_a_described_owner(tmp_path):
    items = [(1, "一、项目概况"), "项目建设单位是全县燃气行业安全监管的职能部门，负责平台建设的组织实施。",
             (1, "二、建设内容"), "建设燃气监测和预警处置两个子系统。"]
    f = _facts(tmp_path, items, title_page=["某县燃气安全监管平台建设项目", "可行性研究报告", _OWNER, "2026年4月"])
    assert f.owner.value == _OWNER


def test_facts_from_the_label_value_rows_of_a_cover_table(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("某县燃气安全监管平台建设项目")
    doc.add_paragraph("项目建议书")
    table = doc.add_table(rows=4, cols=2)
    for i, (k, v) in enumerate([("建设单位", _OWNER), ("总投资（万元）", "236.40"), ("项目类别", "建设类"),
                                ("编制日期", "2026年4月")]):
        table.cell(i, 0).text, table.cell(i, 1).text = k, v
    doc.add_heading("一、项目概况", level=1)
    doc.add_paragraph("项目建设单位为我局，负责平台建设的组织实施。")
    doc.add_heading("二、建设内容", level=1)
    doc.add_paragraph("建设燃气监测和预警处置两个子系统。")
    path = tmp_path / "t.docx"
    doc.save(path)
    f = extract_facts(segment_headings(read_document(path)))
    assert f.owner.value == _OWNER and f.investment_wan.value == pytest.approx(236.4)


# --- project class: checkbox forms and 项目性质 statements --------------------------------------------------------

@pytest.mark.parametrize("line,want", [
    ("项目类别：☑建设类　□采购服务类　□运维类", "construction"),
    ("项目类别：□建设类　☑采购服务类　□运维类", "service_purchase"),
    ("项目类别：□建设类　□采购服务类　■运维类", "operations"),
    ("项目分类　□建设类　√采购服务类", "service_purchase"),  # no colon: label and boxes apart
    ("项目性质：政府购买服务类项目。", "service_purchase"),
])
def test_the_marked_box_or_stated_nature_gives_the_class(tmp_path, line, want):
    items = [(1, "一、项目概况"), line, "本项目建设一套燃气监测信息系统。"]
    assert _facts(tmp_path, items).project_class.value == want


# --- region: a county's colloquial short form, derived by rule from the gazetteer ---------------------------------

def test_a_county_short_form_counts_when_its_prefecture_is_named_beside_it(tmp_path):
    from yushen.analyze.regions import load_gazetteer

    f = _facts(tmp_path, _BODY, title_page=["鄂尔多斯市达旗智慧水务监管平台建设项目", "可行性研究报告",
                                            "建设单位：达旗水利局"])
    assert f.region_code.value == "150621"  # the 旗's own division, not only its city
    gaz = load_gazetteer()
    assert gaz.resolve("达旗水利局") is None  # 达拉特旗 or 达尔罕茂明安联合旗: nothing settles which
    assert gaz.resolve("全县统一部署") is None  # two characters alone are an ordinary word


# The national templates (发改高技〔2008〕2544号) give the owner a section of its own: "1.2 项目建设单位", the
# name opening its body. Ministries are named in three characters (民政部, 水利部), alone on the cover.
@pytest.mark.parametrize("heading", ["1.2 项目建设单位", "1.2 建设单位", "（二）项目承担单位"])
def test_owner_named_first_in_the_body_of_its_own_section(tmp_path, heading):
    items = [(1, "第一章 项目简介"), (2, "1.1 项目名称"), "某县燃气安全监管平台建设项目。",
             (2, heading), f"{_OWNER}，具体实施单位为某县燃气安全服务中心。", (2, "1.3 建设目标"),
             "建成覆盖全县的燃气安全监测网络。", (1, "第二章 建设内容"), "建设燃气监测和预警处置两个子系统。"]
    f = _facts(tmp_path, items, title_page=["某县燃气安全监管平台建设项目", "项目建议书", "2026年4月"])
    assert f.owner.value == _OWNER


def test_a_ministry_alone_on_the_cover_is_the_owner(tmp_path):
    f = _facts(tmp_path, _BODY, title_page=["全国社会救助大数据监测平台建设项目", "项目建议书", "民政部", "2026年2月"])
    assert f.owner.value == "民政部"
