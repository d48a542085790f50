"""The facts a reviewer checks by hand (免费运维期, 等保级别, 监理, 第三方测评, 新建专网, APP), each with its evidence and
the rules of the applied pack that read it — or a note that the pack has none, so a silent pass is not mistaken
for a checked one."""

from __future__ import annotations

import json
import re

from ..analyze.facts import Facts
from ..rules.model import RulePack

# fact → (Chinese name, a phrase that states it: a text rule whose pattern fires on it reads this fact too)
RULE_FACTS: dict[str, tuple[str, str]] = {
    "free_maintenance_months": ("免费运维期", "提供12个月免费运维"),
    "dengbao_level": ("等保级别", "网络安全等级保护第三级"),
    "supervision_planned": ("工程监理", "委托工程监理单位实施监理"),
    "software_test_planned": ("第三方软件测评", "第三方软件验收测评"),
    "new_private_network": ("新建业务专网", "新建业务专网"),
    "app_or_miniprogram": ("APP/小程序", "开发APP和小程序"),
}


def _reads(rule, fact: str, phrase: str, spec: str | None = None) -> bool:
    if spec is None:
        spec = json.dumps({"check": rule.check, "applies": repr(rule.applies_when)}, ensure_ascii=False)
    if re.search(rf"\b{fact}\b", spec):
        return True
    pattern = rule.check.get("pattern")
    return bool(pattern and re.search(pattern, phrase))


def rule_facts(facts: Facts, pack: RulePack) -> list[dict]:
    out = []
    # (each rule's spec written once, not once per fact)
    specs = [json.dumps({"check": r.check, "applies": repr(r.applies_when)}, ensure_ascii=False) for r in pack.rules]
    for fact, (name_zh, phrase) in RULE_FACTS.items():
        f = getattr(facts, fact)
        rules = [r.id for r, spec in zip(pack.rules, specs, strict=True) if _reads(r, fact, phrase, spec)]
        out.append({"fact": fact, "name": name_zh, "value": f.value,
                    "evidence": f.evidence() if f.quote else None, "rules": rules,
                    "note": None if rules else f"{pack.source or pack.id}对{name_zh}无相关条款，未作判定"})
    return out
