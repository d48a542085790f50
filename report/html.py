"""Self-contained, printable HTML report: verdict, facts, section map with labels, findings with the cited
article's full text and evidence quotes with pages. No scripts, fonts or CDN: works on an intranet and on paper."""

from __future__ import annotations

from html import escape

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

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2rem auto;
max-width:1100px;color:#1d2733;line-height:1.55;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:2px solid #d6dde6;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#4a5868}.verdict{font-size:1.2rem;padding:.6rem 1rem;border-radius:6px;margin:1rem 0}
.v-bad{background:#fdecec;border-left:6px solid #c62828}.v-warn{background:#fff6e0;border-left:6px solid #e0a800}
.v-ok{background:#e9f7ef;border-left:6px solid #2e7d32}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border:1px solid #d6dde6;padding:.35rem .5rem;vertical-align:top}
th{background:#f2f5f8;text-align:left}.badge{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;white-space:nowrap}
.s-fail{background:#c62828;color:#fff}.s-warn{background:#e0a800;color:#222}.s-pass{background:#2e7d32;color:#fff}
.s-not_applicable{background:#cfd8dc;color:#333}.finding{border:1px solid #d6dde6;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0;break-inside:avoid}
.finding h3{font-size:1rem;margin:.1rem 0 .3rem}.rule{font-family:monospace;color:#5c6b7a;font-size:.85rem}
.article{background:#f7f9fb;border-left:3px solid #8aa1b8;padding:.3rem .6rem;margin:.4rem 0;font-size:.9rem}
.quote{color:#334}.ev{margin:.2rem 0 0 1rem;font-size:.9rem}.waived{color:#00695c;font-weight:bold}
.lvl2{padding-left:1.5rem}.lvl3{padding-left:3rem}.lvl4{padding-left:4.5rem}.muted{color:#7a8896}
details summary{cursor:pointer;color:#4a5868}
@media print{body{margin:0;max-width:none}details{display:block}details>summary{display:none}.finding{page-break-inside:avoid}}
"""


def _e(s) -> str:
    return escape("" if s is None else str(s))


def render_html(report: Report) -> str:
    d = report.document
    inv = d.get("investment_wan")
    verdict, level = report.verdict()
    t = report.tally()
    vcls = f"v-{level}"
    if level == "bad":
        verdict = f"{verdict}：{t['blocker']} 项阻断问题，{t['major']} 项重要问题"
    elif level == "warn":
        verdict = f"{verdict}：{t['major']} 项重要问题"
    else:
        verdict = "未发现阻断或重要问题，可进入评审"
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
           f"<title>预审报告 - {_e(d.get('project_name') or d['path'])}</title><style>{CSS}</style></head><body>",
           f"<h1>预审报告：{_e(d.get('project_name') or d['path'])}</h1>",
           f"<div class='meta'>文件 {_e(d['path'])}（{_e(zh_format(d['format']))}{'，' + str(d['pages']) + ' 页' if d.get('pages') else ''}）"
           f" · SHA-256 {_e(d['sha256'][:16])}…</div>",
           f"<div class='verdict {vcls}'>{_e(verdict)}</div>",
           "<table><tr><th>文件类型</th><th>建设单位</th><th>总投资</th><th>项目类别</th><th>审查依据</th></tr>",
           f"<tr><td>{_e(zh_doc_type(d.get('doc_type')))}</td><td>{_e(d.get('owner') or '—')}</td>"
           f"<td>{_e(f'{inv:g} 万元' if inv is not None else '—')}</td><td>{_e(zh_class(d.get('project_class')))}</td>"
           f"<td><b>{_e(report.source or report.ruleset)}</b><br>"
           f"<span class='muted'>{_e(zh_reason(report.ruleset_reason))}</span></td></tr></table>",
           *[f"<p class='notice'><b>注意：</b>{_e(n)}</p>" for n in notices(report.errors)],
           *[f"<p class='muted'>{_e(x)}</p>" for x in
             ([f"所属地区：{d['region']}"] if d.get("region") and d['region'] not in (report.ruleset_reason or '') else []) + rule_facts_lines(report.rule_facts)],
           f"<p>{_e(counts_line(t))}</p>",
           "<h2>审查意见</h2>"]
    order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
    findings = sorted(report.findings, key=lambda f: (order[f.status], SEVERITIES.index(f.severity)))
    open_findings = [f for f in findings if f.status in ("fail", "warn")]
    rest = [f for f in findings if f.status not in ("fail", "warn")]
    for f in open_findings:
        out.append(_finding_html(f, report))
    if rest:
        out.append(f"<details><summary>符合及不适用的规则（{len(rest)} 条）</summary>")
        out.extend(_finding_html(f, report, brief=True) for f in rest)
        out.append("</details>")
    out.append("<h2>章节结构</h2><table><tr><th>标题</th><th>分类</th><th>页</th><th>字数</th></tr>")
    for s in report.sections:
        labels = zh_label(s["label"]) if s["label"] else ""
        if s["labels_secondary"]:
            labels += " + " + "、".join(zh_label(x) for x in s["labels_secondary"])
        conf = f" <span class='muted'>{s['confidence']:.2f}</span>" if s.get("confidence") is not None else ""
        out.append(f"<tr><td class='lvl{min(s['level'], 4)}'>{_e(s['title'])}</td><td>{_e(labels)}{conf}</td>"
                   f"<td>{_e(s['page'] or '')}</td><td>{s['chars']}</td></tr>")
    out.append("</table>")
    if report.duplicates:
        out.append("<h2>重复建设候选</h2><table><tr><th>编号</th><th>系统</th><th>单位</th><th>结论</th><th>相似度</th><th>证据</th></tr>")
        for dup in report.duplicates:
            ev = "<br>".join(f"{_e(p['proposal'])} ↔ {_e(p['inventory'])}" for p in dup.evidence[:4])
            out.append(f"<tr><td>{_e(dup.inventory_id)}</td><td>{_e(dup.name)}</td><td>{_e(dup.owner)}</td>"
                       f"<td><b>{_e(zh_dup_verdict(dup.verdict))}</b><br><span class='muted'>"
                       f"{_e(candidate_reason(dup))}</span></td><td>{dup.score:.2f}</td><td>{ev}</td></tr>")
        out.append("</table>")
    if report.errors:
        out.append("<h2>处理提示</h2><ul>" + "".join(f"<li>{_e(e['message'])}</li>" for e in report.errors) + "</ul>")
    out.append("<p class='muted'>由 预审 Yushen 生成。规则依据为所列办法原文；结论供人工审查参考。</p></body></html>")
    return "\n".join(out)


def _finding_html(f, report: Report, brief: bool = False) -> str:
    badge = f"<span class='badge s-{f.status}'>{_e(zh_status(f.status))}</span>"
    parts = [f"<div class='finding'><h3>{badge} {_e(f.title)} <span class='muted'>{_e(zh_severity(f.severity))}</span>"
             "</h3>",
             f"<div>{_e(f.message)}</div>"]
    if f.waived:
        by = f"（{_e(f.waived_by)}）" if f.waived_by else ""
        parts.append(f"<div class='waived'>已豁免：{_e(f.waived)}{by}</div>")
    parts.append(f"<div class='rule'>{_e(f.rule)} · {_e(f.citation.source)} {_e(f.citation.article)}</div>")
    if not brief:
        article = report.articles.get(f.citation.article) or ""
        quote = f.citation.quote
        body = _e(article)
        if quote and _e(quote) in body:
            body = body.replace(_e(quote), f"<mark>{_e(quote)}</mark>", 1)
        parts.append(f"<div class='article'>{body or _e(quote)}</div>")
        for e in f.evidence[:3]:
            page = f"第 {e.page} 页 " if e.page else ""
            parts.append(f"<div class='ev'>证据：{page}<span class='quote'>“{_e(e.quote)}”</span></div>")
    parts.append("</div>")
    return "".join(parts)
