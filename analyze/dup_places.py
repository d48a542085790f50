"""Where an inventory system or a proposal belongs, as a division code, and how two places relate.

Codes are the gazetteer's 6-digit division codes as integers; 0 = unknown, 1 = a central (national) body. Two
places are ``same`` (one division), ``nested`` (one inside the other: a county system under a city proposal —
a different level), ``elsewhere`` (another city or province: the same kind of system somewhere else is not one
this jurisdiction already has) or ``unknown``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import numpy as np

from .regions import Region, is_central_body, load_gazetteer, region_of

UNKNOWN = 0
NATIONAL = 1
Relation = Literal["same", "nested", "elsewhere", "unknown"]
LEVEL_ZH = {"province": "省级", "prefecture": "市级", "county": "县级", "national": "国家级"}


@lru_cache(maxsize=65_536)
def place_code(owner: str | None, name: str | None = None) -> int:
    """The division of an owner (trusted first) or a system/project name."""
    if is_central_body(owner) and not load_gazetteer().mentions(name or ""):
        return NATIONAL
    region, _ = region_of(owner, name)
    return int(region.code) if region is not None else UNKNOWN


def place_codes(pairs: list[tuple[str, str]]) -> np.ndarray:
    """Codes for many (owner, name) rows; owners repeat, so an owner that names a division is resolved once."""
    by_owner: dict[str, int] = {}
    out = np.zeros(len(pairs), dtype=np.int32)
    for i, (owner, name) in enumerate(pairs):
        code = by_owner.get(owner)
        if code is None:
            code = place_code(owner, None) if owner else UNKNOWN
            by_owner[owner] = code
        if code == UNKNOWN:
            code = place_code(None, name)
        out[i] = code
    return out


def region(code: int) -> Region | None:
    return load_gazetteer().get(f"{code:06d}") if code > NATIONAL else None


def level(code: int) -> str | None:
    if code == NATIONAL:
        return "national"
    r = region(code)
    return r.level if r else None


def relation(a: int, b: int) -> Relation:
    if a == UNKNOWN or b == UNKNOWN:
        return "unknown"
    if a == b:
        return "same"
    if NATIONAL in (a, b):
        return "nested"
    ra, rb = region(a), region(b)
    if ra is None or rb is None:
        return "unknown"
    return "nested" if ra.within(rb) or rb.within(ra) else "elsewhere"


def same_place_mask(codes: np.ndarray, p: int) -> np.ndarray:
    """Rows whose place is ``p``, inside it, one of its parents, or unknown (vectorised for candidate ranking)."""
    if p in (UNKNOWN, NATIONAL):
        return np.ones(len(codes), dtype=bool)
    mask = (codes == UNKNOWN) | (codes == NATIONAL)
    lv = level(p)
    if lv == "province":
        return mask | (codes // 10000 == p // 10000)
    parents = codes == (p // 10000) * 10000
    if lv == "prefecture":
        return mask | parents | (codes // 100 == p // 100)
    return mask | parents | (codes == (p // 100) * 100) | (codes == p)


def describe(code: int) -> str:
    if code == NATIONAL:
        return "中央单位"
    r = region(code)
    return f"{r.full_name}（{LEVEL_ZH[r.level]}）" if r else "未知地区"


# A county written by its short form at the start of an owner or a name: 察右后旗(林草局), 达旗(水利局).
_SHORT_COUNTY = re.compile(r"^([\u4e00-\u9fff]{1,4}?[旗县区])")


def prefectures(codes: np.ndarray) -> frozenset[int]:
    """The prefectures (cities, 盟) the given places lie in or are."""
    return frozenset(int(c) // 100 * 100 for c in np.unique(codes) if int(c) > NATIONAL and int(c) % 10000)


@lru_cache(maxsize=256)
def _counties(within: frozenset[int]) -> tuple[Region, ...]:
    wanted = {f"{c:06d}"[:4] for c in within}
    return tuple(r for code, r in load_gazetteer().by_code_.items() if r.level == "county" and code[:4] in wanted)


@lru_cache(maxsize=65_536)
def short_form_place(text: str | None, within: frozenset[int]) -> int:
    """The county a short form names (察右后旗 = 察哈尔右翼后旗: same first character, same suffix, its characters in
    order), looked up only among the counties of ``within`` (the prefectures an inventory covers), and only when
    exactly one fits; UNKNOWN otherwise. The gazetteer takes a short form only beside its prefecture's name."""
    m = _SHORT_COUNTY.match(text or "")
    if not m or not within:
        return UNKNOWN
    short = m.group(1)
    hits = [r for r in _counties(within)
            if r.name != short and r.name[0] == short[0] and r.name[-1] == short[-1] and _in_order(short, r.name)]
    return int(hits[0].code) if len(hits) == 1 else UNKNOWN


def _in_order(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)
