"""The classifier asks whether a section's own text supports a label (two hits of the label's body vocabulary
in the body and its sub-sections) for every heading and several labels; ``_Support`` answers from each section's
body, its sub-sections' titles and their answers instead of reading each chapter's full text again for every
heading above it. Same answers as reading the full text, on trees generated here."""

from __future__ import annotations

import random

from yushen.analyze import classify
from yushen.analyze.lexicon import BODY_VOCAB
from yushen.core.types import Section

WORDS = ["商用密码", "密钥", "等保", "防火墙", "接口", "对接", "共享", "本项目", "建设", "。", " ", "\n", "\u3000", "SM4", "国产",
         "无", "3\n月", "5月", "第二阶段", "GB/T 39786", "GB/T\n39786", "《办法》", ""]


def _text(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(0, most)))


def _tree(rng: random.Random, level: int = 0) -> Section:
    sec = Section(id=f"s{rng.random()}", title=_text(rng, 2), level=level, page=1, block_index=0, span=(0, 1),
                  decided_by="numbering", body=_text(rng, 5))
    if level < 3:
        for _ in range(rng.randint(0, 3)):
            child = _tree(rng, level + 1)
            child.parent = sec
            sec.children.append(child)
    return sec


def test_support_from_the_parts_is_support_from_the_full_text():
    rng = random.Random(5)
    labels = [*BODY_VOCAB, "overview"]  # (a label without vocabulary: any text supports it)
    decided = {True: 0, False: 0}
    for _ in range(400):
        root = _tree(rng)
        supported = classify._Support()
        for sec in root.walk():
            for label in labels:
                want = classify._supported(sec.full_text, label)
                assert supported(sec, label) is want, (sec.full_text, label)
                decided[want] += 1
    assert min(decided.values()) > 1000
