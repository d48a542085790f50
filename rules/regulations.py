"""Regulation texts shipped in corpus/regulations: normalised once, split into articles, searched for quotes.

Quotes are compared with whitespace removed on both sides: the texts are PDF/web extractions whose line
breaks fall inside sentences (and the 鄂尔多斯 text carries radical code points, normalised here too).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..extract.normalize import compact, normalize_text
from ..extract.text import decode_text, split_run_together

REGULATION_DIR = Path(__file__).resolve().parents[1] / "corpus" / "regulations"
_ARTICLE = re.compile(r"(第[一二三四五六七八九十百零]+条)")


@lru_cache(maxsize=16)
def regulation_text(file_name: str) -> str:
    data = (REGULATION_DIR / file_name).read_bytes()
    text, _ = decode_text(data)
    return split_run_together(normalize_text(text.replace("\r\n", "\n")))


def quote_found(file_name: str, quote: str) -> bool:
    return compact(normalize_text(quote)) in compact(regulation_text(file_name))


@lru_cache(maxsize=16)
def articles(file_name: str) -> dict[str, str]:
    """第X条 → the article's text (to the next 第Y条 that starts a line or follows a sentence end)."""
    text = regulation_text(file_name)
    out: dict[str, str] = {}
    starts = [m for m in re.finditer(r"(?:^|(?<=[。\n]))\s*(第[一二三四五六七八九十百零]+条)", text, re.M)]
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = re.sub(r"\n?第[一二三四五六七八九十]+章[^\n]*\n?", "\n", text[m.start():end]).strip()
        # Rejoin lines the extraction broke inside a sentence (no space between Chinese characters).
        body = re.sub(r"(?<=[\u4e00-\u9fff，、；：“”（）0-9])\s+(?=[\u4e00-\u9fff，、。；：“”（）0-9])", "", body)
        body = re.sub(r"^(第[一二三四五六七八九十百零]+条)\s*", r"\1 ", body)
        out.setdefault(m.group(1), " ".join(body.split()))
    return out


def article_text(file_name: str, article: str) -> str | None:
    head = re.match(r"第[一二三四五六七八九十百零]+条", article)
    return articles(file_name).get(head.group(0)) if head else None
