"""Exports of a scan's results database: JSON Lines (one report-contract record per document), an XLSX and a CSV
summary (one row per document, values in Chinese words) and a self-contained HTML dashboard with SVG charts and a
sortable per-file table. All can be made again later from the database alone (`yushen export results.db …`).

Spreadsheet cells hold text from the documents; a cell that starts like a formula (=, +, -, @, tab, CR) is written
as text, never as a formula (CSV/formula injection)."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from ..core.dates import parse_year
from ..core.report import Report
from ..core.vocab import (
    zh_doc_type,
    zh_dup_verdict,
    zh_error,
    zh_jurisdiction,
    zh_label,
    zh_scan_status,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _record(row: dict) -> dict | None:
    """The report contract's record for a document row (ok, duplicate or error); None for non-documents."""
    if row["report"] is not None:
        return row["report"]
    if row["status"] == "error":
        return {"schema_version": "1", "status": "error", "document": {"path": row["path"], "sha256": row["sha256"]},
                "error": {"code": row["error_code"], "message": row["message"]}, "findings": [], "duplicates": [],
                "errors": []}
    return None


def export_jsonl(rows: list[dict], path: Path) -> int:
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for row in rows:
            rec = _record(row)
            if rec is not None:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def _missing(report: dict) -> list[str]:
    return sorted({f["label"] for f in report.get("findings", [])
                   if f["status"] == "fail" and f["rule"].endswith("_section") and f.get("label")})


def _year(report: dict, path: str = "") -> str:
    """The document's year: its title-page date, a date fact, else a date in its name or its archive path
    (archives are often filed by year); 2025, 2025年3月 and 二〇二五年 forms alike."""
    doc = report.get("document") or {}
    facts = report.get("facts") or {}
    for text in (doc.get("date"), (facts.get("doc_date") or {}).get("value"), doc.get("project_name"), path):
        year = parse_year(str(text)) if text else None
        if year:
            return year
    return "未知"


def _pack_name(rep: dict) -> str:
    source = (rep.get("regulation") or {}).get("source")
    return source or (zh_jurisdiction(rep.get("ruleset")) + "规则包" if rep.get("ruleset") else "")


def summary_rows(rows: list[dict]) -> list[dict]:
    clusters = archive_duplicate_clusters(rows)
    twin_of = {p: c for c in clusters for p in c}
    out = []
    for row in rows:
        if row["status"] == "skipped":
            continue
        rep = row["report"]
        d = (rep or {}).get("document", {})
        tally = Report.from_json(rep).tally() if rep else {}  # waived failures never count
        dups = (rep or {}).get("duplicates", [])
        others = [p for p in twin_of.get(row["path"], []) if p != row["path"]]
        out.append({
            "path": row["path"], "status": zh_scan_status(row["status"]), "project": d.get("project_name"),
            "owner": d.get("owner"), "doc_type": zh_doc_type(d.get("doc_type")) if rep else "",
            "investment_wan": d.get("investment_wan"),
            "jurisdiction": zh_jurisdiction(d.get("jurisdiction")) if d.get("jurisdiction") else "",
            "pack": _pack_name(rep) if rep else "",
            "blockers": tally.get("blocker", 0),
            "majors": tally.get("major", 0),
            "missing_sections": "、".join(zh_label(x) for x in _missing(rep)) if rep else "",
            "top_duplicate": f"{dups[0]['inventory_id']} {dups[0]['name']}（{zh_dup_verdict(dups[0]['verdict'])}）"
            if dups else "",
            "same_as_in_archive": row["duplicate_of"] or "、".join(others),
            "error": f"{zh_error(row['error_code'])}：{row['message']}"
            if row["status"] == "error" else "",
            "error_code": row["error_code"] if row["status"] == "error" else "",
            "year": _year(rep, row["path"]) if rep else "",
            "pages": row.get("pages"), "format": d.get("format") or Path(row["path"]).suffix.lstrip(".").lower(),
        })
    return out


def failed_files(rows: list[dict]) -> list[dict]:
    """The files that could not be reviewed: path, code, the code in words and the message."""
    return [{"path": r["path"], "code": r["error_code"], "code_zh": zh_error(r["error_code"]),
             "message": r["message"] or ""} for r in rows if r["status"] == "error"]


def formula_safe(value):
    """A cell value that a spreadsheet will not evaluate: text starting like a formula gets a leading
    apostrophe (the CSV convention Excel, WPS and LibreOffice honour); other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


XLSX_COLUMNS = [("path", "文件"), ("status", "状态"), ("project", "项目名称"), ("owner", "建设单位"), ("doc_type", "文件类型"),
                ("investment_wan", "总投资（万元）"), ("jurisdiction", "地区"), ("pack", "规则包"), ("blockers", "阻断问题"),
                ("majors", "重要问题"), ("missing_sections", "缺失章节"), ("top_duplicate", "最可能重复的已建系统"),
                ("same_as_in_archive", "档案内重复"), ("error", "错误")]


def export_xlsx(rows: list[dict], path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "预审汇总"
    ws.append([zh for _, zh in XLSX_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    data = summary_rows(rows)
    for r in data:
        ws.append([r[k] for k, _ in XLSX_COLUMNS])
        for cell in ws[ws.max_row]:
            # openpyxl turns any string starting with "=" into a formula: keep document text as text.
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLMN", (60, 8, 40, 28, 16, 12, 10, 10, 8, 8, 36, 40, 40, 40), strict=False):
        ws.column_dimensions[col].width = width
    wb.save(str(path))
    return len(data)


def export_csv(rows: list[dict], path: Path) -> int:
    """The XLSX summary's rows as CSV (UTF-8 with BOM, so Excel and WPS read the Chinese)."""
    data = summary_rows(rows)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([zh for _, zh in XLSX_COLUMNS])
        for r in data:
            w.writerow([formula_safe(r[k]) for k, _ in XLSX_COLUMNS])
    return len(data)


def archive_duplicate_clusters(rows: list[dict], pairs: list[tuple[str, str]] | None = None) -> list[list[str]]:
    """Groups of documents in the archive that are the same project (filed twice) or plan the same system
    (two departments building the same thing): identical content, or a likely duplicate between their plans.
    ``pairs``: the plan matches already found (``plan_pairs`` over every part, e.g. by the scan's workers)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for row in rows:
        if row["status"] == "duplicate" and row["duplicate_of"]:
            union(row["path"], row["duplicate_of"])
    for a, b in plan_pairs(planned_rows(rows)) if pairs is None else pairs:
        union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


def planned_rows(rows: list[dict]) -> list[dict]:
    """The reviewed documents with plans, as the plan matching needs them (path and plans only)."""
    return [{"path": r["path"], "plans": r["plans"]} for r in rows if r["status"] == "ok" and r["plans"]]


def plan_pairs(planned: list[dict], part: int = 0, parts: int = 1) -> list[tuple[str, str]]:
    """Likely duplicates between the plans of two documents: every document of this part (every ``parts``-th,
    from ``part``) matched against all of them. The parts are independent, so a scan's workers share them."""
    if len(planned) < 2:
        return []
    from ..analyze.duplicates import InventoryIndex, ProposalPlans
    from ..inventory.model import InventoryRecord

    records = [InventoryRecord(id=r["path"], name=r["plans"]["project_name"] or r["path"], owner=r["plans"]["owner"],
                               description=r["plans"]["functions"]) for r in planned]
    index = InventoryIndex().fit(records)
    out = []
    for r in planned[part::parts]:
        p = r["plans"]
        plans = ProposalPlans(p.get("names") or [p["project_name"]], p["functions"], "", p["owner"], "new",
                              p["project_name"])
        for cand in index.match(plans, limit=5):
            if cand.inventory_id != r["path"] and cand.verdict == "likely_duplicate":
                out.append((r["path"], cand.inventory_id))
    return out


def _bars(title: str, counts: list[tuple[str, float]], unit: str = "", pct: bool = False) -> str:
    if not counts:
        return f"<h3>{escape(title)}</h3><p class='muted'>无数据</p>"
    width, bar_h, gap, label_w = 760, 22, 6, 220
    top = max(v for _, v in counts) or 1
    h = len(counts) * (bar_h + gap) + 10
    parts = [f"<h3>{escape(title)}</h3><svg width='{width}' height='{h}' role='img' aria-label='{escape(title)}'>"]
    for i, (label, v) in enumerate(counts):
        y = i * (bar_h + gap) + 5
        w = (width - label_w - 80) * (v / top)
        text = f"{v:.0%}" if pct else f"{v:g}{unit}"
        parts.append(f"<text x='{label_w - 8}' y='{y + 16}' text-anchor='end' font-size='13'>{escape(label)}</text>"
                     f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='#3b6ea5'></rect>"
                     f"<text x='{label_w + w + 6:.1f}' y='{y + 16}' font-size='13'>{text}</text>")
    parts.append("</svg>")
    return "".join(parts)


def export_html(rows: list[dict], path: Path) -> None:
    docs = [r for r in rows if r["status"] in ("ok", "duplicate") and r["report"]]
    reviewed = [r for r in rows if r["status"] == "ok" and r["report"]]
    status = Counter(r["status"] for r in rows)
    errors = Counter(zh_error(r["error_code"]) for r in rows if r["status"] == "error")
    # Missing-section rate per mandatory label: among documents whose pack checks that label.
    checked: Counter = Counter()
    missing: Counter = Counter()
    per_pack: Counter = Counter()
    per_owner: Counter = Counter()
    per_year: Counter = Counter()
    for r in reviewed:
        rep = r["report"]
        fails = Report.from_json(rep).failing("info")  # every unwaived failure
        per_pack[_pack_name(rep)] += len(fails)
        per_owner[rep["document"].get("owner") or "未识别"] += len(fails)
        per_year[_year(rep, r["path"])] += len(fails)
        for f in rep["findings"]:
            if f["rule"].endswith("_section") and f.get("label") and f["status"] in ("pass", "fail"):
                checked[f["label"]] += 1
                missing[f["label"]] += f["status"] == "fail"
    rates = sorted(((zh_label(k), missing[k] / n) for k, n in checked.items() if n), key=lambda x: -x[1])
    clusters = archive_duplicate_clusters(rows)
    html = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>档案扫描看板</title><style>",
            "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1000px;margin:2rem auto;"
            "padding:0 1rem;color:#1d2733}h1{font-size:1.5rem}h2{border-bottom:2px solid #d6dde6;font-size:1.15rem;"
            "margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d6dde6;"
            "padding:.3rem .5rem;text-align:left}.muted{color:#7a8896}.kpi{display:inline-block;margin:0 1.5rem 1rem 0}"
            ".kpi b{font-size:1.6rem;display:block}th[data-sort]{cursor:pointer;white-space:nowrap}"
            "th[data-sort]:after{content:' ↕';color:#9aa7b4}td.num{text-align:right}</style></head><body>",
            "<h1>档案扫描看板</h1>",
            "".join(f"<span class='kpi'><b>{n}</b>{escape(k)}</span>" for k, n in (
                ("文件", len(rows)), ("已审查", status["ok"]), ("内容重复", status["duplicate"]),
                ("错误", status["error"]), ("跳过（非文档）", status["skipped"]), ("档案内重复组", len(clusters)))),
            "<h2>必备章节缺失率</h2>", _bars("各必备章节缺失的文档比例（该规则包要求该章节的文档中）", rates, pct=True),
            "<h2>问题分布</h2>", _bars("不符合项：按规则包", per_pack.most_common()),
            _bars("不符合项：按年份", sorted(per_year.items())), _bars("不符合项：按建设单位（前 15）", per_owner.most_common(15)),
            "<h2>错误类型</h2>", _bars("无法审查的文件：按错误类型", errors.most_common()),
            _failed_table(rows),
            "<h2>档案内重复（同一项目重复归档，或不同单位建设同一系统）</h2>"]
    if clusters:
        html.append("<table><tr><th>#</th><th>文件</th></tr>")
        for i, group in enumerate(clusters, 1):
            html.append(f"<tr><td>{i}</td><td>{'<br>'.join(escape(p) for p in group)}</td></tr>")
        html.append("</table>")
    else:
        html.append("<p class='muted'>未发现</p>")
    html.append(_files_table(rows))
    html.append(f"<p class='muted'>共 {len(docs)} 份文档报告。由 预审 Yushen 生成。</p>{SORT_SCRIPT}</body></html>")
    Path(path).write_text("\n".join(html), encoding="utf-8")


def _failed_table(rows: list[dict]) -> str:
    failed = failed_files(rows)
    if not failed:
        return "<p class='muted'>没有无法审查的文件。</p>"
    out = ["<h3>无法审查的文件</h3><table id='failed'><tr><th>文件</th><th>错误</th><th>说明</th></tr>"]
    for f in failed:
        out.append(f"<tr><td>{escape(f['path'])}</td><td>{escape(f['code_zh'])}<br><span class='muted'>"
                   f"{escape(f['code'] or '')}</span></td><td>{escape(f['message'])}</td></tr>")
    out.append("</table>")
    return "".join(out)


FILE_COLUMNS = [("path", "文件", ""), ("status", "状态", ""), ("project", "项目名称", ""), ("owner", "建设单位", ""),
                ("doc_type", "文件类型", ""), ("year", "年份", ""), ("pages", "页数", "num"),
                ("blockers", "阻断", "num"), ("majors", "重要", "num"), ("missing_sections", "缺失章节", ""),
                ("error", "错误", "")]


def _files_table(rows: list[dict]) -> str:
    """Every file with its result; a click on a column heading sorts by it. Page counts only for formats that
    have pages (DOCX and TXT have none)."""
    data = summary_rows(rows)
    out = ["<h2>逐文件结果</h2><p class='muted'>点击表头排序。</p><table id='files' class='sortable'><thead><tr>"]
    out += [f"<th data-sort='{kind or 'text'}'>{escape(zh)}</th>" for _, zh, kind in FILE_COLUMNS]
    out.append("</tr></thead><tbody>")
    for r in data:
        cells = []
        for key, _, kind in FILE_COLUMNS:
            v = r.get(key)
            if key in ("blockers", "majors") and r["status"] != "已审查":
                v = None
            text = "" if v is None else str(v)
            cells.append(f"<td class='{kind}'>{escape(text)}</td>" if kind else f"<td>{escape(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# A few lines of inline script (no CDN, works offline): sort a table by the clicked column.
SORT_SCRIPT = """<script>
document.querySelectorAll('table.sortable th[data-sort]').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], num = th.dataset.sort === 'num';
    var dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    Array.from(body.rows).sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      if (num) { return dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)); }
      return dir * x.localeCompare(y, 'zh-CN');
    }).forEach(function (tr) { body.appendChild(tr); });
  });
});
</script>"""
