"""Discover documents under folders and inside zip archives, safely.

Zip members are never extracted to disk: names with ``..`` or absolute paths, members larger than the limits,
implausible compression ratios (zip bombs) and archives nested too deep become coded error rows instead.
Symlinks are not followed out of the tree being scanned.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import YushenError
from ..extract.sniff import BROKEN_DOCX, CLAIMED_BINARY, OLE_MAGIC, sniff_format, zip_kind

MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 150
MAX_DEPTH = 3
MAX_ARCHIVE_MEMBERS = 100_000  # a legacy archive may hold thousands of files; millions of entries is a bomb
MAX_FILE_BYTES = 512 * 1024 * 1024
DOCUMENT_SUFFIXES = {"pdf", "docx", "doc", "wps", "wpt", "rtf", "txt", "md", "markdown", "html", "htm", ""}
TEXT_NOT_DOCUMENT = {"csv", "json", "xml", "log", "ini", "cfg", "py", "js", "css", "yaml", "yml", "sql", "bat", "sh"}


@dataclass
class ScanItem:
    path: str  # display path; members as "archive.zip!/dir/file.pdf"
    sha256: str | None = None
    size: int = 0
    fs_path: str | None = None  # a plain file on disk (read by the worker)
    zip_chain: tuple[str, ...] = ()  # a zip member: (archive on disk, member, nested member, …), read on demand
    data: bytes | None = None
    status: str = "pending"  # pending | skipped | error
    error_code: str | None = None
    message: str | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.zip_chain:
            payload = Path(self.zip_chain[0]).read_bytes()
            for member in self.zip_chain[1:]:
                with zipfile.ZipFile(io.BytesIO(payload)) as zf, zf.open(member) as fh:
                    payload = fh.read(MAX_MEMBER_BYTES + 1)
            return payload
        assert self.fs_path is not None
        return Path(self.fs_path).read_bytes()


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _classify(name: str, head: bytes) -> tuple[str, str | None, str | None]:
    """("document" | "zip" | "skip" | "error", code, message) from the bytes (all of them for zip containers)
    and the name. A file that claims a document format, by its extension or its signature (an OOXML
    package, PDF, OLE), is never walked as an archive or skipped: it is read, or it is one coded error row."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    claimed = ext in CLAIMED_BINARY
    if head.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(head)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            return "error", "corrupt_file", f"ZIP/DOCX 容器已损坏：{exc}"
        kind = zip_kind(names, ext)
        if kind == "docx":
            return "document", None, None
        if kind == "broken_docx":
            return "error", "corrupt_file", BROKEN_DOCX
        if kind == "office":
            if claimed:
                return "error", "unsupported_format", f"扩展名为 .{ext}，但这是 Excel/PowerPoint/ODF 文件"
            return "skip", "unsupported_format", "Excel/PowerPoint/ODF 文件，不是项目文档"
        if claimed:  # a plain zip under a document name: read as what it claims to be, it is no document
            return "error", "unsupported_format", f"扩展名为 .{ext}，但这是一个普通压缩包，不是文档（未展开）"
        return "zip", None, None
    try:
        fmt = sniff_format(head, name)
    except YushenError as err:
        if err.code.value == "unsupported_format" and not claimed:
            return "skip", err.code.value, err.message
        return "error", err.code.value, err.message
    if fmt == "image":
        from ..extract.ocr import ocr_available

        if ocr_available():
            return "document", None, None
        return "skip", "no_text_layer", "图片文件（安装 OCR 扩展后可识别：pip install 'yushen[ocr]'）"
    if fmt in ("txt", "md") and ext in TEXT_NOT_DOCUMENT:
        return "skip", "unsupported_format", f"非文档文本文件 (.{ext})"
    return "document", None, None


def _head(path: str, n: int = 1 << 16) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def discover(paths: list[str | os.PathLike]) -> Iterator[ScanItem]:
    for root in paths:
        root_path = Path(root)
        if root_path.is_file():
            yield from _file_items(str(root_path), root_path.parent.resolve())
            continue
        if not root_path.exists():
            yield ScanItem(str(root_path), status="error", error_code="file_not_found", message="路径不存在")
            continue
        base = root_path.resolve()
        for dirpath, dirnames, filenames in os.walk(root_path, followlinks=False):
            dirnames.sort()
            for fn in sorted(filenames):
                yield from _file_items(os.path.join(dirpath, fn), base)


def _file_items(path: str, base: Path) -> Iterator[ScanItem]:
    p = Path(path)
    if p.is_symlink():
        target = p.resolve()
        if base not in target.parents and target != base:
            yield ScanItem(path, status="skipped", error_code="symlink_outside",
                           message="符号链接指向扫描目录之外，未跟随")
            return
    try:
        size = p.stat().st_size
        if size == 0:
            yield ScanItem(path, sha256=hashlib.sha256(b"").hexdigest(), status="error",
                           error_code="empty_document", message="空文件")
            return
        if size > MAX_FILE_BYTES:
            yield ScanItem(path, size=size, status="error", error_code="too_large", message="文件过大")
            return
        head = _head(path)
        if head.startswith((b"PK", OLE_MAGIC)):  # zip and OLE containers: their directory can be anywhere
            head = p.read_bytes()
        kind, code, message = _classify(path, head)
    except OSError as exc:
        yield ScanItem(path, status="error", error_code="unreadable", message=str(exc))
        return
    if kind == "zip":
        yield from _zip_items(path, head, depth=1, chain=(path,))
        return
    if kind == "document":  # hashed by the runner only when a twin is possible, else by the worker
        yield ScanItem(path, sha256=None, size=size, fs_path=path)
    else:
        yield ScanItem(path, sha256=sha256_file(path), size=size, status="skipped" if kind == "skip" else "error",
                       error_code=code, message=message)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names, Linux `zip` UTF-8 names, both without the UTF-8 flag;
    Python decodes those as cp437. Decode them as meant, for display."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe_name(name: str) -> bool:
    n = name.replace("\\", "/")
    return n.startswith("/") or (len(n) > 1 and n[1] == ":") or any(part == ".." for part in n.split("/"))


def _zip_items(display: str, data: bytes, depth: int, chain: tuple[str, ...]) -> Iterator[ScanItem]:
    if depth > MAX_DEPTH:
        yield ScanItem(display, status="error", error_code="archive_too_deep", message=f"压缩包嵌套超过 {MAX_DEPTH} 层")
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield ScanItem(display, status="error", error_code="corrupt_file", message=f"压缩包损坏：{exc}")
        return
    declared = sum(i.file_size for i in infos)
    compressed = sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        yield ScanItem(display, status="error", error_code="zip_bomb",
                       message=f"压缩包含 {len(infos)} 个成员，超过上限 {MAX_ARCHIVE_MEMBERS}，未展开")
        return
    if declared > MAX_ARCHIVE_BYTES or declared / compressed > MAX_RATIO * 10:
        yield ScanItem(display, status="error", error_code="zip_bomb",
                       message=f"压缩包解压后 {declared} 字节，压缩比 {declared / compressed:.0f}，疑似压缩炸弹，未展开")
        return
    for info in infos:
        if info.is_dir():
            continue
        member = f"{display}!/{_member_name(info)}"
        if _unsafe_name(info.filename):
            yield ScanItem(member, status="error", error_code="path_traversal",
                           message="压缩包成员路径越界（含 ../ 或绝对路径），未展开")
            continue
        if info.flag_bits & 0x1:
            yield ScanItem(member, status="error", error_code="encrypted", message="压缩包成员已加密")
            continue
        if info.file_size > MAX_MEMBER_BYTES or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                                  and info.file_size > 10 * 1024 * 1024):
            yield ScanItem(member, status="error", error_code="zip_bomb",
                           message=f"成员解压后 {info.file_size} 字节，压缩比过高，未展开")
            continue
        try:
            with zf.open(info) as fh:
                payload = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
            yield ScanItem(member, status="error", error_code="corrupt_file", message=f"成员无法解压：{exc}")
            continue
        if len(payload) > MAX_MEMBER_BYTES:
            yield ScanItem(member, status="error", error_code="zip_bomb", message="成员实际解压大小超过上限")
            continue
        if not payload:
            yield ScanItem(member, sha256=hashlib.sha256(b"").hexdigest(), status="error",
                           error_code="empty_document", message="空文件")
            continue
        whole = payload.startswith((b"PK", OLE_MAGIC))
        kind, code, message = _classify(info.filename, payload if whole else payload[: 1 << 16])
        sha = hashlib.sha256(payload).hexdigest()
        if kind == "zip":
            yield from _zip_items(member, payload, depth + 1, (*chain, info.filename))
        elif kind == "document":
            # Not kept in memory: a large archive would hold every document at once.
            yield ScanItem(member, sha256=sha, size=len(payload), zip_chain=(*chain, info.filename))
        else:
            yield ScanItem(member, sha256=sha, size=len(payload), status="skipped" if kind == "skip" else "error",
                           error_code=code, message=message)
