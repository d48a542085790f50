"""Identify a file's format from its bytes; the extension is only a tie-breaker (doc vs wps, txt vs md)."""

from __future__ import annotations

import io
import zipfile

from ..core.errors import ErrorCode, YushenError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_format(data: bytes, name: str = "") -> str:
    """Return one of pdf, docx, doc, wps, rtf, html, md, txt, image; raise a coded error otherwise."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data or not data.strip():
        raise YushenError(ErrorCode.EMPTY_DOCUMENT)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            if ext in ("docx", "docm", "wps", "wpsx"):
                raise YushenError(ErrorCode.CORRUPT_FILE, f"DOCX 文件已损坏 (broken zip container: {exc})") from None
            raise YushenError(ErrorCode.CORRUPT_FILE, f"ZIP 容器已损坏 ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "ZIP 文件不是 Word 文档 (a zip container, but not DOCX)")
    if data.startswith(OLE_MAGIC):
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            raise YushenError(ErrorCode.ENCRYPTED, "Office 文件已加密 (password-protected Office file)")
        if _utf16("WordDocument") in data or _utf16("WpsDocument") in data or _utf16("WPS") in data[:4096]:
            return "wps" if ext == "wps" else "doc"
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "OLE 文件不是 Word/WPS 文档 (e.g. an Excel or PowerPoint file)")
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    if _looks_binary(data):
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "无法识别的二进制文件 (unrecognised binary file)")
    return "md" if ext in ("md", "markdown") else "txt"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with BOM
        return False
    # NUL bytes and C0 controls other than tab/newline/formfeed are rare in any 8-bit or UTF-8 text.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)
