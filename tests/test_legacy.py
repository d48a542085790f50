"""Legacy Word: a pure-Python reader for Word 97–2003 .doc / WPS (OLE + FIB + piece table) so an archive never
needs LibreOffice, and LibreOffice, when present, run in a box (profile, no macros, process group killed)."""

import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yushen.core.errors import ErrorCode, YushenError
from yushen.extract import read_document

from .builders import SAMPLE_OUTLINE, build_docx

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def write_ole(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding ``streams`` at the root. Streams are
    padded to 4096 bytes (zeros at the end, as Word streams often have) so every one lives in the regular
    FAT: no mini stream needed."""
    names = list(streams)
    blobs = [streams[n] + b"\0" * (-len(streams[n]) % 512 or 0) for n in names]
    blobs = [b if len(b) >= 4096 else b + b"\0" * (4096 - len(b)) for b in blobs]
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = []
    for blob in blobs:
        first = len(sectors)
        starts.append(first)
        count = len(blob) // 512
        for i in range(count):
            sectors.append(blob[i * 512:(i + 1) * 512])
            fat.append(first + i + 1 if i < count - 1 else ENDOFCHAIN)

    def entry(name: str, kind: int, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, start=ENDOFCHAIN, size=0):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child) + b"\0" * 16
                + struct.pack("<I", 0) + b"\0" * 16 + struct.pack("<IQ", start, size))

    # Directory: root, then the streams as a chain of right siblings in the (length, upper-case name) order.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    dir_index = {i: k + 1 for k, i in enumerate(order)}
    entries = [entry("Root Entry", 5, child=dir_index[order[0]])]
    for k, i in enumerate(order):
        right = dir_index[order[k + 1]] if k + 1 < len(order) else NOSTREAM
        entries.append(entry(names[i], 2, right=right, start=starts[i], size=len(blobs[i])))
    while len(entries) % 4:
        entries.append(entry("", 0))
    dir_start = len(sectors)
    dir_blob = b"".join(entries)
    n_dir = len(dir_blob) // 512
    for i in range(n_dir):
        sectors.append(dir_blob[i * 512:(i + 1) * 512])
        fat.append(dir_start + i + 1 if i < n_dir - 1 else ENDOFCHAIN)
    n_fat = 1
    while (len(sectors) + n_fat) > n_fat * 128:
        n_fat += 1
    fat_start = len(sectors)
    fat += [FATSECT] * n_fat
    fat += [FREESECT] * (n_fat * 128 - len(fat))
    fat_blob = struct.pack(f"<{len(fat)}I", *fat)
    for i in range(n_fat):
        sectors.append(fat_blob[i * 512:(i + 1) * 512])
    difat = [fat_start + i for i in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == 512
    return header + b"".join(sectors)


def write_doc(pieces: list[tuple[str, bool]], *, encrypted: bool = False, extra_text: str = "") -> bytes:
    """A Word 97 file whose main text is ``pieces`` (text, compressed?) — compressed pieces are 8-bit,
    the others UTF-16LE — followed by ``extra_text`` outside ccpText (as footnotes or headers are)."""
    pieces = [*pieces, (extra_text, False)] if extra_text else pieces
    fib = bytearray(1024)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x0A, 0x0200 | (0x0100 if encrypted else 0))  # fWhichTblStm = 1Table
    off = 32
    struct.pack_into("<H", fib, off, 14)
    off += 2 + 28
    struct.pack_into("<H", fib, off, 22)
    lw = off + 2
    ccp_text = sum(len(t) for t, _ in pieces) - len(extra_text)
    struct.pack_into("<I", fib, lw + 12, ccp_text)
    off = lw + 88
    struct.pack_into("<H", fib, off, 0x5D)
    fclcb = off + 2
    word = bytearray(fib)
    cps, pcds, cp = [0], [], 0
    for text, compressed in pieces:
        fc = len(word)
        if compressed:
            word += text.encode("cp1252")
            fc_field = (fc * 2) | 0x40000000
        else:
            word += text.encode("utf-16-le")
            fc_field = fc
        cp += len(text)
        cps.append(cp)
        pcds.append(struct.pack("<HIH", 0, fc_field, 0))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(pcds)
    table = b"\x01" + struct.pack("<H", 3) + b"\0\0\0" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table_prefix = b"\0" * 64  # the Clx need not start the table stream
    struct.pack_into("<II", word, fclcb + 33 * 8, len(table_prefix), len(table))
    return write_ole({"WordDocument": bytes(word), "1Table": table_prefix + table})


def write_styled_doc(paragraphs: list[tuple[str, int, int | None]]) -> bytes:
    """A Word 97 file of (text, istd, outline level or None) paragraphs in one UTF-16 piece, with one PAPX page
    giving each paragraph its style index (istd 1–9 are the built-in Heading 1–9) and, when given, an outline
    level (sprmPOutLvl)."""
    text = "".join(t + "\r" for t, _, _ in paragraphs)
    fib = bytearray(1024)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x0A, 0x0200)
    struct.pack_into("<H", fib, 32, 14)
    struct.pack_into("<H", fib, 62, 22)
    struct.pack_into("<I", fib, 64 + 12, len(text))
    struct.pack_into("<H", fib, 64 + 88, 0x5D)
    fclcb = 64 + 88 + 2
    word = bytearray(fib) + text.encode("utf-16-le")
    word += b"\0" * (-len(word) % 512)
    pn = len(word) // 512
    fkp = bytearray(512)
    crun = len(paragraphs)
    fcs, fc = [1024], 1024
    for t, _, _ in paragraphs:
        fc += 2 * (len(t) + 1)
        fcs.append(fc)
    struct.pack_into(f"<{crun + 1}I", fkp, 0, *fcs)
    free = 510
    for j, (_, istd, outline) in enumerate(paragraphs):
        grpprl = struct.pack("<H", istd) + (struct.pack("<HB", 0x2640, outline) if outline is not None else b"")
        grpprl += b"\0" * (len(grpprl) % 2)
        papx = bytes([0, len(grpprl) // 2]) + grpprl
        free -= len(papx) + (len(papx) % 2)
        fkp[free:free + len(papx)] = papx
        fkp[4 * (crun + 1) + 13 * j] = free // 2
    fkp[511] = crun
    word += fkp
    cps = [0, len(text)]
    plc = struct.pack("<2I", *cps) + struct.pack("<HIH", 0, 1024, 0)
    table = b"\x02" + struct.pack("<I", len(plc)) + plc
    bte = struct.pack("<3I", fcs[0], fcs[-1], pn)
    struct.pack_into("<II", word, fclcb + 33 * 8, 0, len(table))
    struct.pack_into("<II", word, fclcb + 13 * 8, len(table), len(bte))
    return write_ole({"WordDocument": bytes(word), "1Table": table + bte})


def test_pure_reader_gives_heading_levels_from_styles_and_outline_levels(tmp_path, monkeypatch):
    from yushen.analyze.segment import segment_headings
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "styled.doc"
    path.write_bytes(write_styled_doc([
        ("某县政务服务平台初步设计方案", 0, None), ("项目概况", 1, None), ("本项目建设政务服务平台。", 0, None),
        ("建设目标", 2, None), ("实现一网通办。", 0, None), ("网络安全", 0, 0),  # Normal style, outline level 1
        ("按等保二级建设。", 0, None)]))
    doc = read_document(path)
    assert [(b.text, b.outline_level) for b in doc.blocks] == [
        ("某县政务服务平台初步设计方案", None), ("项目概况", 1), ("本项目建设政务服务平台。", None), ("建设目标", 2),
        ("实现一网通办。", None), ("网络安全", 1), ("按等保二级建设。", None)]
    tree = segment_headings(doc)
    assert [(s.title, s.level) for s in tree.sections()] == [("项目概况", 1), ("建设目标", 2), ("网络安全", 1)]


TEXT = [("某市政务数据共享平台项目可行性研究报告\r第一章 项目概况\r", False),
        ("Project code: ABC-2024 \x13 HYPERLINK \"http://x\" \x14see site\x15 \u2013 done\r", True),
        ("本项目总投资 350 万元。\x07单元格甲\x07单元格乙\x07\x07\r第二章 网络安全\r按等保三级建设。\r", False)]


def test_doc_without_libreoffice_is_read_by_the_pure_reader(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(write_doc(TEXT, extra_text="脚注不属于正文\r"))
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert texts == ["某市政务数据共享平台项目可行性研究报告", "第一章 项目概况",
                     "Project code: ABC-2024 see site \u2013 done", "本项目总投资 350 万元。", "单元格甲", "单元格乙",
                     "第二章 网络安全", "按等保三级建设。"]
    assert doc.format == "doc"
    assert any("without LibreOffice" in w for w in doc.warnings)


def test_wps_in_the_word_ole_format_is_read(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "方案.wps"
    path.write_bytes(write_doc(TEXT))
    doc = read_document(path)
    assert doc.format == "wps" and doc.blocks[1].text == "第一章 项目概况"


def test_encrypted_doc_and_damaged_doc_are_coded(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    locked = tmp_path / "locked.doc"
    locked.write_bytes(write_doc(TEXT, encrypted=True))
    with pytest.raises(YushenError) as exc:
        read_document(locked)
    assert exc.value.code == ErrorCode.ENCRYPTED
    good = write_doc(TEXT)
    broken = tmp_path / "broken.doc"
    broken.write_bytes(good[:1536])  # header and a sector: the streams are cut off
    with pytest.raises(YushenError) as exc:
        read_document(broken)
    assert exc.value.code == ErrorCode.CORRUPT_FILE


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@needs_soffice
def test_a_doc_saved_by_libreoffice_reads_the_same_with_and_without_it(tmp_path, monkeypatch):
    src = build_docx(tmp_path / "proposal.docx", SAMPLE_OUTLINE)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=300,
                   check=True, env={**os.environ, "HOME": str(tmp_path)})
    doc_path = tmp_path / "proposal.doc"
    with_lo = read_document(doc_path)
    assert any("LibreOffice" in w for w in with_lo.warnings)
    assert any(b.outline_level for b in with_lo.blocks), "LibreOffice keeps the heading styles"
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    pure = read_document(doc_path)
    assert [(b.text, b.outline_level) for b in pure.blocks] == [
        (b.text, b.outline_level) for b in with_lo.blocks if b.kind == "paragraph"]


FAKE_SOFFICE = """#!{python}
import os, subprocess, sys, time
args = sys.argv[1:]
profile = [a for a in args if a.startswith("-env:UserInstallation=file://")][0].split("file://", 1)[1]
xcu = open(os.path.join(profile, "user", "registrymodifications.xcu")).read()
child = subprocess.Popen(["sleep", "300"])
with open(os.environ["FAKE_SOFFICE_LOG"], "w") as fh:
    fh.write(repr({{"args": args, "child": child.pid, "xcu": xcu, "home": os.environ["HOME"]}}))
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_soffice_is_boxed_and_killed_whole_on_timeout(tmp_path, monkeypatch):
    import ast

    from yushen.extract import legacy

    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "fake.log"
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT_S", 3)
    with pytest.raises(YushenError) as exc:
        legacy.convert_to_docx(b"{\\rtf1 hello}", "rtf")
    assert exc.value.code == ErrorCode.CONVERSION_FAILED
    seen = ast.literal_eval(log.read_text(encoding="utf-8"))
    deadline = time.time() + 10
    while _alive(seen["child"]) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(seen["child"]), "the soffice child must die with its process group"
    assert "--headless" in seen["args"]
    assert "DisableMacrosExecution" in seen["xcu"] and "<value>3</value>" in seen["xcu"]
    profile_root = Path(seen["home"])
    assert profile_root.name.startswith("yushen-convert-") and not profile_root.exists(), "profile thrown away"


# As Chinese Word writes RTF: code page 1252 with GB2312 fonts, GBK bytes as \'hh pairs, \uN with a two-byte
# fallback (\uc2), destinations to skip (font table, info, {\*\…}), a field, a table row.
CHINESE_WORD_RTF = "\n".join([
    r"{\rtf1\ansi\ansicpg1252\uc1\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\froman Times;}}",
    r"{\info{\title \'b2\'bb\'d3\'a6\'b3\'f6\'cf\'d6}{\author x}}{\*\generator Microsoft Word 11.0;}",
    r"\pard\plain\f0 \'c4\'b3\'ca\'d0\'d5\'fe\'ce\'f1\'c6\'bd\'cc\'a8\'ca\'b5\'ca\'a9\'b7\'bd\'b0\'b8\par",
    r"{\uc2\u19968\'d2\'bb\u12289\'a1\'a2}\'cf\'ee\'c4\'bf\'b8\'c5\'bf\'f6\par",
    r'Total: 350 {\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt see site}}\tab done\par',
    r"\trowd\intbl \'bc\'d7\cell \'d2\'d2\cell\row",
    r"{\*\bkmkstart a}{\footnote \'bd\'c5\'d7\'a2}\'b6\'fe\'a1\'a2\'cd\'f8\'c2\'e7\'b0\'b2\'c8\'ab\par}",
]).encode("latin-1")


def test_rtf_without_libreoffice_is_read_by_the_pure_reader(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "old.rtf"
    path.write_bytes(CHINESE_WORD_RTF)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == ["某市政务平台实施方案", "一、项目概况", "Total: 350 see site\tdone",
                                            "甲", "乙", "二、网络安全"]
    assert doc.format == "doc"


@needs_soffice
def test_an_rtf_saved_by_libreoffice_reads_the_same_with_and_without_it(tmp_path, monkeypatch):
    src = build_docx(tmp_path / "proposal.docx", SAMPLE_OUTLINE)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "rtf", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=300,
                   check=True, env={**os.environ, "HOME": str(tmp_path)})
    with_lo = read_document(tmp_path / "proposal.rtf")
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    pure = read_document(tmp_path / "proposal.rtf")
    assert [b.text for b in pure.blocks] == [b.text for b in with_lo.blocks if b.kind == "paragraph"]
