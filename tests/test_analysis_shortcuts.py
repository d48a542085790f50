"""Shortcuts that skip text without changing an answer, and the premise each rests on.

* facts: a flag or free-O&M cue is looked for once in the sentences joined by line breaks; the sentence-by-
  sentence reading starts at the first sentence that may hold it. Exact when the pattern has no anchors and no
  negative lookaround that a line break satisfies.
* classifier: a label's body vocabulary is searched once in the body before it is counted sentence by sentence.
  Exact when the vocabulary has no anchors or lookarounds (a sentence is a piece of the body).
Each premise is checked on the patterns as shipped, and the answers against the full reading on generated text.
"""

from __future__ import annotations

import random
import re
from re import _compiler, _parser
from re import _constants as K

import pytest

from yushen.analyze import facts
from yushen.analyze.joined import Joined, parsed_nodes
from yushen.analyze.lexicon import BODY_VOCAB

ANCHORS = {K.AT_BEGINNING, K.AT_BEGINNING_STRING, K.AT_END, K.AT_END_STRING}


def _joinable(pattern: str) -> bool:
    """No anchor, and no negative lookaround that a line break satisfies."""
    for op, av in parsed_nodes(_parser.parse(pattern)):
        if op == K.AT and av in ANCHORS:
            return False
        if op == K.ASSERT_NOT and _compiler.compile(av[1], 0).match("\n"):
            return False
    return True


FACT_PATTERNS = {**facts.FLAG_PATTERNS, "free O&M cue": facts._ANY_TERM_CUE.pattern}


@pytest.mark.parametrize("name", sorted(FACT_PATTERNS))
def test_fact_cues_may_be_searched_in_the_joined_sentences(name):
    assert _joinable(FACT_PATTERNS[name])


def test_the_premise_check_can_fail():
    assert not _joinable(r"^监理") and not _joinable(r"监理$") and not _joinable(r"(?<!\s)APP")
    assert _joinable(r"(?<![A-Za-z])APP(?![A-Za-z])")


@pytest.mark.parametrize("label", sorted(BODY_VOCAB))
def test_body_vocabulary_has_no_anchor_or_lookaround(label):
    ops = {op for op, av in parsed_nodes(_parser.parse(BODY_VOCAB[label]))}
    assert not ops & {K.AT, K.ASSERT, K.ASSERT_NOT}


def _sentences(rng: random.Random) -> list:
    words = ["监理", "不设监理", "第三方软件测评", "等保测评", "软件开发", "新建机房", "APP", "xAPP", "APPs", "小程序",
             "免费运维", "质保期", "两年", "3年", "服务器", "新建业务专网", "跨部门共建", "无需", "不涉及", "，", "本项目",
             "采用", "原合同", "已于", "A", "1"]
    return [facts._Sentence("".join(rng.choice(words) for _ in range(rng.randint(1, 6))), None, 1, False)
            for _ in range(rng.randint(0, 12))]


def test_flags_and_free_maintenance_read_as_the_full_reading():
    rng = random.Random(7)
    found = 0
    for _ in range(1500):
        sents = _sentences(rng)
        joined = Joined(sents)
        for name, pattern in facts.FLAG_PATTERNS.items():
            not_if = facts.FLAG_NOT_IF.get(name)
            full = facts._find_positive(sents, pattern, not_if)
            assert facts._find_positive(sents, pattern, not_if, joined) is full
            found += full is not None
        skip = joined.first(facts._ANY_TERM_CUE)
        assert facts._free_maintenance(sents[skip:]) == facts._free_maintenance(sents)
        assert all(not facts._ANY_TERM_CUE.search(s.text) for s in sents[:skip])
    assert found > 1000


def test_classifier_labels_unchanged_by_the_body_search(tmp_path):
    """The secondary labels a body covers, with the shortcut and with every label counted sentence by sentence."""
    from yushen.analyze import classify
    from yushen.analyze.model_store import load_model
    from yushen.pipeline import read_tree

    doc = tmp_path / "p.txt"
    doc.write_text("某市智慧停车平台建设项目可行性研究报告\n第一章 项目概述\n本项目建设统一停车平台。\n"
                   "第二章 建设方案\n平台对接城市大脑，统一接入各停车场数据。系统通过接口调用政务服务平台。"
                   "数据共享交换按资源目录编目。\n第三章 进度安排\n2025年3月完成招标，6月完成开发，第三季度上线。\n",
                   encoding="utf-8")
    model = load_model()
    fast = [(s.label, s.labels_secondary) for s in classify.classify_tree(read_tree(doc), model).sections()]

    class Always(dict):  # the body search always "finds" something: every label counted sentence by sentence
        def get(self, key, default=None):
            return re.compile("")

    real = classify._BODY_RX
    try:
        classify._BODY_RX = Always(real)
        full = [(s.label, s.labels_secondary) for s in classify.classify_tree(read_tree(doc), model).sections()]
    finally:
        classify._BODY_RX = real
    assert fast == full and any(sec for _, sec in fast)


def test_vectors_are_the_term_by_term_ones():
    """The classifier's vectors, built with array arithmetic, equal bit for bit the term-by-term reading
    ((1 + log n) × group weight, cast to float32, × idf), counts past the lookup table included."""
    import math

    import numpy as np

    from yushen.analyze import classify
    from yushen.analyze.model_store import load_model

    model = load_model()
    vocab = list(model.vocabulary_)
    rng = random.Random(3)

    def reference(toks):
        tf: dict[str, int] = {}
        for t in toks:
            if t in model.vocabulary_:
                tf[t] = tf.get(t, 0) + 1
        idx = np.fromiter((model.vocabulary_[t] for t in tf), dtype=np.int64, count=len(tf))
        v = np.fromiter(((1.0 + math.log(n)) * classify._GROUP_WEIGHT.get(t[: t.index(":")], 0.5)
                         for t, n in tf.items()), dtype=np.float32, count=len(tf)) * np.asarray(model.idf_)[idx]
        norm = float(np.linalg.norm(v))
        return idx, v / norm if norm else v

    for size in (1, 5, 50, 400, 3000):
        for _ in range(20):
            toks = [rng.choice(vocab) for _ in range(rng.randint(1, 40))] + ["x:unknown"]
            toks = [rng.choice(toks) for _ in range(size)]  # repeats, up to counts past the table
            got, want = model._vectorise(toks), reference(toks)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
            assert got[1].dtype == want[1].dtype == np.float32
    for toks in ([vocab[0]] * 1500 + [vocab[1]] * 3, [vocab[2]] * 1023 + [vocab[3]]):  # past / at the table's end
        got, want = model._vectorise(toks), reference(toks)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    assert model._vectorise(["x:unknown"])[0].size == 0


def test_body_support_stops_at_the_second_hit_with_the_counting_answer():
    from yushen.analyze import classify
    from yushen.analyze.lexicon import body_hits

    rng = random.Random(11)
    words = ["商用密码", "密钥", "等保", "防火墙", "接口", "对接", "共享", "本项目", "建设", "。", " ", "SM4", "国产", "无"]
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        for label in [*BODY_VOCAB, "overview"]:
            want = bool(text.strip()) and (label not in BODY_VOCAB or body_hits(text, label) >= classify.SUPPORT_HITS)
            assert classify._supported(text, label) is want


def test_gate_placeholders_and_term_counts_as_the_full_reading():
    """The gate's placeholder scan (matches tried only where a placeholder can start) finds what findall finds;
    term counts stopped at the density threshold give the same verdict and, under it, the same count."""
    from yushen.analyze import doc_kind

    rng = random.Random(5)
    atoms = ["X", "XX", "Ｘ", "×", "××", "＿＿", "___", "__", "【", "】", "〔", "〕", "（", "）", "(", ")", "请填写", "填写",
             "说明", "万元", "年", "系统", "平台", "政务", "局", "的", "。", "\n", "本项目", "数据", "建设"]
    for _ in range(4000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 30)))
        assert doc_kind._placeholders(text) == doc_kind._PLACEHOLDER.findall(text)
        chars = max(len(text), 1)
        full = len(doc_kind._IT_TERMS.findall(text))
        for density in (2.0, 80.0, 300.0):
            got = doc_kind._count_below(doc_kind._IT_TERMS, text, chars, density)
            if full * 1000 / chars < density:
                assert got == full
            else:
                assert got <= full and got * 1000 / chars >= density
    # the premise: no placeholder starts with another character (tried with each kind of continuation)
    tails = ["", "请填写）", "请填写)", "填写】", "填写〕", "万元", "XX", "说明】"]
    first = {chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000
             and any(doc_kind._PLACEHOLDER.match(chr(c) * k + t) for t in tails for k in (1, 3))}
    assert first <= set("X×＿_【〔（(Ｘ") and set("X×＿_【〔（(Ｘ") <= first
