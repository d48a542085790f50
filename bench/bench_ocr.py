"""OCR of scanned pages: configurations of the PP-OCRv4 pipeline compared in one run, on the same 170-dpi pages,
clean and as a skewed, noisy 'photocopy': CPU seconds per page (one onnxruntime thread, so CPU time is the cost
on one core and does not depend on what else the shared machine runs), wall seconds, and character accuracy
against the page's source text. Target: ≤ 1.5 s per page on one core with character accuracy ≥ 0.98.

Run from the repository root:  python -m bench.bench_ocr [PAGES] [--quick]   (--quick: the chosen setting and
the engine's stock pipeline only)
"""

from __future__ import annotations

import os

os.environ.setdefault("YUSHEN_OCR_THREADS", "1")  # before the engine is built: one core

import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from tests.builders import SAMPLE_OUTLINE, build_pdf  # noqa: E402
from tests.proposals import complete  # noqa: E402

DPI = 170


def _accuracy(reference: str, hypothesis: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref = "".join(reference.split())
    hyp = "".join(hypothesis.split())
    return max(0.0, 1 - Levenshtein.distance(ref, hyp) / max(1, len(ref)))


def _degrade(image, rng: random.Random):
    """A slightly rotated, noisy, lower-contrast 'photocopy'."""
    import numpy as np
    from PIL import Image

    img = image.convert("L").rotate(rng.uniform(-1.5, 1.5), expand=False, fillcolor=255)
    arr = np.asarray(img).astype(np.int16)
    arr = arr * 0.85 + 25 + np.random.default_rng(rng.randint(0, 10**6)).normal(0, 18, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype("uint8")).convert("RGB")


def _pages(tmp: Path, n_pages: int):
    """Generated pages of a proposal (chapters, numbered lists, digits and Latin) and the sample outline; with the
    reference text of each page from its text layer."""
    import pypdfium2 as pdfium

    from yushen.extract.normalize import normalize_text

    title, items = complete("ordos")
    items = items + [(1, "第十三章 实施计划"), "一、前期准备", "完成需求调研和方案设计，编制招标文件。",
                     "（一）系统开发", "按照SM2、SM3、SM4算法完成改造，接口响应时间不超过1秒，可用性达到99.9%。",
                     "二、试运行", "试运行期为3个月，期间完成等级保护测评和密码应用安全性评估。"] + SAMPLE_OUTLINE * 3
    src = build_pdf(tmp / "src.pdf", items, title_page=title)
    pdf = pdfium.PdfDocument(str(src))
    rng = random.Random(3)
    out = []
    for p in range(1, min(n_pages + 1, len(pdf))):  # the title page is mostly white: skipped
        image = pdf[p].render(scale=DPI / 72).to_pil().convert("RGB")
        reference = normalize_text(pdf[p].get_textpage().get_text_range())
        out.append((p + 1, reference, image, _degrade(image, rng)))
    return out


def _stock(image, page):
    """The engine's own pipeline as shipped (angle classifier on every line, detector at ≥736 px on the short side,
    batches of 6), through the same line building."""
    import numpy as np

    from yushen.extract.ocr import ocr_threads, page_lines

    rgb = np.asarray(image)
    red = rgb[:, :, 0]
    grey = np.ascontiguousarray(np.stack([red, red, red], axis=-1))
    engine = _stock_engine(ocr_threads())
    result, _elapsed = engine(grey)
    return page_lines(result or [], page, DPI, rgb.shape[:2])


_STOCK = {}


def _stock_engine(threads):
    if threads not in _STOCK:
        from rapidocr_onnxruntime import RapidOCR

        _STOCK[threads] = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    return _STOCK[threads]


def main() -> None:
    from yushen.extract.ocr import OcrSettings, ocr_image, ocr_threads

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    n_pages = int(args[0]) if args else 4
    chosen = OcrSettings()
    configs: list[tuple[str, object]] = [("stock rapidocr (cls on every line, det ≥736 short side, batch 6)", None),
                                         (f"chosen {chosen}", chosen)]
    if not quick:
        configs += [
            ("det full page (≤2000), batch 6, height 48", OcrSettings(2000, 6, 1.0, 48)),
            ("det ≤1280, batch 6, height 48", OcrSettings(1280, 6, 1.0, 48)),
            ("det ≤1280, batch 1, height 48", OcrSettings(1280, 1, 1.0, 48)),
            ("det ≤960, batch 1, height 48", OcrSettings(960, 1, 1.0, 48)),
            ("det ≤1280, batch 1, height 40", OcrSettings(1280, 1, 1.0, 40)),
            ("det ≤1280, batch 1, height 32", OcrSettings(1280, 1, 1.0, 32)),
            ("det ≤1280, batch 4, height 32", OcrSettings(1280, 4, 1.0, 32)),
            ("det ≤1280, batch 1, height 40, squeeze 0.75", OcrSettings(1280, 1, 0.75, 40)),
            ("det ≤1280, batch 1, height 32, squeeze 0.75", OcrSettings(1280, 1, 0.75, 32)),
            ("det ≤960, batch 1, height 32", OcrSettings(960, 1, 1.0, 32)),
        ]
    with tempfile.TemporaryDirectory() as tmp:
        pages = _pages(Path(tmp), n_pages)
    print(f"{len(pages)} pages at {DPI} dpi, {ocr_threads()} onnxruntime thread(s); CPU and wall s/page, accuracy. "
          "Every configuration but the stock one shows the angle classifier only the page's 8 widest lines.")
    print(f"{'configuration':<70} {'CPU s':>6} {'wall s':>6} {'clean':>6} {'noisy':>6} {'min':>6}")
    for name, settings in configs:
        # warm-up: build the engine (model loading is not per-page cost)
        _ = _stock(pages[0][2], 1) if settings is None else ocr_image(pages[0][2], 1, DPI, settings)
        cpu, wall, acc = [], [], {"clean": [], "noisy": []}
        for page, reference, clean, noisy in pages:
            for variant, image in (("clean", clean), ("noisy", noisy)):
                c0, w0 = time.process_time(), time.perf_counter()
                lines, _conf = _stock(image, page) if settings is None else ocr_image(image, page, DPI, settings)
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
                acc[variant].append(_accuracy(reference, "".join(ln.text for ln in lines)))
        low = min(acc["clean"] + acc["noisy"])
        print(f"{name:<70} {statistics.mean(cpu):6.2f} {statistics.mean(wall):6.2f} "
              f"{statistics.mean(acc['clean']):6.3f} {statistics.mean(acc['noisy']):6.3f} {low:6.3f}", flush=True)
    _whole_document(pages)
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _whole_document(pages) -> None:
    """The benchmark pages as one image-only PDF through ``ocr_pdf_pages`` (render + recognise + numbering), with
    1 and with every core's worth of page threads: wall and CPU seconds per page, pages per minute."""
    import io

    from yushen.extract.ocr import ocr_pdf_pages

    buf = io.BytesIO()
    images = [clean for _p, _r, clean, _n in pages]
    images[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    data, numbers = buf.getvalue(), list(range(1, len(images) + 1))
    cores = len(os.sched_getaffinity(0))
    for threads in sorted({1, cores}):
        os.environ["YUSHEN_OCR_THREADS"] = str(threads)
        c0, w0 = time.process_time(), time.perf_counter()
        ocr_pdf_pages(data, numbers)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(f"whole scan, {len(numbers)} pages, {threads} page thread(s): {wall / len(numbers):.2f} s/page wall, "
              f"{cpu / len(numbers):.2f} CPU s/page, {60 * len(numbers) / wall:.0f} pages/min")


if __name__ == "__main__":
    main()
