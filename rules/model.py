"""Rule packs as plain data: YAML loaded into frozen dataclasses, unknown keys rejected, ``extends`` resolved.

A pack that extends another inherits its rules with ids re-prefixed (``ordos.art8.x`` → ``dalad.art8.x``) and
citations pointing at the child's regulation; a rule the child defines with the same suffix overrides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

PACK_DIR = Path(__file__).resolve().parent / "packs"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
PACK_IDS = ("national", "nmg", "ordos", "dalad", "mudan", "datong")
SEVERITIES = ("blocker", "major", "minor", "info")
_RULE_ID = re.compile(r"^[a-z]+\.art\d+[a-z]?\.[a-z0-9_]+$")

_PACK_KEYS = {"pack", "extends", "source", "issued", "regulation", "description", "rules", "example_docs"}
_RULE_KEYS = {"id", "title", "severity", "label", "applies_when", "check", "message", "citation", "examples",
              "pass_message"}
_APPLIES_KEYS = {"doc_type", "project_class", "min_investment_wan", "max_investment_wan", "facts", "build_mode"}
_CITATION_KEYS = {"article", "quote"}
_EXAMPLE_KEYS = {"expect", "doc", "facts", "name", "inventory"}


class RulePackError(ValueError):
    """A rule pack that does not load: the message names the pack, the rule and the key."""


@dataclass(frozen=True)
class AppliesWhen:
    doc_type: tuple[str, ...] = ()
    project_class: tuple[str, ...] = ()
    min_investment_wan: float | None = None
    max_investment_wan: float | None = None  # exclusive
    facts: tuple[tuple[str, object], ...] = ()
    build_mode: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    expect: str  # pass | fail | warn | not_applicable
    doc: str  # Markdown: "# 第一章 …" headings and paragraphs
    facts: tuple[tuple[str, object], ...] = ()
    name: str = ""
    inventory: tuple[tuple[tuple[str, str], ...], ...] | None = None  # systems for duplicate checks


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    check: dict
    message: str
    article: str
    quote: str
    source: str
    pack: str
    label: str | None = None
    applies_when: AppliesWhen = AppliesWhen()
    examples: tuple[Example, ...] = ()
    pass_message: str = ""

    @property
    def kind(self) -> str:
        return self.check["kind"]


@dataclass(frozen=True)
class RulePack:
    id: str
    source: str
    issued: str
    regulation: str  # file name under corpus/regulations
    rules: tuple[Rule, ...]
    extends: str | None = None
    description: str = ""
    example_docs: dict = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _reject_unknown(where: str, data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise RulePackError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def _tuple(v) -> tuple:
    if v is None:
        return ()
    return tuple(v) if isinstance(v, list | tuple) else (v,)


def _parse_rule(pack: str, source: str, raw: dict, example_docs: dict) -> Rule:
    from .checks import CHECKS  # the registry validates check kinds and their parameters

    rid = raw.get("id", "?")
    where = f"pack {pack}, rule {rid}"
    _reject_unknown(where, raw, _RULE_KEYS)
    for key in ("id", "title", "severity", "check", "message", "citation"):
        if key not in raw:
            raise RulePackError(f"{where}: missing '{key}'")
    if not _RULE_ID.match(rid) or not rid.startswith(pack + "."):
        raise RulePackError(f"{where}: id must look like '{pack}.art<N>.<slug>'")
    if raw["severity"] not in SEVERITIES:
        raise RulePackError(f"{where}: severity must be one of {SEVERITIES}")
    check = dict(raw["check"])
    kind = check.get("kind")
    if kind not in CHECKS:
        raise RulePackError(f"{where}: unknown check kind {kind!r}; known: {sorted(CHECKS)}")
    CHECKS[kind].validate(where, check)
    cit = raw["citation"]
    _reject_unknown(where + " citation", cit, _CITATION_KEYS)
    aw = raw.get("applies_when") or {}
    _reject_unknown(where + " applies_when", aw, _APPLIES_KEYS)
    applies = AppliesWhen(doc_type=_tuple(aw.get("doc_type")), project_class=_tuple(aw.get("project_class")),
                          min_investment_wan=aw.get("min_investment_wan"),
                          max_investment_wan=aw.get("max_investment_wan"),
                          facts=tuple(sorted((aw.get("facts") or {}).items())),
                          build_mode=_tuple(aw.get("build_mode")))
    examples = []
    for ex in raw.get("examples") or []:
        _reject_unknown(where + " example", ex, _EXAMPLE_KEYS)
        doc = ex.get("doc", "")
        if isinstance(doc, str) and doc.startswith("@"):
            if doc[1:] not in example_docs:
                raise RulePackError(f"{where}: example document {doc!r} is not defined in example_docs")
            doc = example_docs[doc[1:]]
        if ex.get("expect") not in ("pass", "fail", "warn", "not_applicable"):
            raise RulePackError(f"{where}: example expect must be pass/fail/warn/not_applicable")
        inv = ex.get("inventory")
        if isinstance(inv, str) and inv.startswith("@"):
            if inv[1:] not in example_docs:
                raise RulePackError(f"{where}: example inventory {inv!r} is not defined in example_docs")
            inv = example_docs[inv[1:]]
        inventory = tuple(tuple(sorted(sys.items())) for sys in inv) if inv is not None else None
        examples.append(Example(expect=ex["expect"], doc=doc, facts=tuple(sorted((ex.get("facts") or {}).items())),
                                inventory=inventory,
                                name=ex.get("name") or (ex.get("doc", "")[:20] if isinstance(ex.get("doc"), str) else "")))
    return Rule(id=rid, title=raw["title"], severity=raw["severity"], check=check, message=raw["message"].strip(),
                article=str(cit["article"]), quote=str(cit["quote"]).strip(), source=source, pack=pack,
                label=raw.get("label"), applies_when=applies, examples=tuple(examples),
                pass_message=(raw.get("pass_message") or "").strip())


def _read_yaml(pack_id: str, pack_dir: Path) -> dict:
    path = pack_dir / f"{pack_id}.yaml"
    if not path.exists():
        raise RulePackError(f"no rule pack '{pack_id}' (looked for {path})")
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    _reject_unknown(f"pack {pack_id}", data, _PACK_KEYS)
    if data.get("pack") != pack_id:
        raise RulePackError(f"pack file {path.name} declares pack {data.get('pack')!r}")
    return data


def load_pack(pack_id: str, pack_dir: Path = PACK_DIR, _seen: tuple[str, ...] = ()) -> RulePack:
    if pack_id in _seen:
        raise RulePackError(f"circular extends: {' -> '.join((*_seen, pack_id))}")
    data = _read_yaml(pack_id, pack_dir)
    source = data["source"]
    shared = pack_dir / "_examples.yaml"
    example_docs = dict(yaml.load(shared.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}) if shared.exists() else {}
    example_docs.update(data.get("example_docs") or {})
    inherited: dict[str, Rule] = {}
    parent_id = data.get("extends")
    if parent_id:
        parent = load_pack(parent_id, pack_dir, (*_seen, pack_id))
        example_docs = {**parent.example_docs, **example_docs}
        for r in parent.rules:
            suffix = r.id.split(".", 1)[1]
            inherited[suffix] = replace(r, id=f"{pack_id}.{suffix}", pack=pack_id, source=source)
    own: dict[str, Rule] = {}
    for raw in data.get("rules") or []:
        rule = _parse_rule(pack_id, source, raw, example_docs)
        suffix = rule.id.split(".", 1)[1]
        if suffix in own:
            raise RulePackError(f"pack {pack_id}: duplicate rule id {rule.id}")
        own[suffix] = rule
    merged = {**inherited, **own}
    return RulePack(id=pack_id, source=source, issued=str(data.get("issued", "")), regulation=data["regulation"],
                    rules=tuple(merged.values()), extends=parent_id, description=data.get("description", ""),
                    example_docs=example_docs)


def load_all(pack_dir: Path = PACK_DIR) -> dict[str, RulePack]:
    return {p: load_pack(p, pack_dir) for p in PACK_IDS}
