"""A 密码应用方案 submitted on its own (the national guide's appendix 1 template), told from a proposal that only
has a 密码应用 chapter.

The sign is the document's own title: a short title-page line that names the document a 密码应用方案 (…系统密码
应用方案, …密码应用改造方案), with no other document type (可行性研究报告, 实施方案 …) named before it. A chapter
heading or a sentence that mentions a 密码应用方案 is not a title: it sits after the title page, or it is prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

DOC_TYPE = "crypto_plan"
_TITLE = re.compile(r"密码应用(?:改造|建设|设计|安全)?(?:实施)?方案")
_OTHER_TYPES = re.compile(r"可行性研究|可研报告|项目建议书|初步设计|实施方案|建设方案|运维方案|运行维护")
_DRAFT_MARK = re.compile(r"(?:[（(【\[][^）)】\]]{0,16}[）)】\]]|[\s。.、:：])+$")
_NOT_A_TITLE = re.compile(r"^(?:附件|附表|附录|[（(]|注[:：]|见|详见|参见)|[。；;，,：:]|本(?:项目|系统|方案)")


class _Line(Protocol):
    text: str


def crypto_plan_line(front: Sequence[_Line], sents: Sequence[_Line]) -> _Line | None:
    """The title line naming the document a 密码应用方案, or None. ``front``: title-page lines (before the first
    heading); without a title page, the document's first three lines stand in for it."""
    pool = list(front) or list(sents[:3])
    for line in pool[:12]:
        text = "".join(line.text.split()).rstrip("。")
        m = _TITLE.search(text)
        if m is None:
            if _OTHER_TYPES.search(text) and not _NOT_A_TITLE.search(text):
                return None  # the title page names another document type first
            continue
        # The genre is the END of a title line: "…密码应用方案编制及密评服务项目" is a project's name (its document
        # type follows on the next line), "…密码应用方案（送审稿）" a plan.
        if _DRAFT_MARK.sub("", text[m.end():]):
            continue
        if len(text) <= 60 and not _NOT_A_TITLE.search(text) and not _OTHER_TYPES.search(text[: m.start()]):
            return line
    return None
