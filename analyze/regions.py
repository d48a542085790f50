"""A gazetteer of China's administrative divisions: where a project (or an inventory system) belongs.

Names are matched on their own boundaries, longest first, so 大同小异, 全部, 自治组织 or 应用部署 name no place:
a division is found only by its full name (大同市, 内蒙古自治区, 达拉特旗) or by a short form long enough to be
unambiguous (鄂尔多斯, 内蒙古, 黔东南; a province's two-character name such as 浙江). Two-character full names
(城区, 郊区, 赵县) count only right after their parent's name. The table is the 民政部 code list shipped in
``corpus/regions/divisions.csv``; a code's parents are implied by the code (150621 → 150600 → 150000). The table
predates many re-designations (宁乡县 → 宁乡市, 临安市 → 临安区): a county is also found by its later name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

Level = Literal["province", "prefecture", "county"]

# Suffixes that a short form drops, longest first ("新疆维吾尔自治区" → "新疆", "黔东南苗族侗族自治州" → "黔东南").
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
             "地区", "林区", "省", "市", "盟", "县", "旗", "区")
TABLE = Path(__file__).resolve().parents[1] / "corpus" / "regions" / "divisions.csv"
# The nationalities an autonomous division's name carries before its suffix ("黔东南苗族侗族自治州" → 黔东南), by name:
# a pattern of "any characters then 族" also ate the place's own name (黔东南苗族 read as one nationality).
_NATIONALITY_NAMES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
                      "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
                      "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
                      "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")
_NATIONALITIES = re.compile("(?:(?:" + "|".join(sorted(_NATIONALITY_NAMES, key=len, reverse=True)) + ")族){1,3}$")
# The everyday form of an autonomous prefecture, county or banner: its place name and the bare suffix (黔东南州,
# 恩施州, 琼中县, 莫力达瓦旗), as its own offices sign (黔东南州大数据管理局).
_AUTONOMOUS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
# A development zone named after its city or county (南昌经济技术开发区, 芜湖高新区): the place's two-character
# stem, which alone is too short to be read as a name, joined to the zone's word.
_ZONES = ("经济技术开发区", "高新技术产业开发区", "高新技术开发区", "经济开发区", "高新区", "经开区", "综合保税区", "开发区")
_CENTRAL_OWNER = re.compile(r"^(?:中共中央|中央|国务院|国家|全国|中国)|^[\u4e00-\u9fff]{2,12}(?:部|总局|总署|署)$")


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # 6-digit division code
    name: str  # its own name: 达拉特旗
    full_name: str  # with its parents: 内蒙古自治区鄂尔多斯市达拉特旗
    level: Level

    @property
    def ancestors(self) -> tuple[str, ...]:
        """Codes of this division and its parents, most specific first (parents may be absent from the table)."""
        codes = [self.code]
        if self.level == "county":
            codes.append(self.code[:4] + "00")
        if self.level != "province":
            codes.append(self.code[:2] + "0000")
        return tuple(codes)

    def within(self, other: Region) -> bool:
        """True when this division is ``other`` or lies inside it."""
        return other.code in self.ancestors


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple[Region, ...]  # every division of that name (朝阳区 is in Beijing and Changchun)


def _level(code: str) -> Level:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def _short_form(name: str, level: Level) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith(("自治", "维吾尔", "壮族", "回族")):
                stem = _NATIONALITIES.sub("", stem) or stem
            if len(stem) >= 3 or (level == "province" and len(stem) == 2):
                return stem
            return None
    return None


def _abbreviations(regions: dict[str, tuple[str, str, Level]], taken: set[str]) -> dict[str, tuple[str, ...]]:
    """The colloquial short form of a 旗 or 县 (达拉特旗 → 达旗, 准格尔旗 → 准旗): its first character and its suffix,
    kept where it is unique among its prefecture's counties and is no division's name (the same form in two
    prefectures — 达拉特旗, 达尔罕茂明安联合旗 — is settled by the prefecture named beside it)."""
    by_parent: dict[tuple[str, str], list[str]] = {}
    for code, (name, _, level) in regions.items():
        if level == "county" and len(name) >= 3 and name[-1] in "旗县":
            short = name[0] + name[-1]
            if short not in taken:
                by_parent.setdefault((code[:4], short), []).append(code)
    out: dict[str, list[str]] = {}
    for (_, short), codes in by_parent.items():
        if len(codes) == 1:
            out.setdefault(short, []).append(codes[0])
    return {k: tuple(v) for k, v in out.items()}


def _everyday(regions: dict[str, tuple[str, str, Level]], taken: set[str]) -> dict[str, list[str]]:
    """An autonomous division's everyday name (黔东南州) and a development zone named after a place (南昌经济技术开发区):
    names → codes of the division they are in, where the name is no division's own name or short form."""
    out: dict[str, list[str]] = {}
    for code, (name, _, level) in regions.items():
        for suffix, bare in _AUTONOMOUS.items():
            if name.endswith(suffix):
                stem = _NATIONALITIES.sub("", name[: -len(suffix)])
                if len(stem) >= 2 and stem + bare not in taken:
                    out.setdefault(stem + bare, []).append(code)
        if level != "province" and len(name) == 3 and name[-1] in "市县":
            for zone in _ZONES:
                if name[:2] + zone not in taken:
                    out.setdefault(name[:2] + zone, []).append(code)
    # (a city and its namesake county share the stem, 南昌市 and 南昌县: the zone named so is the city's)
    return {k: [c for c in codes if c[:4] + "00" == c or c[:4] + "00" not in codes] for k, codes in out.items()}


def _renamed(regions: dict[str, tuple[str, str, Level]], taken: set[str]) -> dict[str, tuple[str, ...]]:
    """The names a county goes by after it is re-designated (县改市, 县改区, 市改区: 宁乡县 → 宁乡市, 临安市 → 临安区), as
    the table predates many of them: its stem with the other suffix, where that is no division's name or short
    form. The division is the same (its parents and its pack); only the name it is written by has changed."""
    out: dict[str, list[str]] = {}
    for code, (name, _, level) in regions.items():
        if level != "county" or name.endswith("自治县") or name[-1] not in "县市" or len(name) < 3:
            continue
        for suffix in "市区":
            alias = name[:-1] + suffix
            if alias != name and alias not in taken:
                out.setdefault(alias, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def _prepare(rows: list[tuple[str, str]]) -> tuple[dict[str, tuple[str, str, Level]], dict[str, tuple[str, ...]],
                                                   dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(code → (name, full name, level), name or short form → codes, colloquial 旗/县 short form → codes, a
    re-designated county's later name → codes): the gazetteer as plain data."""
    regions: dict[str, tuple[str, str, Level]] = {}
    names = {code: name for code, name in rows}
    for code, name in rows:
        level = _level(code)
        parents = [names.get(c) for c in (code[:2] + "0000", code[:4] + "00")[: {"province": 0,
                                                                                "prefecture": 1,
                                                                                "county": 2}[level]]]
        full = "".join(p for p in parents if p and p != name) + name
        regions[code] = (name, full, level)
    index: dict[str, list[str]] = {}
    full_names = set(names.values())
    for code, (name, _, level) in regions.items():
        index.setdefault(name, []).append(code)
        short = _short_form(name, level)
        if short and short not in full_names:
            index.setdefault(short, []).append(code)
    taken = full_names | set(index)
    for name, codes in _everyday(regions, taken).items():
        index[name] = codes
    taken = full_names | set(index)
    return regions, {k: tuple(v) for k, v in index.items()}, _abbreviations(regions, taken), _renamed(regions, taken)


class Gazetteer:
    """Lookup of division names in text. Build it with :func:`load_gazetteer` (cached, read-only)."""

    def __init__(self, rows: list[tuple[str, str]], prepared=None):
        regions, index, abbrev, renamed = prepared if prepared is not None else _prepare(rows)
        self.by_code_: dict[str, Region] = {code: Region(code, *v) for code, v in regions.items()}
        region = self.by_code_.__getitem__  # (mapped in C: ~20,000 look-ups at every worker's start)
        self.index_ = {k: tuple(map(region, codes)) for k, codes in index.items()}
        self.abbrev_ = {k: tuple(map(region, codes)) for k, codes in abbrev.items()}
        # a re-designated county is found, and reported, by the name the text writes (宁乡市, not 宁乡县)
        for alias, codes in renamed.items():
            self.index_[alias] = tuple(Region(c, alias, self.by_code_[c].full_name[:-len(self.by_code_[c].name)]
                                              + alias, "county") for c in codes)
        self.renamed_ = frozenset(renamed)
        self.max_len_ = max(len(k) for k in self.index_)

    def get(self, code: str) -> Region | None:
        return self.by_code_.get(code)

    def mentions(self, text: str) -> list[Mention]:
        """Every division name in ``text``, longest match first at each position, never overlapping."""
        found: list[Mention] = []
        i, n = 0, len(text)
        while i < n - 1:
            hit = None
            for length in range(min(self.max_len_, n - i), 1, -1):
                regions = self.index_.get(text[i: i + length])
                if regions:
                    hit = (length, regions)
                    break
            if hit is None:
                i += 1
                continue
            length, regions = hit
            if text[i: i + length] in self.renamed_ and (text[i + length: i + length + 1] in ("域", "场") or
                                                          self._glued(text, i, length, found)):
                regions = ()  # "长沙区域", "宁乡市场": the word 区域/市场, not a later county name
            elif length == 2:  # 城区, 赵县: only right after the parent's own name
                regions = tuple(r for r in regions if found and found[-1].end == i
                                and any(c.code in r.ancestors[1:] for c in found[-1].candidates))
            if regions:
                found.append(Mention(i, i + length, text[i: i + length], regions))
                i += length
            else:
                i += 1
        return found

    def _glued(self, text: str, i: int, length: int, found: list[Mention]) -> bool:
        """A later county name glued to the character before it, which makes it part of another name: a 新区's
        (贵安新区, 雄安新区 — not 安新区) or a place's (南宁城市 is 南宁's 城市, not 宁城市). After a parent's name, a
        function word, a blank or a mark, it is a name."""
        if i == 0 or not "\u4e00" <= text[i - 1] <= "\u9fff" or (found and found[-1].end == i):
            return False
        return text[i + length - 2: i + length] == "新区" or \
            any(text[i - 1: i + 1] + suffix in self.index_ for suffix in "市县区")

    def resolve(self, text: str, context: str = "") -> Region | None:
        """The most specific division ``text`` names, its ambiguous names settled by the other names in ``text``
        and ``context`` (a county named alone in several provinces gives None)."""
        mentions = self.mentions(text)
        if not mentions:
            return self._abbreviated(text, context)
        support = {r.code for m in mentions + self.mentions(context) for r in m.candidates}
        best: tuple[int, int, Region] | None = None
        for m in mentions:
            for r in m.candidates:
                agree = sum(1 for c in r.ancestors[1:] if c in support)
                key = (agree, len(r.ancestors))
                if best is None or key > best[:2]:
                    best = (*key, r)
        assert best is not None
        agree, _, region = best
        # an ambiguous name that nothing else supports says nothing reliable
        rivals = [r for m in mentions for r in m.candidates if r.name == region.name and r.code != region.code]
        if rivals and agree == 0:
            return None
        return region


    def _abbreviated(self, text: str, context: str) -> Region | None:
        """A county named by its colloquial short form (达旗水利局), counted only when its prefecture is named in
        ``context``: two characters alone (全县, 本县) are as often ordinary words."""
        found = [r for i in range(len(text) - 1) for r in self.abbrev_.get(text[i: i + 2], ())]
        if not found:
            return None
        support = {r.code for m in self.mentions(context) for r in m.candidates}
        named = {r.code: r for r in found if r.code[:4] + "00" in support}
        return next(iter(named.values())) if len(named) == 1 else None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the shipped table. Its plain-data form is remembered in the user cache under the table's
    bytes and this module's source (building it costs ~20 ms at every start; reading it back ~3 ms)."""
    import marshal

    from ..core.cache import memo_path, write_memo

    raw = TABLE.read_bytes()
    memo = memo_path("regions", raw, Path(__file__).read_bytes())
    try:
        return Gazetteer([], marshal.loads(memo.read_bytes()))
    except Exception:  # noqa: BLE001 - missing, unreadable or damaged: build it
        pass
    text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as the text file reads
    rows = [(row["code"], row["name"]) for row in csv.DictReader(text.splitlines())]
    prepared = _prepare(rows)
    write_memo(memo, marshal.dumps(prepared))
    return Gazetteer(rows, prepared)


def is_central_body(owner: str | None) -> bool:
    """国家知识产权局, 人力资源社会保障部, 国务院办公厅: a central organ, when the name names no division."""
    if not owner:
        return False
    owner = owner.strip()
    return bool(_CENTRAL_OWNER.search(owner)) and not load_gazetteer().mentions(owner)


# The share of a text's place names that must lie in one division for the text to be read as set there.
_PLACES_MIN, _PLACES_SHARE = 3, 0.8


def region_of_places(text: str, level: Level) -> Region | None:
    """The province (``level`` "province") or prefecture ("prefecture") in which the places ``text`` names lie: at
    least three names that point to one division at that level, and four in five of all that point to one. A
    name found in several such divisions (朝阳区) counts for none."""
    gaz = load_gazetteer()
    votes: dict[str, int] = {}
    for m in gaz.mentions(text):
        if level == "province":
            codes = {r.code[:2] + "0000" for r in m.candidates}
        else:
            codes = {r.code[:4] + "00" for r in m.candidates if r.level in ("prefecture", "county")}
        if len(codes) == 1:
            code = codes.pop()
            votes[code] = votes.get(code, 0) + 1
    if not votes:
        return None
    code, n = max(votes.items(), key=lambda kv: kv[1])
    region = gaz.get(code)
    if n < _PLACES_MIN or n < _PLACES_SHARE * sum(votes.values()) or region is None or region.level != level:
        return None
    return region


def region_of(*texts: str | None) -> tuple[Region | None, int]:
    """The division named by the first of ``texts`` (in order of trust) that names one, with that text's index;
    the other texts settle ambiguous names. (None, -1) when none does."""
    gaz = load_gazetteer()
    pool = [t or "" for t in texts]
    for i, text in enumerate(pool):
        if not text:
            continue
        region = gaz.resolve(text, context="\n".join(pool[:i] + pool[i + 1:]))
        if region is not None:
            return region, i
    return None, -1
