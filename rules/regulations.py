"""Regulation texts: normalised once, split into articles, searched for quotes.

A text is plain (PDF/web extractions whose line breaks fall inside sentences) or Markdown (``### 第十五条``,
``**第十五条** …``, front matter, emphasis): Markdown markup is taken off before anything else, so articles,
quotes and headings read the same in both. Quotes are compared with whitespace removed on both sides (the
鄂尔多斯 text carries radical code points, normalised here too). A regulation is named by a path, or by a file
name among the shipped texts in corpus/regulations.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..extract.normalize import compact, normalize_text
from ..extract.text import decode_text, split_run_together

REGULATION_DIR = Path(__file__).resolve().parents[1] / "corpus" / "regulations"
_NUM = r"[一二三四五六七八九十百零〇两\d]+"
_ARTICLE = re.compile(rf"(?:^|(?<=[。\n]))[ \t\u3000]*(第{_NUM}条)", re.M)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*(.+?)[ \t#]*$", re.M)


def _path(name: str | Path) -> Path:
    p = Path(name)
    return p if p.is_absolute() else REGULATION_DIR / p


def strip_markdown(text: str) -> str:
    """Markdown markup off: front matter, heading marks, emphasis, quote marks; headings stay as lines."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = _HEADING.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![*\w])\*(?!\s)([^*\n]+?)\*(?!\*)", r"\1", text)
    return re.sub(r"^[ \t]*>[ \t]?", "", text, flags=re.M)


@lru_cache(maxsize=32)
def _raw(name: str) -> str:
    text, _ = decode_text(_path(name).read_bytes())
    return normalize_text(text.replace("\r\n", "\n"))


@lru_cache(maxsize=32)
def regulation_text(name: str | Path) -> str:
    return split_run_together(strip_markdown(_raw(str(name))))


def quote_found(name: str | Path, quote: str) -> bool:
    return compact(normalize_text(quote)) in compact(regulation_text(str(name)))


def _join_lines(body: str) -> str:
    # Rejoin lines the extraction broke inside a sentence (no space between Chinese characters).
    body = re.sub(r"(?<=[\u4e00-\u9fff，、；：“”（）0-9])\s+(?=[\u4e00-\u9fff，、。；：“”（）0-9])", "", body)
    return " ".join(body.split())


@lru_cache(maxsize=32)
def articles(name: str | Path) -> dict[str, str]:
    """第X条 → the article's text (to the next 第Y条 that starts a line or follows a sentence end)."""
    text = regulation_text(str(name))
    out: dict[str, str] = {}
    starts = list(_ARTICLE.finditer(text))
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = re.sub(r"\n?第[一二三四五六七八九十]+章[^\n]*\n?", "\n", text[m.start():end]).strip()
        out.setdefault(m.group(1), re.sub(rf"^(第{_NUM}条)\s*", r"\1 ", _join_lines(body)))
    return out


@lru_cache(maxsize=32)
def headings(name: str | Path) -> list[tuple[int, str, str]]:
    """(level, title, text up to the next heading of the same or a higher level) for a Markdown text."""
    raw = _raw(str(name))
    found = [(len(m.group(0).strip()) - len(m.group(0).strip().lstrip("#")), m) for m in
             re.finditer(r"^[ \t]*#{1,6}[ \t]*.+$", raw, re.M)]
    out = []
    for k, (level, m) in enumerate(found):
        end = next((n.start() for lv, n in found[k + 1:] if lv <= level), len(raw))
        title = m.group(0).strip().lstrip("#").strip()
        out.append((level, title, _join_lines(strip_markdown(raw[m.end():end]))))
    return out


def article_text(name: str | Path, article: str) -> str | None:
    """The cited article: ``第十五条…`` by number; otherwise a Markdown heading (``附录1 7 实施保障方案``: the
    heading ``7 实施保障方案`` inside the heading that starts ``附录 1``)."""
    head = re.match(rf"第{_NUM}条", article)
    if head:
        return articles(str(name)).get(head.group(0))
    parts = article.split()
    scope = None
    if len(parts) > 1 and re.fullmatch(r"附[录件]\s*\d+", parts[0]):
        scope, parts = "".join(parts[0].split()), parts[1:]
    want = "".join(parts)
    inside = scope is None
    scope_level = 0
    for level, title, text in headings(str(name)):
        flat = "".join(title.split())
        if scope is not None and flat.startswith(scope):
            inside, scope_level = True, level
            continue
        if scope is not None and inside and level <= scope_level:
            inside = False
        if inside and flat == want:
            return f"{title} {text}".strip()
    return None
