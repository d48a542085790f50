"""Scanned proposals: a generated proposal rendered to an image without a text layer, recognised with the PP-OCR
models shipped in rapidocr-onnxruntime, back into headings and sentences."""

import io

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from yushen.analyze.segment import segment_headings  # noqa: E402
from yushen.extract import read_document  # noqa: E402
from yushen.extract.normalize import compact  # noqa: E402

from .builders import build_pdf  # noqa: E402

ITEMS = [
    (1, "第一章 项目概述"),
    "项目名称为某市数据共享交换平台建设项目，项目总投资三百五十万元，建设周期十二个月。",
    (1, "第二章 网络安全"),
    "系统按照网络安全等级保护第三级要求进行设计和建设。",
]


def _page_image(tmp_path, dpi=200, seal=False, items=ITEMS):
    import pypdfium2 as pdfium

    pdf = build_pdf(tmp_path / "src.pdf", items)
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=dpi / 72).to_pil().convert("RGB")
    if seal:
        from PIL import ImageDraw

        draw = ImageDraw.Draw(image)
        cx, cy, r = image.width // 2, int(image.height * 0.2), int(dpi * 0.7)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30), width=int(dpi / 25))
        draw.text((cx - r // 2, cy), "公章", fill=(220, 30, 30))
    return image


def _scan_pdf(tmp_path, **kw):
    image = _page_image(tmp_path, **kw)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=200)  # image only: no text layer
    return path


def test_scanned_pdf_becomes_headings_and_sentences(tmp_path):
    doc = read_document(_scan_pdf(tmp_path))
    tree = segment_headings(doc)
    assert [compact(s.title) for s in tree.sections()] == ["第一章项目概述", "第二章网络安全"]
    assert "等级保护第三级" in compact(doc.text())
    assert doc.ocr_confidence and doc.ocr_confidence[0][1] > 0.9


def test_red_seal_does_not_break_the_text(tmp_path):
    doc = read_document(_scan_pdf(tmp_path, seal=True))
    assert [compact(s.title) for s in segment_headings(doc).sections()] == ["第一章项目概述", "第二章网络安全"]
    assert "公章" not in doc.text()


def test_png_image_file_is_read(tmp_path):
    buf = io.BytesIO()
    _page_image(tmp_path).save(buf, "PNG", dpi=(200, 200))
    path = tmp_path / "page.png"
    path.write_bytes(buf.getvalue())
    doc = read_document(path)
    assert doc.pages == 1 and "项目总投资" in compact(doc.text())


def test_multi_page_tiff(tmp_path):
    first = _page_image(tmp_path)
    second = _page_image(tmp_path, items=[(1, "第三章 密码应用"), "按照同步规划、同步建设、同步运行的要求建设密码保障系统。"])
    path = tmp_path / "scan.tif"
    first.save(path, "TIFF", save_all=True, append_images=[second], dpi=(200, 200))
    doc = read_document(path)
    assert doc.pages == 2
    secs = segment_headings(doc).sections()
    assert [(compact(s.title), s.page) for s in secs] == [("第一章项目概述", 1), ("第二章网络安全", 1), ("第三章密码应用", 2)]


def test_findings_resting_only_on_low_confidence_pages_become_warnings(tmp_path):
    from dataclasses import replace

    from yushen.analyze.model_store import load_model
    from yushen.pipeline import analyse, choose_pack, review_tree
    from yushen.rules.registry import load_pack

    from .proposals import BREAKAGES, complete

    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    pdf = build_pdf(tmp_path / "p.pdf", breaker(items), title_page=title)
    tree, facts = analyse(pdf, load_model())
    evidence_page = facts.free_maintenance_months.page
    choice = choose_pack(facts)
    pack_id, why = choice.pack, choice.reason
    clean = review_tree(tree, facts, load_pack(pack_id), why)
    assert next(f for f in clean.findings if f.rule == rule_id).status == "fail"
    tree.document = replace(tree.document, ocr_confidence=((evidence_page, 0.62),))
    doubtful = review_tree(tree, facts, load_pack(pack_id), why)
    f = next(f for f in doubtful.findings if f.rule == rule_id)
    assert f.status == "warn" and "置信度低" in f.message
    assert any(e["code"] == "low_ocr_confidence" and e["page"] == evidence_page for e in doubtful.errors)
