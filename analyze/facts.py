"""Document facts: doc type, project name, owner, total investment, class, jurisdiction, and the facts rules
need (免费运维期, 等保级别, 监理, 第三方测评, software development, new data centre, APP, 业务专网, cross-department).

Every fact keeps its evidence (quote, section, page). Negated mentions ("不新建机房", "本项目不涉及…") do not
count as the positive fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.types import SectionTree
from .negation import negated_at
from .numbering import cn_to_int

DOC_TYPES = [  # (pattern, id) — searched on the title page first
    (r"可行性研究报告|可研报告|可行性研究", "feasibility_study"),
    (r"项目建议书", "proposal"),
    (r"初步设计(?:方案)?(?:及概算)?|初设方案", "preliminary_design"),
    (r"运维(?:服务)?方案|运行维护(?:服务)?方案", "operations_plan"),
    (r"实施方案|建设方案", "implementation_plan"),
]

JURISDICTIONS = [  # most specific first
    ("dalad", r"达拉特旗|达拉特"),
    ("mudan", r"牡丹区"),
    ("ordos", r"鄂尔多斯"),
    ("datong", r"大同市|大同"),
    ("nmg", r"内蒙古自治区|自治区本级|自治区(?!以)"),
    ("national", r"国务院|国家[\u4e00-\u9fff]{0,8}(?:局|委|部|署|总局)|[\u4e00-\u9fff]{2,10}部(?:$|[^门分])|人力资源社会保障部|中央"),
]
REGULATION_HINTS = [
    ("dalad", r"达拉特旗数字城市建设项目管理办法"),
    ("mudan", r"牡丹区政务信息化项目管理办法|菏区政办发"),
    ("ordos", r"数字鄂尔多斯建设项目管理办法|鄂府发〔2023〕41号"),
    ("datong", r"大同市政务信息化项目建设应用管理办法"),
    ("nmg", r"内蒙古自治区本级政务信息化项目管理暂行办法|内政数字〔2024〕98号"),
]


# Yes/no facts the rules ask about: true when a non-negated sentence says so.
FLAG_PATTERNS = {
    "supervision_planned": r"监理",
    "software_test_planned": r"第三方(?:软件)?(?:测评|测试|检测)|软件(?:验收)?测评",
    "software_development": r"软件开发|应用系统开发|系统开发|定制开发|子系统|应用开发|平台开发",
    "new_data_centre": r"新建(?:数据中心|机房|中心机房|云计算中心)",
    "app_or_miniprogram": r"(?<![A-Za-z])(?:APP|App|app)(?![A-Za-z])|小程序|移动客户端",
    "new_private_network": r"新建[\u4e00-\u9fff]{0,10}(?:业务)?专网|自建[\u4e00-\u9fff]{0,6}专网",
    "cross_department": r"跨部门共建|多部门共建|联合建设|牵头部门会同|共建共享项目",
}

_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|元)")
_CN_AMOUNT = re.compile(r"([零壹贰叁肆伍陆柒捌玖拾佰仟萬万亿億一二三四五六七八九十百千两〇]+)\s*(亿元|万元|元)")
_TOTAL_CUE = re.compile(r"总投资|投资总额|总预算|项目预算|预算金额|估算总投资|概算总投资|总金额|项目总投资|总概算|投资估算为|投资概算为|总费用|合同金额|服务费用总计|费用合计|总计|运维费用|服务费用|项目经费")
_STRONG_CUE = re.compile(r"总投资|投资总额|总预算|总概算|估算总投资|概算总投资|投资估算为|投资概算为")
_EARLIER_STAGE = re.compile(r"批复|原项目|原投资|前期项目|上一期|一期工程|已完成投资")
_THRESHOLD_BEFORE = re.compile(r"(?:不足|不超过|不到|低于|高于|超过|不低于|未达到|达到|小于|大于)\s*$")
_THRESHOLD_AFTER = re.compile(r"\s*(?:及|或)?(?:以上|以下|以内)")
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")


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
    jurisdiction: Fact = field(default_factory=lambda: Fact(None))
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
                                                     "project_class", "jurisdiction")}

    def to_json(self) -> dict:
        return {name: {"value": f.value, "evidence": f.evidence() if f.quote else None, "why": f.why}
                for name, f in self.__dict__.items()}


@dataclass(frozen=True)
class _Sentence:
    text: str
    section: str | None
    page: int | None
    front: bool  # on the title page / before the first heading


def _sentences(tree: SectionTree) -> list[_Sentence]:
    doc = tree.document
    owner_of: dict[int, tuple[str | None, bool]] = {}
    secs = tree.sections()
    first = secs[0].block_index if secs else len(doc.blocks)
    for s in secs:
        for i in range(s.block_index, s.span[1]):
            owner_of[i] = (s.id, False)
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "toc":
            continue
        sid, _ = owner_of.get(i, (None, True))
        text = b.display_text if b.kind != "table" else b.text.replace("\t", " ")
        for m in _SENTENCE.finditer(text):
            st = m.group(0).strip()
            if st:
                out.append(_Sentence(st, sid, b.page, i < first))
    return out


def _cn_amount_to_number(text: str) -> float | None:
    try:
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except Exception:
        return None


def _to_wan(number: float, unit: str) -> float:
    if unit == "亿元":
        return round(number * 10000, 4)
    if unit == "元":
        return round(number / 10000, 4)
    return round(number, 4)


def _amounts(sentence: str) -> list[tuple[float, int]]:
    """(万元, start) of every amount that is not a threshold ("不足100万元", "100万元及以上")."""
    found = []
    matches = [(m, _to_wan(float(m.group(1).replace(",", "")), m.group(2))) for m in _AMOUNT.finditer(sentence)]
    for m in _CN_AMOUNT.finditer(sentence):
        value = _cn_amount_to_number(m.group(1))
        if value:
            matches.append((m, _to_wan(value, m.group(2))))
    for m, value in matches:
        if _THRESHOLD_BEFORE.search(sentence[max(0, m.start() - 4): m.start()]) or \
                _THRESHOLD_AFTER.match(sentence[m.end():]):
            continue
        found.append((value, m.start()))
    return sorted(found, key=lambda x: x[1])


def _find_positive(sentences: list[_Sentence], pattern: str) -> _Sentence | None:
    rx = re.compile(pattern)
    for s in sentences:
        for m in rx.finditer(s.text):
            if not negated_at(s.text, m.start()):
                return s
    return None


def _fact(value, s: _Sentence | None, why: str | None = None) -> Fact:
    if s is None:
        return Fact(value, why=why)
    return Fact(value, s.text[:200], s.section, s.page, why)


def extract_facts(tree: SectionTree) -> Facts:
    sents = _sentences(tree)
    front = [s for s in sents if s.front]
    facts = Facts()
    facts.doc_type = _doc_type(front, sents)
    facts.project_name = _project_name(front, sents, tree)
    facts.owner = _owner(front, sents)
    facts.investment_wan = _investment(sents, tree)
    facts.project_class, facts.build_mode = _project_class(sents, facts.doc_type.value)
    facts.jurisdiction = _jurisdiction(facts, sents)
    facts.free_maintenance_months = _free_maintenance(sents)
    facts.dengbao_level = _dengbao(sents)
    for name, pattern in FLAG_PATTERNS.items():
        hit = _find_positive(sents, pattern)
        setattr(facts, name, _fact(True, hit) if hit else Fact(False))
    return facts


def _doc_type(front: list[_Sentence], sents: list[_Sentence]) -> Fact:
    from .crypto_plan import DOC_TYPE, crypto_plan_line  # a 密码应用方案 on its own (analyze/crypto_plan.py)
    if (line := crypto_plan_line(front, sents)) is not None:
        return _fact(DOC_TYPE, line, "title names a 密码应用方案")
    for pool, why in ((front, "title page"), (sents[:40], "opening text")):
        best = None
        for s in pool:
            for pattern, dtype in DOC_TYPES:
                m = re.search(pattern, s.text)
                # "（项目建议书、可行性研究报告二合一）" names merged stages; the line before it is the type.
                if m and not re.match(r"^[（(]", s.text):
                    pos = (pool.index(s), m.start())
                    if best is None or pos < best[0]:
                        best = (pos, dtype, s)
        if best:
            return _fact(best[1], best[2], why)
    for s in sents:
        m = re.search(r"本(?:报告|方案|建议书)", s.text)
        if m:
            for pattern, dtype in DOC_TYPES:
                if re.search(pattern, s.text):
                    return _fact(dtype, s, "body")
    return Fact("other", why="no document type named")


_NAME_STOP = r"[。；;，,（(\n]"


def _project_name(front, sents, tree) -> Fact:
    for s in sents:
        m = re.search(r"项目名称(?:为|是|[:：])\s*[“\"《]?([^。；;，,\n”\"》]{4,60}?)[”\"》]?(?:[。；;，,]|$)", s.text)
        if m:
            return _fact(m.group(1).strip(), s, "项目名称")
    for sec in tree.sections():
        if re.search(r"项目名称", sec.title) and sec.body:
            first = re.split(r"[。；\n]", sec.body.strip())[0].strip()
            if 4 <= len(first) <= 60 and not re.search(r"[:：]", first):
                return Fact(first, first, sec.id, sec.page, "section 项目名称")
    # Title page: the lines before the document type word, joined.
    title_lines = []
    for s in front:
        t = s.text.strip("。 ")
        cut = None
        for pattern, _ in DOC_TYPES:
            m = re.search(pattern, t)
            if m:
                cut = m.start()
                break
        if cut is not None:
            tail = "运维服务项目" if re.match(r"运维|运行维护", t[cut:]) else ""
            t = t[:cut] + tail
            if t:
                title_lines.append(t)
            break
        if re.search(r"单位[:：]|\d{4}\s*年|二〇", t):
            break
        title_lines.append(t)
    name = "".join(title_lines).strip()
    if name:
        if not name.endswith(("项目", "工程")):
            name += "项目" if name.endswith("建设") else ""
        return _fact(name, front[0] if front else None, "title page")
    return Fact(None)


def _owner(front, sents) -> Fact:
    rx = re.compile(r"(?:项目建设单位|建设单位|项目单位|申报单位|项目承担单位|采购单位|主管单位)(?:为|是|[:：])\s*([^。；;，,（(\n：:]{3,40})")
    for pool, why in ((sents, "建设单位"), (front, "title page")):
        for s in pool:
            m = rx.search(s.text)
            if m:
                return _fact(m.group(1).strip(), s, why)
    # Title pages often list the owner alone on a line ending in 局/委/厅/中心/办公室…
    for s in front:
        if re.fullmatch(r"[\u4e00-\u9fff（）()]{4,30}(?:局|委员会|委|厅|中心|办公室|政府|部|院|所|馆|站)", s.text.strip("。 ")):
            return _fact(s.text.strip("。 "), s, "title page")
    return Fact(None)


def _investment(sents: list[_Sentence], tree: SectionTree) -> Fact:
    best: tuple[tuple[int, int], float, _Sentence] | None = None
    for order, s in enumerate(sents):
        cue = _TOTAL_CUE.search(s.text)
        if not cue:
            continue
        amounts = [a for a in _amounts(s.text) if a[1] >= cue.start()]
        if not amounts:
            continue
        value = amounts[0][0]
        # Prefer the phrase that names the total most explicitly; figures of an earlier, approved stage last.
        rank = 0 if _STRONG_CUE.search(cue.group(0)) else 1
        clause_start = max(s.text.rfind(c, 0, amounts[0][1]) for c in "，,（(") + 1
        if _EARLIER_STAGE.search(s.text[clause_start: amounts[0][1]]):
            rank = 2
        if best is None or (rank, order) < best[0]:
            best = ((rank, order), value, s)
    if best:
        return _fact(best[1], best[2], "total investment phrase")
    return Fact(None, why="no total investment found")


def _project_class(sents, doc_type) -> tuple[Fact, Fact]:
    cls = None
    for pattern, value in ((r"运维服务类|运行维护服务类|运维类项目", "operations"),
                           (r"采购服务类|政府购买服务|购买服务方式|服务采购类", "service_purchase"),
                           (r"建设类项目|建设类", "construction")):
        s = _find_positive(sents, pattern)
        if s:
            cls = _fact(value, s, "stated")
            break
    if cls is None:
        if doc_type == "operations_plan":
            cls = Fact("operations", why="operations plan")
        else:
            cls = Fact("construction", why="default for a construction document")
    s = _find_positive(sents, r"升级改造|改造升级|升级完善|扩容改造|续建")
    mode = _fact("upgrade", s) if s else Fact("new", why="no upgrade wording")
    s_new = _find_positive(sents, r"项目性质[:：为]?\s*新建|新建项目")
    if s_new:
        mode = _fact("new", s_new)
    return cls, mode


def _jurisdiction(facts: Facts, sents: list[_Sentence]) -> Fact:
    for source, text in (("owner", facts.owner.value), ("project name", facts.project_name.value)):
        if not text:
            continue
        for jur, pattern in JURISDICTIONS:
            if re.search(pattern, text):
                f = facts.owner if source == "owner" else facts.project_name
                return Fact(jur, f.quote, f.section, f.page, f"{source}: {text}")
    for jur, pattern in REGULATION_HINTS:
        for s in sents:
            if re.search(pattern, s.text):
                return _fact(jur, s, "cites the local regulation")
    for jur, pattern in JURISDICTIONS:
        for s in sents[:60]:
            if re.search(pattern, s.text):
                return _fact(jur, s, "place name in the text")
    return Fact(None, why="no jurisdiction found")


_FREE_PERIOD = re.compile(
    r"(?:免费(?:运维|维保|维护|保修|质保)|质保期|维保期|保修期)[^。；]{0,16}?(?P<n>[一二三四五六七八九十两\d]+)\s*(?P<unit>个月|年)"
    r"|(?P<n2>[一二三四五六七八九十两\d]+)\s*(?P<unit2>个月|年)(?:的)?(?:免费|质保|保修)")


def _free_maintenance(sents) -> Fact:
    for s in sents:
        m = _FREE_PERIOD.search(s.text)
        if m:
            raw, unit = (m["n"], m["unit"]) if m["n"] else (m["n2"], m["unit2"])
            n = int(raw) if raw.isdigit() else cn_to_int(raw)
            return _fact(n * 12 if unit == "年" else n, s, m.group(0))
    return Fact(None, why="no free maintenance period stated")


def _dengbao(sents) -> Fact:
    rx = re.compile(r"(?:等级保护|等保)(?:\s*2\.0)?[^。；]{0,6}?(?:第)?([一二三四1234])\s*级|([一二三四1234])\s*级等保|等保([一二三四1234])级")
    for s in sents:
        m = rx.search(s.text)
        if m:
            g = next(x for x in m.groups() if x)
            return _fact(int(g) if g.isdigit() else cn_to_int(g), s, m.group(0))
    return Fact(None, why="no 等保 level stated")
