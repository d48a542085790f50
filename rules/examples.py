"""Run a rule's declared examples (Markdown → tree → labels → facts → check).

The analysis is passed in (``analyse(markdown) -> (tree, facts)``, the pipeline's, see :func:`markdown_analyser`
in the callers) so that rules/ never imports the pipeline that is built on top of it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analyze.facts import Fact, Facts
from ..core.report import Finding
from ..core.types import SectionTree
from .context import ReviewContext
from .engine import evaluate_rule
from .model import Example, Rule

Analyse = Callable[[str], tuple[SectionTree, Facts]]


def run_example(rule: Rule, example: Example, analyse: Analyse) -> Finding:
    tree, facts = analyse(example.doc)
    for name, value in example.facts:  # names were checked when the pack loaded
        setattr(facts, name, Fact(value, why="given"))
    duplicates = None
    if example.inventory is not None:
        from ..analyze.duplicates import InventoryIndex, proposal_plans
        from ..inventory.model import InventoryRecord

        records = [InventoryRecord(**dict(sys)) for sys in example.inventory]
        duplicates = InventoryIndex().fit(records).match(proposal_plans(tree, facts)) if records else []
    return evaluate_rule(rule, ReviewContext(tree, facts, duplicates))


def check_examples(rule: Rule, analyse: Analyse) -> list[tuple[Example, Finding]]:
    """(example, finding) for every example whose outcome differs from what it declares."""
    bad = []
    for ex in rule.examples:
        finding = run_example(rule, ex, analyse)
        if finding.status != ex.expect:
            bad.append((ex, finding))
    return bad
