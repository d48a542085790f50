"""Heading levels where the document gives no level evidence.

Plain text with unnumbered headings at the margin (or a document whose every heading has the same look) says
which lines are headings, not how deep they sit. Levels then come from signals that do not depend on the form,
combined in one pass over the headings in document order:

- structure: a heading followed directly by another heading, with no body text between, opens sections (the
  next heading is its first section); after a run of sections, a heading that itself opens sections starts a
  new chapter (a third level appears under a section that opens its own run);
- topic: sections stay within their chapter's subject. A heading after a section (and its body) continues the
  run while its topic belongs to the chapter's family — the topics the usual outlines of 可研/建议书/运维方案
  nest under that chapter (总论 holds 项目名称, 建设单位, 编制依据, 建设目标, 投资 …; a 安全 chapter holds 等保,
  密码, 安全可靠; 项目实施 holds 组织, 进度, 招标, 监理) — or carries no topic word at all (the names of
  subsystems, devices, services). A heading on a topic outside the family, or an overview of another subject
  (建设单位概况 after the sections of 项目概况), is the next chapter. A heading on two topics stays only if
  one is the chapter's own or both are in its family (建设单位与现状 after 总论's sections is the 现状 chapter);
  a heading on the topic of an earlier chapter does not open a second one (与已建系统的衔接 among the sections
  of 建设内容, after the 现状 chapter);
- a heading on nothing but the topic of the chapter just above, after that chapter's own opening text, is its
  first section (an intro paragraph before the sections);
- consistency: sections often carry no topic word while chapters nearly always do, so a topic-less heading
  right after one that left a run by its topic alone says the run went on (and takes that one back); siblings
  are written alike (业务需求 → 功能需求); a heading directly below one on the topic that normally follows it in
  the outline (密码应用 → 安全可靠) means the one above is an empty chapter, not a parent. A heading that
  opens sections after a run is a new chapter, but if it is on the chapter's own topic and a heading written
  like it follows its sub-sections, both are sections of that chapter (现状与需求: 现状, 业务需求 over its
  sub-sections, 性能需求);
- a document has one overview: a chapter without a topic word that opens on an overview of a subject
  (…政策实施概况), after the overview chapter, is about that subject's state (现状);
- the body over the heading: the document's purpose statement ("为…，特编制本方案") closes its opening, so a
  heading whose own text states it, after the first chapter's sections, is the last of them whatever its topic
  (系统运行现状 ending "…特编制本方案" inside 项目概述, where without it the 现状 topic would open a chapter).

Topics are read from the heading lexicon (analyze/lexicon.py). In an 运维方案 almost every heading says 运维, so
there the word is no evidence of a topic, and a heading ending in it (政务云平台运维) names the object maintained,
so the object's words are no topic either. Levels the form does decide (a distinct chapter look) can be passed
in as fixed; the rest is inferred below them. Pure functions, linear in the number of headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ends_with_cue, heading_cues, weak_cues

# Chapter topic -> topics its sections carry in the usual outlines (the chapter's own topic included).
FAMILY: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "overview": ("overview", "basis", "unit_profile", "investment", "construction", "conclusion", "schedule",
                 "benefits", "operations", "other"),
    "basis": ("basis",),
    "unit_profile": ("unit_profile", "organization"),
    "current_state": ("current_state", "unit_profile"),
    "necessity": ("necessity", "current_state"),
    "requirements": ("requirements", "construction", "cloud_network", "performance"),
    "overall_design": ("overall_design", "integration", "construction", "cloud_network"),
    "construction": ("construction", "overall_design", "cloud_network", "requirements"),
    "data_sharing": ("data_sharing", "integration"),
    "network_security": ("network_security",),
    "crypto": ("crypto",),
    "secure_reliable": ("secure_reliable",),
    "cloud_network": ("cloud_network", "requirements"),
    "integration": ("integration", "data_sharing"),
    "energy": ("energy",),
    "procurement": ("procurement", "organization", "schedule", "supervision"),
    "organization": ("organization", "schedule", "procurement", "supervision"),
    "supervision": ("supervision", "organization"),
    "schedule": ("schedule", "organization"),
    "investment": ("investment",),
    "operations": ("operations", "organization"),
    "performance": ("performance",),
    "benefits": ("benefits", "risks"),
    "risks": ("risks",),
    "conclusion": ("conclusion",),
    "appendix": ("appendix",),
    "other": ("other",),
}.items()}
# The usual order of chapters in a proposal (国家/自治区 outlines of 可研 and 建议书), for telling an empty chapter
# from one that opens sections: a heading right after it on the topic that normally comes next is the next chapter.
CHAPTER_ORDER = ("overview", "basis", "unit_profile", "current_state", "necessity", "requirements", "overall_design",
                 "construction", "data_sharing", "cloud_network", "integration", "network_security", "crypto",
                 "secure_reliable", "energy", "procurement", "organization", "supervision", "schedule", "investment",
                 "operations", "performance", "benefits", "risks", "conclusion", "appendix")
_RANK = {label: k for k, label in enumerate(CHAPTER_ORDER)}
# A chapter named only by the generic word 安全 (安全保障, 安全运维) holds every security topic.
_WEAK_FAMILY = {"network_security": frozenset({"network_security", "crypto", "secure_reliable"})}
# A chapter named only as the plan's safeguards (保障措施, 项目保障体系: the closing chapter of consultancies' and
# provincial outlines) holds the safeguards of every kind: 组织, 安全, 密码, 安全可靠, 节能, 监理, 运维, 绩效. (Not
# 资金 or 进度: those are chapters of their own that often follow it.)
_SAFEGUARDS = re.compile(r"^(?:[一二三四五六七八九十\d]+\s*[、.．]?\s*)?(?:项目|实施|建设|工作|主要)?保障(?:措施|机制|体系)$")
_SAFEGUARD_FAMILY = frozenset({"organization", "network_security", "crypto", "secure_reliable", "energy",
                               "supervision", "operations", "performance"})
_MAX_LEVEL = 3
# The sentence by which a document states why it was written ("为…，特编制本方案。", "特制定本实施方案"): the
# formula of Chinese official writing that ends a plan's introduction.
_PURPOSE = re.compile(r"[特现](?:此)?(?:编制|制定|制订|编写|拟定|拟订)(?:了)?本")


def states_purpose(text: str) -> bool:
    """The text states the document's purpose (为…，特编制本方案)."""
    return _PURPOSE.search(text) is not None


def heading_topics(titles: list[str]) -> list[frozenset[str]]:
    """The topic labels each heading's words point to. Where most headings say 运维 (an 运维方案), the word is
    no evidence of a topic and ``operations`` is dropped."""
    cues = [set(heading_cues(t)) for t in titles]
    ops_plan = sum("operations" in c for c in cues) * 2 > len(cues)
    if ops_plan:
        # …运维 / …运行保障 at the end names the object maintained (数据共享交换平台运行保障): its words are the
        # object, not a topic of the plan.
        cues = [set() if ends_with_cue(t, "operations") else c - {"operations"} for t, c in zip(titles, cues, strict=True)]
    return [frozenset(c) for c in cues]


def _says_no_topic(title: str, topics: frozenset[str]) -> bool:
    """No topic word at all, or (in an 运维方案) only the object maintained (平台软件运维). 运维管理制度 says
    运维 about the plan itself, the way its chapters do."""
    return not topics and (not heading_cues(title) or ends_with_cue(title, "operations"))


def _family(title: str, topics: frozenset[str]) -> frozenset[str]:
    fam: set[str] = set()
    for t in topics:
        fam |= FAMILY.get(t, {t})
    for t in weak_cues(title):
        fam |= _WEAK_FAMILY.get(t, set())
    if not topics and _SAFEGUARDS.match(title.strip()):
        fam |= _SAFEGUARD_FAMILY
    return frozenset(fam)


def _peer_overview(topics: frozenset[str], fam: frozenset[str]) -> bool:
    """概况/概述 describe a subject: after the first sections of an overview chapter, "建设单位概况" (an overview
    of another subject) is the next chapter, not a section of 项目概况."""
    return "overview" in topics and len(topics) > 1 and "overview" in fam


def _empty_before(above: frozenset[str], topics: frozenset[str], fam: frozenset[str]) -> bool:
    """A heading right below another, on a topic outside the one above's family that normally follows it in the
    outline (密码应用 → 安全可靠), is the next chapter: the one above was left empty."""
    if not above or not topics or topics & fam:
        return False
    after = [_RANK[t] for t in topics if t in _RANK]
    before = [_RANK[a] for a in above if a in _RANK]
    return bool(after and before) and 1 <= min(after) - max(before) <= 2


def _own_part(topics: frozenset[str], own: frozenset[str]) -> bool:
    """The heading is on the chapter's own topic: its only topic is one of the chapter's, or of several topics
    one is the chapter's (the same test as for a run of sections)."""
    return bool(topics & own) and (len(topics) > 1 or topics <= own)


def _first_section_topics(title: str, topics: frozenset[str], past: frozenset[str]) -> frozenset[str]:
    """The topics a chapter without a topic word takes from its first section. A document has one overview: once
    its chapter is past, a first section that is only an overview of a subject (政策实施概况) says the state of
    that subject, so the chapter is on 现状 (its next section, 监管现状与问题, stays in it)."""
    if topics == {"overview"} and "overview" in past and ends_with_cue(title, "overview"):
        return frozenset({"current_state"})
    return topics


@dataclass(frozen=True)
class _Open:
    """A heading whose sections may follow: its level, the topics they may carry, its title."""

    level: int
    family: frozenset[str]
    title: str
    own: frozenset[str] = frozenset()  # the heading's own topics


def _same_form(a: str, b: str) -> bool:
    """Siblings are written alike: the same closing word (业务需求 / 功能需求, 应用系统建设 / 感知设备建设)."""
    return len(a) >= 3 and len(b) >= 3 and a[-2:] == b[-2:]


def infer_levels(titles: list[str], opens: list[bool], fixed: list[int | None] | None = None,
                 floor: int = 1, purpose: list[bool] | None = None) -> list[int]:
    """Levels (1 = chapter) for headings in document order. ``opens[i]``: no body text between heading i and
    heading i + 1 (heading i opens sections). ``fixed``: levels the form already decides (None where it does
    not); the undecided headings are then at least ``floor`` deep (a section look under a chapter look).
    ``purpose[i]``: heading i's own text states the document's purpose (``states_purpose``). See the module
    docstring for the reasoning."""
    fixed = fixed or [None] * len(titles)
    purpose = purpose or [False] * len(titles)
    chapters = 0  # chapters so far
    topics = heading_topics(titles)
    levels: list[int] = []
    stack: list[_Open] = []  # the open ancestors of the next heading
    # The last heading left a run of sections by its topic alone: (its level as a section, the stack before it).
    undo: tuple[int, list[_Open]] | None = None
    past: frozenset[str] = frozenset()  # the topics of the chapters before the current one
    chapter: frozenset[str] = frozenset()  # the current chapter's
    # A chapter that opened after a run of sections on the chapter before's own topic: (its index, that chapter's
    # stack entry, past and chapter topics as they were before it).
    maybe_section: tuple[int, list[_Open], frozenset[str], frozenset[str]] | None = None

    for i, title in enumerate(titles):
        left_run: tuple[int, list[_Open]] | None = None
        if fixed[i] is not None:
            level = fixed[i]
        elif i == 0:
            level = floor
        elif opens[i - 1] and _empty_before(topics[i - 1], topics[i], stack[-1].family):
            level = max(levels[-1], floor)  # the chapter above was left empty (its topic is "missing" downstream)
        elif opens[i - 1]:
            level = max(min(levels[-1] + 1, _MAX_LEVEL), floor)
            # A chapter without a topic of its own takes the family of its first section (a safeguards chapter
            # has its family already: its first section, 组织保障, says nothing of the rest).
            if not topics[i - 1] and not weak_cues(titles[i - 1]) and not _SAFEGUARDS.match(titles[i - 1].strip()):
                above, first = stack[-1], _first_section_topics(title, topics[i], past)
                stack[-1] = _Open(above.level, above.family | _family(title, first), above.title, above.own)
                if above.level == 1:
                    chapter = chapter | first
        elif undo is not None and _says_no_topic(title, topics[i]) and not opens[i]:
            # Sections often carry no topic word (names of subsystems, services); chapters nearly always do.
            # A topic-less heading right after one that left a run by its topic alone says the run went on.
            levels[-1], stack = undo[0], [*undo[1], _Open(undo[0], stack[-1].family, stack[-1].title, stack[-1].own)]
            level = undo[0]
        elif levels[-1] == floor == 1 and not opens[i] and topics[i] and topics[i] <= topics[i - 1]:
            # A chapter's own text first (本章…), then a heading on nothing but the chapter's topic: its section
            # (数据资源共享分析 → 数据资源目录). Where a distinct look marks the chapters this does not arise.
            level = 2
        elif levels[-1] <= floor or opens[i]:
            level = floor  # after a chapter's own body, or a new chapter that opens sections of its own
            if opens[i] and levels[-1] > floor == 1 and _own_part(topics[i], chapter):
                # On the current chapter's own topic, it may yet be a section with sections of its own: kept
                # until a sibling written like it says so (below).
                maybe_section = (i, [o for o in stack if o.level == 1], past, chapter)
        elif maybe_section is not None and _sibling_after_subs(titles, topics, levels, i, maybe_section):
            # A heading written like the new chapter (same closing word, closer in length than its sub-sections)
            # after them is its sibling, and on the same earlier chapter's topic: a document gives a topic one
            # chapter, so both are sections of that one (现状与需求: 现状, 业务需求 over its sub-sections, 性能需求).
            k, stack, past, chapter = maybe_section
            for j in range(k, i):
                levels[j] += 1
            level, maybe_section = 2, None
        else:
            level = max(_continue_run(title, topics[i], levels[-1], stack), floor)
            if level == 1 and purpose[i] and chapters == 1:
                # The purpose statement closes the opening: its section is still in the first chapter.
                level = 2
            elif level == 1 and topics[i] and topics[i] <= past:
                # A document gives a topic one chapter: a heading on the topic of an earlier chapter, after
                # sections of another, is one of those sections (与现有系统的关系 inside 建设内容, after 现状).
                level = 2
            if level < levels[-1]:
                left_run = (levels[-1], [o for o in stack if o.level < levels[-1]])
        while stack and stack[-1].level >= level:
            stack.pop()
        stack.append(_Open(level, _family(title, topics[i]), title, topics[i]))
        levels.append(level)
        if level == 1:
            chapters += 1
            past, chapter = past | chapter, topics[i]
            if maybe_section is not None and maybe_section[0] != i:
                maybe_section = None
        undo = left_run
    return levels


def _sibling_after_subs(titles: list[str], topics: list[frozenset[str]], levels: list[int], i: int,
                        maybe: tuple[int, list[_Open], frozenset[str], frozenset[str]]) -> bool:
    """Heading i, after the sub-sections of chapter k (one level below it, a level to spare), is written like k
    rather than like them and is on the earlier chapter's own topic: k and i are that chapter's sections."""
    k, _, _, earlier = maybe
    subs = range(k + 1, i)
    if not subs or any(levels[j] != 2 for j in subs) or not _same_form(titles[i], titles[k]):
        return False
    if not _own_part(topics[i], earlier):
        return False
    gap = abs(len(titles[i]) - len(titles[k]))
    return all(gap < abs(len(titles[i]) - len(titles[j])) for j in subs if _same_form(titles[i], titles[j]))


def _continue_run(title: str, topics: frozenset[str], prev_level: int, stack: list[_Open]) -> int:
    """The level of a heading that follows a section and its body: the sibling of the nearest section it is
    written like (below the chapter), else a section of the innermost open heading whose family its topic
    belongs to, else a new chapter. A heading without a topic word belongs anywhere."""

    def belongs(o: _Open) -> bool:
        if not topics:
            return True
        # Of several topics, one that is the chapter's own, or all within its family (建设单位与文物安全现状
        # after 总论's sections is a chapter on 现状, not a section on 建设单位).
        fits = topics & o.own if len(topics) > 1 else topics & o.family
        return bool(fits or topics <= o.family) and not _peer_overview(topics, o.family)

    # Alike = the same closing word; of several, the closest in length, then the nearest (业务需求 → 功能需求,
    # 供热运行监测需求 → 供热服务监管需求).
    alike = [(abs(len(o.title) - len(title)), -k, o.level) for k, o in enumerate(stack)
             if k and 2 <= o.level <= prev_level and _same_form(title, o.title) and belongs(stack[k - 1])]
    if alike:
        return min(alike)[2]
    for o in reversed(stack):
        if o.level < prev_level and belongs(o):
            return o.level + 1
    return 1
