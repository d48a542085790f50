"""Compiled patterns remembered across processes (core/regex_memo.py, issue 17: ≈300 compiles were ≈30 ms of a
check's start-up). Each pattern the memo hands the engine must be the pattern ``re`` itself compiles — compared
with ``==`` (pattern, flags and the engine's code), groups and group names — whether compiled afresh or read back
from the file; errors and warnings stay ``re``'s own; and a check writes the same report with and without it."""

import marshal
import os
import re
import re._compiler as compiler
import subprocess
import sys
import warnings

import pytest

from tests.builders import build_pdf
from tests.proposals import complete
from yushen.core import regex_memo
from yushen.core.regex_memo import RegexMemo, load, save

PLAIN = compiler.compile

# The kinds of pattern the project writes: CJK ranges, named groups, lookarounds, inline and passed flags,
# verbose patterns, backreferences, bytes, alternations with literal prefixes, possessive-free repeats.
PATTERNS = [
    (r"[\u4e00-\u9fff]+", 0),
    (r"^(?P<title>.*?\S)\s*(?:[.．·…⋯_\-]{3,}|\s{2,}|\t)\s*(?P<page>\d{1,4}|[ivxIVX]{1,6})\s*$", 0),
    (r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|亿元|元)(?![\u4e00-\u9fff])", 0),
    (r"bold|heavy|black|semibold|demi|黑体|hei", re.I),
    (r"(?i)page\s*\d+", 0),
    (r"""(?x) ^ \s* 第 \s* ([一二三四五六七八九十百零〇\d]+) \s* [章节]  # a chapter
         (?=\s|$)""", 0),
    (r"(['\"])(.*?)\1", re.S | re.M),
    (rb"%PDF-\d\.\d", 0),
    (r"\bAPP\b|小程序|公众号", re.A),
    (r"(?:(?:\d{1,2}[.．、]\s*)?第\s*[一二三四五六七八九十]+\s*[章节部分篇条]|[（(][一二三四五六七八九十]+[）)])", 0),
    (r"", 0),
    (r"(a)|(?P<b>b)(?(1)c|d)", 0),
]


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert a == b  # pattern, flags and the engine's code
    assert (a.groups, dict(a.groupindex), a.flags) == (b.groups, dict(b.groupindex), b.flags)


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_memo_compiles_the_pattern_re_compiles_afresh_and_read_back(tmp_path, pattern, flags):
    memo = RegexMemo()
    plain = PLAIN(pattern, flags)
    _same(memo.compile(pattern, flags), plain)
    _same(memo.compile(pattern, flags), plain)  # the remembered entry
    path = tmp_path / "re.marshal"
    save(memo, path)
    again = RegexMemo(load(path))
    _same(again.compile(pattern, flags), plain)
    assert again.added == 0  # read back, not compiled


def test_memo_matches_as_re_does():
    memo = RegexMemo()
    text = "第三章 建设内容 ........ 12\n项目总投资420.00万元，其中软件开发费260万元。Page 3"
    for pattern, flags in PATTERNS:
        if isinstance(pattern, bytes):
            continue
        ours, theirs = memo.compile(pattern, flags), PLAIN(pattern, flags)
        assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]
        assert [m.groupdict() for m in ours.finditer(text)] == [m.groupdict() for m in theirs.finditer(text)]


def test_bad_pattern_raises_re_own_error_and_is_not_remembered():
    memo = RegexMemo()
    with pytest.raises(re.error) as ours:
        memo.compile(r"(?P<x>a", 0)
    with pytest.raises(re.error) as theirs:
        PLAIN(r"(?P<x>a", 0)
    assert str(ours.value) == str(theirs.value)
    assert memo.entries == {} and memo.added == 0


def test_pattern_that_warns_warns_each_time_and_is_not_remembered():
    memo = RegexMemo()
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _same(memo.compile("[[a]", 0), PLAIN("[[a]", 0))
        assert [w.category for w in caught] == [FutureWarning, FutureWarning]  # ours (plain way) and PLAIN's
    assert memo.entries == {}


def test_debug_flag_and_parsed_pattern_take_the_plain_way(capsys):
    import re._parser as parser

    memo = RegexMemo()
    _same(memo.compile(parser.parse("ab", 0), 0), PLAIN(parser.parse("ab", 0), 0))
    memo.compile("ab", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out  # re's own dump
    assert memo.entries == {}


def test_damaged_foreign_or_missing_file_is_an_empty_memo(tmp_path):
    path = tmp_path / "re.marshal"
    assert load(path) == {}
    path.write_bytes(b"\x00garbage")
    assert load(path) == {}
    path.write_bytes(marshal.dumps(("another build", {("a", 0): (32, [1], 0, {}, (None,))})))
    assert load(path) == {}


def test_memo_is_bounded_by_what_a_process_used(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_memo, "MAX_ENTRIES", 3)
    memo = RegexMemo()
    for k in range(5):
        memo.compile(f"a{k}", 0)
    path = tmp_path / "re.marshal"
    save(memo, path)
    later = RegexMemo(load(path))  # all five were used by that process
    assert len(later.entries) == 5
    later.compile("b", 0)
    save(later, path)
    assert set(load(path)) == {("b", 0)}  # over the bound: only what the last process used


def test_nothing_new_writes_nothing(tmp_path):
    memo = RegexMemo({})
    path = tmp_path / "re.marshal"
    save(memo, path)
    assert not path.exists()


def test_every_pattern_a_check_remembers_is_re_own(tmp_path):
    """Run real checks (a PDF and a plain-text proposal built here) with the memo, then check every entry the
    processes wrote against a fresh compile: the patterns of the whole pipeline and its libraries."""
    title, items = complete("ordos")
    pdf = build_pdf(tmp_path / "p.pdf", items, title_page=title, toc=True)
    txt = tmp_path / "p.txt"
    txt.write_text("\n".join([*title, *(i[1] if isinstance(i, tuple) else i for i in items)]), encoding="utf-8")
    env = {**os.environ, "YUSHEN_CACHE": str(tmp_path / "cache")}
    env.pop("YUSHEN_NO_REGEX_MEMO", None)
    for f in (pdf, txt):
        done = subprocess.run([sys.executable, "-m", "yushen", "check", str(f), "--format", "json"], env=env,
                              capture_output=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr
    (path,) = (tmp_path / "cache" / "re").glob("*.marshal")
    entries = load(path)
    assert len(entries) > 100
    import _sre

    for (pattern, flags), (final_flags, code, groups, groupindex, indexgroup) in entries.items():
        _same(_sre.compile(pattern, final_flags, code, groups, dict(groupindex), indexgroup), PLAIN(pattern, flags))


def test_check_report_is_the_same_with_and_without_the_memo(tmp_path):
    """Three processes: the memo off, the memo filled, the memo read: the same bytes and exit code."""
    title, items = complete("dalad")
    pdf = build_pdf(tmp_path / "p.pdf", items, title_page=title)
    env = {**os.environ, "YUSHEN_CACHE": str(tmp_path / "cache")}
    runs = []
    for off in (True, False, False):
        run_env = {**env, "YUSHEN_NO_REGEX_MEMO": "1"} if off else {k: v for k, v in env.items()
                                                                    if k != "YUSHEN_NO_REGEX_MEMO"}
        done = subprocess.run([sys.executable, "-m", "yushen", "check", str(pdf), "--format", "json"],
                              env=run_env, capture_output=True, timeout=300)
        runs.append((done.returncode, done.stdout, done.stderr))
        if off:
            assert not (tmp_path / "cache" / "re").exists()
    assert runs[0] == runs[1] == runs[2]
    assert runs[0][0] in (0, 1) and runs[0][1]


def test_install_routes_re_compile_once(monkeypatch, tmp_path):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path))
    monkeypatch.setattr(compiler, "compile", PLAIN)
    import atexit

    monkeypatch.setattr(atexit, "register", lambda *a, **k: None)
    memo = regex_memo.install()
    assert memo is not None and compiler.compile == memo.compile
    assert regex_memo.install() is memo
    re.purge()
    _same(re.compile(r"(?P<n>\d+)万元"), PLAIN(r"(?P<n>\d+)万元", 0))
    assert (r"(?P<n>\d+)万元", 0) in memo.entries
