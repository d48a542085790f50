"""Heading numbers written in conventions the parser once missed, in every file form that carries them."""

from __future__ import annotations

import pytest

from yushen.analyze.numbering import parse_numbering
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx, build_pdf

BODY = ("本平台部署在自治区政务云上，不另行购置服务器，通过共享交换平台获取户籍、低保和残疾人信息，"
        "按网络安全等级保护第二级要求建设，上线前开展等级保护测评。")
OUTLINE = [(1, "一 项目基本情况"), BODY, (2, "（一）建设背景"), BODY, (2, "（二）建设目标"), BODY,
           (1, "二 需求分析"), BODY, (2, "（一）业务需求"), BODY, (1, "三 建设内容"), BODY]
WANT = [(1, "一项目基本情况"), (2, "（一）建设背景"), (2, "（二）建设目标"), (1, "二需求分析"),
        (2, "（一）业务需求"), (1, "三建设内容")]


def _tree(path):
    return [(s.level, "".join(s.title.split())) for s in segment_headings(read_document(path)).sections()]


def test_chinese_numeral_then_a_space_numbers_a_chapter():
    assert parse_numbering("一 项目基本情况").kind == "cn_bare"
    assert parse_numbering("二\u3000需求分析").values == (2,)
    assert parse_numbering("一 2026年计划") is None and parse_numbering("二〇二六年九月") is None
    assert parse_numbering("三 个月内完成") is None  # a measure word after the numeral is running text


@pytest.mark.parametrize("form", ["pdf", "docx", "txt"])
def test_space_numbered_chapters_keep_their_level_over_bracketed_sections(tmp_path, form):
    """"一 title" chapters (a space, no 、) with "（一）" sections: the chapters were dropped or nested under the
    sections, because only the sections' numbering was known and kinds nest by first appearance."""
    if form == "pdf":
        path = build_pdf(tmp_path / "p.pdf", OUTLINE, title_page=["某旗智慧社区平台建设项目", "实施方案"])
    elif form == "docx":
        path = build_docx(tmp_path / "p.docx", OUTLINE, mode="bold", title_page=["某旗智慧社区平台建设项目"])
    else:
        lines = ["某旗智慧社区平台建设项目", "实施方案"]
        lines += [it[1] if isinstance(it, tuple) else "\u3000\u3000" + it for it in OUTLINE]
        path = tmp_path / "p.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _tree(path) == WANT


def test_a_line_opening_with_a_numeral_and_a_space_in_body_text_is_no_heading(tmp_path):
    items = [(1, "一、项目概况"), BODY, "十 分必要的是统筹建设", BODY, (1, "二、需求分析"), BODY]
    path = build_pdf(tmp_path / "p.pdf", items, title_page=["某县平台项目", "实施方案"])
    assert [t for _, t in _tree(path)] == ["一、项目概况", "二、需求分析"]


SHORT_BODIES = [("项目建设依据", "本项目依据国家和省市有关政务信息化的政策文件编制。"),
                ("建设单位职责", "市行政审批局承担全市行政审批和政务服务管理职能。"),
                ("用户和业务需要", "窗口人员和办事群众需要在线申报和进度查询功能。"),
                ("建设内容", "本期建设在线申报系统和电子证照调用模块各一套。"),
                ("投资估算", "项目总投资650万元，由市级财政资金全额安排。")]


def _brief_txt(path, bodies, number=True):
    lines = ["某市行政审批服务平台升级项目", "可行性研究报告", "某市行政审批局", "2026年9月", ""]
    for k, (title, body) in enumerate(bodies, 1):
        lines += [f"{k}、{title}" if number else title, "\u3000\u3000" + body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_brief_plain_text_with_short_bodies_keeps_its_numbered_chapters(tmp_path):
    """"1、" chapters over indented bodies of ~25 characters: the indentation convention was read only from
    paragraphs over 60 characters, so a brief proposal had no heading at all and every chapter was "missing"."""
    assert [t for _, t in _tree(_brief_txt(tmp_path / "b.txt", SHORT_BODIES))] == \
        [f"{k}、{t}" for k, (t, _) in enumerate(SHORT_BODIES, 1)]


def test_a_title_ending_in_a_particle_is_a_heading_where_blocks_are_whole_paragraphs(tmp_path):
    """"用户和业务需要", "建成后由谁来运维的": only a PDF line can be a paragraph cut off after 和/的/要; a DOCX or TXT
    paragraph is whole, so such a title is as its author wrote it."""
    bodies = SHORT_BODIES[:4] + [("建成后由谁来运维的", "由市大数据中心统一运维，承建单位提供一年免费运维服务。")]
    assert [t for _, t in _tree(_brief_txt(tmp_path / "p.txt", bodies, number=False))] == [t for t, _ in bodies]
    items = []
    for title, body in bodies:
        items += [(1, title), body]
    assert [t for _, t in _tree(build_docx(tmp_path / "p.docx", items, mode="bold"))] == [t for t, _ in bodies]
