"""Compiled regular expressions kept across processes (core/rxcache.py, issue 17, seventh round) are the patterns
the standard library compiles: equal ``re.Pattern`` objects (same pattern, flags and engine code), the same groups,
the same matches, the same errors; and a check reads the same with the memo, without it and from a warm one."""

from __future__ import annotations

import _sre
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yushen.core import rxcache

from .builders import build_docx
from .proposals import complete

# Shapes the memo must carry exactly: CJK classes (big charsets), named and numbered groups, inline and given
# flags, bytes, lookarounds, back-references, repeats past the small sizes, case folding, verbose layout.
ODD = [
    (r"[\u4e00-\u9fff]{2,}", 0), (r"(?P<num>第[一二三四五六七八九十]+章)\s*(?P<title>.+)", 0), (r"(?i)sm[1-9]|gb/t", 0),
    (r"^\s*(\d+)\.(\d+)(?=\s)", re.M), (r"(a|b)\1+", 0), (r"x{3,70000}", 0), (r"(?<=[。；])\s*(?!第)", 0),
    (r"数据 共享 # a comment\n|交换", re.X), (r"Straße", re.IGNORECASE), (rb"\x00[\x80-\xff]+", 0),
    (r"(?P<a>x)(?(a)y|z)", 0), (r"[^\s，。、]+", re.S | re.A), (r"", 0), (r"\bWAF\b", 0),
]


def _memo_of_a_run() -> dict:
    """Every (pattern, flags) the package compiles on import and in a check of a generated proposal, as the memo
    of a fresh process's cache records them."""
    import marshal
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        doc = Path(cache) / "p.docx"
        title, items = complete("ordos")
        build_docx(doc, items, title_page=title)
        env = {**os.environ, "YUSHEN_CACHE": cache}
        subprocess.run([sys.executable, "-m", "yushen", "check", str(doc), "--format", "json"], env=env,
                       capture_output=True, check=False)
        files = list((Path(cache) / "regex").glob("*.marshal"))
        assert len(files) == 1
        return marshal.loads(files[0].read_bytes())


@pytest.fixture(scope="module")
def project():
    return _memo_of_a_run()


def _plain_compile(pattern, flags):
    """``re._compiler.compile`` as the standard library has it (its source, whatever wraps the module's name)."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return _sre.compile(pattern, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))


def test_the_memo_records_the_project_patterns_and_each_is_the_standard_librarys(project):
    assert len(project) > 200  # module-level patterns and those a check compiles
    for (pattern, flags), entry in project.items():
        got = _sre.compile(pattern, *entry)
        want = _plain_compile(pattern, flags)
        # Pattern equality is the engine's: pattern, flags and the compiled code, word for word
        assert got == want, pattern
        assert (got.groups, got.groupindex, got.flags) == (want.groups, want.groupindex, want.flags), pattern


def test_odd_shapes_compile_to_the_same_patterns_and_match_alike():
    texts = ["第三章 总体设计", "1.2 数据共享\n2.1 xx", "SM4 与 GB/T 22239", "aab", "x" * 5, "。 第", "Strasse STRASSE",
             "数据共享交换", "xy", "WAF 部署"]
    for pattern, flags in ODD:
        entry = rxcache._compiled(pattern, flags)
        got = _sre.compile(pattern, *entry)
        assert got == _plain_compile(pattern, flags), pattern
        for t in texts:
            t = t.encode("utf-8") if isinstance(pattern, bytes) else t
            a, b = got.search(t), _plain_compile(pattern, flags).search(t)
            assert (a and (a.span(), a.groups(), a.groupdict())) == (b and (b.span(), b.groups(), b.groupdict()))


def test_a_bad_pattern_raises_as_before_and_parsed_or_debug_patterns_go_the_plain_way(capsys):
    from re import _compiler, _parser

    for bad in (r"(unclosed", r"[z-a]", r"\p"):
        with pytest.raises(re.error) as got:
            rxcache._compiled(bad, 0)
        with pytest.raises(re.error) as want:
            _plain_compile(bad, 0)
        assert str(got.value) == str(want.value)
    rxcache.install()  # (installed by the package already: a second call changes nothing)
    assert getattr(_compiler.compile, "_yushen_memo", False) is (os.environ.get("YUSHEN_REGEX_CACHE", "1") != "0")
    parsed = _parser.parse(r"a|b\d", 0)
    assert _compiler.compile(parsed, 0).search("xb1").group() == "b1"
    assert re.compile(r"de(bu)g-\d", re.DEBUG).search("debug-1")  # DEBUG prints the code, as before
    assert "LITERAL" in capsys.readouterr().out


def _check(doc: Path, cache: Path, memo: bool) -> str:
    env = {**os.environ, "YUSHEN_CACHE": str(cache), "YUSHEN_REGEX_CACHE": "1" if memo else "0"}
    out = subprocess.run([sys.executable, "-m", "yushen", "check", str(doc), "--format", "json"], env=env,
                         capture_output=True, text=True, check=False)
    assert out.stdout.strip(), out.stderr
    return out.stdout


def test_a_check_reads_the_same_without_the_memo_with_a_cold_one_and_a_warm_one(tmp_path):
    title, items = complete("ordos")
    doc = build_docx(tmp_path / "p.docx", items, title_page=title)
    plain = _check(doc, tmp_path / "c0", memo=False)
    assert not (tmp_path / "c0" / "regex").exists()
    cold = _check(doc, tmp_path / "c1", memo=True)
    memo = list((tmp_path / "c1" / "regex").glob("*.marshal"))
    assert len(memo) == 1
    warm = _check(doc, tmp_path / "c1", memo=True)
    assert plain == cold == warm
    assert json.loads(warm)  # a report, not an error


def test_a_damaged_memo_is_compiled_afresh_and_rewritten(tmp_path):
    title, items = complete("ordos")
    doc = build_docx(tmp_path / "p.docx", items, title_page=title)
    plain = _check(doc, tmp_path / "c", memo=False)
    _check(doc, tmp_path / "c", memo=True)
    (memo,) = (tmp_path / "c" / "regex").glob("*.marshal")
    memo.write_bytes(b"\x00not marshal")
    assert _check(doc, tmp_path / "c", memo=True) == plain
    assert len(memo.read_bytes()) > 1000  # written again whole


def test_a_memo_filled_by_patterns_from_data_is_rewritten_with_what_a_check_uses(tmp_path):
    title, items = complete("ordos")
    doc = build_docx(tmp_path / "p.docx", items, title_page=title)
    env = {**os.environ, "YUSHEN_CACHE": str(tmp_path / "c")}
    fill = "import re, yushen\nfor i in range(3000): re.compile(f'(?:x{i}|[\\u4e00-\\u9fff]{{{i % 9 + 1}}})y')"
    subprocess.run([sys.executable, "-c", fill], env=env, check=True)
    (memo,) = (tmp_path / "c" / "regex").glob("*.marshal")
    import marshal

    assert len(marshal.loads(memo.read_bytes())) <= rxcache._LIMIT
    plain = _check(doc, tmp_path / "c0", memo=False)
    assert _check(doc, tmp_path / "c", memo=True) == plain
    held = marshal.loads(memo.read_bytes())
    assert len(held) < 700 and not any(isinstance(p, str) and p.endswith("y") and p.startswith("(?:x") for p, _ in held)
    before = memo.read_bytes()
    assert _check(doc, tmp_path / "c", memo=True) == plain
    assert memo.read_bytes() == before  # everything the check compiles is held: nothing new to write
