"""Small text patterns shared by readers: sentence ends, table-of-contents lines, page-number lines."""

from __future__ import annotations

import re

SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "…", "”。")

# "第一章 项目概述 ........ 4", "1.1 项目背景…………4", "第二章 现状	12"
_TOC_LINE = re.compile(r"^(?P<title>.*?\S)\s*(?:[.．·…⋯_\-]{3,}|\s{2,}|\t)\s*(?P<page>\d{1,4}|[ivxIVX]{1,6})\s*$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[ivxlcIVXLC]{1,6}|共\s*\d+\s*页\s*第\s*\d+\s*页)$"
)


# A line that opens with a chapter or section number ("第三章 现状", "七、", "（二）", "6.1.3 处罚决定模块"; a decimal
# only with a space after it, so "1.2万户" is no number). The reader's cheap test for where a paragraph cannot
# go on; which lines are headings is the segmenter's decision.
_OPENS_NUMBERED = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十百零〇\d]+\s*[章节部分篇]|[一二三四五六七八九十]+[、．]"
                             r"|[（(][一二三四五六七八九十]+[）)]|\d+(?:[.．]\d+)+\s+\S)")


def opens_numbered(text: str) -> bool:
    return bool(_OPENS_NUMBERED.match(text))


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
