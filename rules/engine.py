"""Evaluate a RulePack against a ReviewContext: applicability, then the check, then a Finding per rule."""

from __future__ import annotations

from string import Formatter

from ..core.report import Citation, Finding
from ..core.vocab import zh_class, zh_doc_type
from .context import ReviewContext
from .kinds import CHECKS
from .model import AppliesWhen, Rule, RulePack


class _Default(dict):
    def __missing__(self, key):
        return ""


def _fmt(template: str, values: dict) -> str:
    values = {k: (zh_doc_type(v) if k == "doc_type" else v) for k, v in values.items()}
    return Formatter().vformat(template, (), _Default(values)).strip()


def applies(aw: AppliesWhen, ctx: ReviewContext) -> tuple[bool, str]:
    f = ctx.facts
    if aw.doc_type and f.doc_type.value not in aw.doc_type:
        return False, f"文件类型为{zh_doc_type(f.doc_type.value)}，本条适用于" + \
            "、".join(zh_doc_type(d) for d in aw.doc_type)
    if aw.project_class and f.project_class.value not in aw.project_class:
        return False, f"项目类别为{zh_class(f.project_class.value)}，本条适用于" + \
            "、".join(zh_class(c) for c in aw.project_class)
    inv = f.investment_wan.value
    if aw.min_investment_wan is not None:
        if inv is None:
            return False, f"未能识别总投资，本条适用于{aw.min_investment_wan:g}万元及以上项目"
        if inv < aw.min_investment_wan:
            return False, f"总投资{inv:g}万元，本条适用于{aw.min_investment_wan:g}万元及以上项目"
    if aw.max_investment_wan is not None and (inv is None or inv >= aw.max_investment_wan):
        return False, f"本条适用于{aw.max_investment_wan:g}万元以下项目"
    if aw.build_mode and f.build_mode.value not in aw.build_mode:
        return False, "建设方式不符"
    for name, want in aw.facts:
        if getattr(f, name).value != want:
            return False, f"本条适用于{name}={want}的项目"
    return True, ""


def evaluate_rule(rule: Rule, ctx: ReviewContext) -> Finding:
    citation = Citation(source=rule.source, article=rule.article, quote=rule.quote)
    ok, why = applies(rule.applies_when, ctx)
    if not ok:
        return Finding(rule.id, "not_applicable", rule.severity, rule.label, f"不适用：{why}。", citation,
                       title=rule.title)
    result = CHECKS[rule.kind].match(ctx, rule.check)
    values = {"doc_type": ctx.facts.doc_type.value, **result.detail}
    if result.status == "pass":
        message = _fmt(rule.pass_message, values) if rule.pass_message else f"符合：{rule.title}。"
    elif result.status == "not_applicable" and rule.kind == "duplicate_construction":
        message = "未检查：未提供已建系统清单（--inventory）。"
    elif result.status == "not_applicable" and rule.kind == "mention_requires":
        message = "不适用：文中未涉及相关内容。"
    elif result.status == "not_applicable":
        message = f"未检查：缺少{rule.label or ''}相关章节，见对应的章节完整性规则。"
    else:
        message = _fmt(rule.message, values)
        # what the check found beside the failure (an empty chapter, a passing mention) is always said
        if values.get("passing") and "{passing}" not in rule.message:
            message += values["passing"]
    return Finding(rule.id, result.status, rule.severity, rule.label, message, citation, result.evidence,
                   title=rule.title)


def evaluate_pack(pack: RulePack, ctx: ReviewContext) -> list[Finding]:
    findings = [evaluate_rule(r, ctx) for r in pack.rules]
    # A project the regulation excludes from its scope is not held to its other rules.
    excluded = [f for f in findings if f.status == "warn" and CHECKS[pack.rule(f.rule).kind].name == "scope_exclusion"]
    if excluded:
        for f in findings:
            if f not in excluded:
                f.status = "not_applicable"
                f.message = f"不适用：本项目属于{excluded[0].citation.article}所列不适用本办法的范围。"
                f.evidence = []
    return findings
