"""Heading-tree failure classes found by the second red-team round (issue 11): headings pasted with their
contents page reference, a tab between number and title in plain text, question headings, roman and letter
numbering, bracketed chapter titles, number and title in two paragraphs, annexes whose numbering restarts.
Every document is built here, in our own wording."""

from __future__ import annotations

from docx import Document as Docx
from docx.shared import Pt

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

_CN = "一二三四五六七八九十"
_CHAPTERS = ["基本情况", "需求分析", "建设目标", "技术方案", "安全保障", "投资估算", "实施计划", "效益评价"]
_SECTIONS = ["现状概述", "工作要点"]


def _body(ch: int, sec: int) -> str:
    return (f"此处说明第{ch}章第{sec}部分的工作内容，结合本单位业务系统的运行现状，给出拟采取的措施和"
            "预期成效，供评审专家审阅。")


def _outline(chapter_fmt, section_fmt, chapter_end: str = "", section_end: str = ""):
    """[(level, heading text, [body paragraphs])]: 8 chapters, each with a short opening and 2 sections."""
    out = []
    for c, title in enumerate(_CHAPTERS, start=1):
        out.append((1, chapter_fmt(c) + title + chapter_end(c) if callable(chapter_end) else
                    chapter_fmt(c) + title + chapter_end, [_body(c, 0)]))
        for s, sub in enumerate(_SECTIONS, start=1):
            out.append((2, section_fmt(c, s) + sub + (section_end(c, s) if callable(section_end) else section_end),
                        [_body(c, s)]))
    return out


def _chap(n: int) -> str:
    return f"第{_CN[n - 1]}章 "


def _dec2(c: int, s: int) -> str:
    return f"{c}.{s} "


def _docx(path, outline, *, heading=None, cover=("某市政务服务中心业务协同平台建设项目", "可行性研究报告")):
    """heading(level, paragraph, run) formats a heading; None leaves headings as plain Normal paragraphs."""
    doc = Docx()
    for line in cover:
        r = doc.add_paragraph().add_run(line)
        r.font.size, r.bold = Pt(22), True
    for level, text, paras in outline:
        p = doc.add_paragraph()
        run = p.add_run(text)
        if heading:
            heading(level, p, run)
        for para in paras:
            doc.add_paragraph(para).paragraph_format.first_line_indent = Pt(24)
    doc.save(path)
    return path


def _bold(level, p, run):
    run.bold = True
    run.font.size = Pt(16 if level == 1 else 14)


def _styled(level, p, run):
    p.style = f"Heading {level}"


def _tree(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


def _expected(outline):
    return [(lv, t) for lv, t, _ in outline]


# Class 1: headings pasted from a contents list keep their page reference; body text follows each.

def _with_ref(sep: str):
    pages = iter(range(3, 200))
    return lambda *_: sep + str(next(pages))


def test_headings_with_a_page_reference_outside_a_contents_list(tmp_path):
    for sep in ("……………………", "\t", "........"):
        plain = _outline(_chap, _dec2)
        outline = _outline(_chap, _dec2, _with_ref(sep), _with_ref(sep))
        for name, heading in (("bold", _bold), ("styled", _styled)):
            tree = _tree(_docx(tmp_path / f"{name}.docx", outline, heading=heading))
            assert tree == _expected(plain), (repr(sep), name)  # the titles carry no page number


def test_a_contents_list_of_leader_lines_is_still_no_heading(tmp_path):
    # The same titles with leaders as a run (a contents list typed by hand, no 目录 line), then the body.
    outline = _outline(_chap, _dec2)
    doc = Docx()
    for k, (_, text, _) in enumerate(outline, start=3):
        doc.add_paragraph(f"{text}…………………{k}")
    for level, text, paras in outline:
        _bold(level, doc.add_paragraph(), doc.paragraphs[-1].add_run(text))
        for para in paras:
            doc.add_paragraph(para)
    doc.save(tmp_path / "toc.docx")
    document = read_document(tmp_path / "toc.docx")
    assert len(document.toc) == len(outline)
    assert _tree(tmp_path / "toc.docx") == _expected(outline)


# Class 2: plain text saved from Word keeps the tab Word puts after an automatic number.

def _txt(path, outline, *, sep="\t", after=None):
    """Headings "number<sep>title" (sep None: as written), body indented with ideographic spaces; after(k) adds
    lines after heading k."""
    lines = ["某市政务服务中心业务协同平台建设项目", "可行性研究报告", ""]
    for k, (_, text, paras) in enumerate(outline):
        number, title = text.split(" ", 1) if " " in text and sep is not None else (text, "")
        lines.append(f"{number}{sep}{title}" if title else text)
        lines.extend("\u3000\u3000" + p for p in paras)
        if after:
            lines.extend(after(k))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_txt_tab_between_number_and_title(tmp_path):
    for chapter in (_chap, lambda n: f"{n} "):
        outline = _outline(chapter, _dec2)
        expected = _expected(outline)
        assert _tree(_txt(tmp_path / "tab.txt", outline)) == expected
        assert _tree(_txt(tmp_path / "space.txt", outline, sep=" ")) == expected


def test_txt_tab_rows_that_form_a_table_stay_a_table(tmp_path):
    # A price table under chapter 6 (header row, serial column, a total row with an empty cell), the chapter
    # right after it, and a two-row table (header and one numbered row) under chapter 2.
    price = ["序号\t费用名称\t金额（万元）\t备注", "1\t软件开发费\t210.00\t", "2\t硬件购置费\t120.50\t",
             "3\t第三方服务费\t45.00\t测评", "\t合计\t375.50\t"]
    staff = ["岗位\t人数", "1\t3"]
    serial = ["1\t统一身份认证", "2\t电子证照", "3\t好差评"]  # a serial column without a header
    extra = {5: price, 2: staff, 9: serial}
    outline = _outline(_chap, _dec2)
    path = _txt(tmp_path / "tables.txt", outline, after=lambda k: extra.get(k, []))
    document = read_document(path)
    tables = [b.rows for b in document.blocks if b.kind == "table"]
    assert [len(t) for t in tables] == [2, 5, 3]
    assert _tree(path) == _expected(outline)


def test_txt_heading_with_a_tab_and_page_number_followed_by_body(tmp_path):
    outline = _outline(_chap, _dec2, _with_ref("\t"), _with_ref("\t"))
    lines = ["某市政务服务中心业务协同平台建设项目", "可行性研究报告", ""]
    for _, text, paras in outline:
        lines.append(text)
        lines.extend("\u3000\u3000" + p for p in paras)
    (tmp_path / "paged.txt").write_text("\n".join(lines), encoding="utf-8")
    assert _tree(tmp_path / "paged.txt") == _expected(_outline(_chap, _dec2))


# Class 3: numbered headings that ask a question.

def _asks(c, s=None):
    return "？" if (c + (s or 0)) % 3 == 0 else ""


def test_numbered_question_headings(tmp_path):
    outline = _outline(_chap, _dec2, _asks, _asks)
    assert any(t.endswith("？") for _, t, _ in outline)
    expected = _expected(outline)  # the ？ stays in the title
    assert _tree(_docx(tmp_path / "bold.docx", outline, heading=_bold)) == expected
    cn = _outline(lambda n: _CN[n - 1] + "、", lambda c, s: "（" + _CN[s - 1] + "）", _asks, _asks)
    assert _tree(_txt(tmp_path / "cn.txt", cn, sep=None)) == _expected(cn)


def test_question_sentences_in_a_numbered_body_list_stay_body(tmp_path):
    outline = _outline(_chap, _dec2)
    level, text, paras = outline[4]
    items = [f"{k}. 现有系统是否已经接入{w}并实现了数据的实时同步？" for k, w in enumerate(["省平台", "市平台", "区平台"], 1)]
    outline[4] = (level, text, [paras[0], *items])
    assert _tree(_docx(tmp_path / "list.docx", outline, heading=_bold)) == _expected(outline)


# Class 4: roman-numeral and letter numbering, chapter titles in brackets.

_ROMAN = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ"]
_ASCII_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _ten_chapters(chapter_fmt, section_fmt):
    """Like _outline with ten chapters, so letter schemes reach I and roman ones reach IX."""
    out = []
    for c, title in enumerate(_CHAPTERS + ["运行维护", "结论建议"], start=1):
        out.append((1, chapter_fmt(c) + title, [_body(c, 0)]))
        for s, sub in enumerate(_SECTIONS, start=1):
            out.append((2, section_fmt(c, s) + sub, [_body(c, s)]))
    return out


def test_roman_numeral_chapters(tmp_path):
    cases = {
        "unicode_dun_dec.txt": (lambda n: _ROMAN[n - 1] + "、", _dec2),
        "unicode_dot_cn.docx": (lambda n: _ROMAN[n - 1] + "．", lambda c, s: _CN[s - 1] + "、"),
        "ascii_dot_cn.docx": (lambda n: _ASCII_ROMAN[n - 1] + ". ", lambda c, s: _CN[s - 1] + "、"),
        "ascii_dun_paren.txt": (lambda n: _ASCII_ROMAN[n - 1] + "、", lambda c, s: "（" + _CN[s - 1] + "）"),
    }
    for name, (chapter, section) in cases.items():
        outline = _ten_chapters(chapter, section)
        path = tmp_path / name
        if name.endswith(".txt"):
            _txt(path, outline, sep=None)
        else:
            _docx(path, outline, heading=_bold)
        assert _tree(path) == _expected(outline), name


def test_letter_chapters_and_sections(tmp_path):
    # A. / A.1 and A. / a): the ninth chapter is "I.", a letter here, not a roman one.
    for name, section in (("dotted", lambda c, s: f"{chr(64 + c)}.{s} "), ("lower", lambda c, s: f"{chr(96 + s)}) ")):
        outline = _ten_chapters(lambda n: f"{chr(64 + n)}. ", section)
        assert _tree(_docx(tmp_path / f"{name}.docx", outline, heading=_bold)) == _expected(outline), name
        tree = segment_headings(read_document(tmp_path / f"{name}.docx"))
        assert all(s.decided_by == "numbering" for s in tree.sections()), name


def test_chapter_titles_in_brackets(tmp_path):
    for left, right in (("【", "】"), ("〔", "〕"), ("[", "]")):
        bracketed = [(lv, f"{left}{t}{right}" if lv == 1 else t, paras) for lv, t, paras in _outline(_chap, _dec2)]
        expected = _expected(_outline(_chap, _dec2))  # the titles keep no brackets
        assert _tree(_docx(tmp_path / "b.docx", bracketed, heading=_bold)) == expected, left
        assert _tree(_txt(tmp_path / "b.txt", bracketed, sep=" ")) == expected, left


# Class 5: the chapter number and its title typed as two paragraphs of one look.

def _two_paragraphs(path, outline, heading):
    doc = Docx()
    for line in ("某市政务服务中心业务协同平台建设项目", "可行性研究报告"):
        r = doc.add_paragraph().add_run(line)
        r.font.size, r.bold = Pt(22), True
    for level, text, paras in outline:
        parts = text.split(" ", 1) if level == 1 else [text]
        for part in parts:
            p = doc.add_paragraph()
            heading(level, p, p.add_run(part))
        for para in paras:
            doc.add_paragraph(para)
    doc.save(path)
    return path


def _bold_centred(level, p, run):
    _bold(level, p, run)
    if level == 1:
        p.alignment = 1


def test_chapter_number_and_title_as_two_paragraphs(tmp_path):
    outline = _outline(_chap, _dec2)
    for name, heading in (("styled", _styled), ("bold", _bold_centred)):
        path = _two_paragraphs(tmp_path / f"{name}.docx", outline, heading)
        tree = segment_headings(read_document(path))
        assert [(s.level, s.title) for s in tree.sections()] == _expected(outline), name
        first = tree.sections()[0]
        assert first.body == _body(1, 0)  # the title's own paragraph is not body text
    lines = ["某市政务服务中心业务协同平台建设项目", "可行性研究报告", ""]
    for level, text, paras in outline:
        lines.extend(text.split(" ", 1) if level == 1 else [text])
        lines.extend("\u3000\u3000" + p for p in paras)
    (tmp_path / "two.txt").write_text("\n".join(lines), encoding="utf-8")
    assert _tree(tmp_path / "two.txt") == _expected(outline)


def test_a_bare_number_line_does_not_take_a_body_paragraph_or_a_title_of_another_look(tmp_path):
    outline = _outline(_chap, _dec2)
    path = _two_paragraphs(tmp_path / "mixed.docx", outline,
                           lambda level, p, run: _bold(level, p, run) if run.text.startswith("第") or level > 1
                           else None)  # the number bold, the title plain: two different looks
    titles = [t for _, t in _tree(path)]
    assert not any(t.startswith("第一章 ") for t in titles)


# Class 6: annexes after the last chapter, whose items restart the chapter numbering.

_ANNEXES = [("附件1 业务数据目录", ["一、审批办件数据", "二、电子证照数据", "三、投诉评价数据"]),
            ("附件2 设备配置清单", ["一、服务器设备", "二、安全防护设备"])]


def _with_annexes(outline, item_level: int):
    out = list(outline)
    for k, (annex, items) in enumerate(_ANNEXES, start=1):
        out.append((1, annex, []))
        for j, item in enumerate(items, start=1):
            out.append((item_level, item, [_body(10 + k, j)]))
    return out


def test_annex_whose_numbering_restarts_is_a_top_level_part(tmp_path):
    outline = _with_annexes(_outline(lambda n: _CN[n - 1] + "、", lambda c, s: "（" + _CN[s - 1] + "）"), 2)
    tree = _tree(_docx(tmp_path / "annex.docx", outline, heading=_bold))
    assert tree == _expected(outline)
    assert sum(1 for lv, _ in tree if lv == 1) == len(_CHAPTERS) + len(_ANNEXES)  # no chapter 9, 10 …
    assert _tree(_txt(tmp_path / "annex.txt", outline, sep=None)) == _expected(outline)


def test_a_stray_annex_line_inside_the_chapters_does_not_swallow_the_next_chapters(tmp_path):
    outline = _outline(lambda n: _CN[n - 1] + "、", lambda c, s: "（" + _CN[s - 1] + "）")
    outline.insert(6, (1, "附件1 调研记录表", [_body(3, 9)]))  # before 三、; the numbering 三、 continues
    tree = _tree(_docx(tmp_path / "stray.docx", outline, heading=_bold))
    assert [t for lv, t in tree if lv == 1 and t.startswith(tuple(_CN))] == \
        [t for lv, t, _ in outline if lv == 1 and not t.startswith("附件")]


def test_title_page_lines_in_the_chapter_style_are_no_chapters(tmp_path):
    """A title page typed in Heading 1 (the project's name, then "可行性研究报告") above chapters that are all
    numbered: the two lines are cover lines, not empty chapters labelled other. An unnumbered 前言 with its own
    text stays a chapter."""
    from docx import Document as Docx

    from yushen.analyze.segment import segment_headings
    from yushen.extract import read_document

    doc = Docx()
    doc.add_heading("某市河湖长制综合管理平台建设项目", level=1)
    doc.add_heading("可行性研究报告", level=1)
    doc.add_paragraph("编制单位：某某咨询有限公司")
    doc.add_heading("前言", level=1)
    doc.add_paragraph("本报告依据国家和自治区有关政务信息化项目管理规定编制，供主管部门审查项目立项时参考使用。")
    for n, (chapter, section) in enumerate([("总论", "项目名称"), ("建设内容", "巡河管理子系统")], 1):
        doc.add_heading(f"第{'一二'[n - 1]}章 {chapter}", level=1)
        doc.add_heading(f"{n}.1 {section}", level=2)
        doc.add_paragraph("本节说明有关情况，内容按照相关文件要求编写，有关数字以项目单位最终核定为准。")
    path = tmp_path / "cover.docx"
    doc.save(path)
    got = [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]
    assert got == [(1, "前言"), (1, "第一章 总论"), (2, "1.1 项目名称"), (1, "第二章 建设内容"),
                   (2, "2.1 巡河管理子系统")]
