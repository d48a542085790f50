"""One document, many forms: render the dev set's source markup (devset/tools/src/*.md) as the file forms other
authors hand in, so heading trees, labels and missing-section verdicts can be compared across forms.

Source markup (devset README "Source markup"): ``key: value`` header lines (JSON for lists), a line ``---``, then
``#``/``##``/``###`` headings carrying ``{label}`` or ``{label+secondary}``, plain lines as paragraphs (a
``**lead-in**`` may open one), ``|a|b|`` table rows and ``@…`` build directives (ignored here).

Forms (``FORMS``): DOCX with Heading styles; DOCX with custom styles and no outline level; DOCX bold-only and
unnumbered; PDFs (reportlab, STSong-Light) numbered and unnumbered with tables that cross page breaks; PDF with
bookmarks; TXT numbered and unnumbered; Markdown. Nothing is written outside the directory passed in.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_HEADING = re.compile(r"^(#{1,3})\s*\{([^}]*)\}\s*(.+?)\s*$")
# Numbering prefixes as the dev set's authors write them (for the unnumbered forms and their expected titles).
_NUMBER = re.compile(r"^\s*(?:第[一二三四五六七八九十百零0-9０-９]+[章节部分篇]|[一二三四五六七八九十]+[、．.]|"
                     r"[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+(?:[.．][0-9０-９]+)*[.．、]?)\s*")


@dataclass
class Heading:
    level: int
    title: str
    label: str
    secondary: list[str] = field(default_factory=list)


@dataclass
class Source:
    id: str
    meta: dict
    items: list  # Heading | str (paragraph) | list[list[str]] (table rows)

    @property
    def headings(self) -> list[Heading]:
        return [it for it in self.items if isinstance(it, Heading)]

    @property
    def title_page(self) -> list[str]:
        title = str(self.meta.get("cover_title", "")).replace("\\n", "\n").split("\n")
        return [t for t in title if t] + list(self.meta.get("cover_lines", []))


def unnumbered(title: str) -> str:
    return _NUMBER.sub("", title, count=1).strip() or title


def parse_source(path: Path) -> Source:
    meta: dict = {}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines) and lines[i].strip() != "---":
        key, _, value = lines[i].partition(":")
        value = value.strip()
        if value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        meta[key.strip()] = value
        i += 1
    items: list = []
    for line in lines[i + 1:]:
        line = line.rstrip()
        if not line.strip() or line.startswith("@"):
            continue
        m = _HEADING.match(line)
        if m:
            labels = m.group(2).split("+")
            items.append(Heading(len(m.group(1)), m.group(3), labels[0], labels[1:]))
        elif line.startswith("|"):
            row = [c.strip() for c in line.strip().strip("|").split("|")]
            if items and isinstance(items[-1], list):
                items[-1].append(row)
            else:
                items.append([row])
        else:
            items.append(line.strip())
    return Source(meta.get("id", Path(path).stem), meta, items)


def _plain(text: str) -> str:
    return text.replace("**", "")


def _lead_in(text: str) -> tuple[str, str]:
    m = re.match(r"^\*\*(.+?)\*\*(.*)$", text)
    return (m.group(1), m.group(2)) if m else ("", text)


# --- DOCX ---------------------------------------------------------------------------------------------------

def _docx(src: Source, out: Path, mode: str) -> Path:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    sizes = {1: 16, 2: 14, 3: 12.5}
    if mode == "custom":
        names = {1: "章标题", 2: "节标题", 3: "小节标题"}
        for lvl, name in names.items():
            st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = d.styles["Normal"]  # no outline level, not "Heading N"
            st.font.bold = True
            st.font.size = Pt(sizes[lvl])
    for n, line in enumerate(src.title_page):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(line)
        r.bold = n < 3
        r.font.size = Pt(22 if n < 2 else 15)
    d.add_page_break()
    for it in src.items:
        if isinstance(it, Heading):
            if mode == "heading":
                d.add_heading(it.title, level=it.level)
            elif mode == "custom":
                d.add_paragraph(it.title, style=names[it.level])
            else:  # bold-only, unnumbered
                p = d.add_paragraph()
                if it.level == 1:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = p.add_run(unnumbered(it.title))
                r.bold = True
                r.font.size = Pt(sizes[it.level] if it.level == 1 else 12)
        elif isinstance(it, list):
            tbl = d.add_table(rows=len(it), cols=max(len(r) for r in it))
            for r, row in enumerate(it):
                for k, cell in enumerate(row):
                    tbl.cell(r, k).text = cell
        else:
            lead, rest = _lead_in(it)
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            if lead:
                p.add_run(lead).bold = True
            p.add_run(_plain(rest))
    d.save(str(out))
    return out


# --- PDF ----------------------------------------------------------------------------------------------------

def _pdf(src: Source, out: Path, numbered: bool, bookmarks: bool) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font, body = "STSong-Light", 11.0
    sizes = {1: 16.0, 2: 14.0, 3: 12.5}
    width, height = A4
    left, right, top, bottom = 72.0, width - 72.0, height - 80.0, 80.0
    c = canvas.Canvas(str(out), pagesize=A4)
    state = {"page": 0, "y": top}

    def new_page(furniture: bool = True) -> None:
        if state["page"]:
            c.showPage()
        state["page"] += 1
        state["y"] = top
        if furniture:
            c.setFont(font, 9)
            c.drawCentredString(width / 2, height - 45, str(src.meta.get("project_name", ""))[:40])
            c.drawCentredString(width / 2, 40, f"- {state['page']} -")

    def wrap(text: str, size: float, first_indent: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            indent = first_indent if not lines else 0.0
            if pdfmetrics.stringWidth(cur + ch, font, size) + indent > right - left:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        return lines + ([cur] if cur else [])

    new_page(furniture=False)
    state["y"] = height - 250
    for n, line in enumerate(src.title_page):
        c.setFont(font, 22 if n < 2 else 15)
        c.drawCentredString(width / 2, state["y"], line)
        state["y"] -= 40
    new_page()
    for it in src.items:
        if isinstance(it, Heading):
            size = sizes[it.level]
            if state["y"] - size * 4 < bottom:
                new_page()
            state["y"] -= size * 0.8
            title = it.title if numbered else unnumbered(it.title)
            c.setFont(font, size)
            c.drawString(left, state["y"], title)
            if bookmarks:
                key = f"h{state['page']}_{int(state['y'])}_{id(it)}"
                c.bookmarkPage(key, fit="XYZ", left=left, top=state["y"] + size)
                c.addOutlineEntry(title, key, level=it.level - 1)
            state["y"] -= size * 1.6
        elif isinstance(it, list):
            row_h = body * 1.7
            cols = max(len(r) for r in it)
            col_w = (right - left) / cols
            if len(it) > 3 and state["y"] - bottom > 3 * row_h:
                # Start the table three rows above the bottom margin so it crosses the page break.
                state["y"] = bottom + 3 * row_h
            for row in it:
                if state["y"] - row_h < bottom:
                    new_page()
                c.setFont(font, 9.5)
                for k, cell in enumerate(row):
                    max_chars = max(1, int(col_w / 9.5) - 1)
                    c.drawString(left + k * col_w + 2, state["y"] - row_h + 5, cell[:max_chars])
                c.setLineWidth(0.5)
                c.line(left, state["y"], right, state["y"])
                c.line(left, state["y"] - row_h, right, state["y"] - row_h)
                state["y"] -= row_h
            state["y"] -= body
        else:
            for k, line in enumerate(wrap(_plain(it), body, body * 2)):
                if state["y"] < bottom:
                    new_page()
                c.setFont(font, body)
                c.drawString(left + (body * 2 if k == 0 else 0), state["y"], line)
                state["y"] -= body * 1.6
            state["y"] -= body * 0.4
    c.showPage()
    c.save()
    return out


# --- text forms ---------------------------------------------------------------------------------------------

def _txt(src: Source, out: Path, numbered: bool) -> Path:
    lines = list(src.title_page) + [""]
    for it in src.items:
        if isinstance(it, Heading):
            lines.append(it.title if numbered else unnumbered(it.title))
        elif isinstance(it, list):
            lines += ["\t".join(row) for row in it]
        else:
            lines.append("\u3000\u3000" + _plain(it))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _markdown(src: Source, out: Path) -> Path:
    lines = [line + "  " for line in src.title_page] + [""]
    for it in src.items:
        if isinstance(it, Heading):
            lines += ["#" * it.level + " " + it.title, ""]
        elif isinstance(it, list):
            rows = ["| " + " | ".join(r) + " |" for r in it]
            lines += [rows[0], "|" + "---|" * len(it[0]), *rows[1:], ""]
        else:
            lines += [it, ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


@dataclass(frozen=True)
class Form:
    name: str
    suffix: str
    numbered: bool  # whether heading numbers survive in this form
    render: Callable[[Source, Path], Path]


FORMS: tuple[Form, ...] = (
    Form("docx-heading", ".docx", True, lambda s, p: _docx(s, p, "heading")),
    Form("docx-custom", ".docx", True, lambda s, p: _docx(s, p, "custom")),
    Form("docx-bold-plain", ".docx", False, lambda s, p: _docx(s, p, "bold")),
    Form("pdf-numbered", ".pdf", True, lambda s, p: _pdf(s, p, numbered=True, bookmarks=False)),
    Form("pdf-plain", ".pdf", False, lambda s, p: _pdf(s, p, numbered=False, bookmarks=False)),
    Form("pdf-bookmarks", ".pdf", True, lambda s, p: _pdf(s, p, numbered=True, bookmarks=True)),
    Form("txt-numbered", ".txt", True, lambda s, p: _txt(s, p, numbered=True)),
    Form("txt-plain", ".txt", False, lambda s, p: _txt(s, p, numbered=False)),
    Form("markdown", ".md", True, _markdown),
)
FORM_NAMES = tuple(f.name for f in FORMS)


def render(src: Source, form: Form, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return form.render(src, out_dir / f"{src.id}.{form.name}{form.suffix}")


def sources(devset: Path) -> list[Source]:
    return [parse_source(p) for p in sorted((Path(devset) / "tools" / "src").glob("*.md"))]


def expected(rec: dict) -> list[dict]:
    """Expected headings of a truth record (the optional 目录 title left out: the forms draw no 目录 page)."""
    return [{"title": s["title"], "level": s["level"], "label": s["label"], "secondary": s.get("labels_secondary", [])}
            for s in rec["sections"] if not s.get("optional")]


def want_missing(rec: dict) -> list[str] | None:
    return None if rec.get("expected_error") else list(rec["missing_mandatory"])


def run_forms(devset: Path, model, out_dir: Path, ids: list[str] | None = None,
              forms: tuple[Form, ...] = FORMS) -> list[dict]:
    """Render every (document, form) pair under ``out_dir`` and score it; one row per pair."""
    from yushen.pipeline.evaluate import form_case

    truth = {r["id"]: r for r in json.loads((Path(devset) / "truth.json").read_text(encoding="utf-8"))["documents"]}
    rows = []
    for src in sources(devset):
        if ids is not None and src.id not in ids or src.id not in truth:
            continue
        rec = truth[src.id]
        for form in forms:
            path = render(src, form, Path(out_dir) / form.name)
            row = form_case(model, path, expected(rec), form.numbered, want_missing(rec), unnumbered)
            rows.append({"doc": src.id, "form": form.name, **row})
    return rows
