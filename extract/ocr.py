"""OCR for scans, with the PP-OCR Chinese models that ``rapidocr-onnxruntime`` ships inside its wheel (no download at
run time; onnxruntime on the CPU). Optional: ``pip install 'yushen[ocr]'``.

OCR output becomes the same ``PdfLine``s as a text PDF (box heights stand in for font sizes), so headers, page
numbers, line joining and heading detection work unchanged. The red channel is used as the grey image: red seals
and stamps turn white and do not break the text flow. Each page keeps its mean recognition confidence, lowered on
a faint copy (see ``ink_legibility``).
"""

from __future__ import annotations

import io
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from .confusables import correct_numbering
from .lines import PdfLine
from .normalize import normalize_text
from .ocr_given import given_pages_for

DEFAULT_DPI = 170
MIN_LINE_SCORE = 0.5
ENGINE_MIN_SCORE = 0.5
LOW_CONFIDENCE = 0.85


def ocr_available() -> bool:
    """Installed? Checked without importing it: onnxruntime and OpenCV cost about a second to import."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@dataclass(frozen=True)
class OcrSettings:
    """How a page is recognised. The defaults were chosen with ``bench/bench_ocr.py``, speed and accuracy together
    (170-dpi pages, one core: 1.2 CPU s per page against 4.6 s for the engine's stock pipeline, accuracy 0.989
    clean / 0.994 skewed and noisy).

    ``det_max_side``: the detector sees the page scaled so that its longer side is at most this many pixels; lines
    are found as well as on the full page, at a fifth of the cost (960 is faster still but leaves small print,
    9-pt table text, with about 10 px).
    ``rec_batch``: text lines per recognition call. One is fastest here: a batch is padded to its widest line and
    larger tensors cost more per line (6 lines: 1.6×, 16 lines: about 4×).
    ``rec_squeeze``: horizontal scale of a line crop before recognition (0.75 saves 7 % and loses accuracy).
    ``rec_height``: the recogniser's input height; 32 px reads 170-dpi body text as well as the stock 48 at 0.6×
    the cost.
    """

    det_max_side: int = 1280
    rec_batch: int = 1
    rec_squeeze: float = 1.0
    rec_height: int = 32


def ocr_threads() -> int:
    """Pages of one document recognised at once, each on one onnxruntime thread: ``YUSHEN_OCR_THREADS`` if set;
    otherwise every core this process may use in the main process (``check``), and one in a worker process (a scan
    runs one worker per core). Pages in parallel rather than onnxruntime's own threads: with one line per call its
    intra-op threads mostly spin (2 threads: 2.4 CPU s and 2.3 s wall per page against 1.25 s with one)."""
    import multiprocessing
    import os

    if value := os.environ.get("YUSHEN_OCR_THREADS", "").strip():
        return max(1, int(value))
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@lru_cache(maxsize=2)
def _engine(settings: OcrSettings):
    import logging

    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # The detector is fed a page we scale ourselves (det_max_side); its own rule ("min" side ≥ 736) would only
    # enlarge it again, so its limit is set below any page size.
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, det_limit_side_len=32,
                      det_limit_type="min")
    engine.text_rec.rec_batch_num = settings.rec_batch
    engine.text_rec.rec_image_shape = [3, settings.rec_height, 320]
    return engine


def _order(lines: list[PdfLine], width: float) -> list[PdfLine]:
    """Top to bottom; on a two-column page, the left column before the right one. A row of pieces keeps them as
    ``segments`` when wide gaps part them (the cells of a table in the image, which ``tables.aligned_tables`` then
    reads as one), their text parted by a space."""
    left = [ln for ln in lines if ln.x1 < width * 0.55]
    right = [ln for ln in lines if ln.x0 > width * 0.45 and ln.x1 >= width * 0.55]  # a narrow middle line: once
    # Columns of text run a quarter of the page wide or more; the cells of a table in the image are narrower.
    columns = all(statistics.quantiles([ln.x1 - ln.x0 for ln in side], n=4)[-1] >= width * 0.25
                  for side in (left, right) if len(side) >= 2)
    if columns and len(left) >= 4 and len(right) >= 4 and len(left) + len(right) >= 0.8 * len(lines):
        spanning = [ln for ln in lines if ln not in left and ln not in right]
        return sorted(spanning + left, key=lambda ln: (ln.top, ln.x0)) + sorted(right, key=lambda ln: (ln.top, ln.x0))
    rows: list[list[PdfLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        first = rows[-1][0] if rows else None
        if first and abs((first.top + first.bottom) - (ln.top + ln.bottom)) / 2 < \
                max(ln.bottom - ln.top, first.bottom - first.top) * 0.5:
            rows[-1].append(ln)  # pieces of one visual line (middles level: a lone digit's box is lower)
        else:
            rows.append([ln])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        if len(row) == 1:
            out.append(row[0])
        else:  # merge the pieces of a line that OCR split at a gap
            first, last = row[0], row[-1]
            # The detector draws the box of a lone character or digit (a row number, a unit 台/套) taller and
            # lower than those of runs of text, so the row's extent and size are its runs': a cell gap is most
            # of a character of the text wide, and a table row with a number in it is no larger than its text.
            runs = [p for p in row if len(p.text) >= 2] or row
            em = statistics.median(p.bottom - p.top for p in runs)
            wide = [b.x0 - a.x1 >= min(a.bottom - a.top, em * 0.8) for a, b in zip(row, row[1:], strict=False)]
            text = row[0].text + "".join((" " if gap else "") + p.text for gap, p in zip(wide, row[1:], strict=True))
            # Cells: pieces parted by gaps of half a character or more. A cell filled to its edge leaves only the
            # cells' padding before the next one ("SSL VPN（国" | "1"), narrower than a word space in prose would
            # be; whether the cells line up with other rows' is for the table finder to say.
            apart = all(b.x0 - a.x1 >= em * 0.5 for a, b in zip(row, row[1:], strict=False))
            segments = tuple((p.text, p.x0, p.x1) for p in row) if apart else ()
            out.append(PdfLine(text, first.page, first.x0, min(p.top for p in runs), last.x1,
                               max(p.bottom for p in runs), max(p.font_size for p in runs), False, first.page_height,
                               first.page_width, segments=segments))
    return out


ORIENTATION_SAMPLE = 8  # widest line crops shown to the angle classifier to tell an upside-down page


def _detect(engine, grey, max_side: int):
    """Text-line quadrilaterals in full-page pixels, top to bottom; the detector runs on a page scaled down to
    ``max_side``."""
    import cv2
    import numpy as np

    h, w = grey.shape[:2]
    factor = min(1.0, max_side / max(h, w))
    small = grey if factor == 1.0 else cv2.resize(grey, (round(w * factor), round(h * factor)),
                                                  interpolation=cv2.INTER_AREA)
    boxes, _ = engine.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = np.asarray(boxes, dtype=np.float32)
    boxes[:, :, 0] *= w / small.shape[1]
    boxes[:, :, 1] *= h / small.shape[0]
    return engine.sorted_boxes(boxes)


def _upside_down(engine, crops) -> bool:
    """The angle classifier on the few widest lines only (about 1 % of the page's time instead of a pass over
    every line); a page is turned when most of them read as rotated by 180°."""
    if not crops:
        return False
    widest = sorted(crops, key=lambda c: c.shape[1], reverse=True)[:ORIENTATION_SAMPLE]
    _, labels, _ = engine.text_cls(widest)
    turned = sum(1 for label, score in labels if label == "180" and score > 0.9)
    return turned * 2 > len(widest)


def _sideways(boxes) -> bool:
    """A page turned by 90° (a portrait page scanned landscape): most of its long text boxes (four times as long as
    wide) stand upright."""
    upright = lying = 0
    for (x0, y0), (x1, y1), _, (x3, y3) in boxes:
        across, down = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
        upright += down >= 4 * across
        lying += across >= 4 * down
    return upright >= 3 and upright > 2 * lying


def _recognise(grey, settings: OcrSettings) -> tuple[list[tuple], object]:
    """(box, text, score) for every detected line of a grey page (3 identical channels, uint8), and the page as
    read (boxes are in its frame): a page lying on its side is turned upright first."""
    import cv2
    import numpy as np

    engine = _engine(settings)
    boxes = _detect(engine, grey, settings.det_max_side)
    if _sideways(boxes):
        # turned a quarter to the left; if that was the wrong way the page now stands on its head, which the
        # angle classifier below tells
        grey = np.ascontiguousarray(np.rot90(grey))
        boxes = _detect(engine, grey, settings.det_max_side)
    crops = engine.get_crop_img_list(grey, boxes)
    if _upside_down(engine, crops):
        h, w = grey.shape[:2]
        grey = np.ascontiguousarray(grey[::-1, ::-1])
        # the same quadrilaterals on the turned page: points mirrored, corners re-ordered from the top left
        boxes = engine.sorted_boxes(np.asarray([(np.array([w, h], np.float32) - b)[[2, 3, 0, 1]] for b in boxes]))
        crops = engine.get_crop_img_list(grey, boxes)
    if settings.rec_squeeze != 1.0:
        crops = [cv2.resize(c, (max(1, round(c.shape[1] * settings.rec_squeeze)), c.shape[0]),
                            interpolation=cv2.INTER_AREA) for c in crops]
    results, _ = engine.text_rec(crops)
    return [(box.tolist(), text, score) for box, (text, score, *_) in zip(boxes, results, strict=True)], grey


def ocr_image(image, page: int, dpi: float, settings: OcrSettings | None = None) -> tuple[list[PdfLine], float]:
    """Recognise one page image (PIL) → lines in PDF points, and the page's mean confidence (length-weighted)."""
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    red = rgb[:, :, 0]
    grey = np.ascontiguousarray(np.stack([red, red, red], axis=-1))
    rows, read = _recognise(grey, settings or OcrSettings())
    lines, confidence = page_lines(rows, page, dpi, read.shape[:2])
    return lines, min(confidence, ink_legibility(read[:, :, 0], [box for box, _text, _score in rows]))


# A pale photocopy: the engine is sure of what it reads (mean score 0.98), but single strokes (一, the bar of 二,
# a decimal point) are gone and nothing scores them low, because they are not there. Ink at 200 of 255 on paper at
# 245 loses them; ink at 175 keeps them. The contrast of the ink inside the recognised lines to the paper stands
# in for that.
FAINT_CONTRAST = 0.25  # (paper − ink) / paper at or above which a page reads as well as a clean one
INK_SHARE = 0.05  # the darkest 5 % of the pixels inside the line boxes: stroke cores (strokes fill 20–30 % of a box)


def ink_legibility(page, boxes: list) -> float:
    """How legible the ink of a page's recognised lines is, 0–1: 1 for dark print, lower as the ink nears the
    paper's tone (a faint copy). ``page``: the grey page (red channel, where seals vanish); ``boxes``: the lines'
    quadrilaterals in its pixels. A page without lines has nothing to judge (1)."""
    import numpy as np

    height, width = page.shape[:2]
    inside = []
    for box in boxes:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        x0, x1 = max(0, int(min(xs))), min(width, int(max(xs)) + 1)
        y0, y1 = max(0, int(min(ys))), min(height, int(max(ys)) + 1)
        if x1 > x0 and y1 > y0:
            inside.append(page[y0:y1, x0:x1].reshape(-1))
    if not inside:
        return 1.0
    pixels = np.concatenate(inside)
    ink = float(np.partition(pixels, int(pixels.size * INK_SHARE))[int(pixels.size * INK_SHARE)])
    flat = page.reshape(-1)
    paper = float(np.median(flat[:: max(1, flat.size // 20000)]))  # a sample is enough for the paper's tone
    if paper <= 0:
        return 1.0
    return max(0.0, min(1.0, (paper - ink) / paper / FAINT_CONTRAST))


def page_lines(result: list[tuple], page: int, dpi: float, shape: tuple[int, int]) -> tuple[list[PdfLine], float]:
    """Recognised (box, text, score) rows of one page → reading-ordered lines in PDF points, and the page's mean
    confidence (length-weighted). Tilted lines (seal arcs, signatures) and low-scored ones are left out."""
    scale = 72.0 / dpi
    height_pt, width_pt = shape[0] * scale, shape[1] * scale
    skew = page_skew([box for box, _text, _score in result])
    turn = _deskew(skew, shape[1] / 2, shape[0] / 2)
    lines: list[PdfLine] = []
    total = weight = 0.0
    for box, text, score in result:
        score = float(score)
        text = normalize_text(str(text)).strip()
        if not text or score < ENGINE_MIN_SCORE:  # what the engine itself drops: specks, not text
            continue
        total += score * len(text)
        weight += len(text)
        angle = _angle(box)
        if score < MIN_LINE_SCORE or abs(angle - skew) > 8:  # seals' arcs and signatures are tilted
            continue
        # In the page's own frame: on a page scanned askew an upright box around a long line is several lines
        # high, and box heights stand in for font sizes.
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = (turn(x, y) for x, y in box)
        # the height across the line (its box's sides), not of an upright box around it: a residual slope of
        # 0.3° makes a full-width line's upright box 2 pt taller
        high = (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2
        middle = (y0 + y1 + y2 + y3) / 4
        top, bottom = (middle - high / 2) * scale, (middle + high / 2) * scale
        left, right = min(x0, x3) * scale, max(x1, x2) * scale
        size = round((bottom - top) * 0.82)  # glyph box height → nominal font size, in whole points
        lines.append(PdfLine(text, page, left, top, right, bottom, float(size), False, height_pt, width_pt))
    confidence = total / weight if weight else 0.0
    return _carried_line_ends(_order(_body_sizes(lines), width_pt)), confidence


# Box heights of one page's body lines spread about this much around their median (170 dpi); headings one size
# step up come out 13 % or more above it.
BODY_NOISE, BODY_ABOVE = 0.2, 0.08
_SENTENCE_END = re.compile(r"[。；！？][”’」』）)]*$")


def _body_sizes(lines: list[PdfLine]) -> list[PdfLine]:
    """The detector's boxes carry noise (a line of 11-pt body text comes out 10 to 13 pt high, a line of digits and
    Latin lower than one of ideographs), so the sizes of a scanned page are read against the height of its own body
    lines (the median of ``_body_lines``): a line from 20 % below to 8 % above it is body size, not a point or two
    smaller (a numbered heading "smaller than the body" is dropped as a table cell or caption) or larger. Taller lines keep their height: boxes shrink real differences
    (16-pt and 11-pt lines come out 16 and 13 pt high), and a size step up shows as 13 % or more."""
    heights = [ln.bottom - ln.top for ln in _body_lines(lines)]
    if not heights:
        return lines
    body_height = statistics.median(heights)
    body = float(round(body_height * 0.82))
    return [replace(ln, font_size=body) if 1 - BODY_NOISE <= (ln.bottom - ln.top) / body_height <= 1 + BODY_ABOVE
            else ln for ln in lines]


def _carried_line_ends(lines: list[PdfLine]) -> list[PdfLine]:
    """The detector boxes a short run taller than a line of text, so the end of a sentence carried onto a line of
    its own ("…用于突发情况处" | "置。") came out a size larger: it broke its paragraph, and a size step below the
    cover made an unformatted document look formatted (its headings by layout were lost). A line that ends a
    sentence, at the body's left edge right under a body line that runs to the right edge, is body size when
    its box is no more than a third taller. (One page's lines in reading order.)"""
    full = [ln for ln in lines if len(ln.text) >= 15 and not ln.segments]
    if len(full) < 3:
        return lines
    body = statistics.median(ln.font_size for ln in full)
    bodies = [ln for ln in full if ln.font_size == body]
    if not bodies:
        return lines
    left, right = min(ln.x0 for ln in bodies), max(ln.x1 for ln in bodies)
    out = list(lines)
    for k in range(1, len(out)):
        prev, ln = out[k - 1], out[k]
        if body < ln.font_size <= body * 1.34 and prev.font_size == body and prev.x1 >= right - body * 1.5 and \
                ln.x0 <= left + body * 0.6 and not ln.segments and _SENTENCE_END.search(ln.text) and \
                -body * 0.3 <= ln.top - prev.bottom < body:
            out[k] = replace(ln, font_size=body)
    return out


def _body_lines(lines: list[PdfLine]) -> list[PdfLine]:
    """The lines that measure a page's body: its long lines (15 characters or more), or on a page with fewer than
    three (a chapter's last lines, where box heights can run a size above the other pages'), the lines that end
    a sentence (body text ends in 。, headings do not); none on a page of headings, a cover."""
    long = [ln for ln in lines if len(ln.text) >= 15]
    if len(long) >= 3:
        return long
    ends = [ln for ln in lines if len(ln.text) >= 6 and _SENTENCE_END.search(ln.text)]
    return ends if len(ends) >= 2 else []


def _page_body_size(lines: list[PdfLine]) -> float | None:
    sizes = [ln.font_size for ln in _body_lines(lines)]
    return statistics.median(sizes) if sizes else None


def _same_body_size(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """One body size for the whole scan: a page scanned askew or at another scale has taller boxes throughout (the
    same 11-pt body comes out 11 pt on one page and 12 on the next), so each page's sizes are scaled to the
    document's median body size. A page without lines to measure its body by (``_body_lines``: a page of
    headings and short items) keeps its raw box heights otherwise: its lines within the noise of the document's
    body height are body size."""
    bodies = [_page_body_size(lines) for lines in pages]
    known = [b for b in bodies if b]
    if not known:
        return pages
    body = statistics.median(known)
    body_height = statistics.median(statistics.median(ln.bottom - ln.top for ln in _body_lines(lines))
                                    for lines, b in zip(pages, bodies, strict=True) if b)
    return [[replace(ln, font_size=body) if 1 - BODY_NOISE <= (ln.bottom - ln.top) / body_height <= 1 + BODY_ABOVE
             else ln for ln in lines] if not b else lines if b == body else
            [replace(ln, font_size=float(round(ln.font_size * body / b))) for ln in lines]
            for lines, b in zip(pages, bodies, strict=True)]


def _angle(box) -> float:
    """Slope of a text box's top edge, in degrees (positive: falling to the right)."""
    (x0, y0), (x1, y1) = box[0], box[1]
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def page_skew(boxes) -> float:
    """The angle a page was scanned at: the median slope of its long text lines (at least four times as wide as
    high; short boxes, seal arcs and signatures say little or mislead), 0 when there are fewer than three."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1), _, (x3, y3) = box
        if math.hypot(x1 - x0, y1 - y0) >= 4 * max(1.0, math.hypot(x3 - x0, y3 - y0)):
            slopes.append(_angle(box))
    if len(slopes) < 3:
        return 0.0
    skew = statistics.median(slopes)
    return skew if 0.2 <= abs(skew) <= 15 else 0.0


def _deskew(degrees: float, cx: float, cy: float) -> Callable[[float, float], tuple[float, float]]:
    """Pixel coordinates turned by ``-degrees`` about (cx, cy): the page as if scanned straight."""
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    return lambda x, y: (cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos)


def _recognise_pages(numbers: list[int], load: Callable[[int], tuple[object, float]]
                     ) -> tuple[list[PdfLine], dict[int, float]]:
    """Load (render) and recognise pages, ``ocr_threads()`` at a time (onnxruntime releases the GIL), so at most
    that many page images are in memory; lines in page order, numbering confusables corrected over the whole
    document."""
    from concurrent.futures import ThreadPoolExecutor

    def one(number: int) -> tuple[list[PdfLine], float]:
        image, dpi = load(number)
        return ocr_image(image, number, dpi)

    workers = min(ocr_threads(), len(numbers))
    if (given := given_pages_for(numbers)) is not None:  # a scan recognised them as page tasks
        results = given
    elif workers > 1:
        _engine(OcrSettings())  # built once, before the threads share it
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(one, numbers))
    else:
        results = [one(n) for n in numbers]
    lines: list[PdfLine] = []
    confidence: dict[int, float] = {}
    for number, page_result, (_, conf) in zip(numbers, _same_body_size([r for r, _ in results]), results,
                                               strict=True):
        lines += page_result
        confidence[number] = round(conf, 3)
    return correct_numbering(lines), confidence


def ocr_pdf_pages(data: bytes, pages: list[int], dpi: int = DEFAULT_DPI) -> tuple[list[PdfLine], dict[int, float]]:
    """Render each page (holding pdfium's lock only while rendering) and recognise it."""
    import pypdfium2 as pdfium

    from .lines import PDFIUM_LOCK as _PDFIUM_LOCK

    def render(page_no: int):
        with _PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                return pdf[page_no - 1].render(scale=dpi / 72).to_pil(), dpi
            finally:
                pdf.close()

    return _recognise_pages(pages, render)


def ocr_image_file(data: bytes) -> tuple[list[PdfLine], dict[int, float], int]:
    """PNG / JPEG / (multi-page) TIFF → lines, per-page confidence, page count."""
    import threading

    from PIL import Image

    img = Image.open(io.BytesIO(data))
    dpi = float((img.info.get("dpi") or (200, 200))[0]) or 200.0
    n_frames = getattr(img, "n_frames", 1)
    lock = threading.Lock()  # one decoder: frames are read one at a time

    def frame(number: int):
        with lock:
            img.seek(number - 1)
            return img.copy(), dpi

    lines, confidence = _recognise_pages(list(range(1, n_frames + 1)), frame)
    return lines, confidence, n_frames
