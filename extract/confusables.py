"""OCR confusables inside heading numbering, corrected from the document's own numbering.

Recognisers read the enumeration comma 、 as 丶 or ヽ, the numeral 一 as a dash, and 1 as l or I. A chapter
printed "二、" that comes back as "二丶" is no longer read as a chapter. A confusable is only replaced where the
result fits the document: the Chinese numeral's neighbours in the document's own sequence (一、 二丶 三、 → 二、),
or a sibling that was read correctly ("（—）" becomes "（一）" only when a "（二）" follows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from ..core.text import cn_to_int
from .numbering import chinese_counting

T = TypeVar("T")

_CN = "一二三四五六七八九十"
_DASH = "-—–‐─－一"
_CN_LINE = re.compile(rf"^([{_CN}]{{1,3}})\s*([、丶ヽ`'‘’，,])\s*(?=\S)")
_DASH_LINE = re.compile(rf"^[{_DASH[:-1]}]\s*[、丶ヽ]\s*(?=\S)")
_DASH_PAREN = re.compile(rf"^[（(]\s*[{_DASH[:-1]}]\s*[)）]\s*(?=\S)")
_DEC_L = re.compile(r"^[lI|](?=\s*[.．]\s*\d)|^(\d{1,2}[.．])[lI|](?=[\s\u3000]*[\u4e00-\u9fff])")


# "1项目概述": the recogniser dropped the space. Not before a measure word (analyze/numbering.MEASURE_WORD: "12台",
# "3个工作日", "6月底", "10年来"): a quantity, and no space says otherwise here. The measure words that start titles
# too ("1项目概述", "3人员配置") count, as there, only when no further ideograph follows.
_DEC_GLUED = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])(?![个万亿元千年月日天次倍余]|[台套座项户人条路处块张所家辆根部间吨"
                        r"时分秒米册份批组期级](?![\u4e00-\u9fff]))")
_DEC_SPACED = re.compile(r"^(\d{1,2})[\s\u3000]+(?=[\u4e00-\u9fff])")
_DEC_CHILD = re.compile(r"^(\d{1,2})\s*[.．]\s*\d{1,2}(?![\d.．]*\s*[%万元亿个])")
_SHORT_TITLE = 30


def correct_numbering(lines: list[T], text_of: Callable[[T], str] = lambda x: x.text) -> list[T]:
    """Return ``lines`` (objects with a ``text`` field, e.g. PdfLine) with numbering confusables fixed."""
    texts = [text_of(x) for x in lines]
    fixed = correct_texts(texts)
    return [x if new == old else replace(x, text=new) for x, old, new in zip(lines, texts, fixed, strict=True)]


def correct_texts(texts: list[str]) -> list[str]:
    out = list(texts)
    # Chinese numerals: the run of "X、" lines in document order; a confusable separator is fixed when its value
    # continues the previous numbered line or leads into the next one.
    numbered = [(k, m) for k, t in enumerate(texts) if (m := _CN_LINE.match(t))]
    values = [cn_to_int(m.group(1)) for _, m in numbered]
    good = [m.group(2) == "、" for _, m in numbered]
    for _ in range(2):  # a second pass fixes a confusable next to one fixed in the first
        for j, (k, m) in enumerate(numbered):
            if good[j]:
                continue
            v = values[j]
            if (j > 0 and good[j - 1] and values[j - 1] == v - 1) or \
                    (j + 1 < len(numbered) and good[j + 1] and values[j + 1] == v + 1):
                out[k] = m.group(1) + "、" + texts[k][m.end():]
                good[j] = True
    # 一 read as a dash: fixed when the next Chinese-numbered line of that form is 二.
    seen = {"cn": False, "paren": False}
    flags = []
    for t in reversed(out):
        flags.append(dict(seen))
        if (m := re.match(rf"^([{_CN}]{{1,3}})、", t)):
            seen["cn"] = m.group(1) == "二"
        elif (m := re.match(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[)）]", t)):
            seen["paren"] = m.group(1) == "二"
    flags.reverse()
    for k, t in enumerate(out):
        if flags[k]["cn"] and (m := _DASH_LINE.match(t)):
            out[k] = "一、" + t[m.end():]
        elif flags[k]["paren"] and (m := _DASH_PAREN.match(t)):
            out[k] = "（一）" + t[m.end():]
        elif (m := _DEC_L.match(t)):
            out[k] = (m.group(1) + "1" if m.group(1) else "1") + t[m.end():]
    return _spaced_chapter_numbers(_lost_numerals(out))


_FORMS = (  # outermost first: (form, its numbered lines, the line with the numeral lost, how it is written back)
    ("chapter", re.compile(rf"^第\s*([{_CN}]{{1,3}})\s*章"), re.compile(r"^第\s*(?=章)"), "第{}"),
    ("cn", re.compile(rf"^([{_CN}]{{1,3}})\s*、"), re.compile(r"^[、丶ヽ]\s*(?=[^\s、])"), "{}、"),
    ("paren", re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[)）]"), re.compile(r"^[（(]\s*[)）]\s*(?=\S)"), "（{}）"),
)


def _lost_numerals(texts: list[str]) -> list[str]:
    """On a faint copy a thin numeral vanishes and leaves its mark: "、总体架构", "（）应用层", "第章 总论" (a line
    never starts with 、 in Chinese typesetting). A short such line takes the number that continues its form's
    sequence under the current parent (a line of an outer form starts a new one), when the next line read with
    that form (before the next parent) is the one after it, or there is none."""
    out = list(texts)
    known: list[tuple[int, int, int]] = []  # (line, form rank, value) of every numbered line read as written
    lost: list[tuple[int, int, re.Match]] = []
    for k, t in enumerate(texts):
        for rank, (_form, numbered, gone, _write) in enumerate(_FORMS):
            if (m := numbered.match(t)):
                known.append((k, rank, cn_to_int(m.group(1))))
                break
            if (m := gone.match(t)) and len(t) <= 30 and not t.endswith(("。", "；", "，")):
                lost.append((k, rank, m))
                break
    if not lost:
        return out
    events = sorted([(k, rank, v) for k, rank, v in known] + [(k, rank, None) for k, rank, _ in lost])
    last = [0] * len(_FORMS)  # the latest value of each form under the current parents
    for n, (k, rank, v) in enumerate(events):
        if v is None:
            v = last[rank] + 1
            nxt = next(((r, w) for _j, r, w in events[n + 1:] if r <= rank), None)
            fits = nxt is None or nxt[0] < rank or nxt[1] is None or nxt[1] == v + 1
            if fits and v < 100:
                m = next(m for j, _r, m in lost if j == k)
                out[k] = _FORMS[rank][3].format(chinese_counting(v)) + texts[k][m.end():]
        last[rank] = v
        for inner in range(rank + 1, len(_FORMS)):
            last[inner] = 0
    return out


def _spaced_chapter_numbers(texts: list[str]) -> list[str]:
    """Chapters numbered "1 总论" come back as "1总论" (the recogniser keeps no space between a digit and an
    ideograph), which reads as a sentence starting with a quantity. A short glued line gets its space back where it
    fits the document's decimal numbering: its first "N.x" heading follows it (after the (N-1).x ones), or it
    continues the previous chapter number with no "(N-1).x" line still to come."""
    out = list(texts)
    children = [(k, int(m.group(1))) for k, t in enumerate(texts) if (m := _DEC_CHILD.match(t))]

    def child_after(k: int) -> int | None:
        return next((v for j, v in children if j > k), None)

    def child_before(k: int) -> int | None:
        return next((v for j, v in reversed(children) if j < k), None)

    last = 0  # the latest chapter number, in document order
    for k, t in enumerate(texts):
        if (m := _DEC_SPACED.match(t)) and len(t) <= _SHORT_TITLE:
            last = int(m.group(1))
            continue
        m = _DEC_GLUED.match(t)
        if not m or len(t) > _SHORT_TITLE or t.endswith(("。", "；", "，", "：")):
            continue
        v = int(m.group(1))
        after, before = child_after(k), child_before(k)
        heads_children = after == v and (before is None or before == v - 1)
        continues = last and v == last + 1 and (after is None or after >= v) and (before is None or before <= v - 1)
        if heads_children or continues:
            out[k] = f"{m.group(1)} {t[m.end():]}"
            last = v
    return out
