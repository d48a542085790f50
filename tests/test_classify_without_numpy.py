"""The section classifier predicts with the standard library alone (issue 17): the same labels and probabilities as
the numpy computation it replaced, from a model file that needs neither numpy nor pickle."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from yushen.analyze import classify
from yushen.analyze.classify import FORMAT_VERSION, SectionClassifier
from yushen.analyze.features import tokens
from yushen.analyze.model_store import TRAIN_FILE, load_model, read_jsonl

np = pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def model():
    return load_model()


def _numpy_proba(model: SectionClassifier, coef, intercept, toks: list[str]):
    """The float32 numpy computation prediction used before: softmax(intercept + coef[:, idx] @ v)."""
    idx, v = model._vectorise(toks)
    scores = intercept + (coef[:, idx] @ v if len(idx) else 0.0)
    e = np.exp(scores - scores.max())
    return e / e.sum()


def _feed(monkeypatch, next_tokens) -> None:
    """model_proba counts the vocabulary's terms of the token list ``next_tokens()`` gives, whatever it is asked
    (the counting itself is tested against ``tokens`` in tests/test_classify_term_counts.py)."""
    monkeypatch.setattr(classify.SectionClassifier, "_term_counts", lambda self, heading, body, parent: Counter(
        filter(self.vocabulary_.__contains__, next_tokens())))


def test_pure_python_probabilities_are_the_numpy_ones_over_the_training_corpus(model, monkeypatch):
    k, n = len(model.classes_), len(model.vocabulary_)
    coef = np.asarray(model.coef_, dtype=np.float32).reshape(n, k).T  # term-major on file, classes × terms here
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    rows = read_jsonl(TRAIN_FILE)
    # The records' own token lists, fed to both computations (features are tested elsewhere).
    lists = [tokens(r["heading"], r.get("body", ""), r.get("parent_label")) for r in rows]
    lists.append(["x:nothing-known"])  # no term in the vocabulary: the intercept alone
    feed = iter(lists)
    _feed(monkeypatch, lambda: next(feed))
    worst, repeated = 0.0, 0
    for toks in lists:
        got = model.model_proba("", "", None)
        want = _numpy_proba(model, coef, intercept, toks)
        assert isinstance(got, list) and len(got) == k
        assert max(range(k), key=got.__getitem__) == int(np.argmax(want))
        worst = max(worst, float(np.max(np.abs(np.asarray(got) - want))))
        repeated += len(set(toks)) < len(toks)
    assert worst <= 1e-5
    assert repeated > 100  # terms counted more than once (the 1 + log n weights) were exercised


def test_a_term_repeated_past_the_log_table_is_weighted_as_in_training(model, monkeypatch):
    k, n = len(model.classes_), len(model.vocabulary_)
    coef = np.asarray(model.coef_, dtype=np.float32).reshape(n, k).T
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    terms = sorted(model.vocabulary_)[:3]
    for toks in ([terms[0]] * 1500 + [terms[1]] * 3, [terms[2]] * 1023 + [terms[0]], [terms[1]] * 2):
        _feed(monkeypatch, lambda toks=toks: toks)
        got = model.model_proba("", "", None)
        assert np.max(np.abs(np.asarray(got) - _numpy_proba(model, coef, intercept, toks))) <= 1e-5


def test_the_model_file_round_trips_exactly_and_holds_no_pickle(model, tmp_path):
    path = tmp_path / f"sections-x{classify.MODEL_SUFFIX}"
    model.save(path, "abc")
    again, digest = SectionClassifier.load(path)
    assert digest == "abc" and again.classes_ == model.classes_ and again.vocabulary_ == model.vocabulary_
    assert (again.idf_, again.intercept_, again.coef_) == (model.idf_, model.intercept_, model.coef_)
    head, _, rest = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    assert header["format_version"] == FORMAT_VERSION and header["classes"] == model.classes_
    k, n = len(model.classes_), len(model.vocabulary_)
    assert len(rest) == 4 * (n + k + k * n)  # float32 weights and nothing else


def test_a_damaged_or_foreign_model_file_is_refused(model, tmp_path):
    path = tmp_path / "m.model"
    model.save(path, "abc")
    data = path.read_bytes()
    for bad in (data[:-4], b"\x80\x04pickle" + data, data.replace(b'"format_version": 2', b'"format_version": 1'),
                b"", b'{"format_version": 2}\n', b'{"format_version": 2, "classes": 3, "vocabulary": []}\n'):
        path.write_bytes(bad)
        with pytest.raises(ValueError):
            SectionClassifier.load(path)


def test_a_prediction_is_a_distribution_whose_best_label_is_the_label(model):
    pred = model.predict_one("第九章 网络安全与密码应用", "按等保三级建设，采用国产密码算法。")
    assert math.isclose(sum(pred.probabilities.values()), 1.0, abs_tol=1e-9)
    assert pred.confidence == max(pred.probabilities.values()) == pred.probabilities[pred.label]
    assert pred.label in {"network_security", "crypto"}
