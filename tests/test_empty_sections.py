"""Empty-section test without reading the whole chapter: a body character that no placeholder and no
sub-section title can remove decides "not empty" at once; every other case is read in full. The answers are the
full reading's, on hand-made cases of each kind and on generated trees mixing placeholders, titles and text."""

from __future__ import annotations

import random

import pytest

from yushen.core.types import Section
from yushen.rules.context import _PLACEHOLDER_CHARS, PLACEHOLDER_TEXT, is_empty_section


def _section(title: str, body: str, children=()) -> Section:
    s = Section(id=title, title=title, level=1, page=1, block_index=0, span=(0, 1), decided_by="test", body=body)
    for c in children:
        c.parent = s
        s.children.append(c)
    return s


def _full_reading(s: Section) -> bool:
    text = s.full_text
    for child in s.walk():
        if child is not s:
            text = text.replace(child.title, "")
    return not PLACEHOLDER_TEXT.sub("", text).strip()


CASES = [
    (_section("第一章 概述", ""), True),
    (_section("第一章 概述", "略"), True),
    (_section("第一章 概述", "（略）\u3000待补充。"), True),
    (_section("第一章 概述", "【请填写项目背景，说明建设的必要性】"), True),
    (_section("第一章 概述", "项目背景"), False),
    (_section("第一章 概述", "", [_section("1.1 背景", "XXXX"), _section("1.2 目标", "暂无")]), True),
    (_section("第一章 概述", "", [_section("1.1 背景", ""), _section("1.2 目标", "建设统一平台。")]), False),
    # a body that only repeats a sub-section's title is empty (titles are removed wherever they stand)
    (_section("第一章 概述", "背景", [_section("背景", "")]), True),
    (_section("第一章 概述", "【背景】", [_section("1.1 背景", "")]), True),
    (_section("第一章 概述", "TBD / —", [_section("1.1", "×××")]), True),
]


@pytest.mark.parametrize("section,empty", CASES)
def test_empty_section_cases(section, empty):
    assert _full_reading(section) is empty
    assert is_empty_section(section) is empty


def test_generated_trees_answer_as_the_full_reading():
    rng = random.Random(17)
    atoms = ["略", "（略）", "暂无", "待定", "待补充", "待完善", "TBD", "XX", "××", "【请填写】", "【", "】", "。", "，",
             " ", "\u3000", "\n", "—", "背景", "目标", "建设", "平台", "1.1", "方案", "系统", "X", "暂", "补"]
    titles = ["背景", "目标", "1.1 背景", "建设方案", "平台", "【目标】", "略", "系统建设"]
    seen = {True: 0, False: 0}
    for _ in range(3000):
        def make(depth):
            kids = [make(depth + 1) for _ in range(rng.randint(0, 2))] if depth < 2 else []
            body = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 4)))
            return _section(rng.choice(titles), body, kids)

        s = make(0)
        expected = _full_reading(s)
        assert is_empty_section(s) is expected, (s.body, [c.title + "|" + c.body for c in s.walk()])
        seen[expected] += 1
    assert seen[True] > 200 and seen[False] > 200


def test_every_character_outside_the_placeholder_set_survives_the_placeholders():
    """The shortcut's premise: PLACEHOLDER_TEXT removes no other character (outside 【…】, whitespace aside)."""
    for code in range(0x20, 0x10000):
        ch = chr(code)
        if ch in _PLACEHOLDER_CHARS or ch.isspace() or ch in "【】" or 0xD800 <= code < 0xE000:
            continue
        for context in (f"{ch}", f"略{ch}暂无", f"（{ch}）", f"X{ch}X", f"待{ch}定"):
            assert ch in PLACEHOLDER_TEXT.sub("", context), (hex(code), context)
