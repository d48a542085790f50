"""Rule packs as plain data: YAML parsed into frozen dataclasses, every key and value checked against what the
code knows (facts, labels, doc types, statuses, severities, check parameters), ``extends`` applied.

Finding packs and loading them by id is :mod:`rules.registry`'s job; this module turns one file into a RulePack.
A pack that extends another inherits its rules with ids re-prefixed (``ordos.art8.x`` → ``dalad.art8.x``) and
citations pointing at the child's regulation; a rule the child defines with the same suffix overrides it.
"""

from __future__ import annotations

import datetime
import marshal
import re
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

from .errors import RulePackError
from .kinds import CHECKS
from .regulations import REGULATION_DIR

__all__ = ["RulePackError", "RulePack", "Rule", "Example", "AppliesWhen", "read_pack_file", "build_pack"]

SEVERITIES = ("blocker", "major", "minor", "info")
STATUSES = ("pass", "fail", "warn", "not_applicable")
LEVELS = ("central", "province", "prefecture", "county")  # central: 中央和国家机关
PROJECT_CLASSES = ("construction", "service_purchase", "operations")
BUILD_MODES = ("new", "upgrade")
PACK_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9]+\.[a-z0-9_]+$")  # <pack>.<article ref>.<slug>

PACK_KEYS = {"pack", "name", "extends", "source", "issued", "regulation", "description", "governs", "fallback",
             "doc_types", "rules", "example_docs"}
GOVERNS_KEYS = {"regions", "levels"}
RULE_KEYS = {"id", "title", "severity", "label", "applies_when", "check", "message", "citation", "examples",
             "pass_message"}
APPLIES_KEYS = {"doc_type", "project_class", "min_investment_wan", "max_investment_wan", "facts", "build_mode"}
CITATION_KEYS = {"article", "quote"}
EXAMPLE_KEYS = {"expect", "doc", "facts", "name", "inventory"}

# What each check parameter holds, by name (every kind uses the same names for the same things).
PARAM_TYPES = {
    "label": "label", "fact": "fact", "facts": "fact_list", "names": "fact_names",
    "at_or_above": "doc_type_list", "below": "doc_type_list",
    "missing": "status", "on_missing": "status", "below_status": "status", "on_possible": "status",
    "on_empty": "status",
    "mention": "regex", "pattern": "regex", "unless": "regex", "when": "regex", "then": "regex",
    "title": "regex", "body": "regex", "within": "regex",
    "first": "level_regex", "second": "level_regex",
    "points": "regex_map", "covers": "regex_map",
    "min": "int", "threshold_wan": "number", "value": "scalar", "unit": "text", "op": "text",
    "first_name": "text", "second_name": "text",
}


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
    regulation: str  # path of the regulation text (beside the pack, or in corpus/regulations)
    rules: tuple[Rule, ...]
    extends: str | None = None
    description: str = ""
    example_docs: dict = field(default_factory=dict)
    name: str = ""  # display name: 鄂尔多斯市
    path: str = ""  # the pack's YAML file
    regions: tuple[str, ...] = ()  # 6-digit 民政部 codes the pack governs exactly
    levels: tuple[str, ...] = ()  # central | province | prefecture | county
    fallback: bool = False  # the pack for documents no other pack governs
    doc_types: tuple[str, ...] = ()  # document types the pack reviews whatever their region (crypto_plan)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


@dataclass(frozen=True)
class Vocabulary:
    """The values the code knows, read from the modules that define them (never listed twice)."""

    facts: frozenset[str]
    labels: frozenset[str]
    doc_types: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    from ..analyze.classify import LABELS
    from ..analyze.crypto_plan import DOC_TYPE as CRYPTO_PLAN
    from ..analyze.facts import DOC_TYPES, Facts

    return Vocabulary(facts=frozenset(f.name for f in fields(Facts)), labels=frozenset(LABELS),
                      doc_types=frozenset({d for _, d in DOC_TYPES} | {"other", CRYPTO_PLAN}))


def _one_of(where: str, key: str, value, allowed) -> None:
    if value not in allowed:
        raise RulePackError(f"{where}: {key}: unknown value {value!r}; known: {', '.join(sorted(allowed))}")


def _list(where: str, key: str, value) -> list:
    if isinstance(value, str | int | float | bool):
        return [value]
    if not isinstance(value, list | tuple):
        raise RulePackError(f"{where}: {key}: expected a value or a list, got {type(value).__name__}")
    return list(value)


def _regex(where: str, key: str, value) -> re.Pattern:
    if not isinstance(value, str):
        raise RulePackError(f"{where}: {key}: expected a regular expression (text), got {value!r}")
    try:
        return re.compile(value)
    except re.error as err:
        raise RulePackError(f"{where}: {key}: bad regular expression {value!r}: {err}") from None


def _fact_value(where: str, key: str, name: str, value) -> None:
    """A fact named in applies_when or an example: the name is known, and so is the value of an enumerated fact."""
    voc = vocabulary()
    _one_of(where, key, name, voc.facts)
    enums = {"doc_type": voc.doc_types, "project_class": PROJECT_CLASSES, "build_mode": BUILD_MODES,
             "jurisdiction": None}
    if enums.get(name) is not None and value is not None:
        _one_of(where, f"{key}.{name}", value, enums[name])


def validate_params(where: str, check: dict) -> None:
    """Every check parameter against what it names: a fact, a label, a doc type, a status, a regex, a number."""
    voc = vocabulary()
    for key, value in check.items():
        if key == "kind":
            continue
        what, k = PARAM_TYPES.get(key), f"check.{key}"
        if what == "label":
            _one_of(where, k, value, voc.labels)
        elif what == "fact":
            _one_of(where, k, value, voc.facts)
        elif what in ("fact_list", "fact_names"):
            for name in (value if what == "fact_names" and isinstance(value, dict) else _list(where, k, value)):
                _one_of(where, k, name, voc.facts)
        elif what == "doc_type_list":
            for d in _list(where, k, value):
                _one_of(where, k, d, voc.doc_types)
        elif what == "status":
            _one_of(where, k, value, STATUSES)
        elif what == "regex":
            _regex(where, k, value)
        elif what == "level_regex":
            if "(?P<level" not in str(value):
                raise RulePackError(f"{where}: {k}: the pattern must capture the level as (?P<level>…)")
            _regex(where, k, value)
        elif what == "regex_map":
            if not isinstance(value, dict) or not value:
                raise RulePackError(f"{where}: {k}: expected a mapping of point name → regular expression")
            for name, rx in value.items():
                _regex(where, f"{k}.{name}", rx)
        elif what in ("int", "number") and (isinstance(value, bool) or not isinstance(value, int | float)
                                            or (what == "int" and not isinstance(value, int))):
            raise RulePackError(f"{where}: {k}: expected a {'whole ' if what == 'int' else ''}number, got {value!r}")
        elif what == "scalar" and not isinstance(value, str | int | float | bool):
            raise RulePackError(f"{where}: {k}: expected a number, text or true/false, got {value!r}")


def _reject_unknown(where: str, data: dict, allowed: set[str]) -> None:
    if not isinstance(data, dict):
        raise RulePackError(f"{where}: expected a mapping, got {data!r}")
    unknown = set(data) - allowed
    if unknown:
        raise RulePackError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def _tuple(v) -> tuple:
    if v is None:
        return ()
    return tuple(v) if isinstance(v, list | tuple) else (v,)


def _parse_applies(where: str, aw: dict) -> AppliesWhen:
    voc = vocabulary()
    _reject_unknown(where + ", applies_when", aw, APPLIES_KEYS)
    for key, allowed in (("doc_type", voc.doc_types), ("project_class", PROJECT_CLASSES),
                         ("build_mode", BUILD_MODES)):
        for v in _tuple(aw.get(key)):
            _one_of(where, f"applies_when.{key}", v, allowed)
    for key in ("min_investment_wan", "max_investment_wan"):
        v = aw.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise RulePackError(f"{where}: applies_when.{key}: expected a number of 万元, got {v!r}")
    for name, value in (aw.get("facts") or {}).items():
        _fact_value(where, "applies_when.facts", name, value)
    return AppliesWhen(doc_type=_tuple(aw.get("doc_type")), project_class=_tuple(aw.get("project_class")),
                       min_investment_wan=aw.get("min_investment_wan"),
                       max_investment_wan=aw.get("max_investment_wan"),
                       facts=tuple(sorted((aw.get("facts") or {}).items())),
                       build_mode=_tuple(aw.get("build_mode")))


def _shared(where: str, value, example_docs: dict, what: str):
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in example_docs:
            raise RulePackError(f"{where}: example {what} {value!r} is not defined in example_docs")
        return example_docs[value[1:]]
    return value


def _parse_example(where: str, ex: dict, example_docs: dict) -> Example:
    _reject_unknown(where + ", example", ex, EXAMPLE_KEYS)
    _one_of(where, "examples.expect", ex.get("expect"), STATUSES)
    doc = _shared(where, ex.get("doc", ""), example_docs, "document")
    if not isinstance(doc, str):
        raise RulePackError(f"{where}: examples.doc: expected Markdown text or '@name'")
    for name, value in (ex.get("facts") or {}).items():
        _fact_value(where, "examples.facts", name, value)
    inv = _shared(where, ex.get("inventory"), example_docs, "inventory")
    inventory = tuple(tuple(sorted(sys.items())) for sys in inv) if inv is not None else None
    raw_doc = ex.get("doc")
    return Example(expect=ex["expect"], doc=doc, facts=tuple(sorted((ex.get("facts") or {}).items())),
                   inventory=inventory, name=ex.get("name") or (raw_doc[:20] if isinstance(raw_doc, str) else ""))


def _parse_rule(pack: str, source: str, raw: dict, example_docs: dict, file: str) -> Rule:
    rid = raw.get("id", "?") if isinstance(raw, dict) else "?"
    where = f"{file}: rule {rid}"
    _reject_unknown(where, raw, RULE_KEYS)
    for key in ("id", "title", "severity", "check", "message", "citation"):
        if key not in raw:
            raise RulePackError(f"{where}: missing '{key}'")
    if not isinstance(rid, str) or not _RULE_ID.match(rid) or not rid.startswith(pack + "."):
        raise RulePackError(f"{where}: id must look like '{pack}.art<N>.<slug>' (lower case, digits, _)")
    _one_of(where, "severity", raw["severity"], SEVERITIES)
    if raw.get("label") is not None:
        _one_of(where, "label", raw["label"], vocabulary().labels)
    if not isinstance(raw["check"], dict):
        raise RulePackError(f"{where}: check: expected a mapping with a kind")
    check = dict(raw["check"])
    kind = check.get("kind")
    if kind not in CHECKS:
        raise RulePackError(f"{where}: check.kind: unknown check kind {kind!r}; known: {', '.join(sorted(CHECKS))}")
    validate_params(where, check)
    CHECKS[kind].validate(where, check)
    cit = raw["citation"]
    _reject_unknown(where + ", citation", cit, CITATION_KEYS)
    for key in CITATION_KEYS:
        if not str(cit.get(key) or "").strip():
            raise RulePackError(f"{where}: citation.{key} is empty")
    applies = _parse_applies(where, raw.get("applies_when") or {})
    examples = tuple(_parse_example(where, ex, example_docs) for ex in raw.get("examples") or [])
    return Rule(id=rid, title=raw["title"], severity=raw["severity"], check=check, message=raw["message"].strip(),
                article=str(cit["article"]), quote=str(cit["quote"]).strip(), source=source, pack=pack,
                label=raw.get("label"), applies_when=applies, examples=examples,
                pass_message=(raw.get("pass_message") or "").strip())


def load_yaml(path: Path) -> object:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    except (OSError, UnicodeDecodeError) as err:
        raise RulePackError(f"{path}: cannot read: {err}") from None
    memo = _parsed_memo(raw)
    if memo is not None:
        try:
            blob = memo.read_bytes()
            if blob[:1] in (b"M", b"D"):
                data = marshal.loads(blob[1:])
                return _with_dates(data) if blob[:1] == b"D" else data
        except (OSError, ValueError, EOFError, TypeError):
            pass
    import yaml  # only for a pack not parsed before (the memo holds the rest): ~15 ms a process

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster
    except yaml.YAMLError as err:
        raise RulePackError(f"{path}: not valid YAML: {err}") from None
    if memo is not None:
        _remember(memo, data)
    return data


def _parsed_memo(raw: bytes) -> Path | None:
    """Where the parsed form of a YAML file with these bytes is kept: YAML is parsed in Python (~3 ms a pack
    even with libyaml) and a check reads every pack's header, while marshal reads it back in ~0.1 ms. Keyed by
    the bytes (not the file's name or time) and the YAML library, so an edited pack is always parsed afresh;
    the header and rules are still checked on every load."""
    from ..core.cache import memo_path

    return memo_path("yaml", _yaml_identity(), raw)


def _yaml_identity() -> bytes:
    """The YAML library as a memo key, without importing it: its package file, which states its version (and
    changes with it)."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("yaml")
    try:
        return Path(spec.origin).read_bytes() if spec is not None and spec.origin else b"no yaml"
    except OSError:
        return b"unreadable yaml"


def _remember(memo: Path, data: object) -> None:
    from ..core.cache import write_memo

    try:
        blob = b"M" + marshal.dumps(data)
    except ValueError:  # a date (issued: 2022-02-20) marshal cannot hold: kept as a tagged tuple
        try:
            blob = b"D" + marshal.dumps(_without_dates(data))
        except ValueError:
            return
    write_memo(memo, blob)


_DATE_TAG = "\x00yushen-date"  # YAML's safe loader makes no tuples, so a tagged tuple is unambiguous


def _without_dates(node):
    if isinstance(node, dict):
        return {_without_dates(k): _without_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_dates(v) for v in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return (_DATE_TAG, type(node) is datetime.datetime, node.isoformat())
    return node


def _with_dates(node):
    if isinstance(node, dict):
        return {_with_dates(k): _with_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_dates(v) for v in node]
    if isinstance(node, tuple) and len(node) == 3 and node[0] == _DATE_TAG:
        return (datetime.datetime if node[1] else datetime.date).fromisoformat(node[2])
    return node


def read_pack_file(path: Path) -> dict:
    """The pack's YAML with its header checked (keys, id, governed regions and levels, doc types)."""
    data = load_yaml(path)
    where = str(path)
    if not isinstance(data, dict) or "pack" not in data:
        raise RulePackError(f"{where}: not a rule pack (no 'pack:' id at the top)")
    _reject_unknown(where, data, PACK_KEYS)
    pid = data["pack"]
    if not isinstance(pid, str) or not PACK_ID.match(pid):
        raise RulePackError(f"{where}: pack: id {pid!r} must be lower-case letters, digits and _")
    for key in ("source", "regulation"):
        if not data.get(key):
            raise RulePackError(f"{where}: missing '{key}'")
    governs = data.get("governs") or {}
    _reject_unknown(where + ", governs", governs, GOVERNS_KEYS)
    levels = [str(v) for v in _list(where, "governs.levels", governs.get("levels") or [])]
    for lv in levels:
        _one_of(where, "governs.levels", lv, LEVELS)
    from ..analyze.regions import load_gazetteer

    for code in _list(where, "governs.regions", governs.get("regions") or []):
        code = str(code)
        region = load_gazetteer().get(code) if re.fullmatch(r"\d{6}", code) else None
        if region is None:
            raise RulePackError(f"{where}: governs.regions: {code!r} is not a 6-digit 民政部 division code")
        if levels and region.level not in levels:
            raise RulePackError(f"{where}: governs.regions: {code} ({region.full_name}) is a {region.level}, "
                                f"not among governs.levels {levels}")
    for d in _list(where, "doc_types", data.get("doc_types") or []):
        _one_of(where, "doc_types", d, vocabulary().doc_types)
    if not isinstance(data.get("fallback", False), bool):
        raise RulePackError(f"{where}: fallback: expected true or false")
    return data


def header(data: dict) -> dict:
    """The header fields a registry indexes, normalised."""
    governs = data.get("governs") or {}
    return {"id": data["pack"], "name": str(data.get("name") or data["source"]), "source": data["source"],
            "extends": data.get("extends"), "regions": tuple(str(c) for c in _tuple(governs.get("regions"))),
            "levels": tuple(str(v) for v in _tuple(governs.get("levels"))),
            "fallback": bool(data.get("fallback", False)), "doc_types": _tuple(data.get("doc_types"))}


def regulation_path(data: dict, path: Path) -> Path:
    """The regulation text: beside the pack file, else among the shipped texts (corpus/regulations)."""
    name = str(data["regulation"])
    for candidate in (path.parent / name, REGULATION_DIR / name):
        if candidate.is_file():
            return candidate.resolve()
    raise RulePackError(f"{path}: regulation: {name!r} not found beside the pack ({path.parent}) "
                        f"nor in {REGULATION_DIR}")


def build_pack(data: dict, path: Path, parent: RulePack | None, example_docs: dict) -> RulePack:
    """A RulePack from a checked header (:func:`read_pack_file`), its parent and the shared example documents."""
    pack_id, source = data["pack"], data["source"]
    example_docs = {**(parent.example_docs if parent else {}), **example_docs, **(data.get("example_docs") or {})}
    inherited: dict[str, Rule] = {}
    if parent is not None:
        for r in parent.rules:
            suffix = r.id.split(".", 1)[1]
            inherited[suffix] = replace(r, id=f"{pack_id}.{suffix}", pack=pack_id, source=source)
    own: dict[str, Rule] = {}
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RulePackError(f"{path}: rules: expected a list of rules")
    for raw in raw_rules:
        rule = _parse_rule(pack_id, source, raw, example_docs, str(path))
        suffix = rule.id.split(".", 1)[1]
        if suffix in own:
            raise RulePackError(f"{path}: rule {rule.id}: duplicate rule id")
        own[suffix] = rule
    h = header(data)
    return RulePack(id=pack_id, source=source, issued=str(data.get("issued", "")),
                    regulation=str(regulation_path(data, path)), rules=tuple({**inherited, **own}.values()),
                    extends=data.get("extends"), description=data.get("description", ""),
                    example_docs=example_docs, name=h["name"], path=str(path), regions=h["regions"],
                    levels=h["levels"], fallback=h["fallback"], doc_types=h["doc_types"])
