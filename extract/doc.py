"""Word 97–2003 ``.doc`` (and WPS files saved in the same OLE format) without LibreOffice: text and paragraph
breaks from the FIB and the piece table ([MS-DOC] 2.4.1), and each paragraph's heading level from its paragraph
properties (the PAPX pages: built-in heading styles sit at istd 1–9, and ``sprmPOutLvl`` sets an outline level).

The main document text is the first ``FibRgLw97.ccpText`` characters of the piece table. A piece is UTF-16LE,
or "compressed" 8-bit (code page 1252: ASCII text Word stored one byte a character). Field codes (between
0x13 and 0x14) are dropped, field results kept; 0x0D ends a paragraph, 0x07 ends a table cell or row.
"""

from __future__ import annotations

import struct

from ..core.errors import ErrorCode, YushenError
from ..core.types import Block
from .normalize import normalize_text

_WIDENT = 0xA5EC
_MAX_CHARS = 50_000_000  # a document claiming more text than this is damaged
# Compressed pieces store these bytes for characters outside Latin-1 ([MS-DOC] 2.4.1, "FcCompressed").
_CP1252_FIXUPS = {0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
                  0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152", 0x91: "\u2018",
                  0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
                  0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178"}


def _corrupt(why: str) -> YushenError:
    return YushenError(ErrorCode.CORRUPT_FILE, f"DOC 文件已损坏，无法读取 ({why})")


def _u16(buf: bytes, off: int) -> int:
    if off + 2 > len(buf):
        raise _corrupt("FIB truncated")
    return struct.unpack_from("<H", buf, off)[0]


def _u32(buf: bytes, off: int) -> int:
    if off + 4 > len(buf):
        raise _corrupt("FIB truncated")
    return struct.unpack_from("<I", buf, off)[0]


def _streams(data: bytes) -> tuple[bytes, bytes | None, int]:
    """(WordDocument stream, table stream or None, nFib)."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises OSError, ValueError, struct.error… on a damaged container
        raise _corrupt(f"OLE: {type(exc).__name__}") from None
    with ole:
        names = {"/".join(e).lower(): "/".join(e) for e in ole.listdir(streams=True, storages=False)}
        if "encryptedpackage" in names:
            raise YushenError(ErrorCode.ENCRYPTED, "DOC 文件已加密 (password-protected DOC)")
        if "worddocument" not in names:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "OLE 文件中没有 Word 正文 (no WordDocument stream)")
        try:
            word = ole.openstream(names["worddocument"]).read()
            flags = _u16(word, 0x0A)
            table_name = "1table" if flags & 0x0200 else "0table"
            table = ole.openstream(names[table_name]).read() if table_name in names else None
        except YushenError:
            raise
        except Exception as exc:
            raise _corrupt(f"OLE stream: {type(exc).__name__}") from None
    if _u16(word, 0) != _WIDENT:
        raise _corrupt("not a Word FIB")
    if flags & 0x0100:  # fEncrypted
        raise YushenError(ErrorCode.ENCRYPTED, "DOC 文件已加密 (password-protected DOC)")
    return word, table, _u16(word, 2)


def _decode_compressed(raw: bytes) -> str:
    return "".join(_CP1252_FIXUPS.get(b) or chr(b) for b in raw)


def doc_text(data: bytes) -> str:
    """The main document text with Word's control characters (0x0D paragraph, 0x07 cell, 0x13–0x15 fields)."""
    return _doc(data)[0]


def _doc(data: bytes) -> tuple[str, list[tuple[int, int, int, int]], bytes, bytes | None, int | None]:
    """(text, pieces as (first char index, count, fc, bytes a char), WordDocument, table, FibRgFcLcb offset)."""
    word, table, nfib = _streams(data)
    if nfib < 101:  # Word 6/95: one run of 8-bit text between fcMin and fcMac, no piece table needed
        fc_min, fc_mac = _u32(word, 0x18), _u32(word, 0x1C)
        raw = word[fc_min:fc_mac]
        for enc in ("gb18030", "cp1252"):
            try:
                return raw.decode(enc), [], word, table, None
            except UnicodeDecodeError:
                continue
        return raw.decode("cp1252", errors="replace"), [], word, table, None
    if table is None:
        raise _corrupt("table stream missing")
    # FibBase (32 bytes), then csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb + FibRgFcLcb.
    off = 32
    csw = _u16(word, off)
    off += 2 + 2 * csw
    cslw = _u16(word, off)
    lw = off + 2
    ccp_text = _u32(word, lw + 3 * 4) if cslw > 3 else 0
    off = lw + 4 * cslw
    cb_fclcb = _u16(word, off)
    fclcb = off + 2
    if cb_fclcb <= 33:
        raise _corrupt("FIB has no piece table")
    fc_clx, lcb_clx = _u32(word, fclcb + 33 * 8), _u32(word, fclcb + 33 * 8 + 4)
    if not 0 < ccp_text <= _MAX_CHARS or fc_clx + lcb_clx > len(table) or lcb_clx == 0:
        raise _corrupt("bad text length or piece table")
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        pos += 3 + _u16(clx, pos + 1)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _corrupt("piece table not found")
    lcb = _u32(clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise _corrupt("empty piece table")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    parts: list[str] = []
    got = 0
    layout: list[tuple[int, int, int, int]] = []
    for i in range(n):
        cp_start, cp_end = cps[i], min(cps[i + 1], ccp_text)
        if cp_start >= ccp_text:
            break
        if cp_end <= cp_start:
            continue
        fc_raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        count = cp_end - cp_start
        if fc_raw & 0x40000000:
            start = (fc_raw & 0x3FFFFFFF) // 2
            raw = word[start:start + count]
            parts.append(_decode_compressed(raw))
            layout.append((got, count, start, 1))
        else:
            start = fc_raw & 0x3FFFFFFF
            raw = word[start:start + 2 * count]
            parts.append(raw.decode("utf-16-le", errors="replace"))
            layout.append((got, count, start, 2))
        if len(raw) < (count if fc_raw & 0x40000000 else 2 * count):
            raise _corrupt("piece outside the WordDocument stream")
        got += count
    return "".join(parts), layout, word, table, fclcb


_SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
_SPRM_OUTLINE = 0x2640


def _papx_runs(word: bytes, table: bytes, fclcb: int) -> list[tuple[int, int, int]]:
    """(fc start, fc end, heading level or 0) for every paragraph-property run of the document's PAPX pages."""
    fc_plc, lcb_plc = _u32(word, fclcb + 13 * 8), _u32(word, fclcb + 13 * 8 + 4)
    plc = table[fc_plc:fc_plc + lcb_plc]
    n = (len(plc) - 4) // 8
    runs = []
    for i in range(max(n, 0)):
        pn = struct.unpack_from("<I", plc, 4 * (n + 1) + 4 * i)[0] & 0x3FFFFF
        fkp = word[pn * 512:(pn + 1) * 512]
        if len(fkp) < 512:
            continue
        crun = fkp[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for j in range(crun):
            b_off = fkp[4 * (crun + 1) + 13 * j] * 2
            level = 0
            if b_off:
                cb = fkp[b_off]
                start, size = (b_off + 1, 2 * cb - 1) if cb else (b_off + 2, 2 * fkp[b_off + 1])
                grpprl = fkp[start:start + size]
                if len(grpprl) >= 2:
                    istd = struct.unpack_from("<H", grpprl, 0)[0]
                    level = istd if 1 <= istd <= 9 else 0  # Heading 1–9 are built-in styles at istd 1–9
                    level = _outline_sprm(grpprl[2:], level)
            runs.append((fcs[j], fcs[j + 1], level))
    return runs


def _outline_sprm(prls: bytes, level: int) -> int:
    pos = 0
    while pos + 2 <= len(prls):
        sprm = struct.unpack_from("<H", prls, pos)[0]
        pos += 2
        spra = sprm >> 13
        size = (prls[pos] if pos < len(prls) else 0) + 1 if spra == 6 else _SPRA_SIZE[spra]
        if sprm == _SPRM_OUTLINE and pos < len(prls):
            level = prls[pos] + 1 if prls[pos] < 9 else 0
        pos += size
    return level


def _paragraph_levels(ends: list[int], layout, word: bytes, table: bytes | None, fclcb: int | None) -> list[int]:
    """Heading level (0 = body) of each paragraph, found from the file position of its end mark."""
    if table is None or fclcb is None or not ends:
        return [0] * len(ends)
    runs = sorted(_papx_runs(word, table, fclcb))
    starts = [r[0] for r in runs]
    import bisect

    levels = []
    k = 0
    for cp in ends:
        while k + 1 < len(layout) and layout[k][0] + layout[k][1] <= cp:
            k += 1
        first, _count, fc, width = layout[k]
        pos = fc + (cp - first) * width
        i = bisect.bisect_right(starts, pos) - 1
        levels.append(runs[i][2] if i >= 0 and runs[i][0] <= pos < runs[i][1] else 0)
    return levels


def _paragraphs(text: str) -> tuple[list[str], list[int]]:
    """Paragraph texts and the index of each one's end mark (0x0D, or 0x07 closing a table cell). Field codes
    are dropped and field results kept (``\\x13 code \\x14 result \\x15`` → ``result``); fields nest and a result
    may run over several paragraphs (a table of contents)."""
    paras: list[str] = []
    ends: list[int] = []
    cur: list[str] = []
    stack: list[bool] = []  # per open field: are we in its code part?
    for i, ch in enumerate(text):
        if ch == "\x13":
            stack.append(True)
        elif ch == "\x14":
            if stack:
                stack[-1] = False
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif any(stack):
            continue
        elif ch in "\r\x07":
            paras.append("".join(cur))
            ends.append(i)
            cur = []
        else:
            cur.append(ch)
    if cur:
        paras.append("".join(cur))
        ends.append(len(text) - 1)
    return paras, ends


_DROP = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_DROP.update({0x1E: "-", 0xA0: " ", 0x0B: "\n", 0x0C: " ", 0x09: "\t"})


def read_doc(data: bytes) -> tuple[list[Block], list[str]]:
    text, layout, word, table, fclcb = _doc(data)
    paras, ends = _paragraphs(text)
    warnings = ["read without LibreOffice: text, paragraphs and heading levels, no other formatting"]
    try:
        levels = _paragraph_levels(ends, layout, word, table, fclcb)
    except (struct.error, IndexError, KeyError, ValueError):  # damaged property pages: the text still counts
        levels = [0] * len(paras)
        warnings.append("paragraph properties unreadable: no heading levels")
    blocks = []
    for para, level in zip(paras, levels, strict=True):
        para = normalize_text(para.translate(_DROP)).strip()
        if para:
            blocks.append(Block(text=para, kind="paragraph", outline_level=level or None,
                                style=f"heading {level}" if level else None))
    if not blocks:
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    return blocks, warnings
