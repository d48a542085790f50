"""The whole review, wired once: extract → analyze (segment, classify, facts) → rules → Report.

The CLI, the web app and batch scans call :func:`review_file`; nothing here parses formats or renders output.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..analyze.classify import SectionClassifier, classify_tree
from ..analyze.facts import Fact, Facts, extract_facts
from ..analyze.segment import segment_headings
from ..core.report import Report
from ..core.types import SectionTree
from ..extract import read_document
from ..report.outline import document_json, sections_json
from ..rules import registry as pack_registry
from ..rules.context import ReviewContext
from ..rules.engine import evaluate_pack
from ..rules.model import RulePack
from .waivers import apply_waivers, load_waivers


def analyse(path: str | os.PathLike, model: SectionClassifier, data: bytes | None = None) -> tuple[SectionTree, Facts]:
    tree = classify_tree(segment_headings(read_document(path, data)), model)
    return tree, extract_facts(tree)


def choose_pack(facts: Facts, requested: str = "auto", registry=None) -> tuple[str, str]:
    """(pack id, why) — a forced pack; the pack for the document's type (密码应用方案); the pack governing the
    region named by the owner or project name (or a parent region); central organs; the jurisdiction fact;
    the fallback (national) pack. ``registry``: a rules.registry.PackRegistry (default: built-ins + user packs)."""
    from ..analyze.regions import is_central_body, region_of

    reg = registry or pack_registry.default()
    if requested and requested != "auto":
        if requested not in reg.ids():
            raise ValueError(f"unknown rule pack {requested!r}; choose one of {', '.join(reg.ids())} or auto")
        return requested, f"按 --rules {requested} 指定"
    if by_type := reg.for_doc_type(facts.doc_type.value):
        return by_type, f"自动识别：按文件类型审查（{reg.info(by_type).name}）"
    region, which = region_of(facts.owner.value, facts.project_name.value)
    for code in region.ancestors if region else ():
        if pack := reg.find(code):
            return pack, f"自动识别：{('建设单位', '项目名称')[which]}所属地区为{region.full_name}（{code}）"
    if is_central_body(facts.owner.value) and reg.central():
        return reg.central(), f"自动识别：建设单位为中央和国家机关（{facts.owner.value}）"
    jur = facts.jurisdiction
    if jur.value in reg.ids():
        return jur.value, f"自动识别：{jur.why}"
    return reg.fallback() or "national", "未能识别项目所属地区，按国家办法审查"


def override_facts(facts: Facts, values: dict) -> Facts:
    for name, value in values.items():
        if not hasattr(facts, name):
            raise ValueError(f"unknown fact {name!r}")
        setattr(facts, name, Fact(value, why="given"))
    return facts


def review_tree(tree: SectionTree, facts: Facts, pack: RulePack, reason: str, index=None) -> Report:
    from ..analyze.duplicates import proposal_plans
    from ..rules.regulations import article_text

    plans = proposal_plans(tree, facts)
    duplicates = index.match(plans) if index is not None else None
    findings = evaluate_pack(pack, ReviewContext(tree, facts, duplicates))
    ocr_errors = _downgrade_low_confidence(tree, findings)
    articles = {}
    for f in findings:
        if f.citation.article not in articles:
            articles[f.citation.article] = article_text(pack.regulation, f.citation.article) or ""
    return Report(source=pack.source, articles=articles,document=document_json(tree, facts.document_fields()), ruleset=pack.id, ruleset_reason=reason,
                  sections=sections_json(tree), findings=findings,
                  errors=ocr_errors + [{"code": "warning", "message": w} for w in tree.document.warnings
                                       if not w.startswith(("dropped", "encoding", "ocr:"))],
                  facts=facts.to_json(), duplicates=duplicates or [], plans=plans)


LOW_OCR_CONFIDENCE = 0.85


def _downgrade_low_confidence(tree: SectionTree, findings) -> list[dict]:
    """Scanned pages recognised with low confidence are reported; a failure whose evidence lies only on such pages
    becomes a warning, since the text it rests on may be misread."""
    low = {page: conf for page, conf in tree.document.ocr_confidence if conf < LOW_OCR_CONFIDENCE}
    errors = [{"code": "low_ocr_confidence", "page": page,
               "message": f"第 {page} 页为扫描件，文字识别置信度 {conf:.2f}，相关结论请人工核对"} for page, conf in low.items()]
    for f in findings:
        pages = {e.page for e in f.evidence}
        if f.status == "fail" and low and f.evidence and pages <= set(low):
            f.status = "warn"
            f.message += "（证据仅来自识别置信度低的扫描页，已降为提示，请人工核对原件）"
    return errors


def review_file(path: str | os.PathLike, model: SectionClassifier, rules: str = "auto",
                waivers_path: Path | None = None, packs: dict[str, RulePack] | None = None,
                index=None, registry=None) -> Report:
    """Review one file (against ``index``, an InventoryIndex, when given). Raises YushenError when the file
    cannot be read at all."""
    tree, facts = analyse(path, model)
    pack_id, reason = choose_pack(facts, rules, registry)
    pack = (packs or {}).get(pack_id) or (registry or pack_registry.default()).load(pack_id)
    report = review_tree(tree, facts, pack, reason, index)
    waivers = load_waivers(waivers_path, Path(path))
    if waivers:
        apply_waivers(report, waivers)
    return report


def batch_duplicates(reports: list[Report]) -> None:
    """Proposals in one batch that plan the same system (two departments proposing the same platform)."""
    from ..analyze.duplicates import InventoryIndex
    from ..inventory.model import InventoryRecord

    with_plans = [r for r in reports if r.plans is not None]
    if len(with_plans) < 2:
        return
    records = [InventoryRecord(id=r.document["path"], name=r.plans.project_name or r.document["path"],
                               owner=r.plans.owner, description=r.plans.functions[:1500]) for r in with_plans]
    index = InventoryIndex().fit(records)
    for r in with_plans:
        found = []
        for cand in index.match(r.plans, limit=len(records)):
            if cand.inventory_id == r.document["path"]:
                continue
            found.append({"path": cand.inventory_id, "project_name": cand.name, "owner": cand.owner,
                          "score": round(cand.score, 3), "verdict": cand.verdict, "evidence": cand.evidence})
        r.batch_duplicates = found

