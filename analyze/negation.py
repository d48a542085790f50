"""Negation cues shared by fact extraction and rule checks ("本项目不涉及密码应用", "不新建机房")."""

from __future__ import annotations

import re

# Phrases that opt a topic out ("this does not apply").
OPT_OUT = re.compile(r"不涉及|不适用|无需|暂不|不需要|另行立项|另行编制|另行采购|不在本项目|不纳入本项目|本项目无|未考虑|暂未|"
                     r"不新建|不单独|未纳入|不包括|不含|不建设|不开发|不属于|不开展|取消|不再委托")
# Words that contain 不/无/未 without negating what follows.
_NOT_A_NEGATION = re.compile(r"无条件|不予|有条件|不低于|不少于|不超过|不高于|不断|无感|无线|无人|未来|不定期|不同|不仅|不得")


# A clause that only supposes the thing ("如需新建机房，须另行报批"): no plan of this project.
_SUPPOSED = re.compile(r"如需|如有需要|若需要?|若有需要|如确需|如果需要|如要|一旦需要")
# Said after the thing, within its clause ("业务专网建设不在本项目范围内").
_RULED_OUT_AFTER = re.compile(r"^[^，,。；;]{0,12}?(?:不在本项目(?:建设)?范围|不纳入本项目|不属于本项目(?:建设)?(?:内容|范围)|另行立项"
                              r"|暂不(?:实施|建设|编制|开展)|暂未(?:编制|开展|实施|建设)|不予建设|不开展|取消|不再(?:委托|开展|建设))")


def negated_at(sentence: str, pos: int) -> bool:
    """Is the cue at ``pos`` not stated within its clause: an opt-out phrase, or 不/无/未 just before it, a clause
    that only supposes it (如需…), or an opt-out said right after it (…不在本项目范围内, 资源目录暂未编制)?"""
    start = max(sentence.rfind("，", 0, pos), sentence.rfind(",", 0, pos), -1) + 1
    clause = _NOT_A_NEGATION.sub("", sentence[start:pos + 4])
    before = _NOT_A_NEGATION.sub("", sentence[start:pos])[-6:]
    return bool(OPT_OUT.search(clause)) or bool(re.search(r"不|无|未", before)) or \
        supposed_at(sentence, pos) or bool(_RULED_OUT_AFTER.search(sentence[pos:]))


def supposed_at(sentence: str, pos: int) -> bool:
    """Does the cue's clause only suppose it (如需新建机房…)? That rules nothing out either."""
    start = max(sentence.rfind("，", 0, pos), sentence.rfind(",", 0, pos), -1) + 1
    return bool(_SUPPOSED.search(sentence[start:pos]))


def in_cited_title(sentence: str, start: int, end: int) -> bool:
    """Does [start, end) lie wholly inside a cited title (《信息系统工程监理暂行规定》)? Such a mention states nothing
    about the project. A match that runs on past the title (《基本要求》第三级) is not inside it."""
    opened = sentence.rfind("《", 0, start)
    if opened < 0 or sentence.rfind("》", 0, start) > opened:
        return False
    closed = sentence.find("》", start)
    return closed >= end
