"""The classifier's one-pass search for the body vocabularies a section's body holds (issue 17, seventh round):
``_occurring(text, labels)`` is the set of labels whose own pattern finds a match in the text, whatever the text and
the labels asked; the patterns are cut at their top-level alternations exactly, and a labelled tree is the same."""

from __future__ import annotations

import random
import re

import pytest

from yushen.analyze import classify
from yushen.analyze.lexicon import BODY_VOCAB
from yushen.analyze.model_store import TRAIN_FILE, read_jsonl

from .test_classify_fast_paths import _random_texts


@pytest.fixture(scope="module")
def corpus():
    return read_jsonl(TRAIN_FILE)


def _plain(text: str, labels: list[str]) -> set[str]:
    return {lab for lab in labels if classify._BODY_RX[lab].search(text) is not None}


def _texts(corpus) -> list[str]:
    """Real bodies whole and cut anywhere, the vocabularies' own terms run together (matches that overlap and
    share a start: 共享 / 共享交换, 安全可靠 / 安全防护, 3月 / 上半年), mixed texts and the empty one."""
    rng = random.Random(11)
    bodies = [r.get("body", "") for r in corpus]
    terms = [t for pattern in BODY_VOCAB.values() for t in classify._top_alternatives(pattern) if t.isalnum()]
    runs = ["".join(rng.choice(terms) for _ in range(rng.randint(1, 6))) for _ in range(500)]
    runs += ["建设期12个月", "2024年3 月完成招标", "下半年上线", "第三方测评", "GB/T 39786", "SM4加密", "国产化适配"]
    cuts = [b[rng.randrange(len(b) + 1):] for b in bodies[::5] if b]
    return bodies[::2] + cuts + runs + _random_texts(23, 800, "".join(bodies[:300]) + "".join(terms)) + [""]


def test_the_labels_found_in_one_pass_are_those_each_pattern_finds(corpus):
    rng = random.Random(4)
    labels = list(classify._BODY_RX)
    texts = _texts(corpus)
    assert len(texts) > 2500
    for text in texts:
        for asked in (list(classify.BODY_SECONDARY), rng.sample(labels, rng.randint(1, len(labels))), []):
            assert classify._occurring(text, asked) == _plain(text, asked), (text[:60], asked)


def test_long_texts_with_many_matches_are_read_alike(corpus):
    bodies = [r.get("body", "") for r in corpus if r.get("body")]
    long = ["".join(bodies[i: i + 40]) for i in range(0, len(bodies), 40)]
    for text in long:
        assert classify._occurring(text, list(classify._BODY_RX)) == _plain(text, list(classify._BODY_RX))


def test_a_pattern_is_cut_at_its_top_level_bars_only():
    cases = {r"a|b": ["a", "b"], r"(?:a|b)c|d": ["(?:a|b)c", "d"], r"[|]x|y": ["[|]x", "y"], r"\|a|b": [r"\|a", "b"],
             r"[]|]|z": ["[]|]", "z"], r"[^]|]|z": ["[^]|]", "z"], r"x\\|y": [r"x\\", "y"], "": [""],
             r"完成(?:招标|验收)|\d+\s*月": ["完成(?:招标|验收)", r"\d+\s*月"]}
    for source, want in cases.items():
        assert classify._top_alternatives(source) == want, source
    for pattern in BODY_VOCAB.values():
        alts = classify._top_alternatives(pattern)
        assert "|".join(alts) == pattern
        for alt in alts:
            re.compile(alt)  # each a pattern of its own: cut outside every group and class


def test_patterns_with_groups_flags_or_context_are_searched_whole():
    for source, flags in ((r"(a)|b", 0), (r"a|b", re.IGNORECASE), (r"^a|b", 0), (r"a\b|c", 0), (r"(?<=x)a|b", 0)):
        assert classify._led_split(re.compile(source, flags)) is None, source


def test_the_grouped_union_matches_where_the_alternatives_do(corpus):
    """The union of the literal-led alternatives, grouped by their first character, starts its matches where the
    plain alternation of the same alternatives does."""
    labels = tuple(lab for lab in classify._BODY_RX if classify._led_split(classify._BODY_RX[lab]) is not None)
    for k in range(1, len(labels) + 1, 5):
        group = labels[:k]
        union = classify._led_union(group)
        plain = re.compile("|".join(a for lab in group for _, a in classify._led_split(classify._BODY_RX[lab])[0]))
        for text in _texts(corpus)[::13]:
            got = [m.start() for m in union.finditer(text)]
            assert got[:1] == [m.start() for m in plain.finditer(text)][:1], (text[:40], group)
            for at in got[:5]:
                assert plain.match(text, at), (text[:40], at)
