"""Contents lists typed as ordinary paragraphs, and HTML exports of proposals (Word/LibreOffice "save as web
page"): contents lines with dot leaders and page numbers were read as headings, and the line breaks an exporter
puts into its HTML source split titles ("第一章\\n总论")."""

from __future__ import annotations

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

BODY = "本项目部署在市政务云，通过共享交换平台获取人口和法人数据，按等级保护第三级建设并开展测评，总投资480万元。"
CHAPTERS = ["第一章 总论", "第二章 需求分析", "第三章 建设方案"]


def _titles(path):
    return [(s.level, " ".join(s.title.split())) for s in segment_headings(read_document(path)).sections()]


def _html_export(chapters, contents_title="目  录") -> str:
    """What an office suite writes: source lines wrapped at the text's spaces, a contents list of plain <p>s."""
    toc = "".join(f'<p class="toc">{t.replace(" ", chr(10))}{"." * 40}{k + 3}</p>\n' for k, t in enumerate(chapters))
    body = "".join(f"<h1>{t.replace(' ', chr(10))}</h1>\n<p>{BODY}</p>\n<h2>{k + 1}.1\n概述</h2>\n<p>{BODY}</p>\n"
                   for k, t in enumerate(chapters))
    return (f"<html><head><title>x</title></head><body><p>某市数据共享平台项目</p><p>可行性研究报告</p>\n"
            f"<p>{contents_title}</p>\n{toc}{body}</body></html>")


def test_html_export_contents_lines_are_not_headings_and_titles_keep_their_space(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(_html_export(CHAPTERS), encoding="utf-8")
    want = []
    for k, t in enumerate(CHAPTERS):
        want += [(1, t), (2, f"{k + 1}.1 概述")]
    assert _titles(path) == want
    doc = read_document(path)
    assert [b.text for b in doc.blocks if b.kind == "toc"][1:] == CHAPTERS


def test_a_contents_list_typed_without_a_title_is_known_by_its_dot_leaders(tmp_path):
    lines = ["某市数据共享平台项目", "可行性研究报告"]
    lines += [f"{t}{'…' * 12}{k + 2}" for k, t in enumerate(CHAPTERS)]
    for t in CHAPTERS:
        lines += [t, "\u3000\u3000" + BODY]
    path = tmp_path / "p.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _titles(path) == [(1, t) for t in CHAPTERS]


def test_a_kit_list_typed_with_spaces_stays_body_text(tmp_path):
    """Without a 目录 line, "服务器    10" lines are a list of equipment, not contents: they keep their text."""
    kit = ["服务器    10", "交换机    4", "防火墙    2"]
    lines = ["某市数据共享平台项目", "项目建议书", CHAPTERS[0], "\u3000\u3000" + BODY, *kit, CHAPTERS[1],
             "\u3000\u3000" + BODY]
    path = tmp_path / "k.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path)
    assert not [b for b in doc.blocks if b.kind == "toc"]
    assert all(any(k == b.text for b in doc.blocks) for k in kit)
