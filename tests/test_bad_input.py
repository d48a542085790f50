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
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 40)
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT


@pytest.mark.parametrize("ext", ["pdf", "docx", "doc", "wps"])
def test_random_bytes_under_a_document_name_are_unsupported(tmp_path, ext):
    """A name that claims a document format with bytes of no known format (the scan makes it an error row)."""
    path = tmp_path / f"blob.{ext}"
    path.write_bytes(bytes(range(256)) * 40)
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT


DOWNLOAD_FAILED = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head><body>"
                   "<h1>文件下载失败</h1><p>您访问的页面不存在或已被删除，请返回首页。</p></body></html>")


@pytest.mark.parametrize("ext", ["pdf", "docx", "doc", "wps"])
def test_html_error_page_saved_as_a_document_is_unsupported(tmp_path, ext):
    path = tmp_path / f"可行性研究报告.{ext}"
    path.write_text(DOWNLOAD_FAILED, encoding="utf-8")
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT
    proc = subprocess.run([sys.executable, "-m", "yushen", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "unsupported_format" in proc.stderr and "Traceback" not in proc.stderr


def test_word_html_export_named_doc_is_still_read(tmp_path):
    """Word's "save as web page" and web systems' "export to Word" write HTML under .doc: that is a document."""
    path = tmp_path / "实施方案.doc"
    path.write_text("<html xmlns:w='urn:schemas-microsoft-com:office:word'><head><meta charset='utf-8'></head><body>"
                    "<h1>一、项目概况</h1><p>本项目建设全市统一的政务数据共享交换平台。</p></body></html>",
                    encoding="utf-8")
    assert read_document(path).format == "html"


def test_zip_that_is_not_docx_is_unsupported(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert _code(path) == ErrorCode.UNSUPPORTED_FORMAT


def test_docx_without_its_body_part_is_corrupt(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr("word/styles.xml", '<?xml version="1.0"?><w:styles/>')
    assert _code(path) == ErrorCode.CORRUPT_FILE


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


def test_converting_without_libreoffice_says_how_to_install(monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    with pytest.raises(YushenError) as exc:
        legacy.convert_to_docx(b"{\\rtf1\\ansi {\\b hello}}", "rtf")
    assert exc.value.code == ErrorCode.CONVERTER_MISSING
    assert "libreoffice" in exc.value.message.lower()


def test_damaged_doc_without_libreoffice_is_corrupt_not_converter_missing(tmp_path, monkeypatch):
    from yushen.extract import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(YushenError) as exc:
        read_document(path)
    assert exc.value.code == ErrorCode.CORRUPT_FILE


def test_cli_prints_one_line_and_exits_2(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>>\n")
    proc = subprocess.run([sys.executable, "-m", "yushen", "outline", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "corrupt_file" in proc.stderr
    assert "Traceback" not in proc.stderr
