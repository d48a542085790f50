"""Findings and the Report every renderer reads; ``Report.to_json`` is the contract in
shared/spec/report-contract.md (fields may be added, never renamed or dropped)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import standalone_date
from .types import SectionTree

SCHEMA_VERSION = "1"
SEVERITIES = ("blocker", "major", "minor", "info")
STATUSES = ("pass", "fail", "warn", "not_applicable")


@dataclass(frozen=True)
class Evidence:
    quote: str
    section: str | None = None
    page: int | None = None

    def to_json(self) -> dict:
        return {"section": self.section, "page": self.page, "quote": self.quote}


@dataclass(frozen=True)
class Citation:
    source: str
    article: str
    quote: str

    def to_json(self) -> dict:
        return {"source": self.source, "article": self.article, "quote": self.quote}


@dataclass
class Finding:
    rule: str
    status: str
    severity: str
    label: str | None
    message: str
    citation: Citation
    evidence: list[Evidence] = field(default_factory=list)
    title: str = ""
    waived: str | None = None  # the reviewer's reason, when waived
    waived_by: str | None = None  # who granted the waiver, when known

    def to_json(self) -> dict:
        out = {
            "rule": self.rule,
            "status": self.status,
            "severity": self.severity,
            "label": self.label,
            "message": self.message,
            "citation": self.citation.to_json(),
            "evidence": [e.to_json() for e in self.evidence],
            "title": self.title,
        }
        if self.waived is not None:
            out["waived"] = {"reason": self.waived, **({"by": self.waived_by} if self.waived_by else {})}
        return out


@dataclass
class DuplicateCandidate:
    inventory_id: str
    name: str
    owner: str
    score: float
    verdict: str
    evidence: list[dict] = field(default_factory=list)
    reason: str = ""  # the verdict in words (core/vocab.candidate_reason when the matcher gave none)

    def to_json(self) -> dict:
        from .vocab import candidate_reason

        return {"inventory_id": self.inventory_id, "name": self.name, "owner": self.owner,
                "score": round(self.score, 3), "verdict": self.verdict, "evidence": self.evidence,
                "reason": candidate_reason(self)}


@dataclass
class Report:
    document: dict
    ruleset: str | None
    ruleset_reason: str
    sections: list[dict]
    findings: list[Finding]
    duplicates: list[DuplicateCandidate] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    source: str = ""  # the regulation the pack implements
    articles: dict[str, str] = field(default_factory=dict)  # cited article → its full text
    plans: object = None  # what the proposal plans to build (for batch duplicate checks; not serialised)
    batch_duplicates: list[dict] = field(default_factory=list)  # other proposals in the same batch
    rule_facts: list[dict] = field(default_factory=list)  # 免费运维期, 等保 … with evidence and the rules reading them

    def to_json(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "status": "ok",
            "document": self.document,
            "ruleset": self.ruleset,
            "ruleset_reason": self.ruleset_reason,
            "sections": self.sections,
            "findings": [f.to_json() for f in self.findings],
            "duplicates": [d.to_json() for d in self.duplicates],
            "errors": self.errors,
            "facts": self.facts,
            "regulation": {"source": self.source, "articles": self.articles},
            "batch_duplicates": self.batch_duplicates,
            "rule_facts": self.rule_facts,
        }

    @classmethod
    def from_json(cls, data: dict) -> Report:
        """Rebuild a Report from its JSON (the web app stores reports and renders them again)."""
        findings = [Finding(rule=f["rule"], status=f["status"], severity=f["severity"], label=f.get("label"),
                            message=f["message"], citation=Citation(**f["citation"]),
                            evidence=[Evidence(quote=e["quote"], section=e.get("section"), page=e.get("page"))
                                      for e in f.get("evidence", [])],
                            title=f.get("title", ""), waived=(f.get("waived") or {}).get("reason"),
                            waived_by=(f.get("waived") or {}).get("by"))
                    for f in data.get("findings", [])]
        dups = [DuplicateCandidate(d["inventory_id"], d["name"], d.get("owner") or "", d["score"], d["verdict"],
                                   d.get("evidence", []), d.get("reason") or "") for d in data.get("duplicates", [])]
        reg = data.get("regulation") or {}
        return cls(document=data["document"], ruleset=data.get("ruleset"), ruleset_reason=data.get("ruleset_reason", ""),
                   sections=data.get("sections", []), findings=findings, duplicates=dups, errors=data.get("errors", []),
                   facts=data.get("facts", {}), source=reg.get("source", ""), articles=reg.get("articles", {}),
                   batch_duplicates=data.get("batch_duplicates", []), rule_facts=data.get("rule_facts", []))

    def counts(self) -> dict[str, int]:
        out = {"fail": 0, "warn": 0, "pass": 0, "not_applicable": 0, "waived": 0}
        for f in self.findings:
            if f.waived is not None:
                out["waived"] += 1
            out[f.status] += 1
        return out

    def tally(self) -> dict[str, int]:
        """What the counts line shows: unwaived failures by severity (through :meth:`failing`, the same
        findings that decide the exit code), their total, and the other results."""
        c = self.counts()
        out = {s: 0 for s in SEVERITIES}
        for f in self.failing("info"):
            out[f.severity] += 1
        out["fail"] = sum(out[s] for s in SEVERITIES)
        out["warn"] = sum(1 for f in self.findings if f.status == "warn" and f.waived is None)
        out.update({k: c[k] for k in ("pass", "not_applicable", "waived")})
        return out

    def verdict(self) -> tuple[str, str]:
        """(the overall verdict in words, its level bad / warn / ok)."""
        from .vocab import verdict

        t = self.tally()
        return verdict(t["blocker"], t["major"])

    def failing(self, level: str) -> list[Finding]:
        """Unwaived failures at or above ``level`` (what decides the exit code)."""
        limit = SEVERITIES.index(level)
        return [f for f in self.findings
                if f.status == "fail" and f.waived is None and SEVERITIES.index(f.severity) <= limit]


def error_record(path: str, code: str, message: str, sha256: str | None = None, kind: str | None = None) -> dict:
    """The contract's record for a document that could not be reviewed (``kind`` for not_a_proposal)."""
    error = {"code": code, "message": message} | ({"kind": kind} if kind else {})
    return {"schema_version": SCHEMA_VERSION, "status": "error",
            "document": {"path": path, "sha256": sha256}, "error": error,
            "findings": [], "duplicates": [], "errors": []}


def document_json(tree: SectionTree, facts: dict | None = None) -> dict:
    """The contract's ``document`` block: the file's identity and the facts the report leads with."""
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
    sections = tree.sections()
    end = sections[0].block_index if sections and sections[0].block_index > 0 else 40
    return standalone_date(b.text for b in tree.document.blocks[:min(end, 60)] if b.kind == "paragraph")


def sections_json(tree: SectionTree) -> list[dict]:
    """The contract's ``sections``: the classified heading tree, flattened."""
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
