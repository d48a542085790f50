"""Headings at the margin over first-line-indented bodies (issue 11, red-team round 8 class 4).

In a body whose paragraphs indent their first line, the continuation lines sit at the left margin, and so do
headings set in the body's font and size. The reader joins a line to the one above when that one ran to the
right margin without ending a sentence; so where the margin is misjudged, or a sentence ends at it, a heading
was glued to the body line above it ("…难以支撑一网通办。1.2.建设目标与愿景") and a chapter to its first section
("第2章项目建设必要性及可行性2.1国内现状"). The pages are drawn here, one string a line, at known places; the
LibreOffice case exports a python-docx file as real proposals are made.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.extract.pdf import read_pdf_lines

FONT = "STSong-Light"  # CJK glyphs one em wide, Latin letters and digits half an em
SIZE = 11.0
LEFT = 72.0
# Unbreakable: a Latin or digit run with the closing marks after it; any other character with its closing marks.
# (A line may break after a hyphen: "GB/T 22239-" | "2019）；".)
_TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9/.:%]*-?[。，、；：）”]*|.[。，、；：）”]*")


def _draw(path, items):
    """``items``: ("h", text) a heading at the margin, ("c", text) a centred one, ("spread", text) one spread
    across the whole line (distributed alignment), all in the body's font and size; a string, a paragraph with
    its first line indented by two characters, wrapped at the right margin as a word processor does (a Latin
    run and its closing marks go down to the next line together)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    right = width - LEFT
    c = canvas.Canvas(str(path), pagesize=A4)
    y = height - 80

    def line(x, text, char_space=0.0):
        nonlocal y
        if y < 80:
            c.showPage()
            y = height - 80
        t = c.beginText(x, y)
        t.setFont(FONT, SIZE)
        t.setCharSpace(char_space)
        t.textOut(text)
        c.drawText(t)
        y -= SIZE * 1.8

    for it in items:
        if isinstance(it, tuple):
            kind, text = it
            w = pdfmetrics.stringWidth(text, FONT, SIZE)
            if kind == "h":
                line(LEFT, text)
            elif kind == "c":
                line((width - w) / 2, text)
            else:
                line(LEFT, text, (right - LEFT - w) / (len(text) - 1))
            continue
        x, cur = LEFT + 2 * SIZE, ""
        for tok in _TOKENS.findall(it):
            if x + pdfmetrics.stringWidth(cur + tok, FONT, SIZE) > right + 0.01:
                line(x, cur)
                x, cur = LEFT, ""
            cur += tok
        line(x, cur)
    c.save()
    return path


def _blocks(path):
    return [b.text for b in read_document(path).blocks if b.kind == "paragraph"]


def _titles(path):
    return ["".join(s.title.split()) for s in segment_headings(read_document(path)).sections()]


# A paragraph of three full lines (the first indented): with a few of these the right margin is known.
LONG = ("项目建设单位负责组织实施，按照统一规划、统一标准、统一建设、统一运维的原则推进各项工作，"
        "确保平台与市级政务云、数据共享交换平台和统一身份认证系统的对接，并做好与省级平台的级联。")


_CN = "一二三四五六七八九十"
_SENTENCES = ("需支持一件事集成办理和跨省通办。", "需新增智能导办、材料预审和电子档案归档功能。", "系统可用性不低于99.9%。",
              "依据软件开发成本度量规范编制。", "全部由市财政安排。", "成立项目组，聘请监理单位全过程监理。")


def _short_chapters(first: int, n: int) -> list:
    """Chapters ``first`` .. ``first + n - 1`` (centred), each with four sections a sentence long: an outline
    filled in briefly."""
    return [it for k in range(first, first + n)
            for it in [("c", f"{_CN[k - 1]}、第{k}部分建设内容")]
            + [x for m, title in enumerate(("总体要求", "主要内容", "分项说明", "保障措施"), 1)
               for x in (("h", f"{k}.{m}.{title}"), _SENTENCES[(k + m) % 6])]]


def test_margin_heading_after_a_short_paragraph_in_an_outline_of_short_paragraphs(tmp_path):
    """Most paragraphs a sentence long (an outline filled in briefly, as many real 可研 and 运维方案 are): most
    lines end a paragraph, anywhere in the column, so the column's edge is where the few long lines end, not the
    90th percentile of line ends. A short sentence then ends its paragraph and the heading under it (numbered or
    not) stays a block, and a centred chapter over its first section is two blocks."""
    items = [("c", "一、总论"), ("h", "1.1.项目背景"), "现有政务服务平台建于2018年，性能和功能已不能适应新的改革要求。",
             ("h", "1.2.项目目标"), LONG] + _short_chapters(2, 5) + [
             ("c", "七、运维服务"), ("h", "7.1 服务时间"), "工作日现场值守，节假日远程值守。",
             ("h", "行为规范"), "运维人员统一着装，遵守用户单位的管理制度和保密要求。",
             ("h", "服务规范"), "包括物理环境、网络、主机、数据库和应用系统的日常维护。",
             ("h", "性能优化服务"), "每季度开展一次性能分析，提出优化建议。"]
    pdf = _draw(tmp_path / "short.pdf", items)
    blocks = _blocks(pdf)
    for heading in (t for it in items if isinstance(it, tuple) for t in it[1:]):
        assert heading in blocks, (heading, blocks)
    assert LONG in blocks  # a wrapped paragraph is still one block


def test_numbered_heading_after_a_sentence_that_ends_at_the_margin_starts_a_block(tmp_path):
    """A paragraph whose last sentence ends exactly at the right margin, and a section number written without a
    space ("1.2.建设目标", "2.1国内现状") at the margin under it: a new block, not the paragraph going on."""
    full = "群众和企业对政务服务便捷度的期待不断提高，现有系统难以支撑一网通办，需要整合受理、审批和评价" \
           "环节，形成统一的政务服务入口和统一的数据底座，全面提升网上办事体验。"
    assert len(full) == 39 + 41  # the indented first line holds 39 characters, the second 41: the 。 is the last
    items = [("h", "第1章 项目概况"), ("h", "1.1.项目背景"), full, ("h", "1.2.建设目标与愿景"), LONG,
             ("h", "1.3 研究范围"), full, ("h", "2.1国内“数字城管”建设现状"), LONG, LONG]
    pdf = _draw(tmp_path / "edge.pdf", items)
    blocks = _blocks(pdf)
    assert blocks.count(full) == 2, blocks
    assert {"1.2.建设目标与愿景", "1.3 研究范围", "2.1国内“数字城管”建设现状"} <= set(blocks)


def test_chapter_spread_across_the_line_over_its_first_section_is_two_blocks(tmp_path):
    """A chapter title in distributed alignment runs from margin to margin, so it reads as a line that wrapped;
    a numbered line under it, short and not a sentence, is its first section, not its continuation."""
    items = [("spread", "第二章 项目建设必要性及可行性"), ("h", "2.1国内建设现状"), LONG, LONG,
             ("spread", "五、投资估算与资金筹措"), ("h", "5.1.投资估算依据与范围"), LONG, LONG]
    pdf = _draw(tmp_path / "spread.pdf", items)
    titles = _titles(pdf)
    assert titles == ["第二章项目建设必要性及可行性", "2.1国内建设现状", "五、投资估算与资金筹措",
                      "5.1.投资估算依据与范围"], titles


@pytest.mark.parametrize("paragraph", [
    # broken mid-sentence at the margin (the first line holds 39 characters); the next line opens with a number
    # that is a quantity or a reference, under a first line that opens with a number too
    "本期项目新建政务云资源池，部署应用服务器、数据库服务器和安全设备，新增设备共计"
    "12台服务器和3套存储设备，均部署在市政务云。",
    "本期项目新建政务云资源池，部署应用服务器、数据库服务器和安全设备，配置明细详见"
    "表3-1，软件部分另见附件。",
    "（一）数据共享平台建设：按照全市政务信息资源目录梳理共享需求，接口规范和要求见"
    "1.2节所述内容，由市大数据中心组织实施。",
], ids=["measure", "table-ref", "section-ref"])
def test_wrapped_body_lines_that_open_with_a_number_stay_one_paragraph(tmp_path, paragraph):
    items = [("h", "1.1 项目背景"), LONG, paragraph, LONG, ("h", "1.2 建设内容"), LONG]
    pdf = _draw(tmp_path / "wrapped.pdf", items)
    assert [ln.text[:3] for ln in read_pdf_lines(pdf.read_bytes())[0]][5] in ("12台", "表3-", "1.2")
    blocks = _blocks(pdf)
    assert paragraph.replace(" ", "") in [b.replace(" ", "") for b in blocks], blocks


@pytest.mark.parametrize(("paragraph", "run"), [
    ("保障市电子政务外网和政务云平台全天候稳定运行，各项服务指标按合同考核并纳入年度绩效评价体系，按月报送运行报告，"
     "市大数据中心按季度组织检查，系统可用率不低于99.9%。故障发生后两小时内到场处置。", "99.9%。"),
    ("项目依据《信息安全技术 网络安全等级保护基本要求》开展等级保护的设计工作，测评工作由具备资质的测评机构依据"
     "国家标准规定开展并按期出具测评报告书（GB/T 22239-2019）；密码应用按照国家密码管理部门的要求同步规划、同步建设、"
     "同步运行。", "2019）；"),
], ids=["percent", "standard-year"])
def test_line_short_of_the_margin_before_a_run_with_its_closing_marks_stays_one_paragraph(tmp_path, paragraph, run):
    """A line ends three characters short of the margin because the number after it, with the closing marks that
    may not start a line ("99.9%。", "2019）；"), did not fit there: the paragraph goes on. In an outline of short
    paragraphs too, where the margin is where the longest lines end."""
    items = [("h", "1.1 项目背景"), LONG, paragraph, LONG] + _short_chapters(2, 4)
    pdf = _draw(tmp_path / "run.pdf", items)
    lines = read_pdf_lines(pdf.read_bytes())[0]
    k = next(k for k, ln in enumerate(lines) if ln.text.startswith(run))
    assert lines[k - 1].x1 < max(ln.x1 for ln in lines) - 2 * SIZE  # the place this test is about
    assert paragraph.replace(" ", "") in [b.replace(" ", "") for b in _blocks(pdf)]


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@needs_soffice
def test_libreoffice_outline_with_headings_in_the_body_font_keeps_every_heading(tmp_path):
    """The form the red team met: a Word file (chapters centred, sections at the margin, all in the body's font,
    bodies first-line indented and a sentence or two long) exported to PDF by LibreOffice."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    outline = [(1, "一、总论"), (2, "1.1.项目背景"), "现有政务服务平台建于2018年，性能和功能已不能适应新的改革要求。",
               (2, "1.2.项目建设的必要性"), "升级改造是落实高效办成一件事要求的需要。",
               (2, "1.3.项目目标与建设内容"), LONG,
               (1, "二、项目需求分析与现状评估"), (2, "2.1.业务需求分析"), "需支持一件事集成办理和跨省通办。",
               (2, "2.2.数据需求分析"), "需通过市数据共享交换平台调用户籍、婚姻、社保、不动产等数据，按照政务信息资源"
               "目录梳理共享需求32项。",
               (2, "2.3.安全需求分析"), "平台定为等保三级，需满足安全通用要求和云计算扩展要求。",
               (1, "三、技术架构与系统设计"), (2, "3.1.总体架构设计"), "保持原有分层架构，引入服务中台。",
               (2, "3.2.基础设施设计"), "扩容市政务云资源，新增虚拟机16台、存储30TB。",
               (2, "3.3.数据架构设计"), "建设办件库、证照库和材料库，向数据共享平台开放共享。",
               (1, "四、投资估算与资金筹措"), (2, "4.1.投资估算依据与范围"), "依据软件开发成本度量规范编制。",
               (2, "4.2.资金筹措方案"), "全部由市财政安排。"]
    outline += [(1 if it[0] == "c" else 2, it[1]) if isinstance(it, tuple) else it for it in _short_chapters(5, 3)]
    d = docx.Document()
    for it in outline:
        p = d.add_paragraph(it[1] if isinstance(it, tuple) else it)
        if isinstance(it, tuple):
            if it[0] == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.paragraph_format.first_line_indent = Pt(24)
    d.save(str(tmp_path / "outline.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "outline.docx")],
                   capture_output=True, timeout=300, check=True)
    blocks = ["".join(t.split()) for t in _blocks(tmp_path / "outline.pdf")]
    headings = ["".join(it[1].split()) for it in outline if isinstance(it, tuple)]
    assert [h for h in headings if h not in blocks] == []


@needs_soffice
def test_line_short_of_the_margin_before_a_character_its_closing_mark_took_down_stays_one_paragraph(tmp_path):
    """No line may start with a closing mark, so a word processor takes the character before it down too
    ("…建设单位为某区城市管理" | "局。"): with Latin runs in the line (API, 5G) the line above ends up to two
    characters short of the column's edge. It is not a paragraph's end."""
    import docx
    from docx.shared import Pt

    tail = "建设单位为某区城市管理局。"
    opening = "本项目依托市政务云平台部署，通过API与市数据共享交换平台和统一身份认证平台对接，实现业务数据归集，"
    filler = "并按照5G网络和IPv6统一标准规范开展系统建设与数据治理工作"
    # (each paragraph opens differently: a line repeated on every page would be a running header)
    paragraphs = [f"子项{''.join('〇一二三四五六七八九'[int(c)] for c in str(k))}：" + opening + filler[:n] + latin + tail
                  for k, (n, latin) in enumerate((n, latin) for n in range(len(filler))
                                                 for latin in ("", "i", "AB", "Wi-Fi", "IPv6", "5G", "m"))]
    d = docx.Document()
    for text in paragraphs:
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(22)
        p.add_run(text).font.name = "WenQuanYi Micro Hei"  # one face for Latin and Chinese alike
    d.save(str(tmp_path / "wrap.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "wrap.docx")],
                   capture_output=True, timeout=300, check=True)
    lines = read_pdf_lines((tmp_path / "wrap.pdf").read_bytes())[0]
    carried = [k for k, ln in enumerate(lines) if re.match(r"^[\u4e00-\u9fff][。，、；：）”]", ln.text)]
    edge = max(ln.x1 for ln in lines)
    # the place this test is about: a carried-down character under a line more than 1.5 characters short
    assert any(lines[k - 1].x1 < edge - 1.5 * lines[k - 1].font_size for k in carried), \
        [(lines[k - 1].x1, edge) for k in carried]
    assert len({ln.bold for ln in lines}) == 1  # one face: the weight tells no line from another
    assert ["".join(b.split()) for b in _blocks(tmp_path / "wrap.pdf")] == paragraphs


_FULL = "按照全市统一部署，本项目依托市政务云平台建设评估审查服务系统，与市数据共享交换平台和统一身份认证平台对接，" \
        "实现评估业务全程网上办理并按规定及时归档全部办件材料。"  # 80 characters: two lines, the second ends at the margin


@pytest.mark.parametrize(("items", "heading"), [
    ([("h", "1.1 总体要求"), _FULL, ("h", "第二条 细化评估审查的具体服务要点"), LONG], "第二条 细化评估审查的具体服务要点"),
    ([("h", "1.1 总体要求"), _FULL, ("h", "2.按要求组织专家评审"), LONG], "2.按要求组织专家评审"),
    ([("spread", "2.机房的基本条件和要求"), ("h", "2.1位置和基本要求"), LONG], "2.1位置和基本要求"),
], ids=["article", "list-item", "chapter-over-section"])
def test_an_article_or_a_single_level_number_starts_a_block_after_a_finished_line(tmp_path, items, heading):
    """"第二条 …" and "2.按要求…" under a sentence that ends at the margin, and "2.1…" under a chapter "2.…" spread
    across the line: the reader's test for a numbered opening knew 第X章/节 and decimals of two levels, not the
    articles of a 章/节/条 outline or a one-level "N." before a Chinese word, so the line was glued to the one above."""
    assert len(_FULL) == 80
    pdf = _draw(tmp_path / "numbered.pdf", items)
    assert "".join(heading.split()) in ["".join(b.split()) for b in _blocks(pdf)]
