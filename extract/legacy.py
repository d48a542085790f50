"""Legacy DOC / WPS / RTF: convert to DOCX with LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import ErrorCode, YushenError

CONVERT_TIMEOUT_S = 180


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(data: bytes, suffix: str) -> bytes:
    soffice = find_soffice()
    if soffice is None:
        raise YushenError(
            ErrorCode.CONVERTER_MISSING,
            f"读取 {suffix.upper()} 文件需要 LibreOffice，但未安装：请运行 apt-get install libreoffice-writer "
            f"（或把文件另存为 DOCX/PDF 后再提交） (LibreOffice is not installed)",
        )
    with tempfile.TemporaryDirectory(prefix="yushen-convert-") as tmp:
        src = Path(tmp) / f"input.{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise YushenError(ErrorCode.CONVERSION_FAILED, "LibreOffice 转换超时 (conversion timed out)") from None
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise YushenError(ErrorCode.CORRUPT_FILE,
                              f"LibreOffice 无法转换该 {suffix.upper()} 文件，文件可能已损坏 (conversion failed)")
        return out.read_bytes()
