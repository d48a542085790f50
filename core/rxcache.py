"""Compiled regular expressions kept across processes: a process start compiles ~240 patterns at module level
(CJK character classes, long alternations) and a check ~100 more, ≈75 ms CPU of a 240-page check, all in the
standard library's pure-Python parser and compiler (``re._parser``, ``re._compiler``). Their output, the
engine's code (a list of ints) with the group tables, is a pure function of (pattern, flags) and the Python build,
so it is kept in the user cache (``core/cache.py``, marshal, keyed by the interpreter's version and the engine's
format) and handed to the engine's own constructor (``_sre.compile``) as ``re._compiler.compile`` would: the same
arguments, so the same pattern object.

``install()`` (the package's ``__init__``) wraps ``re._compiler.compile``, which ``re`` calls on a miss of its own
per-process cache, for string and bytes patterns (a parsed pattern and ``re.DEBUG`` go to the original). An
invalid pattern raises as before (it is parsed afresh). New entries are written when the process ends, merged
with what other processes wrote meanwhile; past ``_LIMIT`` entries or ``_BYTES`` (patterns built from data, a test
run's thousands) the file is rewritten with the patterns that process used, so it stays small to load (~1 ms).
What is lost: a warning the parser gives about a pattern (a possible nested set) is given only when it is compiled
afresh. ``YUSHEN_REGEX_CACHE=0`` turns it off.
"""

from __future__ import annotations

import os
import re

_LIMIT = 1024  # entries (a check uses ~350); past it, or past _BYTES, the memo keeps what the last process used
_BYTES = 2 << 20
_FORMAT = 1


def _compiled(pattern: str | bytes, flags: int) -> tuple:
    """What ``re._compiler.compile(pattern, flags)`` hands ``_sre.compile`` besides the pattern, the same steps."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = list(map(int, _compiler._code(p, flags)))  # (opcodes are int subclasses: plain ints marshal)
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return int(flags | p.state.flags), code, p.state.groups - 1, dict(groupindex), tuple(indexgroup)


def _memo_file():
    import _sre
    import sys

    from .cache import memo_path

    build = f"{_FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|" \
            f"{_sre.MAXREPEAT}|{_sre.MAXGROUPS}"
    return memo_path("regex", build.encode())


def _read(path) -> dict:
    import marshal

    try:
        got = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return got if isinstance(got, dict) else {}


def install() -> None:
    """Wrap ``re._compiler.compile`` with the cross-process memo (once a process; a no-op where the standard
    library's internals are not the ones this was written against)."""
    import _sre
    from re import _compiler

    plain = _compiler.compile
    if getattr(plain, "_yushen_memo", False) or os.environ.get("YUSHEN_REGEX_CACHE", "1") == "0":
        return
    if not callable(getattr(_compiler, "_code", None)) or not callable(getattr(_sre, "compile", None)):
        return
    path = _memo_file()
    known = _read(path)
    used: dict = {}  # what this process compiled, from the memo or afresh
    new: list = []
    build = _sre.compile

    def compile(p, flags=0):  # noqa: A001 (re._compiler's own name)
        if not isinstance(p, (str, bytes)) or flags & re.DEBUG:
            return plain(p, flags)
        key = (p, int(flags))
        got = known.get(key)
        if got is None:
            got = _compiled(p, flags)  # (raises re.error on a bad pattern, as the plain compile)
            if len(used) < _LIMIT:  # (a long-running process compiling patterns from data keeps no more)
                known[key] = got
                new.append(key)
        if len(used) < _LIMIT:
            used[key] = got
        return build(p, *got)

    compile._yushen_memo = True  # type: ignore[attr-defined]
    _compiler.compile = compile

    def save() -> None:
        if not new:
            return
        import marshal

        from .cache import write_memo

        merged = _read(path)
        for key in new:
            merged.setdefault(key, used[key])
        new.clear()
        try:
            blob = marshal.dumps(merged)
            if len(merged) > _LIMIT or len(blob) > _BYTES:
                blob = marshal.dumps(dict(list(used.items())[:_LIMIT]))
        except ValueError:  # (a value marshal cannot write: nothing kept, nothing lost)
            return
        if len(blob) <= _BYTES:
            write_memo(path, blob)

    import atexit

    atexit.register(save)
