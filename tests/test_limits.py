"""Resource limits on hostile zip containers: a bomb in a part the reader does not need is never inflated, too
many members or too many inflated XML bytes are a coded `too_large`, for DOCX and XLSX alike."""

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from yushen.core.errors import ErrorCode, YushenError
from yushen.extract import read_document


def _png() -> bytes:
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def media_bomb_docx(path, media_mb: int = 400):
    """A small DOCX (a few hundred KB) whose one picture inflates to ``media_mb`` MB of zeros."""
    import docx

    d = docx.Document()
    d.add_heading("一、项目概况", 1)
    d.add_paragraph("本项目建设全市政务数据共享交换平台，总投资 300 万元。")
    d.add_picture(io.BytesIO(_png()))
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in src.infolist():
            if info.filename.startswith("word/media/"):
                with zf.open(info.filename, "w", force_zip64=True) as fh:
                    for _ in range(media_mb):
                        fh.write(b"\0" * (1 << 20))
            else:
                zf.writestr(info.filename, src.read(info))
    return path


READ = """
import sys
from yushen.extract import read_document
doc = read_document(sys.argv[1])
print(" ".join(b.text for b in doc.blocks))
"""
# Linux carries the parent's resident size at fork into the child's ru_maxrss (even across exec), so the reader
# runs as the child of a small launcher process and the launcher reports its children's peak.
PEAK = """
import json, resource, subprocess, sys
proc = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], capture_output=True, text=True)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "text": proc.stdout,
                  "rc": proc.returncode, "stderr": proc.stderr[-2000:]}))
"""


def test_docx_with_a_400mb_media_part_is_read_within_bounded_memory(tmp_path):
    path = media_bomb_docx(tmp_path / "bomb.docx")
    assert path.stat().st_size < 2 * 1024 * 1024
    proc = subprocess.run([sys.executable, "-c", PEAK, READ, str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["rc"] == 0, out["stderr"]
    assert "数据共享交换平台" in out["text"]
    # Inflating the picture alone would take 400 MB; the reader itself needs well under 150 MB.
    assert out["peak_mb"] < 150, out["peak_mb"]


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、项目概况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_with_too_many_members_is_too_large(tmp_path):
    from yushen.extract import limits

    path = tmp_path / "many.docx"
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    with zipfile.ZipFile(path, "w") as zf:
        for info in src.infolist():
            zf.writestr(info.filename, src.read(info))
        for i in range(limits.MAX_MEMBERS + 1):
            zf.writestr(f"customXml/x{i}.bin", b"")
    with pytest.raises(YushenError) as exc:
        read_document(path)
    assert exc.value.code == ErrorCode.TOO_LARGE


def test_docx_with_a_bomb_in_an_xml_part_is_too_large(tmp_path):
    path = tmp_path / "xmlbomb.docx"
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, src.read(info))
        with zf.open("word/glossary/document.xml", "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(b" " * (1 << 20))
    with pytest.raises(YushenError) as exc:
        read_document(path)
    assert exc.value.code == ErrorCode.TOO_LARGE


def test_xlsx_inventory_bomb_is_too_large_before_openpyxl(tmp_path):
    from openpyxl import Workbook

    from yushen.inventory.importer import read_inventory

    wb = Workbook()
    wb.active.append(["系统代码", "应用名称", "使用单位"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    path = tmp_path / "inventory.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zf.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(src.read(info))
                    for _ in range(300):
                        fh.write(b" " * (1 << 20))
            else:
                zf.writestr(info.filename, src.read(info))
    with pytest.raises(YushenError) as exc:
        read_inventory(path)
    assert exc.value.code == ErrorCode.TOO_LARGE


def test_check_runs_under_a_memory_cap(tmp_path):
    """`check --max-memory-mb` caps the address space: a file whose reading needs more ends as a coded
    memory_limit error (exit 2, one line), not an out-of-memory kill."""
    small = tmp_path / "small.txt"
    small.write_text("某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n", encoding="utf-8")
    big = tmp_path / "big.txt"  # 256 MB of text: its bytes and its decoded text alone pass 500 MB
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(40):
            fh.write("一、项目概况 本项目建设数据共享平台 abcdefghij\n" * 100_000)
    proc = subprocess.run([sys.executable, "-m", "yushen", "check", str(small), str(big), "--max-memory-mb", "500",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    records = {r["document"]["path"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert records[str(big)]["error"]["code"] == "memory_limit"
    assert records[str(small)]["status"] == "ok"  # the cap leaves room for ordinary files


def test_check_in_process_leaves_the_memory_limit_as_it_found_it(tmp_path):
    """Run inside a longer-lived process (a test session, a program embedding the CLI), `check` must not leave
    the cap behind: a browser or a cluster started later would inherit it."""
    import resource

    from typer.testing import CliRunner

    from yushen.cli import app

    path = tmp_path / "p.txt"
    path.write_text("某市平台实施方案\n一、项目概况\n\u3000\u3000项目总投资80万元。\n", encoding="utf-8")
    before = resource.getrlimit(resource.RLIMIT_AS)
    seen = []
    import yushen.pipeline as pipeline

    real = pipeline.review_file

    def spy(*a, **k):
        seen.append(resource.getrlimit(resource.RLIMIT_AS)[0])
        return real(*a, **k)

    pipeline.review_file = spy
    try:
        result = CliRunner().invoke(app, ["check", str(path), "--max-memory-mb", "3000"])
    finally:
        pipeline.review_file = real
    assert result.exit_code in (0, 1), result.output
    assert seen == [3000 * 1024 * 1024]  # capped while it ran
    assert resource.getrlimit(resource.RLIMIT_AS) == before
