"""The classifier's segmenter (analyze/wordseg.py) cuts as jieba does with HMM off on the same dictionary, without
importing jieba; its prefix dictionary is cached per content of the word list."""

from __future__ import annotations

import logging
import marshal
import random

import pytest

from yushen.analyze import features
from yushen.analyze.features import BODY_CHARS, BODY_WORD_CHARS, strip_number
from yushen.analyze.model_store import TRAIN_FILE, read_jsonl
from yushen.analyze.wordseg import Segmenter, build_prefix_dict, load_segmenter
from yushen.core.cache import memo_path

jieba = pytest.importorskip("jieba")


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(dictionary=str(features.WORDS))
    tokenizer.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tokenizer.initialize()
    prefix, log_total = build_prefix_dict(features.WORDS.read_bytes())
    return tokenizer, Segmenter(prefix, log_total)


def test_tokens_are_jiebas_over_every_heading_and_body_opening_of_the_corpus(both):
    tokenizer, ours = both
    texts = set()
    for row in read_jsonl(TRAIN_FILE) + read_jsonl(TRAIN_FILE.parent / "dev.jsonl"):
        body = row.get("body", "")
        texts.update({row["heading"], strip_number(row["heading"]), body[:BODY_WORD_CHARS], body[:BODY_CHARS]})
    assert len(texts) > 8000
    differ = [t for t in sorted(texts) if ours.cut(t) != tokenizer.lcut(t, HMM=False)]
    assert differ == []


@pytest.mark.parametrize("text", [
    "", " ", "\r\n", "a\r\nb\tc  d", "SM2、SM4算法和TLS1.3协议", "项目总投资300万元（其中2024年150万元）",
    "第3.2.1节 IPv6+改造", "C#与C++、.NET和e-mail", "５Ｇ网络ａｂｃ１２３", "😀表情符号与\u3000全角空格",
    "一二三四五六七八九十百千万亿", "xyz", "x1 y2", "已经建设完成的政务云平台，承载了全市42个部门的业务系统。",
    "中华人民共和国网络安全法", "𠀀𪚥生僻字", "ⅠⅡⅢ罗马数字", "a_b-c.d%e&f#g+h",
])
def test_tokens_are_jiebas_on_texts_that_exercise_every_branch(both, text):
    tokenizer, ours = both
    assert ours.cut(text) == tokenizer.lcut(text, HMM=False)


def test_tokens_are_jiebas_on_random_mixes_and_the_remembered_cut_is_the_same(both):
    """CJK runs taken from corpus bodies (dictionary words occur) mixed with latin, digits, whitespace and
    punctuation; the remembered cut (the classifier's) gives the same twice."""
    tokenizer, ours = both
    rng = random.Random(5)
    source = "".join(r.get("body", "") for r in read_jsonl(TRAIN_FILE)[:300])
    odd = list("abcXYZ0123456789 \u3000\t\n，。、；：:;,.（）()《》“”!?-—…/%+#&_") + ["\r\n"]
    texts = []
    for _ in range(2000):
        parts = [source[(at := rng.randrange(len(source) - 20)): at + rng.randint(1, 20)] if rng.random() < 0.6
                 else "".join(rng.choice(odd) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 8))]
        texts.append("".join(parts)[:120])
    remembered = ours.remembering()
    for text in texts + texts[:500]:
        assert ours.cut(text) == tokenizer.lcut(text, HMM=False) == remembered.cut(text), text
    assert remembered._cut_block.cache_info().hits > 0


def test_a_word_list_of_our_own_cuts_as_jieba_with_it(tmp_path, monkeypatch):
    """Ties between routes, words of frequency zero and prefixes that are no word, on a dictionary built here
    (甲乙|丙 and 甲|乙丙 score exactly alike: jieba takes the longer first word)."""
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    words = tmp_path / "words.txt"
    words.write_text("数据 10\n共享 10\n数据共享 20\n共享交换 0\n交换 10\n平台 5\n交换平台 5\n数 1\n据 1\nab 3\n"
                     "甲乙 5\n乙丙 5\n甲 5\n丙 5\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(dictionary=str(words))
    tokenizer.tmp_dir = str(tmp_path)
    ours = load_segmenter(words)
    for text in ("数据共享交换平台", "共享交换", "数据数据共享", "ab数据abc交换平台x", "据数", "交换平台平台", "甲乙丙", "丙甲乙丙"):
        assert ours.cut(text) == tokenizer.lcut(text, HMM=False), text


def test_the_prefix_dictionary_is_cached_by_content_as_marshal(tmp_path, monkeypatch):
    monkeypatch.setenv("YUSHEN_CACHE", str(tmp_path / "cache"))
    words = tmp_path / "words.txt"
    words.write_text("数据 10\n共享 10\n", encoding="utf-8")
    first = load_segmenter(words)
    memo = memo_path("wordseg", b"format1", words.read_bytes())
    assert memo.exists()
    prefix, log_total = marshal.loads(memo.read_bytes())
    assert prefix == {"数据": prefix["数据"], "数": None, "共享": prefix["共享"], "共": None}
    assert load_segmenter(words).cut("数据共享") == first.cut("数据共享") == ["数据", "共享"]
    words.write_text("数据共享 10\n", encoding="utf-8")  # new content: a new entry, not the old one
    assert load_segmenter(words).cut("数据共享") == ["数据共享"]
    memo.write_bytes(b"not marshal")  # a damaged entry is rebuilt, not trusted
    words.write_text("数据 10\n共享 10\n", encoding="utf-8")
    assert load_segmenter(words).cut("数据共享") == ["数据", "共享"]


def test_a_malformed_word_list_is_refused():
    with pytest.raises(ValueError, match="line 2"):
        build_prefix_dict("数据 10\n共享\n".encode())
