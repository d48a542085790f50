"""PDF pages drawn by hand with reportlab, string by string (tests of tables and layouts): a running header and
a page number on every page, as real proposals have."""

from __future__ import annotations

from pathlib import Path

FONT = "STSong-Light"
LEFT, TOP = 72.0, 90.0
COLS = [72.0, 115.0, 250.0, 320.0, 420.0]


class Page:
    """A page drawn by hand: strings at (x, y from the top); ``y`` moves down as lines are added."""

    def __init__(self, canvas, height: float):
        self.c, self.height, self.y = canvas, height, TOP

    def text(self, x: float, text: str, size: float = 10.5, y: float | None = None) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - (self.y if y is None else y), text)

    def line(self, text: str, size: float = 10.5, x: float = LEFT, step: float = 18) -> None:
        self.text(x, text, size)
        self.y += step

    def body(self, text: str, size: float = 10.5) -> None:
        """A paragraph wrapped at 40 characters (about the text width at 10.5 pt)."""
        first = True
        while text:
            self.line(text[:38 if first else 40], size, x=LEFT + (21 if first else 0), step=size * 1.6)
            text, first = text[38 if first else 40:], False
        self.y += 6

    def row(self, cells: list[str], xs: list[float] = COLS, step: float = 20, size: float = 10.5) -> None:
        for x, cell in zip(xs, cells, strict=False):
            if cell:
                self.text(x, cell, size)
        self.y += step


def draw(path: Path, pages, page: type[Page] = Page) -> Path:
    """``pages``: functions that each draw one page on a ``page`` (a ``Page`` or a subclass); every page gets a
    running header and a page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, fill in enumerate(pages, start=1):
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, height - 45, "某市智慧城市运行管理平台可行性研究报告")
        c.drawCentredString(width / 2, 40, f"- {n} -")
        fill(page(c, height))
        c.showPage()
    c.save()
    return path
