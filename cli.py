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


@app.command()
def outline(
    file: Path = typer.Argument(..., help="PDF / DOCX / DOC / WPS / TXT / MD file"),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text or json"),
) -> None:
    """Print the heading tree with levels and pages."""
    from .analyze.segment import segment_headings
    from .extract import read_document
    from .report.outline import outline_json, outline_text

    try:
        tree = segment_headings(read_document(file))
    except YushenError as err:
        _fail(err)
        return
    if format == OutputFormat.json:
        typer.echo(json.dumps(outline_json(tree), ensure_ascii=False, indent=2))
    else:
        typer.echo(outline_text(tree))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
