"""extract/: file bytes → :class:`~yushen.core.types.Document` (readers never classify)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core.errors import ErrorCode, YushenError
from ..core.types import Document
from .emphasis import bold_that_marks
from .form_table import form_as_sections
from .sniff import sniff_format
from .toc import typed_contents

MAX_FILE_BYTES = 512 * 1024 * 1024


def read_bytes(path: str | os.PathLike) -> bytes:
    p = Path(path)
    if not p.exists() or not p.is_file():
        raise YushenError(ErrorCode.FILE_NOT_FOUND, f"找不到文件 (file not found): {path}")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YushenError(ErrorCode.TOO_LARGE, f"文件超过 {MAX_FILE_BYTES // 2**20} MB (file too large)")
    return p.read_bytes()


def read_document(path: str | os.PathLike, data: bytes | None = None) -> Document:
    """Read any supported file into a normalised :class:`Document`. Raises :class:`YushenError`."""
    if data is None:
        data = read_bytes(path)
    name = os.fspath(path)
    fmt = sniff_format(data, name)
    sha = hashlib.sha256(data).hexdigest()
    return _read(name, data, fmt, sha)


def _read(name: str, data: bytes, fmt: str, sha: str) -> Document:
    outline: tuple = ()
    pages = None
    body_size = None
    confidence: dict[int, float] = {}
    if fmt == "pdf":
        from .pdf import read_pdf

        blocks, outline_list, pages, body_size, warnings, confidence = read_pdf(data)
        outline = tuple(outline_list)
    elif fmt == "docx":
        from .word import read_docx

        blocks, warnings = read_docx(data)
    elif fmt in ("doc", "wps", "rtf"):
        blocks, warnings = _read_legacy(data, fmt)
    elif fmt in ("txt", "md"):
        from .text import read_text

        blocks, warnings = read_text(data, fmt)
    elif fmt == "html":
        from .html import read_html

        blocks, warnings = read_html(data)
    elif fmt == "image":
        from .ocr import ocr_available

        if not ocr_available():
            raise YushenError(ErrorCode.NO_TEXT_LAYER,
                              "图片文件没有文字层，需要 OCR：pip install 'yushen[ocr]' (image file: needs OCR)")
        from .pdf import read_scanned_image

        blocks, pages, body_size, warnings, confidence = read_scanned_image(data)
    else:  # pragma: no cover - sniff_format only returns the formats above
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT)
    if not any(b.text.strip() for b in blocks if b.kind != "toc"):
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    blocks = typed_contents(bold_that_marks(form_as_sections(blocks)))
    if body_size is None:
        body_size = _body_size(blocks)
    toc = tuple(b.text for b in blocks if b.kind == "toc")
    report_fmt = {"rtf": "doc", "image": "pdf"}.get(fmt, fmt)
    return Document(path=name, sha256=sha, format=report_fmt, pages=pages, blocks=tuple(blocks),
                    outline=outline, toc=toc, warnings=tuple(warnings), body_font_size=body_size,
                    ocr_confidence=tuple(sorted(confidence.items())))


def _body_size(blocks) -> float | None:
    """The size that carries the most characters of running text: weighted by characters, so one long sized
    cover line or one long heading cannot outweigh the body (as in the PDF reader)."""
    weight: dict[float, int] = {}
    for b in blocks:
        if b.kind == "paragraph" and b.font_size:
            weight[b.font_size] = weight.get(b.font_size, 0) + len(b.text)
    return max(weight, key=weight.get) if weight else None


def _read_legacy(data: bytes, fmt: str) -> tuple[list, list[str]]:
    """LibreOffice first (it keeps styles, so headings come with their levels); without it, or when it fails on
    a file, the pure-Python readers give the text and paragraphs (OLE Word 97–2003 and WPS files, RTF)."""
    from .legacy import convert_to_docx, find_soffice
    from .word import read_docx

    if find_soffice() is not None:
        try:
            blocks, warnings = read_docx(convert_to_docx(data, fmt))
            return blocks, [f"converted from {fmt} with LibreOffice", *warnings]
        except YushenError as err:
            if err.code in (ErrorCode.ENCRYPTED, ErrorCode.EMPTY_DOCUMENT):
                raise
    if fmt == "rtf":
        from .rtf import read_rtf

        return read_rtf(data)
    from .doc import read_doc

    return read_doc(data)
