"""Dates as Chinese documents write them: 2025年3月, 2025年03月15日, 二〇二五年三月, 2025-03, 2025.3.

A proposal's date is the line of the title page that is a date and nothing else (编制日期：… allowed); dates
inside sentences (a regulation's year, a schedule) are not the document's date."""

from __future__ import annotations

import re

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN = "〇○零ＯO一二三四五六七八九"
_YEAR = rf"(?P<y>(?:19|20)\d{{2}}|[{_CN}]{{4}})"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DATE = re.compile(rf"{_YEAR}\s*(?:年\s*(?:(?P<m>{_MONTH})\s*月)?|[-./]\s*(?P<m2>{_MONTH})(?!\d))")
_LABEL = re.compile(r"^(?:编制|编写|发布|印发|报送|申报|完成)?(?:日期|时间)[:：]?")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGIT[text[1]] if len(text) > 1 else 0)
    if all(c in _CN_DIGIT for c in text):
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY`` or ``YYYY-MM``; None when there is none."""
    m = _DATE.search(text or "")
    if not m:
        return None
    year = _number(m.group("y"))
    if year is None or not 1990 <= year <= 2100:
        return None
    mtext = m.group("m") or m.group("m2")
    month = _number(mtext) if mtext else None
    return f"{year}-{month:02d}" if month and 1 <= month <= 12 else str(year)


def parse_year(text: str) -> str | None:
    date = parse_date(text)
    return date[:4] if date else None


def standalone_date(lines) -> str | None:
    """The date of the first line that is only a date (the title page's 二〇二五年三月)."""
    for line in lines:
        compact = _LABEL.sub("", re.sub(r"\s+", "", line or ""))
        m = _DATE.match(compact)
        if m and len(compact) - m.end() <= 3:  # 日 / 15日 may follow
            date = parse_date(compact)
            if date:
                return date
    return None
