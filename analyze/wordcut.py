"""The classifier's word cut at prediction time: ``wordseg.Segmenter``'s cut (jieba's, HMM off) with a tighter loop
over each block and every block's cut remembered. Tokens are identical (tests/test_classify_fast_paths.py compares
them with wordseg's own cut over the training corpus and random texts); wordseg.py stays the reference that
training uses and the model's key hashes, so this module changes no model.

Tighter: the route's best (score, end) is kept as a float and an index instead of a tuple a candidate (the ends
grow, so "greater tuple" is "score at least as high"), and a character no dictionary word starts with is settled
with one lookup. Remembered: a block's cut depends on the block alone, and body openings repeat clauses (template
sentences, table cells, the same boilerplate in many proposals a scan reads).
"""

from __future__ import annotations

from functools import lru_cache

from .wordseg import _LATIN, Segmenter


class QuickSegmenter(Segmenter):
    """Cuts as ``seg`` does (the same prefix dictionary and unknown-character score)."""

    def __init__(self, seg: Segmenter, memo: int = 16384):
        super().__init__(seg._prefix, 0.0)
        self._unknown = seg._unknown
        # (an instance attribute, so wordseg's own ``cut`` calls it; lists: ``cut`` only extends with them)
        self._cut_block = lru_cache(maxsize=memo)(self._quick_block)

    def _quick_block(self, s: str) -> list[str]:
        prefix, unknown, latin = self._prefix, self._unknown, _LATIN.match
        size = len(s)
        score = [0.0] * (size + 1)
        end = list(range(size + 1))
        for k in range(size - 1, -1, -1):
            frag = s[k]
            if frag in prefix:
                best = None
                i = k
                while True:
                    cost = prefix[frag]
                    if cost is not None:  # a word ends at i
                        sc = cost + score[i + 1]
                        if best is None or sc >= best:  # (ties to the longer word, as max over (score, end))
                            best = sc
                            end[k] = i
                    i += 1
                    if i == size:
                        break
                    frag = s[k: i + 1]
                    if frag not in prefix:
                        break
                score[k] = unknown + score[k + 1] if best is None else best
            else:  # no word starts here: the character alone
                score[k] = unknown + score[k + 1]
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
