"""Bad input gets a coded error, exit code 2 and one line on stderr — never a traceback."""

import subprocess
import sys
import zipfile

import pytest

from yushen.core.errors import ErrorCode, YushenError
from yushen.extract import read_document

from .builders import SAMPLE_OUTLINE, build_docx, build_pdf


def _code(path):
    with pytest.raises(YushenError) as exc:
        read_document(path)
    return exc.value.code


def test_truncated_pdf_is_corrupt(tmp_path):
    good = build_pdf(tmp_path / "a.pdf", SAMPLE_OUTLINE)
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(good.read_bytes()[:400])
    assert _code(bad) == ErrorCode.CORRUPT_FILE


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(72, 700, "hello")
    c.save()
    assert _code(path) == ErrorCode.ENCRYPTED


def test_image_only_pdf_has_no_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(3):
        c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    assert _code(path) == ErrorCode.NO_TEXT_LAYER


def test_unknown_binary_is_unsupported(tmp_path):
    path = tmp_path / "blob.pdf"  # wrong extension: the bytes decide
    path.write_bytes(bytes(range(256)) * 40)
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT


def test_zip_that_is_not_docx_is_unsupported(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT


def test_truncated_docx_is_corrupt(tmp_path):
    good = build_docx(tmp_path / "a.docx", SAMPLE_OUTLINE)
    bad = tmp_path / "b.docx"
    bad.write_bytes(good.read_bytes()[:2000])
    assert _code(bad) == ErrorCode.CORRUPT_FILE


@pytest.mark.parametrize("content", [b"", b"   \n\r\n  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert _code(path) == ErrorCode.EMPTY_DOCUMENT


def test_docx_renamed_to_pdf_is_read_as_docx(tmp_path):
    path = build_docx(tmp_path / "actually_docx.pdf", SAMPLE_OUTLINE)
    assert read_document(path).format == "docx"


def test_legacy_doc_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(YushenError) as exc:
        read_document(path)
    assert exc.value.code == ErrorCode.CONVERTER_MISSING
    assert "libreoffice" in exc.value.message.lower()


def test_cli_prints_one_line_and_exits_2(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>>\n")
    proc = subprocess.run([sys.executable, "-m", "yushen", "outline", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "corrupt_file" in proc.stderr
    assert "Traceback" not in proc.stderr
