"""Legacy DOC / WPS / RTF: convert to DOCX with LibreOffice when it is installed, in a box.

The box: a throw-away user profile (``-env:UserInstallation``) whose settings forbid macros, HOME, TMPDIR and
the XDG folders inside the same temporary folder, its own process group (soffice forks ``oosplash`` → ``soffice.bin``) killed
whole on timeout or when it ends, an address-space cap and a file-size cap (RLIMIT_FSIZE) on what it writes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import ErrorCode, YushenError

CONVERT_TIMEOUT_S = 180
MAX_OUTPUT_BYTES = 256 * 1024 * 1024
MAX_MEMORY_BYTES = 4 * 1024 * 1024 * 1024

# Macro security "very high" and macro execution off, written into the fresh profile before the first start.
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel"
 oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution"
 oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value>
</prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _limits() -> None:  # runs in the child between fork and exec
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MAX_MEMORY_BYTES:
        resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY_BYTES, hard))


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


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
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
               "--nodefault", "--nolockcheck", "--norestore", "--convert-to", "docx", "--outdir", str(outdir),
               str(src)]
        # Everything it would write for the user (profile, dconf, caches) stays in the folder thrown away.
        env = {**os.environ, "HOME": tmp, "TMPDIR": tmp, "XDG_CONFIG_HOME": f"{tmp}/config",
               "XDG_CACHE_HOME": f"{tmp}/cache", "XDG_DATA_HOME": f"{tmp}/data", "GSETTINGS_BACKEND": "memory"}
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env, cwd=tmp, start_new_session=True, preexec_fn=_limits)
        try:
            proc.wait(timeout=CONVERT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            proc.wait()
            raise YushenError(ErrorCode.CONVERSION_FAILED,
                              f"LibreOffice 转换超过 {CONVERT_TIMEOUT_S} 秒，已终止 (conversion timed out)") from None
        finally:
            _kill_group(proc.pid)  # whatever it left running (a stray soffice.bin) goes with it
        out = outdir / "input.docx"
        if not out.exists():
            raise YushenError(ErrorCode.CORRUPT_FILE,
                              f"LibreOffice 无法转换该 {suffix.upper()} 文件，文件可能已损坏 (conversion failed)")
        if out.stat().st_size >= MAX_OUTPUT_BYTES:
            raise YushenError(ErrorCode.TOO_LARGE, "LibreOffice 转换结果过大 (converted file too large)")
        return out.read_bytes()
