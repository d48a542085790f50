"""The classifier counts a section's vocabulary terms group by group (the heading's tokens once per distinct heading,
the body's character pairs looked up bare): the same terms, counts and order (the order its float sums run in) as
counting ``features.tokens`` whole, so every probability is the same to the bit."""

from __future__ import annotations

from collections import Counter

import pytest

from yushen.analyze import classify
from yushen.analyze.features import BODY_CHARS, tokens
from yushen.analyze.model_store import load_model
from yushen.pipeline import read_tree

from .builders import build_docx
from .proposals import complete


@pytest.fixture(scope="module")
def model():
    return load_model()


def _reference(model, heading, body, parent):
    return Counter(filter(model.vocabulary_.__contains__, tokens(heading, body, parent)))


def _cases(tmp_path):
    title, items = complete("ordos")
    tree = read_tree(build_docx(tmp_path / "p.docx", items, title_page=title))
    for sec in tree.sections():
        for body in (sec.body, sec.full_text, ""):
            yield sec.title, body, None
            yield sec.title, body, "overview"
    # edges: bodies of punctuation, Latin, digits and spaces only, a body past the read length, repeated pairs
    odd = ["。，、；", "GB/T 22239-2019 3.0", "  \n ", "数据" * 300, "a数b据c" * 5, "（一）总体要求：", "数"]
    for heading in ("第一章 项目概述", "3.2 网络安全", "", "数据共享与交换"):
        for body in odd:
            yield heading, body, "crypto"
            yield heading, body, None


def test_term_counts_are_those_of_the_whole_token_list(model, tmp_path):
    n = 0
    for heading, body, parent in _cases(tmp_path):
        got = model._term_counts(heading, body, parent)
        want = _reference(model, heading, body, parent)
        # (character pairs are counted bare: "数据" for "bc:数据")
        assert [(t if ":" in t else f"bc:{t}", n) for t, n in got.items()] == list(want.items()), \
            (heading, body[:40], parent)
        n += 1
    assert n > 50
    assert any(len(b) > BODY_CHARS for _, b, _ in _cases(tmp_path))


def test_probabilities_are_those_of_the_whole_token_list_to_the_bit(model, tmp_path, monkeypatch):
    cases = list(_cases(tmp_path))
    fast = [model.model_proba(*c) for c in cases]
    monkeypatch.setattr(classify.SectionClassifier, "_term_counts",
                        lambda self, heading, body, parent: _reference(self, heading, body, parent))
    assert [model.model_proba(*c) for c in cases] == fast


def test_body_coverage_stops_early_with_the_answer_of_all_sentences(monkeypatch):
    """``_body_covers`` stops reading sentences once the answer is settled: the same answer as counting them all, for
    every pattern of hits (sentences stand for their hit counts here)."""
    import itertools

    def whole(counts, label, short):
        hit = sum(1 for c in counts if c)
        if sum(counts) < 3:
            return False
        return label not in classify.MANDATORY_TOPICS or (hit >= (1 if short else 2) and hit * 2 >= len(counts))

    monkeypatch.setattr(classify, "body_hits", lambda sentence, label: int(sentence))
    n = 0
    for size in range(7):
        for counts in itertools.product((0, 1, 3), repeat=size):
            for label in ("schedule", "data_sharing"):  # a topic rules do not check, and one they check
                for short in (False, True):
                    got = classify._body_covers([str(c) for c in counts], label, short)
                    assert got == whole(counts, label, short), (counts, label, short)
                    n += 1
    assert n > 4000
    assert "data_sharing" in classify.MANDATORY_TOPICS and "schedule" not in classify.MANDATORY_TOPICS
