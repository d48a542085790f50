"""Outline views of a SectionTree: the contract's cut-down JSON object (its blocks built in core/report.py) and a
readable text tree."""

from __future__ import annotations

from ..core.report import SCHEMA_VERSION, document_json, sections_json
from ..core.types import SectionTree
from ..core.vocab import zh_format, zh_heading_source, zh_label


def outline_json(tree: SectionTree, facts: dict | None = None) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "status": "ok",
        "document": document_json(tree, facts),
        "sections": sections_json(tree),
    }


def outline_text(tree: SectionTree) -> str:
    lines = []
    doc = tree.document
    pages = f", {doc.pages} 页" if doc.pages else ""
    lines.append(f"{doc.path}  [{zh_format(doc.format)}{pages}]  {len(tree.sections())} 个标题")
    for s in tree.sections():
        page = f"  第{s.page}页" if s.page else ""
        label = f"  〈{zh_label(s.label)}〉" if s.label else ""
        lines.append(f"{'  ' * (s.level - 1)}{s.title}{label}{page}  （{s.chars} 字，{zh_heading_source(s.decided_by)}）")
    return "\n".join(lines)
