"""Check kinds: each is a pure ``match(ctx, params) -> CheckResult``; the engine turns results into Findings.

Adding a kind: subclass :class:`Check`, declare its parameters (unknown ones are rejected when a pack loads),
register it in ``CHECKS``.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from itertools import islice

from ..analyze.classify import body_supports
from ..analyze.features import strip_number
from ..analyze.lexicon import body_hits, body_pattern, heading_cues
from ..analyze.negation import OPT_OUT, negated_at
from ..core.report import Evidence
from ..core.text import ANY_ENDS, PLAIN_ENDS, clauses, head_clause, pieces
from ..core.types import Section
from .context import ReviewContext, Sentence
from .errors import RulePackError

PLACEHOLDER = re.compile(r"^(?:[（(]?略[)）]?|无|暂无|待定|待补充|待完善|TBD|/|—+|-+)[。.]?$")
SEE_ATTACHMENT = re.compile(r"^(?:详见|见|参见)(?:附件|附表|附录)")


@dataclass
class CheckResult:
    status: str  # pass | fail | warn | not_applicable
    evidence: list[Evidence] = field(default_factory=list)
    detail: dict = field(default_factory=dict)  # values for the message template


def _ev_section(s: Section, quote: str | None = None) -> Evidence:
    return Evidence(quote=(quote or s.title)[:200], section=s.id, page=s.page)


def _ev_sentence(s: Sentence) -> Evidence:
    return Evidence(quote=s.text[:200], section=s.section.id if s.section else None,
                    page=s.section.page if s.section else None)


class Check:
    name = ""
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()

    def validate(self, where: str, params: dict) -> None:
        keys = set(params) - {"kind"}
        missing = self.required - keys
        unknown = keys - self.required - self.optional
        if unknown:
            raise RulePackError(f"{where}: check {self.name} does not take {sorted(unknown)}; "
                                f"it takes {sorted(self.required | self.optional)}")
        if missing:
            raise RulePackError(f"{where}: check {self.name} needs {sorted(missing)}")
        for key in ("mention", "pattern", "unless", "when", "then"):
            if key in params:
                re.compile(params[key])
        for rx in (params.get("points") or {}).values():
            re.compile(rx)

    def match(self, ctx: ReviewContext, params: dict) -> CheckResult:  # pragma: no cover - abstract
        raise NotImplementedError


class SectionPresent(Check):
    """A heading carries the label (as label or secondary). A topic mentioned only in passing inside another
    chapter does not count; those sentences are returned as evidence."""

    name = "section_present"
    required = frozenset({"label"})
    optional = frozenset({"mention"})

    def match(self, ctx, params):
        # a chapter that carries the topic, or a section whose own body is about it — not a subsection tied to the
        # topic by one word of its heading (a 用户密码 subsection is no 密码应用 chapter)
        found = [s for s in ctx.sections_with(params["label"])
                 if s.level == 1 or body_supports(s, params["label"]) or _topic_subsection(s, params["label"])]
        if found:
            return CheckResult("pass", [_ev_section(s) for s in found[:3]],
                               {"sections": "、".join(s.title for s in found[:3])})
        treated = _treated_in_security_chapter(ctx, params["label"])
        if treated:
            chapter, sentence = treated
            return CheckResult("pass", [_ev_section(chapter, sentence)], {"sections": chapter.title})
        empty = ctx.empty_sections_with(params["label"])
        if empty:
            titles = "、".join(f"“{s.title}”" for s in empty[:2])
            return CheckResult("fail", [_ev_section(s, f"{s.title}（正文为空）") for s in empty[:2]],
                               {"passing": f"{titles}只有标题、正文为空，视同缺少。"})
        mentions = []
        if params.get("mention"):
            rx = re.compile(params["mention"])
            mentions = list(islice(ctx.body_matching(rx), 3))
        where = "、".join(f"“{m.section.title}”" for m in mentions if m.section)
        detail = {"passing": f"仅在{where}中顺带提及，不构成专门章节。" if mentions else ""}
        return CheckResult("fail", [_ev_sentence(m) for m in mentions], detail)


def _topic_subsection(s: Section, label: str) -> bool:
    """A sub-section labelled with the topic whose heading names it ("3.3 节能措施", "3.2 系统对接设计", "五、等保测评服务"),
    over a short body in the author's own words: one word of the topic's vocabulary there is enough ("选用低功耗设备").
    A heading tied to the topic by a word it shares with another subject (1.1 用户密码管理) names no topic and still
    needs two."""
    return s.label == label and label in heading_cues(strip_number(s.title)) and body_hits(s.full_text, label) >= 1


# 密码 and 安全可靠 are parts of a project's 安全保障. A short plan writes them as a paragraph of its security chapter
# ("五、安全保障措施" in one paragraph: 等保, then 密码, then products): that is the topic treated, not named in passing,
# when one sentence carries three of the topic's words ("采用商用密码进行身份鉴别…，上线前开展密码应用安全性评估").
_SECURITY_PARTS = frozenset({"crypto", "secure_reliable"})
_TREATED_HITS = 3


def _treated_in_security_chapter(ctx: ReviewContext, label: str) -> tuple[Section, str] | None:
    rx = body_pattern(label)
    if label not in _SECURITY_PARTS or rx is None:
        return None
    for chapter in ctx.sections_with("network_security"):
        if chapter.level != 1:
            continue
        for sentence in pieces(chapter.full_text, ANY_ENDS):
            if body_hits(sentence, label) < _TREATED_HITS or opts_out(sentence):
                continue
            stated = [m for m in rx.finditer(sentence) if not negated_at(sentence, m.start())]
            if len(stated) >= _TREATED_HITS:
                return chapter, sentence.strip()[:120]
    return None


class ContentCovers(Check):
    """The labelled section(s) cover the required points (each a regex; negated mentions don't count)."""

    name = "content_covers"
    required = frozenset({"label", "points"})
    optional = frozenset({"min", "on_missing"})

    def match(self, ctx, params):
        sections = ctx.sections_with(params["label"])
        if not sections:
            return CheckResult("not_applicable", [], {"missing": "（无对应章节）"})
        text = "\n".join(s.title + "\n" + s.full_text for s in sections)
        covered, missing = [], []
        for name, rx in params["points"].items():
            hit = None
            for m in re.finditer(rx, text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())  # the whole line: an opt-out may follow ("资源目录暂未编制")
                if not negated_at(text[line_start:line_end if line_end >= 0 else len(text)], m.start() - line_start):
                    hit = m
                    break
            (covered if hit else missing).append(name)
        needed = params.get("min", len(params["points"]))
        detail = {"missing": "、".join(missing), "covered": "、".join(covered) or "无"}
        if len(covered) >= needed:
            return CheckResult("pass", [_ev_section(s) for s in sections[:2]], detail)
        return CheckResult(params.get("on_missing", "fail"), [_ev_section(s) for s in sections[:2]], detail)


class NotNegated(Check):
    """The labelled section is not only a statement that the topic does not apply, or a placeholder."""

    name = "not_negated"
    required = frozenset({"label"})
    optional = frozenset()

    def match(self, ctx, params):
        sections = ctx.sections_with(params["label"], secondary=False)
        if not sections:
            return CheckResult("not_applicable", [], {})
        bad: list[tuple[Section, str]] = []
        for s in sections:
            text = s.full_text.strip()
            compact = "".join(text.split())
            if not compact or PLACEHOLDER.match(compact):
                bad.append((s, text or "（空）"))
                continue
            if SEE_ATTACHMENT.match(compact) and not ctx.has_appendix():
                bad.append((s, text[:120]))
                continue
            sentences = [x.strip() for x in pieces(text, PLAIN_ENDS) if x.strip()]
            negated = [x for x in sentences if opts_out(x) and not goes_on(x, params["label"])]
            substantive = [x for x in sentences if x not in negated and len(x) >= 15]
            if negated and not substantive:
                bad.append((s, negated[0]))
        if len(bad) == len(sections):
            return CheckResult("fail", [_ev_section(s, q) for s, q in bad], {"quote": bad[0][1][:80]})
        return CheckResult("pass", [_ev_section(s) for s in sections[:2]], {})


# "不单独建设上述能力", "不重复建设": reuse of what the sentence just named, an affirmative statement.
_REUSE = re.compile(r"不(?:再)?(?:单独|重复|另行|另外|自行)(?:建设|开发|部署|采购|搭建)")


def opts_out(sentence: str) -> bool:
    """Does the sentence say the topic does not apply? Only when its head clause says so ("本项目不涉及密码应用，
    系统安全由云平台保障"); a later clause ("…统一接入…，不单独建设上述能力") narrows, it does not negate."""
    head = head_clause(_REUSE.sub("", sentence))
    return bool(OPT_OUT.search(head))


def goes_on(sentence: str, label: str) -> bool:
    """Does a sentence that opens by ruling something out go on to say what the project does on the topic
    ("本项目无需单独部署安全设备，依托政务云的防火墙和入侵防御…")? A later clause that carries the topic's own
    vocabulary and rules nothing out itself: the opening narrows the work, it does not drop the topic
    ("本项目不涉及密码应用，系统安全由云平台保障" goes on about no 密码 at all, and stays an opt-out)."""
    rest = sentence[len(head_clause(sentence)):]
    return any(body_hits(clause, label) and not OPT_OUT.search(clause) for clause in clauses(rest))


_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq,
        "!=": operator.ne}


class FactCompare(Check):
    name = "fact_compare"
    required = frozenset({"fact", "op", "value"})
    optional = frozenset({"missing", "unit"})

    def validate(self, where, params):
        super().validate(where, params)
        if params["op"] not in _OPS:
            raise RulePackError(f"{where}: op must be one of {sorted(_OPS)}")

    def match(self, ctx, params):
        fact = getattr(ctx.facts, params["fact"])
        ev = [Evidence(fact.quote, fact.section, fact.page)] if fact.quote else []
        if fact.value is None:
            return CheckResult(params.get("missing", "warn"), ev, {"value": "未写明"})
        ok = _OPS[params["op"]](fact.value, params["value"])
        return CheckResult("pass" if ok else "fail", ev, {"value": f"{fact.value}{params.get('unit', '')}"})


class DocTypeForInvestment(Check):
    """Which document an investment size calls for (nmg art. 9: ≥100万 可研二合一, <100万 实施方案三合一)."""

    name = "doc_type_for_investment"
    required = frozenset({"threshold_wan", "at_or_above", "below"})
    optional = frozenset({"below_status"})

    def match(self, ctx, params):
        inv = ctx.facts.investment_wan
        dt = ctx.facts.doc_type
        ev = [Evidence(f.quote, f.section, f.page) for f in (inv, dt) if f.quote]
        if inv.value is None:
            return CheckResult("warn", ev, {"value": "未写明总投资", "doc_type": dt.value})
        detail = {"value": inv.value, "doc_type": dt.value}
        if inv.value >= params["threshold_wan"]:
            return CheckResult("pass" if dt.value in params["at_or_above"] else "fail", ev, detail)
        if dt.value in params["below"]:
            return CheckResult("pass", ev, detail)
        return CheckResult(params.get("below_status", "warn"), ev, detail)


class FactsRequired(Check):
    """Each named yes/no fact must be true (e.g. 监理 and 第三方软件测评 planned)."""

    name = "facts_required"
    required = frozenset({"facts"})
    optional = frozenset({"names", "on_missing"})

    def match(self, ctx, params):
        names = params.get("names") or {}
        missing = [f for f in params["facts"] if not getattr(ctx.facts, f).value]
        ev = [Evidence(getattr(ctx.facts, f).quote, getattr(ctx.facts, f).section, getattr(ctx.facts, f).page)
              for f in params["facts"] if getattr(ctx.facts, f).quote]
        detail = {"missing": "、".join(names.get(f, f) for f in missing)}
        return CheckResult(params.get("on_missing", "fail") if missing else "pass", ev, detail)


class TextForbidden(Check):
    """No non-negated sentence plans the forbidden thing, unless the same sentence shows the allowed way."""

    name = "text_forbidden"
    required = frozenset({"pattern"})
    optional = frozenset({"unless"})

    def match(self, ctx, params):
        rx = re.compile(params["pattern"])
        unless = re.compile(params["unless"]) if params.get("unless") else None
        hits = []
        for s in ctx.body_candidates(rx):
            for m in rx.finditer(s.text):
                if negated_at(s.text, m.start()) or (unless and unless.search(s.text)):
                    continue
                hits.append(s)
                break
            if len(hits) == 3:
                break  # (the finding quotes three)
        if hits:
            return CheckResult("fail", [_ev_sentence(h) for h in hits[:3]], {"quote": hits[0].text[:80]})
        return CheckResult("pass", [], {})


class MentionRequires(Check):
    """When the document plans one thing (``when``), it must also name another (``then``): e.g. 指挥调度 scenes
    must rest on the 城市大脑 platform."""

    name = "mention_requires"
    required = frozenset({"when", "then"})
    optional = frozenset({"on_missing"})

    def match(self, ctx, params):
        when, then = re.compile(params["when"]), re.compile(params["then"])
        triggers = list(islice(ctx.body_matching(when), 2))  # (the finding quotes two)
        if not triggers:
            return CheckResult("not_applicable", [], {})
        if next(ctx.body_matching(then), None) is not None:
            return CheckResult("pass", [_ev_sentence(triggers[0])], {})
        return CheckResult(params.get("on_missing", "warn"), [_ev_sentence(t) for t in triggers[:2]],
                           {"quote": triggers[0].text[:80]})


class DuplicateConstruction(Check):
    """No in-use inventory system is likely rebuilt by a 新建 proposal (an upgrade of it is a warning)."""

    name = "duplicate_construction"
    required = frozenset()
    optional = frozenset({"on_possible"})

    def match(self, ctx, params):
        if ctx.duplicates is None:
            return CheckResult("not_applicable", [], {})
        likely = [d for d in ctx.duplicates if d.verdict == "likely_duplicate"]
        possible = [d for d in ctx.duplicates if d.verdict == "possible_overlap"]
        shown = likely or possible
        ev = []
        for d in shown[:3]:
            pair = next((e for e in d.evidence if e.get("field") == "functions"), d.evidence[0] if d.evidence else None)
            quote = f"{d.inventory_id} {d.name}（{d.owner}）" + (f"：{pair['inventory']} ↔ {pair['proposal']}" if pair else "")
            ev.append(Evidence(quote=quote[:200]))
        detail = {"systems": "、".join(f"{d.name}（{d.inventory_id}）" for d in shown[:3])}
        if likely:
            return CheckResult("fail" if ctx.facts.build_mode.value != "upgrade" else "warn", ev, detail)
        if possible:
            return CheckResult(params.get("on_possible", "warn"), ev, detail)
        maintained = [d for d in ctx.duplicates if d.verdict == "maintained"]  # an O&M plan's own system: no fault
        if maintained:
            detail["maintained"] = "、".join(f"{d.name}（{d.inventory_id}）" for d in maintained[:3])
        return CheckResult("pass", [], detail)


class ScopeExclusion(Check):
    """The project is of a kind the regulation excludes (office equipment, new-media accounts …)."""

    name = "scope_exclusion"
    required = frozenset({"pattern"})
    optional = frozenset()

    def match(self, ctx, params):
        name = ctx.facts.project_name.value or ""
        m = re.search(params["pattern"], name)
        if m:
            f = ctx.facts.project_name
            return CheckResult("warn", [Evidence(f.quote or name, f.section, f.page)], {"value": m.group(0)})
        return CheckResult("pass", [], {})


CHECKS: dict[str, Check] = {c.name: c for c in (
    SectionPresent(), ContentCovers(), NotNegated(), FactCompare(), DocTypeForInvestment(), FactsRequired(),
    TextForbidden(), MentionRequires(), DuplicateConstruction(), ScopeExclusion())}
