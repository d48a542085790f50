"""Dev-set DOCX proposals re-rendered in other authors' forms keep their heading trees:
- custom paragraph styles (章标题 / 节标题 / 小节标题) with no outline level, in place of Heading N / 标题 N;
- plain text without numbering: headings at the margin, body paragraphs indented, tables tab-separated."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from yushen.analyze.numbering import parse_numbering
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.extract.normalize import normalize_text

from .conftest import DEVSET


def _records(pred):
    path = DEVSET / "truth.json"
    if not path.exists():
        return []
    return [d["id"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"] if pred(d)]


def _want(rec, strip_numbers: bool = False):
    out = []
    for s in rec["sections"]:
        if s.get("optional"):
            continue
        title = "".join(normalize_text(s["title"]).split())
        num = parse_numbering(" ".join(normalize_text(s["title"]).split()))
        if strip_numbers and num is not None and num.rest:
            title = "".join(num.rest.split())
        out.append((title, s["level"]))
    return out


@pytest.mark.parametrize("doc_id", _records(lambda d: d["format"] == "docx" and d["heading_style"] in
                                            ("heading", "localized", "autonum")))
def test_heading_styles_renamed_and_without_outline_level(doc_id, truth, devset_dir, tmp_path):
    rec = next(d for d in truth["documents"] if d["id"] == doc_id)
    out = tmp_path / f"{doc_id}.docx"
    with zipfile.ZipFile(devset_dir / rec["file"]) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in ("word/styles.xml", "word/document.xml"):
                t = data.decode("utf-8")
                for lvl, name in ((1, "章标题"), (2, "节标题"), (3, "小节标题")):
                    t = re.sub(rf'w:styleId="(?:Heading{lvl}|标题{lvl})"', f'w:styleId="S{lvl}"', t)
                    t = re.sub(rf'<w:pStyle w:val="(?:Heading{lvl}|标题{lvl})"/>', f'<w:pStyle w:val="S{lvl}"/>', t)
                    t = re.sub(rf'<w:name w:val="(?:heading {lvl}|标题 {lvl})"/>', f'<w:name w:val="{name}"/>', t)
                data = re.sub(r'<w:outlineLvl w:val="\d"/>', "", t).encode("utf-8")
            zout.writestr(item, data)
    doc = read_document(out)
    assert not any(b.outline_level for b in doc.blocks)
    secs = segment_headings(doc).sections()
    assert [("".join(s.title.split()), s.level) for s in secs] == _want(rec)
    assert {s.decided_by for s in secs} == {"docx-style-use"}


@pytest.mark.parametrize("doc_id", _records(lambda d: d["format"] == "docx" and d.get("expected_error") is None))
def test_plain_text_without_numbering(doc_id, truth, devset_dir, tmp_path):
    rec = next(d for d in truth["documents"] if d["id"] == doc_id)
    doc = read_document(devset_dir / rec["file"])
    heads = {s.block_index for s in segment_headings(doc).sections()}  # exact: test_devset_outline
    first = min(heads)
    lines = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "table":
            lines += ["\t".join(r) for r in b.rows]
        elif b.kind != "paragraph":
            continue
        elif i in heads:
            num = parse_numbering(" ".join(b.display_text.split()))
            lines.append(num.rest if num is not None and num.rest else b.display_text)
        else:
            lines.append(b.text if i < first else "\u3000\u3000" + b.text)  # the cover stays at the margin
    path = tmp_path / f"{doc_id}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = ["".join(s.title.split()) for s in segment_headings(read_document(path)).sections()]
    assert got == [t for t, _ in _want(rec, strip_numbers=True)]


@pytest.mark.parametrize("doc_id", _records(lambda d: d["format"] == "docx" and d.get("expected_error") is None))
def test_pdf_with_unnumbered_headings_and_ruled_tables(doc_id, truth, devset_dir, tmp_path):
    """The same documents as PDFs: unnumbered headings told only by size (16/14/12 pt over an 11 pt body), no
    cover page, every table ruled (long ones cross page breaks)."""
    from .segment_fixtures import build_table_pdf

    rec = next(d for d in truth["documents"] if d["id"] == doc_id)
    doc = read_document(devset_dir / rec["file"])
    secs = {s.block_index: s for s in segment_headings(doc).sections()}  # exact: test_devset_outline
    items: list = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "table" and b.rows:
            width = max(len(r) for r in b.rows)
            items.append(("table", [list(r) + [""] * (width - len(r)) for r in b.rows if any(r)]))
        elif b.kind == "paragraph" and i >= min(secs):
            if i in secs:
                num = parse_numbering(" ".join(secs[i].title.split()))
                items.append((secs[i].level, num.rest if num is not None and num.rest else secs[i].title))
            else:
                items.append(b.text)
    pdf = read_document(build_table_pdf(tmp_path / f"{doc_id}.pdf", items, body_size=11, heading_size=16))
    got = [("".join(s.title.split()), s.level) for s in segment_headings(pdf).sections()]
    assert got == _want(rec, strip_numbers=True)
