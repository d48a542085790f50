"""Duplicate construction: which existing systems a proposal rebuilds, with the matching phrases as evidence.

Two stages, as record linkage does it:
1. Candidate generation — TF-IDF over character 2–3-grams of each system's name and description, stored
   transposed (n-gram → systems, an inverted index) so a query only touches the posting lists of its own n-grams;
   n-grams in more than 20 % of systems are skipped. Fast at 100k systems (bench/bench_inventory.py).
2. Scoring — per candidate, field evidence (like Splink's comparison levels): core-name similarity (rapidfuzz, after
   place names and generic words are removed and synonyms folded), function overlap (IDF-weighted share of the
   system's function terms that the proposal's construction text also plans), and owner. Shared vocabulary of a
   department or domain scores low on function overlap because those terms have low IDF there.

Verdicts: ``likely_duplicate`` / ``possible_overlap`` by thresholds calibrated on corpus/duplicates/pairs.jsonl
(``yushen eval`` prints recall@3 and false alarms).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from ..core.report import DuplicateCandidate
from ..core.types import SectionTree
from ..inventory.model import InventoryRecord

LIKELY = 0.57
POSSIBLE = 0.45
MAX_DF_SHARE = 0.2

# Synonyms and abbreviations folded before comparing (short form → the form inventories usually use).
SYNONYMS = [
    ("数字城管", "数字化城市管理"), ("城管", "城市管理"), ("一网通办", "政务服务"), ("雪亮工程", "公共安全视频监控"),
    ("市场监管", "市场监督管理"), ("住建", "住房和城乡建设"), ("卫健", "卫生健康"), ("人社", "人力资源和社会保障"),
    ("应急", "应急管理"), ("环保", "生态环境"), ("农畜产品", "农产品"), ("可燃气体报警器", "可燃气体报警"),
    ("报警装置", "报警"), ("一码通", "一码"), ("二维码", "码"), ("追溯码", "追溯"), ("App", "APP"), ("app", "APP"),
    ("移动端", "APP"), ("手机端", "APP"), ("掌上", "APP"), ("监测预警", "监测 预警"), ("风险监测", "风险 监测"),
    ("中小学", "学校"), ("校园", "学校"), ("摄像机", "视频"), ("摄像头", "视频"), ("画面", "视频"), ("鼠患", "老鼠"),
    ("告警", "预警"), ("报警", "预警"), ("工单", "任务"), ("派单", "派发"), ("分拨", "派发"), ("交办", "派发"),
    ("台账", "档案"), ("信息库", "数据库"), ("二维码", "码"), ("扫码", "码"), ("AI", "智能"),
]
# One or two leading place names ("菏泽市牡丹区"); a token with 城/化/字/智 ("数字化城市") is not a place.
_PLACE = re.compile(r"^(?:(?:(?![城化字智新])[\u4e00-\u9fff]){2,5}?(?:省|自治区|市|盟|区|县|旗)){1,2}")
_GENERIC = re.compile(r"建设项目|项目|建设|工程|一期|二期|三期|升级改造|改造|新建|智慧|智能|信息化|"
                      r"平台|系统|中心|数据库|软件|\d{4}年度?")
# A system the proposal itself builds ("建设全市统一的燃气安全监管平台"), not one it merely connects to.
_SYSTEM_NAME = re.compile(r"(?:建设|新建|建成|开发|构建|打造|搭建|升级|改造)(?:一套|一个|全[市区旗省]统一的|统一的|覆盖[^，。]{0,12}的)?"
                          r"[“「]?([\u4e00-\u9fffA-Za-z0-9]{2,24}?(?:平台|系统|中心|数据库|APP|小程序))")
STOP_TERMS = frozenset("""实现 支持 提供 进行 形成 建立 建设 开展 相关 以及 通过 对于 相应 主要 包括 各类 全市 全区 全旗 全省
本级 部门 单位 系统 平台 数据 信息 管理 功能 业务 服务 工作 情况 内容 要求 问题 能力 水平 基础 方式 方面 有关 按照 依托
项目 提升 推进 完成 统一 我局 本局 市级 区级 旗级 已经 目前 现有 需要 可以 能够 同时 进一步 有效 全面 及时 及其 其中""".split())


_SYNONYM_MAP = dict(SYNONYMS)
# Longest first, so 数字城管 wins over 城管; one pass instead of one str.replace per pair.
_SYNONYM_RX = re.compile("|".join(re.escape(k) for k in sorted(_SYNONYM_MAP, key=len, reverse=True)))


def fold_synonyms(text: str) -> str:
    return _SYNONYM_RX.sub(lambda m: _SYNONYM_MAP[m.group(0)], text)


def core_name(name: str) -> str:
    """"鄂尔多斯市燃气安全智慧监管平台建设项目" → "燃气安全监管"."""
    s = fold_synonyms(name.strip("“”\"「」 "))
    s = _PLACE.sub("", s)
    return _GENERIC.sub("", s)


def char_ngrams(text: str, lo: int = 2, hi: int = 3) -> list[str]:
    t = re.sub(r"[\s，。、；：:;,.（）()《》“”\"'！？!?\-—·/]+", "", text)
    return [t[i: i + n] for n in range(lo, hi + 1) for i in range(len(t) - n + 1)]


def _terms(text: str) -> list[str]:
    from .features import _words

    return [w for w in _words(fold_synonyms(text)) if len(w) >= 2 and w not in STOP_TERMS and not w.isdigit()]


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[，。；;、：:\n]", text) if len(c.strip()) >= 4]


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

    def query_text(self) -> str:
        return " ".join(self.names * 2) + " " + self.functions[:4000]

    def clause_terms(self) -> list[tuple[str, set[str]]]:
        if not hasattr(self, "_clause_terms"):
            clauses = _clauses(self.functions[:8000]) + self.names
            self._clause_terms = [(c, set(_terms(c))) for c in clauses]
        return self._clause_terms


def proposal_plans(tree: SectionTree, facts) -> ProposalPlans:
    secs = tree.sections()
    wanted = {"construction", "requirements", "overall_design", "overview"}
    parts = [s.title + "：" + s.body for s in secs if s.label in wanted]
    functions = "\n".join(parts) if parts else tree.document.text()[:6000]
    data = "\n".join(s.body for s in secs if s.label == "data_sharing")
    names: list[str] = []
    project = facts.project_name.value or ""
    if project:
        names.append(re.sub(r"(?:建设|工程)?项目$|建设$", "", project))
    for s in secs:
        if s.label == "construction" and s.level > 1:
            names.append(re.sub(r"^[\d.．、（）()一二三四五六七八九十第章节\s]+", "", s.title))
    for m in _SYSTEM_NAME.finditer(" ".join(s.body for s in secs if s.label in ("construction", "overview"))):
        if len(names) < 24:
            names.append(m.group(1))
    seen, uniq = set(), []
    for n in names:
        if n and n not in seen:
            seen.add(n)
            uniq.append(n)
    current = "\n".join(s.body for s in secs if s.label in ("current_state", "necessity"))
    return ProposalPlans(uniq, functions, data, facts.owner.value or "", facts.build_mode.value or "new", project,
                         current)


@dataclass
class InventoryIndex:
    """Inverted TF-IDF index over inventory systems (learned state in ``*_`` attributes)."""

    records_: list[InventoryRecord] = field(default_factory=list)
    vocabulary_: dict[str, int] = field(default_factory=dict)
    idf_: np.ndarray | None = None
    postings_: object = None  # scipy CSR, n-grams × systems
    common_: frozenset[str] = frozenset()  # n-grams in more than MAX_DF_SHARE of systems (left out of the index)
    _terms_cache: dict[int, dict[str, float]] = field(default_factory=dict, repr=False)

    def fit(self, records: list[InventoryRecord]) -> InventoryIndex:
        """Two streaming passes (document frequencies, then weights) so memory stays near the final matrix."""
        from collections import Counter

        from scipy.sparse import csr_matrix

        self.records_ = list(records)
        n = len(records)

        def grams(r: InventoryRecord) -> Counter:
            return Counter(char_ngrams(fold_synonyms(r.name + " " + r.name + " " + r.description)))

        df: Counter = Counter()
        for r in records:
            df.update(set(char_ngrams(fold_synonyms(r.name + " " + r.description))))
        max_df = max(2, int(n * MAX_DF_SHARE)) if n >= 20 else n + 1
        kept = sorted(g for g, c in df.items() if c <= max_df)
        self.common_ = frozenset(g for g, c in df.items() if c > max_df)
        vocab = {g: i for i, g in enumerate(kept)}
        self.vocabulary_ = vocab
        self.idf_ = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept], dtype=np.float32)
        del df
        idf = self.idf_
        indptr = np.zeros(n + 1, dtype=np.int64)
        ids_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        for j, r in enumerate(records):
            counts = grams(r)
            pairs = [(vocab[g], c) for g, c in counts.items() if g in vocab]
            ids = np.fromiter((i for i, _ in pairs), dtype=np.int32, count=len(pairs))
            w = np.fromiter((1 + math.log(c) for _, c in pairs), dtype=np.float32, count=len(pairs)) * idf[ids]
            w /= np.linalg.norm(w) or 1.0
            ids_parts.append(ids)
            val_parts.append(w)
            indptr[j + 1] = indptr[j] + len(ids)
        docs = csr_matrix((np.concatenate(val_parts) if val_parts else np.zeros(0, np.float32),
                           np.concatenate(ids_parts) if ids_parts else np.zeros(0, np.int32), indptr),
                          shape=(n, len(vocab)))
        del ids_parts, val_parts
        self.postings_ = docs.T.tocsr()  # n-gram → systems: a query reads only its own n-grams' rows
        self._terms_cache = {}
        return self

    # --- persistence: plain arrays, no pickle ---------------------------------------------------------------
    def save(self, path) -> None:
        from pathlib import Path

        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        post = self.postings_
        tmp = p.with_suffix(".tmp.npz")
        np.savez(tmp, vocabulary=np.array(sorted(self.vocabulary_, key=self.vocabulary_.get)), idf=self.idf_,
                 data=post.data, indices=post.indices, indptr=post.indptr, shape=np.array(post.shape),
                 common=np.array(sorted(self.common_)))
        tmp.replace(p)

    @classmethod
    def load(cls, path, records: list[InventoryRecord]) -> InventoryIndex:
        from scipy.sparse import csr_matrix

        with np.load(path, allow_pickle=False) as d:
            self = cls()
            self.records_ = list(records)
            self.vocabulary_ = {str(g): i for i, g in enumerate(d["vocabulary"])}
            self.idf_ = d["idf"]
            self.postings_ = csr_matrix((d["data"], d["indices"], d["indptr"]), shape=tuple(d["shape"]))
            self.common_ = frozenset(str(g) for g in d["common"])
        if self.postings_.shape[1] != len(records):
            raise ValueError("index does not match the inventory")
        return self

    def _term_idf(self, term: str) -> float:
        """IDF of a word from the character n-gram statistics (no word-level pass over the whole inventory)."""
        if term in self.vocabulary_:
            return float(self.idf_[self.vocabulary_[term]])
        if term in self.common_:
            return 1.0
        grams = [g for g in char_ngrams(term, 2, 2)]
        vals = [float(self.idf_[self.vocabulary_[g]]) if g in self.vocabulary_ else (1.0 if g in self.common_ else
                math.log(1 + len(self.records_)) + 1.0) for g in grams]
        return max(vals) if vals else 1.0

    def _record_clauses(self, j: int) -> list[tuple[str, dict[str, float]]]:
        """The system's function clauses with their terms and IDFs (segmented once, then cached)."""
        cached = self._terms_cache.get(j)
        if cached is None:
            r = self.records_[j]
            clauses = _clauses(r.description) or [r.name]
            cached = [(c, {t: self._term_idf(t) for t in _terms(c)}) for c in clauses]
            cached.append((r.name, {t: self._term_idf(t) for t in _terms(r.name)}))
            if len(self._terms_cache) > 50_000:
                self._terms_cache.clear()
            self._terms_cache[j] = cached
        return cached

    def _record_terms(self, j: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for _, terms in self._record_clauses(j):
            out.update(terms)
        return out

    def candidates(self, text: str, k: int = 30) -> list[tuple[int, float]]:
        counts: dict[int, int] = {}
        for g in char_ngrams(fold_synonyms(text)):
            i = self.vocabulary_.get(g)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if not counts:
            return []
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        w = np.fromiter(((1 + math.log(c)) for c in counts.values()), dtype=np.float32, count=len(counts))
        w *= self.idf_[idx]
        w /= np.linalg.norm(w) or 1.0
        scores = np.asarray(self.postings_[idx].T @ w).ravel()
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return sorted(((int(j), float(scores[j])) for j in top if scores[j] > 0), key=lambda x: -x[1])

    def score(self, plans: ProposalPlans, j: int) -> tuple[float, dict, list[dict]]:
        from rapidfuzz import fuzz

        rec = self.records_[j]
        inv_core = core_name(rec.name)
        name_sim, best_name = 0.0, ""
        for n in plans.names:
            c = core_name(n)
            if len(c) < 2 or len(inv_core) < 2:
                continue
            sim = max(fuzz.ratio(c, inv_core), 0.9 * fuzz.partial_ratio(c, inv_core) if min(len(c), len(inv_core)) >= 3
                      else 0) / 100
            if sim > name_sim:
                name_sim, best_name = sim, n
        rec_terms = self._record_terms(j)
        prop_clauses = plans.clause_terms()
        prop_terms = set().union(*[t for _, t in prop_clauses]) if prop_clauses else set()
        shared = {t: w for t, w in rec_terms.items() if t in prop_terms}
        # Two views of function overlap: the share of the system's function terms the proposal plans anywhere,
        # and the share of its function clauses that have a counterpart clause.
        total = sum(rec_terms.values()) or 1.0
        func = 0.5 * sum(shared.values()) / total + 0.5 * self._clause_coverage(j, prop_clauses)
        owner = 1.0 if plans.owner and _same_owner(plans.owner, rec.owner) else 0.0
        score = 0.3 * name_sim + 0.6 * func + 0.1 * owner
        replaces = self._named_as_replaced(plans, rec)
        if replaces:
            score += 0.12  # the proposal itself says the existing system falls short and is to be rebuilt
        partner = name_sim < 0.85 and not replaces and self._named_as_partner(plans, rec)
        elsewhere = _different_city(plans.owner or plans.project_name, rec.owner or rec.name)
        parts = {"name": round(name_sim, 3), "functions": round(func, 3), "owner": owner, "partner": partner,
                 "replaces": replaces, "other_city": elsewhere}
        evidence = []
        if best_name and name_sim >= 0.5:
            evidence.append({"field": "name", "proposal": best_name, "inventory": rec.name})
        evidence += self._function_pairs(plans, j, shared)
        return min(1.0, score), parts, evidence

    def _named_as_replaced(self, plans: ProposalPlans, rec: InventoryRecord) -> bool:
        """The proposal names this system where it describes today's shortcomings (现状/必要性) or says it will
        replace it."""
        core = core_name(rec.name)
        if len(core) < 4:
            return False
        if core in fold_synonyms(plans.current):
            return True
        return any(core in fold_synonyms(c) and _REPLACE.search(c)
                   for c in re.split(r"[。；;\n]", plans.functions))

    def _named_as_partner(self, plans: ProposalPlans, rec: InventoryRecord) -> bool:
        """The proposal names this system as something it connects to (对接/移交/推送 …): a partner, not a rebuild."""
        core = core_name(rec.name)
        if len(core) < 3:
            return False
        for clause in re.split(r"[。；;\n]", plans.functions + "\n" + plans.data):
            if core in fold_synonyms(clause) and _PARTNER.search(clause) and not _REPLACE.search(clause):
                return True
        return False

    def _clause_coverage(self, j: int, prop_clauses: list[tuple[str, set[str]]]) -> float:
        """IDF-weighted share of the system's function clauses that have a counterpart clause in the proposal:
        the same functions described together, not the same words scattered over a long document."""
        total = covered = 0.0
        for _, terms in self._record_clauses(j)[:-1]:
            mass = sum(terms.values())
            if not mass:
                continue
            best = max((sum(w for t, w in terms.items() if t in pt) for _, pt in prop_clauses), default=0.0)
            total += mass
            covered += best
        return covered / total if total else 0.0

    def _function_pairs(self, plans: ProposalPlans, j: int, shared: dict[str, float]) -> list[dict]:
        if not shared:
            return []
        prop_terms = plans.clause_terms()
        pairs = []
        for clause, clause_terms in self._record_clauses(j)[:-1]:
            terms = {t for t in clause_terms if t in shared}
            if not terms:
                continue
            best = max(prop_terms, key=lambda ct: sum(shared.get(t, 0) for t in ct[1] & terms), default=None)
            if best is None:
                continue
            overlap = best[1] & terms
            weight = sum(shared[t] for t in overlap)
            if len(overlap) >= 1 and weight >= 3.0:
                pairs.append((weight, {"field": "functions", "proposal": best[0][:80], "inventory": clause[:80],
                                       "terms": sorted(overlap)}))
        pairs.sort(key=lambda p: -p[0])
        return [p for _, p in pairs[:4]]

    def match(self, plans: ProposalPlans, k: int = 15, limit: int = 5) -> list[DuplicateCandidate]:
        out = []
        for j, _ in self.candidates(plans.query_text(), k):
            score, parts, evidence = self.score(plans, j)
            if score < POSSIBLE:
                continue
            rec = self.records_[j]
            # A retired system, or one the proposal only connects to, is worth listing but is not being rebuilt.
            # A system of another city is the same kind of system, not one this jurisdiction already has.
            verdict = ("likely_duplicate" if score >= LIKELY and rec.in_use and not parts["partner"]
                       and not parts["other_city"] else "possible_overlap")
            out.append(DuplicateCandidate(rec.id, rec.name, rec.owner, score, verdict,
                                          [{"proposal": e["proposal"], "inventory": e["inventory"],
                                            **({"terms": e["terms"]} if "terms" in e else {}), "field": e["field"]}
                                           for e in evidence] or [{"proposal": plans.project_name,
                                                                   "inventory": rec.name, "field": "text"}]))
            out[-1].parts = parts  # type: ignore[attr-defined]
        out.sort(key=lambda d: (d.verdict != "likely_duplicate", -d.score))
        return out[:limit]


_PARTNER = re.compile(r"对接|接口|移交|推送|共享|调用|接入|汇入|同步至|报送|交换|联通|互通|依托|衔接")
_REPLACE = re.compile(r"替代|取代|替换|停用|下线|整合|迁移|重建|不能满足|无法满足|存在.{0,6}问题")


_CITY = re.compile(r"((?:(?![城化字智新])[\u4e00-\u9fff]){2,5}?市)")


def _different_city(a: str, b: str) -> bool:
    """Both name a city (…市) at the start and the cities differ (包头市 vs 鄂尔多斯市). A 旗/区/县 or 自治区 on one side
    may belong to the other's hierarchy, so it never counts as different."""
    ma, mb = _CITY.match(a or ""), _CITY.match(b or "")
    return bool(ma and mb and ma.group(1) != mb.group(1))


def _same_owner(a: str, b: str) -> bool:
    a, b = fold_synonyms(a), fold_synonyms(b)
    return a == b or (len(a) >= 4 and (a in b or b in a))
