"""Duplicates inside the inventory (政务信息系统整合): existing systems that do the same job in the same place under
different departments or names.

Each system queries the same inverted index the proposal matcher uses (its own place first); a pair counts only
when both systems belong to the same division (a city's system and a county's are different levels, and the same
kind of system in another city is not a duplicate). A pair is scored on core-name similarity and function overlap
in both directions (clauses and listed modules), the same fields the proposal scorer uses, without the owner
(a different department is exactly the case to find). Pairs above the threshold are joined into clusters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import dup_places as places
from .dup_text import core_name, listed_modules, name_similarity, terms
from .duplicates import W_FUNC, W_NAME, InventoryIndex

# Without the owner's share a pair scores at most W_NAME + W_FUNC; set between the labelled duplicates of
# corpus/duplicates/inventory2_duplicates.json (0.57, 0.74) and its same-place non-duplicates (at most 0.33).
PAIR_THRESHOLD = 0.5
SAME_NAME = 0.9  # core names this alike are one name (食品安全监管 / 药品安全监管 score 0.83)


@dataclass
class SystemPair:
    a: int
    b: int
    score: float
    name: float
    functions: float
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Cluster:
    members: list[int]
    pairs: list[SystemPair]
    place: str


def _clause_terms(index: InventoryIndex, j: int) -> list[tuple[str, set[str]]]:
    return [(c, set(t)) for c, t in index._record_clauses(j)]


def _modules_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if len(a) < 2 or len(b) < 2:
        return 0.0
    hit = sum(1 for m in a if max(name_similarity(m, o) for o in b) >= 0.75)
    return hit / len(a)


def _name_terms(name: str) -> list[str]:
    return terms(core_name(name))


def _name_terms_found(index: InventoryIndex, i: int, other: set[str]) -> float:
    """IDF-weighted share of the terms of system ``i``'s core name that the other system's name also has."""
    want = {t: index._term_idf(t) for t in _name_terms(index.records_[i].name)}
    total = sum(want.values())
    if not total:
        return 0.0
    return sum(w for t, w in want.items() if t in other or any(t in o or o in t for o in other if len(o) >= 2)) / total


def score_pair(index: InventoryIndex, i: int, j: int) -> SystemPair:
    ri, rj = index.records_[i], index.records_[j]
    name = name_similarity(core_name(ri.name), core_name(rj.name))
    ci, cj = _clause_terms(index, i), _clause_terms(index, j)
    mi, mj = listed_modules(ri.description), listed_modules(rj.description)
    cover = min(max(index._clause_coverage(i, cj), _modules_overlap(mi, mj)),
                max(index._clause_coverage(j, ci), _modules_overlap(mj, mi)))
    ti, tj = index._record_terms(i), index._record_terms(j)
    shared = [t for t in ti if t in tj]  # in the record's own order, not a set's: the same sums in every process
    share = min(sum(ti[t] for t in shared) / (sum(ti.values()) or 1), sum(tj[t] for t in shared) / (sum(tj.values()) or 1))
    func = 0.5 * share + 0.5 * cover
    if not (index.described(i) and index.described(j)):
        # One of them has no function text ("停车管理。", or none): the names are the evidence. The same name in one
        # place is one system listed twice; a merely close one (食品 / 药品安全监管) is not: its words count for no
        # more than the names' likeness.
        func = name if name >= SAME_NAME else min(func, name)
    # The job a name names (税源 / 农机 in two rows of one boilerplate description) must be the other's job too.
    # (by names, since boilerplate descriptions share every verb; or by the modules both list)
    name_terms = [set(_name_terms(r.name)) for r in (ri, rj)]
    named = max(_name_terms_found(index, i, name_terms[1]), _name_terms_found(index, j, name_terms[0]),
                min(_modules_overlap(mi, mj), _modules_overlap(mj, mi)))
    score = (W_NAME * max(name, named) + W_FUNC * func) if named >= 0.5 else 0.0
    evidence = [{"field": "name", "a": ri.name, "b": rj.name}] if name >= 0.5 else []
    for clause, t in ci[:-1]:
        best = max(cj[:-1], key=lambda c: len(t & c[1]), default=None)
        if best is not None and len(t & best[1]) >= 2:
            evidence.append({"field": "functions", "a": clause[:60], "b": best[0][:60],
                             "terms": sorted(t & best[1])})
    if mi and mj and min(_modules_overlap(mi, mj), _modules_overlap(mj, mi)) > 0:
        evidence.append({"field": "modules", "a": "、".join(mi), "b": "、".join(mj)})
    if len(evidence) < 2 and shared:
        top = sorted(shared, key=lambda t: (-ti[t], t))[:6]
        evidence.append({"field": "terms", "a": "、".join(top), "b": "、".join(top)})
    return SystemPair(i, j, score, round(name, 3), round(func, 3), evidence[:4])


def find_duplicates(index: InventoryIndex, threshold: float = PAIR_THRESHOLD, k: int = 8,
                    progress=None) -> tuple[list[Cluster], list[SystemPair]]:
    """Pairs of systems of one division scoring at least ``threshold``, and their clusters (largest first)."""
    recs = index.records_
    seen: set[tuple[int, int]] = set()
    pairs: list[SystemPair] = []
    for i, r in enumerate(recs):
        if progress is not None:
            progress(i)
        place = int(index.places_[i])
        if place == places.UNKNOWN or not r.in_use:
            continue
        text = r.name + " " + r.name + " " + r.description[:400]
        for j, cos in index.candidates(text, k, place):
            if j == i or cos < 0.05 or (min(i, j), max(i, j)) in seen:
                continue
            if int(index.places_[j]) != place or not recs[j].in_use:
                continue
            seen.add((min(i, j), max(i, j)))
            if not index._record_terms(i).keys() & index._record_terms(j).keys():
                continue
            p = score_pair(index, min(i, j), max(i, j))
            if p.score >= threshold:
                pairs.append(p)
    return _clusters(index, pairs), sorted(pairs, key=lambda p: -p.score)


def _clusters(index: InventoryIndex, pairs: list[SystemPair]) -> list[Cluster]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(p.a)] = find(p.b)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    by_root: dict[int, list[SystemPair]] = {}
    for p in pairs:
        by_root.setdefault(find(p.a), []).append(p)
    out = [Cluster(sorted(m), sorted(by_root.get(root, []), key=lambda p: -p.score),
                   places.describe(int(index.places_[m[0]]))) for root, m in groups.items()]
    return sorted(out, key=lambda c: (-len(c.members), -max(p.score for p in c.pairs)))


def write_xlsx(index: InventoryIndex, clusters: list[Cluster], path) -> None:
    """Two sheets: 重复组 (one row per system in a cluster) and 证据 (one row per pair with its evidence)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "重复组"
    ws.append(["组号", "地区", "系统编号", "系统名称", "所属部门", "状态", "功能描述"])
    for n, c in enumerate(clusters, 1):
        for j in c.members:
            r = index.records_[j]
            ws.append([n, c.place, r.id, r.name, r.owner, r.status, r.description[:300]])
    ev = wb.create_sheet("证据")
    ev.append(["组号", "系统A", "系统B", "相似度", "名称相似", "功能重合", "证据"])
    for n, c in enumerate(clusters, 1):
        for p in c.pairs:
            ra, rb = index.records_[p.a], index.records_[p.b]
            text = "；".join(f"{e['a']} ↔ {e['b']}" for e in p.evidence)
            ev.append([n, f"{ra.id} {ra.name}（{ra.owner}）", f"{rb.id} {rb.name}（{rb.owner}）", round(p.score, 3),
                       p.name, p.functions, text])
    for sheet in (ws, ev):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    wb.save(path)
