"""The whole review, wired once: extract → analyze (segment, classify, facts) → rules → Report.

The CLI, the web app and batch scans call :func:`review_file`; nothing here parses formats or renders output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..analyze.classify import SectionClassifier, classify_tree
from ..analyze.doc_kind import document_kind
from ..analyze.facts import Fact, Facts, extract_facts
from ..analyze.segment import segment_headings
from ..core.errors import ErrorCode, YushenError
from ..core.report import Report, document_json, sections_json
from ..core.types import SectionTree
from ..extract import read_document
from ..rules import registry as pack_registry
from ..rules.context import ReviewContext
from ..rules.engine import evaluate_pack
from ..rules.model import RulePack
from .rule_facts import rule_facts
from .waivers import apply_waivers, load_waivers


def read_tree(path: str | os.PathLike, data: bytes | None = None) -> SectionTree:
    """extract → segment: the heading tree, not yet labelled (no model needed)."""
    return segment_headings(read_document(path, data))


def label_tree(tree: SectionTree, model: SectionClassifier | None) -> tuple[SectionTree, Facts]:
    """classify (skipped without a model) → facts."""
    if model is not None:
        tree = classify_tree(tree, model)
    return tree, extract_facts(tree)


def analyse(path: str | os.PathLike, model: SectionClassifier | None, data: bytes | None = None,
            ) -> tuple[SectionTree, Facts]:
    """extract → segment → classify → facts: the analysis every caller (CLI, web, scan, eval) runs."""
    return label_tree(read_tree(path, data), model)


NO_LOCAL_PACK = "本地区暂无规则包，按国家办法审查"


@dataclass(frozen=True)
class PackChoice:
    pack: str  # the pack applied
    jurisdiction: str | None  # the pack governing the project's region; None when no pack does
    reason: str  # why, in Chinese, for the report
    notice: str | None = None  # shown to the reviewer (no local pack for this region)


def choose_pack(facts: Facts, requested: str = "auto", registry=None) -> PackChoice:
    """The pack for the document's type (a 密码应用方案), else the pack governing the project's region — exactly that
    division: 鄂尔多斯's regulation covers 市直部门, a 旗's departments fall under the 旗's own pack — the central
    pack for a central organ, else the fallback (national) pack with a notice; or the pack forced with
    ``--rules``. ``registry``: a rules.registry.PackRegistry (default: built-ins and the user's packs)."""
    reg = registry or pack_registry.default()
    region, code, level = facts.region.value, facts.region_code.value, facts.region_level.value
    governing = reg.find(code) if code else None
    notice = None
    if governing:
        jurisdiction = governing
        reason = f"项目所属地区：{region}（依据{_SOURCE_ZH.get((facts.region.why or '').split(':')[0], '文本')}）"
    elif level == "central" and reg.central():
        jurisdiction = reg.central()
        reason = f"建设单位为中央和国家机关（{facts.owner.value}），按国家办法审查"
    else:
        jurisdiction = None
        reason = f"项目所属地区：{region}，暂无本地规则包" if region else "未能识别项目所属地区"
        notice = NO_LOCAL_PACK + ("" if region else "（未能识别项目所属地区）")
    if requested and requested != "auto":
        if requested not in reg.ids():
            raise ValueError(f"unknown rule pack {requested!r}; choose one of {', '.join(reg.ids())} or auto")
        return PackChoice(requested, jurisdiction, f"按 --rules {requested} 指定", None)
    if by_type := reg.for_doc_type(facts.doc_type.value):
        return PackChoice(by_type, jurisdiction, f"按文件类型审查（{reg.info(by_type).name}）", None)
    return PackChoice(jurisdiction or reg.fallback() or "national", jurisdiction, reason, notice)


_SOURCE_ZH = {"owner": "建设单位", "project name": "项目名称", "title page": "封面", "cites a local regulation": "引用的地方办法"}


def override_facts(facts: Facts, values: dict) -> Facts:
    for name, value in values.items():
        if not hasattr(facts, name):
            raise ValueError(f"unknown fact {name!r}")
        setattr(facts, name, Fact(value, why="given"))
    return facts


def review_tree(tree: SectionTree, facts: Facts, pack: RulePack, reason: str, index=None,
                plans: bool = True) -> Report:
    """``plans``: read what the proposal plans to build (for comparing it with other proposals of a batch or an
    archive). Matching against ``index`` reads them anyway; a single check without one does not need them, and
    they cost about a third of the review on a long proposal."""
    from ..rules.regulations import article_text

    planned = None
    if plans or index is not None:
        # (imported here, and not via duplicates: a single check without an index loads no duplicate-path code)
        from ..analyze.dup_plans import proposal_plans

        planned = proposal_plans(tree, facts)
    duplicates = index.match(planned) if index is not None else None
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
                  facts=facts.to_json(), duplicates=duplicates or [], plans=planned)


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


def review_analysed(tree: SectionTree, facts: Facts, rules: str = "auto", *, force: bool = False,
                    packs: dict[str, RulePack] | None = None, index=None, registry=None,
                    plans: bool = True) -> Report:
    """Gate, choose the pack, review. Raises YushenError(not_a_proposal) for a file that is no proposal, unless
    ``force``. ``plans``: see ``review_tree``."""
    kind = document_kind(tree, facts)
    if not kind.is_proposal and not force:
        raise YushenError(ErrorCode.NOT_A_PROPOSAL, kind.evidence, kind=kind.kind)
    choice = choose_pack(facts, rules, registry)
    facts.jurisdiction = Fact(choice.jurisdiction, why=choice.reason)
    pack = (packs or {}).get(choice.pack) or (registry or pack_registry.default()).load(choice.pack)
    report = review_tree(tree, facts, pack, choice.reason, index, plans)
    report.rule_facts = rule_facts(facts, pack)
    if choice.notice:
        report.errors.append({"code": "no_local_pack", "message": choice.notice})
    if not kind.is_proposal:
        report.errors.append({"code": "not_a_proposal", "kind": kind.kind,
                              "message": f"按要求强制审查：{kind.evidence}"})
    return report


def review_file(path: str | os.PathLike, model: SectionClassifier, rules: str = "auto",
                waivers_path: Path | None = None, packs: dict[str, RulePack] | None = None,
                index=None, force: bool = False, registry=None, plans: bool = True) -> Report:
    """Review one file (against ``index``, an InventoryIndex, when given). Raises YushenError when the file
    cannot be read at all, or is not a proposal (unless ``force``). ``plans=False`` when the report will not be
    compared with other proposals (see ``review_tree``)."""
    tree, facts = analyse(path, model)
    report = review_analysed(tree, facts, rules, force=force, packs=packs, index=index, registry=registry,
                             plans=plans)
    waivers = load_waivers(waivers_path, Path(path))
    if waivers:
        apply_waivers(report, waivers)
    return report


def archive_plans(tree: SectionTree, facts: Facts):
    """What an archive scan keeps of a proposal to compare it with the others later: names and texts, not the
    modules an inventory match reads out of body lists and tables."""
    from ..analyze.dup_plans import proposal_plans

    return proposal_plans(tree, facts, subsystems=False)


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

