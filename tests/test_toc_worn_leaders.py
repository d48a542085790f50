"""A contents page read back by OCR: its dot leaders come back as a few dots or an ellipsis, the page numbers
lost, split or mixed into them. Its lines were taken for chapters and sections with no text, so a scanned plan
with a 目录 page was gated as an unfilled template (round 9's 龙湾 plan, scanned). Lines as the recogniser gives
them, in our own wording."""

from __future__ import annotations

from yushen.extract.lines import PdfLine
from yushen.extract.patterns import worn_toc_title
from yushen.extract.pdf import _split_toc


def _line(text: str, page: int, top: float) -> PdfLine:
    return PdfLine(text, page, 90, top, 90 + 12 * len(text), top + 12, 12, False, 842, 595)


CONTENTS = ["一、项目概况.", "（一）建设背景.1", "（二）编制依据..", "二、建设内..13..", "（一）应用系统….15",
            "（二）数据资源...2.7", "三、保障措施…30."]


def test_contents_lines_with_worn_leaders_are_contents_under_a_contents_title():
    lines = [_line("目录", 2, 60)] + [_line(t, 2, 90 + 20 * k) for k, t in enumerate(CONTENTS)]
    lines += [_line("一、项目概况", 3, 60), _line("（一）建设背景", 3, 80),
              _line("全区信息化基础较好，但各部门系统分散建设，数据未形成合力。", 3, 100)]
    kept, toc = _split_toc(lines)
    assert [b.text for b in toc] == ["目录", "一、项目概况", "（一）建设背景", "（二）编制依据", "二、建设内",
                                     "（一）应用系统", "（二）数据资源", "三、保障措施"]
    assert [ln.text for ln in kept] == ["一、项目概况", "（一）建设背景", lines[-1].text]


def test_worn_leaders_count_only_under_a_contents_title():
    # Without a 目录 title above, a heading or sentence ending in dots is body text.
    lines = [_line("一、项目概况.", 3, 60), _line("（一）建设背景…", 3, 80)]
    kept, toc = _split_toc(lines)
    assert toc == [] and kept == lines
    assert worn_toc_title("项目总投资为350.00") is None  # a number is no leader
    assert worn_toc_title("一、项目概况") is None
