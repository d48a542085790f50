"""The ``yushen`` command: wires commands to the pipeline (extract → analyze → rules → report), nothing more."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path

import typer

from .core.errors import YushenError

app = typer.Typer(add_completion=False, no_args_is_help=True, context_settings={"help_option_names": ["--help", "-h"]},
                  help="预审 Yushen：政务信息化项目申报文件预审（对照国家和地方管理办法）。")


def _chinese_help() -> None:
    """Help in Chinese with the English option names; a plain flag is shown as a flag (no "<bool>")."""
    from typer import core

    shown = core.TyperOption.display_type_rich
    core.TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else shown(self, ctx)
    try:  # typer ≥ 0.20 carries its own copy of click
        from typer._click.core import Command
    except ImportError:  # pragma: no cover
        from click import Command
    get_help = Command.get_help_option

    def help_option(self, ctx):
        opt = get_help(self, ctx)
        if opt is not None:
            opt.help = "显示本帮助并退出"
        return opt

    Command.get_help_option = help_option
    _when_imported("typer.rich_utils", _chinese_rich_utils)


def _chinese_rich_utils(rich_utils) -> None:
    """Chinese panel titles, and the --rules help (it lists the packs, so it is read only when help is shown)."""
    rich_utils.ARGUMENTS_PANEL_TITLE, rich_utils.OPTIONS_PANEL_TITLE = "参数", "选项"
    rich_utils.COMMANDS_PANEL_TITLE, rich_utils.ERRORS_PANEL_TITLE = "命令", "错误"
    rich_utils.DEFAULT_STRING, rich_utils.REQUIRED_LONG_STRING = "[默认：{}]", "[必填]"
    rich_utils.RICH_HELP = "用 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    format_help = rich_utils.rich_format_help

    def with_pack_list(*, obj, **kw):
        for param in getattr(obj, "params", ()):
            if param.help == RULESET_HELP:
                param.help = _ruleset_help()
        return format_help(obj=obj, **kw)

    rich_utils.rich_format_help = with_pack_list


def _when_imported(name: str, patch) -> None:
    """Run ``patch(module)`` once ``name`` is imported: typer's rich help module costs ~0.1 s and a plain
    ``check`` never shows help, so it is patched when typer loads it rather than loaded here."""
    import importlib.util

    if name in sys.modules:
        patch(sys.modules[name])
        return

    class _Finder:  # a meta path finder needs only find_spec (importlib.abc costs ~8 ms to import)
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            if spec is None or spec.loader is None:  # pragma: no cover
                return spec
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _Finder())


_chinese_help()


def _lean_coercion() -> None:
    """Typer (≥ 0.2x) converts every argument through a pydantic TypeAdapter: importing pydantic and building
    the adapters costs ~0.08 s of a 0.3 s check. The values our commands take (str, int, bool, Path, an Enum, a
    list of those, no parser) are converted here with typer's own helpers, to the same values; anything else,
    and every value that does not convert cleanly, goes to typer's own coercion, so its errors stay typer's.
    The commands are still defined once, with typer; a typer without these internals is left as it is."""
    import re
    from dataclasses import dataclass, field

    try:
        from typer import _param_types as types
        from typer import core
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover
        return
    integer = re.compile(r"-?[0-9]{1,18}")
    convert = _leaf_converter(types, integer)

    @dataclass(frozen=True)
    class LeanRuntimeParam(RuntimeParam):
        descriptor: object = None
        typer_own: list = field(default_factory=list)  # typer's RuntimeParam, built on first need

        def _coerce_value(self, value, param, ctx):
            annotation, info = self.annotation, self.parameter_info
            try:
                if types.get_origin(annotation) is list and isinstance(value, (list, tuple)):
                    (item,) = types.get_args(annotation)
                    return [convert(item, info, v, param, ctx) for v in value]
                if types.get_origin(annotation) is None:
                    return convert(annotation, info, value, param, ctx)
            except Exception:  # _NotLean, or a value typer reports in its own words
                pass
            if not self.typer_own:
                self.typer_own.append(build_runtime_param(self.descriptor))
            return self.typer_own[0]._coerce_value(value, param=param, ctx=ctx)

    def lean(descriptor):
        if descriptor.file_annotation is not None:
            return build_runtime_param(descriptor)
        return LeanRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                                descriptor=descriptor)

    core.build_runtime_param = lean


class _NotLean(Exception):
    """A value the lean coercion leaves to typer's."""


def _leaf_converter(types, integer):
    from enum import Enum

    def convert(annotation, info, value, param, ctx):
        if info.parser is not None:
            raise _NotLean
        if types.lenient_issubclass(annotation, Enum):
            return types.coerce_cli_choice(value, choices=tuple(annotation), case_sensitive=info.case_sensitive,
                                           ctx=ctx)
        if annotation is str and isinstance(value, str):
            return value
        if annotation is bool and isinstance(value, bool):
            return value
        if annotation is int and info.min is None and info.max is None:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and integer.fullmatch(value):
                return int(value)
        if (types.routes_to_path(annotation, info) and types.lenient_issubclass(annotation, Path)
                and info.path_type is None and isinstance(value, (str, Path))):
            # pydantic makes a str into annotation(value); typer's helper checks exists/file_okay/… itself
            return types.coerce_cli_path(annotation(value), info, path_type=annotation, param=param, ctx=ctx)
        raise _NotLean

    return convert


_lean_coercion()


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    md = "md"
    docx = "docx"


class FailLevel(str, Enum):
    blocker = "blocker"
    major = "major"
    minor = "minor"




def _ruleset_help() -> str:
    """--rules help from the pack registry (built-ins, --pack-dir, $YUSHEN_PACK_PATH, the config's pack_dirs)."""
    from .rules.errors import RulePackError
    from .rules.registry import ids

    try:
        known = ", ".join(ids())
    except RulePackError:
        known = "见 yushen rules list"
    return f"规则包：auto（按项目所属地区和文件类型自动选择）、规则包编号（{known}），或规则包文件/文件夹"


RULESET_HELP = "规则包：auto（按项目所属地区和文件类型自动选择）、规则包编号，或规则包文件/文件夹"  # filled in for --help
PACK_DIR_HELP = "用户规则包所在文件夹（可重复；也可用 $YUSHEN_PACK_PATH 或配置文件的 pack_dirs:）"


def _pack_registry(pack_dirs: list[Path] | None, rules: str = "auto"):
    """(registry, pack id or auto) for --pack-dir and --rules ID|PATH; a bad pack is a coded error (exit 2)."""
    from .rules.errors import RulePackError
    from .rules.registry import default

    try:
        extra = [*(pack_dirs or [])] + ([Path(rules)] if rules != "auto" and Path(rules).exists() else [])
        reg = default(extra)
        if rules != "auto" and Path(rules).exists():
            rules = reg.id_at(rules) or rules
    except RulePackError as err:
        typer.echo(f"yushen: error[bad_rule_pack]: {err}", err=True)
        raise typer.Exit(2) from None
    if rules != "auto" and rules not in reg.ids():
        typer.echo(f"yushen: error[unknown_ruleset]: {rules!r}; use {', '.join(reg.choices())} or a pack file", err=True)
        raise typer.Exit(2)
    return reg, rules


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"yushen {version('yushen')}")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            typer.echo("yushen (未安装)")
        raise typer.Exit(0)


@app.callback()
def _root(show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                            help="显示版本号并退出")) -> None:
    """预审 Yushen：政务信息化项目申报文件预审（对照国家和地方管理办法）。"""


def _fail(err: YushenError) -> None:
    typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
    raise typer.Exit(2)


def _need_path(path: Path | None, what: str) -> None:
    """A path argument that must exist: a coded one-line error before any work starts."""
    if path is not None and not path.exists():
        typer.echo(f"yushen: error[file_not_found]: {what} not found: {path}", err=True)
        raise typer.Exit(2)


def _need_pack(registry, pack: str | None) -> None:
    if pack is not None and pack not in registry.ids():
        typer.echo(f"yushen: error[unknown_ruleset]: {pack!r}; use one of {', '.join(registry.ids())}", err=True)
        raise typer.Exit(2)


def _read_tree(file: Path):
    """extract → segment, mapping a coded error to exit code 2 and one line on stderr."""
    from .pipeline import read_tree

    try:
        return read_tree(file)
    except YushenError as err:
        _fail(err)


@app.command()
def outline(
    file: Path = typer.Argument(..., help="PDF / DOCX / DOC / WPS / TXT / MD 文件"),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="输出格式：text 或 json"),
    labels: bool = typer.Option(False, "--labels", help="同时给章节分类并提取文件要素"),
) -> None:
    """显示标题树：层级、页码、章节分类。"""
    from .report.outline import outline_json, outline_text

    tree, facts = _read_tree(file), None
    if labels:
        from .analyze.model_store import load_model
        from .pipeline import label_tree

        tree, found = label_tree(tree, load_model())
        facts = found.document_fields()
    if format == OutputFormat.json:
        typer.echo(json.dumps(outline_json(tree, facts), ensure_ascii=False, indent=2))
    else:
        typer.echo(outline_text(tree))


@app.command()
def facts(
    file: Path = typer.Argument(..., help="申报文件"),
) -> None:
    """以 JSON 输出文件要素及其出处（原文、章节、页码）。"""
    from .pipeline import label_tree

    _, found = label_tree(_read_tree(file), None)
    typer.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=2))


@app.command()
def train(
    extra: list[Path] = typer.Option(None, "--extra", help="自备的已标注章节 JSONL "
                                     '({"heading", "body", "label", "parent_label"})，可重复'),
) -> None:
    """用随附语料（及 --extra 文件）训练章节分类器，并设为当前模型。"""
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
                                 help="要评测的已标注章节（JSONL），如 corpus/sections/dev.jsonl"),
    devset: Path = typer.Option(None, "--devset", help="开发集的 truth.json，用于按文件评测"),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="输出格式：text 或 json"),
    forms: bool = typer.Option(False, "--forms", help="与 --devset 同用：把每份文件渲染成各种文件形式（pipeline/forms.py），"
                               "按形式给出标题精确率/召回率、类别准确率和缺章 F1"),
) -> None:
    """评测：各章节类别的精确率、召回率、F1；开发集上的章节与要素准确率；--forms 为形式不变性。"""
    if forms:
        _eval_forms(devset, format)
        return
    from .analyze.dup_eval import evaluation_text as duplicates_text
    from .analyze.evaluate import evaluate_sections
    from .analyze.model_store import load_model, read_jsonl
    from .report.evaluation import evaluation_text

    _need_path(split, "split")
    _need_path(devset, "dev set")
    model = load_model()
    result = {"split": str(split), "sections": evaluate_sections(model, read_jsonl(split))}
    truth = None
    if devset is not None:
        from .pipeline.evaluate import evaluate_documents, evaluate_reviews

        truth = devset / "truth.json" if devset.is_dir() else devset
        result["documents"] = evaluate_documents(model, truth)
        result["reviews"] = evaluate_reviews(model, truth)
    # duplicate construction: both labelled pair sets and the dev set, each figure with its set
    from .pipeline.evaluate import evaluate_all

    result["duplicates"] = evaluate_all(model, truth)
    if format == OutputFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(evaluation_text(result) + duplicates_text(result["duplicates"]))


def _eval_forms(devset: Path | None, format: OutputFormat) -> None:
    import tempfile

    from .analyze.evaluate import forms_table, summarise_forms
    from .analyze.model_store import load_model

    if devset is None:
        typer.echo("yushen: error[usage]: --forms needs --devset DIR", err=True)
        raise typer.Exit(2)
    import importlib.util

    if importlib.util.find_spec("reportlab") is None:  # the PDF forms are drawn with reportlab (extra "eval")
        typer.echo("yushen: error[usage]: --forms 需要 reportlab：pip install 'yushen[eval]'", err=True)
        raise typer.Exit(2)
    from .pipeline.forms import run_forms

    base = devset.parent if devset.is_file() else devset
    with tempfile.TemporaryDirectory(prefix="yushen-forms-") as tmp:
        rows = run_forms(base, load_model(), Path(tmp))
    summary = summarise_forms(rows)
    if format == OutputFormat.json:
        typer.echo(json.dumps({"forms": summary, "cases": rows}, ensure_ascii=False, indent=2))
    else:
        typer.echo(forms_table(summary))


def _render(report, fmt: ReportFormat, color: bool, verbose: bool, opinion=None) -> str | bytes:
    if fmt == ReportFormat.docx:
        from .report.docx_opinion import render_docx

        return render_docx(report, settings=opinion)
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
    files: list[Path] = typer.Argument(..., help="申报文件（PDF / DOCX / DOC / WPS / TXT / MD）"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    pack_dir: list[Path] = typer.Option(None, "--pack-dir", help=PACK_DIR_HELP),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f",
                                        help="报告格式：text、json、html、md，或 docx（预审意见书，需 --out）"),
    out: Path = typer.Option(None, "--out", "-o", help="报告写到此处（多个文件时为文件夹）"),
    fail_on: FailLevel = typer.Option(FailLevel.major, "--fail-on", help="有此级别及以上未豁免的不符合项时退出码为 1"),
    waivers: Path = typer.Option(None, "--waivers", help="豁免清单 YAML（默认：文件名.waivers.yaml）"),
    inventory: Path = typer.Option(None, "--inventory", help="已建系统清单：`yushen inventory import` 生成的库，"
                                   "或 xlsx/csv 导出文件"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="text 格式：同时列出符合的规则"),
    opinion_config: Path = typer.Option(None, "--opinion-config", help="预审意见书设置 YAML（审查单位、文号、经办人、审核人、日期）"),
    unit: str = typer.Option(None, "--unit", help="预审意见书的审查单位，如 鄂尔多斯市大数据中心"),
    doc_number: str = typer.Option(None, "--doc-number", help="预审意见书的文号，如 鄂数预审〔2025〕12号"),
    handler: str = typer.Option(None, "--handler", help="预审意见书的经办人"),
    approver: str = typer.Option(None, "--approver", help="预审意见书的审核人"),
    force: bool = typer.Option(False, "--force", help="不是项目申报文本（规章、模板等）时也强制审查"),
    max_memory_mb: int = typer.Option(4096, "--max-memory-mb", help="内存（地址空间）上限，MB（0 为不限）"),
    ctx: typer.Context = None,
) -> None:
    """对照所属地区的管理办法预审申报文件。退出码：0 无问题，1 有不符合项，2 无法审查。"""
    from .extract.limits import cap_memory

    restore = cap_memory(max_memory_mb)
    if ctx is not None:
        ctx.call_on_close(restore)
        ctx.call_on_close(_fewer_collections())
    from .analyze.model_store import load_model
    from .core.report import error_record
    from .pipeline import review_file
    from .pipeline.waivers import WaiverError
    registry, rules = _pack_registry(pack_dir, rules)
    opinion = None
    if format == ReportFormat.docx:
        from .report.docx_opinion import OpinionSettingsError, load_settings

        if out is None:
            typer.echo("yushen: error[nothing_to_do]: 预审意见书是 Word 文件，请用 --out 指定保存位置", err=True)
            raise typer.Exit(2)
        try:
            opinion = load_settings(opinion_config, unit=unit, number=doc_number, handler=handler, approver=approver)
        except OpinionSettingsError as err:
            typer.echo(f"yushen: error[bad_opinion_config]: {err}", err=True)
            raise typer.Exit(2) from None
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
            report = review_file(file, model, rules, waivers, packs=packs, index=index, force=force,
                                 registry=registry, plans=many)
        except YushenError as err:
            typer.echo(f"yushen: error[{err.code.value}]: {file}: {err.message}", err=True)
            reports.append((file, error_record(str(file), err.code.value, err.message, kind=err.kind)))
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
        packs.setdefault(report.ruleset, registry.load(report.ruleset))
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
        text = _render(report, format, color, verbose, opinion)
        if isinstance(text, bytes):
            (out / f"{Path(file).stem}.预审意见书.docx" if many else out).write_bytes(text)
        elif out is None:
            typer.echo(text.rstrip("\n"))
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


def _fewer_collections():
    """Python's cyclic collector for a check, which builds a document's lines, blocks, sentences and tree and
    keeps them to the end: at the default threshold (a young collection every 700 new objects, each walking every
    young list's items) it ran ~360 young, 33 middle and 3 full collections on a 1,906-page PDF, 0.12–0.15 s of
    its ~3.4 s; one young collection every 50,000 objects, 2–3 in all, ~0.05 s. Reference counting frees the
    rest as before; garbage cycles wait a little longer. Returns what restores the thresholds."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(50_000, 10, 10)
    return lambda: gc.set_threshold(*before)


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


rules_app = typer.Typer(help="列出、核验、查看规则及其引用的条文。", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(pack: str = typer.Option(None, "--pack", help="只列此规则包"),
               pack_dir: list[Path] = typer.Option(None, "--pack-dir", help=PACK_DIR_HELP)) -> None:
    """所有规则包（管辖范围、位置）和所有规则：编号、级别、检查方式、条款、标题。"""
    from .core.vocab import zh_severity

    registry, _ = _pack_registry(pack_dir)
    _need_pack(registry, pack)
    for pid in [pack] if pack else registry.ids():
        p = _load(registry, pid)
        governs = "、".join(p.regions) + (" 中央和国家机关" if "central" in p.levels else "") + \
            (" 兜底" if p.fallback else "") + (f" 文件类型 {'、'.join(p.doc_types)}" if p.doc_types else "")
        typer.echo(f"{p.id}  {p.name} — {p.source}（{p.issued}）{'  继承 ' + p.extends if p.extends else ''}"
                   f"  [{governs.strip() or '仅 --rules'}]  {p.path}")
        for r in p.rules:
            typer.echo(f"  {r.id:<48} {zh_severity(r.severity)}  {r.kind:<24} {r.article:<8} {r.title}")


def _load(registry, pack_id: str):
    from .rules.errors import RulePackError

    try:
        return registry.load(pack_id)
    except RulePackError as err:
        typer.echo(f"yushen: error[bad_rule_pack]: {err}", err=True)
        raise typer.Exit(2) from None


@rules_app.command("verify")
def rules_verify(pack: str = typer.Option(None, "--pack", help="只核验此规则包"),
                 pack_dir: list[Path] = typer.Option(None, "--pack-dir", help=PACK_DIR_HELP + "; with it, only "
                                                     "the packs found there are verified unless --pack is given")
                 ) -> None:
    """加载每个规则包（校验取值），运行每条规则的示例并核对每条引文，按规则包给出通过比例和待办；有失败时退出码为 1。"""
    from .analyze.model_store import load_model
    from .pipeline import analyse
    from .rules.examples import check_examples
    from .rules.regulations import quote_found

    registry, _ = _pack_registry(pack_dir)
    _need_pack(registry, pack)
    model = load_model()
    examples_run = lambda doc: analyse("example.md", model, data=doc.encode("utf-8"))  # noqa: E731
    failed = False
    todo = []
    chosen = [pack] if pack else [i.id for i in registry.infos() if not pack_dir or not i.builtin]
    typer.echo(f"{'pack':<10}{'rules':>6}{'with examples':>15}{'examples pass':>15}{'quotes verbatim':>17}")
    for pid in chosen:
        p = _load(registry, pid)
        with_examples = [r for r in p.rules if r.examples]
        passing = [r for r in with_examples if not check_examples(r, examples_run)]
        quotes = [r for r in p.rules if quote_found(p.regulation, r.quote)]
        failed |= len(passing) < len(p.rules) or len(quotes) < len(p.rules)
        todo += [f"  {r.id}: no examples" for r in p.rules if not r.examples]
        todo += [f"  {r.id}: an example does not come out as declared" for r in with_examples if r not in passing]
        todo += [f"  {r.id}: quote not found verbatim in {Path(p.regulation).name}" for r in p.rules if r not in quotes]
        typer.echo(f"{pid:<10}{len(p.rules):>6}{len(with_examples):>15}"
                   f"{f'{len(passing)}/{len(p.rules)}':>15}{f'{len(quotes)}/{len(p.rules)}':>17}")
    if todo:
        typer.echo("to do:\n" + "\n".join(todo))
    raise typer.Exit(1 if failed else 0)


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., help="规则编号，如 nmg.art27.free_maintenance_period"),
               pack_dir: list[Path] = typer.Option(None, "--pack-dir", help=PACK_DIR_HELP)) -> None:
    """查看一条规则及其引用条款的全文。"""
    from .core.vocab import zh_severity
    from .rules.errors import RulePackError
    from .rules.regulations import article_text

    registry, _ = _pack_registry(pack_dir)
    try:
        pack = registry.load(rule_id.split(".", 1)[0])
        rule = pack.rule(rule_id)
    except (RulePackError, KeyError):
        typer.echo(f"yushen: error[unknown_rule]: {rule_id}", err=True)
        raise typer.Exit(2) from None
    aw = rule.applies_when
    typer.echo(f"{rule.id}  [{zh_severity(rule.severity)}]  {rule.title}")
    typer.echo(f"检查：{rule.kind} {json.dumps({k: v for k, v in rule.check.items() if k != 'kind'}, ensure_ascii=False)}")
    conds = {k: v for k, v in vars(aw).items() if v not in ((), None)}
    typer.echo(f"适用：{json.dumps(conds, ensure_ascii=False) if conds else '所有文件'}")
    typer.echo(f"提示语：{rule.message}")
    typer.echo(f"依据：{rule.source}（{pack.issued}）{rule.article}")
    typer.echo(f"引文：“{rule.quote}”")
    typer.echo(f"条文：{article_text(pack.regulation, rule.article) or '（未找到条文）'}")


@rules_app.command("new")
def rules_new(
    name: str = typer.Argument(..., help="规则包编号：小写字母、数字、下划线（如 lishui）"),
    regulation: Path = typer.Option(..., "--regulation", help="管理办法原文（Markdown 或纯文本）"),
    out: Path = typer.Option(Path("."), "--out", help="规则包文件夹 NAME/ 写到哪里"),
    region: str = typer.Option(None, "--region", help="6-digit 民政部 code governed (default: from the title)"),
    extends: str = typer.Option(None, "--extends", help="继承另一个规则包的规则（如 national）"),
) -> None:
    """生成规则包骨架 NAME/pack.yaml（管理办法原文放在旁边）：包头，以及每条含“应当/必须”的条款一条规则并预填引文；
    随后编辑规则并运行 `yushen rules verify --pack-dir OUT`。"""
    from .rules.errors import RulePackError
    from .rules.scaffold import new_pack

    try:
        path = new_pack(name, regulation, out, region, extends)
    except RulePackError as err:
        typer.echo(f"yushen: error[bad_rule_pack]: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(str(path))


@rules_app.command("schema")
def rules_schema() -> None:
    """输出规则包的 JSON Schema（供编辑器使用），与加载时的校验一致。"""
    from .rules.schema import pack_schema

    typer.echo(json.dumps(pack_schema(), ensure_ascii=False, indent=2))


inventory_app = typer.Typer(help="已建系统清单：导入、列出、检索、统计。", no_args_is_help=True)
app.add_typer(inventory_app, name="inventory")
DB_HELP = "清单数据库（默认：~/.local/share/yushen/inventory.db，或 $YUSHEN_DATA 下）"


def _db(db: Path | None) -> Path:
    from .inventory.store import default_db_path

    return db or default_db_path()


def _existing_db(db: Path | None) -> Path:
    """The inventory database to read; a clear error (exit 2) instead of silently creating an empty one."""
    path = _db(db)
    if not path.is_file():
        typer.echo(f"yushen: error[no_inventory]: 尚未导入已建系统清单（{path} 不存在）。"
                   "请先运行 `yushen inventory import 清单.xlsx`，或用 --db 指定清单数据库。", err=True)
        raise typer.Exit(2)
    return path


def _systems_table(records, with_description: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for head in ("编号", "系统名称", "建设单位", "状态") + (("功能简介",) if with_description else ()):
        table.add_column(head, overflow="fold")
    for r in records:
        row = [r.id, r.name, r.owner, r.status or "—"]
        if with_description:
            row.append(r.description[:40] + ("…" if len(r.description) > 40 else ""))
        table.add_row(*row)
    Console(highlight=False).print(table)


@inventory_app.command("import")
def inventory_import(
    file: Path = typer.Argument(..., help="项目管理平台导出的 xlsx 或 csv 文件"),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    columns: str = typer.Option(None, "--columns", help="指定列对应关系，如 id=系统代码,name=应用名称,owner=使用单位"),
    keep_missing: bool = typer.Option(False, "--keep-missing", help="保留本次导出中没有的系统"),
) -> None:
    """导入清单（按编号更新），报告新增、变更、移除的系统数。"""
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
        typer.echo(f"提示：{w}", err=True)
    typer.echo(f"已导入 {summary.total} 个系统：新增 {summary.added}，变更 {summary.changed}，"
               f"移除 {summary.removed}，未变 {summary.unchanged}（清单数据库：{path}）")


@inventory_app.command("list")
def inventory_list(db: Path = typer.Option(None, "--db", help=DB_HELP),
                   limit: int = typer.Option(50, "--limit", help="最多列出条数")) -> None:
    """列出已建系统（编号、名称、建设单位、状态）。"""
    from .inventory.store import load_records

    path = _existing_db(db)
    records = load_records(path)
    _systems_table(records[:limit])
    typer.echo(f"共 {len(records)} 个系统，列出 {min(limit, len(records))} 个（清单数据库：{path}）")


@inventory_app.command("search")
def inventory_search(text: str = typer.Argument(..., help="要查找的文字"),
                     db: Path = typer.Option(None, "--db", help=DB_HELP),
                     limit: int = typer.Option(20, "--limit", help="最多列出条数")) -> None:
    """编号、名称、建设单位或功能简介中含有该文字的系统。"""
    from .inventory.store import search

    path = _existing_db(db)
    found = search(path, text, limit)
    if not found:
        typer.echo(f"没有找到含“{text}”的系统（清单数据库：{path}）")
        return
    _systems_table(found, with_description=True)
    typer.echo(f"找到 {len(found)} 个系统（清单数据库：{path}）")


@inventory_app.command("stats")
def inventory_stats(db: Path = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """按状态计数，以及系统最多的建设单位。"""
    from .inventory.store import stats

    st = stats(_existing_db(db))
    typer.echo(f"共 {st['total']} 个系统（来源：{st['source']}）")
    typer.echo("按状态：" + "，".join(f"{k or '未填'} {v}" for k, v in st["by_status"].items()))
    for owner, n in st["top_owners"]:
        typer.echo(f"  {n:5d}  {owner}")


@inventory_app.command("duplicates")
def inventory_duplicates(
    file: Path = typer.Argument(None, help="xlsx/csv 导出文件或 SQLite 库（默认：已导入的清单）"),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    xlsx: Path = typer.Option(None, "--xlsx", help="把重复组和每对系统的证据写入 XLSX"),
    min_score: float = typer.Option(None, "--min-score", help="判为重复的分数阈值（默认：拟合所得）"),
    limit: int = typer.Option(30, "--limit", help="表中显示的重复组数"),
    columns: str = typer.Option(None, "--columns", help="导出文件的列映射，如 id=系统代码,name=应用名称"),
) -> None:
    """清单内重复：同一地区、不同部门或名称、职能相同的已建系统（分组，逐对给出证据）。"""
    from rich.console import Console
    from rich.table import Table

    from .analyze.inventory_dups import PAIR_THRESHOLD, find_duplicates, write_xlsx
    from .core.errors import ErrorCode, YushenError
    from .pipeline.inventory_index import load_index

    source = file if file is not None else _db(db)
    try:
        if not Path(source).exists():
            raise YushenError(ErrorCode.FILE_NOT_FOUND, f"找不到清单：{source}")
        from .inventory.importer import parse_columns_option

        index = load_index(source, parse_columns_option(columns))
    except YushenError as err:
        typer.echo(f"yushen: error[{err.code.value}]: {err.message}", err=True)
        raise typer.Exit(2) from None
    clusters, pairs = find_duplicates(index, PAIR_THRESHOLD if min_score is None else min_score)
    t = Table(title=f"清单内疑似重复系统：{len(clusters)} 组，{len(pairs)} 对（共 {len(index.records_)} 个系统）")
    for col in ("组", "地区", "系统", "相似度", "证据"):
        t.add_column(col)
    for n, c in enumerate(clusters[:limit], 1):
        for p in c.pairs:
            a, b = index.records_[p.a], index.records_[p.b]
            ev = "；".join(f"{e['a']} ↔ {e['b']}" for e in p.evidence[:2])
            t.add_row(str(n), c.place, f"{a.id} {a.name}（{a.owner}）\n{b.id} {b.name}（{b.owner}）",
                      f"{p.score:.2f}", ev)
    Console().print(t)
    if xlsx:
        write_xlsx(index, clusters, xlsx)
        typer.echo(f"{xlsx}: {len(clusters)} clusters, {len(pairs)} pairs")


@app.command()
def scan(
    paths: list[Path] = typer.Argument(..., help="文件夹、文件和 .zip 压缩包"),
    out: Path = typer.Option(Path("results.db"), "--out", help="结果数据库（SQLite）"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    inventory: Path = typer.Option(None, "--inventory", help="已建系统清单（数据库或 xlsx/csv）"),
    workers: int = typer.Option(2, "--workers", help="本机并行进程数（1 = 在本进程内运行）"),
    cluster: str = typer.Option(None, "--cluster", help="Dask 调度器，如 tcp://host:8786（config = 读取 dask 配置；local = 本机 --workers 个进程）"),
    resume: bool = typer.Option(False, "--resume", help="继续结果数据库已存在的扫描"),
    export: Path = typer.Option(None, "--export", help="写出 XLSX 汇总表（每份文件一行）"),
    csv_out: Path = typer.Option(None, "--csv", help="写出 CSV 汇总表（同 XLSX 各列）"),
    html: Path = typer.Option(None, "--html", help="写出 HTML 看板"),
    jsonl: Path = typer.Option(None, "--jsonl", help="写出 JSON Lines，每份文件一条报告记录"),
    timeout: float = typer.Option(300, "--timeout", help="每份文件的处理时限（秒）；扫描件 OCR 每页需数秒，长扫描件请调大"),
    max_memory_mb: int = typer.Option(3072, "--max-memory-mb", help="每个工作进程的内存上限（MB）"),
    recycle_after: int = typer.Option(200, "--recycle-after", help="每个工作进程处理这么多文件后重启"),
    progress: bool = typer.Option(None, "--progress/--no-progress", help="显示进度条（默认：在终端上显示）"),
) -> None:
    """扫描历史申报文件档案：可续扫、可并行，每份文件记录一次。"""
    from .scan.backends import DaskBackend, ProcessPoolBackend, SerialBackend
    from .scan.runner import ScanError, run_scan

    for p in (*paths, inventory):
        _need_path(p, "path")
    if cluster:
        backend = DaskBackend(None if cluster == "config" else cluster, timeout_s=timeout, local_workers=workers)
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
    _scan_summary(summary, out)
    _exports(out, export, html, jsonl, csv_out)


FAILED_LISTED = 30  # failed files named in the terminal summary (all of them are in the exports)


def _scan_summary(summary, db: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from .core.vocab import zh_error
    from .scan.exports import failed_files
    from .scan.store import ResultsStore

    t = Table(title="扫描汇总", show_header=False)
    done = summary.ok + summary.duplicates + summary.errors + summary.skipped
    # Pages only where the formats have pages (PDF); DOCX and TXT have none, so the rate is per file then.
    rate = (f"{summary.pages / summary.seconds * 60:.0f} 页/分" if summary.pages else
            f"{done / summary.seconds * 60:.0f} 份/分") if summary.seconds else "—"
    rows = [("文件", summary.total), ("本次之前已完成", summary.already_done), ("审查完成", summary.ok),
            ("内容重复（未重复审查）", summary.duplicates), ("错误", summary.errors), ("跳过（非文档）", summary.skipped)]
    if summary.pages:
        rows.append(("页数（PDF 等有页的格式）", summary.pages))
    rows.append(("用时", f"{summary.seconds:.1f} 秒（{rate}）"))
    for k, v in rows:
        t.add_row(k, str(v))
    for code, n in summary.error_codes.most_common():
        t.add_row(f"  错误：{zh_error(code)}", str(n))
    t.add_row("档案内重复组", str(len(summary.clusters)))
    console = Console(highlight=False)
    console.print(t)
    if summary.errors:
        store = ResultsStore(db)
        try:
            failed = failed_files(store.rows())
        finally:
            store.close()
        if failed:
            ft = Table(title="无法审查的文件", show_lines=False)
            for head in ("文件", "错误", "说明"):
                ft.add_column(head, overflow="fold")
            for f in failed[:FAILED_LISTED]:
                ft.add_row(f["path"], f"{f['code_zh']}（{f['code']}）", f["message"])
            console.print(ft)
            if len(failed) > FAILED_LISTED:
                typer.echo(f"  另有 {len(failed) - FAILED_LISTED} 个文件无法审查，见导出的汇总表或看板。")
    for group in summary.clusters[:10]:
        typer.echo("  重复：" + "  ↔  ".join(group))


def _exports(db: Path, export: Path | None, html: Path | None, jsonl: Path | None, csv_out: Path | None = None) -> None:
    from .scan.exports import export_csv, export_html, export_jsonl, export_xlsx
    from .scan.store import ResultsStore

    if not (export or html or jsonl or csv_out):
        return
    store = ResultsStore(db)
    try:
        rows = store.rows()
    finally:
        store.close()
    if jsonl:
        typer.echo(f"{jsonl}：{export_jsonl(rows, jsonl)} 条记录")
    if export:
        typer.echo(f"{export}：汇总表 {export_xlsx(rows, export)} 行")
    if csv_out:
        typer.echo(f"{csv_out}：汇总表 {export_csv(rows, csv_out)} 行")
    if html:
        export_html(rows, html)
        typer.echo(f"{html}：看板")


@app.command("export")
def export_cmd(
    db: Path = typer.Argument(..., help="扫描的结果数据库"),
    export: Path = typer.Option(None, "--export", help="XLSX 汇总表"),
    csv_out: Path = typer.Option(None, "--csv", help="CSV 汇总表"),
    html: Path = typer.Option(None, "--html", help="HTML 看板"),
    jsonl: Path = typer.Option(None, "--jsonl", help="JSON Lines"),
) -> None:
    """由已有的扫描结果数据库生成导出文件。"""
    if not db.exists():
        typer.echo(f"yushen: error[file_not_found]: {db}", err=True)
        raise typer.Exit(2)
    if not (export or csv_out or html or jsonl):
        typer.echo("yushen: error[nothing_to_do]: 未指定输出：请给出 --export、--csv、--html 或 --jsonl 中至少一项",
                   err=True)
        raise typer.Exit(2)
    _exports(db, export, html, jsonl, csv_out)


def _web_dir(data_dir: Path | None) -> Path:
    from .inventory.store import default_db_path

    return data_dir or default_db_path().parent / "web"


WEB_DIR_HELP = "上传文件、历史记录和账号所在文件夹（默认 ~/.local/share/yushen/web）"


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（127.0.0.1：仅本机）"),
    port: int = typer.Option(8000, "--port", help="端口"),
    inventory: Path = typer.Option(None, "--inventory", help="已建系统清单（数据库或 xlsx/csv）"),
    rules: str = typer.Option("auto", "--rules", help=RULESET_HELP),
    data_dir: Path = typer.Option(None, "--data-dir", help=WEB_DIR_HELP),
    max_upload_mb: int = typer.Option(50, "--max-upload-mb", help="上传文件大小上限（MB）"),
    retention_days: int = typer.Option(None, "--retention-days", min=1,
                                       help="上传的原件保存 N 天后删除（报告和审计记录保留）"),
    max_memory_mb: int = typer.Option(4096, "--max-memory-mb", help="服务进程的内存（地址空间）上限，MB（0 为不限）"),
) -> None:
    """启动窗口受理网页（服务器端渲染，无需互联网）。"""
    try:
        import uvicorn

        from .web.accounts import AccountStore
        from .web.app import WebSettings, create_app, is_loopback
    except ImportError:
        typer.echo("yushen: error[missing_extra]: the web app needs: pip install 'yushen[web]'", err=True)
        raise typer.Exit(2) from None
    settings = WebSettings(data_dir=_web_dir(data_dir), inventory=inventory, rules=rules,
                           max_upload_mb=max_upload_mb, retention_days=retention_days)
    if not is_loopback(host) and not AccountStore(settings.data_dir).has_accounts():
        typer.echo(f"yushen: error[no_accounts]: 绑定到 {host} 会让其他机器访问，请先建立账号"
                   f"（yushen users add NAME --role admin --data-dir {settings.data_dir}）", err=True)
        raise typer.Exit(2)
    import logging

    # the error boundary logs unexpected exceptions (with the traceback) to stderr, stamped
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    typer.echo(f"预审 Yushen: http://{host}:{port}/  (data: {settings.data_dir})")
    from .extract.limits import cap_memory

    restore = cap_memory(max_memory_mb)  # one review past the cap ends in memory_limit, the server stays up
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    finally:
        restore()


users_app = typer.Typer(help="窗口受理网页的账号：新建、列出、停用、签发 API token。",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


def _accounts(data_dir: Path | None):
    try:
        from .web.accounts import AccountError, AccountStore
    except ImportError:
        typer.echo("yushen: error[missing_extra]: accounts need: pip install 'yushen[web]'", err=True)
        raise typer.Exit(2) from None
    return AccountStore(_web_dir(data_dir)), AccountError


@contextlib.contextmanager
def _coded(error_type: type[Exception]):
    """An account error (its ``code`` and ``message``) as one coded line on stderr and exit 2."""
    try:
        yield
    except error_type as err:
        typer.echo(f"yushen: error[{err.code}]: {err.message}", err=True)
        raise typer.Exit(2) from None


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="用户名（不含空格）"),
    role: str = typer.Option("reviewer", "--role", help="角色：reviewer（审查人员）或 admin（管理员）"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码"),
    data_dir: Path = typer.Option(None, "--data-dir", help=WEB_DIR_HELP),
) -> None:
    """新建账号（交互输入密码或从标准输入读取；只保存 argon2 哈希）。"""
    store, AccountError = _accounts(data_dir)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")
    with _coded(AccountError):
        user = store.add_user(name, password, role)
    typer.echo(f"已建立账号 {user.name}（{user.role}）")


@users_app.command("list")
def users_list(data_dir: Path = typer.Option(None, "--data-dir", help=WEB_DIR_HELP)) -> None:
    """列出账号。"""
    store, _ = _accounts(data_dir)
    rows = store.users()
    if not rows:
        typer.echo(f"还没有账号（{store.db}）；用 yushen users add NAME --role admin 建立")
        return
    typer.echo("用户名\t角色\t状态\t建立时间\tAPI token 数")
    for u in rows:
        typer.echo(f"{u['name']}\t{u['role']}\t{'在用' if u['active'] else '已停用'}\t{u['created']}\t{u['tokens']}")


@users_app.command("disable")
def users_disable(name: str = typer.Argument(...),
                  data_dir: Path = typer.Option(None, "--data-dir", help=WEB_DIR_HELP)) -> None:
    """停用账号：不能再登录，现有会话结束，API token 作废。"""
    store, AccountError = _accounts(data_dir)
    with _coded(AccountError):
        store.disable(name)
    typer.echo(f"已停用账号 {name}")


@users_app.command("token")
def users_token(name: str = typer.Argument(...),
                data_dir: Path = typer.Option(None, "--data-dir", help=WEB_DIR_HELP)) -> None:
    """为 NAME 签发新的 API token 并输出（只显示一次；只保存其哈希）。"""
    store, AccountError = _accounts(data_dir)
    with _coded(AccountError):
        typer.echo(store.new_token(name))


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

    # numpy serves small vectors and sparse postings here (duplicate search); OpenBLAS's thread pool adds
    # nothing to that and its start-up costs ~0.08 s CPU a process (scan workers would also oversubscribe the
    # cores). A setting of the user's own wins; workers and the web server inherit it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .core.regex_memo import install

    install()  # compiled patterns from the user cache (core/regex_memo.py; `python -m yushen` before typer's)
    try:
        app()
    except SystemExit as done:
        if sys.argv[1:2] == ["check"]:
            _exit_now(done.code)
        raise
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


def _exit_now(code) -> None:
    """End a finished ``check`` without the interpreter's teardown, which frees every object one by one and runs
    a last full collection (≈40 ms CPU after any check, 60–90 ms after a 1,000–2,000-page PDF). Its output is all written and
    flushed first and the exit handlers run as at any exit; returns (and the exit takes its usual course) when
    another thread still runs (a normal exit waits for it), the code is no plain number, or a flush fails."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: the usual exit reports it
        return
    atexit._run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):  # what the handlers wrote (logging's last flush)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
