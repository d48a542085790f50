"""Markdown report for pasting into tickets and wikis: the verdict first, then only the findings that need
action (failures and warnings); passing and not-applicable rules are folded below."""

from __future__ import annotations

from ..core.report import SEVERITIES, Report
from ..core.vocab import (
    candidate_reason,
    counts_line,
    notices,
    rule_facts_lines,
    zh_class,
    zh_doc_type,
    zh_dup_verdict,
    zh_format,
    zh_label,
    zh_reason,
    zh_severity,
    zh_status,
)
from .layout import shorten

STATUS_MARK = {"fail": "❌", "warn": "⚠️", "pass": "✅", "not_applicable": "—"}
VERDICT_MARK = {"bad": "❌", "warn": "⚠️", "ok": "✅"}


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "<br>")


def _status(f) -> str:
    return f"{STATUS_MARK.get(f.status, '')} {zh_status(f.status)}"


def render_markdown(report: Report) -> str:
    d = report.document
    inv = d.get("investment_wan")
    verdict, level = report.verdict()
    lines = [f"# 预审报告：{d.get('project_name') or d['path']}", "",
             f"**结论：{VERDICT_MARK[level]} {verdict}** — {counts_line(report.tally())}", "",
             f"- 文件：`{d['path']}`（{zh_format(d['format'])}，SHA-256 `{d['sha256'][:12]}…`）",
             f"- 文件类型：{zh_doc_type(d.get('doc_type'))}；建设单位：{d.get('owner') or '—'}；"
             f"总投资：{f'{inv:g}万元' if inv is not None else '—'}；类别：{zh_class(d.get('project_class'))}",
             f"- 审查依据：**{report.source or report.ruleset}**（{zh_reason(report.ruleset_reason)}）"]
    if d.get("region") and d["region"] not in (report.ruleset_reason or ""):
        lines.append(f"- 所属地区：{d['region']}")
    lines += [f"- **注意：**{n}" for n in notices(report.errors)]
    lines += [f"- {x}" for x in rule_facts_lines(report.rule_facts)] + [""]
    order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
    findings = sorted(report.findings, key=lambda f: (order.get(f.status, 4), SEVERITIES.index(f.severity)))
    open_ = [f for f in findings if f.status in ("fail", "warn")]
    rest = [f for f in findings if f.status not in ("fail", "warn")]
    lines += ["## 需处理的问题", ""]
    if open_:
        lines += ["| 结果 | 级别 | 规则 | 说明 | 依据 | 证据 |", "|---|---|---|---|---|---|"]
        for f in open_:
            ev = "；".join(f"{'第' + str(e.page) + '页 ' if e.page else ''}“{shorten(e.quote, 80)}”"
                          for e in f.evidence[:2])
            waived = f"（已豁免：{f.waived}{'，' + f.waived_by if f.waived_by else ''}）" if f.waived else ""
            lines.append(f"| {_status(f)}{_cell(waived)} | {zh_severity(f.severity)} | `{f.rule}` | "
                         f"{_cell(f.message)} | {f.citation.source}{f.citation.article}：“{_cell(f.citation.quote)}” "
                         f"| {_cell(ev)} |")
    else:
        lines.append("未发现不符合或需提示的问题。")
    if rest:
        lines += ["", f"<details><summary>符合及不适用的规则（{len(rest)} 条）</summary>", ""]
        lines += [f"- {_status(f)} `{f.rule}` {f.title}（{f.citation.source}{f.citation.article}）" for f in rest]
        lines += ["", "</details>"]
    lines += ["", "## 章节结构", "", "| 标题 | 分类 | 页 | 字数 |", "|---|---|---|---|"]
    for s in report.sections:
        label = zh_label(s["label"]) if s["label"] else ""
        if s["labels_secondary"]:
            label += " + " + "、".join(zh_label(x) for x in s["labels_secondary"])
        lines.append(f"| {'　' * (s['level'] - 1)}{_cell(s['title'])} | {label} | {s['page'] or ''} | {s['chars']} |")
    if report.duplicates:
        lines += ["", "## 重复建设候选", ""]
        for dup in report.duplicates:
            lines.append(f"- {dup.inventory_id} {dup.name}（{dup.owner}）：**{zh_dup_verdict(dup.verdict)}**"
                         f"（{candidate_reason(dup)}），相似度 {dup.score:.2f}")
    return "\n".join(lines) + "\n"
