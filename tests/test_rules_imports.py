"""rules/ imports downward only (core, extract, analyze) and has no import circle among its modules, lazy imports
inside functions included."""

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"
UPWARD = {"pipeline", "cli", "web", "scan", "report", "bench"}


def _imports(path: Path) -> set[str]:
    """Modules imported by ``path`` as dotted names relative to the package root (rules.model, analyze.facts)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ["rules"][: 2 - node.level] if node.level <= 2 else []
            mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [f"{mod}.{a.name}" for a in node.names] if node.level == 1 and not node.module else [mod]
            out.update(names)
    return out


def test_rules_import_no_upper_layer_and_no_circle():
    graph = {f"rules.{p.stem}": _imports(p) for p in RULES.glob("*.py")}
    for mod, deps in graph.items():
        assert not {d.split(".")[0] for d in deps} & UPWARD, (mod, deps)
    local = {m: {d for d in deps if d in graph} for m, deps in graph.items()}

    def visit(m, stack):
        assert m not in stack, " -> ".join([*stack, m])
        for d in local[m]:
            visit(d, [*stack, m])

    for m in local:
        visit(m, [])
