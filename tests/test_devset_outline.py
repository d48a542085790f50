"""Every heading of every dev-set document, with its level (and page for PDFs), in order."""

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.extract.normalize import normalize_text

from .conftest import DEVSET


def _c(s: str) -> str:
    # Truth keeps titles as written (mudan-04's full-width "１．"); the reader normalises them (contract).
    return "".join(normalize_text(s).split())


def _doc_ids():
    import json

    path = DEVSET / "truth.json"
    if not path.exists():
        return []
    return [d["id"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"]]


@pytest.mark.parametrize("doc_id", _doc_ids())
def test_devset_heading_tree_is_exact(doc_id, truth, devset_dir):
    rec = next(d for d in truth["documents"] if d["id"] == doc_id)
    tree = segment_headings(read_document(devset_dir / rec["file"]))
    got = [(_c(s.title), s.level, s.page) for s in tree.sections()]
    want = [(_c(s["title"]), s["level"], s.get("page")) for s in rec["sections"] if not s.get("optional")]
    assert got == want


def test_autonumbered_docx_titles_carry_the_rendered_number(truth, devset_dir):
    rec = next(d for d in truth["documents"] if d["heading_style"] == "autonum")
    secs = segment_headings(read_document(devset_dir / rec["file"])).sections()
    assert secs[0].title == "第1章 项目概述" and secs[1].title == "1.1 项目背景"
