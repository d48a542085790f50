"""预审意见书: the formal Word document a reviewer hands back (python-docx), in the usual shape of a 预审意见.

必须补正 = unwaived failures of blocker/major severity; 建议完善 = unwaived minor failures and warnings.
Each problem cites its article. Readable on paper: 仿宋 body, 黑体 headings, A4 margins.
"""

from __future__ import annotations

import datetime as dt
import io

from ..core.report import SEVERITIES, Report
from .text import DOC_TYPE_ZH


def opinion_items(report: Report) -> tuple[list, list]:
    must = [f for f in report.findings if f.status == "fail" and f.waived is None and f.severity in ("blocker", "major")]
    should = [f for f in report.findings if f.waived is None and (
        (f.status == "fail" and f.severity in ("minor", "info")) or f.status == "warn")]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    must.sort(key=lambda f: order[f.severity])
    return must, should


def render_docx(report: Report, filename: str | None = None, date: dt.date | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    sec.left_margin = sec.right_margin = Cm(2.6)
    normal = d.styles["Normal"]
    normal.font.name = "仿宋"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.font.size = Pt(14)

    def para(text: str, bold: bool = False, size: int | None = None, center: bool = False, font: str | None = None):
        p = d.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if font:
            r.font.name = font
            r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    doc = report.document
    para("政务信息化项目预审意见书", bold=True, size=22, center=True, font="方正小标宋简体")
    para(f"（审查依据：《{report.source}》）", size=14, center=True)
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [("项目名称", doc.get("project_name") or "（未识别）"), ("建设单位", doc.get("owner") or "（未识别）"),
            ("送审文件", f"{filename or doc['path']}（{DOC_TYPE_ZH.get(doc.get('doc_type'), doc.get('doc_type'))}）"),
            ("文件校验值", f"SHA-256 {doc['sha256']}"),
            ("总投资", f"{doc['investment_wan']:g} 万元" if doc.get("investment_wan") is not None else "（未识别）"),
            ("审查依据", f"{report.source}（规则包 {report.ruleset}；{report.ruleset_reason}）"),
            ("预审日期", (date or dt.date.today()).strftime("%Y年%m月%d日"))]
    for k, v in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k, v
        cells[0].width, cells[1].width = Cm(3.5), Cm(12.3)
    must, should = opinion_items(report)
    para("")
    para("一、必须补正的问题", bold=True, font="黑体")
    if must:
        for i, f in enumerate(must, 1):
            para(f"{i}. {f.message}（依据：{f.citation.source}{f.citation.article}“{f.citation.quote}”）")
    else:
        para("无。")
    para("二、建议完善的问题", bold=True, font="黑体")
    if should:
        for i, f in enumerate(should, 1):
            para(f"{i}. {f.message}（依据：{f.citation.source}{f.citation.article}）")
    else:
        para("无。")
    likely = [x for x in report.duplicates if x.verdict == "likely_duplicate"]
    if likely:
        para("三、重复建设比对", bold=True, font="黑体")
        for i, x in enumerate(likely, 1):
            para(f"{i}. 与已建系统“{x.name}”（{x.inventory_id}，{x.owner}）疑似重复，请说明能否通过升级改造或共享共用满足需求。")
    waived = [f for f in report.findings if f.waived is not None]
    if waived:
        para("经审查同意豁免的事项", bold=True, font="黑体")
        for f in waived:
            para(f"· {f.title}：{f.waived}")
    para("")
    if must:
        conclusion = f"预审结论：文件存在 {len(must)} 项必须补正的问题，请补正后重新提交。"
    else:
        conclusion = "预审结论：未发现必须补正的问题，可进入正式评审程序。"
    para(conclusion, bold=True)
    para("本意见由预审系统生成，经审查人员核对后出具。", size=12)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
