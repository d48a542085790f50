"""Small text patterns shared by readers: sentence ends, table-of-contents lines, page-number lines."""

from __future__ import annotations

import re

SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "…", "”。")

# The titles of a contents list.
CONTENTS_TITLES = ("目录", "目次")

# "第一章 项目概述 ........ 4", "1.1 项目背景…………4", "第二章 现状	12"
_TOC_LINE = re.compile(r"^(?P<title>.*?\S)\s*(?:[.．·…⋯_\-]{3,}|\s{2,}|\t)\s*(?P<page>\d{1,4}|[ivxIVX]{1,6})\s*$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[ivxlcIVXLC]{1,6}|共\s*\d+\s*页\s*第\s*\d+\s*页)$"
)


# A line that opens with a chapter or section number ("第三章 现状", "5.第五章", "第二条 …", "七、", "（二）", "2.机房…",
# "6.1.3 处罚决定模块", "1.2.建设目标", "2.1国内现状"; a decimal followed by a measure word is a quantity: "1.2万户", "12.5 万元", "2.5倍").
# The reader's cheap test for where a paragraph cannot go on; which lines are headings is the segmenter's decision.
# A quantity is a magnitude or unit after the decimal, or a measure word that ends there ("1.5 天完成" is read as a
# title: rare at a sentence's start).
_QUANTITY = (r"(?:[万亿%％‰]|千米|公里|平方|立方|小时|分钟|个月|人次|人天|人月"
             r"|[元个台套座项户条路处块张所家辆根部间吨天年月日倍时分秒米册份批组期级余多](?![\u4e00-\u9fff]))")
_OPENS_NUMBERED = re.compile(r"^\s*(?:(?:\d{1,2}[.．、]\s*)?第\s*[一二三四五六七八九十百零〇\d]+\s*[章节部分篇条]"
                             r"|[一二三四五六七八九十]+[、．]|[（(][一二三四五六七八九十]+[）)]"
                             r"|\d{1,2}[.．、]\s*(?=[\u4e00-\u9fff])"
                             rf"|\d{{1,2}}(?:\s*[.．]\s*\d{{1,2}})+[.．、]?(?:\s+(?!{_QUANTITY})\S"
                             rf"|(?!{_QUANTITY})[\u4e00-\u9fff]))")


def opens_numbered(text: str) -> bool:
    return bool(_OPENS_NUMBERED.match(text))


# A contents line read back by OCR: the leader comes back as a few dots or ellipses, the page number lost, split or
# mixed into them ("（一）建设背景.1", "五、建设内..13..", "一、规划概."). Only under a 目录 title.
_WORN_TOC_LINE = re.compile(r"^(?P<title>.*?[^\s.．·…⋯\d])\s*[.．·…⋯]+[\d.．·…⋯\s]*$")


def worn_toc_title(text: str) -> str | None:
    """The title of a contents line whose leader and page number came back worn (see ``_WORN_TOC_LINE``)."""
    m = _WORN_TOC_LINE.match(text.strip())
    return m.group("title") if m and len(m.group("title")) <= 60 else None


def is_toc_line(text: str) -> bool:
    m = _TOC_LINE.match(text.strip())
    return bool(m) and len(m.group("title")) <= 60


def split_toc_line(text: str) -> tuple[str, str | None]:
    m = _TOC_LINE.match(text.strip())
    if not m:
        return text.strip(), None
    return m.group("title").strip(), m.group("page")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))
