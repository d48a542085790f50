"""The package's import graph, built from the source with ``ast`` (lazy imports inside functions included): no
import circle anywhere, and no module imports from a layer above its own.

Layers, low to high: core < extract < inventory < analyze < rules < report < pipeline < cli, web, scan (and the
tools beside the package: bench, docs, corpus/tools)."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["core", "extract", "inventory", "analyze", "rules", "report", "pipeline"]
TOP = {"cli", "web", "scan", "__main__", "__init__", "bench", "docs", "corpus"}
SKIP = {"tests", ".venv", "build", "dist"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIP or rel.parts[0].endswith(".egg-info"):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


@lru_cache(maxsize=1)
def import_graph() -> dict[str, frozenset[str]]:
    """Module (dotted, relative to the package: ``rules.model``) → the package modules it imports."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        package = [] if name == "__init__" else name.split(".")[: None if path.name == "__init__.py" else -1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = (node.module or "").split(".") if node.module else []
                if node.level:
                    target = [*package[: len(package) - node.level + 1], *module]
                elif module[:1] == ["yushen"]:
                    target = module[1:]
                else:
                    continue
                candidates = [".".join(target)] + [".".join([*target, a.name]) for a in node.names]
            elif isinstance(node, ast.Import):
                candidates = [a.name.removeprefix("yushen.") for a in node.names if a.name.startswith("yushen.")]
            else:
                continue
            found.update(c for c in candidates if c in modules)
        found.discard(name)
        graph[name] = frozenset(found)
    return graph


def _layer(module: str) -> int:
    head = module.split(".")[0]
    if head in LAYERS:
        return LAYERS.index(head)
    assert head in TOP, f"{module}: no layer assigned (add it to LAYERS or TOP)"
    return len(LAYERS)


def _circles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_the_package():
    graph = import_graph()
    # relative, absolute and lazy imports are all read
    assert "analyze.facts" in graph["rules.context"]
    assert "core.report" in graph["pipeline"]
    assert "extract.ocr" in graph["extract.pdf"]  # imported inside a function
    assert len(graph) > 80


def test_no_import_circle():
    assert _circles(import_graph()) == []


def test_circle_detection_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(import_graph()))
def test_no_import_from_a_higher_layer(module):
    graph = import_graph()
    upward = sorted(d for d in graph[module] if _layer(d) > _layer(module))
    assert not upward, f"{module} imports upward: {upward}"


def test_the_review_is_built_without_the_renderers():
    """The report's document and sections blocks come from core; pipeline/ builds a Report, renderers read it."""
    graph = import_graph()
    assert not [(m, d) for m, deps in graph.items() if m.split(".")[0] == "pipeline"
                for d in deps if d.split(".")[0] == "report"]


def _shipped_packages() -> set[str]:
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {p.removeprefix("yushen").lstrip(".") for p in conf["tool"]["setuptools"]["packages"]}


def test_shipped_modules_import_nothing_that_is_not_shipped():
    """`yushen eval --forms` once imported its renderers from tests/, which a wheel does not carry: every import
    of a shipped module resolves to a shipped package."""
    shipped = _shipped_packages()
    bad = []
    for name, path in _modules().items():
        package = name.rsplit(".", 1)[0] if "." in name else ""
        if path.name == "__init__.py":
            package = "" if name == "__init__" else name
        if package not in shipped:
            continue  # bench, docs, corpus/tools: tools beside the package
        parts = package.split(".") if package else []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("yushen")):
                if node.level:
                    target = [*parts[: len(parts) - node.level + 1], *((node.module or "").split(".") if node.module else [])]
                else:
                    target = node.module.split(".")[1:]
                top = ".".join(target[:1])
                if target and top not in shipped and ".".join(target) not in _modules():
                    bad.append((name, ".".join(target)))
    assert not bad, bad
