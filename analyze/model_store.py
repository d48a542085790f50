"""Where the trained section model lives, keyed by the hash of the corpus it was trained on.

Search order: the model ``yushen train --extra`` made active, the model shipped in ``corpus/model/`` (when its
hash matches the shipped corpus), the user cache. Missing → train once (needs scikit-learn) and cache it.
Models are a JSON header and float32 bytes (``SectionClassifier.save``): nothing is ever unpickled.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core.cache import cache_root
from .classify import FORMAT_VERSION, MODEL_SUFFIX, SectionClassifier

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
TRAIN_FILE = CORPUS_DIR / "sections" / "train.jsonl"
SHIPPED_MODEL_DIR = CORPUS_DIR / "model"


def cache_dir() -> Path:
    return cache_root() / "models"


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or "heading" not in row or "label" not in row:
                raise ValueError(f"{path}:{n}: each line needs at least 'heading' and 'label'")
            rows.append(row)
    return rows


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256(f"format{FORMAT_VERSION}".encode())
    from . import features, wordseg

    h.update(Path(features.__file__).read_bytes())  # feature code changes invalidate models too
    h.update(Path(wordseg.__file__).read_bytes())  # and so do the segmenter's
    h.update(features.WORDS.read_bytes())
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


def _corpus_hash_cached(paths: list[Path]) -> str:
    """``corpus_hash`` remembered under the files' sizes and modification times: a check reads and hashes the
    2 MB training file only when it changed, not on every start."""
    from . import features, wordseg

    files = [Path(features.__file__), Path(wordseg.__file__), features.WORDS, *map(Path, paths)]
    try:
        key = "|".join(f"{f.resolve()}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
        key = f"format{FORMAT_VERSION}|{key}"
    except OSError:
        return corpus_hash(paths)
    memo = cache_dir() / "corpus-hash.json"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if known.get("key") == key:
            return known["digest"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    digest = corpus_hash(paths)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "digest": digest}), encoding="utf-8")
        tmp.replace(memo)
    except OSError:  # a read-only cache only costs the hashing
        pass
    return digest


def train_model(extra: list[Path] | None = None) -> tuple[SectionClassifier, str, Path]:
    from .classify import LABELS

    paths = [TRAIN_FILE, *(extra or [])]
    records = [r for p in paths for r in read_jsonl(p)]
    unknown = {r["label"] for r in records} - set(LABELS)
    if unknown:
        raise ValueError(f"unknown labels in training data: {sorted(unknown)}")
    digest = corpus_hash(paths)
    model = SectionClassifier().fit(records)
    out = cache_dir() / f"sections-{digest}{MODEL_SUFFIX}"
    model.save(out, digest)
    active = cache_dir() / "active.json"
    if extra:
        active.write_text(json.dumps({"model": out.name, "extra": [str(p) for p in extra]}), encoding="utf-8")
    elif active.exists():
        active.unlink()
    return model, digest, out


def load_model() -> SectionClassifier:
    active = cache_dir() / "active.json"
    if active.exists():
        try:
            name = json.loads(active.read_text(encoding="utf-8"))["model"]
            return SectionClassifier.load(cache_dir() / name)[0]
        except (OSError, ValueError, KeyError):
            pass
    digest = _corpus_hash_cached([TRAIN_FILE])
    name = f"sections-{digest}{MODEL_SUFFIX}"
    for candidate in (SHIPPED_MODEL_DIR / name, cache_dir() / name):
        if candidate.exists():
            try:
                return SectionClassifier.load(candidate)[0]
            except (OSError, ValueError, KeyError):
                continue
    return train_model()[0]
