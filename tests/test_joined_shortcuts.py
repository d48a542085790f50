"""analyze/joined.py: the sentences a joined-text search points to hold every sentence-level match, and a text
without any of a pattern's required literals has no match — on patterns of every shape the facts, the classifier
and the rule packs use (and ones that defeat each premise), over generated sentences."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from yushen.analyze import facts
from yushen.analyze.joined import Joined, joinable, may_match, required_literals
from yushen.analyze.lexicon import BODY_VOCAB, HEADING_CUES


@dataclass(frozen=True)
class S:
    text: str


PATTERNS = [
    *facts.FLAG_PATTERNS.values(), facts._ANY_TERM_CUE.pattern, facts._CLASS_STATEMENT.pattern,
    facts._MODE_STATEMENT.pattern, facts._OWNER_LABEL.pattern, facts._CITED_TITLE.pattern,
    facts._DENGBAO_CUE.pattern, *BODY_VOCAB.values(), *HEADING_CUES.values(),
    r"新建[^，。；]{0,16}专网|自建[^，。；]{0,10}专网|专网建设", r"服务器|存储设备|机房|部署", r"政务(?:外网)?云",
    # shapes that defeat a premise: anchors, a negative lookaround a line break satisfies, atomic and possessive
    r"^监理", r"监理$", r"\A本项目", r"(?<!\s)APP", r"APP(?![^a-z])", r"(?>监理\s*)单位", r"监理\s*+单位",
    r"(?m)^项目", r"(?i)app", r"\bAPP\b", r"[甲乙]{2}丙", r"x*", r"(?:ab|a)c", r"免费\s*\n?运维",
]
WORDS = ["监理", "不设监理", "第三方软件测评", "等保测评", "软件开发", "新建机房", "APP", "xAPP", "APPs", "app", "小程序",
         "免费运维", "免费", "运维", "质保期", "运维保", "两年", "服务器", "部署", "政务云", "政务外网云", "新建业务专网",
         "跨部门共建", "不涉及", "，", "。", "本项目", "项目类别：", "建设类", "建设性质为新建", "《某市政务信息化项目管理办法》",
         "等级保护第三级", "建设单位：某某局", "申报单位为", "甲乙丙", "乙丙", "ab", "c", "单位", " ", "\n", "A", "1", "项目"]


def _sentences(rng: random.Random, words: list[str]) -> list[S]:
    return [S("".join(rng.choice(words) for _ in range(rng.randint(0, 6)))) for _ in range(rng.randint(0, 10))]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_candidates_hold_every_sentence_with_a_match_and_required_literals_every_match(pattern):
    rx = re.compile(pattern)
    rng = random.Random(pattern)
    # (so that the pattern's own words turn up)
    words = WORDS + sorted(required_literals(pattern) or ()) + re.findall(r"[\u4e00-\u9fffA-Za-z0-9]{2,}", pattern)
    lits = required_literals(pattern)
    seen = 0
    for _ in range(600):
        sents = _sentences(rng, words)
        joined = Joined(sents)
        holding = [i for i, s in enumerate(sents) if rx.search(s.text)]
        assert set(holding) <= set(joined.candidates(rx))
        assert list(joined.candidates(rx)) == sorted(set(joined.candidates(rx)))
        assert joined.first(rx) <= (holding[0] if holding else len(sents))
        for s in sents:
            if rx.search(s.text):
                assert may_match(rx, s.text)
                assert lits is None or any(lit in s.text for lit in lits)
        seen += bool(holding)
    assert seen > 0


def test_the_premises_can_fail():
    assert not joinable(r"^监理") and not joinable(r"监理$") and not joinable(r"(?<!\s)APP")
    assert not joinable(r"(?>监理\s*)单位") and not joinable(r"监理\s*+单位") and not joinable(r"APP(?![^a-z])")
    assert joinable(r"(?<![A-Za-z])(?:APP|App|app)(?![A-Za-z])") and joinable(r"\bAPP\b")
    assert required_literals(r"(?<![A-Za-z])(?:APP|App|app)(?![A-Za-z])|小程序") == {"APP", "App", "app", "小程序"}
    assert required_literals(r"(?i)app") is None and required_literals(r"x*") is None
    assert required_literals(r"第三方[^，。；]{0,12}?(?:测评|测试)") == {"第三方"}
    assert not may_match(re.compile(r"(?<![A-Za-z])APP|小程序"), "本项目依托电子政务外网。")
    assert may_match(re.compile(r"新建[\u4e00-\u9fff]{0,10}专网"), "")  # (a literal first: the search is as fast)


def test_a_pattern_that_is_not_joinable_reads_the_sentences_with_its_literals_or_every_one():
    sents = [S("监理单位"), S("设监理"), S("无")]
    assert list(Joined(sents).candidates(re.compile(r"监理$"))) == [0, 1]
    assert list(Joined(sents).candidates(re.compile(r"(?i)\w$"))) == [0, 1, 2]  # (no literal known)
    assert Joined(sents).first(re.compile(r"^监理")) == 0 and Joined(sents).first(re.compile(r"^无")) == 2
    assert list(Joined(sents).candidates(re.compile(r"监理"), 1)) == [1]


def test_a_flags_statement_outside_tables_and_previews_is_the_one_the_filtered_list_gives():
    """facts._flag looks for a positive statement among the sentences that do not only name the topic without
    copying the list: the same sentence as the search of the filtered list."""
    rng = random.Random(3)
    words = WORDS + ["本章说明", "监理费", "不再委托监理", "第三方测评"]
    found = 0
    for _ in range(1500):
        sents = [facts._Sentence(s.text, None, 1, False, rng.random() < 0.4) for s in _sentences(rng, words)]
        joined = Joined(sents)
        for name, pattern in facts.FLAG_PATTERNS.items():
            not_if = facts.FLAG_NOT_IF.get(name)
            want = facts._find_positive([s for s in sents if not facts._names_only(s)], pattern, not_if)
            assert facts._find_positive(sents, pattern, not_if, joined, skip=facts._names_only) is want
            found += want is not None
    assert found > 300
