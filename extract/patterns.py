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
