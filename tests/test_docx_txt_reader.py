import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import SAMPLE_OUTLINE, build_docx

EXPECTED = [(lvl, t) for lvl, t in (i for i in SAMPLE_OUTLINE if isinstance(i, tuple))]


def _tree(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


@pytest.mark.parametrize("mode", ["styles", "localized", "bold", "plain"])
def test_docx_heading_tree_in_every_heading_style(tmp_path, mode):
    path = build_docx(tmp_path / f"{mode}.docx", SAMPLE_OUTLINE, mode=mode, title_page=["某市数据共享平台", "实施方案"])
    assert _tree(path) == EXPECTED


def test_docx_decided_by_records_the_signal(tmp_path):
    styled = segment_headings(read_document(build_docx(tmp_path / "s.docx", SAMPLE_OUTLINE))).sections()
    plain = segment_headings(read_document(build_docx(tmp_path / "p.docx", SAMPLE_OUTLINE, mode="plain"))).sections()
    assert {s.decided_by for s in styled} == {"docx-style"}
    assert {s.decided_by for s in plain} == {"numbering"}


def test_docx_headers_footers_excluded_and_tables_kept(tmp_path):
    path = build_docx(tmp_path / "h.docx", SAMPLE_OUTLINE, header_text="内部资料 注意保存",
                      table=[["序号", "系统名称"], ["1", "数据共享交换平台"]])
    doc = read_document(path)
    assert "内部资料" not in doc.text()
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert tables and tables[0].rows == (("序号", "系统名称"), ("1", "数据共享交换平台"))


def test_gbk_text_file_with_list_items(tmp_path):
    text = "\n".join([
        "某市政务数据共享平台实施方案",
        "一、项目概况",
        "\u3000\u3000本项目总投资89.6万元，由市大数据中心组织实施。",
        "（一）建设内容",
        "\u3000\u3000建设内容包括以下几项：",
        "\u3000\u30001.数据目录管理：支持目录编制、审核和发布。",
        "\u3000\u30002.共享交换：提供接口服务和库表交换。",
        "二、网络安全",
        "\u3000\u3000系统按等保二级要求建设。",
    ])
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("gbk"))
    doc = read_document(path)
    assert "encoding:gb18030" in doc.warnings[0] or doc.warnings[0].startswith("encoding:")
    assert _tree(path) == [(1, "一、项目概况"), (2, "（一）建设内容"), (1, "二、网络安全")]


def test_markdown_headings(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# 第一篇 总体\n\n### 第一章 总则\n\n正文内容。\n\n### 第二章 附则\n\n正文。\n\n# 第二篇 附录\n\n正文。\n",
                    encoding="utf-8")
    assert _tree(path) == [(1, "第一篇 总体"), (3 - 1, "第一章 总则"), (2, "第二章 附则"), (1, "第二篇 附录")]


BODY_MD = "本项目部署在市政务云，通过共享交换平台获取人口和法人数据，按等级保护第三级建设并开展测评。"


def test_markdown_setext_headings(tmp_path):
    """"标题\n====" and "标题\n----" are Markdown headings too (levels 1 and 2); a "---" after a blank line is a
    thematic break, not a heading underline."""
    path = tmp_path / "s.md"
    path.write_text(f"项目概况\n========\n\n{BODY_MD}\n\n建设目标\n--------\n\n{BODY_MD}\n\n---\n\n"
                    f"需求分析\n===\n\n{BODY_MD}\n", encoding="utf-8")
    assert _tree(path) == [(1, "项目概况"), (2, "建设目标"), (1, "需求分析")]
    assert not any("=" in b.text or b.text.startswith("-") for b in read_document(path).blocks)


def test_markdown_bold_lines_as_headings_and_the_title_as_no_chapter(tmp_path):
    """Authors who mark headings with "**…**" instead of "#", and open the file with the title as its only "#":
    the title was the parent of every chapter, the bold lines were body text with asterisks in it."""
    path = tmp_path / "b.md"
    path.write_text(f"# 某市社区服务平台项目建议书\n\n**一、项目概况**\n\n{BODY_MD}\n\n**（一）建设目标**\n\n"
                    f"**目标：**{BODY_MD}\n\n**二、需求分析**\n\n{BODY_MD}\n", encoding="utf-8")
    assert _tree(path) == [(1, "一、项目概况"), (2, "（一）建设目标"), (1, "二、需求分析")]
    doc = read_document(path)
    assert doc.blocks[0].text == "某市社区服务平台项目建议书" and not doc.blocks[0].outline_level
    assert not any("*" in b.text for b in doc.blocks)
