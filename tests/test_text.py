"""core/text.py, the one sentence/clause splitter, and the one way of counting failures (Report.tally/failing):
what facts, rules and duplicates rely on, and waived findings never counted by the web history or scan exports."""

from __future__ import annotations

import re

from yushen.core.report import Citation, Finding, Report
from yushen.core.text import (
    PLAIN_ENDS,
    STATEMENT_ENDS,
    block_sentences,
    clause_spans,
    clause_start,
    clauses,
    cn_to_int,
    head_clause,
    pieces,
    sentences,
)
from yushen.core.types import Block


def test_sentences_keep_their_end_mark_and_a_line_break_ends_one():
    text = "本项目新建平台。是否需要密码？需要；建设周期12个月\n  运维期三年"
    assert sentences(text) == ["本项目新建平台。", "是否需要密码？", "需要；", "建设周期12个月", "运维期三年"]
    # facts and duplicates read ？ as no sentence end
    assert sentences(text, STATEMENT_ENDS)[1] == "是否需要密码？需要；"


def test_pieces_drop_the_marks_and_keep_the_text_as_is():
    assert pieces("甲。 乙；丙;丁\n戊", PLAIN_ENDS) == ["甲", " 乙", "丙;丁", "戊"]


def test_clauses_spans_and_heads():
    text = "本项目不涉及密码应用，系统安全由云平台保障：详见附件。"
    assert [c for c in clauses(text) if c] == ["本项目不涉及密码应用", "系统安全由云平台保障", "详见附件"]
    assert head_clause(text) == "本项目不涉及密码应用"
    spans = clause_spans("甲，乙。丙")
    assert ["甲，乙。丙"[a:b] for a, b in spans] == ["甲，", "乙。", "丙"]
    assert clause_start("原批复总投资（一期）300万元", 11) == 7  # after the opening bracket


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("三", "十二", "二十", "一百零五", "贰拾", "二〇二五", "12", "甲")] == \
        [3, 12, 20, 105, 20, 2025, 12, -1]


def test_a_figure_whose_unit_is_in_the_next_block_is_one_sentence():
    blocks = [Block("项目总投资 436.80", page=1), Block("万元，其中软件 200 万元。", page=2),
              Block("目录 1", "toc", page=2), Block("总投资合计\t300", "table", page=2), Block("万元整。", page=2)]
    join = (re.compile(r"总投资[^。]*\d\s*$"), re.compile(r"^\s*万元"))
    got = block_sentences(blocks, STATEMENT_ENDS, text_of=lambda b: b.text, join=join)
    assert got == [(1, "项目总投资 436.80万元，其中软件 200 万元。"), (3, "总投资合计\t300"), (4, "万元整。")]  # a table cell carries nothing
    # without ``join`` (rules) each block stands alone; ``skip`` leaves headings out
    plain = block_sentences(blocks, text_of=lambda b: b.text, skip={3})
    assert plain == [(0, "项目总投资 436.80"), (1, "万元，其中软件 200 万元。"), (4, "万元整。")]


def _finding(rule, status, severity, waived=None):
    return Finding(rule, status, severity, None, "m", Citation("s", "第一条", "q"), waived=waived)


def _report(*findings):
    return Report(document={"path": "a.docx", "sha256": "x", "project_name": "甲", "owner": "乙"}, ruleset="national",
                  ruleset_reason="", sections=[], findings=list(findings))


def test_waived_failures_never_count_in_the_review_history(tmp_path):
    from yushen.web.store import ReviewStore

    store = ReviewStore(tmp_path)
    report = _report(_finding("a", "fail", "blocker"), _finding("b", "fail", "blocker"),
                     _finding("c", "fail", "blocker", waived="已在附件说明"))
    rid = store.add("a.docx", tmp_path / "a.docx", report.to_json())
    assert store.recent()[0]["blockers"] == 2  # the waiver written into the report
    store.set_waiver(rid, "a", "经审查同意", user="张三")
    assert store.recent()[0]["blockers"] == 1  # and the one granted in the web app


def test_waived_failures_never_count_in_scan_exports():
    from yushen.scan.exports import summary_rows

    report = _report(_finding("a", "fail", "blocker"), _finding("b", "fail", "major", waived="同意"),
                     _finding("c", "fail", "major"), _finding("d", "warn", "major"))
    row = {"path": "a.docx", "status": "ok", "report": report.to_json(), "duplicate_of": None, "error_code": None,
           "message": None, "sha256": "x", "plans": None}
    out = summary_rows([row])[0]
    assert (out["blockers"], out["majors"]) == (1, 1)
    assert (report.tally()["blocker"], report.tally()["major"]) == (1, 1)


def test_sentences_by_findall_read_as_the_matches_themselves():
    """Sentences are read with ``findall`` (no match object each): that is the matches' own text only while the
    sentence pattern has no group, for every choice of end marks; the sentences are then those of ``finditer``."""
    from yushen.core import text

    texts = ["总投资300万元。资金来源为财政资金；建设期12个月！是否涉密？否\n  第二行；;;  \n\n末句无标点",
             "", "\n\n", "。。；", "Phase 1; phase 2! ok? 是!", " 前后空白 。 中间  ；\t制表\t符。"]
    for ends in (text.SENTENCE_ENDS, text.STATEMENT_ENDS, text.ANY_ENDS, text.PLAIN_ENDS):
        rx = text._sentence_rx(ends)
        assert rx.groups == 0
        for t in texts:
            assert text.sentences(t, ends) == [s for m in rx.finditer(t) if (s := m.group(0).strip())]
