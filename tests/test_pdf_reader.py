from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import SAMPLE_OUTLINE, build_pdf

EXPECTED = [(lvl, t) for lvl, t in (i for i in SAMPLE_OUTLINE if isinstance(i, tuple))]


def _tree(doc):
    return [(s.level, "".join(s.title.split())) for s in segment_headings(doc).sections()]


def _exp():
    return [(lvl, "".join(t.split())) for lvl, t in EXPECTED]


def test_pdf_tree_from_font_sizes_and_numbering(tmp_path):
    doc = read_document(build_pdf(tmp_path / "p.pdf", SAMPLE_OUTLINE, title_page=["某市数据共享平台", "可行性研究报告"]))
    assert _tree(doc) == _exp()
    secs = segment_headings(doc).sections()
    assert secs[0].page == 2  # page 1 is the cover


def test_running_header_and_page_numbers_are_dropped(tmp_path):
    header = "某市数据共享交换平台建设项目可行性研究报告"
    doc = read_document(build_pdf(tmp_path / "p.pdf", SAMPLE_OUTLINE * 3, header=header, footer="of"))
    text = doc.text()
    assert header not in text
    assert "第 1 页" not in text and "共" not in text.replace("共享", "")
    doc2 = read_document(build_pdf(tmp_path / "q.pdf", SAMPLE_OUTLINE * 3, header=header, footer="dash"))
    assert not any(b.text.strip().startswith("- ") for b in doc2.blocks)


def test_lines_broken_inside_a_sentence_are_rejoined(tmp_path):
    doc = read_document(build_pdf(tmp_path / "p.pdf", SAMPLE_OUTLINE))
    long_para = SAMPLE_OUTLINE[8]
    assert any(b.text == long_para for b in doc.blocks)


def test_numbered_list_items_in_body_are_not_headings(tmp_path):
    doc = read_document(build_pdf(tmp_path / "p.pdf", SAMPLE_OUTLINE))
    titles = [s.title for s in segment_headings(doc).sections()]
    assert not any(t.startswith(("1. 系统", "2. 系统")) for t in titles)


def test_radical_code_points_in_text_layer_are_normalised(tmp_path):
    items = [(1, "第⼀章 总 则"), "鄂尔多斯市⼈⺠政府各部⻔应当加强项⽬管理，提⾼资⾦使⽤效益。"]
    doc = read_document(build_pdf(tmp_path / "r.pdf", items))
    text = doc.text()
    assert "人民政府各部门" in text and "项目管理" in text
    assert not any("\u2e80" <= ch <= "\u2fdf" for ch in text)
    assert _tree(doc)[0] == (1, "第一章总则")


def test_toc_page_is_left_out_of_the_tree(tmp_path):
    doc = read_document(build_pdf(tmp_path / "t.pdf", SAMPLE_OUTLINE, toc=True))
    assert _tree(doc) == _exp()
    assert "1.1项目背景" in {"".join(t.split()) for t in doc.toc}


def test_pdf_bookmarks_decide_headings(tmp_path):
    doc = read_document(build_pdf(tmp_path / "o.pdf", SAMPLE_OUTLINE, outline=True))
    assert len(doc.outline) == len(EXPECTED)
    secs = segment_headings(doc).sections()
    assert [(s.level, "".join(s.title.split())) for s in secs] == _exp()
    assert all(s.decided_by == "pdf-outline" for s in secs)


def test_line_ended_early_before_an_unbreakable_latin_run_is_rejoined(tmp_path):
    """Word wraps before "（GB/T 36964-2018）" when it does not fit: the short line still continues."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "w.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 12)
    body = "本项目依托市政务云平台部署，与市数据共享交换平台、统一身份认证平台对接，实现业务数据的归集和共享。"
    y = 700
    for _ in range(3):
        first = True
        for line in (body[:36], body[36:] + body[:20]):
            c.drawString(72 + (24 if first else 0), y, line)
            first, y = False, y - 20
        y -= 10
    c.drawString(96, y, "（2）应用软件开发费用参照国家标准《软件研发成本度量规范》")
    c.drawString(72, y - 20, "（GB/T 36964-2018）按功能点法测算；")
    c.save()
    doc = read_document(path)
    assert any(b.text == "（2）应用软件开发费用参照国家标准《软件研发成本度量规范》（GB/T 36964-2018）按功能点法测算；"
               for b in doc.blocks)


def test_a_hyphen_at_the_end_of_a_line_joins_its_word_without_a_blank(tmp_path):
    """"GB/T 22239-" | "2019": a line broken after the hyphen of a standard's number (or of Wi-Fi) joins the
    next line's digits directly; a blank between them is for Latin words broken at a space."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "h.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 12)
    c.drawString(96, 700, "按照网络安全等级保护第三级要求建设，满足GB/T 22239-")
    c.drawString(72, 680, "2019的安全通用要求和云计算扩展要求。")
    c.save()
    from yushen.extract.pdf import read_pdf_lines

    lines = read_pdf_lines(path.read_bytes())[0]
    assert lines[0].text.endswith("22239-")  # the place this test is about
    assert [b.text for b in read_document(path).blocks] == \
        ["按照网络安全等级保护第三级要求建设，满足GB/T 22239-2019的安全通用要求和云计算扩展要求。"]
