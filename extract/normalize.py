"""Text normalisation applied once, by every reader, before anything else (report contract §normalisation).

* CJK radical code points → the ideograph a simplified-Chinese document means. PDF text layers emit
  Kangxi Radicals (U+2F00–U+2FD5) and CJK Radicals Supplement (U+2E80–U+2EF3) in place of ordinary
  ideographs (``⼈⺠`` for ``人民``). NFKC fixes the Kangxi block but to the *traditional* form (``⾨`` → ``門``)
  and leaves 113 of the 115 supplement code points alone, so we use an explicit table.
* Full-width digits and Latin letters → ASCII; Chinese punctuation (``（一）``, ``，``, ``：``) is kept.
* Invisible characters (soft hyphen, zero-width, BOM) are dropped; pdfium's U+FFFE for a hyphen at a line's
  end is the hyphen.

About the supplement table: ``shared/spec/cjk-radicals.md`` transcribes "intended ideographs" from a third-party
table and asks for verification against Unicode's EquivalentUnifiedIdeograph.txt. Two independent copies of
that file's U+2E81–U+2EF3 lines disagree with the spec table in 18 places (e.g. U+2E87 ⺇ → U+20628 𠘨, not 几;
U+2E80 has no equivalent at all). We follow EquivalentUnifiedIdeograph.txt and then fold the handful of
traditional / Japanese forms to the simplified character a simplified-Chinese document means
(``⻑`` 長 → 长, ``⻱`` 龜 → 龟, ``⻫`` 斉 → 齐 …). See tests/test_normalize.py.
"""

from __future__ import annotations

import unicodedata

# U+2E81..U+2EF3 per EquivalentUnifiedIdeograph.txt (Unicode 16–18); U+2E80 and U+2E9A/unassigned are absent.
_SUPPLEMENT_EUI = (
    "⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇𠘨 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺑𡯂 ⺒巳 ⺓幺 ⺔彑 ⺕𫜹 ⺖忄 ⺗心 "
    "⺘扌 ⺙攵 ⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 ⺪𤴔 ⺫目 ⺬示 ⺭礻 ⺮𥫗 "
    "⺯糹 ⺰纟 ⺱罓 ⺲罒 ⺳㓁 ⺴冗 ⺵𦉫 ⺶羊 ⺷𦍌 ⺸𦍋 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 "
    "⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏邑 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 "
    "⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 "
    "⻰龙 ⻱龜 ⻲亀 ⻳龟"
)

# Traditional / Japanese results (of NFKC on Kangxi radicals, or of the EUI table) that are real words in
# simplified prose, folded to their simplified form. Radical-only forms (亅, 匸, 辵 …) are left as they are.
_SIMPLIFIED_FOLD = {
    "戶": "户", "見": "见", "貝": "贝", "車": "车", "長": "长", "門": "门", "靑": "青", "韋": "韦",
    "頁": "页", "風": "风", "飛": "飞", "馬": "马", "鬥": "斗", "魚": "鱼", "鳥": "鸟", "鹵": "卤",
    "麥": "麦", "黃": "黄", "黽": "黾", "齊": "齐", "齒": "齿", "龍": "龙", "龜": "龟", "斉": "齐",
    "歯": "齿", "竜": "龙", "亀": "龟",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for pair in _SUPPLEMENT_EUI.split():
        radical, ideograph = pair[0], pair[1:]
        table[ord(radical)] = _SIMPLIFIED_FOLD.get(ideograph, ideograph)
    for cp in range(0x2F00, 0x2FD6):
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc != chr(cp):
            table[cp] = _SIMPLIFIED_FOLD.get(nfkc, nfkc)
    # Full-width digits and Latin letters → ASCII (punctuation stays full-width on purpose).
    for cp in range(0xFF10, 0xFF1A):
        table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[cp] = chr(cp - 0xFEE0)
    for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        table[cp] = ""
    table[0x00A0] = " "  # no-break space
    # pdfium's mark for a hyphen that ends a line inside a word ("Wi-" | "Fi", "GB/T 22239-" | "2019"): in
    # Chinese text such a hyphen is part of the word, not a hyphenation to undo.
    table[0xFFFE] = "-"
    return table


RADICAL_TABLE: dict[int, str] = _build_table()


def normalize_text(text: str) -> str:
    """Apply the contract's character normalisation to ``text`` (idempotent)."""
    return text.translate(RADICAL_TABLE)


def compact(text: str) -> str:
    """Whitespace-free form used to compare titles and quotes (PDF layers insert spaces between runs)."""
    return "".join(text.split())
