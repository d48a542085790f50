"""Section classifier: a linear model over heading/body tokens, blended with the heading lexicon and the parent's
label as context.

Fit with scikit-learn and numpy (only ``fit`` imports them); learned state lives in ``*_`` attributes as plain
float32 ``array('f')`` rows and is saved as a JSON header plus raw little-endian float32 bytes (no pickle, no
numpy), so ``predict`` runs on the standard library alone: a single ``check`` pays neither the ~1.2 s scikit-learn
import nor numpy's ~0.1 s.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from operator import add, mul
from pathlib import Path

from ..core.text import ANY_ENDS, pieces
from ..core.types import Section, SectionTree
from .crypto_plan import crypto_plan_line
from .facts import DOC_TYPES
from .features import _PUNCT, BODY_CHARS, BODY_WORD_CHARS, _char_ngrams, _segmenter, strip_number, tokens
from .lexicon import BODY_VOCAB, body_hits, body_pattern, heading_cues, security_part_stated, weak_cues
from .numbering import parse_numbering
from .wordseg import Segmenter

LABELS = ("overview", "basis", "unit_profile", "current_state", "necessity", "requirements", "overall_design",
          "construction", "data_sharing", "network_security", "crypto", "secure_reliable", "cloud_network",
          "integration", "energy", "procurement", "organization", "supervision", "schedule", "investment",
          "operations", "performance", "benefits", "risks", "conclusion", "appendix", "other")

# Group weights: the heading says most about a section; the body confirms; the parent hints.
_GROUP_WEIGHT = {"h": 1.0, "h2": 0.8, "hc": 0.8, "b": 0.45, "bc": 0.3, "p": 1.2}
_ONE_PLUS_LOG = [0.0] + [1.0 + math.log(n) for n in range(1, 1024)]  # term frequency n
LEXICON_BOOST = 2.0  # multiply the model's probability of every label whose key terms the heading contains
SECURITY_FAMILY = frozenset({"network_security", "crypto", "secure_reliable", "data_sharing"})
_SPLIT = re.compile(r"以及|[与和及、暨]")
FORMAT_VERSION = 2  # 2: JSON header + float32 bytes (1 was numpy's .npz)
MODEL_SUFFIX = ".model"


# Pure functions of a heading that labelling asks several times a section (numbering parsed, cue patterns tried):
# answered once per distinct heading. Tuples, so no caller can change a remembered answer.
_strip_number = lru_cache(maxsize=8192)(strip_number)


@lru_cache(maxsize=2048)  # (a few dozen strings a heading: ~5 MB when full)
def _heading_tokens(heading: str) -> tuple[str, ...]:
    """The heading's part of ``features.tokens`` (its words, word pairs and character n-grams, as there, but cut by
    ``_cutter``): the same for every section of that title, so built once per distinct heading."""
    h = _strip_number(heading)
    words = [w for w in _cutter().cut(h) if w.strip() and not _PUNCT.fullmatch(w)]  # (features._words)
    feats = [f"h:{w}" for w in words]
    feats += [f"h2:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    feats += [f"hc:{g}" for g in _char_ngrams(h, 1, 3)]
    return tuple(feats)


@lru_cache(maxsize=1)
def _cutter() -> Segmenter:
    """The classifier's segmenter (``features._segmenter``, jieba's cut), each block's cut remembered."""
    return _segmenter().remembering()


@lru_cache(maxsize=4096)
def _body_words(opening: str) -> tuple[str, ...]:
    """The "b:" tokens of a body opening (``tokens``' body words: ``features._words`` of it, words of 2+ characters),
    once per distinct opening."""
    return tuple(f"b:{w}" for w in _cutter().cut(opening) if len(w) > 1 and w.strip() and not _PUNCT.fullmatch(w))


@lru_cache(maxsize=8192)  # asked of a section's title and again as each child's parent
def _numbered(title: str) -> bool:
    return parse_numbering(title) is not None


@lru_cache(maxsize=8192)
def _heading_cues(heading: str) -> tuple[str, ...]:
    return tuple(heading_cues(heading))


@lru_cache(maxsize=8192)
def _weak_cues(heading: str) -> tuple[str, ...]:
    return tuple(weak_cues(heading))


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
    # learned state (sklearn convention: trailing underscore), scikit-learn's float64 cast to float32 and kept in
    # array('f'): idf_ (one per term), intercept_ (one per class), coef_ term-major (term i's weight for class k
    # at i * len(classes_) + k), so that one term's weights are one slice
    classes_: list[str] = field(default_factory=list)
    vocabulary_: dict[str, int] = field(default_factory=dict)
    idf_: array | None = None
    coef_: array | None = None
    intercept_: array | None = None
    # [vocabulary, each term's group weight by index, the same as a numpy array for fitting]: built once per
    # vocabulary (not saved)
    _term_weights: list = field(default_factory=list, repr=False, compare=False)
    # what prediction reads of each term (``_TermRows``), built on the term's first use
    _rows: dict = field(default_factory=dict, repr=False, compare=False)
    # [vocabulary, {character pair: its "bc:" term} for the pairs in it]: built once per vocabulary (not saved)
    _pairs: list = field(default_factory=list, repr=False, compare=False)

    # --- fitting (the only part that needs numpy and scikit-learn) ----------------------------------------
    def fit(self, records: list[dict]) -> SectionClassifier:
        import numpy as np
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
        self.idf_ = array("f", [math.log((1 + n) / (1 + counts[t])) + 1.0 for t in vocab])
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
        self.coef_ = array("f", np.ascontiguousarray(model.coef_.T, dtype=np.float32).tobytes())
        self.intercept_ = array("f", model.intercept_.astype(np.float32).tobytes())
        self._rows = {}
        return self

    def _vectorise(self, toks: list[str]):
        """The training vector of a token list (numpy arrays: term indices, float32 tf-idf weights, L2-normed)."""
        import numpy as np

        vocab = self.vocabulary_
        tf = Counter(filter(vocab.__contains__, toks))  # counted in C, in order of first occurrence
        if not tf:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(map(vocab.__getitem__, tf), dtype=np.int64, count=len(tf))
        counts = np.fromiter(tf.values(), dtype=np.int64, count=len(tf))
        if counts.max() < len(_ONE_PLUS_LOG):
            # the same float64 products as (1 + log n) * group weight term by term, then the same float32 cast
            gw = self._group_weights()
            if self._term_weights[2] is None:
                self._term_weights[2] = np.asarray(gw, dtype=np.float64)
            w = (np.asarray(_ONE_PLUS_LOG)[counts] * self._term_weights[2][idx]).astype(np.float32)
        else:
            w = np.array([(1.0 + math.log(n)) * _GROUP_WEIGHT.get(t[: t.index(":")], 0.5) for t, n in tf.items()],
                         dtype=np.float32)
        v = w * np.asarray(self.idf_, dtype=np.float32)[idx]
        norm = float(np.linalg.norm(v))
        return idx, v / norm if norm else v

    def _group_weights(self) -> list[float]:
        """Each vocabulary term's group weight, by index, built once per vocabulary."""
        vocab = self.vocabulary_
        if self._term_weights[:1] != [vocab]:
            terms = sorted(vocab, key=vocab.get)
            self._term_weights[:] = [vocab, [_GROUP_WEIGHT.get(t[: t.index(":")], 0.5) for t in terms], None]
        return self._term_weights[1]

    def _term_rows(self) -> _TermRows:
        if not isinstance(self._rows, _TermRows) or self._rows.model is not self:
            self._rows = _TermRows(self)
        return self._rows

    # --- prediction (standard library only) --------------------------------------------------------------
    def model_proba(self, heading: str, body: str = "", parent_label: str | None = None) -> list[float]:
        """The linear model's probability of each of ``classes_``: softmax(intercept + coef · v), v the token
        list's L2-normed tf-idf vector (what ``_vectorise`` builds for training), in float64 over the float32
        weights. A few dozen classes over a sparse vector need no array library: each term's weights are one
        tuple (``_TermRows``), summed column by column in C (zip, sum) as if each term occurred once; terms that
        occur n > 1 times then add (1 + log n − 1) times their tuple, grouped by n (few terms repeat)."""
        return self._proba_of_counts(self._term_counts(heading, body, parent_label))

    def _proba_of_counts(self, tf: Counter) -> list[float]:
        """``model_proba`` of a ``Counter`` of vocabulary terms, summed in the order of its keys."""
        scores = list(self.intercept_)
        if tf:
            rows = self._term_rows()
            sums = list(map(sum, zip(*map(rows.__getitem__, tf), strict=True)))
            repeated: dict[int, list[str]] = {}
            for term, n in tf.items():
                if n > 1:
                    repeated.setdefault(n, []).append(term)
            for n, terms in repeated.items():
                f = _ONE_PLUS_LOG[n] if n < len(_ONE_PLUS_LOG) else 1.0 + math.log(n)
                # (one term: its own row, which sums alike but for a -0.0 summed to 0.0, and adding (f - 1) * ±0.0
                # leaves every sum as it is, since no sum is -0.0: each starts as sum()'s 0.0 + x)
                extra = rows[terms[0]] if len(terms) == 1 else \
                    list(map(sum, zip(*map(rows.__getitem__, terms), strict=True)))
                # column 0 holds squared weights (the norm): they scale by f², the class columns by f
                sums[0] += (f * f - 1.0) * extra[0]
                sums[1:] = map(add, sums[1:], map((f - 1.0).__mul__, extra[1:]))  # a + (f - 1) * b, in C
            norm = math.sqrt(sums[0])
            if norm:
                scores = [b + a / norm for b, a in zip(scores, sums[1:], strict=True)]
        top = max(scores)
        e = [math.exp(s - top) for s in scores]
        total = sum(e)
        return [x / total for x in e]

    def _term_counts(self, heading: str, body: str, parent_label: str | None) -> Counter:
        """``Counter`` of the vocabulary's terms among ``tokens(heading, body, parent_label)``, keys in order of
        first occurrence (the order the sums run in), built group by group: the heading's tokens once per distinct
        heading, the body's character pairs looked up bare (a few hundred a section, most not in the vocabulary)
        rather than each spelled out as a "bc:" token first, and counted under the bare pair ("数据" for "bc:数据":
        ``_TermRows`` reads its row either way). The groups' terms never coincide (each has its own prefix; a bare
        pair has no ":", which ``_PUNCT`` removes, and every term has one), so counting them one group after
        another gives the same keys, but for the pairs' spelling, in the same order."""
        vocab = self.vocabulary_
        tf = Counter(filter(vocab.__contains__, _heading_tokens(heading)))
        b = body[:BODY_CHARS]
        if b:
            if BODY_WORD_CHARS:
                tf.update(filter(vocab.__contains__, _body_words(b[:BODY_WORD_CHARS])))
            pairs, t = self._pair_terms(), _PUNCT.sub("", b)
            # (features._char_ngrams(b, 2, 2), each pair made in C: t[i] + t[i + 1] is t[i:i + 2])
            tf.update(filter(pairs.__contains__, map(add, t, t[1:])))
        parent = f"p:{parent_label or 'none'}"
        if parent in vocab:
            tf[parent] += 1
        return tf

    def _pair_terms(self) -> dict[str, str]:
        vocab = self.vocabulary_
        if self._pairs[:1] != [vocab]:
            self._pairs[:] = [vocab, {t[3:]: t for t in vocab if t.startswith("bc:")}]
        return self._pairs[1]

    def predict_one(self, heading: str, body: str = "", parent_label: str | None = None) -> Prediction:
        p = self.model_proba(heading, body, parent_label)
        cues = _heading_cues(_strip_number(heading))
        if cues:
            p = _normalised([x * LEXICON_BOOST if c in cues else x for x, c in zip(p, self.classes_, strict=True)])
        return _prediction(self.classes_, p)

    def heading_topics(self, heading: str, parent_label: str | None) -> list[str]:
        """Labels named by the parts of a heading joined with 与/和/及/、 ("网络安全与密码应用")."""
        text = _strip_number(heading)
        parts = [p for p in _SPLIT.split(text) if len(p) >= 2]
        if len(parts) < 2:
            return []
        found = []
        for part in parts:
            cues = _heading_cues(part)
            if len(cues) == 1:
                label = cues[0]  # the part names one topic in so many words ("进度", "监理")
            else:
                pred = self.predict_one(part, "", parent_label)
                if pred.confidence < 0.5:
                    continue
                label = pred.label
            if label not in found:
                found.append(label)
        return found

    # --- persistence (a JSON header line, then float32 bytes: no pickle, no numpy) -----------------------
    def save(self, path: Path, corpus_hash: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        header = {"format_version": FORMAT_VERSION, "corpus_hash": corpus_hash, "classes": self.classes_,
                  "vocabulary": vocab}
        floats = array("f", self.idf_)
        floats.extend(self.intercept_)
        floats.extend(self.coef_)
        if sys.byteorder == "big":
            floats.byteswap()  # the file is little-endian wherever it was written
        # a name of this process's own: two scan workers may train the same model at once, and each must
        # rename its own file (the last rename wins with identical content)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}-{threading.get_ident()}.tmp{path.suffix}")
        tmp.write_bytes(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + floats.tobytes())
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> tuple[SectionClassifier, str]:
        data = Path(path).read_bytes()
        end = data.find(b"\n")
        try:
            header = json.loads(data[:end]) if end > 0 else None
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: not a section model of format {FORMAT_VERSION}")
        floats = array("f")
        floats.frombytes(data[end + 1:])
        if sys.byteorder == "big":
            floats.byteswap()
        self = cls()
        try:
            self.classes_ = [str(c) for c in header["classes"]]
            vocab = [str(t) for t in header["vocabulary"]]
        except (KeyError, TypeError):
            raise ValueError(f"{path}: no labels or vocabulary in the model's header") from None
        n, k = len(vocab), len(self.classes_)
        if len(floats) != n + k + k * n:
            raise ValueError(f"{path}: {len(floats)} weights, expected {n + k + k * n}")
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        self.idf_ = floats[:n]
        self.intercept_ = floats[n: n + k]
        self.coef_ = floats[n + k:]
        return self, str(header["corpus_hash"])


class _TermRows(dict):
    """term → (w², w·coef[term, class] for each class), w the term's tf-idf weight when seen once (group weight ×
    idf): built on a term's first use, since a small document reads a few hundred of the vocabulary's terms and
    building all of them would cost a start-up more than the document."""

    def __init__(self, model: SectionClassifier):
        super().__init__()
        self.model = model

    def __missing__(self, term: str) -> tuple[float, ...]:
        m = self.model
        if ":" not in term:  # a body's character pair counted bare (``_term_counts``): the row of its "bc:" term
            row = self[term] = self["bc:" + term]
            return row
        i, k = m.vocabulary_[term], len(m.classes_)
        w = _GROUP_WEIGHT.get(term[: term.index(":")], 0.5) * m.idf_[i]
        row = self[term] = (w * w, *map(w.__mul__, m.coef_[i * k: (i + 1) * k]))
        return row


def _normalised(p: list[float]) -> list[float]:
    total = sum(p)
    return [x / total for x in p]


def _prediction(classes: list[str], p: list[float]) -> Prediction:
    best = max(range(len(p)), key=p.__getitem__)  # the first of equal maxima, as numpy's argmax
    return Prediction(classes[best], p[best], [], dict(zip(classes, p, strict=True)))


# Labels one ambiguous word can fake ("用户密码", "安全生产", "与现有系统的关系", 环保、消防 for 节能): kept only with a strong heading cue,
# support in the section's own text, or a parent chapter of the same label.
GATED = ("crypto", "network_security", "integration", "energy")
VETO = 0.02  # what is left of a gated label's probability without support
SUPPORT_HITS = 2
# Topics whose presence rules check: a secondary label from the body needs the body to be mostly about it.
MANDATORY_TOPICS = frozenset({"data_sharing", "network_security", "crypto", "secure_reliable", "integration",
                              "energy", "performance", "supervision"})
BODY_SECONDARY = ("schedule", "organization", "procurement", *sorted(MANDATORY_TOPICS))
# In an operations plan every heading says 运维: the word is no evidence there, what remains of the heading is.
# ("运营和维护", "运行与维护": the two words joined by a conjunction are the same name)
_OPS_WORDS = re.compile(r"(?:运行|运营)[和与及]?维护|运维")
# (Cloud, network and equipment lists are what an operations plan maintains, not other topics.)
_OPS_TOPICS = frozenset({"investment", "schedule", "organization", "network_security", "crypto", "current_state",
                         "data_sharing", "performance", "basis", "risks", "procurement", "supervision",
                         "secure_reliable", "integration", "energy", "benefits", "overview", "unit_profile",
                         "necessity", "conclusion"})
# Title-page lines a segmenter may take for headings (date, 建设单位：…, the document type alone): they are `other`
# and give their "children" no context.
_COVER_LINE = re.compile(r"^(?:(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?|[〇一二三四五六七八九零]{4}年[一二三四五六七八九十]{1,2}月|"
                         r"[（(]?(?:项目建议书|可行性研究报告|初步设计|实施方案|运维方案)[^，。]{0,12}[)）]?|"
                         r"(?:项目|建设|编制|承建|申报)?单位[:：].*)$")


def _is_cover_line(sec: Section) -> bool:
    """An unnumbered heading that reads like a title-page line ("2024年12月", "编制单位：…", "可行性研究报告")."""
    return sec.number is None and not _numbered(sec.title) and bool(_COVER_LINE.match(sec.title.strip()))


def doc_type_hint(tree: SectionTree) -> str | None:
    """A cheap document type from the title page (the text before the first heading, else the first blocks):
    the earliest document-type name there (facts' ``DOC_TYPES``, the one vocabulary of type names); ``"other"``
    for a regulation (办法/规定 with 第X条 articles)."""
    # The first blocks, whether or not the segmenter took a cover line ("可行性研究报告") for a heading.
    lines = [b.display_text.strip() for b in tree.document.blocks[:12] if b.display_text.strip()]
    articles = sum(1 for b in tree.document.blocks if re.match(r"^\s*第[一二三四五六七八九十百零]+条", b.text))
    if articles >= 3 and lines and re.search(r"(?:办法|规定|细则|条例|制度)\s*$", lines[0]):
        return "other"
    best = None
    for n, line in enumerate(lines):
        if re.match(r"^[（(]", line):
            continue  # "（项目建议书、可行性研究报告二合一）" names merged stages, not the type
        for pattern, dtype in DOC_TYPES:
            m = re.search(pattern, line)
            if m and (best is None or (n, m.start()) < best[0]):
                best = ((n, m.start()), dtype)
    return best[1] if best else None


_BODY_RX = {label: rx for label in BODY_VOCAB if (rx := body_pattern(label)) is not None}


@lru_cache(maxsize=64)
def _alternatives(rx: re.Pattern) -> tuple[tuple[re.Pattern, str], ...]:
    """``rx`` as patterns that find a match anywhere exactly when it does, each with a text it cannot match
    without ("" for none), for ``_occurs``. A pattern that is one alternation some of whose alternatives do not
    open with a literal ("\\d+\\s*月|季度|…|[上下]半年") gets no first-character filter from the regex engine, which
    then tries every alternative at every character (~6× the time of one whose alternatives all open with a literal);
    split, the literal-led alternatives scan as one with that filter and each other alternative alone, behind a
    literal it must contain ("月", "半年"), looked up with ``in`` first. Anything else (groups, case folding, no
    top-level alternation): the pattern itself."""
    from re import _compiler, _parser
    from re._constants import BRANCH, LITERAL

    whole = ((rx, ""),)
    if rx.groups or rx.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(rx.pattern, str):
        return whole
    parsed = _parser.parse(rx.pattern, rx.flags)
    if len(parsed.data) != 1 or parsed.data[0][0] is not BRANCH:
        return whole
    alts = parsed.data[0][1][1]
    led = [a for a in alts if a.data and a.data[0][0] is LITERAL]
    rest = [a for a in alts if not (a.data and a.data[0][0] is LITERAL)]
    if not led or not rest:
        return whole
    out = [(_compiler.compile(_parser.SubPattern(parsed.state, [(BRANCH, (None, led))]), rx.flags), "")]
    for alt in rest:
        runs, run = [""], ""
        for op, av in alt.data:  # (the alternative's own literals, in a row: each match holds them)
            run = run + chr(av) if op is LITERAL else ""
            runs.append(run)
        out.append((_compiler.compile(alt, rx.flags), max(runs, key=len)))
    return tuple(out)


_SPLIT_FROM = 1000  # characters: below, one search costs less than splitting a pattern once a process


def _occurs(rx: re.Pattern, text: str) -> bool:
    """``rx.search(text) is not None``, by ``_alternatives`` in a long text."""
    if len(text) < _SPLIT_FROM:
        return rx.search(text) is not None
    return any((not must or must in text) and piece.search(text) is not None for piece, must in _alternatives(rx))


def body_supports(section: Section, label: str) -> bool:
    """Whether a section's own text (its body and its sub-sections, not its title) is about ``label``.

    True when the label's body vocabulary (``lexicon.BODY_VOCAB``) occurs at least twice there; for labels without
    vocabulary, when the text is not empty. An empty section ("第八章 密码应用" with no body) never supports a
    label; a body that says the topic does not apply ("本项目不涉及密码应用") does mention it and supports it.
    """
    return _supported(section.full_text, label)


def _supported(text: str, label: str) -> bool:
    if not text.strip():
        return False
    if label not in BODY_VOCAB:
        return True
    # as body_hits(text, label) >= SUPPORT_HITS, reading a chapter only up to its second hit
    return next(islice(_BODY_RX[label].finditer(text), SUPPORT_HITS - 1, None), None) is not None


# What a pattern's match may depend on beyond the characters it spans, as spelled in its source: anchors and word
# boundaries, lookarounds, conditionals and named references ("(?" then = ! < > ( P), numbered back-references,
# possessive repeats. Read from the source, not the parsed pattern (parsing ~0.5 ms a pattern at every start);
# escaped look-alikes ("\\^", "\\*+") only make it answer no where yes was right (tests/test_classify_fast_paths.py
# compares it with the parsed pattern).
_CONTEXT = re.compile(r"[\^$]|\\[bBAZ1-9]|\(\?[=!<>(P]|[*+?}]\+")


@lru_cache(maxsize=64)
def _context_free(rx: re.Pattern) -> bool:
    """Whether a match of ``rx`` depends on nothing but the characters it spans (no anchors, word boundaries,
    lookarounds, back-references, possessive or atomic parts): then a text without a match holds none in any of
    its pieces either."""
    return isinstance(rx.pattern, str) and _CONTEXT.search(rx.pattern) is None


class _Support:
    """``_supported(text, label)`` for one section's text (``full_text``), asked for several labels a section and
    the same label more than once. A sub-section's text is a piece of its parent's, so a label whose (context-free)
    vocabulary the parent's text lacks is lacking there too: only chapters are read to their end for a label they
    never mention, not every sub-section under them again."""

    __slots__ = ("text", "blank", "absent", "known")

    def __init__(self, text: str, lacking: frozenset | set = frozenset()):
        self.text, self.blank = text, not text.strip()
        self.absent = set(lacking)  # labels without one hit in this text: its parent's, then its own (for its
        # sub-sections)
        self.known: dict[str, bool] = {}

    def __call__(self, label: str) -> bool:
        if self.blank:
            return False
        if label not in BODY_VOCAB:
            return True
        if label in self.absent:
            return False
        got = self.known.get(label)
        if got is None:
            rx = _BODY_RX[label]
            hits = sum(1 for _ in islice(rx.finditer(self.text), SUPPORT_HITS))  # (up to the second hit)
            if not hits and _context_free(rx):
                self.absent.add(label)
            got = self.known[label] = hits >= SUPPORT_HITS
        return got


def _body_covers(sents: list[str], label: str, short_bodies: bool = False) -> bool:
    """A section body (as sentences) is clearly about ``label``: ≥3 vocabulary hits and, for topics rules check,
    hits in ≥2 sentences making at least half of its sentences (a one-sentence mention in another topic's section
    is not enough). ``short_bodies`` (an operations plan, whose sections state the upkeep of a topic in a sentence
    or two: "数据运维 — 保障共享交换通道，确保资源目录按时更新"; a heading naming the topic, ``_heading_names``):
    hits in half of the sentences suffice, one sentence of a one-sentence body."""
    # Sentence by sentence, stopping once the answer cannot change: three hits decide a topic rules do not check;
    # for the others, the sentences with hits must reach half of all of them (and one or two).
    mandatory, need, n = label in MANDATORY_TOPICS, 1 if short_bodies else 2, len(sents)
    total = hit = 0
    for k, t in enumerate(sents):
        c = body_hits(t, label)
        if c:
            total += c
            hit += 1
            if total >= 3 and (not mandatory or (hit >= need and hit * 2 >= n)):
                return True
        elif mandatory and (hit + n - k - 1) * 2 < n:
            return False  # half of the sentences can no longer hold a hit
    return False


# Topics a heading may introduce a one-sentence body of another through: a "视频共享平台建设" or "接口" heading over a
# sentence about exchanging data, a "安全" heading over one about 等保 or 密码.
_CLOSE_TOPICS = {"data_sharing": frozenset({"data_sharing", "integration"}),
                 "integration": frozenset({"integration", "data_sharing"}),
                 "network_security": frozenset({"network_security", "crypto", "secure_reliable"}),
                 "crypto": frozenset({"network_security", "crypto", "secure_reliable"}),
                 "secure_reliable": frozenset({"network_security", "crypto", "secure_reliable"})}


def _heading_names(bare: str, label: str) -> bool:
    """Whether a heading (numbering stripped) names ``label`` or a topic close to it (``_CLOSE_TOPICS``), in a
    strong or an ambiguous term: then the body needs its dense hits in one sentence only, not in two. Short 公文
    plans and brief 建议书 write a section in one sentence ("（二）视频共享平台建设 — 建设…共享平台，按照共享目录向
    …部门共享视频资源"); under a heading of another topic ("系统部署") that sentence stays a passing mention."""
    named = set(_heading_cues(bare)) | set(_weak_cues(bare))
    return bool(named & _CLOSE_TOPICS.get(label, frozenset({label})))


# In an operations plan the upkeep is the content. A section under an operations chapter, or a chapter of the plan,
# that the model puts under a neighbouring label its heading does not name (服务目标, 行为规范, 问题记录规范,
# 信息资产统计服务, 数据库系统运维服务 → construction, organization, current_state …) is operations unless its body
# covers that label. "服务内容" is the construction cue of a build document; in an operations plan it names the upkeep.
# (Not a topic rules check: "三、数据维护" that the model reads as sharing keeps it, or a false "missing" follows.)
_OPS_ABSORBED = frozenset({"construction", "requirements", "overall_design", "current_state", "unit_profile",
                           "organization", "cloud_network", "overview"})
_OPS_CONTENT = re.compile(r"服务内容")
_OPS_SERVICE = re.compile(r"(?:运行|运营)[和与及]?维护|运维|服务")  # a heading naming the upkeep service
# In an operations plan the upkeep of a topic rules check is that topic's place in the plan ("数据维护 — …保障与共享交换
# 平台按日同步，处理共享数据的质量问题"): when the model nearly chose the topic over upkeep (probability ≥ NEAR_TOPIC) and
# the body speaks of it (two words of its vocabulary), it stays a secondary label. Whether the model puts such a
# section a hair above or below upkeep changes with every regeneration of the corpus; the plan's verdict must not.
NEAR_TOPIC = 0.25


def _upkept_topics(pred: Prediction, body: str, have: list[str]) -> list[str]:
    return [lab for lab in sorted(MANDATORY_TOPICS) if lab not in have and
            pred.probabilities.get(lab, 0.0) >= NEAR_TOPIC and body_hits(body, lab) >= 2]


# The head noun of a part of what is built (a heading ending in it is a system part, whatever topic words precede it).
_SYSTEM_PART = re.compile(r"(?:子系统|模块|功能)\s*$")


# An annex after the chapters ("附件1：应用系统迁云工作推进表", "附表3：项目投资估算表", "附表 设备材料清单") is an attachment,
# whatever topic its title names: what it holds is a secondary label when its text covers it. The parts of an annex
# (附录 → "10.1 关键技术术语解释") are the annex too. (Only a top-level one: a "附表1" inside a chapter is a caption.)
_ANNEX = re.compile(r"^附\s*[件表图录]\s*(?:[0-9０-９一二三四五六七八九十A-Za-z]{1,3})?\s*(?:[：:、.．\s]|$)")


# A heading whose head noun is 原则 states a principle of the design, whatever topic words it quotes before it
# ("“全域覆盖、全网共享…”原则", "建维结合、持续保障原则", "分区分域防护原则"), as 子系统 names a part of what is built.
_PRINCIPLE = re.compile(r"原则[”\"’'）)]?\s*$")
# In a project summary (项目概况, 总论) the owner's item names the owner ("建设单位 — XX市公安局。"): part of the summary,
# not the owner's profile (职能, 内设机构), which says more than one sentence.
_OWNER_ITEM = re.compile(r"^(?:项目)?(?:建设|承担|实施)单位(?:及(?:其)?负责人)?$")


# The project's background set inside the chapter that argues for it or states its needs (第二章 建设必要性 → 第一节 项目背景,
# 需求分析 → 项目背景, 项目建设背景及必要性 → 项目建设背景) tells what exists today and what goes wrong: the current state,
# not the summary a 项目背景 under 总论 is.
_BACKGROUND = re.compile(r"^(?:项目|建设|项目建设)?背景$")
_STATE_CHAPTERS = frozenset({"necessity", "requirements", "current_state"})
# A section number typed in brackets ("【1.1】项目背景", a vendor 方案's habit), which strip_number leaves on the title.
_BRACKET_NUMBER = re.compile(r"^[【\[［〔]\s*[\d.．]+\s*[】\]］〕]\s*")


def _bare(title: str) -> str:
    return _BRACKET_NUMBER.sub("", _strip_number(title))


# An operations plan's emergency chapter (应急预案, 突发事件管理, 应急响应与处置) is how it foresees and handles incidents:
# its risks, whatever its 管理/服务 words say to the model. 应急保障 among the services stays upkeep, as does an emergency
# item inside the service chapter.
_OPS_EMERGENCY = re.compile(r"应急预案|突发事件|应急响应|应急处置")


def _ops_prior(sec: Section, label: str, parent_label: str | None, sents: list[str]) -> bool:
    """Whether an operations plan's section labelled ``label`` is its upkeep (``_OPS_ABSORBED``): a chapter or a
    section under an operations chapter or under an introduction of the service (运营和维护服务简介 over 服务时间,
    服务规范; not 项目概况 over 项目单位 or 系统运行情况), whose heading without its 运维 words names no ``label`` and whose
    body (``sents``) does not cover it."""
    if label not in _OPS_ABSORBED or parent_label not in (None, "operations", "overview"):
        return False
    if parent_label == "overview" and not _OPS_SERVICE.search(sec.parent.title):
        return False
    rest = _OPS_CONTENT.sub("", _OPS_WORDS.sub("", _strip_number(sec.title)))
    if label in _heading_cues(rest) or label in _weak_cues(rest):
        return False
    return not _body_covers(sents, label, True)


# In a 密码应用方案 (the national guide's template) the design, the requirements and the protection layers are its
# cryptography: the template's bare 技术方案 / 设计目标及原则 / 安全管理方案 chapters, a "总体架构" under 密码应用技术方案 and the
# GB/T 39786 layers (应用和数据安全 …), which the model reads as a build document's design or network security. A chapter
# or a section under a crypto chapter keeps such a label only when its body covers it (a 等保 section in 等保 words).
_CRYPTO_ABSORBED = frozenset({"network_security", "overall_design", "requirements", "construction"})


def _crypto_prior(label: str, parent_label: str | None, sents: list[str]) -> bool:
    return label in _CRYPTO_ABSORBED and parent_label in (None, "crypto") and not _body_covers(sents, label, True)


class _FrontLine:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _is_crypto_plan(tree: SectionTree) -> bool:
    """Whether the title page names the document a 密码应用方案 (``crypto_plan.crypto_plan_line``, as facts do)."""
    front = [_FrontLine(t) for t in tree.root.body.splitlines() if t.strip()]
    first = [_FrontLine(b.display_text) for b in tree.document.blocks[:3]]
    return crypto_plan_line(front, first) is not None


# A sub-section is a part of its parent's topic when its heading names no topic at all ("实施对象", "配套设置",
# "基础平台层", "坚持统筹推进、整合资源") or names the parent's topic besides another in one noun phrase ("估算依据"
# under 投资估算). The model's other choice stands when it is confident, when the body covers it, or when the
# parent's own label is in doubt (its heading joins two topics: "项目背景与现状").
PARENT_PRIOR_BELOW = 0.65
# A sentence stating parts of a system being built (建设/开发/新建/部署 … 子系统/模块/功能).
_BUILDS = re.compile(r"(?:建设|开发|新建|部署)[^，。；]{0,30}(?:子系统|模块|功能)")


def _parent_prior(sec: Section, pred: Prediction, parent_label: str | None, sents: list[str]) -> bool:
    if parent_label in (None, "other", pred.label) or sec.parent is None:
        return False
    bare = _strip_number(sec.title)
    if _joins_topics(_strip_number(sec.parent.title)):
        return False
    cues = _heading_cues(bare)
    if parent_label in cues and pred.label in cues and pred.label not in MANDATORY_TOPICS and not _joins_topics(bare):
        # one noun phrase naming the parent's topic and an aspect of it ("投资估算" → "估算依据"); a topic rules check
        # keeps its own label ("运维服务" → "数据共享交换平台运行保障")
        return True
    if cues or _weak_cues(bare):
        return False
    spoken = pred.label in MANDATORY_TOPICS and any(body_hits(t, pred.label) for t in sents)
    if spoken or (pred.label == "construction" and parent_label == "overall_design" and
                  any(_BUILDS.search(t) for t in sents)):
        # (a layer of the design whose body says what is built, "应用系统层 — 建设事件受理、分拨处置、考核评价三个
        # 子系统", is construction, however near the model's threshold a regeneration of the corpus puts it)
        return False  # a topic rules check, which the body speaks of ("数据维护 — …与共享交换平台按日同步"), stays
    if pred.confidence > PARENT_PRIOR_BELOW and pred.label not in MANDATORY_TOPICS:
        return False
    # (a topic rules check that neither the heading nor the body names is the model's reading of one word however
    # sure it is: "3.1.2 数据层 — 建设…三类主题库" under 总体架构 is a layer of the design, not the plan's sharing)
    # (a one-sentence body dense in the choice's vocabulary keeps it: "（三）防护措施 — 部署防火墙、入侵检测和日志审计，
    # 按等保三级建设" is the plan's security, whatever its parent)
    return not _body_covers(sents, pred.label, True)


def _joins_topics(bare: str) -> bool:
    """Whether a heading joins parts that name different topics ("项目背景与现状", "现状与需求分析"; not the one
    noun phrase "功能需求")."""
    named = {frozenset(c) for part in _SPLIT.split(bare) if len(part) >= 2 and (c := _heading_cues(part))}
    return len(named) > 1


def _ops_heading(title: str) -> str | None:
    """In an operations plan: the heading without 运维 when what remains names another topic."""
    rest = _OPS_WORDS.sub("", _strip_number(title)).strip(" 、与和及的")
    if len(rest) < 2:
        return None
    cues = set(_heading_cues(rest)) | set(_weak_cues(rest))
    return rest if cues & _OPS_TOPICS else None


# Sub-sections of a summary chapter (项目概述) that name a topic of their own (编制依据, 投资及资金来源, 结论与建议,
# 现状) carry that topic; those naming the project, its owner or contents (项目名称及建设单位, 建设内容) summarise.
SUMMARY_TOPICS = frozenset({"basis", "investment", "conclusion", "current_state", "operations"})


def _summary_topic(title: str, parent_label: str | None, doc_type: str | None) -> str | None:
    if parent_label != "overview":
        return None
    cues = set(_heading_cues(_strip_number(title)))
    own = cues - {"overview", "unit_profile"}
    if doc_type == "operations_plan" and len(own) > 1:
        own -= {"operations"}  # 运维 in an operations plan says nothing
    if "overview" in cues or len(own) != 1 or not own <= SUMMARY_TOPICS:
        return None
    return next(iter(own))


def _predict(model: SectionClassifier, sec: Section, text: str, parent_label: str | None,
             doc_type: str | None, supported: _Support | None = None) -> Prediction:
    """``text``: the section's own text (``sec.full_text``, computed once by the caller); ``supported``: its
    ``_Support``."""
    if supported is None:
        supported = _Support(text)
    heading, body = sec.title, sec.body or text
    if doc_type == "operations_plan":
        rest = _ops_heading(heading)
        if rest is not None:
            heading, body = rest, _OPS_WORDS.sub("", body)
    bare = _strip_number(heading)
    strong = set(_heading_cues(bare))
    topic = _summary_topic(sec.title, parent_label, doc_type)
    if topic is not None:
        parent_label = None  # the summary chapter's context is no evidence against the topic the heading names
        strong.add(topic)
    p = model.model_proba(heading, body, parent_label)
    weak = {c for c in _weak_cues(bare) if supported(c)}
    boost = [LEXICON_BOOST if c in strong or c in weak else 1.0 for c in model.classes_]
    for i, c in enumerate(model.classes_):
        if c in GATED and c not in strong and parent_label != c and not supported(c):
            boost[i] = VETO
    return _prediction(model.classes_, _normalised(list(map(mul, p, boost))))


def classify_tree(tree: SectionTree, model: SectionClassifier, doc_type: str | None = None) -> SectionTree:
    """Label every heading node in document order (parents first, so each child sees its parent's label).

    ``doc_type`` (a facts doc_type id) sets priors; without it (or when it is ``"other"``, which facts also say
    when no type is named) a hint is read from the title page. Chapters are all labelled ``other`` only when the
    document itself reads as a regulation (``doc_type_hint`` → ``"other"``: a 办法/规定 title with 第X条 articles).
    """
    hint = doc_type_hint(tree)
    regulation = hint == "other"
    if doc_type in (None, "other"):
        doc_type = hint
    if doc_type is None and _is_crypto_plan(tree):
        doc_type = "crypto_plan"
    support: dict[int, _Support] = {}  # by id() of each section labelled so far
    for sec in tree.sections():
        if regulation:
            # Not a proposal (a regulation, a notice): its chapters are no proposal sections.
            sec.label, sec.confidence, sec.labels_secondary = "other", 1.0, []
            continue
        if _is_cover_line(sec):
            sec.label, sec.confidence, sec.labels_secondary = "other", 1.0, []
            continue
        parent = sec.parent
        parent_label = parent.label if parent is not None and parent.level > 0 and not _is_cover_line(parent) \
            else None
        text = sec.full_text
        above = support.get(id(parent))
        supported = support[id(sec)] = _Support(text, above.absent if above is not None else frozenset())
        pred = _predict(model, sec, text, parent_label, doc_type, supported)
        sents = None  # the body's sentences, cut when a label's vocabulary first turns up in it
        typed = False  # the document type's prior decided (the parent's then does not undo it)
        if doc_type == "operations_plan" and pred.label in _OPS_ABSORBED:
            sents = [t for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3]
            if typed := _ops_prior(sec, pred.label, parent_label, sents):
                pred = Prediction("operations", pred.confidence, [], pred.probabilities)
        if doc_type == "operations_plan" and parent_label is None and pred.label != "risks" and \
                _OPS_EMERGENCY.search(_strip_number(sec.title)):
            typed, pred = True, Prediction("risks", pred.confidence, [], pred.probabilities)
        if doc_type == "crypto_plan" and pred.label in _CRYPTO_ABSORBED:
            sents = [t for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3]
            if typed := _crypto_prior(pred.label, parent_label, sents):
                pred = Prediction("crypto", pred.confidence, [], pred.probabilities)
        if pred.label != "appendix" and (parent_label == "appendix" or (
                parent_label is None and _ANNEX.match(_strip_number(sec.title)))):
            typed, pred = True, Prediction("appendix", pred.confidence, [], pred.probabilities)
        elif parent_label in _STATE_CHAPTERS and pred.label == "overview" and _BACKGROUND.match(_bare(sec.title)):
            typed, pred = True, Prediction("current_state", pred.confidence, [], pred.probabilities)
        elif parent_label == "investment" and pred.label == "basis" and \
                set(_heading_cues(_strip_number(sec.title))) <= {"basis", "investment"}:
            # the basis of an estimate under its chapter (工程概算 → "编制依据", 投资估算 → "估算依据"): the estimate's
            typed, pred = True, Prediction("investment", pred.confidence, [], pred.probabilities)
        elif not typed and doc_type != "crypto_plan" and \
                not (pred.label == parent_label and pred.label in MANDATORY_TOPICS) and \
                _PRINCIPLE.search(_bare(sec.title)):
            # (a principle under a chapter of its topic, "共享原则" under 数据共享, is that chapter's; a 密码应用方案's
            # principles are its cryptography)
            typed, pred = True, Prediction("overall_design", pred.confidence, [], pred.probabilities)
        elif parent_label == "overview" and pred.label == "unit_profile" and \
                _OWNER_ITEM.match(_bare(sec.title)) and \
                sum(1 for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3) <= 1:
            typed, pred = True, Prediction("overview", pred.confidence, [], pred.probabilities)
        elif parent_label in (None, "construction") and pred.label not in MANDATORY_TOPICS and \
                pred.label != "construction" and _SYSTEM_PART.search(_strip_number(sec.title)):
            # a part of what is built, named by its head noun ("调解组织与调解员管理子系统", "突发事件应急处置子系统",
            # "资金监管模块"): the topic words before the head say what the system handles, not what the section is about
            typed, pred = True, Prediction("construction", pred.confidence, [], pred.probabilities)
        elif parent_label == "construction" and pred.label == "cloud_network" and sec.body.strip() and \
                not _BODY_RX["cloud_network"].search(sec.body):
            # resources the heading names and the body never states as cloud or network resources, in what is built
            # ("算力与存储" over servers and storage bought, not vCPU or 政务云 requested): equipment, part of the construction
            typed, pred = True, Prediction("construction", pred.confidence, [], pred.probabilities)
        if parent_label == "current_state" and pred.label == "data_sharing" and not typed:
            # a problem of today under the state chapter names data ("信息资源浪费", "数据孤岛与资源分散"): the plan's
            # sharing only when its text covers sharing, not by one word of the heading (the commonest complaint of a
            # 现状 chapter is that systems do not share; a security risk item there keeps its topic)
            if sents is None:
                sents = [t for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3]
            if not _body_covers(sents, pred.label, True):
                typed, pred = True, Prediction("current_state", pred.confidence, [], pred.probabilities)
        if parent_label is not None and parent_label != pred.label and not typed:
            if sents is None:
                sents = [t for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3]
            if _parent_prior(sec, pred, parent_label, sents):
                pred = Prediction(parent_label, pred.confidence, [], pred.probabilities)
        sec.label = pred.label
        sec.confidence = pred.confidence
        bare = _strip_number(sec.title)
        strong = set(_heading_cues(bare))
        # ("运营和维护服务内容" is not two parts: the conjoined name of upkeep is read as one word)
        # (a topic rules check that a part names only in the model's reading, "数据" in "数据与安全风险分析", needs the
        # section's text to bear it out, as an ambiguous word does)
        secondary = [t for t in model.heading_topics(_OPS_WORDS.sub("运维", sec.title), parent_label) if t != pred.label and
                     ((t not in GATED and t not in MANDATORY_TOPICS) or t in strong or supported(t))]
        for lab in BODY_SECONDARY:
            # (a body without one term of the label's vocabulary has none in its sentences: one search, not
            # one per sentence; the patterns have no anchors, so a piece's match is the body's. The body opens the
            # section's text: a label that text lacks, the body lacks)
            if lab != pred.label and lab not in secondary and (rx := _BODY_RX.get(lab)) is not None \
                    and lab not in supported.absent and _occurs(rx, sec.body):
                if sents is None:
                    sents = [t for t in pieces(sec.body, ANY_ENDS) if len(t.strip()) > 3]
                if _body_covers(sents, lab, doc_type == "operations_plan" or _heading_names(bare, lab)) or \
                        security_part_stated(sents, lab, bare):
                    secondary.append(lab)
        if doc_type == "operations_plan" and sec.label == "operations":
            secondary += _upkept_topics(pred, sec.body, secondary)
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
