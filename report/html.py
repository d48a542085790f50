"""Self-contained, printable HTML report: verdict, facts, section map with labels, findings with the cited
article's full text and evidence quotes with pages. No scripts, fonts or CDN: works on an intranet and on paper."""

from __future__ import annotations

from html import escape

from ..core.report import SEVERITIES, Report
from .text import CLASS_ZH, DOC_TYPE_ZH, SEVERITY_ZH

STATUS_ZH = {"fail": "不符合", "warn": "提示", "pass": "符合", "not_applicable": "不适用"}
LABEL_ZH = {"overview": "概述", "basis": "编制依据", "unit_profile": "建设单位", "current_state": "现状",
            "necessity": "必要性", "requirements": "需求", "overall_design": "总体设计", "construction": "建设内容",
            "data_sharing": "数据共享", "network_security": "网络安全", "crypto": "密码应用",
            "secure_reliable": "安全可靠", "cloud_network": "云与网络", "integration": "统一接入",
            "energy": "节能", "procurement": "招标采购", "organization": "组织管理", "supervision": "监理",
            "schedule": "进度", "investment": "投资", "operations": "运维", "performance": "绩效",
            "benefits": "效益", "risks": "风险", "conclusion": "结论", "appendix": "附件", "other": "其他"}

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
    blockers = [f for f in report.findings if f.status == "fail" and f.severity == "blocker" and not f.waived]
    majors = [f for f in report.findings if f.status == "fail" and f.severity == "major" and not f.waived]
    if blockers:
        verdict, vcls = f"需补正后再受理：{len(blockers)} 项阻断问题，{len(majors)} 项重要问题", "v-bad"
    elif majors:
        verdict, vcls = f"建议修改：{len(majors)} 项重要问题", "v-warn"
    else:
        verdict, vcls = "未发现阻断或重要问题，可进入评审", "v-ok"
    c = report.counts()
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
           f"<title>预审报告 - {_e(d.get('project_name') or d['path'])}</title><style>{CSS}</style></head><body>",
           f"<h1>预审报告：{_e(d.get('project_name') or d['path'])}</h1>",
           f"<div class='meta'>文件 {_e(d['path'])}（{_e(d['format'])}{'，' + str(d['pages']) + ' 页' if d.get('pages') else ''}）"
           f" · sha256 {_e(d['sha256'][:16])}…</div>",
           f"<div class='verdict {vcls}'>{_e(verdict)}</div>",
           "<table><tr><th>文件类型</th><th>建设单位</th><th>总投资</th><th>项目类别</th><th>规则包</th></tr>",
           f"<tr><td>{_e(DOC_TYPE_ZH.get(d.get('doc_type'), d.get('doc_type')))}</td><td>{_e(d.get('owner') or '—')}</td>"
           f"<td>{_e(f'{inv:g} 万元' if inv is not None else '—')}</td><td>{_e(CLASS_ZH.get(d.get('project_class'), '—'))}</td>"
           f"<td><b>{_e(report.ruleset)}</b> {_e(report.source)}<br><span class='muted'>{_e(report.ruleset_reason)}</span></td></tr></table>",
           f"<p>不符合 {c['fail']} · 提示 {c['warn']} · 符合 {c['pass']} · 不适用 {c['not_applicable']}"
           + (f" · 已豁免 {c['waived']}" if c["waived"] else "") + "</p>",
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
        labels = LABEL_ZH.get(s["label"], s["label"] or "")
        if s["labels_secondary"]:
            labels += " + " + "、".join(LABEL_ZH.get(x, x) for x in s["labels_secondary"])
        conf = f" <span class='muted'>{s['confidence']:.2f}</span>" if s.get("confidence") is not None else ""
        out.append(f"<tr><td class='lvl{min(s['level'], 4)}'>{_e(s['title'])}</td><td>{_e(labels)}{conf}</td>"
                   f"<td>{_e(s['page'] or '')}</td><td>{s['chars']}</td></tr>")
    out.append("</table>")
    if report.duplicates:
        out.append("<h2>重复建设候选</h2><table><tr><th>编号</th><th>系统</th><th>单位</th><th>结论</th><th>证据</th></tr>")
        for dup in report.duplicates:
            ev = "<br>".join(f"{_e(p['proposal'])} ↔ {_e(p['inventory'])}" for p in dup.evidence[:4])
            out.append(f"<tr><td>{_e(dup.inventory_id)}</td><td>{_e(dup.name)}</td><td>{_e(dup.owner)}</td>"
                       f"<td>{_e(dup.verdict)} {dup.score:.2f}</td><td>{ev}</td></tr>")
        out.append("</table>")
    if report.errors:
        out.append("<h2>处理提示</h2><ul>" + "".join(f"<li>{_e(e['message'])}</li>" for e in report.errors) + "</ul>")
    out.append("<p class='muted'>由 预审 Yushen 生成。规则依据为所列办法原文；结论供人工审查参考。</p></body></html>")
    return "\n".join(out)


def _finding_html(f, report: Report, brief: bool = False) -> str:
    badge = f"<span class='badge s-{f.status}'>{STATUS_ZH[f.status]}</span>"
    parts = [f"<div class='finding'><h3>{badge} {_e(f.title)} <span class='muted'>{SEVERITY_ZH[f.severity]}</span></h3>",
             f"<div>{_e(f.message)}</div>"]
    if f.waived:
        parts.append(f"<div class='waived'>已豁免：{_e(f.waived)}</div>")
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
