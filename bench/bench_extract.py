"""Extract + segment throughput: pages/s on a generated 200-page text PDF, paragraphs/s on a DOCX.

Run from the repository root:  python -m bench.bench_extract
Reports medians of several runs, one core (no parallelism in the reader); table detection and the real-PDF
extraction in CPU time of paired, interleaved runs: the real PDFs ``bench.bench_check`` keeps in its cache
(``BENCH_REAL_PDFS``, default the temp dir's yushen-bench-pdfs), else a fresh LibreOffice export of ~100 pages.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.builders import SAMPLE_OUTLINE, build_docx, build_pdf
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.extract.pdf import read_pdf, read_pdf_lines
from yushen.extract.tables import aligned_tables


def _items(chapters: int) -> list:
    items: list = []
    for ch in range(1, chapters + 1):
        items.append((1, f"第{ch}章 建设内容之{ch}"))
        for sec in range(1, 5):
            items.append((2, f"{ch}.{sec} 子系统{sec}设计"))
            for _ in range(3):
                items.append("系统应当按照统一规划、统一标准、统一建设的原则，依托市政务云平台部署，"
                             "与市数据共享交换平台、统一身份认证平台和电子证照库对接，实现业务数据的归集、治理、"
                             "共享和开放，支撑跨部门业务协同和决策分析，满足等级保护第三级要求。" * 2)
    return items


def _time(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        items = _items(40)
        pdf = build_pdf(tmpdir / "big.pdf", items, header="某市政务信息化项目可行性研究报告", footer="of")
        doc = read_document(pdf)
        pages = doc.pages or 0
        # scale to ~200 pages
        while pages < 200:
            items = items + _items(10)
            pdf = build_pdf(tmpdir / "big.pdf", items, header="某市政务信息化项目可行性研究报告", footer="of")
            pages = read_document(pdf).pages or 0
        t_extract = _time(lambda: read_document(pdf))
        t_both = _time(lambda: segment_headings(read_document(pdf)))
        n_sections = len(segment_headings(read_document(pdf)).sections())
        data = pdf.read_bytes()
        share = table_cost([data], runs=7)
        print(f"PDF  {pages} pages, {n_sections} headings")
        print(f"     extract           {t_extract * 1000:8.1f} ms  {pages / t_extract:8.0f} pages/s")
        print(f"     extract+segment   {t_both * 1000:8.1f} ms  {pages / t_both:8.0f} pages/s  (target >= 300)")
        print(f"     table detection   {share:+7.1f} %  of line reading (ruled + aligned; target <= 20 %)")

        devset = sorted((Path(__file__).resolve().parents[2] / "shared" / "devset" / "docs").glob("*.pdf"))
        if devset:
            # LibreOffice PDFs embed their (subset) fonts, as real proposals do; the generated PDF above uses
            # reportlab's non-embedded STSong-Light, which pdfium maps to a system font page by page.
            n = sum(read_document(p).pages or 0 for p in devset)
            t_dev = _time(lambda: [segment_headings(read_document(p)) for p in devset])
            print(f"dev-set PDFs ({len(devset)} files, {n} pages, embedded fonts): {n / t_dev:8.0f} pages/s")
            datas = [p.read_bytes() for p in devset]
            print(f"     table detection   {table_cost(datas, runs=9):+7.1f} %  of line reading, all")
            shares = {}
            for p, d in zip(devset, datas, strict=True):
                shares[p.name.split("_")[0]] = table_cost([d], runs=31)
            print("     table detection   per file (median of 31 paired runs): "
                  + ", ".join(f"{k} {v:+.1f} %" for k, v in shares.items()))
            worst = max(shares, key=shares.get)
            print(f"     table detection   {shares[worst]:+7.1f} %  on the worst ({worst})")
        from bench.real_pdf import have_soffice, make_real_pdf  # it imports this module

        cache = Path(os.environ.get("BENCH_REAL_PDFS", Path(tempfile.gettempdir()) / "yushen-bench-pdfs"))
        if list(cache.glob("real*.pdf")):  # made by python -m bench.bench_check
            real_pdfs(cache)
        elif have_soffice():
            real, real_pages = make_real_pdf(tmpdir / "real.pdf", 100)
            real_data = real.read_bytes()
            ms = extraction_cpu(real_data, runs=9)
            print(f"real PDF ({real_pages} pages, LibreOffice export): extraction {ms['read']:.2f} ms CPU/page "
                  f"(lines {ms['lines']:.2f}, pypdfium2 text dump {ms['dump']:.2f}; "
                  f"{ms['read'] / ms['dump']:.2f}x the dump)")
        docx_items = list(items)
        while len(docx_items) < 3000:
            docx_items += _items(10)
        docx = build_docx(tmpdir / "big.docx", docx_items[:3000] + SAMPLE_OUTLINE)
        paras = len(read_document(docx).blocks)
        t_docx = _time(lambda: segment_headings(read_document(docx)), runs=3)
        t_dump = _time(lambda: _python_docx_dump(docx), runs=3)
        print(f"DOCX {paras} paragraphs")
        print(f"     extract+segment   {t_docx * 1000:8.1f} ms  {paras / t_docx:8.0f} paragraphs/s")
        print(f"     python-docx dump  {t_dump * 1000:8.1f} ms  ratio {t_docx / t_dump:5.2f}x  (target <= 2.5x)")


def _cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def table_cost(datas: list[bytes], runs: int) -> float:
    """Table detection as a share of line reading: the median over paired runs (without and with, back to
    back, so both see the same load on a shared machine; which one goes first alternates from pair to pair)
    of the CPU-time ratio. With tables: ruled grids and per-line gap segments in read_pdf_lines, and the
    aligned-column finder over the lines. ``tables=False`` is the bench's switch, not a user setting."""
    def bare() -> float:
        return _cpu(lambda: [read_pdf_lines(d, tables=False) for d in datas])

    def with_tables() -> float:
        return _cpu(lambda: [aligned_tables(read_pdf_lines(d, tables=True)[0]) for d in datas])

    for _ in range(2):  # warm: first pages, fonts, caches
        bare(), with_tables()
    ratios = []
    for k in range(runs):
        if k % 2:
            b, w = bare(), with_tables()
        else:
            w, b = with_tables(), bare()
        ratios.append(w / b - 1)
    return statistics.median(ratios) * 100


def _dump(data: bytes) -> None:
    """The peer: a bare pypdfium2 text dump, page by page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def extraction_cpu(data: bytes, runs: int, path: Path | None = None) -> dict[str, float]:
    """ms CPU a page (medians of interleaved runs) of the whole PDF reader, its line reading and the dump; with
    ``path``, also the whole document step (``read_document``: the reader, then typed contents and the other
    views every format takes)."""
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    fns = {"dump": lambda: _dump(data), "lines": lambda: read_pdf_lines(data), "read": lambda: read_pdf(data)}
    if path is not None:
        fns["document"] = lambda: read_document(path, data)
    times: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(runs):
        for k, fn in (fns.items() if i % 2 == 0 else reversed(fns.items())):
            times[k].append(_cpu(fn))
    return {k: statistics.median(v) * 1000 / pages for k, v in times.items()}


def real_pdfs(cache: Path, runs: int = 7) -> None:
    """Extraction CPU ms a page of the real PDFs ``bench.bench_check`` keeps in its cache (LibreOffice exports of
    about 100 / 250 / 1,000 / 2,000 pages), with the ratio of each step to the bare pypdfium2 dump."""
    import pypdfium2 as pdfium

    for pdf in sorted(cache.glob("real*.pdf"), key=lambda p: int(p.stem[4:])):
        data = pdf.read_bytes()
        ms = extraction_cpu(data, runs, pdf)
        print(f"real PDF {len(pdfium.PdfDocument(data)):>5} pages: " + ", ".join(
            f"{k} {v:.3f} ms ({v / ms['dump']:.2f}x)" for k, v in ms.items()) + " CPU a page, medians")
        first = [first_read(pdf) for _ in range(3)]
        print("     first read in a fresh process (as `check` reads): " + ", ".join(
            f"{cpu:.3f} ms CPU (user + system) and {faults:.1f} minor page faults a page" for cpu, faults in first))


_FIRST_READ = """
import resource, sys
import pypdfium2, pypdfium2.raw
from yushen.extract import read_document
import yushen.extract.ocr, yushen.extract.pdf  # (imports out of the measure)
before = resource.getrusage(resource.RUSAGE_SELF)
pages = read_document(sys.argv[1]).pages
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(cpu * 1000 / pages, (after.ru_minflt - before.ru_minflt) / pages)
"""


def first_read(pdf: Path) -> tuple[float, float]:
    """CPU ms and minor page faults a page of ``read_document`` as the first document of a fresh process, imports
    excluded: the C heap is still at its start (see ``extract/heap.py``)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _FIRST_READ, str(pdf)], capture_output=True, text=True, check=True)
    ms, faults = out.stdout.split()
    return float(ms), float(faults)


def _python_docx_dump(path: Path) -> list[str]:
    """The peer: open with python-docx and list every paragraph's text."""
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


if __name__ == "__main__":
    main()
