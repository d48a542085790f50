"""Fixtures for the heading-tree tests, built in code: PDFs with ruled tables (reportlab, STSong-Light CID
font) that may cross page breaks, and DOCX files with custom paragraph styles (python-docx)."""

from __future__ import annotations

from pathlib import Path

Table = tuple[str, list[list[str]]]  # ("table", rows)


def build_table_pdf(path: Path, items: list, *, body_size: float = 14, cell_size: float = 9,
                    heading_size: float = 16, outline: bool = False, rows_per_first_page: int | None = None,
                    repeat_header: bool = False) -> Path:
    """Headings ``(level, title)``, body paragraphs (str) and ruled tables ``("table", rows)``. Tables are
    drawn as a grid of stroked lines, as word processors export them; a table that does not fit on the page
    continues on the next one with the same columns (with ``repeat_header``, under a copy of its header row)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 80, 80
    c = canvas.Canvas(str(path), pagesize=A4)
    state = {"page": 0, "y": top}

    def new_page():
        if state["page"]:
            c.showPage()
        state["page"] += 1
        state["y"] = top
        c.setFont(font, 9)
        c.drawCentredString(width / 2, 40, f"- {state['page']} -")

    def wrap(text: str, size: float, first_indent: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            avail = right - left - (first_indent if not lines else 0)
            if pdfmetrics.stringWidth(cur + ch, font, size) > avail:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        return lines + ([cur] if cur else [])

    def draw_table(rows: list[list[str]]) -> None:
        n_cols = len(rows[0])
        col_w = (right - left) / n_cols
        row_h = cell_size * 2.4
        pending = list(rows)
        if rows_per_first_page is not None:
            # Start low enough on the page that only that many rows fit above the bottom margin.
            state["y"] = min(state["y"], bottom + rows_per_first_page * row_h + 1)
        while pending:
            room = int((state["y"] - bottom) // row_h)
            if room < 1:
                new_page()
                continue
            chunk, pending = pending[:room], pending[room:]
            y0 = state["y"]
            for r, row in enumerate(chunk):
                y = y0 - r * row_h
                c.setFont(font, cell_size)
                for k, cell in enumerate(row):
                    c.drawString(left + k * col_w + 3, y - row_h + cell_size * 0.8, cell)
            y_end = y0 - len(chunk) * row_h
            c.setLineWidth(0.5)
            for r in range(len(chunk) + 1):
                c.line(left, y0 - r * row_h, right, y0 - r * row_h)
            for k in range(n_cols + 1):
                c.line(left + k * col_w, y0, left + k * col_w, y_end)
            state["y"] = y_end - body_size
            if pending:
                new_page()
                if repeat_header:  # Word's "repeat as header row at the top of each page"
                    pending = [rows[0]] + pending

    new_page()
    for it in items:
        if isinstance(it, tuple) and it[0] == "table":
            draw_table(it[1])
        elif isinstance(it, tuple):
            lvl, t = it
            size = heading_size - 2 * (lvl - 1)
            if state["y"] - size * 3 < bottom:
                new_page()
            state["y"] -= size
            c.setFont(font, size)
            c.drawString(left, state["y"], t)
            if outline:
                key = f"h{state['page']}_{int(state['y'])}"
                c.bookmarkPage(key, fit="XYZ", left=left, top=state["y"] + size)
                c.addOutlineEntry(t, key, level=lvl - 1)
            state["y"] -= size * 0.8
        else:
            for k, line in enumerate(wrap(it, body_size, body_size * 2)):
                if state["y"] - body_size * 1.6 < bottom:
                    new_page()
                state["y"] -= body_size * 1.6
                c.setFont(font, body_size)
                c.drawString(left + (body_size * 2 if k == 0 else 0), state["y"], line)
            state["y"] -= body_size * 0.4
    c.showPage()
    c.save()
    return path


def build_custom_style_docx(path: Path, items: list, styles: dict[int, tuple[str, float, bool]],
                            title_page: list[str] | None = None) -> Path:
    """Headings in user-named paragraph styles (``styles[level] = (name, size pt, bold)``) based on Normal,
    with no outline level; body paragraphs in Normal."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    d = docx.Document()
    for name, size, bold in styles.values():
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = d.styles["Normal"]
        st.font.size = Pt(size)
        st.font.bold = bold
    for line in title_page or []:
        p = d.add_paragraph()
        p.add_run(line).font.size = Pt(22)
    for it in items:
        if isinstance(it, tuple):
            lvl, t = it
            d.add_paragraph(t, style=styles[lvl][0])
        elif isinstance(it, list):  # runs: (text, bold)
            p = d.add_paragraph()
            for text, bold in it:
                p.add_run(text).bold = bold
        else:
            d.add_paragraph(it)
    d.save(str(path))
    return path
