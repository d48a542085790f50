"""Reports a clerk can hand over: the terminal report at any width, Chinese words everywhere (no English codes
reach a reader), the counts line, Markdown verdict first, duplicates worded with their reason, the 预审意见书's
letter shape and table widths (rendered to PDF by LibreOffice), scan exports with failed files, years and
formula-safe cells, and the CLI's own messages."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from yushen.core.report import DuplicateCandidate, Evidence, Report
from yushen.core.vocab import READER_CODES, counts_line, duplicate_reason, zh_reason
from yushen.report.layout import NO_START, shorten, width_of, wrap

from .builders import build_docx
from .proposals import complete

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "samples" / "ordos_智慧停车服务平台_可研.docx"
CLOSING = set("。，、；：？！）》」』】”’")  # what may not start a line of Chinese text
RULE_ID = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}\b")


def _run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "yushen", *args], capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def sample_report() -> Report:
    from yushen.analyze.model_store import load_model
    from yushen.pipeline import review_file

    return review_file(SAMPLE, load_model())


@pytest.fixture(scope="module")
def rich_report(sample_report) -> Report:
    """The sample plus what the sample lacks: a waived finding, a likely duplicate in the same place, an
    overlap with another city's system, a long quote; rebuilt from JSON as the web app does."""
    report = Report.from_json(sample_report.to_json())
    first_pass = next(f for f in report.findings if f.status == "pass")
    waived = dataclasses.replace(first_pass, rule="ordos.art99.waived_rule", status="fail", severity="major",
                                 waived="合同约定延长质保，经审查同意", waived_by="王审核")
    long_quote = "本项目建设停车诱导、泊位管理和统一支付功能，" * 6
    report.findings.append(dataclasses.replace(waived, rule="ordos.art98.long_quote", waived=None, waived_by=None,
                                               evidence=[Evidence(long_quote, "s1", 3)]))
    report.findings.append(waived)
    same = DuplicateCandidate("ED-001", "鄂尔多斯市停车诱导与收费管理系统", "鄂尔多斯市交通运输局", 0.81,
                              "likely_duplicate", [{"field": "name", "proposal": "智慧停车", "inventory": "停车诱导"}])
    other = DuplicateCandidate("DT-007", "大同市智慧停车平台", "大同市公安局", 0.66, "possible_overlap",
                               [{"field": "functions", "proposal": "泊位管理", "inventory": "泊位管理"}])
    other.parts = {"other_city": True}  # what the matcher leaves on the candidate
    report.duplicates = [same, other]
    return Report.from_json(report.to_json())


# --- terminal width ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 100, 160])
def test_text_report_fits_the_terminal_and_keeps_ids_whole(rich_report, width, monkeypatch):
    from yushen.report.text import render_text

    monkeypatch.setenv("COLUMNS", str(width))  # the real terminal's width is read when none is given
    text = render_text(rich_report, verbose=True)
    lines = text.splitlines()
    assert max(width_of(line) for line in lines) <= width
    for f in rich_report.findings:
        assert any(f.rule in line for line in lines), f"rule id {f.rule} split or missing at {width} columns"
    for line in lines:
        assert line.strip()[:1] not in CLOSING, f"line starts with closing punctuation: {line!r}"
    assert "…" in text  # the long quote was shortened


def test_narrow_terminal_stacks_columns_and_wide_one_has_a_table(rich_report):
    from yushen.report.text import render_text

    assert "说明与证据" not in render_text(rich_report, width=80)
    assert "说明与证据" in render_text(rich_report, width=160)


def test_wrap_never_leaves_a_lone_full_stop_or_splits_an_id():
    text = "本条适用于所有建设类项目，依据 nmg.art27.free_maintenance_period 判断。"
    for width in range(36, 60):  # the id is 33 cells: every width that can hold it
        lines = wrap(text, width, indent="  ")
        assert all(width_of(line) <= width for line in lines)
        assert any("nmg.art27.free_maintenance_period" in line for line in lines)
        assert all(line.strip() not in ("。", "”", "）") and line.strip()[:1] not in NO_START for line in lines)


def test_quotes_are_shortened_at_a_clause_boundary():
    quote = "项目建设单位应当同步规划、同步建设、同步运行密码保障系统，并定期开展密码应用安全性评估，评估结果作为验收依据"
    short = shorten(quote, 60)
    assert short.endswith("…") and width_of(short) <= 60
    assert short[:-1].endswith("密码保障系统") or short[:-1].endswith("同步运行")
    assert shorten("GB/T 39786-2021 信息安全技术", 12) == "GB/T…"  # a standard number is not cut in two


# --- one vocabulary -------------------------------------------------------------------------------------------

class _Visible(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return "\n".join(p.parts)


def _english_codes(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """English codes in what a reader sees (rule ids, file paths and hashes are references, not words)."""
    for ref in allowed:
        text = text.replace(ref, " ")
    text = RULE_ID.sub(" ", text)
    found = []
    for code in READER_CODES:
        if re.search(rf"(?<![A-Za-z_\-]){re.escape(code)}(?![A-Za-z_\-])", text):
            found.append(code)
    return found


def _docx_text(data: bytes) -> str:
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_no_english_code_reaches_a_reader(rich_report, tmp_path):
    from yushen.report.docx_opinion import render_docx
    from yushen.report.html import render_html
    from yushen.report.markdown import render_markdown
    from yushen.report.text import render_text

    path = rich_report.document["path"]
    outputs = {
        "text": render_text(rich_report, width=100, verbose=True),
        "html": _visible(render_html(rich_report)),
        "markdown": render_markdown(rich_report),
        "docx": _docx_text(render_docx(rich_report)),
    }
    for name, text in outputs.items():
        assert _english_codes(text, (path,)) == [], name
        assert "项目所属地区：" in text or name == "docx"
    outline = _run("outline", str(SAMPLE), "--labels")
    assert outline.returncode == 0 and _english_codes(outline.stdout, (str(SAMPLE),)) == []
    assert "〈" in outline.stdout  # labels shown, in Chinese


def test_reason_for_the_pack_choice_is_in_words():
    assert zh_reason("自动识别：owner: 鄂尔多斯市交通运输局") == "自动识别：建设单位“鄂尔多斯市交通运输局”"
    assert zh_reason("自动识别：cites the local regulation") == "自动识别：文中引用了当地管理办法"
    assert "ordos" not in zh_reason("按 --rules ordos 指定")
    assert zh_reason("未能识别项目所属地区，按国家办法审查") == "未能识别项目所属地区，按国家办法审查"


def test_counts_line_separates_failures_by_severity_from_other_results(rich_report):
    t = rich_report.tally()
    assert t["fail"] == len(rich_report.failing("info"))  # the waived failure is not counted
    line = counts_line(t)
    assert re.match(r"不符合 \d+ 项（阻断 \d+、重要 \d+、一般 \d+）· 提示 \d+ · 符合 \d+", line)
    assert "已豁免 1" in line


def test_markdown_puts_the_verdict_first_and_folds_passes(rich_report):
    from yushen.report.markdown import render_markdown

    md = render_markdown(rich_report)
    lines = [x for x in md.splitlines() if x.strip()]
    assert lines[1].startswith("**结论：") and "需补正后再受理" in lines[1]
    table, _, folded = md.partition("<details>")
    assert "✅ 符合" not in table and "✅ 符合" in folded
    assert "❌ 不符合" in table and "⚠️ 提示" in table


def test_duplicates_carry_their_reason_in_every_renderer(rich_report):
    from yushen.report.docx_opinion import render_docx
    from yushen.report.html import render_html
    from yushen.report.markdown import render_markdown
    from yushen.report.text import render_text

    for out in (render_text(rich_report, width=120), render_html(rich_report), render_markdown(rich_report),
                _docx_text(render_docx(rich_report))):
        assert "同一地区、同类职能" in out and "外地同类系统，仅供参考" in out
    assert duplicate_reason("possible_overlap", [], {"partner": True}).startswith("本项目拟与该系统对接")
    data = rich_report.to_json()["duplicates"]
    assert [d["reason"] for d in data] == ["同一地区、同类职能", "外地同类系统，仅供参考"]


# --- 预审意见书 --------------------------------------------------------------------------------------------------

def test_opinion_reads_like_a_letter(rich_report, tmp_path):
    from yushen.report.docx_opinion import load_settings, render_docx

    cfg = tmp_path / "opinion.yaml"
    cfg.write_text("审查单位: 鄂尔多斯市大数据中心\n文号: 鄂数预审〔2025〕12号\n经办人: 张经办\n日期: 2025-03-15\n",
                   encoding="utf-8")
    settings = load_settings(cfg, approver="李审核")
    text = _docx_text(render_docx(rich_report, filename="停车.docx", settings=settings))
    for want in ("鄂尔多斯市大数据中心", "鄂数预审〔2025〕12号", "经办人：张经办", "审核人：李审核", "2025年3月15日",
                 "（盖章）", "必须补正", "建议完善", "第十三条", "同意人：王审核"):
        assert want in text, want
    assert re.search(r"1\. .*依据：《数字鄂尔多斯建设项目管理办法》第", text)
    # 疑似重复建设 only for the likely duplicate in the same place; the other city's system is to be checked.
    assert "疑似重复建设：本项目与已建系统“鄂尔多斯市停车诱导与收费管理系统”" in text
    assert "建议核实：本项目与已建系统“大同市智慧停车平台”" in text and "重复建设：本项目与已建系统“大同" not in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_opinion_table_widths_survive_libreoffice(rich_report, tmp_path):
    import pdfplumber

    from yushen.report.docx_opinion import KEY_COL_CM, MARGIN_CM, PAGE_WIDTH_CM, OpinionSettings, render_docx

    docx_path = tmp_path / "opinion.docx"
    docx_path.write_bytes(render_docx(rich_report, settings=OpinionSettings(unit="某市大数据中心", number="某数预审〔2025〕1号",
                                                                            date=dt.date(2025, 3, 15))))
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    with pdfplumber.open(tmp_path / "opinion.pdf") as pdf:
        page = pdf.pages[0]
        table = page.find_tables()[0]
        widths = [c[2] - c[0] for c in table.rows[0].cells]
        words = page.extract_words()
    cm = 72 / 2.54
    assert widths[0] == pytest.approx(KEY_COL_CM * cm, abs=3)
    assert widths[1] == pytest.approx((PAGE_WIDTH_CM - 2 * MARGIN_CM - KEY_COL_CM) * cm, abs=3)
    sha = rich_report.document["sha256"]
    hash_lines = [w["text"] for w in words if re.fullmatch(r"[0-9a-f]{16,}", w["text"])]
    assert "".join(hash_lines) == sha and len(hash_lines) <= 2  # the SHA-256 on at most two lines


# --- scan exports ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """A small archive scanned for real: a proposal dated 二〇二五年三月 whose 建设单位 starts with '=', a corrupt
    file, a text proposal (no pages)."""
    from yushen.scan.backends import SerialBackend
    from yushen.scan.runner import run_scan
    from yushen.scan.store import ResultsStore

    root = tmp_path_factory.mktemp("archive")
    title, items = complete("ordos")
    owner = title[2].split("：", 1)[1]
    evil = "=" + owner
    title = [title[0], title[1], f"项目建设单位：{evil}", "二〇二五年三月"]
    items = [x.replace(f"项目建设单位：{owner}", f"项目建设单位：{evil}") if isinstance(x, str) else x
             for x in items]
    build_docx(root / "good.docx", items, title_page=title)
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    db = root.parent / f"{root.name}.db"
    run_scan([str(root)], db, SerialBackend())
    store = ResultsStore(db)
    rows = store.rows()
    store.close()
    return root, db, rows, evil


def test_formula_cells_are_written_as_text(scanned, tmp_path):
    from openpyxl import load_workbook

    from yushen.scan.exports import export_csv, export_xlsx

    _, _, rows, evil = scanned
    good = next(r for r in rows if r["path"].endswith("good.docx"))
    assert good["report"]["document"]["owner"] == evil  # the document's own text starts with '='
    export_xlsx(rows, tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx").active
    owners = [c for c in ws["D"][1:] if c.value]
    assert owners and all(c.data_type == "s" for c in owners)
    assert evil in [c.value for c in owners]
    export_csv(rows, tmp_path / "s.csv")
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    cells = [c for row in table[1:] for c in row]
    assert "'" + evil in cells and evil not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and len(c) > 1)]


def test_xlsx_and_dashboard_speak_chinese_and_name_failed_files(scanned, tmp_path):
    from openpyxl import load_workbook

    from yushen.scan.exports import export_html, export_xlsx

    root, _, rows, _ = scanned
    export_xlsx(rows, tmp_path / "s.xlsx")
    cells = [str(c.value) for row in load_workbook(tmp_path / "s.xlsx").active.iter_rows(min_row=2) for c in row
             if c.value is not None]
    assert _english_codes("\n".join(cells), tuple(r["path"] for r in rows)) == []
    assert "已审查" in cells and "可行性研究报告" in cells and "鄂尔多斯市" in cells
    export_html(rows, tmp_path / "d.html")
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    seen = _visible(page)
    assert "broken.docx" in seen and "文件损坏" in seen  # the failed file, its code in words and the code
    failed = next(r for r in rows if r["path"].endswith("broken.docx"))
    assert failed["message"] in seen
    assert "按年份" in seen and "2025" in seen  # 二〇二五年三月 on the title page
    assert "<table id='files' class='sortable'>" in page and "data-sort='num'" in page
    assert "<script src" not in page and "http" not in page
    codes_shown = tuple(r["error_code"] for r in rows if r["error_code"])  # beside their words, on purpose
    assert _english_codes(seen, tuple(r["path"] for r in rows) + codes_shown) == []


@pytest.mark.parametrize("text, date", [("二〇二五年三月", "2025-03"), ("2025年3月", "2025-03"),
                                        ("编制日期：2024年12月20日", "2024-12"), ("二〇二四年十二月", "2024-12"),
                                        ("2025.03", "2025-03"), ("二〇二五年", "2025")])
def test_title_page_dates_in_every_written_form(text, date):
    from yushen.core.dates import standalone_date

    assert standalone_date(["某市智慧水务平台建设项目", text]) == date


def test_a_year_inside_a_sentence_is_not_the_documents_date():
    from yushen.core.dates import standalone_date

    assert standalone_date(["依据《某某办法》（2019年修订）编制本报告"]) is None


def test_scan_summary_lists_failed_files_and_no_pages_for_docx(scanned, tmp_path):
    root, _, _, _ = scanned
    proc = _run("scan", str(root), "--out", str(tmp_path / "r.db"), "--workers", "1", "--no-progress",
                env={**os.environ, "COLUMNS": "160"})
    assert proc.returncode == 0, proc.stderr
    assert "无法审查的文件" in proc.stdout and "broken.docx" in proc.stdout and "文件损坏" in proc.stdout
    assert "页/分" not in proc.stdout and "份/分" in proc.stdout  # DOCX has no pages


# --- CLI ---------------------------------------------------------------------------------------------------------

def test_cli_version_and_chinese_help_with_flags_as_flags():
    proc = _run("--version")
    assert proc.returncode == 0 and re.match(r"yushen \d", proc.stdout)
    help_text = _run("check", "--help", env={**os.environ, "COLUMNS": "160"}).stdout
    assert "--fail-on" in help_text and "--verbose" in help_text and "<bool>" not in help_text
    assert "报告格式" in help_text and "显示本帮助并退出" in help_text


def test_inventory_commands_say_where_the_inventory_is(tmp_path):
    env = {**os.environ, "YUSHEN_DATA": str(tmp_path / "data"), "COLUMNS": "160"}
    for cmd in (["inventory", "list"], ["inventory", "search", "停车"], ["inventory", "stats"]):
        proc = _run(*cmd, env=env)
        assert proc.returncode == 2 and "no_inventory" in proc.stderr and str(tmp_path / "data") in proc.stderr
    assert not (tmp_path / "data").exists()  # no empty database created
    inv = tmp_path / "inv.csv"
    inv.write_text("系统编号,系统名称,建设单位,状态,功能描述\nXT-1,某市智慧停车管理平台,某市交通运输局,在用,泊位管理和停车诱导\n",
                   encoding="utf-8")
    proc = _run("inventory", "import", str(inv), env=env)
    assert proc.returncode == 0 and "新增 1" in proc.stdout and _english_codes(proc.stdout, (str(tmp_path),)) == []
    proc = _run("inventory", "search", "停车", env=env)
    assert proc.returncode == 0 and "编号" in proc.stdout and "系统名称" in proc.stdout and "XT-1" in proc.stdout
    proc = _run("inventory", "list", env=env)
    assert proc.returncode == 0 and "建设单位" in proc.stdout and "共 1 个系统" in proc.stdout


def test_export_without_an_output_says_so(scanned):
    _, db, _, _ = scanned
    proc = _run("export", str(db))
    assert proc.returncode == 2 and "nothing_to_do" in proc.stderr and "--export" in proc.stderr


def test_check_writes_the_opinion_with_its_settings(tmp_path):
    out = tmp_path / "意见书.docx"
    proc = _run("check", str(SAMPLE), "--format", "docx", "--out", str(out), "--unit", "鄂尔多斯市大数据中心",
                "--doc-number", "鄂数预审〔2025〕3号")
    assert proc.returncode == 1, proc.stderr  # the sample has findings
    text = _docx_text(out.read_bytes())
    assert "鄂尔多斯市大数据中心" in text and "鄂数预审〔2025〕3号" in text
    assert _run("check", str(SAMPLE), "--format", "docx").returncode == 2  # a Word file needs --out


def test_sample_json_contract_is_unchanged(sample_report):
    data = json.loads(json.dumps(sample_report.to_json()))
    assert set(data) >= {"schema_version", "status", "document", "ruleset", "ruleset_reason", "sections",
                         "findings", "duplicates", "errors"}
    assert data["ruleset_reason"].startswith("项目所属地区：内蒙古自治区鄂尔多斯市")


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="Debian chromium is not installed (apt-get install chromium)")
def test_dashboard_in_a_real_browser_lists_failed_files_and_sorts(scanned, tmp_path):
    from playwright.sync_api import sync_playwright

    from yushen.scan.exports import export_html

    _, _, rows, _ = scanned
    export_html(rows, tmp_path / "d.html")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                    "--no-first-run", "--lang=en-US"])
        page = browser.new_page(locale="en-US")
        page.goto((tmp_path / "d.html").as_uri())
        failed = page.inner_text("#failed")
        assert "broken.docx" in failed and "文件损坏" in failed
        names = lambda: [t.rsplit("/", 1)[-1] for t in page.locator("#files tbody tr td:first-child").all_inner_texts()]  # noqa: E731
        header = page.locator("#files th[data-sort]").first
        header.click()
        first = names()
        header.click()
        assert names() == list(reversed(first)) and sorted(first) in (first, list(reversed(first)))
        browser.close()
