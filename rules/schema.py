"""The JSON Schema of a rule pack, built from the same tables the loader checks against (for editors:
``yushen rules schema > pack.schema.json``; YAML language servers read ``# yaml-language-server: $schema=…``)."""

from __future__ import annotations

from .kinds import CHECKS
from .model import (
    APPLIES_KEYS,
    BUILD_MODES,
    CITATION_KEYS,
    EXAMPLE_KEYS,
    GOVERNS_KEYS,
    LEVELS,
    PACK_KEYS,
    PARAM_TYPES,
    PROJECT_CLASSES,
    RULE_KEYS,
    SEVERITIES,
    STATUSES,
    vocabulary,
)


def _param(what: str, voc) -> dict:
    enum = lambda values: {"enum": sorted(values)}  # noqa: E731
    return {
        "label": enum(voc.labels), "fact": enum(voc.facts), "status": enum(STATUSES),
        "fact_list": {"type": "array", "items": enum(voc.facts)},
        "fact_names": {"type": "object", "propertyNames": enum(voc.facts), "additionalProperties": {"type": "string"}},
        "doc_type_list": {"type": "array", "items": enum(voc.doc_types)},
        "regex": {"type": "string", "format": "regex"}, "level_regex": {"type": "string", "pattern": r"\(\?P<level"},
        "regex_map": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "int": {"type": "integer"}, "number": {"type": "number"},
        "scalar": {"type": ["string", "number", "boolean"]}, "text": {"type": "string"},
    }[what]


def _closed(props: dict, required=(), allowed: set[str] | None = None) -> dict:
    if allowed is not None:
        assert set(props) == allowed, (sorted(props), sorted(allowed))  # the schema names every key the loader knows
    return {"type": "object", "properties": props, "required": sorted(required), "additionalProperties": False}


def pack_schema() -> dict:
    voc = vocabulary()
    checks = []
    for name, check in sorted(CHECKS.items()):
        keys = check.required | check.optional
        props = {"kind": {"const": name}, **{k: _param(PARAM_TYPES[k], voc) for k in sorted(keys)}}
        if name == "fact_compare":
            props["op"] = {"enum": [">=", "<=", ">", "<", "==", "!="]}
        checks.append({**_closed(props, {"kind", *check.required}), "description": (check.__doc__ or "").strip()})
    facts = {"type": "object", "propertyNames": {"enum": sorted(voc.facts)}}
    strs = lambda values: {"type": "array", "items": {"enum": sorted(values)}}  # noqa: E731
    one_or_many = lambda values: {"anyOf": [{"enum": sorted(values)}, strs(values)]}  # noqa: E731
    applies = _closed({"doc_type": one_or_many(voc.doc_types), "project_class": one_or_many(PROJECT_CLASSES),
                       "build_mode": one_or_many(BUILD_MODES), "min_investment_wan": {"type": "number"},
                       "max_investment_wan": {"type": "number"}, "facts": facts}, allowed=APPLIES_KEYS)
    example = _closed({"expect": {"enum": list(STATUSES)}, "doc": {"type": "string"}, "facts": facts,
                       "name": {"type": "string"}, "inventory": {"type": ["string", "array"]}},
                      {"expect", "doc"}, EXAMPLE_KEYS)
    rule = _closed({
        "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z0-9]+\.[a-z0-9_]+$"},
        "title": {"type": "string"}, "severity": {"enum": list(SEVERITIES)},
        "label": {"enum": sorted(voc.labels)}, "applies_when": applies, "check": {"oneOf": checks},
        "message": {"type": "string"}, "pass_message": {"type": "string"},
        "citation": _closed({"article": {"type": "string"}, "quote": {"type": "string"}}, CITATION_KEYS,
                            CITATION_KEYS),
        "examples": {"type": "array", "items": example},
    }, {"id", "title", "severity", "check", "message", "citation"}, RULE_KEYS)
    code = {"type": ["string", "integer"], "pattern": r"^\d{6}$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://yushen.invalid/schema/rule-pack.json",
        "title": "Yushen rule pack",
        **_closed({
            "pack": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}, "name": {"type": "string"},
            "source": {"type": "string"}, "issued": {"type": ["string", "number"]},
            "regulation": {"type": "string", "description": "file beside the pack, or in corpus/regulations"},
            "extends": {"type": "string"}, "description": {"type": "string"},
            "governs": _closed({"regions": {"type": "array", "items": code},
                                "levels": {"type": "array", "items": {"enum": list(LEVELS)}}},
                               allowed=GOVERNS_KEYS),
            "fallback": {"type": "boolean"}, "doc_types": strs(voc.doc_types),
            "rules": {"type": "array", "items": rule}, "example_docs": {"type": "object"},
        }, {"pack", "source", "regulation"}, PACK_KEYS),
    }
