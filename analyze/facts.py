"""Document facts: doc type, project name, owner, total investment, class, jurisdiction, and the facts rules
need (免费运维期, 等保级别, 监理, 第三方测评, software development, new data centre, APP, 业务专网, cross-department).

Every fact keeps its evidence (quote, section, page). Negated mentions ("不新建机房", "本项目不涉及…") do not
count as the positive fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import NamedTuple

from ..core.text import (
    PLAIN_ENDS,
    STATEMENT_ENDS,
    block_sentences,
    clause_spans,
    clause_start,
    clauses,
    cn_to_int,
    has_cell_gap,
    pieces,
    typed_cells,
)
from ..core.types import Block, SectionTree
from .joined import Joined
from .money import FIGURE, UNIT, to_wan
from .negation import in_cited_title, negated_at, supposed_at
from .numbering import parse_numbering
from .regions import is_central_body, load_gazetteer, region_of, region_of_places
from .table_totals import table_total

DOC_TYPES = [  # (pattern, id) — searched on the title page first
    (r"可行性研究报告|可研报告|可行性研究", "feasibility_study"),
    (r"项目建议书|(?:项目|建设)申报书", "proposal"),  # (信息化项目建设申报书: the 申报 stage's book)
    (r"初步设计(?:方案)?(?:及概算)?|初设方案", "preliminary_design"),
    # an O&M plan under any of its title words (运维服务实施方案, 运营维护方案, 运维经费申请报告)
    # (运营和维护/运行与维护: the two words joined by 和/与/及)
    # (运维项目申报书: the 申报 stage's book of an O&M project)
    (r"(?:运维|运[行营][和与及]?维护)(?:服务)?(?:实施|工作|保障)?方案|运维(?:服务)?(?:经费|资金)?申请报告|"
     r"运维(?:服务)?项目(?:申报书|方案)", "operations_plan"),
    # (建设总体方案, 总体建设方案; 项目方案: the book 广州's writing norm asks for, 建设开发类 or 运维类)
    (r"实施方案|建设(?:总体)?方案|总体(?:建设)?方案|项目方案", "implementation_plan"),
]

# Yes/no facts the rules ask about: true when a non-negated sentence says so.
FLAG_PATTERNS = {
    "supervision_planned": r"监理",
    # a third party by name, software by name, or a testing body doing the testing ("具有资质的检测机构对系统进行
    # 功能和性能测试": an accredited lab is a third party whatever it is called)
    "software_test_planned": r"第三方[^，。；]{0,12}?(?:测评|测试|检测)|软件[^，。；]{0,8}?(?:测评|测试)"
                             r"|(?:检测|测评|测试)(?:机构|中心|实验室)[^，。；]{0,16}?(?:测评|测试|检测)",
    "software_development": r"软件开发|应用系统开发|系统开发|定制开发|子系统|应用开发|平台开发",
    "new_data_centre": r"新建(?:数据中心|机房|中心机房|云计算中心)",
    "app_or_miniprogram": r"(?<![A-Za-z])(?:APP|App|app)(?![A-Za-z])|小程序|移动客户端",
    "new_private_network": r"新建[\u4e00-\u9fff]{0,10}(?:业务)?专网|自建[\u4e00-\u9fff]{0,6}专网",
    "cross_department": r"跨部门共建|多部门共建|联合建设|牵头部门会同|共建共享项目",
}


def _on_first_use(pattern: str) -> Callable[[], re.Pattern]:
    """A pattern compiled when first needed, not at import: one that a small document never reaches (a date line
    on a title page, a table's label cell, an organisation's name after a label) would cost every process its
    compilation (~0.1–1 ms each; a CJK character range is expanded character by character)."""
    return cache(partial(re.compile, pattern))


# 第三方软件测评 is software testing: a clause about 等保测评 or 密评 alone is not it.
FLAG_NOT_IF = {
    "software_test_planned": (re.compile(r"等级保护|等保|密码|密评|风险评估|渗透|安全测评|安全检测|安全性评估"),
                              re.compile(r"软件|功能|性能|验收测试|系统测试|确认测试")),
}

_AMOUNT = re.compile(FIGURE + r"\s*" + UNIT)
_CN_AMOUNT = re.compile(r"([零壹贰叁肆伍陆柒捌玖拾佰仟萬万亿億一二三四五六七八九十百千两〇]+)\s*" + UNIT)
_TOTAL_CUE = re.compile(r"总投资|经费总额|资金总额|投资总额|总预算|项目总价|项目预算|预算金额|估算总投资|概算总投资|总金额|项目总投资|总概算|投资估算为|投资概算为|总费用|合同金额|服务费用总计|费用合计|总计|运维费用|服务费用|项目经费|"
                        # the project's investment stated with the figure right after it, without 总: "项目投资685万元",
                        # "项目投资匡算为685万元" (匡算: a 建议书's estimate), "投资估算：685万元"
                        # (each alternative opens on its literal: a group around them costs the search its
                        # first-character scan, 10× the time over a whole document)
                        r"项目投资(?:匡算|估算)?(?:金额|总额)?(?:为|约为|约|共计|合计)?[：:]?"
                        r"(?=\s*[\d一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾])|"
                        r"投资(?:匡算|估算)(?:金额|总额)?(?:为|约为|约|共计|合计)?[：:]?"
                        r"(?=\s*[\d一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾])")
# An O&M plan's budget goes by the words of upkeep: "运维经费186.40万元", "申请运维资金…", "运维服务费…".
_OPS_FEE = re.compile(r"运维经费|运维资金|运维服务费|运行维护经费|运行维护费")
_OPS_TOTAL_CUE = re.compile(f"{_TOTAL_CUE.pattern}|{_OPS_FEE.pattern}")
_PAST = re.compile(r"上年度?|上一年度?|去年|往年|以往|历年")
_SUMMED = re.compile(r"合计|共计|总计|总额|总经费")


def _past_year(clause: str, years: list[int]) -> bool:
    """A fee of an earlier year: 上年度…, or a year before the one the project is named for (2025年… in a 2026年度 plan)."""
    named = [int(y) for y in re.findall(r"(20\d{2})年", clause)]
    return bool(_PAST.search(clause)) or bool(years and named and max(named) < max(years))


_STRONG_CUE = re.compile(r"总投资|经费总额|资金总额|投资总额|总预算|项目总价|总概算|估算总投资|概算总投资|投资估算为|投资概算为")
_EARLIER_STAGE = re.compile(r"批复|核定|原项目|原投资|前期项目|上一期|一期工程|已完成投资")
# The figure an earlier stage's approval fixed, quoted by the next stage with the approval in the clause before it
# ("批复本项目可行性研究报告，总投资5860万元" in a 初步设计 whose own 概算 follows), unless that clause speaks of the
# document itself ("本初步设计在可研批复基础上深化，项目投资概算为…" is this stage's figure).
_APPROVED_STAGE = re.compile(r"(?:可行性研究|可研|项目建议书|建议书)[^。；;，,]{0,30}(?:批复|核定|批准)|"
                             r"(?:批复|核定|批准)[^。；;，,]{0,30}(?:可行性研究|可研|项目建议书|建议书)")
_OWN_STAGE = re.compile(r"本(?:初步设计|初设|设计|方案|报告|可研|可行性研究报告)")


def _approved_before(text: str, at: int) -> bool:
    start = clause_start(text, at)
    before = text[clause_start(text, max(start - 1, 0)): start] if start else ""
    return bool(_APPROVED_STAGE.search(before)) and not _OWN_STAGE.search(before)


_ANNEXED_PAPER = re.compile(r"^\s*附件\s*[\d一二三四五六七八九十]*.*(?:批复|意见|纪要|请示|函|通知)\s*$")
_THIS_SUBJECT = re.compile(r"本项目|本期|本工程|该项目|本次(?:建设|项目)")
_OTHER_SUBJECT = re.compile(r"一期|上一期|前期项目|原(?:有)?(?:系统|平台|项目)|已建成|累计")
# a system or phase already built: said of the sentence as a whole
_COMPLETED = re.compile(r"已建成|已于|已通过验收|已投入使用|建成于|(?:19|20)\d{2}年(?:建设|建成|实施了)")


def _subject(clause: str, before: str, sentence: str) -> str:
    """Whose figure an amount is: ``this`` project's, an ``other`` system's or phase's, or not said (``""``).
    The amount's own clause speaks first, then what the sentence says before it, then the sentence as a whole
    (an existing system described in passing)."""
    if _THIS_SUBJECT.search(clause):
        return "this"
    if _OTHER_SUBJECT.search(clause):
        return "other"
    if _THIS_SUBJECT.search(before):
        return "this"
    return "other" if _COMPLETED.search(sentence) else ""
_THRESHOLD_BEFORE = re.compile(r"(?:不足|不超过|不到|低于|高于|超过|不低于|未达到|达到|小于|大于)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*(?:及|或)?(?:以上|以下|以内)")


@dataclass
class Fact:
    value: object
    quote: str | None = None
    section: str | None = None
    page: int | None = None
    why: str | None = None

    def evidence(self) -> dict:
        return {"section": self.section, "page": self.page, "quote": self.quote}


@dataclass
class Facts:
    doc_type: Fact = field(default_factory=lambda: Fact("other"))
    project_name: Fact = field(default_factory=lambda: Fact(None))
    owner: Fact = field(default_factory=lambda: Fact(None))
    investment_wan: Fact = field(default_factory=lambda: Fact(None))
    project_class: Fact = field(default_factory=lambda: Fact(None))
    build_mode: Fact = field(default_factory=lambda: Fact(None))  # new | upgrade
    jurisdiction: Fact = field(default_factory=lambda: Fact(None))  # the governing pack: set by the pipeline
    region: Fact = field(default_factory=lambda: Fact(None))  # 内蒙古自治区鄂尔多斯市达拉特旗
    region_code: Fact = field(default_factory=lambda: Fact(None))  # 150621
    region_level: Fact = field(default_factory=lambda: Fact(None))  # province | prefecture | county | central
    free_maintenance_months: Fact = field(default_factory=lambda: Fact(None))
    dengbao_level: Fact = field(default_factory=lambda: Fact(None))
    supervision_planned: Fact = field(default_factory=lambda: Fact(False))
    software_test_planned: Fact = field(default_factory=lambda: Fact(False))
    software_development: Fact = field(default_factory=lambda: Fact(False))
    new_data_centre: Fact = field(default_factory=lambda: Fact(False))
    app_or_miniprogram: Fact = field(default_factory=lambda: Fact(False))
    new_private_network: Fact = field(default_factory=lambda: Fact(False))
    cross_department: Fact = field(default_factory=lambda: Fact(False))

    def document_fields(self) -> dict:
        return {k: getattr(self, k).value for k in ("doc_type", "project_name", "owner", "investment_wan",
                                                     "project_class", "jurisdiction", "region")}

    def to_json(self) -> dict:
        return {name: {"value": f.value, "evidence": f.evidence() if f.quote else None, "why": f.why}
                for name, f in self.__dict__.items()}


class _Sentence(NamedTuple):  # (a tuple: built for every sentence of a document, 4x cheaper than a dataclass)
    text: str
    section: str | None
    page: int | None
    front: bool  # on the title page / before the first heading
    # a heading or a table's row names a topic (第四节 工程监理, a cost table's 监理费 row); neither states a decision
    names_only: bool = False


def _sentences(tree: SectionTree) -> list[_Sentence]:
    doc = tree.document
    owner_of: list[str | None] = [None] * len(doc.blocks)
    secs = tree.sections()
    first = secs[0].block_index if secs else len(doc.blocks)
    for s in secs:
        lo, hi = max(s.block_index, 0), min(s.span[1], len(owner_of))
        if hi > lo:
            owner_of[lo:hi] = [s.id] * (hi - lo)  # a sub-section comes later and overwrites its parent
    found = block_sentences(doc.blocks, STATEMENT_ENDS, join=(_FIGURE_END, _UNIT_START),
                            text_of=lambda b: b.display_text if b.kind != "table" else _table_text(b))
    headings = {s.block_index for s in secs}
    blocks, new = doc.blocks, tuple.__new__  # (a named tuple made by tuple's own __new__, no Python frame each)
    return [new(_Sentence, (st, owner_of[i], blocks[i].page, i < first, i in headings or blocks[i].kind == "table"))
            for i, st in found]


_LABEL_CELL = _on_first_use(r"[\u4e00-\u9fff]{2,10}(?:[（(](?:亿元|万元|元)[）)])?[:：]?")
_CELL_UNIT = _on_first_use(r"[（(]" + UNIT + r"[）)]")
_BARE_NUMBER = _on_first_use(r"\d[\d,]*(?:\.\d+)?")


def _table_text(block) -> str:
    """A table read row by row; a label | value row (a cover's or a 申报表's "建设单位 | 某某局", "总投资（万元） |
    486.50") as the statement it stands for ("建设单位：某某局", "总投资：486.50万元"), so that the facts are read from
    it as from a sentence."""
    if not block.rows:
        return block.text.replace("\t", " ")
    lines = []
    for row in block.rows:
        cells = [c.strip() for c in row if c and c.strip()]
        label = "".join(cells[0].split()) if cells else ""
        # a form of two label | value pairs a row ("项目名称 | 某平台 | 建设单位 | 某局"): each pair its own statement
        # (a header row is all labels: "序号 | 项目名称 | 建设单位 | 总投资")
        if len(cells) >= 4 and len(cells) % 2 == 0 and all(
                _LABEL_CELL().fullmatch("".join(c.split())) for c in cells[::2]) and not all(
                _LABEL_CELL().fullmatch("".join(v.split())) for v in cells[1::2]):
            lines += [_label_value(c, v) for c, v in zip(cells[::2], cells[1::2], strict=True)]
            continue
        if len(cells) >= 2 and _LABEL_CELL().fullmatch(label) and label not in cells[1]:
            unit = _CELL_UNIT().search(label)
            label = _CELL_UNIT().sub("", label).rstrip(":：")
            value = " ".join(cells[1:])
            if unit and _BARE_NUMBER().fullmatch(value):
                value += unit.group(1)
            lines.append(f"{label}：{value}")
        else:
            lines.append(" ".join(cells))
    return "\n".join(lines)


def _label_value(label: str, value: str) -> str:
    label = "".join(label.split())
    unit = _CELL_UNIT().search(label)
    label = _CELL_UNIT().sub("", label).rstrip(":：")
    return f"{label}：{value}{unit.group(1) if unit and _BARE_NUMBER().fullmatch(value) else ''}"


_UNIT_START = re.compile(r"^\s*(?:亿元|万元|元)")
_FIGURE_END = re.compile(r"(?:总投资|投资总额|预算|概算|估算|合计|总计)[^。；;]*?\d[\d,.]*\s*$")


_CN_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "二": 2, "两": 2, "叁": 3, "三": 3, "肆": 4, "四": 4,
              "伍": 5, "五": 5, "陆": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
_CN_SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def _cn_amount_to_number(text: str) -> float | None:
    """柒拾捌万 → 780000, 一亿二千万 → 120000000, 三百五十 → 350: an exact converter for written amounts."""
    total = section = number = 0
    seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            number, seen = _CN_DIGITS[ch], True
        elif ch in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[ch]
            number, seen = 0, True
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            if unit > 10_000:
                total = (total + section + number) * unit
            else:
                total += (section + number) * unit
            section = number = 0
        else:
            return None
    value = total + section + number
    return float(value) if seen and value else None


def _amounts(sentence: str) -> list[tuple[float, int]]:
    """(万元, start) of every amount that is not a threshold ("不足100万元", "100万元及以上")."""
    found = []
    matches = [(m, to_wan(float(m.group(1).replace(",", "")), m.group(2))) for m in _AMOUNT.finditer(sentence)]
    for m in _CN_AMOUNT.finditer(sentence):
        value = _cn_amount_to_number(m.group(1))
        if value:
            matches.append((m, to_wan(value, m.group(2))))
    for m, value in matches:
        if _THRESHOLD_BEFORE.search(sentence[max(0, m.start() - 4): m.start()]) or \
                _THRESHOLD_AFTER.match(sentence[m.end():]):
            continue
        found.append((value, m.start()))
    return sorted(found, key=lambda x: x[1])


def _visit(sentences: list[_Sentence], rx: re.Pattern, joined: Joined | None):
    """(index, sentence) of the sentences that may hold a match of ``rx``, in order: those ``joined`` points to,
    or every one without it. A loop that does nothing with a sentence where ``rx`` finds nothing reads the same."""
    indices = joined.candidates(rx) if joined is not None else range(len(sentences))
    return ((i, sentences[i]) for i in indices)


def _find_positive(sentences: list[_Sentence], pattern: str,
                   not_if: tuple[re.Pattern, re.Pattern] | None = None,
                   joined: Joined | None = None, skip: Callable[[_Sentence], bool] | None = None,
                   ) -> _Sentence | None:
    """The first sentence that states ``pattern`` without negating it (nor only naming it in a cited title); with ``not_if`` = (other, unless), a
    clause that names ``other`` (等保测评) and not ``unless`` (软件) is about something else."""
    rx = re.compile(pattern)
    for i in joined.candidates(rx) if joined is not None else range(len(sentences)):
        s = sentences[i]
        if skip is not None and skip(s):
            continue  # (the first positive among the others is the first one of the list without them)
        for m in rx.finditer(s.text):
            if negated_at(s.text, m.start()) or in_cited_title(s.text, m.start(), m.end()):
                continue
            if not_if:
                clause = next(c for c in clause_spans(s.text) if c[0] <= m.start() < c[1])
                text = s.text[clause[0]: clause[1]]
                if not_if[0].search(text) and not not_if[1].search(text):
                    continue
            return s
    return None


# A sentence that tells what a chapter covers ("本章说明项目组织、工程监理安排") names topics, it decides none.
_PREVIEW = _on_first_use(r"^(?:本章|本节|本部分|本篇|以下)(?:主要|重点)?(?:说明|介绍|阐述|描述|论述|包括|包含|从|对|就)")


def _names_only(s: _Sentence) -> bool:
    """A mention that names the topic without stating a decision on it: a heading, a table row or a chapter's
    preview."""
    return s.names_only or bool(_PREVIEW().match(s.text))


def _ruled_out(sentences: list[_Sentence], pattern: str, joined: Joined | None = None) -> _Sentence | None:
    """The first sentence that names ``pattern`` only to rule it out ("本项目不再委托工程监理单位", "取消工程监理环节"):
    an opt-out, not a supposition (如需…) nor a cited title."""
    rx = re.compile(pattern)
    for i in joined.candidates(rx) if joined is not None else range(len(sentences)):
        s = sentences[i]
        if _names_only(s):
            continue
        for m in rx.finditer(s.text):
            if negated_at(s.text, m.start()) and not supposed_at(s.text, m.start()) and \
                    not in_cited_title(s.text, m.start(), m.end()):
                return s
    return None


def _flag(sentences: list[_Sentence], pattern: str, not_if: tuple[re.Pattern, re.Pattern] | None,
          joined: Joined) -> Fact:
    """A yes/no fact. The first sentence that states it decides, unless the document rules the thing out in a
    sentence of its own and every statement of it only names it (a cost-table row, a chapter's preview): one
    explicit "不再委托监理" outweighs a 监理费 row left in the estimate or a section still titled 工程监理."""
    hit = _find_positive(sentences, pattern, not_if, joined)
    if hit is None:
        return Fact(False)
    if _names_only(hit) and _find_positive(sentences, pattern, not_if, joined, skip=_names_only) is None and \
            (out := _ruled_out(sentences, pattern, joined)):
        return _fact(False, out, "ruled out; named elsewhere only in a table or a chapter's preview")
    return _fact(True, hit)


def _fact(value, s: _Sentence | None, why: str | None = None) -> Fact:
    if s is None:
        return Fact(value, why=why)
    return Fact(value, s.text[:200], s.section, s.page, why)


def extract_facts(tree: SectionTree) -> Facts:
    sents = _sentences(tree)
    front = [s for s in sents if s.front]
    joined = Joined(sents)
    facts = Facts()
    facts.doc_type = _doc_type(front, sents)
    facts.project_name = _project_name(front, sents, tree, joined)
    facts.owner = _owner(front, sents, joined)
    facts.investment_wan = _investment(sents, tree, facts.doc_type.value, facts.project_name.value, joined)
    facts.project_class, facts.build_mode = _project_class(sents, facts.doc_type.value,
                                                           facts.project_name.value, tree, joined)
    facts.region, facts.region_code, facts.region_level = _region(facts, sents, joined)
    facts.free_maintenance_months = _free_maintenance(sents, joined)
    facts.dengbao_level = _dengbao(sents, joined)
    for name, pattern in FLAG_PATTERNS.items():
        setattr(facts, name, _flag(sents, pattern, FLAG_NOT_IF.get(name), joined))
    return facts


def _doc_type(front: list[_Sentence], sents: list[_Sentence]) -> Fact:
    from .crypto_plan import DOC_TYPE, crypto_plan_line  # a 密码应用方案 on its own (analyze/crypto_plan.py)
    if (line := crypto_plan_line(front, sents)) is not None:
        return _fact(DOC_TYPE, line, "title page names a 密码应用方案")
    for pool, why in ((front, "title page"), (sents[:40], "opening text")):
        # A type line's genre is its END: "项目建议书暨可行性研究报告" is a study (the later, stricter stage of the
        # two it merges), "运维服务实施方案" an O&M plan. A line that ends in its genre is the type line; a genre
        # word inside a line (a project named after a 实施方案) counts only when no line ends in one.
        best = None
        for order, s in enumerate(pool):
            # "（项目建议书、可行性研究报告二合一）" names merged stages; the line before it is the type.
            if re.match(r"^[（(]", s.text):
                continue
            # a numbered chapter heading (第四章 建设方案, 一、前期准备：需求论证与可行性研究) names a topic of
            # the body, not the document's type
            if s.names_only and parse_numbering(s.text) is not None:
                continue
            found = line_genre(s.text)
            if found:
                dtype, at_end = found
                key = (not at_end, order)
                if best is None or key < best[0]:
                    best = (key, dtype, s)
        if best:
            return _fact(best[1], best[2], why)
    # A letter applying for a system's O&M funds (关于申请…运维经费的请示), when it names no type, is an O&M
    # application: the plan it carries, if any, is an O&M plan.
    for s in front[:3]:
        if _OPS_FUNDS_LETTER.search(s.text.strip("。 ")):
            return _fact("operations_plan", s, "letter applying for O&M funds")
    # A 项目申报表 with no other type named is the 申报 stage's submission on its own (a form before a study with its
    # own cover is typed by the study: that line is found above).
    for s in front:
        if _DECLARATION_FORM.search(s.text.strip("。 ")):
            return _fact("proposal", s, "title page: 申报表")
    for s in sents:
        m = re.search(r"本(?:报告|方案|建议书)", s.text)
        if m:
            for pattern, dtype in DOC_TYPES:
                if re.search(pattern, s.text):
                    return _fact(dtype, s, "body")
    return Fact("other", why="no document type named")


_DECLARATION_FORM = re.compile(r"项目(?:建设)?申报表$")
_OPS_FUNDS_LETTER = re.compile(r"^关于申请.{0,40}(?:运维|运行维护).{0,12}(?:经费|资金|费用)的(?:请示|函)$")
# The project a letter is about, in its title: "关于申请某平台2027年度运维服务项目经费的请示".
_LETTER_PROJECT = re.compile(r"^关于(?:申请|请求|报批|拨付)?(.{4,40}?(?:项目|工程))[^的]{0,10}的(?:请示|函)$")
_LINE_TAIL = re.compile(r"(?:[（(【\[][^）)】\]]{0,16}[）)】\]]|[\s。.、:：])+$")


def line_genre(text: str) -> tuple[str, bool] | None:
    """The document type a line names, read from its end (blanks removed: 可 行 性 研 究 报 告 on a spaced cover),
    and whether the line ends with it. Drafting marks after it (（二合一）, （送审稿）, （代可行性研究报告）) are
    not the genre."""
    line = _LINE_TAIL.sub("", "".join(text.split())) or "".join(text.split())
    best = None
    for pattern, dtype in DOC_TYPES:
        for m in re.finditer(pattern, line):
            if best is None or (m.end(), -m.start()) > (best[0].end(), -best[0].start()):
                best = (m, dtype)
    if best is None:
        return None
    m, dtype = best
    return dtype, len(line) <= 60 and m.end() == len(line)


# A letter's title: "关于…的请示", "…的函" (also what the gate reads as a letter sent with a proposal).
LETTER_TITLE = re.compile(r"(?:请示|函)$")
_CJK_GAP = _on_first_use(r"(?<=[\u4e00-\u9fff])\s+(?=[\dA-Za-z])|(?<=[\dA-Za-z])\s+(?=[\u4e00-\u9fff])")


def _tidy(name: str) -> str:
    """A name as written: the blanks a PDF text layer puts between Chinese and digits (系统 2025 年度) go."""
    name = name.strip()
    # (a name without inner whitespace, str.isspace as re's \s, has no gap: the pattern is not even compiled)
    return _CJK_GAP().sub("", name) if len(name.split()) > 1 else name


_DATE_LINE = _on_first_use(r"^(?:编制日期[:：]?\s*)?(?:\d{4}|二[〇○零][〇○零一二三四五六七八九]{2})\s*年"
                           r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*月)?(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?$")
_NAME_STOP = r"[。；;，,（(\n]"


_NAME_STATEMENT = re.compile(r"项目名称(?:为|是|[:：])\s*[“\"《]?([^。；;，,\n”\"》]{4,60}?)[”\"》]?(?:[。；;，,]|$)")


def _project_name(front, sents, tree, joined: Joined | None = None) -> Fact:
    for _, s in _visit(sents, _NAME_STATEMENT, joined):  # (the sentences that say 项目名称)
        m = _NAME_STATEMENT.search(s.text)
        if m:
            return _fact(_tidy(m.group(1)), s, "项目名称")
    for sec in tree.sections():
        if re.search(r"项目名称", sec.title) and sec.body:
            first = pieces(sec.body.strip(), PLAIN_ENDS)[0].strip()
            if 4 <= len(first) <= 60 and not re.search(r"[:：]", first):
                return Fact(first, first, sec.id, sec.page, "section 项目名称")
    # Title page: the lines before the document type word, joined.
    title_lines, in_letter = [], False
    for s in front:
        t = s.text.strip("。 ")
        if in_letter or LETTER_TITLE.search(t):
            # a letter sent with the document (its title, addressee, sentences and signature, down to its date)
            # stands before the cover: the name starts after it
            title_lines, in_letter = [], not (in_letter and _DATE_LINE().match(t))
            continue
        # (the earliest type word cuts the name: "运维项目申报书" is no "运维" + "项目申报书")
        cut = min((m.start() for pattern, _ in DOC_TYPES if (m := re.search(pattern, t))), default=None)
        if cut is None and re.search(r"\s", t) and (genre := line_genre(t)) and genre[1] and \
                any(re.match(pattern, "".join(t.split())) for pattern, _ in DOC_TYPES):
            cut = 0  # a letter-spaced type line (可 行 性 研 究 报 告) is no part of the name
        if cut is not None:
            named = "".join(title_lines).endswith(("项目", "工程"))
            tail = "运维服务项目" if re.match(r"运维|运行维护", t[cut:]) and not named else ""
            t = t[:cut] + tail
            if t:
                title_lines.append(t)
            break
        if re.search(r"单位[:：]", t) or _DATE_LINE().match(t):
            break
        title_lines.append(t)
    # An organisation alone on the cover's first line, above a title of its own ("某某局" / "某平台运维服务方案"),
    # is the owner standing over the title, not the start of the project's name.
    if len(title_lines) >= 2 and _ORG_LINE.fullmatch(title_lines[0]) and \
            re.search(r"平台|系统|工程|项目|网络|中心|数据库|应用|云", "".join(title_lines[1:])):
        title_lines = title_lines[1:]
    name = "".join(title_lines).strip()
    if not name and front and (m := _LETTER_PROJECT.match(front[0].text.strip("。 "))):
        return _fact(_tidy(m.group(1)), front[0], "letter title")
    if name:
        if not name.endswith(("项目", "工程")):
            name += "项目" if name.endswith("建设") else ""
        return _fact(_tidy(name), front[0] if front else None, "title page")
    return Fact(None)


# (three characters name a ministry or commission: 民政部, 水利部, 发改委; a 街道办事处, a 管委会, a 大队, a 管理处, a
# school or a 联合社 builds projects too. A company alone on a cover line is as often the firm that wrote the study: it
# is read only under an owner's label.)
_ORG_LINE = re.compile(r"[\u4e00-\u9fff（）()]{2,30}(?:局|委员会|委|厅|中心|办公室|政府|部|院|所|馆|站|办事处|管委会|"
                       r"队|处|联合社|联合会|协会|学校|中学|小学|大学)")
# An organisation's name ends in the word for a kind of body; a description ("…工作的主管部门") or a pronoun
# ("我局") does not name one.
_ORG_NAME = _on_first_use(r"(?![我本该])[\u4e00-\u9fff（）()]{2,38}(?:局|委员会|委|厅|中心|办公室|办|政府|人民政府|部|院|所|馆|"
                          r"站|公司|集团|队|处|社|校|大学|中学|小学|医院|街道办事处|街道|镇|乡|联合会|协会|研究会|总会|分会|管委会)")
# The owner's own labels outrank those of the body above it (主管单位) or the buyer's office (采购单位).
# (a label in 【】 with its value after it: "【项目建设单位】某市大数据中心", the bracket-label habit of 建议书 templates)
_OWNER_LABEL = re.compile(r"(?:项目建设单位|建设单位|项目单位|申报单位|项目承担单位|项目业主|业主单位)(?:（盖章）|\(盖章\))?"
                          r"(?:为|是|[:：]|】[:：]?)\s*([^。；;，,（(\n：:]{3,40})")
# "项目由某市行政审批服务局负责建设": the owner named in a sentence about who builds the project
# (opening on 由, the subject behind it: a pattern opening on an optional group loses its first-character scan)
_BUILT_BY = re.compile(r"(?<=项目|工程|平台|系统)由([^。；;，,（(\n：:由]{3,40}?)(?:负责|牵头)(?:组织)?(?:建设|实施|组织实施)")
# The owner's label as a heading of its own (the national templates' "1.2 项目建设单位"), the name opening its body.
_OWNER_HEADING = re.compile(r"(?:项目)?(?:建设|承担|申报|业主)单位|项目单位|项目业主")
_FIRST_CLAUSE = re.compile(r"[^，,。；;（(：:\s]{2,40}")
_SUPERIOR_LABEL = re.compile(r"(?:采购单位|采购人|主管单位|主管部门)(?:为|是|[:：]|】[:：]?)\s*([^。；;，,（(\n：:]{3,40})")


def _owner(front, sents, joined: Joined | None = None) -> Fact:
    """The owner, by rank: the owner's own label with a name after it (anywhere, in document order); an
    organisation alone on a cover line; a sentence saying who builds the project ("项目由…负责建设"); a superior's
    or buyer's label with a name; a label followed by a description, not a name, last."""
    described = None
    for rx, why in ((_OWNER_LABEL, "建设单位"), (None, "title page"), (_BUILT_BY, "由…负责建设"),
                    (_SUPERIOR_LABEL, "主管/采购单位")):
        if rx is _SUPERIOR_LABEL and (signed := _letter_signature(front, sents)):
            return signed
        if rx is None:
            # Title pages often list the owner alone on a line ending in 局/委/厅/中心/办公室…
            for s in front:
                if _ORG_LINE.fullmatch(s.text.strip("。 ")):
                    return _fact(s.text.strip("。 "), s, "title page")
            continue
        for _, s in _visit(sents, rx, joined):
            for m in rx.finditer(s.text):
                value = _tidy(m.group(1))
                if _ORG_NAME().fullmatch(value):
                    return _fact(value, s, why)
                if described is None and rx is not _BUILT_BY:  # (a sentence's "由承建单位负责建设" names nobody)
                    described = _fact(value, s, why)
        if rx is _OWNER_LABEL and (named := _owner_under_its_heading(sents)):
            return named
    return described or Fact(None)


def _letter_signature(front, sents) -> Fact | None:
    """A letter (关于…的请示, …的函) is signed by the office that sends it: the organisation alone on the line above
    the letter's date, at its end. When the letter carries the plan it applies for (an O&M funding 请示 with its
    chapters), that office is the owner."""
    if not any(LETTER_TITLE.search(s.text.strip("。 ")) for s in front[:3]):
        return None
    tail = sents[-_SIGNATURE_SPAN:]
    for k in range(len(tail) - 1, 0, -1):
        if _DATE_LINE().match(tail[k].text.strip("。 ")):
            org = tail[k - 1].text.strip("。 ")
            return _fact(org, tail[k - 1], "letter signature") if _ORG_LINE.fullmatch(org) else None
    return None


_SIGNATURE_SPAN = 4  # the signature and date, and a contact line or two after them


def _owner_under_its_heading(sents) -> Fact | None:
    """"1.2 项目建设单位" over "民政部，具体实施单位为…": the name that opens the first sentence of the section."""
    for k, s in enumerate(sents[:-1]):
        if not s.names_only or s.front:
            continue
        num = parse_numbering(s.text)
        title = (num.rest if num else s.text).strip(" ：:")
        body = sents[k + 1]
        if _OWNER_HEADING.fullmatch(title) and body.section == s.section and not body.names_only and \
                (m := _FIRST_CLAUSE.match(body.text)) and _ORG_NAME().fullmatch(value := _tidy(m.group(0))):
            return _fact(value, body, "建设单位")
    return None


def _investment(sents: list[_Sentence], tree: SectionTree, doc_type: str | None = None,
                project_name: str | None = None, joined: Joined | None = None) -> Fact:
    best: tuple[tuple[int, int, int, int], float, _Sentence] | None = None
    cues = _OPS_TOTAL_CUE if doc_type == "operations_plan" else _TOTAL_CUE
    # an annex that is another paper (附件1 关于…项目建议书的批复, 附件 专家评审意见) quotes that paper's figures
    annexed = {sub.id for sec in tree.sections() if _ANNEXED_PAPER.search(sec.title) for sub in sec.walk()}
    years = [int(y) for y in re.findall(r"(20\d{2})年", project_name or "")]
    for order, s in _visit(sents, cues, joined):
        if not cues.search(s.text):
            continue
        for cue in cues.finditer(s.text):
            amounts = [a for a in _amounts(s.text) if a[1] >= cue.start()]
            if not amounts:
                break
            value, at = amounts[0]
            ops_fee = bool(_OPS_FEE.fullmatch(cue.group(0)))
            if ops_fee and (_past_year(s.text[clause_start(s.text, at): at], years) or
                            "其中" in s.text[clause_start(s.text, cue.start()): at]):
                continue  # last year's fee quoted beside this year's; a part of the fee (其中应用运维经费…)
            # Prefer the phrase that names the total most explicitly; figures of an earlier, approved stage last.
            rank = 0 if _STRONG_CUE.search(cue.group(0)) or \
                (ops_fee and _SUMMED.search(s.text[clause_start(s.text, cue.start()): at])) else 1
            clause = s.text[clause_start(s.text, at): at]
            if _EARLIER_STAGE.search(clause) or _approved_before(s.text, at):
                rank = 2
            # The total belongs to THIS project: a figure stated for an existing system, an earlier phase or
            # another project ("已建成…系统（2016年建设，总投资1,260万元）", "一期项目，项目总投资380万元") is not it.
            subject = "other" if s.section in annexed else _subject(clause, s.text[:at], s.text)
            key = (int(subject == "other"), rank, int(subject != "this"), order)
            if best is None or key < best[0]:
                best = (key, value, s)
    if best:
        return _fact(best[1], best[2], "total investment phrase")
    total = table_total(tree.document.blocks) or table_total(_text_tables(tree.document.blocks))
    if total is not None:
        owner = next((sec.id for sec in tree.sections() if sec.block_index <= total.block_index < sec.span[1]), None)
        row = _Sentence(total.row_text, owner, tree.document.blocks[total.block_index].page, False)
        return _fact(total.value_wan, row, "total row of the cost table")
    return Fact(None, why="no total investment found")


def _text_tables(blocks: list[Block]) -> list[Block]:
    """A plain text's tables (TXT, a table pasted as lines): runs of three or more lines whose cells stand apart by
    tabs or runs of blanks ("费用项  测算依据  金额（万元）" / … / "合计    86.40"), as table blocks at the index of the
    run's first line (blocks of the same count, so a total's block index still points into the document). The unit
    is in the header line, not in the total row."""
    out = list(blocks)
    k = 0
    while k < len(blocks):
        run = k
        while run < len(blocks) and blocks[run].kind == "paragraph" and has_cell_gap(blocks[run].text) and \
                len(cells := typed_cells(blocks[run].text)) >= 2 and all(len(c) <= 30 for c in cells):
            run += 1
        if run - k >= 3:
            rows = tuple(tuple(typed_cells(b.text)) for b in blocks[k:run])
            # a total row's cells left blank ("合计    86.40") are put back under the header's columns, right-aligned
            width = len(rows[0])
            rows = tuple(r if len(r) >= width else (r[0], *[""] * (width - len(r)), *r[1:]) for r in rows)
            out[k] = Block("\n".join(b.text for b in blocks[k:run]), "table", blocks[k].page, rows=rows)
            out[k + 1: run] = [Block("")] * (run - k - 1)
        k = max(run, k + 1)
    return out


_CLASS_WORDS = (
    (r"运维服务类|运行维护服务类|运行维护类|运维类", "operations"),
    (r"采购服务类|购买服务类|服务采购类|政府购买服务|购买服务方式|采购服务方式", "service_purchase"),
    (r"建设类", "construction"),
)
# "项目类别：建设类", "本项目属于运维服务类项目": statements about this project, not any mention of a class word.
_CLASS_STATEMENT = re.compile(r"(?:项目(?:类型|类别|分类|性质)|所属类别|项目属性|实施方式)\s*(?:[:：]|为|是|属于|\s+(?=[□☐☑■√✓✔☒⊠▣]))")
# A checkbox form ("□建设类 ☑采购服务类 □运维类"): only the marked choice is stated.
_CHECKED = "☑■√✓✔☒⊠▣"
_BOXES = _on_first_use(f"[□☐○◯{_CHECKED}]")
_THIS_PROJECT = re.compile(r"本项目|该项目|本工程")
# A 项目基本情况 paragraph speaks of the project without 本: "项目总投资78万元，…，采取购买服务方式实施。"
_PROJECT_FIRST = re.compile(r"\s*项目")
# A clause about later or other projects ("后续运维经费按运维服务类项目另行申报") is no statement about this one.
_OTHER_PROJECT = _on_first_use(r"后续|今后|建成后|验收后|另行|届时|以后|下一步|远期|运维经费|运维资金|运行维护经费")
_ANY_CLASS_WORD = re.compile("|".join(pattern for pattern, _ in _CLASS_WORDS))
_MODE_STATEMENT = re.compile(r"(?:建设性质|项目性质|建设类型|建设方式)\s*(?:[:：]|为|是|属于)\s*([^。；，,]{0,12})")
# Moving a running system onto the cloud (迁移上云) carries that system forward too: no new build.
_MIGRATION = r"迁移上云|上云迁移|迁移(?:部署)?(?:至|到)(?:[\u4e00-\u9fff]{0,6})?云"
_UPGRADE = r"升级改造|改造升级|升级完善|扩容改造|改扩建|续建|升级|改造|扩容|二期|三期|" + _MIGRATION


def _class_of(text: str) -> str | None:
    for pattern, value in _CLASS_WORDS:
        m = re.search(pattern, text)
        if m and not negated_at(text, m.start()):
            return value
    return None


def _stated_class(text: str) -> str | None:
    """The class a 项目类别 statement gives: on a checkbox form the word after a marked box, else the first."""
    text = re.split(r"[。；;\n]", text, maxsplit=1)[0]
    if not _BOXES().search(text):
        return _class_of(text[:16])
    for m in re.finditer(f"[{_CHECKED}]\\s*", text):
        choice = re.split(r"[□☐○◯]", text[m.end(): m.end() + 10], maxsplit=1)[0]
        # the word right after the mark: a PDF may draw the empty boxes elsewhere (☑建设类运维类购买服务类□□),
        # leaving the other choices run on after the marked one
        value = next((v for pattern, v in _CLASS_WORDS if re.match(pattern, choice)), None) or _class_of(choice)
        if value:
            return value
    return None


def _project_class(sents: list[_Sentence], doc_type, project_name: str | None,
                   tree: SectionTree, joined: Joined | None = None) -> tuple[Fact, Fact]:
    """Class and build mode from what the document says about *this* project: an explicit 项目类别 statement, then
    the project's name, then a clause whose subject is 本项目; the document type and the default last."""
    cls = None
    for _, s in _visit(sents, _CLASS_STATEMENT, joined):
        m = _CLASS_STATEMENT.search(s.text)
        if m:
            value = _stated_class(s.text[m.end(): m.end() + 40])
            if value:
                cls = _fact(value, s, "项目类别 stated")
                break
    if cls is None and project_name:
        if re.search(r"运维(?:服务)?项目|运行维护(?:服务)?项目|运维服务", project_name):
            cls = Fact("operations", project_name, why="project name")
        elif re.search(r"购买服务|采购服务", project_name):
            cls = Fact("service_purchase", project_name, why="project name")
    if cls is None:
        # (a sentence without a class word has no clause with one)
        for _, s in _visit(sents, _ANY_CLASS_WORD, joined):
            if not (_THIS_PROJECT.search(s.text) or _PROJECT_FIRST.match(s.text)):
                continue
            parts = [c for c in clauses(s.text) if c]
            for clause in parts:
                if _OTHER_PROJECT().search(clause):
                    continue
                value = _class_of(clause)
                if value and (_THIS_PROJECT.search(clause) or _THIS_PROJECT.search(parts[0])
                              or _PROJECT_FIRST.match(parts[0])):
                    cls = _fact(value, s, "statement about this project")
                    break
            if cls:
                break
    if cls is None:
        if doc_type == "operations_plan":
            cls = Fact("operations", why="operations plan")
        else:
            cls = Fact("construction", why="default for a construction document")
    return cls, _build_mode(sents, project_name, joined)


def _build_mode(sents: list[_Sentence], project_name: str | None, joined: Joined | None = None) -> Fact:
    for _, s in _visit(sents, _MODE_STATEMENT, joined):
        m = _MODE_STATEMENT.search(s.text)
        if m and re.search(r"新建|升级|改造|扩建|续建|扩容", m.group(1)):
            value = "new" if re.match(r"\s*新建", m.group(1)) else "upgrade"
            return _fact(value, s, "建设性质 stated")
    if project_name and re.search(_UPGRADE, project_name):
        return Fact("upgrade", project_name, why="project name")
    for _, s in _visit(sents, _THIS_PROJECT, joined):
        if not _THIS_PROJECT.search(s.text):
            continue
        for clause in clauses(s.text):
            if not _THIS_PROJECT.search(clause) or _OTHER_PROJECT().search(clause):
                continue
            m = re.search(r"升级改造|改造升级|扩容改造|改扩建|续建|" + _MIGRATION, clause)
            if m and not negated_at(clause, m.start()):
                return _fact("upgrade", s, "statement about this project")
    return Fact("new", why="no upgrade of an existing system stated")


_CITED_TITLE = re.compile(r"《([^》]{4,40}(?:办法|规定|条例|细则|意见|通知))》")


def _region(facts: Facts, sents: list[_Sentence], joined: Joined | None = None) -> tuple[Fact, Fact, Fact]:
    """(region full name, its division code, its level) from the owner, the project name and the title page, in
    that order of trust; then the local regulations the text cites. A central organ (国家…局, …部) is level
    ``central`` with no region."""
    owner, name = facts.owner.value, facts.project_name.value
    title = "\n".join(s.text for s in sents if s.front)
    region, which = region_of(owner, name, title)
    if region is not None:
        source = (facts.owner, facts.project_name, None)[which]
        why = ("owner", "project name", "title page")[which]
        if source is not None:
            ev = (source.quote, source.section, source.page)
        else:
            first = next((s for s in sents if s.front and region.name[:2] in s.text), None)
            ev = (first.text[:200], first.section, first.page) if first else (None, None, None)
        return (Fact(region.full_name, *ev, why=f"{why}: {region.name}"), Fact(region.code, why=why),
                Fact(region.level, why=why))
    if is_central_body(owner):
        f = facts.owner
        return (Fact(None, why="central organ"), Fact(None), Fact("central", f.quote, f.section, f.page, "owner"))
    cited: dict[str, tuple[int, _Sentence]] = {}
    gaz = load_gazetteer()
    for _, s in _visit(sents, _CITED_TITLE, joined):
        for m in _CITED_TITLE.finditer(s.text):
            r = gaz.resolve(m.group(1))
            if r is not None:
                n, first = cited.get(r.code, (0, s))
                cited[r.code] = (n + 1, first)
    if cited:
        code, (_, s) = max(cited.items(), key=lambda kv: (kv[1][0], len(kv[0].rstrip("0"))))
        r = gaz.get(code)
        assert r is not None
        return (_fact(r.full_name, s, "cites a local regulation"), Fact(code, why="cited regulation"),
                Fact(r.level, why="cited regulation"))
    level = _RELATIVE_OWNER_LEVEL.get(m.group(1)) if owner and (m := _RELATIVE_OWNER.match(owner)) else None
    if level is not None:
        # "自治区人社厅", "市数据局": the owner names only its level, as a department does inside its own region;
        # the region is the one the places of the text lie in (呼和浩特市、包头市、赤峰市… → 内蒙古自治区)
        r = region_of_places("\n".join(s.text for s in sents[:_PLACES_SENTENCES]), level)
        if r is not None:
            f = facts.owner
            why = f"owner names its level ({m.group(1)}); the places the text names lie in {r.name}"
            return (Fact(r.full_name, f.quote, f.section, f.page, why), Fact(r.code, why=why),
                    Fact(r.level, why=why))
    return Fact(None, why="no region found"), Fact(None), Fact(None)


# An owner named by its level alone, and the level it stands for (a county's own 区/县/旗 is left out: the places
# around it are its prefecture's too).
_RELATIVE_OWNER = re.compile(r"^(自治区|省|市(?!场)|州|盟)")
_RELATIVE_OWNER_LEVEL = {"自治区": "province", "省": "province", "市": "prefecture", "州": "prefecture",
                         "盟": "prefecture"}
_PLACES_SENTENCES = 300  # the places are read from the opening sentences (mentions cost a scan of the text)


# "提供2年免费运维", "免费期", and the order turned round: "第一年运维由承建单位免费提供".
_FREE_CUE = re.compile(r"免费(?:运维|运行维护|维护|维保|技术支持|服务|售后|保修)|免费期|运维[^，,。；;]{0,12}?免费提供")
# A warranty of the system: 质保(期), 维保(期) (not the 维保 inside 运维保障), 保修期, 缺陷责任期 (engineering contracts).
_WARRANTY_CUE = re.compile(r"质保期?|(?<!运)维保期?|保修期|缺陷责任期")
_EARLIER_CONTRACT = re.compile(r"原(?:建设)?合同|原承建|已于|已经|届满|到期")
_ANY_TERM_CUE = re.compile(f"{_FREE_CUE.pattern}|{_WARRANTY_CUE.pattern}")  # a clause without one is skipped
_HARDWARE = re.compile(r"硬件|设备|原厂|服务器|终端|摄像|主机")
_PERIOD_GOES_ON = re.compile(r"\s*(?:为期|期限(?:为|是)?|时长(?:为)?|共计?|合计)")
_DURATION = _on_first_use(r"(?<![\d.])(?P<n>\d{1,2}(?:\.5)?|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})\s*"
                          r"(?P<unit>个月|年半|年(?!度|份|\s*\d)|月)"
                          r"|(?P<half>半年)")


def _months(m: re.Match) -> float | None:
    if m["half"]:
        return 6
    raw = m["n"]
    n = float(raw) if raw[0].isdigit() else cn_to_int(raw)
    if n is None:
        return None
    if m["unit"] == "年半":
        return n * 12 + 6
    return n * 12 if m["unit"] == "年" else n


def _free_maintenance(sents, joined: Joined | None = None) -> Fact:
    """The free O&M period in months, from the clause that grants it; a hardware 质保 is a different thing and
    counts only when nothing else is said (and then only a warranty of the system itself)."""
    fallback = None
    for _, s in _visit(sents, _ANY_TERM_CUE, joined):  # (a clause holds a cue only where its sentence does)
        parts = clauses(s.text, "，,；;。")
        for i, clause in enumerate(parts):
            cue = _FREE_CUE.search(clause)
            warranty = None if cue else _WARRANTY_CUE.search(clause)
            if not (cue or warranty) or _EARLIER_CONTRACT.search(clause):
                continue
            # "免费运维期自终验合格之日起计算，为期一年": the length told in the clause that goes on
            if not _DURATION().search(clause) and i + 1 < len(parts) and _PERIOD_GOES_ON.match(parts[i + 1]):
                clause = f"{clause}，{parts[i + 1]}"
            durations = [d for d in _DURATION().finditer(clause)  # not the month of a date (2024年10月)
                         if not (d["unit"] == "月" and re.search(r"年\s*$", clause[: d.start()]))]
            if not durations:
                continue
            anchor = (cue or warranty).start()
            m = min(durations, key=lambda d: abs(d.start() - anchor))
            months = _months(m)
            if months is None:
                continue
            value = int(months) if float(months).is_integer() else months
            if cue:
                return _fact(value, s, clause.strip())
            if fallback is None and not _HARDWARE.search(clause):
                fallback = _fact(value, s, f"质保期（未单列免费运维期）：{clause.strip()}")
    return fallback or Fact(None, why="no free maintenance period stated")


_DENGBAO_CUE = re.compile(r"等级保护|等保|安全保护等级|定级|22239")
_LEVEL = re.compile(r"第?([一二三四五1-5])\s*级")
_SAG = re.compile(r"S([1-5])A([1-5])G([1-5])")


def _dengbao(sents, joined: Joined | None = None) -> Fact:
    """等保级别 as 第三级, 三级, 等保三级, 三级等保, 等保2.0三级, S3A3G3 or "GB/T 22239 第三级" — in a sentence about
    等级保护 (not the GB/T 39786 密码 level, which a 密评 sentence states the same way); of several levels in the
    sentence, the highest."""
    for _, s in _visit(sents, _DENGBAO_CUE, joined):
        cue = _DENGBAO_CUE.search(s.text)
        if not cue:
            continue
        sag = _SAG.search(s.text)
        if sag:
            return _fact(max(int(g) for g in sag.groups()), s, sag.group(0))
        text = re.sub(r"2\.0", "", s.text)
        levels = [m for m in _LEVEL.finditer(text)
                  if not re.search(r"密码|39786|密评", text[max(0, m.start() - 12): m.start()])]
        if levels:
            # The system's level is the higher of its 业务信息 and 系统服务 levels, so of several levels stated
            # together (…第二级，…第三级，最终定为第三级) the highest is the one it is protected at.
            def value(x: re.Match) -> int:
                g = x.group(1)
                return int(g) if g.isdigit() else cn_to_int(g)

            m = max(levels, key=value)
            return _fact(value(m), s, m.group(0))
    return Fact(None, why="no 等保 level stated")
