"""Outline views of a SectionTree: the contract's cut-down JSON object and a readable text tree."""

from __future__ import annotations

from ..core.types import SectionTree
from ..core.vocab import zh_format, zh_heading_source, zh_label

SCHEMA_VERSION = "1"


def document_json(tree: SectionTree, facts: dict | None = None) -> dict:
    doc = tree.document
    facts = facts or {}
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "pages": doc.pages,
        "doc_type": facts.get("doc_type", "other"),
        "project_name": facts.get("project_name"),
        "owner": facts.get("owner"),
        "investment_wan": facts.get("investment_wan"),
        "project_class": facts.get("project_class"),
        "jurisdiction": facts.get("jurisdiction"),
        "region": facts.get("region"),
        "date": facts.get("doc_date") or front_matter_date(tree),
    }


def front_matter_date(tree: SectionTree) -> str | None:
    """The title page's date (``YYYY`` or ``YYYY-MM``): a line before the first heading that is only a date."""
    from .dates import standalone_date

    sections = tree.sections()
    end = sections[0].block_index if sections and sections[0].block_index > 0 else 40
    return standalone_date(b.text for b in tree.document.blocks[:min(end, 60)] if b.kind == "paragraph")


def sections_json(tree: SectionTree) -> list[dict]:
    out = []
    for s in tree.sections():
        out.append({
            "id": s.id,
            "title": s.title,
            "level": s.level,
            "label": s.label,
            "labels_secondary": list(s.labels_secondary),
            "confidence": None if s.confidence is None else round(s.confidence, 3),
            "page": s.page,
            "chars": s.chars,
            "decided_by": s.decided_by,
        })
    return out


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
