"""Line breaking for Chinese text in a terminal: display widths (a CJK character takes two cells), breaks
between ideographs but never inside a Latin word, number or rule id, no line that starts with closing
punctuation (a lone 。) or ends with an opening bracket, and quotes shortened at a clause boundary with "…"."""

from __future__ import annotations

import os
import re
import shutil

from rich.cells import cell_len

# Characters a line must not start with (行首禁则) and must not end with (行尾禁则).
NO_START = set("。，、；：？！）》」』】〕〉”’…·％%,.;:?!)]}")
NO_END = set("（《「『【〔〈“‘([{")
# An unbreakable run: Latin words, numbers, ids such as nmg.art27.free_maintenance_period, paths, hashes.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/:+#@%=~]+|\s+|.", re.S)
CLAUSE_END = "，。；、：！？,;:!?"


def terminal_width(default: int = 100) -> int:
    """The width of the terminal the report goes to (``COLUMNS`` wins, as for every shell tool)."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    return shutil.get_terminal_size((default, 24)).columns


def width_of(text: str) -> int:
    return cell_len(text)


def _hard_split(token: str, width: int) -> list[str]:
    parts, cur = [], ""
    for ch in token:
        if cur and width_of(cur + ch) > width:
            parts.append(cur)
            cur = ""
        cur += ch
    return parts + ([cur] if cur else [])


def wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    """Lines of at most ``width`` cells. ``first`` prefixes the first line, ``indent`` the others (for hanging
    indents); explicit newlines are kept."""
    out: list[str] = []
    for n, para in enumerate(text.split("\n")):
        out += _wrap_one(para, width, indent if (n or out) else first, indent)
    return out


def _wrap_one(text: str, width: int, first: str, indent: str) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    prefix = first

    def used() -> int:
        return width_of(prefix) + sum(width_of(t) for t in line)

    def flush() -> None:
        nonlocal line, prefix
        lines.append(prefix + "".join(line).rstrip())
        line, prefix = [], indent

    tokens = _TOKEN.findall(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        room = width - used()
        if width_of(tok) <= room:
            if not (tok.isspace() and not line):
                line.append(tok)
            i += 1
            continue
        if tok.isspace():  # a break at a space: the space goes
            flush()
            i += 1
            continue
        if not line:  # longer than a whole line: only now is a token cut
            avail = max(1, width - width_of(prefix))
            pieces = _hard_split(tok, avail)
            tokens[i:i + 1] = pieces
            line.append(tokens[i])
            i += 1
            flush()
            continue
        carry: list[str] = []
        # Keep closing punctuation with the character before it, and an opening bracket with what follows.
        if tok in NO_START:
            while len(line) > 1 and (not carry or carry[0] in NO_START):
                carry.insert(0, line.pop())
        while len(line) > 1 and line[-1] in NO_END:
            carry.insert(0, line.pop())
        flush()
        line = [t for t in carry if not (t.isspace() and not line)]
    if line or not lines:
        lines.append(prefix + "".join(line).rstrip())
    return lines


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` cells: cut after the last clause boundary that keeps at least half the room, else at
    a character (never inside a Latin word or number), and mark the cut with "…"."""
    text = " ".join(text.split())
    if width_of(text) <= limit:
        return text
    room = limit - 1
    kept, w = [], 0
    for tok in _TOKEN.findall(text):
        tw = width_of(tok)
        if w + tw > room:
            break
        kept.append(tok)
        w += tw
    head = "".join(kept)
    cut = max(head.rfind(c) for c in CLAUSE_END)
    if cut >= 0 and width_of(head[:cut]) >= room // 2:
        head = head[:cut]
    return head.rstrip(" " + CLAUSE_END) + "…"
