"""RTF without LibreOffice: text and paragraph breaks (no styles), so legacy archives never need a converter.

A small tokenizer over the RTF 1.9 syntax: destinations that carry no body text (font and colour tables, style
sheet, document info, pictures, objects, headers and footers, ``{\\*\\…}``) are skipped; ``\\'hh`` bytes are
decoded in the document's code page (``\\ansicpg936`` — or GB18030 when a font declares a Chinese charset in an
``\\ansicpg1252`` file, as Chinese Word writes them), ``\\uN`` is a Unicode character followed by ``\\ucN``
fallback characters that are skipped; ``\\par``, ``\\line``, ``\\cell`` and ``\\row`` end paragraphs.
"""

from __future__ import annotations

import re

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block
from .normalize import normalize_text

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([\r\n]+)|([^\\{}\r\n]+)",
                    re.S)
_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header", b"footer", b"headerl",
         b"headerr", b"headerf", b"footerl", b"footerr", b"footerf", b"listtable", b"listoverridetable",
         b"revtbl", b"rsidtbl", b"generator", b"xmlnstbl", b"themedata", b"colorschememapping", b"latentstyles",
         b"datastore", b"fldinst", b"footnote", b"bkmkstart", b"bkmkend", b"filetbl", b"pgdsctbl"}
_BREAKS = {b"par": "\n", b"line": "\n", b"cell": "\n", b"row": "\n", b"sect": "\n", b"page": "\n", b"tab": "\t",
           b"emdash": "\u2014", b"endash": "\u2013", b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
           b"rdblquote": "\u201d", b"bullet": "\u2022", b"~": "\u00a0"}
_CJK_CHARSETS = {b"134": "gb18030", b"136": "big5", b"128": "cp932", b"129": "cp949"}


def _codepage(data: bytes) -> str:
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    cpg = m.group(1).decode() if m else "1252"
    if cpg in ("936", "54936"):
        return "gb18030"
    if cpg == "1252":  # Chinese Word writes \ansicpg1252 and marks its Chinese fonts \fcharset134 (GB2312)
        head = data[:65536]
        for cs in (b"134", b"136"):
            if b"\\fcharset" + cs in head:
                return _CJK_CHARSETS[cs]
    return f"cp{cpg}"


def rtf_text(data: bytes) -> str:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise YushenError(ErrorCode.CORRUPT_FILE, "RTF 文件头缺失 (not RTF)")
    encoding = _codepage(data)
    try:
        b"".decode(encoding)
    except LookupError:
        encoding = "gb18030"
    out: list[str] = []
    pending = bytearray()  # \'hh bytes of one run, decoded together (a GBK character is two of them)
    stack: list[tuple[bool, int]] = []
    skipping, uc, to_skip = False, 1, 0
    first_in_group = False

    def flush() -> None:
        if pending:
            if not skipping:
                out.append(pending.decode(encoding, errors="replace"))
            pending.clear()

    for m in _TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, _newline, text = m.groups()
        if hexbyte is not None:
            if to_skip:
                to_skip -= 1
            else:
                pending.append(int(hexbyte, 16))
            first_in_group = False
            continue
        flush()
        if brace == b"{":
            stack.append((skipping, uc))
            first_in_group = True
            continue
        if brace == b"}":
            skipping, uc = stack.pop() if stack else (False, 1)
            to_skip = 0
            continue
        if symbol is not None:
            if symbol == b"*" and first_in_group:
                skipping = True
            elif not skipping and symbol in (b"~", b"-", b"_", b"{", b"}", b"\\"):
                out.append({b"~": "\u00a0", b"-": "", b"_": "-"}.get(symbol, symbol.decode("latin-1")))
            elif not skipping and symbol in (b"\n", b"\r"):
                out.append("\n")
            first_in_group = False
            continue
        if word is not None:
            if word in _SKIP:
                skipping = True
            elif word == b"uc" and arg is not None:
                uc = max(0, int(arg))
            elif word == b"u" and arg is not None:
                if not skipping:
                    n = int(arg)
                    out.append(chr(n + 65536 if n < 0 else n))
                to_skip = uc
            elif not skipping and word in _BREAKS:
                out.append(_BREAKS[word])
            first_in_group = False
            continue
        if text is not None:
            first_in_group = False
            if to_skip:
                drop = min(to_skip, len(text))
                text, to_skip = text[drop:], to_skip - drop
            if not skipping and text:
                out.append(text.decode(encoding, errors="replace"))
    flush()
    return "".join(out)


def read_rtf(data: bytes) -> tuple[list[Block], list[str]]:
    blocks = [Block(text=t, kind="paragraph") for line in rtf_text(data).split("\n")
              if (t := normalize_text(line).strip())]
    if not blocks:
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    return blocks, ["read without LibreOffice: text and paragraphs only, no styles"]
