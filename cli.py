"""The ``yushen`` command: wires commands to the pipeline (extract → analyze → rules → report), nothing more."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from .core.errors import YushenError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="预审 Yushen — pre-review of 政务信息化 project proposals.")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


@app.callback()
def _root() -> None:
    """预审 Yushen — pre-review of 政务信息化 project proposals."""


def _fail(err: YushenError) -> None:
    typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
    raise typer.Exit(2)


def _read_tree(file: Path):
    """extract → segment, mapping a coded error to exit code 2 and one line on stderr."""
    from .analyze.segment import segment_headings
    from .extract import read_document

    try:
        return segment_headings(read_document(file))
    except YushenError as err:
        _fail(err)


@app.command()
def outline(
    file: Path = typer.Argument(..., help="PDF / DOCX / DOC / WPS / TXT / MD file"),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json"),
    labels: bool = typer.Option(False, "--labels", help="also classify sections and extract document facts"),
) -> None:
    """Print the heading tree with levels and pages."""
    from .report.outline import outline_json, outline_text

    tree = _read_tree(file)
    facts = None
    if labels:
        from .analyze.classify import classify_tree
        from .analyze.facts import extract_facts
        from .analyze.model_store import load_model

        classify_tree(tree, load_model())
        facts = extract_facts(tree).document_fields()
    if format == OutputFormat.json:
        typer.echo(json.dumps(outline_json(tree, facts), ensure_ascii=False, indent=2))
    else:
        typer.echo(outline_text(tree))


@app.command()
def facts(
    file: Path = typer.Argument(..., help="proposal file"),
) -> None:
    """Print the document's facts with their evidence (quote, section, page) as JSON."""
    from .analyze.facts import extract_facts

    tree = _read_tree(file)
    typer.echo(json.dumps(extract_facts(tree).to_json(), ensure_ascii=False, indent=2))


@app.command()
def train(
    extra: list[Path] = typer.Option(None, "--extra", help="JSONL of your own labelled sections "
                                     '({"heading", "body", "label", "parent_label"}); repeatable'),
) -> None:
    """Train the section classifier on the shipped corpus (plus --extra files) and make it the active model."""
    from .analyze.model_store import train_model

    try:
        model, digest, path = train_model(list(extra or []))
    except (OSError, ValueError) as err:
        typer.echo(f"yushen: error[bad_training_data]: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"trained on corpus {digest}: {len(model.vocabulary_)} features, {len(model.classes_)} labels -> {path}")


@app.command("eval")
def eval_cmd(
    split: Path = typer.Argument(Path(__file__).parent / "corpus" / "sections" / "dev.jsonl",
                                 help="labelled sections (JSONL) to score, e.g. corpus/sections/dev.jsonl"),
    devset: Path = typer.Option(None, "--devset", help="a truth.json (the shared dev set) to score documents"),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f"),
) -> None:
    """Per-label precision/recall/F1 and macro-F1 on a section split; section and fact accuracy on a dev set."""
    from .analyze.evaluate import evaluate_documents, evaluate_sections
    from .analyze.model_store import load_model, read_jsonl
    from .report.evaluation import evaluation_text

    model = load_model()
    result = {"split": str(split), "sections": evaluate_sections(model, read_jsonl(split))}
    if devset is not None:
        truth = devset / "truth.json" if devset.is_dir() else devset
        result["documents"] = evaluate_documents(model, truth)
    if format == OutputFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(evaluation_text(result))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
