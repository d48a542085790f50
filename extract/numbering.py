"""Render Word auto-numbering (numbering.xml) so "第1章"/"1.1" that Word shows but the run text lacks is kept."""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def attr_int(value: str | None, default: int, lo: int = 0, hi: int = 8) -> int:
    """An integer attribute as Word would use it: a non-number (``w:val="x"``) falls back to the default and the
    value is clamped to [lo, hi], so a hand-edited or damaged part never crashes the reader."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(max(n, lo), hi)


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    hundreds = digits[n // 100] + "百"
    rest = n % 100
    if rest == 0:
        return hundreds
    if rest < 10:
        return hundreds + "零" + digits[rest]
    return hundreds + (digits[1] + ten + (digits[rest % 10] if rest % 10 else "") if rest < 20
                       else chinese_counting(rest, digits, ten))


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographTraditional_counting"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, "拾")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n)  # normalised to ASCII digits anyway
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    is_lgl: bool = False


@dataclass
class NumberingRenderer:
    """Counts list items in document order and renders their visible number."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) → start
    counters: dict[str, list[int]] = field(default_factory=dict)
    _started: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_part(cls, numbering_element) -> NumberingRenderer:
        self = cls()
        if numbering_element is None:
            return self
        for absn in numbering_element.findall(f"{W}abstractNum"):
            aid = absn.get(f"{W}abstractNumId")
            levels: dict[int, _Level] = {}
            for lvl in absn.findall(f"{W}lvl"):
                ilvl = attr_int(lvl.get(f"{W}ilvl"), 0)
                level = _Level()
                if (el := lvl.find(f"{W}start")) is not None:
                    level.start = attr_int(el.get(f"{W}val"), 1, 0, 32767)
                if (el := lvl.find(f"{W}numFmt")) is not None:
                    level.fmt = el.get(f"{W}val", "decimal")
                if (el := lvl.find(f"{W}lvlText")) is not None:
                    level.text = el.get(f"{W}val", "")
                level.is_lgl = lvl.find(f"{W}isLgl") is not None
                levels[ilvl] = level
            self.levels[aid] = levels
        for num in numbering_element.findall(f"{W}num"):
            nid = num.get(f"{W}numId")
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.abstract_of[nid] = ref.get(f"{W}val")
            for ov in num.findall(f"{W}lvlOverride"):
                so = ov.find(f"{W}startOverride")
                if so is not None:
                    self.overrides[(nid, attr_int(ov.get(f"{W}ilvl"), 0))] = attr_int(so.get(f"{W}val"), 1, 0, 32767)
        return self

    def render(self, num_id: str, ilvl: int) -> str | None:
        aid = self.abstract_of.get(num_id)
        ilvl = min(max(ilvl, 0), 8)
        if aid is None or num_id == "0":
            return None
        levels = self.levels.get(aid, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return None
        counters = self.counters.setdefault(aid, [0] * 9)
        if (num_id, ilvl) in self.overrides and (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            counters[ilvl] = self.overrides[(num_id, ilvl)] - 1
        if counters[ilvl] == 0:
            counters[ilvl] = level.start - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = level.text
        for i in range(ilvl + 1):
            lv = levels.get(i, _Level())
            value = counters[i] if counters[i] else lv.start
            fmt = "decimal" if level.is_lgl else lv.fmt
            text = text.replace(f"%{i + 1}", format_number(value, fmt))
        return text.strip() or None
