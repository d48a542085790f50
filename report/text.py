"""Terminal report: verdict, facts, pack and why, findings grouped by severity with citations and pages.

The layout follows the terminal it is printed to: a four-column table from about 100 columns up (when the
longest rule id fits its column), below that one block per finding with the columns stacked. Lines are broken
by report/layout.py (never inside an id or a word, no lone 。 on a line)."""

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
    zh_reason,
    zh_severity,
    zh_status,
)
from .layout import shorten, terminal_width, width_of, wrap

STATUS_MARK = {"fail": "✗", "warn": "!", "pass": "✓", "not_applicable": "–"}
_ANSI = {"bold": "1", "red": "31", "yellow": "33", "green": "32", "cyan": "36", "dim": "2"}
STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "pass": "green", "not_applicable": "dim"}
TABLE_MIN_WIDTH = 100
QUOTE_CELLS = 70  # an evidence quote is shortened to this many cells


def _paint(text: str, style: str, color: bool) -> str:
    if not color or not style:
        return text
    codes = ";".join(_ANSI[s] for s in style.split())
    return f"\033[{codes}m{text}\033[0m"


def _evidence(f, limit: int = QUOTE_CELLS) -> str:
    parts = []
    for e in f.evidence[:2]:
        page = f"第{e.page}页 " if e.page else ""
        parts.append(f"{page}“{shorten(e.quote, limit)}”")
    return "；".join(parts)


def _status_word(f) -> tuple[str, str]:
    if f.waived:
        return "≈ 已豁免", "cyan"
    return f"{STATUS_MARK.get(f.status, '')} {zh_status(f.status)}", STATUS_STYLE.get(f.status, "")


def _detail(f) -> str:
    msg = f.message
    if f.evidence and f.status != "pass":
        msg += f"\n证据：{_evidence(f)}"
    if f.waived:
        msg += f"\n豁免理由：{f.waived}" + (f"（{f.waived_by}）" if f.waived_by else "")
    return msg


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - width_of(text))


def _table(shown, width: int, color: bool) -> list[str] | None:
    """Findings as a table, or None when the terminal is too narrow for one."""
    w_status, w_sev, gap = 8, 4, 2
    longest_id = max((width_of(f.rule) for f in shown), default=0)
    rest = width - w_status - w_sev - 3 * gap
    w_rule = max(longest_id, rest * 3 // 8)
    w_msg = rest - w_rule
    if width < TABLE_MIN_WIDTH or w_msg < 36:
        return None
    cols = (w_status, w_sev, w_rule, w_msg)
    sep = " " * gap
    out = [sep.join(_pad(h, w) for h, w in zip(("结果", "级别", "规则 / 依据", "说明与证据"), cols, strict=True)).rstrip(),
           "─" * width]
    for f in shown:
        word, style = _status_word(f)
        cells = [[word], [zh_severity(f.severity)],
                 [f.rule] + wrap(f"{f.citation.source} {f.citation.article}", w_rule), wrap(_detail(f), w_msg)]
        for i in range(max(len(c) for c in cells)):
            parts = []
            for j, (c, w) in enumerate(zip(cells, cols, strict=True)):
                text = c[i] if i < len(c) else ""
                parts.append(_paint(_pad(text, w), style, color) if j == 0 and text else _pad(text, w))
            out.append(sep.join(parts).rstrip())
    return out


def _stacked(shown, width: int, color: bool) -> list[str]:
    out = []
    for f in shown:
        word, style = _status_word(f)
        head = f"{word} · {zh_severity(f.severity)}  "
        out.append("")
        out += [_paint(line, style, color) if n == 0 else line
                for n, line in enumerate(wrap(f.title or f.message, width, indent="  ", first=head))]
        out += wrap(f.rule, width, indent="  ", first="  ")
        out += wrap(f"依据：{f.citation.source} {f.citation.article}", width, indent="    ", first="  ")
        out += wrap(_detail(f), width, indent="  ", first="  ")
    return out


def render_text(report: Report, width: int | None = None, color: bool = False, verbose: bool = False) -> str:
    """The report for a terminal of ``width`` columns (default: the real terminal's, or ``COLUMNS``)."""
    width = max(40, width or terminal_width())
    d = report.document
    tally = report.tally()
    verdict, level = report.verdict()
    vstyle = {"bad": "bold red", "warn": "yellow", "ok": "bold green"}[level]
    lines: list[str] = []

    def say(text: str, indent: str = "  ") -> None:
        lines.extend(wrap(text, width, indent=indent))

    lines += [_paint(line, "bold", color) for line in wrap(d["path"], width)]
    say(f"项目：{d.get('project_name') or '—'}    建设单位：{d.get('owner') or '—'}")
    inv = d.get("investment_wan")
    say(f"类型：{zh_doc_type(d.get('doc_type'))}    总投资：{f'{inv:g}万元' if inv is not None else '—'}    "
        f"类别：{zh_class(d.get('project_class'))}")
    say(f"审查依据：{report.source or report.ruleset}（{zh_reason(report.ruleset_reason)}）")
    if d.get("region") and d["region"] not in (report.ruleset_reason or ""):
        say(f"所属地区：{d['region']}")
    for note in notices(report.errors):
        say(f"注意：{note}")
    for line in rule_facts_lines(report.rule_facts):
        say(line)
    head = wrap(f"结论：{verdict}  {counts_line(tally)}", width, indent="  ")
    lines.append(head[0].replace(verdict, _paint(verdict, vstyle, color), 1))
    lines += head[1:]
    shown = [f for f in report.findings if verbose or f.status in ("fail", "warn")]
    order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
    shown.sort(key=lambda f: (order.get(f.status, 4), SEVERITIES.index(f.severity)))
    if shown:
        table = _table(shown, width, color)
        lines += table if table is not None else _stacked(shown, width, color)
    hidden = len(report.findings) - len(shown)
    if hidden:
        lines += [_paint(x, "dim", color) for x in wrap(f"另有 {hidden} 条符合或不适用的规则未列出（--verbose 显示全部）。",
                                                        width)]
    if report.duplicates:
        lines.append("已建系统比对：")
        for dup in report.duplicates[:5]:
            style = "bold red" if dup.verdict == "likely_duplicate" else "yellow"
            verdict_zh = zh_dup_verdict(dup.verdict)
            text = (f"{verdict_zh}（{candidate_reason(dup)}）相似度 {dup.score:.2f}  {dup.inventory_id} {dup.name}"
                    f"（{dup.owner}）")
            wrapped = wrap(text, width, indent="    ", first="  ")
            lines.append(wrapped[0].replace(verdict_zh, _paint(verdict_zh, style, color), 1))
            lines += wrapped[1:]
            for e in dup.evidence[:3]:
                lines += wrap(f"清单：{shorten(e['inventory'], 60)}", width, indent="          ", first="      ")
                lines += wrap(f"本项目：{shorten(e['proposal'], 60)}", width, indent="          ", first="      ")
    for b in report.batch_duplicates[:3]:
        if b["verdict"] == "likely_duplicate":
            text = f"同批次疑似重复 相似度 {b['score']:.2f}  {b['path']}（{b['project_name']}）"
            lines += wrap(text, width, indent="    ")
    return "\n".join(lines) + "\n"
