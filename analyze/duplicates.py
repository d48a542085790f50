"""Duplicate construction: which existing systems a proposal rebuilds, with the matching phrases as evidence.

Two stages, as record linkage does it:
1. Candidate generation — TF-IDF over character 2–3-grams of each system's name and description, stored
   transposed (n-gram → systems, an inverted index) so a query only touches the posting lists of its own n-grams;
   n-grams in more than 20 % of systems are skipped. Systems of the proposal's own place (the same division, one
   inside it or one of its parents, by the gazetteer) are drawn first, so copies of the same kind of system in
   other provinces cannot crowd the real one out. Fast at 100k systems (bench/bench_inventory.py).
2. Scoring — per candidate, field evidence (like Splink's comparison levels): core-name similarity (rapidfuzz, after
   place names and generic words are removed and synonyms folded), function overlap (IDF-weighted share of the
   system's function terms that the proposal's construction text also plans, the share of its function clauses
   and of its listed modules that have a counterpart), and owner. Every subsystem the proposal plans is also
   scored on its own, and the better of the two counts. Shared vocabulary of a department or domain scores low
   on function overlap because those terms have low IDF there.

Relations read from the text: a system the proposal says it migrates, integrates, shuts down or replaces (by a
paraphrase of its name, same owner) is being rebuilt; one it only exchanges data with is a partner; one it upgrades,
extends or moves (升级改造 / 二期 / 迁移上云 of that very system) is listed with that relation, not as a duplicate.
A system whose export gives no function text is matched on its name alone.

Verdicts (report contract): ``likely_duplicate`` / ``possible_overlap`` by thresholds fitted on
corpus/duplicates/pairs.jsonl (``corpus/tools/fit_duplicate_weights.py``, reported on pairs2.jsonl); a system in
another place is at most ``possible_overlap``; an O&M plan or O&M-class project reports the system it maintains
as ``maintained`` (not a duplicate).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from ..core.report import DuplicateCandidate
from ..core.text import STATEMENT_ENDS, pieces
from ..inventory.model import TITLE_KEY, InventoryRecord
from . import dup_places as places
from .dup_plans import ProposalPlans, Subsystem, proposal_plans
from .dup_text import (
    STOP_TERMS,
    SYNONYMS,
    char_ngrams,
    core_name,
    fold_synonyms,
    function_clauses,
    listed_modules,
    name_similarity,
    same_owner,
    strip_places,
    terms,
)

__all__ = ["InventoryIndex", "ProposalPlans", "Subsystem", "proposal_plans", "core_name", "fold_synonyms",
           "char_ngrams", "SYNONYMS", "STOP_TERMS"]

# Fitted on corpus/duplicates/pairs.jsonl by corpus/tools/fit_duplicate_weights.py (see README): all 28 true
# duplicates likely, no hard negative likely; held out, pairs2.jsonl: recall@3 1.000, no false likely.
W_NAME, W_FUNC, W_OWNER = 0.25, 0.65, 0.1
REPLACE_BONUS = 0.12
LIKELY = 0.54
POSSIBLE = 0.45
MAINTAINED_NAME = 0.8  # an O&M plan names the system it maintains: this close a core name is that system
OWN_NAME = 0.95  # an O&M project named after the system (…平台2025年运维项目): it is that system's, with no more said
MAX_DF_SHARE = 0.2
GENERIC_SHARE = 0.02  # a module name in this share of systems is generic (统计分析), not one system's

# Sentences that say an old system is being replaced; the system is named in them, often by a paraphrase.
_REPLACE = re.compile(r"替代|取代|替换|停用|下线|关停|退役|整合|迁移|并入|重建|不能满足|无法满足|存在.{0,6}问题")
# A 现状 sentence saying a system runs well and stays: it is not the one being replaced.
_KEPT = re.compile(r"运行良好|运行稳定|运行正常|正常运行|运转良好|继续使用|继续保留|保留使用|予以保留|继续沿用")
_PARTNER = re.compile(r"对接|接口|移交|推送|共享|调用|接入|汇入|同步至|报送|交换|联通|互通|依托|衔接")
# The proposal carries the system itself forward (upgrade, extension, a second phase, a move to the cloud): a relation
# to it, not a fresh duplicate. In the project's name, or in a sentence naming the system that replaces nothing.
_UPGRADE_NAME = re.compile(r"升级|改造|扩容|扩建|续建|[二三四]期|迁移|上云")
_UPGRADE_SENTENCE = re.compile(r"升级|改造|扩容|扩建|续建|[二三四]期|一期.{0,6}基础上|上云|迁移(?:部署)?(?:至|到)?(?:政务)?云|"
                               r"迁移部署")
_REPLACED = re.compile(r"替代|取代|替换|停用|下线|关停|退役|废止|重建|不能满足|无法满足")
# A system named in a sentence: "原城管数字化平台" / "现有停车诱导系统".
# These three are kept as strings and compiled by ``re`` on first use (its cache keeps them): most checks never
# need them, and each of their CJK classes costs ~1.5 ms to compile.
_MENTION = r"(?:原有|原|现有|既有|已建|旧)?([\u4e00-\u9fffA-Za-z0-9]{2,24}?(?:系统|平台|数据库|APP|小程序))"
# What follows a name that is an organisation's, not a system's (森林草原防火指挥部办公室).
_ORG_AFTER = r"^[\u4e00-\u9fff]{0,4}?(?:指挥部|办公室|委员会|领导小组|局|厅|委|办|中心|站|队|所|院|部门|单位|公司)"
_SYSTEM_AFTER = r"^[\u4e00-\u9fffA-Za-z0-9]{0,8}?(?:系统|平台|数据库|APP|小程序|模块|库)"


@dataclass
class InventoryIndex:
    """Inverted TF-IDF index over inventory systems (learned state in ``*_`` attributes)."""

    records_: list[InventoryRecord] = field(default_factory=list)
    vocabulary_: dict[str, int] = field(default_factory=dict)
    idf_: np.ndarray | None = None
    postings_: _Postings | None = None  # n-grams × systems
    common_: frozenset[str] = frozenset()  # n-grams in more than MAX_DF_SHARE of systems (left out of the index)
    places_: np.ndarray | None = None  # division code per system (dup_places: 0 unknown, 1 central)
    _terms_cache: dict[int, object] = field(default_factory=dict, repr=False)
    _generic_cache: dict[str, bool] = field(default_factory=dict, repr=False)
    _described_cache: dict[int, bool] = field(default_factory=dict, repr=False)
    _within: frozenset[int] | None = field(default=None, repr=False)  # prefectures the inventory covers

    def fit(self, records: list[InventoryRecord]) -> InventoryIndex:
        """Two streaming passes (document frequencies, then weights) so memory stays near the final matrix."""
        from collections import Counter

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
        self.postings_ = _Postings.transposed(
            np.concatenate(val_parts) if val_parts else np.zeros(0, np.float32),
            np.concatenate(ids_parts) if ids_parts else np.zeros(0, np.int32), indptr, len(vocab))
        del ids_parts, val_parts
        self.places_ = places.place_codes([(r.owner, r.name) for r in records])
        unknown = np.flatnonzero(self.places_ == places.UNKNOWN)
        if len(unknown) and len(unknown) < n:
            # an owner written by a county's short form (察右后旗林草局): among the prefectures the inventory covers
            within = places.prefectures(self.places_)
            for j in unknown:
                r = records[j]
                self.places_[j] = (places.short_form_place(r.owner, within)
                                   or places.short_form_place(r.name, within))
        for j in np.flatnonzero(self.places_ == places.UNKNOWN):
            # rows that name no place (市林业和草原局) lie where the export's title says (乌兰察布市…清单)
            title = next((v for k, v in records[j].extra if k == TITLE_KEY), "")
            if title:
                self.places_[j] = places.place_code(None, title)
        self._terms_cache, self._generic_cache, self._described_cache = {}, {}, {}
        self._within = None
        return self

    # --- persistence: plain .npy arrays in one folder, memory-mapped on load, no pickle -------------------------
    def save(self, path, with_records: bool = False) -> None:
        """Arrays into the folder ``path`` (written beside it, then renamed: a reader never sees half an index);
        ``with_records`` stores the systems too, so ``load(path)`` needs no inventory at all."""
        import os
        import shutil
        from pathlib import Path

        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f"{p.name}.{os.getpid()}.tmp")  # own name: two processes may build the same index
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        post = self.postings_
        arrays = {"vocabulary": np.array(sorted(self.vocabulary_, key=self.vocabulary_.get)), "idf": self.idf_,
                  "data": post.data, "indices": post.indices, "indptr": post.indptr, "shape": np.array(post.shape),
                  "common": np.array(sorted(self.common_)), "places": self.places_}
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
        if with_records:
            _RecordFile.write(tmp, self.records_)
        if p.exists():
            shutil.rmtree(p, ignore_errors=True)
        try:
            tmp.replace(p)
        except OSError:  # another process put its copy there first
            shutil.rmtree(tmp, ignore_errors=True)
            if not p.exists():
                raise

    @classmethod
    def load(cls, path, records: list[InventoryRecord] | None = None) -> InventoryIndex:
        """Memory-mapped arrays: milliseconds for a 100k-row index. Without ``records``, the systems come from
        the index's own record file, parsed one at a time when a candidate is scored."""
        from pathlib import Path

        p = Path(path)

        def arr(name: str) -> np.ndarray:
            # a plain ndarray view of the map: slicing a np.memmap runs Python code (µs a slice, 40 slices a query)
            return np.asarray(np.load(p / f"{name}.npy", mmap_mode="r", allow_pickle=False))

        self = cls()
        self.records_ = list(records) if records is not None else _RecordFile(p)
        self.vocabulary_ = _SortedVocabulary(arr("vocabulary"))
        self.idf_ = arr("idf")
        shape = tuple(int(x) for x in arr("shape"))
        self.postings_ = _Postings(arr("data"), arr("indices"), arr("indptr"), shape)
        self.common_ = frozenset(str(g) for g in arr("common"))
        self.places_ = arr("places")
        if self.postings_.shape[1] != len(self.records_) or len(self.places_) != len(self.records_):
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
        """The system's function clauses with their terms and IDFs (segmented once, then cached); the name last."""
        cached = self._terms_cache.get(j)
        if cached is None:
            r = self.records_[j]
            # with no description the name stands for the functions, without its place (包头市, 察哈尔右翼前旗: where
            # the system is, not what it does)
            found = function_clauses(r.description) or [strip_places(r.name)]
            cached = [(c, {t: self._term_idf(t) for t in terms(c)}) for c in found]
            cached.append((r.name, {t: self._term_idf(t) for t in terms(r.name)}))
            if len(self._terms_cache) > 100_000:
                self._terms_cache.clear()
            self._terms_cache[j] = cached
        return cached

    def described(self, j: int) -> bool:
        """The system has function text of its own: its description says more than its name (an export with no
        function column, or one that repeats the name, leaves the name as the only evidence)."""
        out = self._described_cache.get(j)
        if out is None:
            clauses = self._record_clauses(j)
            name_terms = clauses[-1][1]
            out = any(t not in name_terms for _, found in clauses[:-1] for t in found)
            if len(self._described_cache) > 100_000:
                self._described_cache.clear()
            self._described_cache[j] = out
        return out

    def _record_terms(self, j: int) -> dict[str, float]:
        key = -1 - j  # kept beside the clauses, under a key no record index takes
        out = self._terms_cache.get(key)
        if out is None:
            out = {}
            for _, t in self._record_clauses(j):
                out.update(t)
            self._terms_cache[key] = out
        return out

    def _query(self, text: str) -> np.ndarray | None:
        scores = self._queries([text])
        return None if scores is None else scores[:, 0]

    def _queries(self, texts: list[str]) -> np.ndarray | None:
        """Cosine of each text against every system, one sparse product for all texts (systems × texts)."""
        rows: dict[int, int] = {}
        cols, idx, vals = [], [], []
        for q, text in enumerate(texts):
            counts: dict[int, int] = {}
            for g in char_ngrams(fold_synonyms(text)):
                i = self.vocabulary_.get(g)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            if not counts:
                continue
            w = np.fromiter(((1 + math.log(c)) for c in counts.values()), dtype=np.float32, count=len(counts))
            w *= self.idf_[np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))]
            w /= np.linalg.norm(w) or 1.0
            for (i, _), x in zip(counts.items(), w, strict=True):
                idx.append(rows.setdefault(i, len(rows)))
                cols.append(q)
                vals.append(x)
        if not rows:
            return None
        query = np.zeros((len(rows), len(texts)), dtype=np.float32)
        query[np.array(idx), np.array(cols)] = vals
        return self.postings_.product(rows, query)

    def candidates(self, text: str, k: int = 30, place: int = places.UNKNOWN) -> list[tuple[int, float]]:
        """Top ``k`` systems by TF-IDF cosine; with a ``place``, the systems of that place are drawn first and the
        rest fill what is left (at least a fifth of ``k``)."""
        return self._top(self._query(text), k, place)

    def _top(self, scores: np.ndarray | None, k: int, place: int) -> list[tuple[int, float]]:
        if scores is None:
            return []
        nz = np.flatnonzero(scores)  # only systems sharing an n-gram: a few thousand of 100k
        if not len(nz):
            return []
        sc = scores[nz]
        k = min(k, len(nz))
        raw = np.argpartition(-sc, k - 1)[:k]
        raw = raw[np.argsort(-sc[raw])]
        if place != places.UNKNOWN and self.places_ is not None:
            ranked = sc + places.same_place_mask(self.places_[nz], place) * 2.0  # cosine ≤ 1: same place first
            near = np.argpartition(-ranked, k - 1)[:k]
            near = [int(j) for j in near[np.argsort(-ranked[near])]]
            rest = max(1, k // 5)
            top = near[: k - rest]
            taken = set(top)
            top += [int(j) for j in raw if int(j) not in taken][:rest]
            taken = set(top)
            top += [j for j in near if j not in taken][: k - len(top)]
        else:
            top = [int(j) for j in raw]
        return sorted(((int(nz[j]), float(sc[j])) for j in top), key=lambda x: -x[1])

    def plan_place(self, plans: ProposalPlans) -> int:
        if not hasattr(plans, "_place"):
            place = places.place_code(plans.owner, plans.project_name)
            if place == places.UNKNOWN and self.places_ is not None:
                # a county by its short form (察右后旗林草局), among the prefectures this inventory covers
                if self._within is None:
                    self._within = places.prefectures(self.places_)
                place = (places.short_form_place(plans.owner, self._within)
                         or places.short_form_place(plans.project_name, self._within))
            plans._place = place  # type: ignore[attr-defined]
        return plans._place  # type: ignore[attr-defined]

    # --- scoring ---------------------------------------------------------------------------------------------
    def _functions(self, j: int, prop_clauses: list[tuple[str, set[str]]], module_names: list[str]) -> float:
        rec_terms = self._record_terms(j)
        prop_terms = set().union(*[t for _, t in prop_clauses]) if prop_clauses else set()
        shared = sum(w for t, w in rec_terms.items() if t in prop_terms)
        total = sum(rec_terms.values()) or 1.0
        # Two views of function overlap: the share of the system's function terms the proposal plans anywhere,
        # and the share of its function clauses (or listed modules) that have a counterpart.
        coverage = max(self._clause_coverage(j, prop_clauses), self._module_coverage(j, module_names))
        return 0.5 * shared / total + 0.5 * coverage

    def _module_coverage(self, j: int, module_names: list[str]) -> float:
        """Share of the modules the system's description lists that the proposal plans under a similar name."""
        mods = listed_modules(self.records_[j].description)
        if len(mods) < 2 or not module_names:
            return 0.0
        cores = [core_name(n) for n in module_names]
        # IDF-weighted, so modules every system has (统计分析, 系统管理) count for little
        weights = [self._module_idf(m) for m in mods]
        hit = sum(w for m, w in zip(mods, weights, strict=True)
                  if max((name_similarity(m, c) for c in cores), default=0.0) >= 0.75)
        return hit / (sum(weights) or 1.0)

    def _module_idf(self, module: str) -> float:
        """Mean IDF of a module name's character bigrams (the max would let one rare bigram decide)."""
        grams = char_ngrams(module, 2, 2)
        vals = [float(self.idf_[self.vocabulary_[g]]) if g in self.vocabulary_ else (1.0 if g in self.common_ else
                math.log(1 + len(self.records_)) + 1.0) for g in grams]
        return sum(vals) / len(vals) if vals else 1.0

    def score(self, plans: ProposalPlans, j: int) -> tuple[float, dict, list[dict]]:
        score, parts, evidence = self._score(plans, j)
        return score, parts, evidence + self._more_evidence(plans, j, parts)

    def _score(self, plans: ProposalPlans, j: int) -> tuple[float, dict, list[dict]]:
        """Score, its parts, and the evidence found on the way (names, modules); the costlier evidence is
        ``_more_evidence``, read only for a system the report lists."""
        rec = self.records_[j]
        inv_core = core_name(rec.name)
        name_sim, best_name = 0.0, ""
        for n in plans.names:
            sim = name_similarity(core_name(n), inv_core)
            if sim > name_sim:
                name_sim, best_name = sim, n
        prop_clauses = plans.clause_terms()
        module_names = [s.name for s in plans.subsystems] + plans.names
        func = self._functions(j, prop_clauses, module_names)
        described = self.described(j)
        if not described:
            # Only a name to go on: the name's words the proposal happens to use (登记 in 登记诉求) count for no
            # more than the two names' likeness.
            func = min(func, name_sim)
        module_evidence = None
        # Three or more listed modules all planned again name the system as well as its name does.
        if len(listed_modules(rec.description)) >= 3:
            modules = self._module_coverage(j, module_names)
            if modules > name_sim:
                name_sim, best_name = modules, ""
                module_evidence = {"field": "modules", "proposal": "、".join(s.name for s in plans.subsystems[:8]),
                                   "inventory": "、".join(listed_modules(rec.description))}
        owner = 1.0 if plans.owner and same_owner(plans.owner, rec.owner) else 0.0
        score = W_NAME * name_sim + W_FUNC * func + W_OWNER * owner
        # Every planned subsystem on its own: a module of the proposal may be a whole existing system.
        sub_best, sub_name = 0.0, ""
        for s in plans.subsystems:
            if self.is_generic(s.name):
                continue  # 统计分析, 系统管理: a module many systems have names no one system
            s_sim = name_similarity(core_name(s.name), inv_core)
            s_func = self._functions(j, s.clause_terms(), [s.name])
            if not described:
                s_func = min(s_func, s_sim)
            s_score = W_NAME * s_sim + W_FUNC * s_func + W_OWNER * owner
            if s_score > sub_best:
                sub_best, sub_name = s_score, s.name
        via_subsystem = sub_best > score
        score = max(score, sub_best)
        relation = places.relation(self.plan_place(plans), int(self.places_[j]))
        # another place's system of the same name is not the one this proposal replaces
        replaces = relation != "elsewhere" and self._named_as_replaced(plans, rec, owner > 0)
        if replaces:
            score += REPLACE_BONUS  # the proposal itself says the existing system falls short and is to be rebuilt
        partner = name_sim < 0.85 and not replaces and self._named_as_partner(plans, rec)
        parts = {"name": round(name_sim, 3), "functions": round(func, 3), "owner": owner, "partner": partner,
                 "replaces": replaces, "place": relation, "other_city": relation == "elsewhere",
                 "subsystem": sub_name if via_subsystem else ""}
        evidence = []
        if best_name and name_sim >= 0.5:
            evidence.append({"field": "name", "proposal": best_name, "inventory": rec.name})
        if module_evidence:
            evidence.append(module_evidence)
        if via_subsystem:
            evidence.append({"field": "subsystem", "proposal": sub_name, "inventory": rec.name})
        return min(1.0, score), parts, evidence

    def _more_evidence(self, plans: ProposalPlans, j: int, parts: dict) -> list[dict]:
        """Matching function clauses side by side, and the places when they differ."""
        evidence = self._function_pairs(plans, j)
        relation = parts["place"]
        if relation in ("nested", "elsewhere"):
            p, r = self.plan_place(plans), int(self.places_[j])
            what = "不同层级" if relation == "nested" else "不同地区"
            evidence.append({"field": "place", "proposal": f"{what}：{places.describe(p)}",
                             "inventory": places.describe(r)})
        return evidence

    def _named_as_replaced(self, plans: ProposalPlans, rec: InventoryRecord, same_owner_: bool) -> bool:
        """The proposal names this system where it describes today's shortcomings (现状/必要性), or says it will
        migrate, integrate, shut down or replace it — by a paraphrase of its name when the owner is the same."""
        core = core_name(rec.name)
        if len(core) < 4:
            return False
        for sentence in pieces(plans.current, STATEMENT_ENDS):
            # a system named in the 现状 chapter is what the proposal means to replace — unless the sentence says it
            # runs well and stays (运行良好, 继续使用)
            if not _KEPT.search(sentence) and _mentions_system(_folded(sentence), core):
                return True
        for sentence in pieces(plans.functions + "\n" + plans.current, STATEMENT_ENDS):
            if not _REPLACE.search(sentence):
                continue
            folded = _folded(sentence)
            if _mentions_system(folded, core):
                return True
            if same_owner_ and any(_paraphrase(core_name(m.group(1)), core) for m in re.finditer(_MENTION, folded)):
                return True
        return False

    def _upgraded(self, plans: ProposalPlans, rec: InventoryRecord) -> str:
        """Where the proposal says it carries this very system forward (its project name is the system's name with
        升级改造 / 二期 / 迁移上云, or a sentence upgrades, extends or moves the system and replaces nothing); ""
        when it does not."""
        core = core_name(rec.name)
        if len(core) < 3:
            return ""
        if self._upgraded_by_name(plans, rec):
            return plans.project_name or plans.names[0]
        owner = bool(plans.owner) and same_owner(plans.owner, rec.owner)
        for sentence, folded in _upgrade_sentences(plans):
            if _mentions_system(folded, core) or any(
                    core_name(m.group(1)) == core or (owner and _paraphrase(core_name(m.group(1)), core))
                    for m in re.finditer(_MENTION, folded)):
                return sentence
        return ""

    @staticmethod
    def _upgraded_by_name(plans: ProposalPlans, rec: InventoryRecord) -> bool:
        """The project's name is the system's name with 升级改造 / 二期 / 迁移上云."""
        core = core_name(rec.name)
        project = plans.project_name or (plans.names[0] if plans.names else "")
        return len(core) >= 3 and bool(_UPGRADE_NAME.search(project)) and core in core_name(project)

    def _named_as_partner(self, plans: ProposalPlans, rec: InventoryRecord) -> bool:
        """The proposal names this system as something it connects to (对接/移交/推送 …): a partner, not a rebuild.
        The name must stand as a system's name: inside an organisation's name (…指挥部办公室) it is not one."""
        core = core_name(rec.name)
        if len(core) < 3:
            return False
        for clause in pieces(plans.functions + "\n" + plans.data, STATEMENT_ENDS):
            if _PARTNER.search(clause) and not _REPLACE.search(clause) and _mentions_system(_folded(clause), core):
                return True
        return False

    def _clause_coverage(self, j: int, prop_clauses: list[tuple[str, set[str]]]) -> float:
        """IDF-weighted share of the system's function clauses that have a counterpart clause in the proposal:
        the same functions described together, not the same words scattered over a long document."""
        total = covered = 0.0
        for _, t in self._record_clauses(j)[:-1]:
            mass = sum(t.values())
            if not mass:
                continue
            best = max((sum(w for x, w in t.items() if x in pt) for _, pt in prop_clauses), default=0.0)
            total += mass
            covered += best
        return covered / total if total else 0.0

    def _function_pairs(self, plans: ProposalPlans, j: int) -> list[dict]:
        prop_terms = plans.clause_terms()
        all_prop = set().union(*[t for _, t in prop_terms]) if prop_terms else set()
        shared = {t: w for t, w in self._record_terms(j).items() if t in all_prop}
        if not shared:
            return []
        pairs = []
        for clause, clause_terms in self._record_clauses(j)[:-1]:
            found = {t for t in clause_terms if t in shared}
            if not found:
                continue
            best = max(prop_terms, key=lambda ct: sum(shared.get(t, 0) for t in ct[1] & found), default=None)
            if best is None:
                continue
            overlap = best[1] & found
            weight = sum(shared[t] for t in overlap)
            if len(overlap) >= 1 and weight >= 3.0:
                pairs.append((weight, {"field": "functions", "proposal": best[0][:80], "inventory": clause[:80],
                                       "terms": sorted(overlap)}))
        pairs.sort(key=lambda p: -p[0])
        return [p for _, p in pairs[:4]]

    def is_generic(self, name: str) -> bool:
        """A module name that many systems' names or descriptions contain (at least GENERIC_SHARE of them, and
        three): found from the index's own n-gram postings, so it follows the inventory, not a word list."""
        core = core_name(name)
        cache = self._generic_cache
        if core in cache:
            return cache[core]
        grams = char_ngrams(core, 3, 3) or char_ngrams(core, 2, 2)
        n = len(self.records_)
        generic = False
        if grams and n:
            if any(g in self.common_ for g in grams):
                generic = True
            elif all(g in self.vocabulary_ for g in grams):
                post, rows = self.postings_, None
                for g in grams:
                    i = self.vocabulary_[g]
                    hits = post.indices[post.indptr[i]: post.indptr[i + 1]]
                    rows = hits if rows is None else np.intersect1d(rows, hits, assume_unique=True)
                    if len(rows) < 3:
                        break
                generic = rows is not None and len(rows) >= max(3, GENERIC_SHARE * n)
        cache[core] = generic
        return generic

    def _candidate_ids(self, plans: ProposalPlans, k: int) -> list[int]:
        place = self.plan_place(plans)
        ids = [j for j, _ in self.candidates(plans.query_text(), k, place)]
        seen = set(ids)
        # each planned subsystem queries on its own (one sparse product for all), so a module that is a whole
        # old system is drawn too
        subs = [s for s in plans.subsystems if not self.is_generic(s.name)][:12]
        scores = self._queries([s.name + " " + s.name + " " + s.text[:200] for s in subs]) if subs else None
        for q in range(len(subs) if scores is not None else 0):
            for j, _ in self._top(scores[:, q], 3, place):
                if j not in seen:
                    seen.add(j)
                    ids.append(j)
        return ids

    def verdict(self, plans: ProposalPlans, rec: InventoryRecord, score: float, parts: dict) -> str | None:
        """The report-contract verdict, or None when the system is not worth listing."""
        elsewhere = parts["place"] == "elsewhere"
        if plans.is_operations:
            # An O&M plan builds nothing: the system it names and describes is the one it maintains, and no other
            # system is duplicated by it.
            if not elsewhere and (score >= LIKELY or (parts["name"] >= MAINTAINED_NAME and score >= POSSIBLE)
                                  or (parts["name"] >= OWN_NAME and parts["place"] != "nested")):
                return "maintained"  # (the last: its project is named after the system, whatever it describes)
            return None
        if score < POSSIBLE:
            return None
        # A retired system, or one the proposal only connects to, is worth listing but is not being rebuilt.
        # A system of another place is the same kind of system, not one this jurisdiction already has.
        if score >= LIKELY and rec.in_use and not parts["partner"] and not elsewhere:
            return "likely_duplicate"
        return "possible_overlap"

    def match(self, plans: ProposalPlans, k: int = 15, limit: int = 5) -> list[DuplicateCandidate]:
        listed = []
        for j in self._candidate_ids(plans, k):
            score, parts, evidence = self._score(plans, j)
            verdict = self.verdict(plans, self.records_[j], score, parts)
            rec = self.records_[j]
            # (a system of the same name one level up or down is another jurisdiction's, not the one upgraded)
            own = parts["place"] in ("same", "unknown") and not plans.is_operations
            if verdict is None and own and self._upgraded_by_name(plans, rec):
                verdict = "possible_overlap"  # a 二期 planning only new functions still extends this system
            if verdict in ("likely_duplicate", "possible_overlap") and own:
                upgraded = self._upgraded(plans, rec)
                if upgraded:  # the system being upgraded is listed with the relation, not as a duplicate
                    verdict = "possible_overlap"
                    parts["upgrades"] = True
                    evidence = [{"field": "upgrade", "proposal": upgraded, "inventory": rec.name}, *evidence]
            if verdict is not None:
                listed.append((j, score, parts, verdict, evidence))
        rank = {"maintained": 0, "likely_duplicate": 0, "possible_overlap": 1}
        # same place first: another place's system never outranks one of this jurisdiction
        listed.sort(key=lambda c: (c[2]["place"] == "elsewhere", rank[c[3]], -c[1]))
        out = []
        for j, score, parts, verdict, evidence in listed[:limit]:  # the rest is never shown: no evidence read
            rec = self.records_[j]
            evidence = evidence + self._more_evidence(plans, j, parts)
            out.append(DuplicateCandidate(rec.id, rec.name, rec.owner, score, verdict,
                                          [{"proposal": e["proposal"], "inventory": e["inventory"],
                                            **({"terms": e["terms"]} if "terms" in e else {}), "field": e["field"]}
                                           for e in evidence] or [{"proposal": plans.project_name,
                                                                   "inventory": rec.name, "field": "text"}]))
            out[-1].parts = parts  # type: ignore[attr-defined]
        return out


def _upgrade_sentences(plans: ProposalPlans) -> list[tuple[str, str]]:
    """The proposal's sentences that upgrade, extend or move something and replace nothing (with their folded
    form), read once per proposal."""
    found = getattr(plans, "_upgrade_sentences", None)
    if found is None:
        found = [(sentence.strip()[:80], _folded(sentence))
                 for sentence in pieces(plans.functions + "\n" + plans.current, STATEMENT_ENDS)
                 if _UPGRADE_SENTENCE.search(sentence) and not _REPLACED.search(sentence)]
        plans._upgrade_sentences = found  # type: ignore[attr-defined]
    return found


def _folded(text: str) -> str:
    """Synonyms folded and spaces dropped, as core names are."""
    return re.sub(r"\s+", "", fold_synonyms(text))


def _mentions_system(text: str, core: str) -> bool:
    """``core`` occurs in ``text`` as a system's name: not followed by an organisation's suffix."""
    start = text.find(core)
    while start >= 0:
        after = text[start + len(core):]
        if not re.match(_ORG_AFTER, after) or re.match(_SYSTEM_AFTER, after):
            return True
        start = text.find(core, start + 1)
    return False


def _paraphrase(mention_core: str, core: str) -> bool:
    """Two core names for one system: close as strings, or most of the system's name terms named."""
    if len(mention_core) < 3:
        return False
    if name_similarity(mention_core, core) >= 0.75:
        return True
    want = set(terms(core))
    return len(want) >= 2 and len(want & set(terms(mention_core))) / len(want) >= 0.6


class _Postings:
    """The inverted index as CSR arrays (row = n-gram, its systems in increasing order with their weights), plain
    numpy: a query reads only its own n-grams' rows, and loading needs no scipy (0.1–0.2 s of imports)."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]) -> None:
        self.data, self.indices, self.indptr = data, indices, indptr
        self.shape = (int(shape[0]), int(shape[1]))

    @classmethod
    def transposed(cls, data: np.ndarray, grams: np.ndarray, indptr: np.ndarray, n_grams: int) -> _Postings:
        """From system-major CSR (``indptr`` over systems, ``grams`` their n-gram columns): a stable sort by
        n-gram keeps each n-gram's systems in increasing order."""
        n_docs = len(indptr) - 1
        order = np.argsort(grams, kind="stable")
        docs = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(indptr))
        ptr_type = np.int32 if len(grams) < 2**31 else np.int64
        ptr = np.zeros(n_grams + 1, dtype=ptr_type)
        np.cumsum(np.bincount(grams, minlength=n_grams), out=ptr[1:])
        return cls(np.ascontiguousarray(data[order], dtype=np.float32), docs[order], ptr, (n_grams, n_docs))

    def product(self, rows: dict[int, int], query: np.ndarray) -> np.ndarray:
        """systems × texts: the postings of the n-grams ``rows`` (n-gram → row of ``query``) times ``query``.
        Accumulated n-gram by n-gram in float32, the order and precision scipy's sparse product used, so
        scores (and ties) are the same to the bit."""
        data, indices, indptr = self.data, self.indices, self.indptr
        if query.shape[1] == 1:  # one text: its postings gathered in n-gram order, one unbuffered scatter-add
            spans = [(int(indptr[g]), int(indptr[g + 1])) for g in rows]
            ids = np.concatenate([indices[a:b] for a, b in spans])
            vals = np.concatenate([data[a:b] for a, b in spans])
            vals *= np.repeat(query[:, 0], [b - a for a, b in spans])
            out = np.zeros(self.shape[1], dtype=np.float32)
            np.add.at(out, ids, vals)  # in the given order, float32 (np.bincount would sum in float64)
            return out[:, None]
        out = np.zeros((self.shape[1], query.shape[1]), dtype=np.float32)
        for g, r in rows.items():
            a, b = indptr[g], indptr[g + 1]
            out[indices[a:b]] += data[a:b, None] * query[r]  # a system occurs once per n-gram: no lost updates
        return out


class _SortedVocabulary:
    """n-gram → column over the index's sorted vocabulary array (its order is the column order): a binary search
    per look-up instead of a dict of every n-gram built on each load."""

    def __init__(self, grams: np.ndarray) -> None:
        self._grams = grams
        self._n = len(grams)
        self._memo: dict[str, int | None] = {}

    def __len__(self) -> int:
        return self._n

    def get(self, gram: str, default=None):
        memo = self._memo
        if gram in memo:
            i = memo[gram]
        else:
            k = int(np.searchsorted(self._grams, gram))
            i = k if k < self._n and self._grams[k] == gram else None
            if len(memo) > 200_000:
                memo.clear()
            memo[gram] = i
        return default if i is None else i

    def __contains__(self, gram: str) -> bool:
        return self.get(gram) is not None

    def __getitem__(self, gram: str) -> int:
        i = self.get(gram)
        if i is None:
            raise KeyError(gram)
        return i


class _RecordFile:
    """The systems stored with an index: one JSON array per line, with byte offsets in a memory-mapped array,
    so system ``j`` is read when it is scored (a check touches a few dozen of 100k)."""

    FIELDS = ("id", "name", "owner", "description", "year", "data_resources", "usage", "status")

    def __init__(self, folder) -> None:
        self._path = folder / "records.jsonl"
        self._offsets = np.load(folder / "record_offsets.npy", mmap_mode="r", allow_pickle=False)
        self._cache: dict[int, InventoryRecord] = {}
        self._fh = None

    @classmethod
    def write(cls, folder, records) -> None:
        import json

        offsets = [0]
        with open(folder / "records.jsonl", "wb") as fh:
            for r in records:
                row = [getattr(r, f) for f in cls.FIELDS] + [list(map(list, r.extra))]
                line = json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"
                fh.write(line)
                offsets.append(offsets[-1] + len(line))
        np.save(folder / "record_offsets.npy", np.array(offsets, dtype=np.int64), allow_pickle=False)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, j: int) -> InventoryRecord:
        import json

        j = int(j)
        if j < 0:
            j += len(self)
        if not 0 <= j < len(self):
            raise IndexError(j)
        rec = self._cache.get(j)
        if rec is None:
            if self._fh is None:
                self._fh = open(self._path, "rb")  # noqa: SIM115 - kept open for the index's lifetime
            self._fh.seek(int(self._offsets[j]))
            row = json.loads(self._fh.read(int(self._offsets[j + 1] - self._offsets[j])))
            rec = InventoryRecord(*row[:8], extra=tuple(tuple(kv) for kv in row[8]))
            self._cache[j] = rec
        return rec

    def __iter__(self):
        import json

        with open(self._path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                yield InventoryRecord(*row[:8], extra=tuple(tuple(kv) for kv in row[8]))
