"""Segmentation is linear: pages/s on synthetic text PDFs of 100 / 250 / 1,000 pages full of numbered lines.

Each chapter has "N 标题" chapters (weak numbering, accepted by position), "N.M" sections, "（k）" item headings
with body under them and "k. 系统应…。" sentence lists: the shapes that made the old fixpoint loop quadratic.
Run from the repository root:  python -m bench.bench_segment
The last column is time per page relative to the 100-page document: it stays near 1.0 when linear.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.bench_extract import _time
from tests.builders import build_pdf
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_BODY = ("系统应当依托市政务云平台部署，与市数据共享交换平台、统一身份认证平台和电子证照库对接，"
         "实现业务数据的归集、治理、共享和开放，支撑跨部门业务协同。")


def items_for(sections: int, chapters: int = 40) -> list:
    """``chapters`` numbered chapters (two-digit numbers, as real documents have) of ``sections`` sections."""
    items: list = []
    for ch in range(1, chapters + 1):
        items.append((1, f"{ch} 建设内容之{ch}"))
        items.append(_BODY)
        for sec in range(1, sections + 1):
            items.append((2, f"{ch}.{sec} 子系统{sec}设计"))
            items.append(_BODY)
            for k in range(1, 9):
                # One item list in the whole document is set in a larger size; every other "（k）" run is
                # plain text and is accepted by continuing its sequence (the old fixpoint took one pass per k).
                items.append((3, f"（{k}）功能模块{k}") if ch == sec == 1 and k <= 2 else f"（{k}）功能模块{k}")
                items.append(_BODY[:40] + "。")
            for k in range(1, 4):
                items.append(f"{k}. 系统应支持按部门、按事项统计办件数量和办结率，并导出报表。")
    return items


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        print(f"{'pages':>6} {'headings':>8} {'numbered':>8} {'extract+segment':>16} {'segment':>10} {'per page':>9}")
        for target in (100, 250, 1000):
            sections = max(1, round(target / 40 / 0.94))  # a section and its item list fill about a page
            pdf = build_pdf(Path(tmp) / f"s{target}.pdf", items_for(sections), header="某市政务信息化项目可行性研究报告",
                            footer="of")
            doc = read_document(pdf)
            pages = doc.pages or 1
            numbered = sum(1 for b in doc.blocks if b.text[:1].isdigit() or b.text[:1] in "（(")
            t_seg = _time(lambda doc=doc: segment_headings(doc), runs=3)
            t_both = _time(lambda pdf=pdf: segment_headings(read_document(pdf)), runs=3)
            n_head = len(segment_headings(doc).sections())
            per_page = t_both / pages
            base = base or per_page
            print(f"{pages:>6} {n_head:>8} {numbered:>8} {pages / t_both:>10.0f} p/s {pages / t_seg:>6.0f} p/s "
                  f"{per_page / base:>8.2f}x")


if __name__ == "__main__":
    main()
