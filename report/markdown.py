"""Markdown report: the same content as the HTML page, for pasting into tickets and wikis."""

from __future__ import annotations

from ..core.report import SEVERITIES, Report
from .text import CLASS_ZH, DOC_TYPE_ZH, SEVERITY_ZH

STATUS_ZH = {"fail": "❌ 不符合", "warn": "⚠️ 提示", "pass": "✅ 符合", "not_applicable": "— 不适用"}


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "<br>")


def render_markdown(report: Report) -> str:
    d = report.document
    inv = d.get("investment_wan")
    lines = [f"# 预审报告：{d.get('project_name') or d['path']}", "",
             f"- 文件：`{d['path']}`（{d['format']}，sha256 `{d['sha256'][:12]}…`）",
             f"- 文件类型：{DOC_TYPE_ZH.get(d.get('doc_type'), d.get('doc_type'))}；建设单位：{d.get('owner') or '—'}；"
             f"总投资：{f'{inv:g}万元' if inv is not None else '—'}；类别：{CLASS_ZH.get(d.get('project_class'), '—')}",
             f"- 规则包：**{report.ruleset}**（{report.source}）— {report.ruleset_reason}", ""]
    c = report.counts()
    lines += [f"**不符合 {c['fail']} · 提示 {c['warn']} · 符合 {c['pass']} · 不适用 {c['not_applicable']}**"
              + (f" · 已豁免 {c['waived']}" if c["waived"] else ""), "", "## 审查意见", "",
              "| 结果 | 级别 | 规则 | 说明 | 依据 | 证据 |", "|---|---|---|---|---|---|"]
    order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
    for f in sorted(report.findings, key=lambda f: (order[f.status], SEVERITIES.index(f.severity))):
        ev = "；".join(f"{'p.' + str(e.page) + ' ' if e.page else ''}“{e.quote[:80]}”" for e in f.evidence[:2])
        status = STATUS_ZH[f.status] + (f"（已豁免：{f.waived}）" if f.waived else "")
        lines.append(f"| {status} | {SEVERITY_ZH[f.severity]} | `{f.rule}` | {_cell(f.message)} | "
                     f"{f.citation.source}{f.citation.article}：“{_cell(f.citation.quote)}” | {_cell(ev)} |")
    lines += ["", "## 章节结构", "", "| 标题 | 分类 | 页 | 字数 |", "|---|---|---|---|"]
    for s in report.sections:
        label = s["label"] + (f" +{','.join(s['labels_secondary'])}" if s["labels_secondary"] else "")
        lines.append(f"| {'　' * (s['level'] - 1)}{_cell(s['title'])} | {label} | {s['page'] or ''} | {s['chars']} |")
    if report.duplicates:
        lines += ["", "## 重复建设候选", ""]
        for dup in report.duplicates:
            lines.append(f"- {dup.inventory_id} {dup.name}（{dup.owner}）：{dup.verdict}，{dup.score:.2f}")
    return "\n".join(lines) + "\n"
