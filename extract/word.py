"""DOCX reader on python-docx: heading styles (English and localised), outline levels, auto-numbering, tables.

Headers and footers live in separate parts and are never read; Word's TOC field/content control and
"TOC N" styled paragraphs become ``toc`` blocks.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block
from .normalize import normalize_text
from .numbering import NumberingRenderer, W, attr_int
from .patterns import is_toc_line, split_toc_line

_HEADING_STYLE = re.compile(r"^(?:heading|标题|見出し)\s*(\d)$", re.I)
_TOC_STYLE = re.compile(r"^(?:toc|目录|TOC Heading)\s*\d*$", re.I)
_MAX_XML = 200 * 1024 * 1024  # uncompressed document.xml cap (zip-bomb guard)


def _style_chain(style):
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _style_info(style) -> tuple[int | None, tuple[str, int] | None, bool | None, float | None, bool]:
    """(heading level, (numId, ilvl), bold, size pt, centered) resolved along the basedOn chain."""
    level = numpr = bold = size = None
    centered = False
    for st in _style_chain(style):
        name = st.name or ""
        if level is None:
            m = _HEADING_STYLE.match(name.strip()) or _HEADING_STYLE.match((st.style_id or "").strip())
            if m:
                level = int(m.group(1))
        ppr = st.element.find(f"{W}pPr")
        if ppr is not None:
            if level is None and (ol := ppr.find(f"{W}outlineLvl")) is not None:
                val = attr_int(ol.get(f"{W}val"), 9, 0, 9)
                if val < 9:
                    level = val + 1
            if numpr is None and (np_ := ppr.find(f"{W}numPr")) is not None:
                nid = np_.find(f"{W}numId")
                il = np_.find(f"{W}ilvl")
                if nid is not None:
                    numpr = (nid.get(f"{W}val"), attr_int(il.get(f"{W}val"), 0) if il is not None else 0)
            if not centered and (jc := ppr.find(f"{W}jc")) is not None and jc.get(f"{W}val") == "center":
                centered = True
        try:
            if bold is None and st.font.bold is not None:
                bold = st.font.bold
            if size is None and st.font.size is not None:
                size = st.font.size.pt
        except AttributeError:
            pass
    return level, numpr, bold, size, centered


def read_docx(data: bytes) -> tuple[list[Block], list[str]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from .limits import ooxml_text_parts

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > _MAX_XML or (info.compress_size and info.file_size / info.compress_size > 200):
                raise YushenError(ErrorCode.TOO_LARGE, "DOCX 正文解压后过大 (document.xml too large: zip bomb?)")
        # Only the XML parts are inflated (within limits); media and embedded objects are never read.
        document = docx.Document(io.BytesIO(ooxml_text_parts(data)))
    except YushenError:
        raise
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError, ValueError, OSError) as exc:
        raise YushenError(ErrorCode.CORRUPT_FILE, f"DOCX 文件已损坏 ({type(exc).__name__})") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends from a damaged part
        raise YushenError(ErrorCode.CORRUPT_FILE, f"DOCX 内容无法解析 ({type(exc).__name__})") from None

    try:
        numbering_el = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_el = None
    renderer = NumberingRenderer.from_part(numbering_el)
    style_cache: dict[str, tuple] = {}
    blocks: list[Block] = []
    warnings: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            block = _paragraph_block(child, document, renderer, style_cache)
            if block is not None:
                blocks.append(block)
        elif tag == f"{W}tbl":
            blocks.append(_table_block(child))
        elif tag == f"{W}sdt":
            is_toc = any((g.get(f"{W}val") or "").lower().startswith("table of contents")
                         for g in child.iter(f"{W}docPartGallery"))
            for p in child.iter(f"{W}p"):
                block = _paragraph_block(p, document, renderer, style_cache)
                if block is not None:
                    if is_toc:
                        title, _ = split_toc_line(block.text)
                        block = Block(text=title, kind="toc")
                    blocks.append(block)
    if not any(b.text.strip() for b in blocks):
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    return blocks, warnings


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}delText", f"{W}instrText"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append("\t")
        elif el.tag == f"{W}br":
            parts.append("\n")
    return "".join(parts)


def _paragraph_block(p, document, renderer: NumberingRenderer, style_cache) -> Block | None:
    from docx.text.paragraph import Paragraph

    text = normalize_text(_paragraph_text(p)).strip()
    para = Paragraph(p, document._body)
    style = para.style
    style_name = style.name if style is not None else None
    key = style.style_id if style is not None else ""
    if key not in style_cache:
        style_cache[key] = _style_info(style) if style is not None else (None, None, None, None, False)
    level, numpr, style_bold, style_size, centered = style_cache[key]

    ppr = p.find(f"{W}pPr")
    outline_from_para = None
    if ppr is not None:
        if (ol := ppr.find(f"{W}outlineLvl")) is not None:
            val = attr_int(ol.get(f"{W}val"), 9, 0, 9)
            outline_from_para = val + 1 if val < 9 else 0
        if (np_ := ppr.find(f"{W}numPr")) is not None:
            nid = np_.find(f"{W}numId")
            il = np_.find(f"{W}ilvl")
            if nid is not None:
                numpr = (nid.get(f"{W}val"),
                         attr_int(il.get(f"{W}val"), 0) if il is not None else (numpr or ("", 0))[1])
        if (jc := ppr.find(f"{W}jc")) is not None:
            centered = jc.get(f"{W}val") == "center"
    if outline_from_para is not None:
        level = outline_from_para or None

    auto_number = renderer.render(*numpr) if numpr else None
    if not text and not auto_number:
        return None
    if not text:
        return None
    runs = [r for r in para.runs if r.text.strip()]
    bold = bool(runs) and all((r.bold if r.bold is not None else bool(style_bold)) for r in runs)
    size = None
    for r in runs[:3]:
        if r.font.size is not None:
            size = max(size or 0, r.font.size.pt)
    size = size or style_size
    is_toc_style = bool(style_name and _TOC_STYLE.match(style_name.strip()))
    kind = "toc" if is_toc_style or (("".join(text.split()) == "目录") and level is None) else "paragraph"
    if kind == "toc":
        text, _ = split_toc_line(text)
    elif is_toc_line(text) and re.search(r"[.．·…⋯]{4,}", text):
        kind = "toc"
        text, _ = split_toc_line(text)
    return Block(text=text, kind=kind, style=style_name, outline_level=level, auto_number=auto_number,
                 bold=bold, font_size=size, centered=centered)


def _table_block(tbl) -> Block:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            cell_text = "\n".join(normalize_text(_paragraph_text(p)).strip() for p in tc.iter(f"{W}p"))
            cells.append(cell_text.strip())
        rows.append(tuple(cells))
    text = "\n".join("\t".join(r) for r in rows)
    return Block(text=text, kind="table", rows=tuple(rows))
