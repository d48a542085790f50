"""What a proposal plans to build is read only when something compares it: several files in one check (batch
duplicates, tests/test_duplicates.py), an inventory, a scan. A single check leaves it out (on a long proposal it
was about a third of the review) and reports the same."""

from __future__ import annotations

from yushen.analyze.model_store import load_model
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import complete


def test_a_single_review_without_plans_reports_the_same(tmp_path):
    title, items = complete("ordos")
    path = build_docx(tmp_path / "p.docx", items, title_page=title)
    model = load_model()
    with_plans = review_file(path, model)
    without = review_file(path, model, plans=False)
    assert with_plans.plans is not None and with_plans.plans.subsystems
    assert without.plans is None
    assert without.to_json() == with_plans.to_json()
