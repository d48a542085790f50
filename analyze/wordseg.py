"""Word segmentation for the classifier's features: jieba's exact cut with HMM off, on our compact dictionary
(corpus/model/words.txt), without importing jieba (~0.05 s a process, its HMM tables included though unused).

The algorithm is jieba 0.42's ``Tokenizer.cut(text, HMM=False)``, step for step: the text splits into blocks of
CJK/latin/digit characters (``_BLOCK``) and the rest; the rest yields whitespace runs as they are and every other
character alone; a block is cut on the directed graph of its dictionary words (each position → the ends of the
dictionary words starting there, else the character alone), along the route of greatest total log-frequency
(ties to the longer word, as jieba's ``max`` over (score, end) tuples), with consecutive single latin/digit
characters merged into one token. Scores are the same float64 sums in the same order, so tokens are identical
(tests/test_wordseg.py compares them with jieba over the training corpus).

The prefix dictionary (every word and every prefix of a word) is built once per content of the word list and kept
in the user cache as marshal, keyed by the file's bytes (core/cache.py); never pickle.
"""

from __future__ import annotations

import marshal
import math
import re
from functools import lru_cache
from pathlib import Path

from ..core.cache import memo_path, write_memo

# jieba's re_han_default, re_skip_default and re_eng (the patterns of its cut, unchanged)
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_LATIN = re.compile("[a-zA-Z0-9]")
_FORMAT = 1  # of the cached prefix dictionary


def build_prefix_dict(data: bytes) -> tuple[dict[str, float | None], float]:
    """(word → log(frequency) − log(total), log(total)) for a jieba-format dictionary ("word freq [tag]" a line):
    None instead of a score for a prefix of a word (or a word of frequency zero), which continues the search for
    longer words but ends none. ``ValueError`` on a malformed line, as jieba."""
    freq: dict[str, int] = {}
    total = 0
    lines = data.split(b"\n")  # the lines of a file read in binary, as jieba reads it
    if lines[-1] == b"":
        lines.pop()
    for lineno, raw in enumerate(lines, 1):
        try:
            line = raw.strip().decode("utf-8")
            word, count = line.split(" ")[:2]
            n = int(count)
        except ValueError:
            raise ValueError(f"invalid dictionary entry at line {lineno}: {raw[:80]!r}") from None
        freq[word] = n
        total += n
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    log_total = math.log(total)
    # log(f) - log(total) as jieba computes it inside its route (log(f or 1) - logtotal), done once per word
    return {w: (math.log(n) - log_total if n else None) for w, n in freq.items()}, log_total


class Segmenter:
    """Cuts text as jieba's ``Tokenizer(dictionary).lcut(text, HMM=False)`` does."""

    def __init__(self, prefix: dict[str, float | None], log_total: float):
        self._prefix = prefix
        self._unknown = 0.0 - log_total  # log(1) - log(total): a character that is no word

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for n, block in enumerate(_BLOCK.split(text)):
            if n % 2:  # a block of CJK, latin, digits (the split's captured runs)
                out += self._cut_block(block)
            else:
                for m, piece in enumerate(_SKIP.split(block)):
                    if m % 2:
                        out.append(piece)  # whitespace (or \r\n) as it is
                    else:
                        out += piece  # any other character alone
        return out

    def remembering(self, size: int = 16384) -> Segmenter:
        """This segmenter with each block's cut remembered (a block's cut depends on the block alone, and texts
        repeat clauses: template sentences, table cells, the same boilerplate in many proposals)."""
        twin = Segmenter(self._prefix, 0.0)
        twin._unknown = self._unknown
        twin._cut_block = lru_cache(maxsize=size)(twin._cut_block)  # type: ignore[method-assign]
        return twin

    def _cut_block(self, s: str) -> list[str]:
        """jieba's route: from the end, each position takes the dictionary word starting there with the best
        score (ties to the longer word, as jieba's max over (score, end)); a character no word starts with is
        settled with one lookup."""
        prefix, unknown, latin = self._prefix, self._unknown, _LATIN.match
        size = len(s)
        score = [0.0] * (size + 1)
        end = list(range(size + 1))
        for k in range(size - 1, -1, -1):
            frag = s[k]
            if frag not in prefix:  # no word starts here: the character alone
                score[k] = unknown + score[k + 1]
                continue
            best = None
            i = k
            while True:
                cost = prefix[frag]
                if cost is not None:  # a word ends at i
                    sc = cost + score[i + 1]
                    if best is None or sc >= best:  # (the ends grow: "at least as high" is jieba's greater tuple)
                        best = sc
                        end[k] = i
                i += 1
                if i == size:
                    break
                frag = s[k: i + 1]
                if frag not in prefix:
                    break
            score[k] = unknown + score[k + 1] if best is None else best
        words: list[str] = []
        buf = ""
        x = 0
        while x < size:
            y = end[x] + 1
            word = s[x:y]
            if y - x == 1 and latin(word):
                buf += word  # runs of single latin letters and digits make one token
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(word)
            x = y
        if buf:
            words.append(buf)
        return words


def load_segmenter(words: Path) -> Segmenter:
    """The segmenter of a word list, its prefix dictionary read from the cache when this content was seen."""
    data = Path(words).read_bytes()
    memo = memo_path("wordseg", f"format{_FORMAT}".encode(), data)
    try:
        prefix, log_total = marshal.loads(memo.read_bytes())
        if isinstance(prefix, dict) and isinstance(log_total, float):
            return Segmenter(prefix, log_total)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    prefix, log_total = build_prefix_dict(data)
    write_memo(memo, marshal.dumps((prefix, log_total)))
    return Segmenter(prefix, log_total)
