"""预审意见书: the formal Word letter a 大数据中心 sends back about a proposal (python-docx).

Shaped like such a letter: the reviewing unit's letterhead and 文号, the addressee and an opening sentence, the
project's facts in a two-column table, numbered 必须补正 (unwaived blocker/major failures) and 建议完善 (unwaived
minor failures and warnings) items each citing its article, existing systems worded by verdict (疑似重复建设
only for a likely duplicate in the same place, 建议核实 otherwise), waived items with who granted them and why,
the conclusion, and 经办人 / 审核人 / 日期 with a place for the seal. 仿宋 body, 黑体 headings, A4 margins.

The unit, number and signatories come from :class:`OpinionSettings` (function parameters, the CLI's options or
a YAML file, see :func:`load_settings`)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..core.report import SEVERITIES, Report
from ..core.vocab import candidate_reason, zh_class, zh_doc_type

PAGE_WIDTH_CM, MARGIN_CM = 21.0, 2.6
KEY_COL_CM = 3.4  # the facts table's label column; the value column takes the rest of the text width
HASH_FONT_PT = 8  # SHA-256 in a small monospace font, on two lines of 32 characters


@dataclass(frozen=True)
class OpinionSettings:
    unit: str = ""  # 审查单位, e.g. 鄂尔多斯市大数据中心
    number: str = ""  # 文号, e.g. 鄂数预审〔2025〕12号
    handler: str = ""  # 经办人
    approver: str = ""  # 审核人
    date: dt.date | None = None  # 日期 (default: today)


# The YAML file may use the English keys or the Chinese words on the letter.
_KEYS = {"审查单位": "unit", "文号": "number", "经办人": "handler", "审核人": "approver", "日期": "date"}


class OpinionSettingsError(ValueError):
    pass


def load_settings(path: Path | None, **overrides) -> OpinionSettings:
    """Settings from a YAML file (``unit``/``审查单位``, ``number``/``文号``, ``handler``/``经办人``,
    ``approver``/``审核人``, ``date``/``日期``), then any non-empty ``overrides`` (the CLI's options)."""
    values: dict = {}
    if path is not None:
        import yaml

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as err:
            raise OpinionSettingsError(f"{path}: {err}") from None
        if not isinstance(data, dict):
            raise OpinionSettingsError(f"{path}: 应为“键: 值”形式（审查单位、文号、经办人、审核人、日期）")
        names = {f.name for f in fields(OpinionSettings)}
        for key, value in data.items():
            name = _KEYS.get(str(key), str(key))
            if name not in names:
                raise OpinionSettingsError(f"{path}: 未知的设置项 {key!r}")
            values[name] = value
    values.update({k: v for k, v in overrides.items() if v})
    date = values.get("date")
    if isinstance(date, str):
        try:
            values["date"] = dt.date.fromisoformat(date)
        except ValueError:
            raise OpinionSettingsError(f"日期应写作 2025-03-15：{date!r}") from None
    return OpinionSettings(**{k: (v if k == "date" else str(v)) for k, v in values.items()})


def opinion_items(report: Report) -> tuple[list, list]:
    must = report.failing("major")
    should = [f for f in report.findings if f.waived is None and (
        (f.status == "fail" and f.severity in ("minor", "info")) or f.status == "warn")]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    must.sort(key=lambda f: order[f.severity])
    return must, should


def duplicate_items(report: Report) -> list[str]:
    """One sentence per existing system, worded by its verdict."""
    out = []
    for x in report.duplicates:
        system = f"已建系统“{x.name}”（{x.inventory_id}{'，' + x.owner if x.owner else ''}）"
        reason = candidate_reason(x)
        if x.verdict == "likely_duplicate":
            out.append(f"疑似重复建设：本项目与{system}{reason}，请说明能否通过升级改造或共享共用满足需求。")
        elif x.verdict == "maintained":
            continue  # the system this O&M plan maintains is its subject, not a finding
        else:
            out.append(f"建议核实：本项目与{system}存在相似内容（{reason}），请核实是否存在功能重叠。")
    return out


def _zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_docx(report: Report, filename: str | None = None, date: dt.date | None = None,
                settings: OpinionSettings | None = None) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    settings = settings or OpinionSettings()
    if date is not None:
        settings = replace(settings, date=date)
    when = settings.date or dt.date.today()

    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(PAGE_WIDTH_CM)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    sec.left_margin = sec.right_margin = Cm(MARGIN_CM)
    normal = d.styles["Normal"]
    normal.font.name = "仿宋"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(4)

    def font(run, name: str) -> None:
        run.font.name = name
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    def para(text: str = "", bold: bool = False, size: float | None = None, align: str | None = None,
             face: str | None = None, color: RGBColor | None = None, indent: bool = False):
        p = d.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if face:
            font(r, face)
        if color is not None:
            r.font.color.rgb = color
        if align:
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        if indent:
            p.paragraph_format.first_line_indent = Pt(28)
        return p

    doc = report.document
    red = RGBColor(0xC0, 0x00, 0x00)
    # Letterhead: the reviewing unit in red, the 文号, a red rule.
    para(settings.unit or "（审查单位）", bold=True, size=22, align="center", face="方正小标宋简体", color=red)
    head = para(settings.number or "（文号）", size=14, align="center")
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "C00000")):
        bottom.set(qn(f"w:{k}"), v)
    border.append(bottom)
    head._p.get_or_add_pPr().append(border)
    para("政务信息化项目预审意见书", bold=True, size=20, align="center", face="方正小标宋简体")
    project = doc.get("project_name") or "（未识别项目名称）"
    doc_type = zh_doc_type(doc.get("doc_type"))
    para(f"{doc.get('owner') or '项目建设单位'}：")
    para(f"你单位报送的《{project}》{doc_type}收悉。经对照《{report.source}》进行预审，现将意见告知如下。",
         indent=True)

    text_cm = PAGE_WIDTH_CM - 2 * MARGIN_CM
    widths = (Cm(KEY_COL_CM), Cm(text_cm - KEY_COL_CM))
    inv = doc.get("investment_wan")
    rows = [("项目名称", project), ("建设单位", doc.get("owner") or "（未识别）"),
            ("送审文件", f"{filename or doc['path']}（{doc_type}）"),
            ("总投资", f"{inv:g} 万元" if inv is not None else "（未识别）"),
            ("项目类别", zh_class(doc.get("project_class"))),
            ("审查依据", f"《{report.source}》"),
            ("文件校验值", f"SHA-256\n{doc['sha256'][:32]}\n{doc['sha256'][32:]}"),
            ("预审日期", _zh_date(when))]
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word, WPS and LibreOffice read the grid (w:tblGrid), not only the cells: both must say the same widths.
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w.twips)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for key, value in rows:
        cells = table.add_row().cells
        for cell, w in zip(cells, widths, strict=True):
            cell.width = w
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        if key == "文件校验值":
            p = cells[1].paragraphs[0]
            lines = value.split("\n")
            for i, line in enumerate(lines):
                r = p.add_run(line)
                r.font.size = Pt(HASH_FONT_PT if i else 12)
                if i:
                    font(r, "Courier New")
                if i < len(lines) - 1:
                    r.add_break()
        else:
            cells[1].text = value

    must, should = opinion_items(report)
    dups = duplicate_items(report)
    waived = [f for f in report.findings if f.waived is not None]
    chinese = "一二三四五六七八九"
    headings = iter(chinese)

    def heading(text: str) -> None:
        para(f"{next(headings)}、{text}", bold=True, face="黑体")

    para()
    heading("必须补正的问题")
    for i, f in enumerate(must, 1):
        para(f"{i}. {f.message}（依据：《{f.citation.source}》{f.citation.article}：“{f.citation.quote}”）", indent=True)
    if not must:
        para("无。", indent=True)
    heading("建议完善的问题")
    for i, f in enumerate(should, 1):
        para(f"{i}. {f.message}（依据：《{f.citation.source}》{f.citation.article}）", indent=True)
    if not should:
        para("无。", indent=True)
    if dups:
        heading("与已建系统比对")
        for i, line in enumerate(dups, 1):
            para(f"{i}. {line}", indent=True)
    if waived:
        heading("经审查同意豁免的事项")
        for i, f in enumerate(waived, 1):
            who = f.waived_by or settings.approver or "审查人员"
            para(f"{i}. {f.title}（{f.citation.article}）：{f.waived}（同意人：{who}）", indent=True)
    heading("预审结论")
    if must:
        conclusion = f"文件存在 {len(must)} 项必须补正的问题，请补正后重新报送。"
    else:
        conclusion = "未发现必须补正的问题，可进入正式评审程序。"
    para(conclusion, bold=True, indent=True)

    para()
    para(f"经办人：{settings.handler or '＿＿＿＿＿＿'}　　　　审核人：{settings.approver or '＿＿＿＿＿＿'}")
    para()
    para(f"{settings.unit or '（审查单位）'}（盖章）", align="right")
    para(_zh_date(when), align="right")
    para("本意见由预审系统生成，经审查人员核对、签章后有效。", size=10.5, align="center")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
