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


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    md = "md"


class FailLevel(str, Enum):
    blocker = "blocker"
    major = "major"
    minor = "minor"


RULESET_HELP = "auto (from the document's facts) or one of national, nmg, ordos, dalad, mudan, datong"


@app.callback()
def _root() -> None:
    """预审 Yushen — pre-review of 政务信息化 project proposals."""


def _fail(err: YushenError) -> None:
    typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
    raise typer.Exit(2)


def _need_path(path: Path | None, what: str) -> None:
    """A path argument that must exist: a coded one-line error before any work starts."""
    if path is not None and not path.exists():
        typer.echo(f"yushen: error[file_not_found]: {what} not found: {path}", err=True)
        raise typer.Exit(2)


def _need_pack(pack: str | None) -> None:
    from .rules.model import PACK_IDS

    if pack is not None and pack not in PACK_IDS:
        typer.echo(f"yushen: error[unknown_ruleset]: {pack!r}; use one of {', '.join(PACK_IDS)}", err=True)
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
    from .analyze.duplicates import InventoryIndex
    from .analyze.evaluate import evaluate_documents, evaluate_duplicate_pairs, evaluate_sections
    from .analyze.model_store import load_model, read_jsonl
    from .inventory.importer import read_inventory
    from .report.evaluation import evaluation_text

    _need_path(split, "split")
    _need_path(devset, "dev set")
    model = load_model()
    result = {"split": str(split), "sections": evaluate_sections(model, read_jsonl(split))}
    corpus_dir = Path(__file__).parent / "corpus" / "duplicates"
    pairs = [json.loads(line) for line in (corpus_dir / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    result["duplicate_pairs"] = evaluate_duplicate_pairs(
        InventoryIndex().fit(read_inventory(corpus_dir / "inventory.csv")[0]), pairs)
    if devset is not None:
        from .pipeline.evaluate import evaluate_reviews

        truth = devset / "truth.json" if devset.is_dir() else devset
        result["documents"] = evaluate_documents(model, truth)
        result["reviews"] = evaluate_reviews(model, truth)
        from .pipeline.evaluate import evaluate_devset_duplicates

        result["devset_duplicates"] = evaluate_devset_duplicates(model, truth)
    if format == OutputFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(evaluation_text(result))


def _render(report, fmt: ReportFormat, color: bool, verbose: bool) -> str:
    if fmt == ReportFormat.json:
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    if fmt == ReportFormat.html:
        from .report.html import render_html

        return render_html(report)
    if fmt == ReportFormat.md:
        from .report.markdown import render_markdown

        return render_markdown(report)
    from .report.text import render_text

    return render_text(report, color=color, verbose=verbose)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="proposal files (PDF / DOCX / DOC / WPS / TXT / MD)"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text, json, html or md"),
    out: Path = typer.Option(None, "--out", "-o", help="write the report here (a folder when several files)"),
    fail_on: FailLevel = typer.Option(FailLevel.major, "--fail-on", help="exit 1 when unwaived failures at or above"),
    waivers: Path = typer.Option(None, "--waivers", help="YAML of accepted findings (default: FILE.waivers.yaml)"),
    inventory: Path = typer.Option(None, "--inventory", help="existing-system inventory: a db from "
                                   "`yushen inventory import`, or an xlsx/csv export"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="text format: list passing rules too"),
    max_memory_mb: int = typer.Option(4096, "--max-memory-mb", help="address-space cap (0 = none)"),
    ctx: typer.Context = None,
) -> None:
    """Review proposals against the rule pack of their jurisdiction. Exit 0 clean, 1 findings, 2 unreadable."""
    from .extract.limits import cap_memory

    restore = cap_memory(max_memory_mb)
    if ctx is not None:
        ctx.call_on_close(restore)
    from .analyze.model_store import load_model
    from .core.report import error_record
    from .pipeline import review_file
    from .pipeline.waivers import WaiverError
    from .rules.model import PACK_IDS, load_pack

    if rules != "auto" and rules not in PACK_IDS:
        typer.echo(f"yushen: error[unknown_ruleset]: {rules!r}; use {RULESET_HELP}", err=True)
        raise typer.Exit(2)
    _need_path(inventory, "inventory")
    _need_path(waivers, "waiver file")
    model = load_model()
    index = None
    if inventory is not None:
        from .pipeline.inventory_index import load_index

        try:
            index = load_index(inventory)
        except YushenError as err:
            typer.echo(f"yushen: error[{err.code.value}]: {inventory}: {err.message}", err=True)
            raise typer.Exit(2) from None
    packs: dict = {}
    many = len(files) > 1
    reports = []
    if out is not None and many and format != ReportFormat.json:
        out.mkdir(parents=True, exist_ok=True)
    exit_code = 0
    json_lines: list[str] = []
    color = out is None and sys.stdout.isatty()
    for file in files:
        try:
            report = review_file(file, model, rules, waivers, packs=packs, index=index)
        except YushenError as err:
            typer.echo(f"yushen: error[{err.code.value}]: {file}: {err.message}", err=True)
            reports.append((file, error_record(str(file), err.code.value, err.message)))
            exit_code = 2
            continue
        except WaiverError as err:
            typer.echo(f"yushen: error[bad_waivers]: {err}", err=True)
            raise typer.Exit(2) from None
        except MemoryError:
            typer.echo(f"yushen: error[memory_limit]: {file}: over --max-memory-mb {max_memory_mb}", err=True)
            reports.append((file, error_record(str(file), "memory_limit", f"over {max_memory_mb} MB")))
            exit_code = 2
            continue
        except Exception as exc:  # a bug on one file costs that file, not the batch
            msg = _internal_message(exc)
            typer.echo(f"yushen: error[internal_error]: {file}: {msg}", err=True)
            reports.append((file, error_record(str(file), "internal_error", msg)))
            exit_code = 2
            continue
        packs.setdefault(report.ruleset, load_pack(report.ruleset))
        if report.failing(fail_on.value) and exit_code == 0:
            exit_code = 1
        reports.append((file, report))
    reviewed = [r for _, r in reports if not isinstance(r, dict)]
    if many:
        from .pipeline import batch_duplicates

        batch_duplicates(reviewed)
    for file, report in reports:
        if isinstance(report, dict):  # the contract's error record
            if format == ReportFormat.json:
                json_lines.append(json.dumps(report, ensure_ascii=False))
            continue
        if format == ReportFormat.json:
            json_lines.append(json.dumps(report.to_json(), ensure_ascii=False, indent=None if many else 2))
            continue
        text = _render(report, format, color, verbose)
        if out is None:
            typer.echo(text)
        elif many:
            ext = {"text": "txt", "html": "html", "md": "md"}[format.value]
            (out / f"{Path(file).stem}.{ext}").write_text(text, encoding="utf-8")
        else:
            out.write_text(text, encoding="utf-8")
    if many and format == ReportFormat.text and out is None:
        _print_batch_summary(reviewed)
    if format == ReportFormat.json and json_lines:
        payload = "\n".join(json_lines) + "\n"
        if out is None:
            typer.echo(payload, nl=False)
        else:
            out.write_text(payload, encoding="utf-8")
    raise typer.Exit(exit_code)


def _print_batch_summary(reports) -> None:
    pairs = set()
    for r in reports:
        for d in r.batch_duplicates:
            if d["verdict"] == "likely_duplicate":
                pairs.add(tuple(sorted((r.document["path"], d["path"]))) + (d["score"],))
    if pairs:
        typer.echo("批次内疑似重复申报：")
        for a, b, score in sorted(pairs):
            typer.echo(f"  {a}  ↔  {b}  ({score:.2f})")


rules_app = typer.Typer(help="List and show rules with the articles they cite.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(pack: str = typer.Option(None, "--pack", help="only this pack")) -> None:
    """Every rule: id, severity, kind, article and title."""
    from .rules.model import PACK_IDS, load_pack

    _need_pack(pack)
    for pid in [pack] if pack else PACK_IDS:
        p = load_pack(pid)
        typer.echo(f"{p.id}  {p.source}（{p.issued}）{'  extends ' + p.extends if p.extends else ''}")
        for r in p.rules:
            typer.echo(f"  {r.id:<48} {r.severity:<8} {r.kind:<24} {r.article:<8} {r.title}")


@rules_app.command("verify")
def rules_verify(pack: str = typer.Option(None, "--pack", help="only this pack")) -> None:
    """Run every rule's examples and check every citation quote; print the share that pass per pack."""
    from .analyze.model_store import load_model
    from .rules.examples import check_examples
    from .rules.model import PACK_IDS, load_pack
    from .rules.regulations import quote_found

    _need_pack(pack)
    model = load_model()
    failed = False
    typer.echo(f"{'pack':<10}{'rules':>6}{'with examples':>15}{'examples pass':>15}{'quotes verbatim':>17}")
    for pid in [pack] if pack else PACK_IDS:
        p = load_pack(pid)
        with_examples = [r for r in p.rules if r.examples]
        passing = [r for r in with_examples if not check_examples(r, model)]
        quotes = [r for r in p.rules if quote_found(p.regulation, r.quote)]
        failed |= len(passing) < len(p.rules) or len(quotes) < len(p.rules)
        typer.echo(f"{pid:<10}{len(p.rules):>6}{len(with_examples):>15}"
                   f"{f'{len(passing)}/{len(p.rules)}':>15}{f'{len(quotes)}/{len(p.rules)}':>17}")
    raise typer.Exit(1 if failed else 0)


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., help="e.g. nmg.art27.free_maintenance_period")) -> None:
    """One rule and the full text of the article it cites."""
    from .rules.model import RulePackError, load_pack
    from .rules.regulations import article_text

    try:
        pack = load_pack(rule_id.split(".", 1)[0])
        rule = pack.rule(rule_id)
    except (RulePackError, KeyError):
        typer.echo(f"yushen: error[unknown_rule]: {rule_id}", err=True)
        raise typer.Exit(2) from None
    aw = rule.applies_when
    typer.echo(f"{rule.id}  [{rule.severity}]  {rule.title}")
    typer.echo(f"检查：{rule.kind} {json.dumps({k: v for k, v in rule.check.items() if k != 'kind'}, ensure_ascii=False)}")
    conds = {k: v for k, v in vars(aw).items() if v not in ((), None)}
    typer.echo(f"适用：{json.dumps(conds, ensure_ascii=False) if conds else '所有文件'}")
    typer.echo(f"提示语：{rule.message}")
    typer.echo(f"依据：{rule.source}（{pack.issued}）{rule.article}")
    typer.echo(f"引文：“{rule.quote}”")
    typer.echo(f"条文：{article_text(pack.regulation, rule.article) or '（未找到条文）'}")


inventory_app = typer.Typer(help="The existing-system inventory: import exports, list, search, stats.",
                            no_args_is_help=True)
app.add_typer(inventory_app, name="inventory")
DB_HELP = "inventory database (default: ~/.local/share/yushen/inventory.db, or $YUSHEN_DATA)"


def _db(db: Path | None) -> Path:
    from .inventory.store import default_db_path

    return db or default_db_path()


@inventory_app.command("import")
def inventory_import(
    file: Path = typer.Argument(..., help="xlsx or csv export of the project-management platform"),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    columns: str = typer.Option(None, "--columns", help="explicit mapping, e.g. id=系统代码,name=应用名称,owner=使用单位"),
    keep_missing: bool = typer.Option(False, "--keep-missing", help="keep systems absent from this export"),
) -> None:
    """Import (upsert by id) and report added / changed / removed systems."""
    from .inventory.importer import parse_columns_option, read_inventory
    from .inventory.store import import_records

    _need_path(file, "inventory export")
    try:
        records, warnings = read_inventory(file, parse_columns_option(columns))
    except YushenError as err:
        typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
        raise typer.Exit(2) from None
    path = _db(db)
    summary = import_records(path, records, str(file), remove_missing=not keep_missing)
    for w in warnings[:20]:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"{path}: {summary.total} systems — added {summary.added}, changed {summary.changed}, "
               f"removed {summary.removed}, unchanged {summary.unchanged}")


@inventory_app.command("list")
def inventory_list(db: Path = typer.Option(None, "--db", help=DB_HELP),
                   limit: int = typer.Option(50, "--limit")) -> None:
    """List systems (id, name, owner, status)."""
    from .inventory.store import load_records

    for r in load_records(_db(db))[:limit]:
        typer.echo(f"{r.id}\t{r.name}\t{r.owner}\t{r.status}")


@inventory_app.command("search")
def inventory_search(text: str = typer.Argument(...), db: Path = typer.Option(None, "--db", help=DB_HELP),
                     limit: int = typer.Option(20, "--limit")) -> None:
    """Systems whose id, name, owner or description contains TEXT."""
    from .inventory.store import search

    for r in search(_db(db), text, limit):
        typer.echo(f"{r.id}\t{r.name}\t{r.owner}\t{r.status}\t{r.description[:60]}")


@inventory_app.command("stats")
def inventory_stats(db: Path = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Counts by status and the owners with most systems."""
    from .inventory.store import stats

    st = stats(_db(db))
    typer.echo(f"{st['total']} systems (source: {st['source']})")
    typer.echo("by status: " + ", ".join(f"{k} {v}" for k, v in st["by_status"].items()))
    for owner, n in st["top_owners"]:
        typer.echo(f"  {n:5d}  {owner}")


@app.command()
def scan(
    paths: list[Path] = typer.Argument(..., help="folders, files and .zip archives"),
    out: Path = typer.Option(Path("results.db"), "--out", help="results database (SQLite)"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    inventory: Path = typer.Option(None, "--inventory", help="existing-system inventory (db or xlsx/csv)"),
    workers: int = typer.Option(2, "--workers", help="local worker processes (1 = run in this process)"),
    cluster: str = typer.Option(None, "--cluster", help="Dask scheduler, e.g. tcp://host:8786 ('config' = from dask config)"),
    resume: bool = typer.Option(False, "--resume", help="continue a scan whose results database exists"),
    export: Path = typer.Option(None, "--export", help="write an XLSX summary (one row per document)"),
    html: Path = typer.Option(None, "--html", help="write an HTML dashboard"),
    jsonl: Path = typer.Option(None, "--jsonl", help="write JSON Lines, one report-contract record per document"),
    timeout: float = typer.Option(300, "--timeout", help="seconds per file before it is abandoned (OCR of a scan "
                                  "takes a few seconds a page: raise it for long scans)"),
    max_memory_mb: int = typer.Option(3072, "--max-memory-mb", help="address-space cap per worker process"),
    recycle_after: int = typer.Option(200, "--recycle-after", help="restart each worker after this many files"),
    progress: bool = typer.Option(None, "--progress/--no-progress", help="progress bar (default: on a terminal)"),
) -> None:
    """Scan archives of legacy proposals: resumable, parallel, every file recorded once."""
    from .scan.backends import DaskBackend, ProcessPoolBackend, SerialBackend
    from .scan.runner import ScanError, run_scan

    for p in (*paths, inventory):
        _need_path(p, "path")
    if cluster:
        backend = DaskBackend(None if cluster == "config" else cluster, timeout_s=timeout)
        try:
            backend.connect()
        except YushenError as err:
            _fail(err)
    elif workers <= 1:
        backend = SerialBackend(timeout)
    else:
        backend = ProcessPoolBackend(workers, timeout, max_memory_mb, recycle_after)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        summary = run_scan([str(p) for p in paths], out, backend, rules, str(inventory) if inventory else None,
                           resume=resume, progress=show)
    except ScanError as err:
        typer.echo(f"yushen: error[results_exist]: {err}", err=True)
        raise typer.Exit(2) from None
    _scan_summary(summary)
    _exports(out, export, html, jsonl)


def _scan_summary(summary) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="扫描汇总", show_header=False)
    rate = summary.pages / summary.seconds * 60 if summary.seconds else 0
    for k, v in (("文件", summary.total), ("本次之前已完成", summary.already_done), ("审查完成", summary.ok),
                 ("内容重复（未重复审查）", summary.duplicates), ("错误", summary.errors), ("跳过（非文档）", summary.skipped),
                 ("页数", summary.pages), ("用时", f"{summary.seconds:.1f} 秒（{rate:.0f} 页/分）")):
        t.add_row(k, str(v))
    for code, n in summary.error_codes.most_common():
        t.add_row(f"  错误 {code}", str(n))
    t.add_row("档案内重复组", str(len(summary.clusters)))
    Console().print(t)
    for group in summary.clusters[:10]:
        typer.echo("  重复：" + "  ↔  ".join(group))


def _exports(db: Path, export: Path | None, html: Path | None, jsonl: Path | None) -> None:
    from .scan.exports import export_html, export_jsonl, export_xlsx
    from .scan.store import ResultsStore

    if not (export or html or jsonl):
        return
    store = ResultsStore(db)
    try:
        rows = store.rows()
    finally:
        store.close()
    if jsonl:
        typer.echo(f"{jsonl}: {export_jsonl(rows, jsonl)} records")
    if export:
        typer.echo(f"{export}: {export_xlsx(rows, export)} rows")
    if html:
        export_html(rows, html)
        typer.echo(f"{html}: dashboard")


@app.command("export")
def export_cmd(
    db: Path = typer.Argument(..., help="results database of a scan"),
    export: Path = typer.Option(None, "--export", help="XLSX summary"),
    html: Path = typer.Option(None, "--html", help="HTML dashboard"),
    jsonl: Path = typer.Option(None, "--jsonl", help="JSON Lines"),
) -> None:
    """Make the exports of an existing scan results database."""
    if not db.exists():
        typer.echo(f"yushen: error[file_not_found]: {db}", err=True)
        raise typer.Exit(2)
    _exports(db, export, html, jsonl)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="bind address (127.0.0.1: this machine only)"),
    port: int = typer.Option(8000, "--port"),
    inventory: Path = typer.Option(None, "--inventory", help="existing-system inventory (db or xlsx/csv)"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    data_dir: Path = typer.Option(None, "--data-dir", help="uploads and history (default ~/.local/share/yushen/web)"),
    max_upload_mb: int = typer.Option(50, "--max-upload-mb"),
) -> None:
    """Start the front-desk web app (server-rendered pages, no internet needed)."""
    try:
        import uvicorn

        from .web.app import WebSettings, create_app
    except ImportError:
        typer.echo("yushen: error[missing_extra]: the web app needs: pip install 'yushen[web]'", err=True)
        raise typer.Exit(2) from None
    from .inventory.store import default_db_path

    settings = WebSettings(data_dir=data_dir or default_db_path().parent / "web", inventory=inventory, rules=rules,
                           max_upload_mb=max_upload_mb)
    typer.echo(f"预审 Yushen: http://{host}:{port}/  (data: {settings.data_dir})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _internal_message(exc: BaseException) -> str:
    """Type, message and where it happened, on one line (the traceback only with YUSHEN_DEBUG=1)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}{where}"


def main() -> None:
    """The one error boundary: coded errors and unexpected exceptions alike end as one line on stderr and
    exit code 2 (1 stays "findings"); YUSHEN_DEBUG=1 or -v/--verbose also prints the traceback."""
    import os

    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except YushenError as err:
        typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
        sys.exit(2)
    except MemoryError:
        typer.echo("yushen: error[memory_limit]: over the memory cap (--max-memory-mb)", err=True)
        sys.exit(2)
    except Exception as exc:
        if os.environ.get("YUSHEN_DEBUG") or {"-v", "--verbose"} & set(sys.argv[1:]):
            import traceback

            traceback.print_exc()
        typer.echo(f"yushen: error[internal_error]: {_internal_message(exc)} — please report this; "
                   "YUSHEN_DEBUG=1 shows the traceback", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
