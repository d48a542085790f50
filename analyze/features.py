"""Feature extraction shared by training and prediction (tokens, not vectors, so prediction needs no sklearn)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .numbering import parse_numbering

_PUNCT = re.compile(r"[\s，。、；：:;,.（）()《》“”\"'！？!?\-—…·/0-9a-zA-Z%％]+")
BODY_CHARS = 400  # the opening of a body says what it is about; the rest adds cost, not signal
BODY_WORD_CHARS = 60


WORDS = Path(__file__).resolve().parents[1] / "corpus" / "model" / "words.txt"


@lru_cache(maxsize=1)
def _segmenter():
    """jieba's cut with HMM off (analyze/wordseg.py) on our compact dictionary (corpus/tools/make_wordlist.py):
    unknown words fall back to characters, deterministically, and no process imports jieba."""
    from .wordseg import load_segmenter

    return load_segmenter(WORDS)


def strip_number(heading: str) -> str:
    num = parse_numbering(heading)
    text = num.rest if num is not None and num.rest else heading
    # numbered twice: a list number before a typed 第X章 ("6.第六章项目验收"), or Word's automatic number before
    # the typed one ("第一章 第一章 总论")
    again = parse_numbering(text) if num is not None else None
    if again is not None and again.rest and again.kind in ("part", "chapter", "section"):
        text = again.rest
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return [w for w in _segmenter().cut(text) if w.strip() and not _PUNCT.fullmatch(w)]


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    t = _PUNCT.sub("", text)
    return [t[i: i + n] for n in range(lo, hi + 1) for i in range(len(t) - n + 1)]


def tokens(heading: str, body: str, parent_label: str | None) -> list[str]:
    h = strip_number(heading)
    words = _words(h)
    feats = [f"h:{w}" for w in words]
    feats += [f"h2:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    feats += [f"hc:{g}" for g in _char_ngrams(h, 1, 3)]
    b = body[:BODY_CHARS]
    if b:
        # Body words come from a shorter opening than body characters: segmentation is the costly step.
        if BODY_WORD_CHARS:
            feats += [f"b:{w}" for w in _words(b[:BODY_WORD_CHARS]) if len(w) > 1]
        feats += [f"bc:{g}" for g in _char_ngrams(b, 2, 2)]
    feats.append(f"p:{parent_label or 'none'}")
    return feats
