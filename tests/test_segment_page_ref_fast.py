"""The segmenter's page-reference test asks a line's last character first (issue 17, seventh round):
``_has_page_ref`` answers as ``_PAGE_REF.search`` on contents-style lines, body paragraphs and random mixes of
leaders, tabs, digits of other scripts, roman numerals and every kind of whitespace."""

from __future__ import annotations

import random

from yushen.analyze.segment import _PAGE_REF, _has_page_ref


def test_the_last_character_first_answers_as_the_search():
    rng = random.Random(7)
    alphabet = list("第一章总论项目概述数据共享。；.．·_…⋯\t 0123456789ivxIVXabcL１２٣߃\u3000\u2003\u00a0\n\r\x0b\x0c\x1c")
    texts = ["第一章 总论……4", "1.1 项目名称\t5", "附件 ......... ii", "服务器\t10", "目录", "", " ", "\t", "3",
             "第二章 需求分析·····12 ", "建设内容如下。", "（一）背景…………１２\u3000", "概述 .... 3\n", "x\t٣"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(100_000)]
    texts += ["本项目建设" * rng.randint(1, 300) + rng.choice(["。", "……5", "\t12", " iv ", "5。"]) for _ in range(500)]
    found = 0
    for t in texts:
        want = _PAGE_REF.search(t) is not None
        assert _has_page_ref(t) is want, repr(t)
        found += want
    assert found > 1000  # both answers exercised
