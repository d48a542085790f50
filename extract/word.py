"""DOCX reader on python-docx: heading styles (English and localised), outline levels, auto-numbering, tables.

Headers and footers live in separate parts and are never read; Word's TOC field/content control and
"TOC N" styled paragraphs become ``toc`` blocks.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block
from .normalize import normalize_text
from .numbering import NumberingRenderer, W, attr_int
from .patterns import split_toc_line

_HEADING_STYLE = re.compile(r"^(?:heading|标题|見出し)\s*(\d)$", re.I)
_TOC_STYLE = re.compile(r"^(?:toc|目录|TOC Heading)\s*\d*$", re.I)
_MAX_XML = 200 * 1024 * 1024  # uncompressed document.xml cap (zip-bomb guard)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MAX_BOXED_CHARS = 100  # a one-cell table holding a paragraph up to this long is a layout box (a heading's bound)


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    """A paragraph style resolved along its basedOn chain, once per document."""

    name: str | None
    level: int | None  # heading level from the name or an outline level
    numpr: tuple[str, int] | None
    bold: bool | None
    size: float | None  # pt
    centered: bool
    indented: bool = False  # a first-line indent: the body paragraph look of Chinese documents
    face: str | None = None  # East Asian font family (w:rFonts eastAsia), "theme:…" for a theme font


_NO_STYLE = _StyleInfo(None, None, None, None, None, False)


def _first_line_indent(ppr) -> bool | None:
    """w:ind firstLine / firstLineChars (hanging is not an indent); None when the paragraph does not say."""
    ind = ppr.find(f"{W}ind") if ppr is not None else None
    if ind is None:
        return None
    chars, twips = ind.get(f"{W}firstLineChars"), ind.get(f"{W}firstLine")
    if chars is None and twips is None:
        return None
    return attr_int(chars, 0) > 0 or attr_int(twips, 0) > 0


def _on(el) -> bool:
    """w:b / w:jc style toggles: present without a value, or with a true value."""
    return (el.get(f"{W}val") or "true").lower() not in ("0", "false", "off", "none")


def _style_table(styles_el) -> tuple[dict[str, _StyleInfo], str | None]:
    """Paragraph styles by style id, each resolved along its basedOn chain; and the default style's id.
    Reading styles.xml once replaces python-docx's per-paragraph style lookup (a scan of every style)."""
    if styles_el is None:
        return {}, None
    from docx.styles import BabelFish

    raw: dict[str, tuple] = {}
    default = None
    for st in styles_el.iterchildren(f"{W}style"):
        if st.get(f"{W}type") not in ("paragraph", None):
            continue
        sid = st.get(f"{W}styleId") or ""
        name_el = st.find(f"{W}name")
        based = st.find(f"{W}basedOn")
        raw[sid] = (name_el.get(f"{W}val") if name_el is not None else None,
                    based.get(f"{W}val") if based is not None else None, st.find(f"{W}pPr"), st.find(f"{W}rPr"))
        if _on_default(st):
            default = sid
    table = {sid: _resolve(sid, raw, BabelFish) for sid in raw}
    # A run with no size anywhere in its style chain has the document default size (docDefaults), else Word's
    # own 10pt: body paragraphs written without direct formatting are sized text too, so they count towards
    # the body size and a long sized cover line or heading cannot pass for the body.
    base = _default_size(styles_el)
    table = {sid: info if info.size is not None else replace(info, size=base) for sid, info in table.items()}
    face = _east_asia_face(styles_el.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts"))
    table = {sid: info if info.face is not None else replace(info, face=face) for sid, info in table.items()}
    return table, default


def _east_asia_face(rfonts) -> str | None:
    """The family a w:rFonts gives Chinese text: eastAsia, or the theme slot it names."""
    if rfonts is None:
        return None
    if name := rfonts.get(f"{W}eastAsia"):
        return name
    theme = rfonts.get(f"{W}eastAsiaTheme")
    return f"theme:{theme}" if theme else None


def _default_size(styles_el) -> float:
    sz = styles_el.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    val = sz.get(f"{W}val") if sz is not None else None
    return int(val) / 2 if val and val.isdigit() and int(val) > 0 else 10.0


def _on_default(st) -> bool:
    return (st.get(f"{W}default") or "").lower() in ("1", "true", "on")


def _resolve(sid: str, raw: dict, babel) -> _StyleInfo:
    level = numpr = bold = size = indented = face = None
    centered = False
    chain, cur = [], sid
    while cur in raw and cur not in chain and len(chain) < 20:
        chain.append(cur)
        cur = raw[cur][1]
    for k in chain:
        name, _, ppr, rpr = raw[k]
        if level is None:
            m = _HEADING_STYLE.match((name or "").strip()) or _HEADING_STYLE.match(k.strip())
            if m:
                level = int(m.group(1))
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
            if indented is None:
                indented = _first_line_indent(ppr)
        if rpr is not None:
            if bold is None and (b := rpr.find(f"{W}b")) is not None:
                bold = _on(b)
            if size is None and (sz := rpr.find(f"{W}sz")) is not None and (sz.get(f"{W}val") or "").isdigit():
                size = int(sz.get(f"{W}val")) / 2
            if face is None:
                face = _east_asia_face(rpr.find(f"{W}rFonts"))
    name = raw[sid][0]
    return _StyleInfo(babel.internal2ui(name) if name else None, level, numpr, bold, size, centered,
                      bool(indented), face)


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
    try:
        styles_el = document.part.styles.element
    except (NotImplementedError, KeyError, AttributeError):
        styles_el = None
    style_cache = _style_table(styles_el)
    blocks: list[Block] = []
    warnings: list[str] = []
    faces: dict[int, str | None] = {}  # block index -> the one font family its Chinese text is set in
    body = document.element.body
    _drop_fallbacks(body)
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            for p in _without_text_boxes(child):
                block = _paragraph_block(p, renderer, style_cache)
                if block is not None:
                    faces[len(blocks)] = _paragraph_face(p, style_cache)
                    blocks.append(block)
        elif tag == f"{W}tbl":
            blocks.append(_layout_box(child, renderer, style_cache) or _table_block(child))
        elif tag == f"{W}sdt":
            is_toc = any((g.get(f"{W}val") or "").lower().startswith("table of contents")
                         for g in child.iter(f"{W}docPartGallery"))
            for p in child.iter(f"{W}p"):
                block = _paragraph_block(p, renderer, style_cache)
                if block is not None:
                    if is_toc:
                        title, _ = split_toc_line(block.text)
                        block = Block(text=title, kind="toc")
                    blocks.append(block)
    if not any(b.text.strip() for b in blocks):
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    themes = _theme_faces(document)
    return _face_looks(blocks, {k: _family(f, themes) for k, f in faces.items()}), warnings


_CJK = re.compile(r"[\u3400-\u9fff]")
# Heavy faces: the 黑体 / 小标宋 family that GB/T 9704 sets first-level headings and titles in (pdfium reports
# such faces as bold in a PDF, from the font name).
_HEAVY_FACE = re.compile(r"黑|粗|小标宋|hei|gothic|bold|black|xiaobiaosong", re.I)
_FACE_MAX_CHARS = 50  # a heading-length line; a longer one in another face is a quotation, not a heading


def _theme_faces(document) -> dict[str, str]:
    """Theme font slots ("minorEastAsia" …) -> the Chinese typeface they stand for (the slot's ea typeface, else
    its Hans script font), so a run naming 宋体 and one using the theme's 宋体 are one family."""
    from lxml import etree

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    out: dict[str, str] = {}
    try:
        rel = next((r for r in document.part.rels.values() if r.reltype.endswith("/theme") and not r.is_external),
                   None)
        root = etree.fromstring(rel.target_part.blob) if rel is not None else None
    except Exception:  # a damaged or missing theme part: theme fonts stay unresolved
        return out
    for slot in ("major", "minor"):
        el = root.find(f".//{a}{slot}Font") if root is not None else None
        if el is None:
            continue
        ea = el.find(f"{a}ea")
        hans = el.find(f"{a}font[@script='Hans']")
        face = (ea.get("typeface") if ea is not None else "") or (hans.get("typeface") if hans is not None else "")
        if face:
            out[f"theme:{slot}EastAsia"] = face
    return out


# Names of one family: 仿宋 / 仿宋_GB2312 / FangSong are the same face to a reader.
_FAMILIES = (("小标宋", re.compile(r"小标宋|xiaobiaosong", re.I)), ("仿宋", re.compile(r"仿宋|fangsong", re.I)),
             ("楷体", re.compile(r"楷|kai", re.I)), ("黑体", re.compile(r"黑|hei", re.I)),
             ("宋体", re.compile(r"宋|song|simsun", re.I)))


def _family(face: str | None, themes: dict[str, str]) -> str | None:
    face = themes.get(face or "", face)
    if not face or face.startswith("theme:"):
        return face
    return next((name for name, pattern in _FAMILIES if pattern.search(face)), face.strip().lower())


def _paragraph_face(p, style_cache) -> str | None:
    """The East Asian family all of a paragraph's Chinese text is set in (run, else paragraph style, else the
    document default), or None when its runs mix families or it has no Chinese text."""
    table, default = style_cache
    ppr = p.find(f"{W}pPr")
    ps = ppr.find(f"{W}pStyle") if ppr is not None else None
    info = table.get((ps.get(f"{W}val") if ps is not None else default) or "") or table.get(default or "")
    para_face = info.face if info else None
    faces = set()
    for r in p.iter(f"{W}r"):
        if not _CJK.search("".join(t.text or "" for t in r.iter(f"{W}t"))):
            continue
        rpr = r.find(f"{W}rPr")
        faces.add((_east_asia_face(rpr.find(f"{W}rFonts")) if rpr is not None else None) or para_face)
    return faces.pop() if len(faces) == 1 else None


def _face_looks(blocks: list[Block], faces: dict[int, str | None]) -> list[Block]:
    """公文 typography (GB/T 9704): every line one size and weight, headings told apart only by their family
    (一级 黑体, 二级 楷体 against a 仿宋 body). Where a document sets everything below its cover in the body's
    size and carries no outline level, a heading-length paragraph set wholly in a family other than the body's
    (one used at least twice) is given the look the segmenter reads for a larger heading: the body size plus 2
    for a heavy face (黑体), plus 1 for any other, so 黑体 ranks above 楷体 and both above a bold body-face line
    (三级 仿宋 bold). Every other document is returned unchanged."""
    from .emphasis import BODY_MIN_CHARS

    paras = [(k, b) for k, b in enumerate(blocks) if b.kind == "paragraph"]
    if not paras or any(b.outline_level for _, b in paras):
        return blocks
    body_chars: dict[str, int] = {}
    size_chars: dict[float, int] = {}
    for k, b in paras:
        if len(b.text) > BODY_MIN_CHARS and faces.get(k):
            body_chars[faces[k]] = body_chars.get(faces[k], 0) + len(b.text)
        if b.font_size:
            size_chars[b.font_size] = size_chars.get(b.font_size, 0) + len(b.text)
    if not body_chars or not size_chars:
        return blocks
    body_face = max(body_chars, key=body_chars.get)
    body_size = max(size_chars, key=size_chars.get)
    first_body = next(k for k, b in paras if len(b.text) > BODY_MIN_CHARS and faces.get(k))
    if any(k > first_body and (b.font_size or 0) >= body_size + 1 for k, b in paras):
        return blocks  # sizes mark this document's headings
    marked = {k: faces[k] for k, b in paras if faces.get(k) not in (None, body_face) and
              len(b.text) <= _FACE_MAX_CHARS and abs((b.font_size or 0) - body_size) < 0.5}
    uses: dict[str, int] = {}
    for face in marked.values():
        uses[face] = uses.get(face, 0) + 1
    out = list(blocks)
    for k, face in marked.items():
        if uses[face] >= 2:
            out[k] = replace(blocks[k], font_size=body_size + (2 if _HEAVY_FACE.search(face) else 1))
    return out


def _drop_fallbacks(body) -> None:
    """Word writes a text box (or shape) twice: DrawingML in mc:Choice and VML in mc:Fallback, for older
    readers. Keep the Choice; its Fallback is read only when the Choice holds no text (a construct in a
    namespace we do not read), so nothing is read twice."""
    for alt in list(body.iter(f"{_MC}AlternateContent")):
        if alt.find(f"{_MC}Choice//{W}t") is not None:
            for fallback in alt.findall(f"{_MC}Fallback"):
                alt.remove(fallback)


def _without_text_boxes(p) -> list:
    """The paragraph without the text boxes anchored in it, then each box's paragraphs (in the same way):
    a box is drawn beside the paragraph, so its text is its own, never part of a heading's title or a body
    sentence. The boxes are detached from the (parsed, private) document tree."""
    boxes = [box for box in p.iter(f"{W}txbxContent")
             if not any(a.tag == f"{W}txbxContent" for a in box.iterancestors())]
    if not boxes:
        return [p]
    for box in boxes:
        box.getparent().remove(box)
    return [p] + [q for box in boxes for bp in box.iterchildren(f"{W}p") for q in _without_text_boxes(bp)]


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


def _paragraph_block(p, renderer: NumberingRenderer, style_cache) -> Block | None:
    raw = _paragraph_text(p)
    text = normalize_text(raw).strip()
    table, default = style_cache
    ppr = p.find(f"{W}pPr")
    ps = ppr.find(f"{W}pStyle") if ppr is not None else None
    sid = ps.get(f"{W}val") if ps is not None else default
    info = table.get(sid or "") or table.get(default or "") or _NO_STYLE  # an unknown id falls back, as in Word
    style_name = info.name
    level, numpr, style_bold, style_size, centered = info.level, info.numpr, info.bold, info.size, info.centered

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
    para_indent = _first_line_indent(ppr)
    # Typed ideographic spaces indent a paragraph as a first-line indent does.
    indented = info.indented if para_indent is None else para_indent
    indented = indented or raw[:1] in ("\u3000",) or raw[:2] == "  "
    if outline_from_para is not None:
        level = outline_from_para or None

    auto_number = renderer.render(*numpr) if numpr else None
    if not text and not auto_number:
        return None
    if not text:
        return None
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    bold = bool(runs) and all(_run_bold(r, style_bold) for r in runs)
    size = None
    for r in runs[:3]:
        rpr = r.find(f"{W}rPr")
        sz = rpr.find(f"{W}sz") if rpr is not None else None
        if sz is not None and (sz.get(f"{W}val") or "").isdigit():
            size = max(size or 0, int(sz.get(f"{W}val")) / 2)
    size = size or style_size
    is_toc_style = bool(style_name and _TOC_STYLE.match(style_name.strip()))
    kind = "toc" if is_toc_style or (("".join(text.split()) == "目录") and level is None) else "paragraph"
    if kind == "toc":
        text, _ = split_toc_line(text)
    # A contents entry is known by its style, or as one of a run of entry-shaped lines (extract/toc.py): one line
    # with leaders and a page number, and any styled heading, may be a heading pasted with its page reference.
    return Block(text=text, kind=kind, style=style_name, outline_level=level, auto_number=auto_number,
                 bold=bold, font_size=size, centered=centered, indented=indented)


def _run_bold(r, style_bold: bool | None) -> bool:
    rpr = r.find(f"{W}rPr")
    b = rpr.find(f"{W}b") if rpr is not None else None
    return _on(b) if b is not None else bool(style_bold)


def _layout_box(tbl, renderer: NumberingRenderer, style_cache) -> Block | None:
    """A table of one row whose only non-empty cell holds one short paragraph is a box drawn around that
    paragraph (a shaded chapter title, a framed note), not data: the paragraph itself, with its style, weight,
    size and outline level, so a heading set in a box still counts. Anything else is None (a real table)."""
    rows = tbl.findall(f"{W}tr")
    if len(rows) != 1 or any(t is not tbl for t in tbl.iter(f"{W}tbl")):
        return None
    paras = [p for tc in rows[0].iter(f"{W}tc") for p in tc.iter(f"{W}p") if _paragraph_text(p).strip()]
    if len(paras) != 1 or len(normalize_text(_paragraph_text(paras[0])).strip()) > _MAX_BOXED_CHARS:
        return None
    block = _paragraph_block(paras[0], renderer, style_cache)
    return block if block is not None and block.kind == "paragraph" else None


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
