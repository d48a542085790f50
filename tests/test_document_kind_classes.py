"""The not-a-proposal gate on papers by other authors: genres compared without blanks, the papers of a project's
later life, a policy 意见 under its issuing office, a plan with no IT in it, and a paper with no proposal shape.
Every fixture is built here, in wordings of our own; each gated class has its proposal twin that is reviewed."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.core.errors import YushenError
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


_PAPER = [(1, "一、项目情况"), "某区不动产登记信息平台于2025年建成，部署在区政务云，按等级保护第二级建设。",
          (1, "二、工作内容"), "对登记业务、档案查询和统计分析三个模块逐项核查，记录发现的问题。",
          (1, "三、意见"), "各模块运行正常，建议按期完成后续工作。"]


@pytest.mark.parametrize("genre", [
    "招 标 文 件",  # letter-spaced
    "监理实施细则", "监理规划", "绩效评价报告", "绩效自评报告", "需求调研报告", "详细设计说明书", "系统测试方案",
    "等级保护测评方案", "用户操作手册", "问题整改报告", "中标通知书", "采购需求书",
])
def test_a_later_paper_of_a_project_is_not_reviewed(tmp_path, model, genre):
    path = build_docx(tmp_path / "d.docx", _PAPER, title_page=["某区不动产登记信息平台建设项目", genre])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "unrelated" and "".join(genre.split())[-4:] in err.value.message


def test_a_paper_naming_no_genre_and_lacking_a_proposal_shape_is_not_reviewed(tmp_path, model):
    # a genre no list holds: no document type named, no investment, three chapters of one kind
    items = _PAPER + [(1, "四、巡检记录"), "第一季度共巡检服务器12台次、数据库4台次、网络设备6台次，发现磁盘空间不足"
                      "告警两次，已清理归档日志；第二季度巡检中发现一台交换机端口故障，已更换备件并恢复运行。"]
    path = build_docx(tmp_path / "d.docx", items, title_page=["某区不动产登记信息平台", "季度巡检记录汇编"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "unrelated" and "结构" in err.value.message


_POLICY = [(1, "一、总体要求"), "到2027年，全区政务信息系统基本实现集约建设，政务数据共享和业务协同能力明显增强。",
           (1, "二、重点任务"), "推进政务云资源统一调度，完善数据资源目录，建设数据共享交换通道，落实网络安全等级保护。",
           (1, "三、保障措施"), "加强统筹协调，完善考核机制，各部门按职责抓好落实。"]


@pytest.mark.parametrize("cover", [
    ["某区人民政府办公室", "关于深化数字政府建设的实施意见", "某政办发〔2026〕3号"],
    ["关于深化数字政府建设的意见", "某政办发〔2026〕3号", "某区人民政府办公室"],
])
def test_a_policy_opinion_under_its_issuing_office_is_guidance(tmp_path, model, cover):
    path = build_docx(tmp_path / "d.docx", _POLICY, title_page=cover)
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "guidance" and "意见" in err.value.message


def test_a_plan_with_no_it_in_it_is_not_an_it_project(tmp_path, model):
    items = [(1, "一、活动目标"), "围绕提升窗口服务质量，在全系统开展为期三个月的文明服务竞赛活动，评选服务标兵。",
             (1, "二、活动安排"), "（一）四月组织动员和业务培训。（二）五月至六月开展窗口互评和群众评议。（三）七月总结表彰。",
             (1, "三、评比标准"), "评比从服务态度、办事效率、群众满意度和纪律作风四个方面进行，每季度由群众代表和"
             "党风政风监督员共同打分，得分前五名的窗口授予“文明服务示范窗口”称号，并在年度考核中予以加分。",
             (1, "四、工作要求"), "各单位要明确专人负责，做好宣传发动，确保活动有序开展，所需经费3万元由单位公用经费列支。"]
    path = build_docx(tmp_path / "d.docx", items, title_page=["某区行政审批服务局", "文明服务竞赛活动实施方案"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "unrelated" and "信息化" in err.value.message


@pytest.mark.parametrize("cover", [
    ["某区智慧水务监管平台建设项目", "可 行 性 研 究 报 告", "项目建设单位：某区水务局"],
    ["某区智慧水务监管平台建设项目", "项目建议书暨可行性研究报告"],
    ["某区用户手册电子化及需求调研报告管理系统建设项目", "实施方案"],  # other genres inside the project's name
    ["某区智慧水务监管平台建设项目"],  # no document type named: the proposal's shape and facts carry it
])
def test_a_proposal_of_these_cover_habits_is_reviewed(tmp_path, model, cover):
    title, items = complete("national")
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=cover), model)
    assert not any(e["code"] == "not_a_proposal" for e in report.errors)
