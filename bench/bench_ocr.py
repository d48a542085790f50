"""OCR of scanned pages: seconds per page at 150 and 200 dpi on one core (one onnxruntime thread), peak memory,
and character accuracy against the page's source text — on clean renders and on a skewed, noisy variant.
Target: character accuracy ≥ 0.97 on clean 200-dpi scans of generated pages.

Run from the repository root:  python -m bench.bench_ocr [PAGES]
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.builders import SAMPLE_OUTLINE, build_pdf


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


def main() -> None:
    import pypdfium2 as pdfium

    from yushen.extract import read_document
    from yushen.extract.ocr import _engine, ocr_image

    n_pages = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        src = build_pdf(Path(tmp) / "src.pdf", SAMPLE_OUTLINE * 4)
        doc = read_document(src)
        pdf = pdfium.PdfDocument(str(src))
        pages = min(n_pages, len(pdf))
        references = []
        for p in range(pages):
            tp = pdf[p].get_textpage()
            references.append(tp.get_text_range())
        _engine()
        for dpi in (150, 200):
            for variant in ("clean", "skewed+noisy"):
                times, accs = [], []
                for p in range(pages):
                    image = pdf[p].render(scale=dpi / 72).to_pil()
                    if variant != "clean":
                        image = _degrade(image, rng)
                    t0 = time.perf_counter()
                    lines, conf = ocr_image(image, p + 1, dpi)
                    times.append(time.perf_counter() - t0)
                    from yushen.extract.normalize import normalize_text

                    accs.append(_accuracy(normalize_text(references[p]), "".join(ln.text for ln in lines)))
                print(f"{dpi} dpi {variant:<13} {statistics.mean(times):5.2f} s/page   character accuracy "
                      f"{statistics.mean(accs):.3f} (min {min(accs):.3f}) over {pages} pages")
        print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
              f"source document: {doc.pages} pages")


if __name__ == "__main__":
    main()
