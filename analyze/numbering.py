"""Chinese, decimal, roman and letter heading numbering: 第X部分 / 第X章 / 第X节 / 一、 / （一） / 1 / 1. / 1.1 / 1.1.1 /
(1) / Ⅰ、 / II. / A. / A.1 / a)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.text import cn_to_int

CN_NUM = "一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾"

# Measure words and units that follow a number in running text and table cells, never a heading title
# ("1.36亿元", "2 万元", "12 台", "58 座", "36.5 公里"). A one-character measure word counts only when no
# further CJK character follows it: "4．分析研判" and "1 年度计划" are titles.
MEASURE_WORD = (r"(?:(?:万元|亿元|千元|万人|公里|千米|平方米|平方公里|立方米|千瓦|兆瓦|小时|分钟|个月|人次|人天|人月|余)"
                r"|[万亿元个台套座项户人次条路处块张所家辆根部间吨天年月日倍时分秒米册份批组期级](?![\u4e00-\u9fff]))")
# A unit letter ("12 T", "3.2 MB", "100 Mbps", "5 kW") is no title; a Latin word is ("3.2 Mysql集群部署", "2.3 GIS服务").
_UNIT_LETTERS = r"[kKmMgGTt](?:(?:[bB](?:ps)?|[wW][hH]?|[hH]z|VA|[mMgG])(?![A-Za-z])|(?![A-Za-z\u4e00-\u9fff]))"
_NOT_TITLE_START = re.compile(rf"^(?:[%％‰/×x*+\-=～~]|{_UNIT_LETTERS}|{MEASURE_WORD})")

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(rf"^第\s*([{CN_NUM}\d]+)\s*部分[\s:：、.．]*")),
    ("chapter", re.compile(rf"^第\s*([{CN_NUM}\d]+)\s*[章篇][\s:：、.．]*")),
    ("section", re.compile(rf"^第\s*([{CN_NUM}\d]+)\s*节[\s:：、.．]*")),
    ("article", re.compile(rf"^第\s*([{CN_NUM}\d]+)\s*条")),
    ("cn", re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、．.]\s*")),
    # "一 项目概况": a space where most authors put 、 (weak: only with font, bold or layout support).
    ("cn_bare", re.compile(rf"^([{CN_NUM}]{{1,3}})[\s\u3000]+(?=[\u4e00-\u9fff])")),
    ("cn_paren", re.compile(rf"^[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)]\s*[、．.]?\s*")),
    # (a PDF of letter-spaced or justified headings may come back with spaces around the dots: "2 . 1国内现状")
    ("dec4", re.compile(r"^(\d{1,2} ?[.．] ?\d{1,2} ?[.．] ?\d{1,2} ?[.．] ?\d{1,2})[.．、]?(?![\d.．])\s*")),
    ("dec3", re.compile(r"^(\d{1,2} ?[.．] ?\d{1,2} ?[.．] ?\d{1,2})[.．、]?(?![\d.．])\s*")),
    ("dec2", re.compile(r"^(\d{1,2} ?[.．] ?\d{1,2})[.．、]?(?![\d.．])\s*")),
    ("dec1", re.compile(r"^(\d{1,2})\s*[、.．](?![\d])\s*")),
    ("dec1_bare", re.compile(r"^(\d{1,2})(?=[\s\u3000]+\S)[\s\u3000]+")),
    ("arabic_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("arabic_half", re.compile(r"^(\d{1,2})\s*[）)]\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
    # Ⅰ、/ Ⅱ．/ II. / IV、: the number-form characters, or capital I V X with a mark after them.
    ("roman", re.compile(r"^([Ⅰ-Ⅻ]+|[IVX]{1,5}(?=\s*[、.．]))\s*[、.．]?\s*(?![\d.．])")),
    ("letter2", re.compile(r"^([A-Z][.．]\d{1,2})[.．、]?(?![\d.．])\s*")),  # A.1
    ("letter", re.compile(r"^([A-Z])\s*[、.．](?![\d.．A-Za-z])\s*")),  # A.
    ("letter_lower", re.compile(r"^([a-z])\s*[)）、.．](?![\d.．A-Za-z])\s*")),  # a) / a.
]
_ROMAN_FORMS = {chr(0x2160 + k): r for k, r in enumerate(
    ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"))}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

# Kinds that mark a heading whenever the line is heading-shaped; weak kinds also number list items in the
# body, so they need more evidence (format, children, sequence).
STRONG_KINDS = frozenset({"part", "chapter", "section", "cn", "cn_paren", "dec2", "dec3", "dec4", "roman", "letter2"})
WEAK_KINDS = frozenset({"cn_bare", "dec1", "dec1_bare", "arabic_paren", "arabic_half", "circled", "letter",
                        "letter_lower", "annex", "dec1_tight", "article"})  # annex, dec1_tight: see analyze/segment.py
DECIMAL_DEPTH = {"dec1": 1, "dec1_bare": 1, "dec1_tight": 1, "dec2": 2, "dec3": 3, "dec4": 4}


@dataclass(frozen=True, slots=True)
class Numbering:
    kind: str
    values: tuple[int, ...]  # (3,) for 第三章; (1, 2) for 1.2
    prefix: str  # as written, e.g. "第三章", "1.2", "（一）"
    rest: str  # the title after the number

    @property
    def value(self) -> int:
        return self.values[-1]


# Every pattern starts with one of these characters: lines that do not are rejected without a regex.
_FIRST_CHARS = frozenset("第（(0123456789" + CN_NUM + "".join(chr(c) for c in range(0x2460, 0x2474)) +
                         "".join(_ROMAN_FORMS) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# The patterns each first character may open (in ``_PATTERNS``' order): a line is matched against these only, not
# all seventeen (tests/test_pdf_reader_fast_paths8.py reads each pattern's opening characters from its parse).
_OPENERS = (("第", "part chapter section article"), (CN_NUM, "cn cn_bare"), ("（(", "cn_paren arabic_paren"),
            ("0123456789", "dec4 dec3 dec2 dec1 dec1_bare arabic_half"),
            ("".join(chr(c) for c in range(0x2460, 0x2474)), "circled"), ("".join(_ROMAN_FORMS) + "IVX", "roman"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "letter2 letter"), ("abcdefghijklmnopqrstuvwxyz", "letter_lower"))


def _candidates() -> dict[str, tuple[tuple[str, re.Pattern], ...]]:
    """First character -> its patterns, one tuple made per distinct set of kinds (a few, at import)."""
    kinds_of: dict[str, frozenset[str]] = {}
    for chars, kinds in _OPENERS:
        for c in chars:
            kinds_of[c] = kinds_of.get(c, frozenset()) | frozenset(kinds.split())
    made: dict[frozenset[str], tuple] = {}
    for ks in set(kinds_of.values()):
        made[ks] = tuple((kind, rx) for kind, rx in _PATTERNS if kind in ks)
    return {c: made[ks] for c, ks in kinds_of.items()}


_CANDIDATES = _candidates()
# A whole line in brackets ("【第一章 总论】", "〔一、总论〕", "[1.1 项目名称]") is read without them.
_ENCLOSED = re.compile(r"^[【〔\[［〖]\s*(.+?)\s*[】〕\]］〗]$")


def unbracketed(text: str) -> str:
    """``text`` without a bracket pair that encloses the whole line and holds nothing but one title."""
    m = _ENCLOSED.match(text.strip())
    return m.group(1) if m and not any(ch in m.group(1) for ch in "【】〔〕[]［］〖〗") else text


def _roman_value(raw: str) -> int:
    digits = [_ROMAN_VALUES[ch] for ch in "".join(_ROMAN_FORMS.get(ch, ch) for ch in raw)]
    total = sum(-d if k + 1 < len(digits) and d < digits[k + 1] else d for k, d in enumerate(digits))
    return total if 0 < total <= 39 else 0


def parse_numbering(text: str) -> Numbering | None:
    t = unbracketed(text.strip())
    if not t or t[0] not in _FIRST_CHARS:
        return None
    for kind, pattern in _CANDIDATES.get(t[0], _PATTERNS):
        m = pattern.match(t)
        if not m:
            continue
        rest = t[m.end():].strip()
        raw = m.group(1)
        if kind.startswith("dec"):
            values = tuple(int(x) for x in re.split(r"[.．]", raw))
        elif kind == "circled":
            values = (ord(raw) - 0x2460 + 1,)
        elif kind == "roman":
            values = (_roman_value(raw),)
        elif kind.startswith("letter"):
            values = (ord(raw[0].upper()) - ord("A") + 1,) + tuple(int(x) for x in re.split(r"[.．]", raw)[1:])
        else:
            values = (cn_to_int(raw),)
        if min(values) <= 0 or ((kind.startswith("dec") or kind == "cn_bare") and rest and _NOT_TITLE_START.match(rest)):
            return None
        if kind in ("dec1", "dec1_bare", "dec2") and rest[:1].isdigit():
            return None
        return Numbering(kind, values, t[: m.end()].strip(), rest)
    return None


def settle_letters(nums: list[Numbering | None]) -> list[Numbering | None]:
    """I. / V. / X. are capital letters in a document numbered A. B. C. … and roman numerals in one numbered
    I. II. III.: read as letters when the document has letter headings and no other roman numeral."""
    single = [k for k, n in enumerate(nums) if n is not None and n.kind == "roman" and n.prefix[0] in "IVX"
              and len(n.prefix.rstrip("、.． ")) == 1]
    if not single or not any(n is not None and n.kind == "letter" for n in nums) or any(
            n is not None and n.kind == "roman" and k not in single for k, n in enumerate(nums)):
        return nums
    out = list(nums)
    for k in single:
        n = nums[k]
        out[k] = Numbering("letter", (ord(n.prefix[0]) - ord("A") + 1,), n.prefix, n.rest)
    return out
