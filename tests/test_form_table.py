"""A proposal written as a form (申报表): one two-column table, item | content. Read as a table it had no chapters,
so every mandatory topic was "missing" (false blockers for 密码应用, 安全可靠 … that the form does fill in)."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.pipeline import review_file

PROSE = {
    "建设必要性": "现有执法系统分散建设，数据不能互通，群众投诉处置慢，建设统一平台十分必要。",
    "建设内容": "建设执法办案、智能巡查和执法监督三个子系统，部署在市政务云，不新购服务器。",
    "数据资源共享分析": "编制数据资源目录26项，通过市共享交换平台向相关部门共享执法数据，获取人口和法人信息。",
    "网络安全保障": "按网络安全等级保护第三级建设，使用政务云防火墙和入侵检测服务，上线前完成等保测评。",
    "密码应用": "采用SM2、SM3、SM4算法实现身份鉴别和数据加密，同步规划、同步建设、同步运行，开展密评。",
    "安全可靠情况": "服务器、操作系统、数据库和中间件均选用通过安全可靠测评的国产产品。",
    "投资估算": "软件开发费312.00万元，第三方服务费98.50万元，其他费用76.00万元，合计486.50万元。",
}


def _form(path, rows):
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("某市城市管理综合执法平台建设项目").bold = True
    d.add_paragraph().add_run("项目建议书（申报表）").bold = True
    t = d.add_table(rows=len(rows), cols=2)
    for i, (k, v) in enumerate(rows):
        t.cell(i, 0).text, t.cell(i, 1).text = k, v
    d.save(path)
    return path


def test_a_form_reads_as_chapters_and_its_short_rows_as_facts(tmp_path):
    rows = [("项目名称", "某市城市管理综合执法平台建设项目"), ("建设单位", "某市城市管理综合执法局"),
            ("总投资（万元）", "486.50"), *PROSE.items()]
    path = _form(tmp_path / "form.docx", rows)
    tree = segment_headings(read_document(path))
    assert [(s.level, s.title) for s in tree.sections()] == [(1, k) for k in PROSE]
    report = review_file(path, load_model())
    assert report.document["owner"] == "某市城市管理综合执法局" and report.document["investment_wan"] == 486.5
    assert not [f for f in report.findings if f.status == "fail"]


@pytest.mark.parametrize("share_of_text", ["small", "large"])
def test_a_function_table_inside_a_proposal_stays_a_table(tmp_path, share_of_text):
    """Two columns of name | description inside an ordinary chapter: a table, never chapters."""
    import docx

    d = docx.Document()
    d.add_paragraph("某市城市管理综合执法平台建设项目")
    d.add_paragraph("可行性研究报告")
    d.add_heading("一、建设内容", level=1)
    d.add_paragraph("本期建设内容如下。" + ("平台部署在市政务云，按等级保护第三级建设，开展密码应用安全性评估。" *
                                        (1 if share_of_text == "large" else 30)))
    t = d.add_table(rows=4, cols=2)
    for i, (k, v) in enumerate([("功能名称", "功能描述"), ("统一受理", "提供统一受理窗口，群众可在线提交诉求和材料。"),
                                ("智能分办", "按事项类型自动分派到承办部门，超时自动提醒承办人员。"),
                                ("统计分析", "按部门、事项和时限统计办理情况，生成月度分析报告。")]):
        t.cell(i, 0).text, t.cell(i, 1).text = k, v
    d.add_heading("二、投资估算", level=1)
    d.add_paragraph("项目总投资300万元。")
    d.save(tmp_path / "p.docx")
    tree = segment_headings(read_document(tmp_path / "p.docx"))
    assert [s.title for s in tree.sections()] == ["一、建设内容", "二、投资估算"]
