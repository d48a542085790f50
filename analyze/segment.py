"""Build the heading tree of a Document.

Signals, in order of trust: Word heading styles / outline levels (and Markdown/HTML headings), DOCX styles that
act as heading styles by their use, PDF bookmarks (alone when they cover the document), numbering patterns
(第X章 / 一、 / （一） / 1.1 …), font size and weight, and in plain text the layout (a short line at the margin
between indented paragraphs). Numbered list items in the body ("1. 系统应支持…。") are told apart from headings
by shape (length, final punctuation), by whether body text separates them, and by their place in the tree
(sequence and decimal parents). Table cells are never headings (tables are their own blocks). Every pass is
linear in the number of blocks. Every heading records the signal that decided it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields, replace

from ..core.text import CELL_GAP, FIGURE_CELL, cn_to_int, has_cell_gap, typed_cells
from ..core.types import Block, Document, Section, SectionTree
from ..extract.normalize import compact
from ..extract.patterns import CONTENTS_TITLES
from .levels import infer_levels, states_purpose
from .numbering import (
    DECIMAL_DEPTH,
    MEASURE_WORD,
    STRONG_KINDS,
    WEAK_KINDS,
    Numbering,
    parse_numbering,
    settle_letters,
    unbracketed,
)

_END_PUNCT = ("。", "，", ",", "；", ";", "：", ":", "、", "！", "!", "？", "?", "…")
# A line ending in a quantity ("… 36.80", "… 58 座", "… 36.5 公里") is a table row or list entry, not a title.
_TRAILING_AMOUNT = re.compile(rf"\s\d[\d,]*\.\d+\s*{MEASURE_WORD}?$|\s\d[\d,]*\s*{MEASURE_WORD}?$")
# A line of a table typed with aligned columns ("二  工程建设其他费用  536.80  含监理费"): a figure set off from the
# words on both sides by a tab or a run of blanks is a cell, and the line a table row, not a title.
_ALIGNED_CELL = re.compile(r"\S(?:\t|\s{2,})\d[\d,]*\.\d+(?:\t|\s{2,})\S")
# Titles do not end in a conjunction or preposition; a line that does was broken inside a sentence.
_DANGLING_END = re.compile(r"[和与及的或并对在向从把被将为是了按由经应须要需等以及其]$")
_CONTINUATION = set("、，,。；;：:）)》”")
_COVER_LINE = re.compile(r"[\d：:]|[〇零一二三四五六七八九]{4}年")  # a date, "编制单位：…"
# The document type alone ("可行性研究报告", "（项目建议书）"): a title-page line, never the top of a chain of headings.
# (Not a sign that the cover has ended: the owner or a date may follow it.)
_DOC_TYPE_LINE = re.compile(r"^[（(]?(?:项目建议书|可行性研究报告|可研报告|初步设计(?:方案)?|实施方案|建设方案|运维方案|"
                            r"运行维护方案|(?:项目)?申报书|密码应用方案)[)）]?$")
# Plain-text headings stacked without body between them: a chapter, its section and that section's first
# sub-section at most.
_MAX_CHAIN = 2
# A contents-list page reference pasted after a title: dot leaders or a tab, then the page ("总论……4", "总论\t4").
_PAGE_REF = re.compile(r"\s*(?:[.．·_]{3,}|[…⋯]{2,}|\t)\s*(?:\d{1,4}|[ivxIVX]{1,6})\s*$")
# 附件1 / 附件一 / 附录A: an annex, a top-level part after the chapters. Read here, not as a heading number
# (parse_numbering), so the word 附件 stays in the title the classifier reads.
_ANNEX = re.compile(r"^附\s*[件录]\s*([一二三四五六七八九十\d]{1,3}|[A-Z])(?![\d.．])\s*[:：、.．]?\s*")
# "1项目概述": a chapter number typed straight onto its title (Word's list numbering without a tab, as it comes
# out of many converted files). Weak: only where the tree needs it ("N title" before its first "N.x").
_TIGHT_DEC1 = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])")
# "【1.2】用户现状分析" / "[2.1] …": a decimal section number in brackets, read as the number it holds.
_BRACKETED_DEC = re.compile(r"^[【\[［〔]\s*(\d{1,2}(?:\s*[.．]\s*\d{1,2}){1,3})\s*[】\]］〕]\s*(?=\S)")
# An annex's title by its first word (附件 / 附录 / 附表), and a numbered annex table "附表1：云资源测算清单".
_ANNEX_WORD = re.compile(r"^附[件录表]")
_ANNEX_TABLE = re.compile(r"^附表[一二三四五六七八九十\d]{1,3}(?![\d.．])[:：、.．]?\S")
# A table typed in plain text: a row of three cells or more, set apart by tabs or runs of blanks.
_TYPED_ROW = re.compile(rf"^[^\s]+(?:(?:{CELL_GAP.pattern})[^\s]+){{2,}}$")
# Front matter before the first chapter is named briefly (前言, 引言, 编制说明); a document's title is longer.
_FRONT_MATTER_CHARS = 8
# A numbered title may ask or exclaim ("第八章 数据如何共享？"): the mark stays in the title.
_ASKS = ("？", "?", "！", "!")
# The page reference of a contents line in any of the forms authors type: after dot leaders or a blank, bare
# ("总论 4"), in brackets ("总论 (4)") or between dashes ("总论……-4-"); or leaders alone.
_CONTENTS_REF = re.compile(r"(?:[.．·_…⋯]{2,}|\s)*(?:[-—－–]\s*\d{1,4}\s*[-—－–]|[（(]\s*\d{1,4}\s*[)）]|\d{1,4})?\s*$")
_NOT_HEADING_START = re.compile(r"^(?:注[:：]|备注|说明[:：]|表\s*\d|图\s*\d|附表\s*\d|来源[:：])")


@dataclass(frozen=True)
class SegmentSettings:
    """Tunable thresholds; :meth:`from_dict` rejects unknown keys so a typo cannot pass silently."""

    max_heading_chars: int = 50
    max_styled_heading_chars: int = 100
    font_delta: float = 1.0  # pt above body size that makes a line "large"
    max_unnumbered_heading_chars: int = 24

    @classmethod
    def from_dict(cls, values: dict) -> SegmentSettings:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown segment settings: {sorted(unknown)}; known: {sorted(known)}")
        return cls(**values)


@dataclass
class _Candidate:
    index: int
    text: str
    numbering: Numbering | None
    explicit_level: int | None
    decided_by: str
    kind: str  # key used for relative levels
    level: int = 0


def _title_text(block: Block) -> str:
    return " ".join(block.display_text.split())


def _heading_shaped(text: str, limit: int) -> bool:
    c = compact(text)
    if not c or len(c) > limit or c.endswith(_END_PUNCT) or "。" in c[:-1]:
        return False
    if _NOT_HEADING_START.match(c):
        return False
    return any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in c)


def _unnumbered_limit(key: str, settings: SegmentSettings) -> int:
    """How long an unnumbered title may run: an annex's title says what the annex holds after 附件/附录/附表
    ("附件 某某工程建设任务确认复核表") and runs as long as a numbered title may."""
    return settings.max_heading_chars if _ANNEX_WORD.match(key) else settings.max_unnumbered_heading_chars


def _drop_final_mark(text: str) -> str:
    c = compact(text)
    return c[:-1] if c.endswith(("：", ":", "。") + _ASKS) else c


def _numbered_title_shaped(text: str, num: Numbering | None, limit: int) -> bool:
    """A strongly numbered title may end in ：or 。("一、总论：", "第一章 总论。") and, with support, run long:
    heading-shaped once its final mark is dropped (still no sentence inside)."""
    return num is not None and num.kind in STRONG_KINDS and bool(num.rest) and \
        _heading_shaped(_drop_final_mark(text), limit)


def segment_headings(document: Document, settings: SegmentSettings | None = None) -> SectionTree:
    """Return the Section tree of ``document`` (pure: the document is not changed)."""
    settings = settings or SegmentSettings()
    original = document
    document, absorbed = _number_lines_joined(_page_refs_dropped(document), settings)
    blocks = document.blocks
    body_size = document.body_font_size
    # Each paragraph's title text and its compact key, made once (they were made again at each use below).
    titles = [_title_text(b) if b.kind == "paragraph" else "" for b in blocks]
    keys = [compact(t) for t in titles]
    outline_hits = _match_outline(document, settings, keys)
    # Bookmarks that find (nearly) all their titles in the text, in order, are the heading tree on their own.
    outline_decides = len(document.outline) >= 3 and len(outline_hits) >= 0.9 * len(document.outline)
    contents = _contents_lines(blocks, settings)
    toc_titles = {compact(t) for t in document.toc} | set(contents.values())
    is_txt = document.format in ("txt", "md")
    # Only a PDF's blocks may be a paragraph's first line cut off ("…数据资源共享与"); elsewhere a block is a whole
    # paragraph, so a title ending in 的/要/需 ("建成后谁来运维的问题", "用户和业务需要") is as the author wrote it.
    line_blocks = document.format == "pdf"
    # Running text: long paragraphs, or shorter ones that end a sentence (brief proposals write 30-char bodies).
    long_paras = [b for b in blocks if b.kind == "paragraph" and (len(b.text) > 60 or
                                                                  (len(b.text) > 24 and b.text.endswith("。")))]
    # (a title page's large lines may read as indented in a PDF: the body starts at body size)
    first_indented = next((k for k, b in enumerate(blocks) if b.kind == "paragraph" and b.indented and
                           not b.centered and not (b.font_size and body_size and
                                                   b.font_size >= body_size + settings.font_delta)), len(blocks))
    # An unformatted Word file or PDF (no heading style, weight or size below its cover) is laid out as plain text
    # is: first-line-indented body, headings at the margin or centred.
    layout_form = is_txt or (document.format in ("docx", "doc", "wps", "pdf") and
                             not _heading_looks(blocks, first_indented, body_size, settings))
    txt_indented_body = layout_form and long_paras and \
        sum(b.indented for b in long_paras) >= 0.6 * len(long_paras)

    # Whether this author opens chapters straight onto a section (no body between) below the cover: only then
    # may the first chapter do so too; otherwise the line above the first chapter is the cover's last line.
    chains_below = bool(txt_indented_body) and any(
        b.kind == "paragraph" and not b.indented and blocks[k + 1].kind == "paragraph" and
        not blocks[k + 1].indented and _txt_layout_heading(blocks, k, keys[k], settings,
                                                           first_indented)
        for k, b in enumerate(blocks[:-1]) if k > first_indented)
    nums = settle_letters([_heading_number(titles[k]) if b.kind == "paragraph" else None for k, b in enumerate(blocks)])
    list_kinds = _list_item_kinds(blocks, nums, settings)
    style_levels = _heading_styles_by_use(document, settings)
    cands: list[_Candidate] = []
    weak: list[_Candidate] = []
    font_only: list[_Candidate] = []
    for i, b in enumerate(blocks):
        if b.kind != "paragraph":
            continue
        text = titles[i]
        num = nums[i]
        key = keys[i]
        if b.outline_level:
            if len(key) <= settings.max_styled_heading_chars and not key.endswith(("。", "；")):
                source = {"markdown": "markdown", "html": "markdown", "form": "form-table"}.get(b.style or "", "docx-style")
                cands.append(_Candidate(i, text, num, b.outline_level, source, f"explicit{b.outline_level}"))
            continue
        if b.style in style_levels:
            level = style_levels[b.style]
            cands.append(_Candidate(i, text, num, level, "docx-style-use", f"explicit{level}"))
            continue
        if i in outline_hits:
            level = outline_hits[i]
            cands.append(_Candidate(i, text, num, level, "pdf-outline", f"outline{level}"))
            continue
        if outline_decides or i in contents:
            continue  # (a contents line names a heading; it is not one)
        if txt_indented_body and num is None and (not b.indented or b.centered) and \
                _txt_layout_heading(blocks, i, key, settings, first_indented, top_chain=chains_below):
            # centred lines (a PDF's or Word file's chapters) and lines at the margin are two looks
            kind = "text-layout-centred" if b.centered else "text-layout"
            font_only.append(_Candidate(i, text, None, None, "text-layout", kind))
            continue
        # A strongly numbered line that ends in ：/。 or runs long is a heading only with support (font, weight,
        # contents, layout) or as part of a consistent sequence (taken as weak below).
        asks = num is not None and bool(num.rest) and key.endswith(_ASKS)
        odd = not _heading_shaped(text[:-1] if asks else text, settings.max_heading_chars)
        if odd and not _numbered_title_shaped(text, num, settings.max_styled_heading_chars) or \
                _TRAILING_AMOUNT.search(text) or _ALIGNED_CELL.search(b.text) or _figure_row(b.text):
            continue
        if b.font_size and body_size and b.font_size < body_size - 0.5:
            continue  # smaller than body text: table cells, captions, footnotes
        large = bool(b.font_size and body_size and b.font_size >= body_size + settings.font_delta)
        # (a short centred line among first-line-indented body is set off as a margin line is: a PDF's centred
        # titles; a full-width first line of a justified paragraph reads as centred too, so only a short one)
        support = large or b.bold or key in toc_titles or (txt_indented_body and (
            not b.indented or (b.centered and len(key) <= settings.max_unnumbered_heading_chars)))
        if odd and not (support or len(key) <= settings.max_heading_chars):
            continue
        if (line_blocks and _DANGLING_END.search(text) and
                not (num is not None and num.kind in STRONG_KINDS and (
                    _opens_paragraph(blocks, i + 1) or _opens_section(nums, i + 1)))) \
                or (i + 1 < len(blocks) and blocks[i + 1].text[:1] in _CONTINUATION):
            continue  # a line broken inside a sentence, not a title
        if num is not None and num.rest:
            cand = _Candidate(i, text, num, None, "numbering", num.kind)
            if num.kind in list_kinds and not support:
                continue  # this document numbers list items (sentences) with this kind
            if num.kind == "dec1_tight":
                weak.append(cand)  # "1项目概述": by its place in the tree only, never by looks alone
                continue
            if num.kind in STRONG_KINDS and not (odd and not support):
                cands.append(cand)
            elif odd:
                weak.append(cand)
            elif num.kind in WEAK_KINDS:
                if support:
                    cands.append(cand)
                else:
                    weak.append(cand)
            continue
        if num is None and (large or b.bold or key in toc_titles) and len(key) <= _unnumbered_limit(key, settings):
            source = "toc" if key in toc_titles else ("font" if large else "bold")
            size = round(b.font_size or 0)
            font_only.append(_Candidate(i, text, None, None, source, f"font{size}{'b' if b.bold else ''}"))

    cands = _accept_weak(cands, weak, blocks, nums)
    _one_series_of_chapter_numbers(cands)

    def set_off(b: Block) -> bool:
        return bool(b.bold or b.centered or (b.font_size and body_size and
                                             b.font_size >= body_size + settings.font_delta) or
                    (txt_indented_body and not b.indented))

    parents = _chapters_of_numbered_sections(cands, blocks, settings, set_off, set(contents))
    if parents:
        taken = {c.index for c in parents}
        cands += parents
        font_only = [f for f in font_only if f.index not in taken]
    cands = _accept_font_only(cands, font_only, blocks, toc_titles)
    cands.sort(key=lambda c: c.index)
    cands = _drop_list_runs(cands, blocks)
    if not outline_decides:
        cands = _fill_sequence_gaps(cands, blocks, settings)
    cands = _drop_cover_lines(cands, blocks)
    cands = _annex_parts(cands, blocks, settings)
    _assign_levels(cands, blocks)
    _levels_without_evidence(cands, blocks)
    return _build_tree(original, cands, absorbed)


def _contents_lines(blocks, settings: SegmentSettings) -> dict[int, str]:
    """A contents list the reader did not mark (extract/toc.py knows page numbers after leaders or a tab): the
    run of short title lines right under a 目录/目次 line, whatever their page references look like ("一、项目简介
    (1)", "第一章 总论……-1-", "二、建设内容 9", or none at all). A contents list names the headings that follow
    it: a line of the run is a contents line when its title (without the reference) recurs below the run, or
    when it carries a reference and most of the run recurs. The run stops at body text and where a title comes
    again (the first chapter right after the list). Block index -> the title it names. Linear."""
    out: dict[int, str] = {}
    n = len(blocks)
    keys: list[str] | None = None
    for i, b in enumerate(blocks):
        if b.kind not in ("paragraph", "toc") or "目" not in b.text or compact(b.text) not in CONTENTS_TITLES:
            continue
        if keys is None:
            keys = [compact(_title_text(x)) if x.kind == "paragraph" else "" for x in blocks]
        run: list[tuple[int, str, bool]] = []
        seen: set[str] = set()
        j = i + 1
        while j < n and blocks[j].kind in ("paragraph", "toc"):
            if blocks[j].kind == "toc":
                j += 1
                continue
            text = _title_text(blocks[j])
            ref = _CONTENTS_REF.search(text)
            title = compact(text[: ref.start()] if ref else text)
            if not title or title in seen or not _heading_shaped(title, settings.max_heading_chars):
                break
            seen.add(title)
            run.append((j, title, bool(ref and ref.group(0).strip())))
            j += 1
        below = set(keys[j:])
        recurs = [title in below for _, title, _ in run]
        mostly = sum(recurs) >= max(1, len(run) / 2)
        for (k, title, has_ref), again in zip(run, recurs, strict=True):
            if again or (has_ref and mostly):
                out[k] = title
    return out


def _opens_paragraph(blocks, k: int) -> bool:
    """Whether block ``k`` starts a new paragraph by its layout: an indented first line (not a centred one) in a
    document whose body is indented. A strongly numbered line right above it ends there, whatever its last
    character: "2.3 用户痛点与改进方向" / "6.2 技术风险与应对" are titles, not a sentence cut off after 向 / 对. (Not a
    list item "1. …和": its next line may be a hanging indent.)"""
    return k < len(blocks) and blocks[k].kind == "paragraph" and blocks[k].indented and not blocks[k].centered


def _opens_section(nums: list[Numbering | None], k: int) -> bool:
    """Whether block ``k`` is a strongly numbered title ("4.1 应急组织"): a numbered line right above it ended there
    ("第4章 应急响应" is no sentence cut off after 应: a sentence does not go on with a section number)."""
    return k < len(nums) and nums[k] is not None and nums[k].kind in STRONG_KINDS and bool(nums[k].rest)


def _heading_number(text: str) -> Numbering | None:
    num = parse_numbering(text)
    if num is None and (m := _ANNEX.match(text)):
        raw = m.group(1)
        value = int(raw) if raw.isdigit() else ord(raw) - ord("A") + 1 if raw.isascii() else cn_to_int(raw)
        num = Numbering("annex", (value,), m.group(0).strip(), text[m.end():].strip())
    elif num is None and (m := _BRACKETED_DEC.match(text)):
        inner = parse_numbering(f"{m.group(1)} {text[m.end():]}")
        if inner is not None and inner.kind in ("dec2", "dec3", "dec4") and inner.rest:
            num = Numbering(inner.kind, inner.values, m.group(0).strip(), inner.rest)
    elif num is None and (m := _TIGHT_DEC1.match(text)):
        rest = text[m.end():].strip()
        if not re.match(rf"^{MEASURE_WORD}", rest):
            num = Numbering("dec1_tight", (int(m.group(1)),), m.group(1), rest)
    return num


def _number_lines_joined(document: Document, settings: SegmentSettings) -> tuple[Document, frozenset[int]]:
    """Chapter number and title as two paragraphs ("第一章" / "总论"): a paragraph holding only a strong number
    and the short unnumbered title right after it, in the same look (style level, weight, size, alignment,
    indent), are one heading "第一章 总论". The title's paragraph is taken out of the reading (returned, so the
    tree leaves it out of the chapter's body too)."""
    blocks = document.blocks
    joined: dict[int, Block] = {}
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if b.kind != "paragraph" or nxt.kind != "paragraph" or len(b.text) > 16 or i - 1 in joined:
            continue  # a bare number is short
        num = parse_numbering(_title_text(b))
        if num is None or num.rest or num.kind not in STRONG_KINDS:
            continue
        title = _title_text(nxt)
        if parse_numbering(title) is not None or not _heading_shaped(title, settings.max_heading_chars) or \
                _look_of(b) != _look_of(nxt):
            continue
        joined[i] = replace(b, text=f"{b.text.strip()} {nxt.text.strip()}")
    if not joined:
        return document, frozenset()
    out = list(blocks)
    for i, b in joined.items():
        out[i] = b
        out[i + 1] = replace(blocks[i + 1], kind="toc")  # read as part of the title: neither heading nor body
    return replace(document, blocks=tuple(out)), frozenset(i + 1 for i in joined)


def _look_of(b: Block) -> tuple:
    return (b.outline_level, b.style if b.outline_level else None, b.bold, round(b.font_size or 0), b.centered,
            b.indented)


def _has_page_ref(text: str) -> bool:
    """``_PAGE_REF.search(text)`` found, asked of the last character first: a match ends in a digit or a roman
    numeral and then whitespace only (``rstrip`` and ``\\s`` strip the same characters, ``isdecimal`` and ``\\d``
    take the same digits), so a line ending otherwise ("…。") is not searched, which costs a try at every character
    (the pattern opens with ``\\s*``)."""
    end = text.rstrip()[-1:]
    return end != "" and (end.isdecimal() or end in "ivxIVX") and _PAGE_REF.search(text) is not None


def _page_refs_dropped(document: Document) -> Document:
    """Headings pasted from a contents list keep their page reference ("第一章 总论……4", "1.1 项目名称<TAB>5"),
    with body text under each and no contents list around. A contents list is a run of such lines (extract/toc.py
    marks it); a styled or outline-level paragraph, or a line followed by a paragraph without a page reference
    (or by one more such line that is: a chapter opening onto its first section), is a heading candidate whose
    title drops the reference (titles carry no page numbers). A numbered title in brackets loses them. Other
    lines keep their text."""
    blocks = document.blocks
    refs = [b.kind == "paragraph" and "\n" not in b.text and _has_page_ref(b.text) for b in blocks]
    # A numbered title in brackets ("【第一章 总论】") is read, and titled, without them.
    inner = [unbracketed(b.text) if b.kind == "paragraph" else b.text for b in blocks]
    bracketed = [t != b.text and (num := parse_numbering(t)) is not None and bool(num.rest)
                 for t, b in zip(inner, blocks, strict=True)]
    if not any(refs) and not any(bracketed):
        return document

    def plain_next(k: int) -> bool:
        return k < len(blocks) and blocks[k].kind == "paragraph" and not refs[k]

    def titled(b: Block, ref: re.Match) -> bool:
        # Leaders say "contents entry" on their own; a tab before a number may be a quantity ("服务器<TAB>10"), so
        # a tab reference is dropped only from a styled, bold or numbered title.
        if "\t" not in ref.group(0) or b.outline_level or b.bold:
            return True
        num = parse_numbering(b.text[: ref.start()])
        return num is not None and bool(num.rest)

    out = list(blocks)
    for i, b in enumerate(blocks):
        if refs[i] and (b.outline_level or plain_next(i + 1) or (i + 1 < len(blocks) and refs[i + 1] and
                                                                plain_next(i + 2) and not (i and refs[i - 1]))):
            ref = _PAGE_REF.search(b.text)
            title = b.text[: ref.start()].strip()
            if title and titled(b, ref):
                out[i] = replace(b, text=title)
        elif bracketed[i]:
            out[i] = replace(b, text=inner[i])
    return replace(document, blocks=tuple(out))


def _heading_looks(blocks, start: int, body_size: float | None, settings: SegmentSettings) -> bool:
    """Whether any paragraph after ``start`` (the cover's end) looks like a heading by style, weight or size."""
    for b in blocks[start:]:
        if b.kind != "paragraph":
            continue
        if b.outline_level or b.bold or (b.font_size and body_size and
                                         b.font_size >= body_size + settings.font_delta):
            return True
    return False


def _heading_styles_by_use(document: Document, settings: SegmentSettings) -> dict[str, int]:
    """DOCX paragraph styles that act as heading styles though neither their name nor an outline level says
    so (章标题, 一级标题 …): a style used at least twice, only for short heading-shaped paragraphs that are
    mostly bold, large or centred and are followed by a paragraph of another style. Levels rank by size."""
    if document.format not in ("docx", "doc", "wps"):
        return {}
    blocks = document.blocks
    if any(b.outline_level for b in blocks):
        return {}
    chars: dict[str, int] = {}
    uses: dict[str, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "paragraph" and b.style:
            chars[b.style] = chars.get(b.style, 0) + len(b.text)
            uses.setdefault(b.style, []).append(i)
    if len(uses) < 2:
        return {}
    body_style = max(chars, key=chars.get)
    body_size = document.body_font_size or 0
    found: list[tuple[float, int, str]] = []
    for style, idx in uses.items():
        if style == body_style or len(idx) < 2 or style == "Caption":
            continue
        paras = [blocks[i] for i in idx]
        if not all(_heading_shaped(_title_text(b), settings.max_heading_chars) for b in paras):
            continue
        marked = sum(b.bold or b.centered or (b.font_size or 0) >= body_size + settings.font_delta for b in paras)
        # Followed by a paragraph of another style: a caption above a table is followed by the table.
        followed = sum(i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph" and blocks[i + 1].style != style
                       for i in idx)
        if marked >= 0.8 * len(idx) and followed >= 0.8 * len(idx):
            sizes = sorted(b.font_size or 0 for b in paras)
            found.append((-sizes[len(sizes) // 2], idx[0], style))
    return {style: rank for rank, (_, _, style) in enumerate(sorted(found), start=1)}


def _typed_row(text: str) -> bool:
    """A table row typed in plain text: three cells or more set apart by tabs or runs of blanks, two of them of
    two characters or more (a letter-spaced title "结  束  语" has one-character cells)."""
    t = text.strip()
    return bool(_TYPED_ROW.match(t)) and sum(len(c) >= 2 for c in typed_cells(t)) >= 2


def _figure_row(text: str) -> bool:
    """A typed table row led by its row number ("1  自动雨量站  420  418  两处站址调整"): cells set apart by tabs or
    runs of blanks, two of them figures or more besides the first. Titles hold no columns of figures."""
    if not has_cell_gap(text):
        return False
    cells = typed_cells(text)
    return len(cells) >= 3 and sum(bool(FIGURE_CELL.match(c)) for c in cells[1:]) >= 2


def _txt_layout_heading(blocks, i: int, key: str, settings: SegmentSettings, first_body: int,
                        chained: int = 0, top_chain: bool = True) -> bool:
    """Plain text whose body paragraphs are indented: a short standalone line at the margin, without sentence
    punctuation (a question mark is allowed), followed by an indented body paragraph, is a heading. Its last
    character is free (…的 / …要 / …需 end titles too): the next line starts a new paragraph, so the line was
    not broken inside a sentence. After the first body paragraph a heading may also be followed by another
    such heading (a chapter and its first section, and that section's first sub-section); a cover line (title,
    编制单位, date) is followed by more cover lines or by a heading that is followed by more, so it is not a
    chapter."""
    limit = _unnumbered_limit(key, settings)
    if len(key) > limit or i + 1 >= len(blocks) or _typed_row(blocks[i].text):
        return False  # (a typed table row is no title)
    core = key[:-1] if key.endswith(("？", "?")) else key
    if not _heading_shaped(core, limit):
        return False
    nxt = blocks[i + 1]
    if nxt.kind == "table" or (nxt.kind == "paragraph" and not nxt.indented and _typed_row(nxt.text)):
        # a section that opens with its table (a caption reads 表N or ends in "："); in plain text the table is
        # typed as rows of cells set apart by runs of blanks or tabs ("序号  费用名称  金额（万元）")
        return not chained
    if nxt.kind != "paragraph":
        return False
    if nxt.indented:
        return len(compact(nxt.text)) > len(key)
    nxt_key = compact(_title_text(nxt))
    # Above the first body paragraph the last cover line (a date, "编制单位：…") can sit right above the first
    # heading: there a chain's top line carries no digits and no colon.
    # And the cover has ended: a dated or "编制单位：" line right above, or chains like this one further down.
    top_ok = i > first_body or (i > 0 and not _COVER_LINE.search(key) and not _DOC_TYPE_LINE.match(key) and
                                (top_chain or bool(_COVER_LINE.search(blocks[i - 1].text))))
    # Above the first body paragraph a longer stack would reach into the cover lines.
    return chained < (_MAX_CHAIN if i > first_body else 1) and top_ok and parse_numbering(nxt_key) is None and \
        _txt_layout_heading(blocks, i + 1, nxt_key, settings, first_body, chained=chained + 1)


def _match_outline(document: Document, settings: SegmentSettings, keys: list[str]) -> dict[int, int]:
    """Block index -> bookmark level, matching bookmarks to heading-shaped blocks in order (a title that
    recurs in the text, or twice in the outline, takes the next occurrence after the previous match). ``keys``: each
    block's compact title (made once by the caller)."""
    if not document.outline:
        return {}
    wanted = {compact(e.title) for e in document.outline}
    where: dict[str, list[int]] = {}
    for i, b in enumerate(document.blocks):
        if b.kind == "paragraph":
            key = keys[i]
            if key in wanted and _heading_shaped(b.display_text, settings.max_styled_heading_chars):
                where.setdefault(key, []).append(i)
    hits: dict[int, int] = {}
    pos = 0
    for e in document.outline:
        found = where.get(compact(e.title), [])
        k = bisect_left(found, pos)
        if k < len(found):
            hits[found[k]] = e.level
            pos = found[k] + 1
    return hits


def _list_item_kinds(blocks, nums: list[Numbering | None], settings: SegmentSettings) -> set[str]:
    """Numbering kinds that this document mostly uses for full-sentence list items, not titles."""
    shaped: dict[str, int] = {}
    sentences: dict[str, int] = {}
    for b, num in zip(blocks, nums, strict=True):
        if num is None or num.kind == "article":
            continue
        if _heading_shaped(b.display_text, 50) or _numbered_title_shaped(b.display_text, num,
                                                                          settings.max_heading_chars):
            shaped[num.kind] = shaped.get(num.kind, 0) + 1
        else:
            sentences[num.kind] = sentences.get(num.kind, 0) + 1
    return {k for k, n in sentences.items() if n >= 3 and n > 2 * shaped.get(k, 0)}


def _has_body_between(blocks, a: int, b: int) -> bool:
    return any(blocks[k].kind in ("paragraph", "table") for k in range(a + 1, b))


class _BodyCount:
    """Prefix counts of body blocks (paragraphs, tables), so "is there body between a and b" is O(1)."""

    def __init__(self, blocks) -> None:
        self.prefix = [0]
        for b in blocks:
            self.prefix.append(self.prefix[-1] + (b.kind in ("paragraph", "table")))

    def between(self, a: int, b: int) -> bool:
        """Body blocks strictly between block indices a and b (a < b)."""
        return b > a + 1 and self.prefix[b] - self.prefix[a + 1] > 0


def _whole_tree_sequences(cands: list[_Candidate], weak: list[_Candidate], blocks, nums: list[Numbering | None],
                          body: _BodyCount) -> list[_Candidate]:
    """Weakly numbered lines that number the whole tree consistently, with no font or layout to vouch for them
    (an unformatted draft numbered "1、" / "1." / "（1）" only): accepted by kind, never by one line. A kind is
    taken only when every line numbered with it is heading-shaped (no sentence-like list items share it) and
    its lines count 1, 2, 3 … with body text between them, either once across the document (from its first
    part past its middle) or, restarting at 1, under each heading already accepted (each run consecutive, two
    runs or more). Linear in the number of blocks."""
    per_kind: dict[str, int] = {}
    for num in nums:
        if num is not None:
            per_kind[num.kind] = per_kind.get(num.kind, 0) + 1
    have = {c.kind for c in cands}
    groups: dict[str, list[_Candidate]] = {}
    for w in sorted(weak, key=lambda c: c.index):
        groups.setdefault(w.kind, []).append(w)
    groups = {k: g for k, g in groups.items() if k not in have and per_kind.get(k) == len(g) and len(g) >= 3}

    def counts_up(run: list[_Candidate]) -> bool:
        return all(w.numbering.value == k for k, w in enumerate(run, start=1)) and \
            all(body.between(a.index, b.index) for a, b in zip(run, run[1:], strict=False))

    out: list[list[_Candidate]] = []
    n = len(blocks)
    for kind, run in list(groups.items()):
        if counts_up(run) and run[0].index <= 0.3 * n and run[-1].index >= 0.5 * n:
            out.append(run)
            del groups[kind]
    taken = [c.index for c in cands] + [w.index for r in out for w in r]
    parents = sorted(taken)
    found = [w for r in out for w in r]
    for run in groups.values():
        by_parent: dict[int, list[_Candidate]] = {}
        for w in run:
            k = bisect_left(parents, w.index)
            if k == 0:
                break  # an item above every heading: not a sub-level
            by_parent.setdefault(parents[k - 1], []).append(w)
        else:
            if len(by_parent) >= 2 and all(counts_up(r) for r in by_parent.values()):
                found.extend(run)
    return found


def _accept_weak(cands: list[_Candidate], weak: list[_Candidate], blocks,
                 nums: list[Numbering | None]) -> list[_Candidate]:
    """A weakly numbered line ("1 项目概况", "(1) …") is a heading where the tree needs it: "N title" right before
    its first "N.x" heading (after the (N-1).x ones), or the next number after the last accepted heading of its
    kind, with body text between the two. One pass in document order, then one more for lists whose first item
    is vouched for only by a later item: linear in the number of candidates."""
    if not weak:
        return cands
    body = _BodyCount(blocks)
    dec2 = sorted((c.index, c.numbering.values[0]) for c in cands if c.numbering and c.numbering.kind == "dec2")
    dec2_at = [i for i, _ in dec2]
    accepted = {c.index: c for c in cands}
    for w in _whole_tree_sequences(cands, weak, blocks, nums, body):
        accepted[w.index] = w
    for w in weak:
        if w.numbering.kind in ("dec1", "dec1_bare", "dec1_tight") and dec2:
            k = bisect_left(dec2_at, w.index)
            after_is_child = k < len(dec2) and dec2[k][1] == w.numbering.value
            before_is_older = k == 0 or dec2[k - 1][1] < w.numbering.value
            if after_is_child and before_is_older:
                accepted[w.index] = w
    for _ in range(2):
        have = {(c.kind, c.numbering.value) for c in accepted.values() if c.numbering}
        last: dict[str, _Candidate] = {}  # the latest accepted heading of each kind, in document order
        last_one_level: _Candidate | None = None  # … and of any one-level decimal kind
        first_seen: dict[str, int] = {}  # kinds nest by first appearance (as in _assign_levels)
        pending = sorted(set(accepted) | {w.index for w in weak})
        by_index = {w.index: w for w in weak} | accepted
        for idx in pending:
            c = by_index[idx]
            if idx not in accepted and c.numbering is not None:
                v = c.numbering.value
                prev = last.get(c.kind)
                if v > 1 and c.kind in _ONE_LEVEL_KINDS:
                    # (one-level decimal numbers typed two ways, "1 概述" then "2运维服务流程" as OCR drops the
                    # blank, count on from each other: _one_series_of_chapter_numbers then makes them one kind)
                    prev = last_one_level
                if v == 1:
                    # A list restarts at 1 only under a new heading of a kind that sits above it. (A chapter "1"
                    # counts on into a "2" typed the other way: "1运营…" as OCR drops the blank, then "2 运营…".)
                    rank = first_seen.get(c.kind, idx)
                    twos = _ONE_LEVEL_KINDS if c.kind in _ONE_LEVEL_KINDS else (c.kind,)
                    ok = any((k, 2) in have for k in twos) and (prev is None or any(
                        first_seen[k] < rank and h.index > prev.index for k, h in last.items()))
                else:
                    ok = prev is not None and prev.numbering.value == v - 1 and body.between(prev.index, idx)
                if ok and c.kind in ("dec1", "dec1_bare", "dec1_tight") and dec2:
                    # "N title" cannot sit where the next decimal heading is still (N-1).x or lower.
                    k = bisect_left(dec2_at, idx)
                    ok = k == len(dec2) or dec2[k][1] >= v
                if ok:
                    accepted[idx] = c
            if idx in accepted and c.numbering is not None:
                last[c.kind] = c
                if c.kind in _ONE_LEVEL_KINDS:
                    last_one_level = c
                first_seen.setdefault(c.kind, idx)
    return list(accepted.values())


_ONE_LEVEL_KINDS = ("dec1", "dec1_bare", "dec1_tight")


def _chapters_of_numbered_sections(cands: list[_Candidate], blocks, settings: SegmentSettings, set_off,
                                   skip: set[int]) -> list[_Candidate]:
    """Sections numbered "1.1" … "2.1" … under chapters that carry no number of their own ("内容简述", "系统需求
    分析": Word list numbers lost in a conversion): where the tree needs a chapter (before the first "N.1", after
    the (N-1).x sections, with no chapter number "N" anywhere there), the one short unnumbered line set off from
    the body (bold, large, centred, or at the margin of an indented body) in that gap is chapter N. Taken only
    when this holds for two chapters or more, all in one look: a bold lead-in inside a section has no "N.1"
    right after the previous chapter's sections, or stands alone. Linear in the number of candidates."""
    ordered = sorted(cands, key=lambda c: c.index)
    taken = {c.index for c in ordered}
    found: list[_Candidate] = []
    prev: _Candidate | None = None
    for c in ordered:
        num = c.numbering
        if num is not None and num.kind == "dec2" and not c.explicit_level and num.values[1] == 1 and (
                (prev is None and num.values[0] == 1) or
                (prev is not None and prev.numbering is not None and prev.numbering.kind in ("dec2", "dec3", "dec4")
                 and prev.numbering.values[0] == num.values[0] - 1)):
            lo = prev.index if prev is not None else c.index - 2  # the first chapter: only the line right above
            lines = [k for k in range(max(lo, -1) + 1, c.index) if k not in taken and k not in skip and
                     _unnumbered_title_line(blocks[k], settings) and set_off(blocks[k])]
            if len(lines) == 1 and not _COVER_LINE.search(blocks[lines[0]].text):
                k = lines[0]
                found.append(_Candidate(k, _title_text(blocks[k]), None, None, "section-parent", "chapter-of-sections"))
        prev = c
    if len(found) < 2 or len({_look_of(blocks[f.index]) for f in found}) > 1:
        return []
    return found


def _unnumbered_title_line(b: Block, settings: SegmentSettings) -> bool:
    if b.kind != "paragraph":
        return False
    text = _title_text(b)
    key = compact(text)
    return _heading_number(text) is None and not _typed_row(b.text) and not _DOC_TYPE_LINE.match(key) and \
        _heading_shaped(key, settings.max_unnumbered_heading_chars)


def _one_series_of_chapter_numbers(cands: list[_Candidate]) -> None:
    """"1概述" (or "1 概述") then "2.中心机房规划设计": one author's series of chapter numbers typed two ways (the
    number on the title or after a blank, then with a dot). When two one-level decimal kinds together count 1, 2,
    3 … in document order, they are one kind, so they share a level (else "2." nests under "1概述"'s sections)."""
    kinds = ("dec1", "dec1_bare", "dec1_tight")
    present = [k for k in kinds if any(c.kind == k for c in cands)]
    for a, b in ((a, b) for i, a in enumerate(present) for b in present[i + 1:]):
        series = sorted((c for c in cands if c.kind in (a, b)), key=lambda c: c.index)
        values = [c.numbering.value for c in series]
        if values[0] == 1 and all(y == x + 1 for x, y in zip(values, values[1:], strict=False)):
            for c in series:
                c.kind = series[0].kind
            return


def _accept_font_only(cands: list[_Candidate], font_only: list[_Candidate], blocks,
                      toc_titles: frozenset[str] | set[str] = frozenset()) -> list[_Candidate]:
    """Unnumbered large/bold lines count only where the document has no numbered structure, or when they are
    clearly larger than body text after the first real heading (cover pages are never headings)."""
    if not font_only:
        return cands
    looks = font_only  # before the cover's looks go: a 前言 may be the only unnumbered line in the chapters' look
    font_only, cover_known = _drop_cover_styles(font_only, cands, blocks)
    if len(cands) >= 3:
        body = _BodyCount(blocks)
        at = sorted(c.index for c in cands)
        first = at[0]

        def next_heading(index: int) -> int:
            k = bisect_right(at, index)
            return at[k] if k < len(at) else len(blocks)

        # (a line at the margin that the contents list names is vouched for by the list, as in any form)
        last_numbered = max((c.index for c in cands if c.numbering is not None), default=len(blocks))
        # (and an annex's title after the numbered chapters, in any look: 附件 says what it is)
        extra = [f for f in font_only if f.index > first and (f.decided_by in ("font", "toc") or (
            f.decided_by == "text-layout" and compact(f.text) in toc_titles) or (
            f.index > last_numbered and _ANNEX_WORD.match(compact(f.text))))
                 and body.between(f.index, next_heading(f.index))]
        return cands + extra + _sections_of_bare_chapters(cands, font_only, blocks, body) + \
            _unnumbered_first_siblings(cands, looks, blocks, body)
    # No numbered/styled structure: font-decided headings, skipping a cover block at the very start.
    out = list(cands)
    for f in font_only:
        if cover_known and f.decided_by in ("font", "bold"):
            pass  # the cover's looks are gone; a heading look may open the document (no cover page)
        elif f.index == 0 or not _has_body_between(blocks, -1, f.index) and \
                f.decided_by not in ("toc", "text-layout"):
            # Lines before any body text are the cover/title; a heading needs body before or after it.
            nxt = _next_index(out + font_only, f.index, len(blocks))
            if not _has_body_between(blocks, f.index, nxt):
                continue
            if not any(blocks[k].kind == "paragraph" for k in range(0, f.index)):
                continue
        out.append(f)
    return out


def _sections_of_bare_chapters(cands: list[_Candidate], font_only: list[_Candidate], blocks,
                               body: _BodyCount) -> list[_Candidate]:
    """Numbered chapters whose sections are not numbered ("1 运营和维护服务简介" over bold or margin lines 服务时间,
    行为规范 …, each over text of its own): in a chapter with no numbered heading below it, the unnumbered lines of
    one look (bold at body size, or plain text at the margin) are its sections when that look does so in two
    chapters or more, three times at least. Bold phrases inside a chapter that numbers its sections stay body."""
    ordered = sorted(cands, key=lambda c: c.index)
    numbered = [c for c in ordered if c.numbering is not None and not c.explicit_level]
    if len(numbered) < 2:
        return []
    top = numbered[0].kind
    if any(DECIMAL_DEPTH.get(c.kind, 1) < DECIMAL_DEPTH.get(top, 1) for c in numbered):
        return []
    # spans of chapters followed directly by the next chapter (or by the end): no numbered heading of their own
    spans = [(a.index, b.index if b is not None else len(blocks))
             for a, b in zip(ordered, [*ordered[1:], None], strict=True)
             if a.kind == top and a.numbering is not None and (b is None or b.kind == top)]
    found: dict[str, list[tuple[int, _Candidate]]] = {}
    for f in font_only:
        if f.decided_by not in ("bold", "text-layout"):
            continue
        span = next((k for k, (lo, hi) in enumerate(spans) if lo < f.index < hi), None)
        if span is not None:
            found.setdefault(f.kind, []).append((span, f))
    out: list[_Candidate] = []
    for lines in found.values():
        if len(lines) < 3 or len({span for span, _ in lines}) < 2:
            continue
        at = sorted([f.index for _, f in lines] + [c.index for c in ordered])
        # each over text of its own, up to the next heading (a chapter or another such line)
        keep = [f for _, f in lines if body.between(f.index, at[bisect_right(at, f.index)] if
                                                     bisect_right(at, f.index) < len(at) else len(blocks))]
        if len(keep) >= 3:
            out.extend(keep)
    return out


def _unnumbered_first_siblings(cands: list[_Candidate], font_only: list[_Candidate], blocks,
                               body: _BodyCount) -> list[_Candidate]:
    """An unnumbered heading set like the numbered series it opens: "前言" (or 引言, 编制说明 …) right before
    "第一章", bold and centred as the chapters are (at the margin as they are, in plain text), over text of its own,
    is the series' first sibling, not body. Only the line right before a series' number 1, and only in that
    series' look: a bold lead-in inside a section has another look or no number 1 after it."""
    ordered = sorted(cands, key=lambda c: c.index)
    # a document's own title (a 公文 without a cover opens with it, over its preamble) is no such sibling: the
    # line must have text above it and be as short as front-matter names are (前言, 引言, 编制说明, 填写说明)
    first_para = next((k for k, b in enumerate(blocks) if b.kind == "paragraph"), len(blocks))
    # (nor a title page's last line: a date or "编制单位：…", or the document type alone, "实施方案")
    before = sorted((f for f in font_only if f.index > first_para and len(compact(f.text)) <= _FRONT_MATTER_CHARS
                     and not _COVER_LINE.search(f.text) and not _DOC_TYPE_LINE.match(compact(f.text))),
                    key=lambda f: f.index)
    at = [f.index for f in before]
    out: list[_Candidate] = []
    prev = -1
    for c in ordered:
        k = bisect_left(at, c.index) - 1
        # (a series' first number: 第一章, 一、, 1., 1.1; not 2.1, the first section of chapter 2)
        if c.numbering is not None and set(c.numbering.values) == {1} and not c.explicit_level and k >= 0 and \
                at[k] > prev and body.between(at[k], c.index) and _look_of(blocks[at[k]]) == _look_of(blocks[c.index]):
            f = before[k]
            out.append(_Candidate(f.index, f.text, None, None, f.decided_by, c.kind))
        prev = c.index
    return out


def _drop_cover_styles(font_only: list[_Candidate], cands: list[_Candidate],
                       blocks) -> tuple[list[_Candidate], bool]:
    """A look (size + weight) used only before the first body paragraph is the cover's or title page's
    (project name, 可行性研究报告, 编制单位, date), never a heading level. Returns the rest, and whether a
    body paragraph was there to tell the cover by."""
    taken = {c.index for c in font_only} | {c.index for c in cands}
    first_body = next((k for k, b in enumerate(blocks) if k not in taken and b.kind == "paragraph"
                       and (len(compact(b.text)) > 40 or compact(b.text).endswith("。"))), len(blocks))
    if first_body == len(blocks):
        return font_only, False  # no body paragraph to tell the cover by (a template, a list of short entries)
    late = {f.kind for f in font_only if f.index > first_body}
    return [f for f in font_only if f.kind in late], True


def _next_index(cands: list[_Candidate], index: int, default: int) -> int:
    return min((c.index for c in cands if c.index > index), default=default)


def _drop_list_runs(cands: list[_Candidate], blocks) -> list[_Candidate]:
    """Consecutive same-kind numbered lines with no body between them, where the run is not followed by body
    either, are an item list, not headings (unless a style/outline vouched for them)."""
    out: list[_Candidate] = []
    n = len(cands)
    i = 0
    while i < n:
        j = i
        while (j + 1 < n and cands[j + 1].kind == cands[i].kind and cands[i].decided_by == "numbering"
               and cands[j + 1].decided_by == "numbering"
               and not _has_body_between(blocks, cands[j].index, cands[j + 1].index)):
            j += 1
        run = cands[i: j + 1]
        weak_kind = run[0].kind in WEAK_KINDS
        if len(run) >= 3 and weak_kind:
            i = j + 1
            continue
        out.extend(run)
        i = j + 1
    return out


def _fill_sequence_gaps(cands: list[_Candidate], blocks, settings: SegmentSettings) -> list[_Candidate]:
    """第二章 … 第四章 with no 第三章: a short unnumbered line between them that heads body text is the chapter
    whose label the extraction lost (seen in the 达拉特旗 draft)."""
    added: list[_Candidate] = []
    by_kind: dict[str, list[_Candidate]] = {}
    for c in cands:
        if c.numbering and c.numbering.kind in ("part", "chapter", "section", "cn"):
            by_kind.setdefault(c.kind, []).append(c)
    taken = {c.index for c in cands}
    for kind, seq in by_kind.items():
        for a, b in zip(seq, seq[1:], strict=False):
            if b.numbering.value - a.numbering.value != 2:
                continue
            for k in range(a.index + 1, b.index):
                blk = blocks[k]
                text = _title_text(blk)
                c = compact(text)
                if (k in taken or blk.kind != "paragraph" or parse_numbering(text) is not None
                        or len(c) > 16 or any(p in c for p in "。，,；;：:、")):
                    continue
                if k + 1 < len(blocks) and blocks[k + 1].kind == "paragraph" and len(blocks[k + 1].text) > len(c):
                    missing = a.numbering.value + 1
                    prefix = a.numbering.prefix
                    number = re.sub(r"[\d一二三四五六七八九十百零〇]+", _cn(missing), prefix, count=1)
                    added.append(_Candidate(k, text, Numbering(kind, (missing,), number, text), None,
                                            "sequence-gap", kind))
                    break
    return sorted(cands + added, key=lambda c: c.index) if added else cands


def _annex_parts(cands: list[_Candidate], blocks, settings: SegmentSettings) -> list[_Candidate]:
    """Annexes after the chapters. An unnumbered heading after numbered ones whose title opens with 附件/附录/附表
    ("附表 设备材料清单", vouched for by the contents list or its looks) is an annex part at the top, not a
    sub-section of the last chapter. After the first annex heading (附件1), "附表N …" lines set as that heading is
    (same weight, size, alignment, indent) are annex parts too: there a caption-like line is the annex's title."""
    out = list(cands)
    seen_number = False
    for c in sorted(out, key=lambda c: c.index):
        if c.numbering is None and not c.explicit_level and seen_number and _ANNEX_WORD.match(compact(c.text)):
            c.kind = "annex"
        seen_number = seen_number or c.numbering is not None
    annexes = sorted((c for c in out if c.kind == "annex" and not c.explicit_level), key=lambda c: c.index)
    if not annexes:
        return out
    look = _look_of(blocks[annexes[0].index])
    taken = {c.index for c in out}
    for k in range(annexes[0].index + 1, len(blocks) - 1):
        b = blocks[k]
        if k in taken or b.kind != "paragraph" or _look_of(b) != look or blocks[k + 1].kind not in ("paragraph", "table"):
            continue
        text = _title_text(b)
        key = compact(text)
        if _ANNEX_TABLE.match(key) and len(key) <= settings.max_heading_chars and not key.endswith(_END_PUNCT):
            out.append(_Candidate(k, text, None, None, "annex-look", "annex"))
    return sorted(out, key=lambda c: c.index)


def _cn(n: int) -> str:
    from ..extract.numbering import chinese_counting

    return chinese_counting(n)


def _look(c: _Candidate, blocks) -> tuple[float, bool] | None:
    """Size and weight of a heading decided by its font alone (None for any other signal)."""
    if c.decided_by not in ("font", "bold"):
        return None
    return (blocks[c.index].font_size or 0.0, blocks[c.index].bold)


def _drop_cover_lines(cands: list[_Candidate], blocks) -> list[_Candidate]:
    """Above the first body paragraph (running text), a font-only line followed by a line of a larger look is
    a cover line (建设单位：…, a date), not an empty chapter: a heading never opens, with no text of its own,
    onto a larger one; short lines between (a typed contents list) are no text of its own. Read backwards so a
    stack of cover lines goes as a whole."""
    taken = {c.index for c in cands}
    first_body = next((k for k, b in enumerate(blocks) if k not in taken and b.kind == "paragraph"
                       and (len(compact(b.text)) > 40 or compact(b.text).endswith("。"))), len(blocks))
    drop: set[int] = set()
    nxt: _Candidate | None = None  # the next kept line
    for c in sorted((c for c in cands if c.index < first_body), key=lambda c: -c.index):
        mine, above = _look(c, blocks), _look(nxt, blocks) if nxt else None
        if mine and above and above > mine:
            drop.add(c.index)
            continue
        nxt = c
    # A title page set in the chapter style (project name, "可行性研究报告" as Heading 1): above the first running
    # text, unnumbered chapter-level lines before chapters that are all numbered are cover lines, not chapters
    # (an unnumbered 前言 with text of its own stays).
    numbered_top = [c for c in cands if c.explicit_level == 1 and c.numbering is not None]
    if numbered_top and all(c.explicit_level != 1 or c.numbering is not None
                            for c in cands if c.index >= first_body):
        ordered = sorted(cands, key=lambda c: c.index)
        drop |= {c.index for c, after in zip(ordered, ordered[1:], strict=False)
                 if c.index < numbered_top[0].index and c.explicit_level == 1 and c.numbering is None
                 and after.index <= first_body}  # no running text of its own before the next heading
    return [c for c in cands if c.index not in drop] if drop else cands


def _assign_levels(cands: list[_Candidate], blocks) -> None:
    """Levels are tree depths. Explicit levels (styles, outline, Markdown) nest by their value, skipped values
    collapse (a "###" under a "#" is level 2). Numbering kinds nest by first appearance: a kind first seen under
    another becomes its child and, seen again, returns to that depth; "1.1" always sits under "1"/"第一章".
    Font-only looks nest by size and weight: a larger look is never the child of a smaller one."""
    stack: list[tuple[str, int | None]] = []  # (numbering kind or key, explicit level)
    looks: dict[str, tuple[float, bool]] = {}
    # An annex (附件N) is a top-level part; numbering that restarts under it (一、二、) numbers its sections. Only
    # the top-level sequence continuing (十九、 after 十八、) ends the annex: a stray 附件 line in the body.
    top: tuple[str, int] | None = None  # kind and last value of the top-level numbered headings before annexes
    in_annex = False
    for c in cands:
        if c.kind == "annex" and not c.explicit_level:
            stack[:] = [("annex", None)]
            c.level, in_annex = 1, True
            continue
        if in_annex and top and c.kind == top[0] and c.numbering and c.numbering.value == top[1] + 1:
            stack.clear()
            in_annex = False
        _place(c, stack, looks, blocks)
        if c.level == 1 and c.numbering and not in_annex:
            top = (c.kind, c.numbering.value)


def _place(c: _Candidate, stack: list[tuple[str, int | None]], looks: dict[str, tuple[float, bool]], blocks) -> None:
    """Set the level of one heading from the stack of open headings above it (see _assign_levels)."""
    if c.explicit_level:
        # A numbered heading above sits at its depth: an explicit level deeper than that stays its child
        # (Heading 1 › "3.2" typed by hand › Heading 3).
        while stack and (stack[-1][1] >= c.explicit_level if stack[-1][1] is not None
                         else len(stack) >= c.explicit_level):
            stack.pop()
        stack.append((c.numbering.kind if c.numbering else c.kind, c.explicit_level))
        c.level = len(stack)
        return
    kinds = [k for k, _ in stack]
    if c.kind in kinds:
        pos = len(kinds) - 1 - kinds[::-1].index(c.kind)
        del stack[pos + 1:]
        c.level = pos + 1
        return
    look = _look(c, blocks)
    if look:
        looks[c.kind] = look
        while stack and stack[-1][0] in looks and looks[stack[-1][0]] < look:
            stack.pop()
    depth = DECIMAL_DEPTH.get(c.kind)
    if depth and depth > 1:
        parents = [i for i, k in enumerate(kinds) if DECIMAL_DEPTH.get(k, 0) == depth - 1]
        if parents:
            del stack[parents[-1] + 1:]
    stack.append((c.kind, None))
    c.level = len(stack)


def _levels_without_evidence(cands: list[_Candidate], blocks) -> None:
    """Levels that nothing in the form tells: unnumbered headings without style or outline level that share one
    look (plain text at the margin, one bold size). When every heading looks alike, all levels come from
    structure and topic (analyze/levels.py); when a chapter look stands apart, headings of the section look
    that open further headings of that look (no body between) give it sub-sections, inferred the same way,
    while the other headings keep their levels."""
    if len(cands) < 2 or any(c.numbering is not None or c.explicit_level for c in cands):
        return
    body = _BodyCount(blocks)
    opens = [not body.between(a.index, b.index) for a, b in zip(cands, cands[1:], strict=False)] + [False]
    # The deepest look: the only one when all look alike, else the section look under the chapter look(s).
    deepest = max(cands, key=lambda c: c.level)
    kind, floor = deepest.kind, deepest.level
    mine = [c.kind == kind for c in cands]
    if deepest.decided_by not in ("text-layout", "font", "bold") or any(
            c.kind != kind and c.level >= floor for c in cands):
        return
    if not all(mine) and not any(m and mine[k + 1] and opens[k] for k, m in enumerate(mine[:-1])):
        return  # the section look never stacks on itself: the looks tell the levels
    fixed = [None if m else c.level for c, m in zip(cands, mine, strict=True)]
    ends = [b.index for b in cands[1:]] + [len(blocks)]
    purpose = [any(blocks[k].kind == "paragraph" and states_purpose(blocks[k].text) for k in range(c.index + 1, end))
               for c, end in zip(cands, ends, strict=True)]
    levels = infer_levels([c.text for c in cands], opens, fixed, floor, purpose)
    for c, m, level in zip(cands, mine, levels, strict=True):
        if m:
            c.level = level


def _build_tree(document: Document, cands: list[_Candidate], absorbed: frozenset[int] = frozenset()) -> SectionTree:
    blocks = document.blocks
    n = len(blocks)
    root = Section(id="s0", title="", level=0, page=None, block_index=-1, span=(0, n), decided_by="root")
    heading_index = {c.index for c in cands} | absorbed  # a title's second paragraph is no body text
    stack = [root]
    sections: list[Section] = []
    for number, c in enumerate(cands, start=1):
        while stack[-1].level >= c.level:
            stack.pop()
        parent = stack[-1]
        sec = Section(id=f"s{number}", title=c.text, level=c.level, page=blocks[c.index].page,
                      block_index=c.index, span=(c.index + 1, n), decided_by=c.decided_by, parent=parent,
                      number=c.numbering.prefix if c.numbering else None)
        parent.children.append(sec)
        stack.append(sec)
        sections.append(sec)
    # Spans and bodies.
    for k, sec in enumerate(sections):
        end = n
        for later in sections[k + 1:]:
            if later.level <= sec.level:
                end = later.block_index
                break
        own_end = sections[k + 1].block_index if k + 1 < len(sections) else n
        sec.span = (sec.block_index + 1, end)
        sec.body = "\n".join(b.text for j, b in enumerate(blocks[sec.block_index + 1: own_end], sec.block_index + 1)
                             if b.kind != "toc" and j not in absorbed)
        sec.chars = sum(len(b.text) for j, b in enumerate(blocks[sec.block_index + 1: end], sec.block_index + 1)
                        if b.kind != "toc" and j not in heading_index)
    first = sections[0].block_index if sections else n
    root.body = "\n".join(b.text for b in blocks[:first] if b.kind != "toc")
    root.chars = sum(len(b.text) for j, b in enumerate(blocks) if b.kind != "toc" and j not in heading_index)
    return SectionTree(document=document, root=root)
