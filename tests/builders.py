"""Build test documents from code: PDFs with reportlab's built-in STSong-Light CID font (no font install
needed), DOCX with python-docx. Each builder takes a simple outline so tests can assert the exact tree."""

from __future__ import annotations

from pathlib import Path

Heading = tuple[int, str]  # (level, title)
Item = Heading | str  # a heading or a body paragraph


def build_pdf(path: Path, items: list[Item], *, header: str | None = None, footer: str = "dash",
              title_page: list[str] | None = None, toc: bool = False, outline: bool = False,
              heading_sizes: dict[int, float] | None = None, body_size: float = 11, overlay=None) -> Path:
    """``overlay(canvas, width, height)``, if given, draws over every page before it is shown (a watermark)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    sizes = heading_sizes or {1: 16, 2: 14, 3: 12.5}
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 80, 80
    c = canvas.Canvas(str(path), pagesize=A4)
    page_no = 0
    y = top
    total_pages_hint = "?"

    def furniture():
        if header:
            c.setFont(font, 9)
            c.drawCentredString(width / 2, height - 45, header)
        c.setFont(font, 9)
        if footer == "dash":
            c.drawCentredString(width / 2, 40, f"- {page_no} -")
        elif footer == "of":
            c.drawCentredString(width / 2, 40, f"第 {page_no} 页 共 {total_pages_hint} 页")

    def show():
        if overlay is not None:
            c.saveState()
            overlay(c, width, height)
            c.restoreState()
        c.showPage()

    def new_page(with_furniture: bool = True):
        nonlocal page_no, y
        if page_no:
            show()
        page_no += 1
        y = top
        if with_furniture:
            furniture()

    def wrap(text: str, size: float, indent: float) -> list[str]:
        lines, cur = [], ""
        avail = right - left
        for ch in text:
            w = pdfmetrics.stringWidth(cur + ch, font, size) + (indent if not lines else 0)
            if w > avail:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur:
            lines.append(cur)
        return lines

    if title_page:
        new_page(with_furniture=False)
        y = height - 250
        for i, line in enumerate(title_page):
            c.setFont(font, 22 if i < 2 else 15)
            c.drawCentredString(width / 2, y, line)
            y -= 40
    if toc:
        new_page()
        c.setFont(font, 16)
        c.drawCentredString(width / 2, y, "目  录")
        y -= 30
        for n, it in enumerate(i for i in items if isinstance(i, tuple)):
            lvl, t = it
            c.setFont(font, 11)
            x = left + (lvl - 1) * 20
            c.drawString(x, y, t)
            c.drawString(pdfmetrics.stringWidth(t, font, 11) + x + 4, y, "." * 60)
            c.drawRightString(right, y, str(3 + n // 6))
            y -= 18
            if y < bottom:
                new_page()
    new_page()
    for it in items:
        if isinstance(it, tuple):
            lvl, t = it
            size = sizes.get(lvl, 12)
            if y - size * 2.5 < bottom:
                new_page()
            y -= size * 0.8
            c.setFont(font, size)
            c.drawString(left, y, t)
            if outline:
                key = f"h{page_no}_{int(y)}"
                c.bookmarkPage(key, fit="XYZ", left=left, top=y + size)
                c.addOutlineEntry(t, key, level=lvl - 1)
            y -= size * 1.6
        else:
            for k, line in enumerate(wrap(it, body_size, body_size * 2)):
                if y < bottom:
                    new_page()
                c.setFont(font, body_size)
                c.drawString(left + (body_size * 2 if k == 0 else 0), y, line)
                y -= body_size * 1.6
            y -= body_size * 0.4
    show()
    c.save()
    return path


def build_docx(path: Path, items: list[Item], *, mode: str = "styles", title_page: list[str] | None = None,
               header_text: str | None = None, table: list[list[str]] | None = None) -> Path:
    """mode: styles (Heading N), localized (custom 标题 N styles with outlineLvl), bold (Normal + bold runs),
    plain (Normal, numbers typed by hand)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    if header_text:
        d.sections[0].header.paragraphs[0].text = header_text
        d.sections[0].footer.paragraphs[0].text = "第 1 页"
    if mode == "localized":
        for lvl in (1, 2, 3):
            st = d.styles.add_style(f"标题 {lvl}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = d.styles["Normal"]
            st.font.bold = True
            st.font.size = Pt(18 - 2 * lvl)
            ppr = st.element.get_or_add_pPr()
            ol = OxmlElement("w:outlineLvl")
            ol.set(qn("w:val"), str(lvl - 1))
            ppr.append(ol)
    for line in title_page or []:
        p = d.add_paragraph()
        r = p.add_run(line)
        r.bold = True
        r.font.size = Pt(22)
    for it in items:
        if isinstance(it, tuple):
            lvl, t = it
            if mode == "styles":
                d.add_heading(t, level=lvl)
            elif mode == "localized":
                d.add_paragraph(t, style=f"标题 {lvl}")
            else:
                p = d.add_paragraph()
                r = p.add_run(t)
                r.bold = mode == "bold"
        else:
            d.add_paragraph("\u3000\u3000" + it if mode == "plain" else it)
    if table:
        tbl = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for k, cell in enumerate(row):
                tbl.cell(r, k).text = cell
    d.save(str(path))
    return path


SAMPLE_OUTLINE: list[Item] = [
    (1, "第一章 项目概述"),
    (2, "1.1 项目背景"),
    "本项目由某市大数据中心建设，旨在整合全市政务数据资源，提升政务服务效能。项目建设周期为十二个月，"
    "总投资三百五十万元，资金来源为市级财政资金。",
    (2, "1.2 建设目标"),
    "建成统一的数据共享交换平台，实现跨部门数据共享。",
    "1. 系统应支持统一身份认证，并与市政务服务平台对接。",
    "2. 系统应支持数据目录管理，按季度更新目录内容。",
    (1, "第二章 需求分析"),
    "业务部门对数据共享的需求日益增长，现有系统无法满足跨部门调用的要求，需要建设统一平台予以解决。" * 3,
    (2, "2.1 业务需求"),
    "各委办局需要按需调用人口、法人、电子证照等基础数据。",
    (3, "2.1.1 数据查询需求"),
    "提供按证件号码查询的接口，响应时间不超过一秒。",
    (1, "第三章 网络安全"),
    "系统按照网络安全等级保护第三级要求进行设计和建设，同步规划、同步建设、同步运行密码保障系统。",
]
