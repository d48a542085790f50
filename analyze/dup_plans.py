"""What a proposal plans to build, read from its section tree: names, function text, and every subsystem or
function module it plans (construction headings, body lists, function tables), each with its own text.

A rebuild often names the old system's modules only in a list or a table ("建设泊位管理、无感支付、欠费追缴三个
子系统"; a 功能模块 | 功能描述 table), so each of those is matched on its own against the inventory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.text import STATEMENT_ENDS, pieces
from ..core.types import SectionTree
from .dup_text import function_clauses, terms

OPERATIONS_DOC_TYPES = frozenset({"operations_plan"})
OPERATIONS_CLASSES = frozenset({"operations"})
CONSTRUCTION_DOC_TYPES = frozenset({"proposal", "feasibility_study", "preliminary_design"})

# A system the proposal itself builds ("建设全市统一的燃气安全监管平台"), not one it merely connects to.
_SYSTEM_NAME = re.compile(r"(?:建设|新建|建成|开发|构建|打造|搭建|升级|改造)(?:一套|一个|全[市区旗省]统一的|统一的|覆盖[^，。]{0,12}的)?"
                          r"[“「]?([\u4e00-\u9fffA-Za-z0-9]{2,24}?(?:平台|系统|中心|数据库|APP|小程序))")
_SUB_WORD = r"(?:子系统|分系统|系统|模块|子平台|平台|中心|APP|小程序|移动端|数据库|库|门户|驾驶舱|一张图)"
# A list of planned modules: "包括监督受理、指挥派遣和综合评价三个子系统" / "建设A子系统、B子系统和C模块".
_LIST = re.compile(r"(?:包括|包含|含有|分为|涵盖|建设|新建|开发)([^。；;：:]{4,160}?)(?:等)?(?:[一二三四五六七八九十\d]+[个项大])?"
                   r"(?:功能|应用)?(?:子系统|分系统|模块|系统|子平台|功能|应用|组成)")
# An enumerated line that introduces a module: "（1）泊位管理子系统：……" / "1. 欠费追缴模块。……"
_ITEM_LINE = re.compile(r"^\s*(?:[（(]?[\d一二三四五六七八九十]+[)）.．、]|[①-⑳]|[-•·])\s*"
                        r"([\u4e00-\u9fffA-Za-z0-9]{2,20}?" + _SUB_WORD + r")[：:。，,\s]?(.*)$")
_LEAD = re.compile(r"^(?:需要|需|要|可)?(?:包括|包含|含|提供|建设|新建|开发|实现|具备|支持)")
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|千|百)?(?:人|家|个|台|套|项|户|处|所|座|条|%)|约\d")
_OM_PROJECT = re.compile(r"(?:运维|运行维护|运营维护|维保)(?:服务)?(?:采购)?(?:项目)?$")
_NUMBERING = re.compile(r"^[\d.．、（）()一二三四五六七八九十第章节\s]+")
# Header words of a table listing the systems a proposal connects to or reuses (对接系统 | 对接内容 | 接口方式).
_LINK_HEADER = re.compile(r"对接|接口|关联|依托|复用|调用|交互|已建|现有|外部")
_NAME_HEADERS = ("子系统", "模块", "功能模块", "系统名称", "名称", "功能名称", "建设内容", "功能项", "应用")
_DESC_HEADERS = ("功能描述", "功能说明", "主要功能", "建设内容", "说明", "描述", "功能", "内容")


@dataclass
class Subsystem:
    name: str
    text: str
    source: str  # heading | list | table | sentence

    def clause_terms(self) -> list[tuple[str, set[str]]]:
        if not hasattr(self, "_clause_terms"):
            self._clause_terms = ([(c, set(terms(c))) for c in function_clauses(self.text)[:40]]
                                  + [(self.name, set(terms(self.name)))])
        return self._clause_terms


@dataclass
class ProposalPlans:
    """What a proposal plans to build: names, the function text, the data it collects, new vs upgrade."""

    names: list[str]
    functions: str
    data: str
    owner: str
    build_mode: str
    project_name: str
    current: str = ""  # 现状 chapters: where a proposal names the systems it means to replace
    doc_type: str = ""
    project_class: str = ""
    subsystems: list[Subsystem] = field(default_factory=list)

    @property
    def is_operations(self) -> bool:
        """An 运维方案 or an 运维服务类 project: it maintains systems, it builds none. A 建议书/可研/初设 is a
        construction document whatever class a sentence about its later O&M funding suggests."""
        if self.doc_type in OPERATIONS_DOC_TYPES:
            return True
        if self.project_class in OPERATIONS_CLASSES and self.doc_type not in CONSTRUCTION_DOC_TYPES:
            return True
        # An O&M project written as a 可研 / 建议书 (many places ask for one above a threshold): its name ends with
        # the O&M (…平台2025年度运维服务项目), not with what it builds (…运维监控平台建设项目).
        return bool(_OM_PROJECT.search(self.project_name or ""))

    def query_text(self) -> str:
        return " ".join(self.names * 2) + " " + self.functions[:4000]

    def clause_terms(self) -> list[tuple[str, set[str]]]:
        if not hasattr(self, "_clause_terms"):
            found = function_clauses(self.functions[:8000]) + self.names + [s.name for s in self.subsystems]
            self._clause_terms = [(c, set(terms(c))) for c in found]
        return self._clause_terms


def _clean(title: str) -> str:
    return _NUMBERING.sub("", title).strip(" ：:。")


def list_subsystems(text: str) -> list[Subsystem]:
    """Modules named in body lists and enumerated lines of ``text``."""
    out: list[Subsystem] = []
    for line in text.split("\n"):
        m = _ITEM_LINE.match(line)
        if m:
            out.append(Subsystem(m.group(1), m.group(1) + "：" + m.group(2), "list"))
    for sentence in pieces(text, STATEMENT_ENDS):
        for m in _LIST.finditer(sentence):
            items = [_LEAD.sub("", i.strip(" “”\"‘’")) for i in re.split(r"[、，,]|和|及|与|以及", m.group(1))]
            items = [i for i in items if 2 <= len(i) <= 20 and not _COUNT.search(i)]
            if len(items) >= 2:
                out += [Subsystem(i, sentence, "list") for i in items]
    return out


def table_subsystems(rows: tuple[tuple[str, ...], ...]) -> list[Subsystem]:
    """Rows of a function table: the module-name column with the description column (header by its words, else
    the first column whose cells name modules)."""
    if not rows or len(rows) < 2:
        return []
    header = ["".join(c.split()) for c in rows[0]]
    if any(_LINK_HEADER.search(h) for h in header):
        return []  # 对接系统 | 对接方式: the existing systems the proposal connects to, not what it builds

    def col(words) -> int | None:
        for w in words:
            for i, h in enumerate(header):
                if h == w or (w in h and len(h) <= len(w) + 4):
                    return i
        return None

    name_col, desc_col = col(_NAME_HEADERS), None
    desc_col = next((i for i in range(len(header)) if i != name_col and any(w in header[i] for w in _DESC_HEADERS)),
                    None)
    if name_col is not None and desc_col is None and not _is_module_column(rows[1:], name_col):
        return []  # 名称 | 型号 | 数量: an equipment list, not the modules the project builds
    body = rows[1:]
    if name_col is None:
        name_col = next((i for i in range(len(header)) if _is_module_column(rows, i)), None)
        body = rows if name_col is not None else []
    if name_col is None:
        return []
    out = []
    for r in body:
        name = _clean(r[name_col]) if name_col < len(r) else ""
        if not 2 <= len(name) <= 24:
            continue
        desc = r[desc_col] if desc_col is not None and desc_col < len(r) else " ".join(
            c for i, c in enumerate(r) if i != name_col)
        out.append(Subsystem(name, name + "：" + desc, "table"))
    return out


def _is_module_column(rows, i: int) -> bool:
    """At least two cells of column ``i`` name modules (…子系统, …模块, …平台)."""
    return sum(bool(re.search(_SUB_WORD + "$", r[i] if i < len(r) else "")) for r in rows) >= 2


def proposal_plans(tree: SectionTree, facts, subsystems: bool = True) -> ProposalPlans:
    """``subsystems=False``: names and texts only (what an archive scan stores to compare proposals later),
    without reading the modules out of body lists and tables (needed only to match an inventory)."""
    secs = tree.sections()
    wanted = {"construction", "requirements", "overall_design", "overview", "operations"}
    parts = [s.title + "：" + s.body for s in secs if s.label in wanted]
    functions = "\n".join(parts) if parts else tree.document.text()[:6000]
    data = "\n".join(s.body for s in secs if s.label == "data_sharing")
    names: list[str] = []
    project = facts.project_name.value or ""
    if project:
        names.append(re.sub(r"(?:建设|工程)?项目$|建设$", "", project))
    modules: list[Subsystem] = []
    building = {"construction", "overall_design", "requirements"} if subsystems else set()
    for s in secs:
        if s.label == "construction" and s.level > 1:
            title = _clean(s.title)
            names.append(title)
            if len(title) <= 20:  # a long heading is a sentence about the work, not a module's name
                modules.append(Subsystem(title, s.title + "：" + s.body, "heading"))
        if s.label in building:
            modules += list_subsystems(s.body)
            blocks = tree.document.blocks[max(s.span[0], 0): s.span[1]]
            for b in blocks:
                if b.kind == "table" and b.rows:
                    modules += table_subsystems(b.rows)
    for m in _SYSTEM_NAME.finditer(" ".join(s.body for s in secs if s.label in ("construction", "overview"))):
        if len(names) < 24:
            names.append(m.group(1))
    current = "\n".join(s.body for s in secs if s.label in ("current_state", "necessity"))
    return ProposalPlans(_unique(names), functions, data, facts.owner.value or "", facts.build_mode.value or "new",
                         project, current, facts.doc_type.value or "", facts.project_class.value or "",
                         _unique_subsystems(modules if subsystems else []))


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _unique_subsystems(subs: list[Subsystem], limit: int = 30) -> list[Subsystem]:
    by_name: dict[str, Subsystem] = {}
    for s in subs:
        key = "".join(s.name.split())
        if key in by_name:
            if len(s.text) > len(by_name[key].text):
                by_name[key] = s
        else:
            by_name[key] = s
    return list(by_name.values())[:limit]
