"""Shortcuts in the facts that must say exactly what the plain way says."""

from __future__ import annotations

import random

from yushen.core.text import CELL_GAP, has_cell_gap


def test_the_substring_look_up_of_a_cell_gap_agrees_with_the_pattern():
    rng = random.Random(7)
    pieces = ["费", "用", "A", "1", " ", "\u3000", "\t", "。"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(50_000)]
    texts += ["费用项  测算依据  金额（万元）", "合计\t86.40", "项目\u3000\u3000名称", "本项目 总投资 86 万元。", ""]
    assert [has_cell_gap(t) for t in texts] == [CELL_GAP.search(t) is not None for t in texts]
