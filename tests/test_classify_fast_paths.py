"""The classifier's shortcuts give what the plain way gives (issue 17, fifth round): words cut with each block's
cut remembered (``Segmenter.remembering``), body words once per distinct opening, character pairs
counted bare, numbering asked once per title, vocabularies searched split, support read once.
Each is compared with the plain way (features.tokens, wordseg's own cut, parse_numbering) on the training corpus,
built proposals and random CJK/latin/digit/punctuation mixes, and the probabilities to the bit."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from yushen.analyze import classify, features
from yushen.analyze.model_store import TRAIN_FILE, load_model, read_jsonl
from yushen.analyze.numbering import parse_numbering
from yushen.pipeline import read_tree

from .builders import build_docx
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def corpus():
    return read_jsonl(TRAIN_FILE)


def _random_texts(seed: int, n: int, source: str) -> list[str]:
    """Mixes of CJK runs taken from ``source`` (so dictionary words occur), latin letters, digits, spaces and
    punctuation, of 0 to 120 characters, with some texts repeated (the memos' hits)."""
    rng = random.Random(seed)
    odd = list("abcXYZ0123456789 　\t\n，。、；：:;,.（）()《》“”\"'！？!?-—…·/%％+#&_") + ["\r\n"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 8)):
            if rng.random() < 0.6:
                at = rng.randrange(max(1, len(source) - 20))
                parts.append(source[at: at + rng.randint(1, 20)])
            else:
                parts.append("".join(rng.choice(odd) for _ in range(rng.randint(1, 4))))
        out.append("".join(parts)[:120])
    return out + out[: n // 4]


def _texts(corpus) -> list[str]:
    bodies = [r.get("body", "") for r in corpus]
    source = "".join(bodies[:400])
    texts = [b[:features.BODY_WORD_CHARS] for b in bodies] + [r["heading"] for r in corpus]
    return texts + _random_texts(17, 3000, source)


def test_the_remembered_cut_is_wordseg_s_own(corpus):
    plain = features._segmenter()
    texts = _texts(corpus)
    assert len(texts) > 8000
    for _ in range(2):  # the second pass reads every block's cut from the memo
        for t in texts:
            assert classify._cutter().cut(t) == plain.cut(t), t
    assert classify._cutter()._cut_block.cache_info().hits > len(texts)


def test_heading_tokens_are_those_of_the_token_list(corpus):
    headings = [r["heading"] for r in corpus] + _random_texts(23, 2000, "".join(r["heading"] for r in corpus))
    headings += ["第一章 项目概述", "3.2 网络安全", "（三）数据共享与交换", "", " ", "一、", "GB/T 22239-2019"]
    classify._heading_tokens.cache_clear()
    for h in headings:
        assert classify._heading_tokens(h) == tuple(features.tokens(h, "", None)[:-1]), h


def test_body_words_are_those_of_the_token_list(corpus):
    for t in _texts(corpus):
        want = [f for f in features.tokens("", t, None) if f.startswith("b:")]
        assert list(classify._body_words(t[:features.BODY_WORD_CHARS])) == want, t  # (the opening it is given)


def _plain_proba(model, heading, body, parent):
    """``model_proba`` as it was before its shortcuts: the vocabulary's terms of the whole token list, each looked
    up by its own name, summed by the model's own sums."""
    return model._proba_of_counts(Counter(filter(model.vocabulary_.__contains__, features.tokens(heading, body, parent))))


def test_probabilities_are_the_plain_ones_to_the_bit(model, corpus, tmp_path):
    cases = [(r["heading"], r.get("body", ""), r.get("parent_label")) for r in corpus[::3]]
    title, items = complete("ordos")
    tree = read_tree(build_docx(tmp_path / "p.docx", items, title_page=title))
    cases += [(s.title, s.body or s.full_text, "overview") for s in tree.sections()]
    texts = _random_texts(5, 600, "".join(r.get("body", "") for r in corpus[:300]))
    cases += [(h, b * 5, p) for h, b, p in zip(texts, texts[1:], ["crypto", None, "basis"] * 300, strict=False)]
    cases += [("数据共享", "数据" * 300, None), ("", "", None), ("", "。，、", None), ("x", "GB/T 22239", None)]
    assert len(cases) > 1500
    for heading, body, parent in cases:
        got = model.model_proba(heading, body, parent)
        assert got == _plain_proba(model, heading, body, parent), (heading, body[:40], parent)
        assert [x.hex() for x in got] == [x.hex() for x in _plain_proba(model, heading, body, parent)]


def test_numbering_is_asked_once_a_title_with_the_plain_answer(corpus):
    titles = [r["heading"] for r in corpus] + ["", "一、", "（三）安全", "第1章 概述", "2024年12月", "1.2.3 x"]
    for t in titles:
        assert classify._numbered(t) == (parse_numbering(t) is not None), t


_SPLIT_ME = (r"\d+\s*月|季度|建设期|[上下]半年|完成(?:招标|验收)|(?<=第)\d+阶段|GB/T ?39786|SM[1-9]",
             r"[0-9]+天|(?:一|二)期|周期")


def _patterns():
    """The lexicon's body vocabularies, and patterns of the shapes the split must read right or leave alone:
    alternatives without a literal first (split), lookbehinds and optional parts inside alternatives, a group,
    case folding, a common prefix the parser factors out, no alternation."""
    import re

    own = list(classify._BODY_RX.values())
    odd = [re.compile(p) for p in (*_SPLIT_ME, r"(a|b)\1|\d月", r"完成招标|完成验收", r"\d+\s*月", r"^季度|\d月")]
    return own + odd + [re.compile(r"sm[1-9]|\d月", re.IGNORECASE)]


def test_a_vocabulary_split_into_alternatives_finds_what_the_pattern_finds(corpus, monkeypatch):
    import re

    monkeypatch.setattr(classify, "_SPLIT_FROM", 0)  # split whatever the text's length

    texts = [r.get("body", "")[:300] for r in corpus[::4]]
    rng = random.Random(3)
    bits = ["3月", "12 月", "季度", "上半年", "下", "半年", "完成", "招标", "第2阶段", "GB/T39786", "SM4", "sm4",
            "天", "期", "aa", "ab", "月", "数据", "，", "\n", " "]
    texts += ["".join(rng.choice(bits) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    split = 0
    for rx in _patterns():
        split += len(classify._alternatives(rx)) > 1
        for t in texts:
            assert classify._occurs(rx, t) == (rx.search(t) is not None), (rx.pattern, t)
    assert split >= 2  # the two patterns made to be split were (whatever the lexicon holds)
    assert len(classify._alternatives(re.compile(r"(a|b)\1|\d月"))) == 1  # groups: left whole
    assert len(classify._alternatives(re.compile(r"sm[1-9]|\d月", re.IGNORECASE))) == 1


def test_support_read_from_the_parent_is_what_reading_the_section_gives(monkeypatch, tmp_path):
    import re

    # every label with a vocabulary, asked of every section of built proposals in the order classify_tree asks
    # (parents first), the parent's absent labels handed down
    labels = sorted(classify.BODY_VOCAB) + ["overview"]
    n = 0
    for region in ("ordos", "mudan", "national"):
        title, items = complete(region)
        tree = read_tree(build_docx(tmp_path / f"{region}.docx", items, title_page=title))
        support = {}
        for sec in tree.sections():
            above = support.get(id(sec.parent))
            s = support[id(sec)] = classify._Support(sec.full_text, above.absent if above else frozenset())
            for label in labels:
                assert s(label) == classify._supported(sec.full_text, label), (sec.title, label)
                n += 1
            for label in s.absent:  # (classify_tree then skips the label's search of the body)
                assert classify._BODY_RX[label].search(sec.body) is None, (sec.title, label)
        assert any(s.absent for s in support.values())
    assert n > 500
    # a pattern whose match depends on what lies around it (an anchor): its absence is never handed down
    monkeypatch.setitem(classify._BODY_RX, "crypto", re.compile(r"^涉及|密钥"))
    s = classify._Support("总则\n说明")
    assert s("crypto") is False and "crypto" not in s.absent
    monkeypatch.setitem(classify._BODY_RX, "crypto", re.compile(r"涉及|密钥"))
    s = classify._Support("总则\n说明")
    assert s("crypto") is False and "crypto" in s.absent


def _parsed_context_free(rx) -> bool:
    """The reference: no node of the parsed pattern looks beyond the characters it matches."""
    from re import _constants as K
    from re import _parser

    from yushen.analyze.joined import parsed_nodes

    bad = {K.AT, K.ASSERT, K.ASSERT_NOT, K.GROUPREF, K.GROUPREF_EXISTS, K.GROUPREF_IGNORE, K.GROUPREF_LOC_IGNORE,
           K.GROUPREF_UNI_IGNORE, K.POSSESSIVE_REPEAT, K.ATOMIC_GROUP}
    return not any(op in bad for op, _ in parsed_nodes(_parser.parse(rx.pattern, rx.flags)))


def test_context_free_patterns_are_told_apart():
    import re

    free = [r"密钥|SM[1-9]", r"\d+\s*月", r"(?:一|二)期", r"GB/T ?39786", r"a{2,3}b", r"x+y*z?"]
    bound = [r"^季度", r"月$", r"\b年", r"(?<!不)涉及", r"涉及(?=密码)", r"(a)\1", r"\d*+月", r"(?>\d+)月",
             r"(?P<x>a)(?P=x)", r"(a)?(?(1)b|c)", r"\A年", r"年\Z", r"\B年", r"a{2}+", r"a?+b"]
    escaped = [r"\^季度", r"a\*+", r"《[^》]{2,40}》"]  # (no context, told "no" all the same: the safe side)
    assert all(classify._context_free(re.compile(p)) for p in free)
    assert not any(classify._context_free(re.compile(p)) for p in bound)
    assert all(_parsed_context_free(re.compile(p)) for p in free + escaped)
    assert not any(_parsed_context_free(re.compile(p)) for p in bound)
    for rx in [*_patterns(), *map(re.compile, free + bound + escaped)]:
        if classify._context_free(rx):  # never "free" where the parsed pattern looks around
            assert _parsed_context_free(rx), rx.pattern
