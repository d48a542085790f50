"""Terminal report (rich): verdict, facts, pack and why, findings grouped by severity with citations and pages."""

from __future__ import annotations

import io

from ..core.report import SEVERITIES, Report

STATUS_STYLE = {"fail": ("✗ 不符合", "bold red"), "warn": ("! 提示", "yellow"), "pass": ("✓ 符合", "green"),
                "not_applicable": ("– 不适用", "dim")}
SEVERITY_ZH = {"blocker": "阻断", "major": "重要", "minor": "一般", "info": "提示"}
DOC_TYPE_ZH = {"feasibility_study": "可行性研究报告", "proposal": "项目建议书", "preliminary_design": "初步设计方案",
               "implementation_plan": "实施方案", "operations_plan": "运维方案", "other": "其他"}
CLASS_ZH = {"construction": "建设类", "service_purchase": "采购服务类", "operations": "运维服务类", None: "—"}


def _evidence(f) -> str:
    parts = []
    for e in f.evidence[:2]:
        page = f"p.{e.page} " if e.page else ""
        parts.append(f"{page}“{e.quote[:90]}”")
    return "；".join(parts)


def render_text(report: Report, width: int = 120, color: bool = False, verbose: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False)
    d = report.document
    counts = report.counts()
    blockers = len([f for f in report.findings if f.status == "fail" and f.severity == "blocker" and not f.waived])
    majors = len([f for f in report.findings if f.status == "fail" and f.severity == "major" and not f.waived])
    verdict = "需补正后再受理" if blockers else ("建议修改" if majors else "可进入评审")
    console.print(f"[bold]{d['path']}[/bold]")
    console.print(f"项目：{d.get('project_name') or '—'}    建设单位：{d.get('owner') or '—'}")
    inv = d.get("investment_wan")
    console.print(f"类型：{DOC_TYPE_ZH.get(d.get('doc_type'), d.get('doc_type'))}    总投资："
                  f"{f'{inv:g}万元' if inv is not None else '—'}    类别：{CLASS_ZH.get(d.get('project_class'), '—')}")
    console.print(f"规则包：[bold]{report.ruleset}[/bold]（{report.source}）— {report.ruleset_reason}")
    style = "bold red" if blockers else ("yellow" if majors else "bold green")
    console.print(f"结论：[{style}]{verdict}[/{style}]  阻断 {blockers} · 重要 {majors} · 不符合 {counts['fail']} · "
                  f"提示 {counts['warn']} · 符合 {counts['pass']} · 不适用 {counts['not_applicable']}"
                  + (f" · 已豁免 {counts['waived']}" if counts["waived"] else ""))
    table = Table(show_lines=False, expand=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    # Chinese has no spaces to wrap at: fold long cells instead of cutting them off.
    table.add_column("规则 / 依据", ratio=3, overflow="fold")
    table.add_column("说明与证据", ratio=5, overflow="fold")
    shown = [f for f in report.findings if verbose or f.status in ("fail", "warn")]
    order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
    shown.sort(key=lambda f: (order[f.status], SEVERITIES.index(f.severity)))
    for f in shown:
        label, st = STATUS_STYLE[f.status]
        if f.waived:
            label, st = "≈ 已豁免", "cyan"
        msg = f.message + (f"\n证据：{_evidence(f)}" if f.evidence and f.status != "pass" else "")
        if f.waived:
            msg += f"\n豁免理由：{f.waived}"
        table.add_row(f"[{st}]{label}[/{st}]", SEVERITY_ZH[f.severity],
                      f"{f.rule}\n{f.citation.source} {f.citation.article}", msg)
    if shown:
        console.print(table)
    hidden = len(report.findings) - len(shown)
    if hidden:
        console.print(f"[dim]另有 {hidden} 条符合或不适用的规则未列出（--verbose 显示全部）。[/dim]")
    if report.duplicates:
        verdict_zh = {"likely_duplicate": "[bold red]疑似重复建设[/bold red]", "possible_overlap": "[yellow]部分重叠[/yellow]",
                      "maintained": "[green]运维对象[/green]"}
        console.print("已建系统比对：")
        for dup in report.duplicates[:5]:
            console.print(f"  {verdict_zh[dup.verdict]} {dup.score:.2f}  {dup.inventory_id} {dup.name}（{dup.owner}）")
            for e in dup.evidence[:3]:
                console.print(f"      清单：{e['inventory'][:50]}\n      本项目：{e['proposal'][:50]}", highlight=False)
    for d in report.batch_duplicates[:3]:
        if d["verdict"] == "likely_duplicate":
            console.print(f"[bold red]同批次疑似重复[/bold red] {d['score']:.2f}  {d['path']}（{d['project_name']}）")
    return buf.getvalue()
