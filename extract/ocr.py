"""OCR for scans, with the PP-OCR Chinese models that ``rapidocr-onnxruntime`` ships inside its wheel (no download at
run time; onnxruntime on the CPU). Optional: ``pip install 'yushen[ocr]'``.

OCR output becomes the same ``PdfLine``s as a text PDF (box heights stand in for font sizes), so headers, page
numbers, line joining and heading detection work unchanged. The red channel is used as the grey image: red seals
and stamps turn white and do not break the text flow. Each page keeps its mean recognition confidence.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from .confusables import correct_numbering
from .lines import PdfLine
from .normalize import normalize_text

DEFAULT_DPI = 170
MIN_LINE_SCORE = 0.5
LOW_CONFIDENCE = 0.85


def ocr_available() -> bool:
    """Installed? Checked without importing it: onnxruntime and OpenCV cost about a second to import."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine():
    import logging
    import os

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # One thread by default: scans run one worker process per core, and onnxruntime's own pool would oversubscribe.
    threads = int(os.environ.get("YUSHEN_OCR_THREADS", "1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def _order(lines: list[PdfLine], width: float) -> list[PdfLine]:
    """Top to bottom; on a two-column page, the left column before the right one."""
    left = [ln for ln in lines if ln.x1 < width * 0.55]
    right = [ln for ln in lines if ln.x0 > width * 0.45]
    if len(left) >= 4 and len(right) >= 4 and len(left) + len(right) >= 0.8 * len(lines):
        spanning = [ln for ln in lines if ln not in left and ln not in right]
        return sorted(spanning + left, key=lambda ln: (ln.top, ln.x0)) + sorted(right, key=lambda ln: (ln.top, ln.x0))
    rows: list[list[PdfLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if rows and abs(rows[-1][0].top - ln.top) < (ln.bottom - ln.top) * 0.5:
            rows[-1].append(ln)  # pieces of one visual line
        else:
            rows.append([ln])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        if len(row) == 1:
            out.append(row[0])
        else:  # merge the pieces of a line that OCR split at a gap
            first, last = row[0], row[-1]
            text = "".join(p.text for p in row)
            out.append(PdfLine(text, first.page, first.x0, min(p.top for p in row), last.x1,
                               max(p.bottom for p in row), first.font_size, False, first.page_height, first.page_width))
    return out


def ocr_image(image, page: int, dpi: float) -> tuple[list[PdfLine], float]:
    """Recognise one page image (PIL) → lines in PDF points, and the page's mean confidence (length-weighted)."""
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    red = rgb[:, :, 0]
    grey = np.ascontiguousarray(np.stack([red, red, red], axis=-1))
    result, _ = _engine()(grey)
    scale = 72.0 / dpi
    height_pt, width_pt = rgb.shape[0] * scale, rgb.shape[1] * scale
    lines: list[PdfLine] = []
    total = weight = 0.0
    for box, text, score in result or []:
        score = float(score)
        text = normalize_text(str(text)).strip()
        if not text:
            continue
        total += score * len(text)
        weight += len(text)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box
        angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
        if score < MIN_LINE_SCORE or abs(angle) > 8:  # seals' arcs and signatures are tilted
            continue
        top, bottom = min(y0, y1) * scale, max(y2, y3) * scale
        left, right = min(x0, x3) * scale, max(x1, x2) * scale
        size = round((bottom - top) * 0.82)  # glyph box height → nominal font size, in whole points
        lines.append(PdfLine(text, page, left, top, right, bottom, float(size), False, height_pt, width_pt))
    confidence = total / weight if weight else 0.0
    return _order(lines, width_pt), confidence


def ocr_pdf_pages(data: bytes, pages: list[int], dpi: int = DEFAULT_DPI) -> tuple[list[PdfLine], dict[int, float]]:
    """Render each page (holding pdfium's lock only while rendering) and recognise it; one image in memory at a time."""
    import pypdfium2 as pdfium

    from .lines import PDFIUM_LOCK as _PDFIUM_LOCK

    lines: list[PdfLine] = []
    confidence: dict[int, float] = {}
    for page_no in pages:
        with _PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                image = pdf[page_no - 1].render(scale=dpi / 72).to_pil()
            finally:
                pdf.close()
        page_lines, conf = ocr_image(image, page_no, dpi)
        lines += page_lines
        confidence[page_no] = round(conf, 3)
    return correct_numbering(lines), confidence


def ocr_image_file(data: bytes) -> tuple[list[PdfLine], dict[int, float], int]:
    """PNG / JPEG / (multi-page) TIFF → lines, per-page confidence, page count."""
    from PIL import Image, ImageSequence

    img = Image.open(io.BytesIO(data))
    dpi = float((img.info.get("dpi") or (200, 200))[0]) or 200.0
    lines: list[PdfLine] = []
    confidence: dict[int, float] = {}
    n = 0
    for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
        page_lines, conf = ocr_image(frame.copy(), n, dpi)
        lines += page_lines
        confidence[n] = round(conf, 3)
    return correct_numbering(lines), confidence, n
