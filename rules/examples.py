"""Run a rule's declared examples through the real pipeline (Markdown → tree → labels → facts → check)."""

from __future__ import annotations

from ..analyze.classify import SectionClassifier
from ..core.report import Finding
from .engine import evaluate_rule
from .model import Example, Rule


def run_example(rule: Rule, example: Example, model: SectionClassifier) -> Finding:
    from ..pipeline import analyse, override_facts
    from .context import ReviewContext

    tree, facts = analyse("example.md", model, data=example.doc.encode("utf-8"))
    override_facts(facts, dict(example.facts))
    duplicates = None
    if example.inventory is not None:
        from ..analyze.duplicates import InventoryIndex, proposal_plans
        from ..inventory.model import InventoryRecord

        records = [InventoryRecord(**dict(sys)) for sys in example.inventory]
        duplicates = InventoryIndex().fit(records).match(proposal_plans(tree, facts)) if records else []
    return evaluate_rule(rule, ReviewContext(tree, facts, duplicates))


def check_examples(rule: Rule, model: SectionClassifier) -> list[tuple[Example, Finding]]:
    """(example, finding) for every example whose outcome differs from what it declares."""
    bad = []
    for ex in rule.examples:
        finding = run_example(rule, ex, model)
        if finding.status != ex.expect:
            bad.append((ex, finding))
    return bad
