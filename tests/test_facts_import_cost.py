"""facts.py compiles rarely reached patterns on first use (issue 17): the shortcuts that spare a compilation give
what the pattern gives."""

from __future__ import annotations

import random
import re

from yushen.analyze import facts


def test_tidy_without_inner_whitespace_skips_the_gap_pattern_with_the_same_result():
    gap = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\dA-Za-z])|(?<=[\dA-Za-z])\s+(?=[\u4e00-\u9fff])")
    spaces = [chr(c) for c in range(0x10000) if chr(c).isspace()]
    assert {" ", "\t", "\n", "\u3000", "\xa0"} <= set(spaces)
    pool = ["系", "统", "年", "2", "0", "a", "Z", "，", "-", "（", *spaces]
    rng = random.Random(17)
    for _ in range(50_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        assert facts._tidy(text) == gap.sub("", text.strip()), repr(text)
    assert facts._tidy(" 某某系统 2025 年度运维项目 ") == "某某系统2025年度运维项目"


def test_patterns_compiled_on_first_use_are_the_same_patterns_each_time():
    for name in ("_LABEL_CELL", "_CELL_UNIT", "_BARE_NUMBER", "_DATE_LINE", "_ORG_NAME", "_BOXES", "_OTHER_PROJECT",
                 "_DURATION", "_CJK_GAP"):
        lazy = getattr(facts, name)
        assert isinstance(lazy(), re.Pattern) and lazy() is lazy()
    assert facts._DATE_LINE().match("2024年12月") and facts._ORG_NAME().fullmatch("某市大数据中心")
