"""Section classifier: a linear model over heading/body tokens, blended with the heading lexicon and the parent's
label as context.

Fit with scikit-learn (only ``fit`` imports it); learned state lives in ``*_`` attributes and is saved as plain
numpy arrays (``np.savez``, no pickle), so ``predict`` needs numpy and jieba only — a single ``check`` does not pay
the ~1.2 s scikit-learn import.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.types import SectionTree
from .features import strip_number, tokens
from .lexicon import heading_cues

LABELS = ("overview", "basis", "unit_profile", "current_state", "necessity", "requirements", "overall_design",
          "construction", "data_sharing", "network_security", "crypto", "secure_reliable", "cloud_network",
          "integration", "energy", "procurement", "organization", "supervision", "schedule", "investment",
          "operations", "performance", "benefits", "risks", "conclusion", "appendix", "other")

# Group weights: the heading says most about a section; the body confirms; the parent hints.
_GROUP_WEIGHT = {"h": 1.0, "h2": 0.8, "hc": 0.8, "b": 0.45, "bc": 0.3, "p": 1.2}
LEXICON_BOOST = 2.0  # multiply the model's probability of every label whose key terms the heading contains
SECURITY_FAMILY = frozenset({"network_security", "crypto", "secure_reliable", "data_sharing"})
_SPLIT = re.compile(r"以及|[与和及、暨]")
FORMAT_VERSION = 1


@dataclass
class Prediction:
    label: str
    confidence: float
    labels_secondary: list[str] = field(default_factory=list)
    probabilities: dict[str, float] = field(default_factory=dict)


@dataclass
class SectionClassifier:
    C: float = 8.0
    min_count: int = 1
    # learned state (sklearn convention: trailing underscore)
    classes_: list[str] = field(default_factory=list)
    vocabulary_: dict[str, int] = field(default_factory=dict)
    idf_: np.ndarray | None = None
    coef_: np.ndarray | None = None
    intercept_: np.ndarray | None = None

    # --- fitting -----------------------------------------------------------------------------------------
    def fit(self, records: list[dict]) -> SectionClassifier:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        docs = [tokens(r["heading"], r.get("body", ""), r.get("parent_label")) for r in records]
        counts: dict[str, int] = {}
        for toks in docs:
            for t in set(toks):
                counts[t] = counts.get(t, 0) + 1
        vocab = sorted(t for t, c in counts.items() if c >= self.min_count)
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        n = len(docs)
        self.idf_ = np.array([math.log((1 + n) / (1 + counts[t])) + 1.0 for t in vocab], dtype=np.float32)
        rows, cols, vals = [], [], []
        for i, toks in enumerate(docs):
            idx, v = self._vectorise(toks)
            rows += [i] * len(idx)
            cols += list(idx)
            vals += list(v)
        X = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
        y = [r["label"] for r in records]
        model = LogisticRegression(C=self.C, max_iter=3000, random_state=0)
        model.fit(X, y)
        self.classes_ = [str(c) for c in model.classes_]
        self.coef_ = model.coef_.astype(np.float32)
        self.intercept_ = model.intercept_.astype(np.float32)
        return self

    def _vectorise(self, toks: list[str]) -> tuple[np.ndarray, np.ndarray]:
        vocab = self.vocabulary_
        tf: dict[str, int] = {}
        for t in toks:
            if t in vocab:
                tf[t] = tf.get(t, 0) + 1
        if not tf:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((vocab[t] for t in tf), dtype=np.int64, count=len(tf))
        v = np.fromiter(((1.0 + math.log(n)) * _GROUP_WEIGHT.get(t[: t.index(":")], 0.5) for t, n in tf.items()),
                        dtype=np.float32, count=len(tf)) * self.idf_[idx]
        norm = float(np.linalg.norm(v))
        return idx, v / norm if norm else v

    # --- prediction --------------------------------------------------------------------------------------
    def model_proba(self, heading: str, body: str = "", parent_label: str | None = None) -> np.ndarray:
        idx, v = self._vectorise(tokens(heading, body, parent_label))
        scores = self.intercept_ + (self.coef_[:, idx] @ v if len(idx) else 0.0)
        scores = scores - scores.max()
        e = np.exp(scores)
        return e / e.sum()

    def predict_one(self, heading: str, body: str = "", parent_label: str | None = None) -> Prediction:
        p = self.model_proba(heading, body, parent_label)
        cues = heading_cues(strip_number(heading))
        if cues:
            boost = np.array([LEXICON_BOOST if c in cues else 1.0 for c in self.classes_], dtype=np.float32)
            p = p * boost
            p = p / p.sum()
        best = int(np.argmax(p))
        probs = {c: float(p[i]) for i, c in enumerate(self.classes_)}
        return Prediction(self.classes_[best], float(p[best]), [], probs)

    def heading_topics(self, heading: str, parent_label: str | None) -> list[str]:
        """Labels named by the parts of a heading joined with 与/和/及/、 ("网络安全与密码应用")."""
        text = strip_number(heading)
        parts = [p for p in _SPLIT.split(text) if len(p) >= 2]
        if len(parts) < 2:
            return []
        found = []
        for part in parts:
            pred = self.predict_one(part, "", parent_label)
            if pred.confidence >= 0.5 and pred.label not in found:
                found.append(pred.label)
        return found

    # --- persistence (plain arrays, no pickle) -----------------------------------------------------------
    def save(self, path: Path, corpus_hash: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, classes=np.array(self.classes_), vocabulary=np.array(vocab), idf=self.idf_,
                            coef=self.coef_, intercept=self.intercept_, corpus_hash=np.array(corpus_hash),
                            format_version=np.array(FORMAT_VERSION))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> tuple[SectionClassifier, str]:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format_version"]) != FORMAT_VERSION:
                raise ValueError(f"model format {int(data['format_version'])} is not {FORMAT_VERSION}")
            self = cls()
            self.classes_ = [str(c) for c in data["classes"]]
            self.vocabulary_ = {str(t): i for i, t in enumerate(data["vocabulary"])}
            self.idf_ = data["idf"]
            self.coef_ = data["coef"]
            self.intercept_ = data["intercept"]
            return self, str(data["corpus_hash"])


def classify_tree(tree: SectionTree, model: SectionClassifier) -> SectionTree:
    """Label every heading node in document order (parents first, so each child sees its parent's label)."""
    for sec in tree.sections():
        parent_label = sec.parent.label if sec.parent is not None and sec.parent.level > 0 else None
        pred = model.predict_one(sec.title, sec.body or sec.full_text, parent_label)
        sec.label = pred.label
        sec.confidence = pred.confidence
        secondary: list[str] = []
        if sec.level == 1:
            secondary = [t for t in model.heading_topics(sec.title, parent_label) if t != pred.label]
        sec.labels_secondary = secondary
    # A security chapter whose sub-sections cover a second security topic carries it too ("安全保障方案" holding
    # 等保 and 密码 sub-sections).
    for sec in tree.sections():
        if sec.label in SECURITY_FAMILY:
            for child in sec.children:
                if child.label in SECURITY_FAMILY and child.label != sec.label and \
                        child.label not in sec.labels_secondary:
                    sec.labels_secondary.append(child.label)
    return tree
