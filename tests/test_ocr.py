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


# A scanned proposal with four numbering forms in three levels, long enough to fill more than a page.
PROPOSAL = [
    (1, "第一章 项目概述"),
    (2, "一、项目背景"),
    "本项目由某市大数据中心建设，旨在整合全市政务数据资源，提升政务服务效能，建设周期为十二个月。" * 2,
    (3, "（一）现状分析"),
    "现有系统分散建设，数据标准不统一，跨部门调用需要人工报送，难以满足一网通办的要求。" * 2,
    (3, "（二）存在问题"),
    "数据共享交换能力不足，缺少统一的身份认证和目录管理，安全防护措施不完善。",
    (2, "二、建设目标"),
    "建成统一的数据共享交换平台，实现跨部门数据共享，接口响应时间不超过1秒，可用性达到99.9%。" * 2,
    (1, "第二章 建设方案"),
    (2, "一、总体架构"),
    "平台采用分层架构，包括基础设施层、数据资源层、应用支撑层和业务应用层，部署于政务云。" * 3,
    (2, "二、网络安全"),
    "系统按照网络安全等级保护第三级要求进行设计和建设，采用SM2、SM3、SM4算法实现密码保护。" * 2,
    (1, "第三章 投资估算"),
    "项目总投资三百五十万元，资金来源为市级财政资金。",
]


def _scanned(tmp_path, items, dpi=170, turn=()):
    """Every page of a generated PDF rendered to an image-only PDF (a scan); pages in ``turn`` upside down."""
    import pypdfium2 as pdfium

    text_pdf = build_pdf(tmp_path / "text.pdf", items)
    src = pdfium.PdfDocument(str(text_pdf))
    images = []
    for k in range(len(src)):
        image = src[k].render(scale=dpi / 72).to_pil().convert("RGB")
        images.append(image.rotate(180) if k + 1 in turn else image)
    path = tmp_path / "scan.pdf"
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return text_pdf, path


def _outline(path):
    return [(s.level, compact(s.title)) for s in segment_headings(read_document(path)).sections()]


def test_scanned_proposal_keeps_heading_levels_at_the_default_resolution(tmp_path):
    text_pdf, scan = _scanned(tmp_path, PROPOSAL)
    expected = _outline(text_pdf)
    assert [lvl for lvl, _ in expected] == [1, 2, 3, 3, 2, 1, 2, 2, 1]  # the text PDF itself is read right
    assert _outline(scan) == expected


def test_upside_down_page_is_turned(tmp_path):
    text_pdf, scan = _scanned(tmp_path, PROPOSAL, turn=(1,))
    doc = read_document(scan)
    assert _outline(scan) == _outline(text_pdf)
    assert min(conf for _, conf in doc.ocr_confidence) > 0.9


def test_threads_default_to_the_cores_in_the_main_process_and_one_in_a_worker(monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from yushen.extract.ocr import ocr_threads

    monkeypatch.delenv("YUSHEN_OCR_THREADS", raising=False)
    import os

    assert ocr_threads() == len(os.sched_getaffinity(0))
    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(ocr_threads).result() == 1
    monkeypatch.setenv("YUSHEN_OCR_THREADS", "3")
    assert ocr_threads() == 3
