"""Facts of proposals packaged as real submissions: an earlier stage's 批复 appended as an annex, a 请示 sent
before the cover, a checkbox form whose empty boxes a PDF draws after the choices. Fixtures built here, in our
own words."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_an_annexed_approval_does_not_set_the_investment(tmp_path, model):
    title, items = complete("national")
    items = items + [(1, "附件1 关于某区智慧水务监管平台建设项目建议书的批复"),
                     "某区水务局：你局报送的项目建议书收悉。经研究，原则同意建设该项目，估算总投资480万元，请抓紧编制可行性研究报告。"]
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["investment_wan"] == 420.0


def test_a_letter_before_the_cover_is_no_part_of_the_project_name(tmp_path, model):
    letter = ["某区财政局：", "我局智慧水务监管平台已运行三年，现申请明年运维经费86.00万元，运维方案附后。", "妥否，请批示。",
              "某区水务局", "2026年9月1日"]
    plan = [(1, "一、系统概况"), "平台于2023年建成，部署在区政务云，按等级保护第三级建设，服务全区取水户。",
            (1, "二、运维内容"), "包括应用软件维护、数据库维护、安全巡检和等保测评。",
            (1, "三、运维经费"), "运维经费86.00万元，资金来源为区级财政资金。"]
    title = ["关于申请某区智慧水务监管平台运维经费的请示"]
    report = review_file(build_docx(tmp_path / "p.docx", letter + ["某区智慧水务监管平台", "运维方案"] + plan,
                                    title_page=title), model)
    assert report.document["project_name"] == "某区智慧水务监管平台运维服务项目"
    assert report.document["doc_type"] == "operations_plan"


@pytest.mark.parametrize("row", ["项目类别：☑建设类运维类购买服务类□□", "项目类别：□运维类 ☑建设类 □购买服务类"])
def test_a_marked_checkbox_choice_is_the_word_right_after_its_mark(tmp_path, model, row):
    title, items = complete("national")
    items = [it if not (isinstance(it, str) and "属于建设类项目" in it) else it.replace("属于建设类项目，", "")
             for it in items]
    items.insert(1, row)
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["project_class"] == "construction"


def test_a_numbered_chapter_heading_is_not_the_document_type(tmp_path, model):
    # a cover naming no type of the lists (立项申请报告); the body's "第三章 建设方案" names a chapter, not the type
    title, items = complete("national")
    items = [(1, "第三章 建设方案") if it == (1, "第三章 建设内容") else it for it in items]
    report = review_file(build_docx(tmp_path / "p.docx", items,
                                    title_page=["某区智慧水务监管平台建设项目", "立项申请报告"]), model)
    assert report.document["doc_type"] == "other"
    assert not any(e["code"] == "not_a_proposal" for e in report.errors)


@pytest.mark.parametrize("type_line, doc_type", [("建设总体方案", "implementation_plan"),
                                                 ("总体建设方案", "implementation_plan"),
                                                 ("信息化项目建设申报书", "proposal")])
def test_a_type_line_in_other_words_of_the_same_stage(tmp_path, model, type_line, doc_type):
    title, items = complete("national")
    report = review_file(build_docx(tmp_path / "p.docx", items,
                                    title_page=["某区智慧水务监管平台建设项目", type_line]), model)
    assert report.document["doc_type"] == doc_type


def _brief(title_page: list[str], overview: list) -> list:
    """A short municipal proposal whose facts are stated only in the ways under test."""
    return title_page, [(1, "一、项目概况"), *overview,
                        (1, "二、建设内容"), "建设统一受理、电子证照和好差评三个子系统，部署于市政务云。",
                        (1, "三、实施计划"), "二〇二六年八月启动，二〇二七年七月完成验收。"]


@pytest.mark.parametrize("stated", ["项目投资匡算为685万元。", "项目投资685万元，资金由市财政安排。",
                                    "投资估算：685万元。", "本项目投资匡算685.00万元。"])
def test_investment_stated_without_the_word_total(tmp_path, model, stated):
    """Real 建议书 state the figure as 项目投资匡算为X万元 (匡算: the 建议书 stage's estimate) or 投资估算：X万元, with
    no 总投资 anywhere: the investment was null."""
    title, items = _brief(["某市政务服务一网通办平台项目建议书"],
                          ["项目建设单位为某市行政审批服务局，" + stated])
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["investment_wan"] == 685.0


def test_a_figure_of_a_part_after_the_words_project_investment_is_not_the_total(tmp_path, model):
    title, items = _brief(["某市政务服务一网通办平台项目建议书"],
                          ["项目建设单位为某市行政审批服务局，本项目投资中硬件购置费120万元。", "项目总投资685万元。"])
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["investment_wan"] == 685.0


@pytest.mark.parametrize("overview, owner", [
    (["【项目名称】某市政务服务一网通办平台", "【项目建设单位】某市行政审批服务局", "【项目投资】685万元"], "某市行政审批服务局"),
    (["项目由某市行政审批服务局负责建设，项目投资匡算为685万元。"], "某市行政审批服务局"),
    (["平台由承建单位负责实施，项目投资匡算为685万元。"], None),
])
def test_owner_in_a_bracket_label_or_in_a_sentence_about_who_builds(tmp_path, model, overview, owner):
    """建议书 templates set their facts as 【项目建设单位】 label lines, and short plans say "项目由…负责建设": the owner
    was null; a sentence naming a role, not an organisation, names no owner."""
    title, items = _brief(["某市政务服务一网通办平台项目建议书"], overview)
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["owner"] == owner


@pytest.mark.parametrize("kind", ["运营和维护服务方案", "运行与维护方案", "运行维护服务方案"])
def test_an_o_and_m_plan_with_the_two_words_joined(tmp_path, model, kind):
    title, items = _brief([f"某市政务外网{kind}"], ["某市大数据中心负责政务外网的运营和维护，年度运维经费86万元。"])
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=title), model)
    assert report.document["doc_type"] == "operations_plan"
