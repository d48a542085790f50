"""The reader's and the segmenter's shortcuts of issue 17's eighth round give what the plain way gives.

* A page whose text holds no quotation mark after a blank (``_MARK_AFTER_BLANK``) has no line that holds a match of
  ``_STRAY_INSIDE`` (a line is a piece of the page's text, and each match holds a mark after a blank): the
  per-line test for late-drawn quotation marks is skipped on it; ``read_pdf_lines(full_scan=True)`` tests every
  line.
* ``parse_numbering`` tries only the patterns that may open with a line's first character.
Texts are made here from our own wording.
"""

from __future__ import annotations

import random
import re

from yushen.analyze import numbering
from yushen.extract.pdf import _MARK_AFTER_BLANK, _STRAY_INSIDE, read_pdf_lines

_ALPHABET = "某市局城市智脑项目XA1 “”‘’《》「」·—\r\n"


def test_a_page_without_a_stray_mark_has_no_line_with_one():
    rng = random.Random(8)
    seen_with = seen_without = 0
    for _ in range(4000):
        page = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        lines = [ln.strip() for ln in re.split(r"\r\n|\n|\r", page)]
        any_line = any(_STRAY_INSIDE.search(ln) for ln in lines)
        if _MARK_AFTER_BLANK.search(page) is None:
            assert not any_line, page
            seen_without += 1
        else:
            seen_with += any_line
    assert seen_with > 100 and seen_without > 100  # both kinds of page were made


def _spaced_pdf(path):
    """Pages of Chinese text with Latin runs set apart by blanks, some with quotation marks after a blank."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    lines = ["某市 XX 局 城市智脑 “ ”XX 专题建设项目", "项目采用 B/S 架构 部署于 政务云", "第一章 总论",
             "本项目 “一网统管” 平台 建设", "一、建设背景", "数据 共享 交换 平台 V2.0 升级"]
    for page in range(6):
        c.setFont("STSong-Light", 11)
        for k, text in enumerate(lines[page % 3:] if page % 2 else [t for t in lines if "“" not in t]):
            c.drawString(72, 760 - 18 * k, text)
        c.showPage()
    c.save()
    return path


def test_lines_read_with_the_page_gate_are_those_of_a_full_scan(tmp_path):
    data = _spaced_pdf(tmp_path / "spaced.pdf").read_bytes()
    quick, _, _ = read_pdf_lines(data)
    full, _, _ = read_pdf_lines(data, full_scan=True)
    def seen(lines):  # (a full scan also measures the gaps of every spaced line: segments are not this test's)
        return [(ln.text, ln.page, ln.x0, ln.top, ln.x1, ln.bottom, ln.font_size, ln.bold, ln.color) for ln in lines]

    assert seen(quick) == seen(full)
    assert any("“" in ln.text for ln in quick) and any(" " in ln.text and "“" not in ln.text for ln in quick)


def _plain_parse(text: str):
    """``parse_numbering`` trying every pattern in order (the way before the first-character dispatch)."""
    saved = numbering._CANDIDATES
    numbering._CANDIDATES = {}
    try:
        return numbering.parse_numbering(text)
    finally:
        numbering._CANDIDATES = saved


_LEADS = ["第三章", "第 2 部分", "第十节", "第5条", "三、", "十二．", "一 ", "（二）", "(3)", "（4）", "1.2.3.4", "1.2.3",
          "2 . 1", "1.", "3、", "12 ", "4）", "⑤", "Ⅲ、", "IV.", "II、", "A.1", "B.", "C、", "a)", "b．", "", "【", "〔一、"]
_TAILS = ["总论", " 建设背景", "万元", "12", ".5亿元", "】", "〕", "", "Mysql集群部署", " GIS服务", "个", "年度计划"]


def test_numbering_by_first_character_is_the_plain_reading():
    rng = random.Random(17)
    texts = [lead + tail for lead in _LEADS for tail in _TAILS]
    texts += ["".join(rng.choice("第一二三十（()1234567890.．、 ）①ⅢIVXABab章节部分条总论万元【】")
                      for _ in range(rng.randint(1, 12))) for _ in range(6000)]
    found = 0
    for text in texts:
        got = numbering.parse_numbering(text)
        assert got == _plain_parse(text), text
        found += got is not None
    assert found > 300  # most leads are numbering: the test reads real matches, not only misses


def _opening_chars(items: list) -> set[str]:
    """The characters a parsed pattern's first item may match, among those parse_numbering lets through."""
    op, av = items[0]
    name = str(op)
    if name == "LITERAL":
        return {chr(av)}
    if name == "SUBPATTERN":
        return _opening_chars(list(av[3].data))
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        assert av[0] >= 1
        return _opening_chars(list(av[2].data))
    if name == "BRANCH":
        return set().union(*(_opening_chars(list(alt.data)) for alt in av[1]))
    assert name == "IN", items[0]
    out: set[str] = set()
    for o, a in av:
        if str(o) == "LITERAL":
            out.add(chr(a))
        elif str(o) == "RANGE":
            out.update(chr(c) for c in range(a[0], a[1] + 1))
        else:
            assert str(a) == "CATEGORY_DIGIT", (o, a)
            out.update(c for c in numbering._FIRST_CHARS if c.isdecimal())
    return out


def test_each_pattern_is_tried_for_every_first_character_it_may_match():
    """Read from the parsed patterns: every character a pattern may open with is dispatched to it."""
    from re import _parser

    for kind, pattern in numbering._PATTERNS:
        items = list(_parser.parse(pattern.pattern).data)
        assert str(items[0][0]) == "AT"  # anchored at the start
        chars = _opening_chars(items[1:]) & numbering._FIRST_CHARS
        assert chars
        for c in chars:
            assert (kind, pattern) in numbering._CANDIDATES[c], (kind, c)


def _plain_scanned(data: bytes, lines, n_pages: int):
    """``_scanned_pages`` as it was: page texts gathered line by line, every page's whitespace split away."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from yushen.extract.pdf import _GARBAGE

    parts: dict[int, list[str]] = {}
    for ln in lines:
        parts.setdefault(ln.page, []).append(ln.text)
    by_page = {p: "".join(texts) for p, texts in parts.items()}
    junk = {p: len(_GARBAGE.findall(text)) for p, text in by_page.items()}
    out = []
    pdf = pdfium.PdfDocument(data)
    for p in range(1, n_pages + 1):
        text = by_page.get(p, "")
        if text and junk[p] / len(text) > 0.3:
            out.append(p)
            continue
        if len("".join(text.split())) >= 20:
            continue
        page = pdf[p - 1]
        if any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2)):
            out.append(p)
        page.close()
    pdf.close()
    return out, sum(junk.values())


def test_scanned_pages_as_the_plain_reading_in_and_out_of_page_order(tmp_path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from yushen.extract.lines import PdfLine
    from yushen.extract.pdf import _scanned_pages

    png = tmp_path / "grey.png"
    Image.new("L", (8, 8), 128).save(png)
    c = canvas.Canvas(str(tmp_path / "s.pdf"), pagesize=A4)
    for _ in range(8):
        c.drawImage(ImageReader(str(png)), 100, 100, 50, 50)
        c.showPage()
    c.save()
    data = (tmp_path / "s.pdf").read_bytes()
    rng = random.Random(64)
    pieces = ["项目", " ", "　", "\t", "建设内容", "\ue001\ue002", "\ufffd", "A1", " " * 30, "某市某局"]
    seen = []
    for _ in range(60):
        lines = [PdfLine("".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))), page, 0, 0, 0, 0, 12, False,
                         842, 595) for page in range(1, 9) for _ in range(rng.randint(0, 3))]
        for order in (lines, sorted(lines, key=lambda ln: -ln.page), rng.sample(lines, len(lines))):
            got = _scanned_pages(data, order, 8)
            assert got == _plain_scanned(data, order, 8)
            seen.append(got)
    # pages found scanned (images under little text, or junk) and pages not, junk counted: the test reads all kinds
    assert any(out for out, _ in seen) and any(len(out) < 8 for out, _ in seen) and any(junk for _, junk in seen)


def test_sentences_made_by_tuples_new_are_the_named_tuples_constructors():
    """facts' and the rules' sentences, built by ``tuple.__new__``, are what each named tuple's own constructor
    makes: the same type, fields and values (a table's row and a heading name only)."""
    from yushen.analyze.facts import _Sentence, _sentences
    from yushen.analyze.model_store import load_model
    from yushen.pipeline import analyse
    from yushen.rules.context import ReviewContext, Sentence

    from .proposals import complete

    title, items = complete("ordos")
    md = "\n".join(title) + "\n" + "\n".join(f"{'#' * it[0]} {it[1]}" if isinstance(it, tuple) else it for it in items)
    md += "\n\n| 费用项 | 金额（万元） |\n| --- | --- |\n| 软件开发费 | 260 |\n"
    tree, facts = analyse("p.md", load_model(), data=md.encode())
    got = _sentences(tree)
    assert len(got) > 20 and any(s.names_only for s in got) and any(not s.names_only for s in got)
    assert all(type(s) is _Sentence for s in got) and got == [_Sentence(*s) for s in got]
    rules = ReviewContext(tree, facts).sentences
    assert len(rules) > 20 and all(type(s) is Sentence for s in rules) and rules == [Sentence(*s) for s in rules]
    assert [s._asdict() for s in rules] == [Sentence(s.text, s.section)._asdict() for s in rules]
