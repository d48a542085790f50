"""Form invariance (issue 11): the same dev-set document, rendered in the forms other authors hand in, must give
the same heading titles and levels (number-less titles for unnumbered forms) and the same missing-section verdicts.

Every form is rendered and reviewed once per session (cached under tmp_path_factory) for a subset of documents
chosen to span conventions; ``yushen eval --forms --devset DIR`` runs all documents and prints the per-form table.
"""

from __future__ import annotations

import pytest

from yushen.pipeline.forms import FORM_NAMES, FORMS, parse_source, render, run_forms, unnumbered

# One per convention: 运维方案 PDF with a table across pages, nested security/crypto sections, unnumbered bold
# headings with bold lead-ins, an empty chapter, and a complete document (no "missing" allowed).
DOCS = ("ordos-03", "nmg-01", "dalad-03", "national-03", "datong-02")

_UNNUMBERED = ("docx-bold-plain", "pdf-plain", "txt-plain")
# (document, form) -> reason, for pairs that fail today: heading detection (branch segment, not merged yet) finds
# no levels in unnumbered forms and no headings in unnumbered text; dalad-03 is unnumbered in every form.
OUTLINE_XFAIL: dict[tuple[str, str], str] = {}
# Plain text without numbers has no level signal in its form (no font, no number, every heading at the margin):
# levels come from structure, topic and the body (analyze/levels.py). ordos-03's 系统运行现状 inside its overview
# (where mudan-03 makes the same title a chapter) is told by the purpose statement its text closes with.
LEVELS_XFAIL: dict[tuple[str, str], str] = {}
MISSING_XFAIL: dict[tuple[str, str], str] = {}


def _cases(xfails: dict[tuple[str, str], str]):
    for doc in DOCS:
        for form in FORM_NAMES:
            reason = xfails.get((doc, form))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(doc, form, id=f"{doc}-{form}", marks=marks)


@pytest.fixture(scope="session")
def form_rows(devset_dir, tmp_path_factory):
    from yushen.analyze.model_store import load_model

    rows = run_forms(devset_dir, load_model(), tmp_path_factory.mktemp("forms"), list(DOCS))
    return {(r["doc"], r["form"]): r for r in rows}


@pytest.mark.parametrize(("doc", "form"), list(_cases(OUTLINE_XFAIL)))
def test_form_gives_the_same_outline(form_rows, doc, form):
    row = form_rows[(doc, form)]
    assert row["misses"] == [] and row["got"] == row["want"], (row["misses"][:5], row["got"], row["want"])


@pytest.mark.parametrize(("doc", "form"), list(_cases(LEVELS_XFAIL)))
def test_form_gives_the_same_levels(form_rows, doc, form):
    row = form_rows[(doc, form)]
    assert row["levels_ok"] == row["want"]


@pytest.mark.parametrize(("doc", "form"), list(_cases(MISSING_XFAIL)))
def test_form_gives_the_same_missing_sections(form_rows, doc, form):
    row = form_rows[(doc, form)]
    assert row["missing"] == row["want_missing"]


def test_every_form_labels_the_headings_it_finds(form_rows):
    """Label accuracy over the headings each form finds (heading detection aside) stays at the target."""
    for form in FORM_NAMES:
        rows = [r for (_, f), r in form_rows.items() if f == form]
        matched = sum(r["matched"] for r in rows)
        if matched:
            assert sum(r["labels_ok"] for r in rows) / matched >= 0.95, (form, [r["wrong_labels"] for r in rows])


def test_source_markup_is_parsed_into_headings_paragraphs_and_tables(devset_dir):
    src = parse_source(devset_dir / "tools" / "src" / "ordos-03.md")
    assert src.headings[0].title == "一、运维项目概述" and src.headings[0].level == 1
    assert [h.label for h in src.headings if h.title == "2.密码应用运维"] == ["crypto"]
    tables = [it for it in src.items if isinstance(it, list)]
    assert tables and len(tables[0]) > 10 and all(len(r) == len(tables[0][0]) for r in tables[0])
    assert src.title_page[0].startswith("鄂尔多斯市") and "项目单位" in src.title_page[-3]
    assert unnumbered("（二）运维范围") == "运维范围" and unnumbered("第3章 现状") == "现状"


def test_pdf_forms_split_long_tables_across_pages(devset_dir, tmp_path):
    from yushen.extract import read_document

    src = parse_source(devset_dir / "tools" / "src" / "ordos-03.md")
    table = next(it for it in src.items if isinstance(it, list))
    form = next(f for f in FORMS if f.name == "pdf-numbered")
    doc = read_document(render(src, form, tmp_path))
    pages = {b.page for b in doc.blocks if any(row[1] and row[1] in b.text for row in table[1:])}
    assert len(pages) >= 2


def test_eval_forms_runs_from_the_installed_package_outside_the_checkout(devset_dir, tmp_path):
    """`yushen eval --forms` once imported its renderers from tests/ and so worked only inside a source checkout."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    one = tmp_path / "devset"
    (one / "tools" / "src").mkdir(parents=True)
    shutil.copy(devset_dir / "tools" / "src" / "nmg-02.md", one / "tools" / "src")
    truth = json.loads((devset_dir / "truth.json").read_text(encoding="utf-8"))
    truth["documents"] = [d for d in truth["documents"] if d["id"] == "nmg-02"]
    (one / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "yushen", "eval", "--forms", "--devset", str(one), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600,
                          env={**os.environ, "PYTHONSAFEPATH": "1"})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert sorted(out["forms"]) == sorted(FORM_NAMES)
    assert {c["doc"] for c in out["cases"]} == {"nmg-02"} and len(out["cases"]) == len(FORM_NAMES)
