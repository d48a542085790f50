"""Check kinds for documents written to a template (the 密码应用方案 of the national guide): a chapter found by
its title terms, present and not empty, covering named points; two stated levels that must agree.

Chapters are found by title (numbering stripped), not by taxonomy label, so a pack can follow any template
without a classifier label for each of its chapters.
"""

from __future__ import annotations

import re

from ..analyze.features import strip_number
from ..analyze.negation import negated_at
from ..core.report import Evidence
from ..core.text import cn_to_int
from ..core.types import Section
from .checks import PLACEHOLDER, Check, CheckResult
from .context import ReviewContext


def _title(s: Section) -> str:
    return "".join(s.title.split())


def _title_unnumbered(s: Section) -> str:
    return "".join(strip_number(s.title).split())


def _content(s: Section) -> list[str]:
    """The bodies under a chapter (its own and its sub-sections'), placeholders (略, 无, 待补充) left out."""
    out = []
    for node in s.walk():
        compact = "".join(node.body.split())
        if compact and not PLACEHOLDER.match(compact):
            out.append(node.body.strip())
    return out


class ChapterPresent(Check):
    """A template chapter: a heading whose title matches ``title`` (preferring one inside a chapter whose title
    matches ``within``, then the shallowest), or failing that a heading whose opening text matches ``body``;
    not empty; covering every ``covers`` point in its titles or text (negated mentions don't count)."""

    name = "chapter_present"
    required = frozenset({"title"})
    optional = frozenset({"body", "within", "covers", "on_missing", "on_empty"})

    def find(self, ctx: ReviewContext, params: dict) -> Section | None:
        rx = re.compile(params["title"])
        # the title as written, or without its numbering ("^安全管理$" holds for 第五章.安全管理 and 6.2 安全管理)
        found = [s for s in ctx.tree.sections() if rx.search(_title(s)) or rx.search(_title_unnumbered(s))]
        if not found and params.get("body"):
            body = re.compile(params["body"])
            found = [s for s in ctx.tree.sections() if body.search(s.body[:200])]
        if not found:
            return None
        within = re.compile(params["within"]) if params.get("within") else None

        def inside(s: Section) -> bool:
            p = s.parent
            while p is not None:
                if within.search(_title(p)):
                    return True
                p = p.parent
            return False

        preferred = [s for s in found if inside(s)] if within else []
        return min(preferred or found, key=lambda s: s.level)

    def match(self, ctx, params):
        chapter = self.find(ctx, params)
        if chapter is None:
            return CheckResult(params.get("on_missing", "fail"), [], {"problem": "缺少该章节", "chapter": ""})
        ev = [Evidence(quote=chapter.title[:200], section=chapter.id, page=chapter.page)]
        detail = {"chapter": chapter.title}
        content = _content(chapter)
        if not content:
            shown = "".join(chapter.full_text.split())[:20]
            detail["problem"] = f"“{chapter.title}”章节内容为空" + (f"（仅有“{shown}”）" if shown else "")
            return CheckResult(params.get("on_empty", "fail"), ev, detail)
        text = "\n".join(node.title + "\n" + node.body for node in chapter.walk())
        missing = []
        for point, rx in (params.get("covers") or {}).items():
            hit = False
            for m in re.finditer(rx, text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                if not negated_at(text[line_start:m.end()], m.start() - line_start):
                    hit = True
                    break
            if not hit:
                missing.append(point)
        if missing:
            detail["problem"] = f"“{chapter.title}”未写明{'、'.join(missing)}"
            detail["missing"] = "、".join(missing)
            return CheckResult(params.get("on_missing", "fail"), ev, detail)
        return CheckResult("pass", ev, detail)


def _level(m: re.Match) -> int | None:
    for name, value in m.groupdict().items():
        if name.startswith("level") and value:
            return int(value) if value.isdigit() else cn_to_int(value)
    return None


class LevelsAgree(Check):
    """Two levels the document states (等保级别 and the GB/T 39786 密码应用等级) are both stated and the same.
    ``first`` and ``second`` capture the level as ``(?P<level>…)`` (or ``level2``… for a second wording)."""

    name = "levels_agree"
    required = frozenset({"first", "second"})
    optional = frozenset({"first_name", "second_name", "missing"})

    def match(self, ctx, params):
        names = (params.get("first_name", "first"), params.get("second_name", "second"))
        found: list[dict[int, object]] = []
        for key in ("first", "second"):
            rx = re.compile(params[key])
            levels: dict[int, object] = {}
            for s in ctx.sentences:
                for m in rx.finditer(s.text):
                    lv = _level(m)
                    if lv is not None and not negated_at(s.text, m.start()):
                        levels.setdefault(lv, s)
            found.append(levels)
        ev = [Evidence(quote=s.text[:200], section=s.section.id if s.section else None,
                       page=s.section.page if s.section else None)
              for levels in found for s in list(levels.values())[:2]]
        stated = [("、".join(f"第{lv}级" for lv in sorted(levels)) or "未写明") for levels in found]
        detail = {"first": stated[0], "second": stated[1],
                  "problem": f"{names[0]}{stated[0]}，{names[1]}{stated[1]}"}
        if not found[0] or not found[1]:
            return CheckResult(params.get("missing", "fail"), ev, detail)
        if len(found[0]) == 1 and set(found[0]) == set(found[1]):
            return CheckResult("pass", ev, detail)
        return CheckResult("fail", ev, detail)


CHECKS: dict[str, Check] = {c.name: c for c in (ChapterPresent(), LevelsAgree())}
