"""Identify a file's format from its bytes; the extension is only a tie-breaker (doc vs wps, txt vs md)."""

from __future__ import annotations

import io

from ..core.errors import ErrorCode, YushenError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Extensions that claim a binary document format: bytes of no known format under such a name, or an HTML page
# (a saved error/download page), are unsupported_format, and a scan records them as errors, never as skipped.
CLAIMED_BINARY = {"pdf", "docx", "docm", "dotx", "doc", "dot", "wps", "wpt", "rtf"}
# Word's own "save as web page" and web systems' "export to Word" write HTML under .doc: readable as HTML.
_WORD_HTML = (b"urn:schemas-microsoft-com:office:word", b"word.document", b"microsoft word")


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
        import zipfile  # (only a zip container needs it: a PDF or text check does not import it)

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            if ext in ("docx", "docm", "wps", "wpsx"):
                raise YushenError(ErrorCode.CORRUPT_FILE, f"DOCX 文件已损坏 (broken zip container: {exc})") from None
            raise YushenError(ErrorCode.CORRUPT_FILE, f"ZIP 容器已损坏 ({exc})") from None
        kind = zip_kind(names, ext)
        if kind == "docx":
            return "docx"
        if kind == "broken_docx":
            raise YushenError(ErrorCode.CORRUPT_FILE, BROKEN_DOCX)
        if kind == "office":
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "Excel/PowerPoint/ODF 文件，不是 Word 文档 (not a Word file)")
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "ZIP 文件不是 Word 文档 (a zip container, but not DOCX)")
    if data.startswith(OLE_MAGIC):
        streams = _ole_streams(data)
        if {"encryptedpackage", "encryptioninfo"} & streams or _utf16("EncryptedPackage") in data:
            raise YushenError(ErrorCode.ENCRYPTED, "Office 文件已加密 (password-protected Office file)")
        if {"worddocument", "wpsdocument"} & streams or _utf16("WordDocument") in data or _utf16("WPS") in data[:4096]:
            return "wps" if ext in ("wps", "wpt") else "doc"
        if streams == {"?"} and ext in CLAIMED_BINARY:
            raise YushenError(ErrorCode.CORRUPT_FILE, f"OLE 容器已损坏 (damaged OLE container named .{ext})")
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "OLE 文件不是 Word/WPS 文档 (e.g. an Excel or PowerPoint file)")
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        if ext in CLAIMED_BINARY and not (ext in ("doc", "wps") and any(m in data[:8192].lower() for m in _WORD_HTML)):
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT,
                              f"这是一个网页（如下载失败或出错页面），不是 .{ext} 文档 (an HTML page saved as .{ext})")
        return "html"
    if _looks_binary(data):
        if ext in CLAIMED_BINARY:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, f"扩展名为 .{ext}，但内容不是任何可识别的格式（文件损坏或"
                                                            f"不是文档） (named .{ext} but the bytes are no known format)")
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, "无法识别的二进制文件 (unrecognised binary file)")
    return "md" if ext in ("md", "markdown") else "txt"


BROKEN_DOCX = "Word 文档缺少正文部件 word/document.xml，文件已损坏 (DOCX without its body part)"


def zip_kind(names: set[str], ext: str) -> str:
    """docx | broken_docx (Word parts, or an OOXML package under a Word name, without the body) | office
    (Excel, PowerPoint, ODF) | zip (a plain archive)."""
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith(("xl/", "ppt/")) for n in names) or "mimetype" in names:
        return "office"
    if any(n.startswith("word/") for n in names) or ("[Content_Types].xml" in names and ext in CLAIMED_BINARY):
        return "broken_docx"
    return "zip"


def _ole_streams(data: bytes) -> set[str]:
    """Lower-cased names of the top-level streams of an OLE file ({"?"} when the container cannot be parsed)."""
    try:
        import olefile

        with olefile.OleFileIO(data) as ole:
            return {entry[0].lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # olefile raises OSError, ValueError, IndexError… on damaged containers
        return {"?"}


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with BOM
        return False
    # NUL bytes and C0 controls other than tab/newline/formfeed are rare in any 8-bit or UTF-8 text.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)
