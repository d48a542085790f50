"""Resource limits for reading untrusted files: zip containers (DOCX, XLSX, archives) and the process's memory.

Zip limits are checked on the central directory before anything is inflated. The sizes it declares bind:
Python's zipfile never returns more bytes than a member declares (a member that lies fails its CRC check), so
capping declared sizes caps what python-docx or openpyxl can be made to inflate.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.errors import ErrorCode, YushenError

if TYPE_CHECKING:  # (zipfile is imported where a container is read: a PDF or text check has none)
    import zipfile

MAX_MEMBERS = 10_000  # a long proposal has a few hundred parts; an Excel export a few dozen
MAX_XML_BYTES = 256 * 1024 * 1024  # all the XML parts of one DOCX/XLSX, inflated
MAX_RATIO = 200  # a member inflating more than this (and to more than 10 MB) is a bomb
_SMALL = 10 * 1024 * 1024

# Parts python-docx must parse to give the text: XML and relationships. Everything else (media, embedded
# objects, fonts, thumbnails) is handed to it empty, so a huge picture or a bomb in a media part is never inflated.
_XML_SUFFIXES = (".xml", ".rels")


def check_zip(zf: zipfile.ZipFile, what: str, max_total: int = MAX_XML_BYTES,
              parts: tuple[str, ...] | None = None) -> list[zipfile.ZipInfo]:
    """Raise TOO_LARGE when the container has too many members, or the members that will be read (all, or
    those ending in ``parts``) would inflate past ``max_total`` or at a bomb's ratio. Returns those members."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise YushenError(ErrorCode.TOO_LARGE, f"{what} 含 {len(infos)} 个部件，超过上限 {MAX_MEMBERS} "
                                               f"(too many zip members: zip bomb?)")
    read = [i for i in infos if not i.is_dir() and (parts is None or i.filename.lower().endswith(parts))]
    total = 0
    for info in read:
        total += info.file_size
        if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise YushenError(ErrorCode.TOO_LARGE, f"{what} 的部件 {info.filename} 压缩比过高，疑似压缩炸弹 "
                                                   f"(zip bomb in {info.filename})")
    if total > max_total:
        raise YushenError(ErrorCode.TOO_LARGE, f"{what} 解压后 {total // 2**20} MB，超过上限 "
                                               f"{max_total // 2**20} MB (too large when inflated)")
    return read


def ooxml_text_parts(data: bytes, what: str = "DOCX") -> bytes:
    """The same package with only its XML parts inflated (checked against the limits) and every other part
    emptied: what python-docx needs to read the text, and nothing a bomb can hide in."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        wanted = {i.filename for i in check_zip(zf, what, parts=_XML_SUFFIXES)}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as dst:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                blob = zf.read(info) if info.filename in wanted else b""
                dst.writestr(info.filename, blob)
    return out.getvalue()


def cap_memory(max_mb: int | None) -> Callable[[], None]:
    """Cap this process's address space (RLIMIT_AS) so a pathological file ends in MemoryError, not in the
    machine swapping; never raises the limit. Returns the function that puts the previous soft limit back (a
    command run inside a longer-lived process — a test, an embedding program — must not leave it capped)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return lambda: None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if not max_mb:
        return lambda: None
    limit = int(max_mb) * 1024 * 1024
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    def restore() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (soft, resource.getrlimit(resource.RLIMIT_AS)[1]))

    return restore
