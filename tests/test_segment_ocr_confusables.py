"""OCR confusables inside numbering (二丶 for 二、, a dash for 一, l for 1) are corrected from the document's own
numbering, so a scanned proposal keeps the level of its chapters."""

from __future__ import annotations

from yushen.analyze.segment import segment_headings
from yushen.core.types import Document
from yushen.extract.confusables import correct_numbering, correct_texts
from yushen.extract.pdf import PdfLine, lines_to_blocks

BODY = "本项目依托市政务云平台部署，与市数据共享交换平台对接，实现业务数据的归集、治理和共享。"


def test_confusable_separators_fit_the_documents_own_sequence():
    got = correct_texts(["一丶项目概况", BODY, "二丶建设内容", BODY, "三、投资估算", "（—）总体要求", "（二）分项要求",
                         "l.1 项目背景", "2.l 建设目标"])
    assert got[0] == "一、项目概况" and got[2] == "二、建设内容"
    assert got[5] == "（一）总体要求"
    assert got[7] == "1.1 项目背景" and got[8] == "2.1 建设目标"


def test_confusables_without_support_in_the_sequence_stay():
    # No correctly read neighbour to fit: nothing is guessed.
    assert correct_texts(["—丶只有一条", BODY, "五丶孤立的编号"]) == ["—丶只有一条", BODY, "五丶孤立的编号"]
    # A dash list item is not turned into 一、 when no 二、 follows it.
    assert correct_texts(["三、投资", "—、说明", BODY]) == ["三、投资", "—、说明", BODY]


def test_scanned_chapters_keep_their_level():
    texts = ["一、项目概况", BODY, "（一）项目背景", BODY, "二丶建设内容", BODY, "（—）总体设计", BODY, "（二）分项设计", BODY,
             "三、投资估算", BODY]
    lines = [PdfLine(t, 1, 72 if len(t) < 20 else 100, 100 + 30 * k, 72 + 12 * len(t), 114 + 30 * k,
                     14 if len(t) < 20 else 12, False, 842, 595) for k, t in enumerate(texts)]
    blocks, body = lines_to_blocks(correct_numbering(lines))
    doc = Document(path="scan.pdf", sha256="0", format="pdf", pages=1, blocks=tuple(blocks), body_font_size=body)
    tree = [(s.level, s.title) for s in segment_headings(doc).sections()]
    assert tree == [(1, "一、项目概况"), (2, "（一）项目背景"), (1, "二、建设内容"), (2, "（一）总体设计"),
                    (2, "（二）分项设计"), (1, "三、投资估算")]


def test_chapter_number_glued_to_its_title_gets_its_space_where_the_decimals_fit():
    got = correct_texts(["1项目概述", "1.1建设背景", BODY, "1.2建设目标", BODY, "2建设方案", "2.1总体架构", BODY,
                         "3密码应用", BODY, "4投资估算", BODY])
    assert got[0] == "1 项目概述" and got[5] == "2 建设方案"
    assert got[8] == "3 密码应用" and got[10] == "4 投资估算"  # no children: they continue the sequence


def test_glued_quantities_and_out_of_sequence_numbers_stay():
    texts = ["1项目概述", "1.1建设背景", BODY, "3个工作日内完成审批", BODY, "12个月免费运维", BODY, "5套服务器", BODY,
             "2建设方案", "2.1总体架构", BODY, "7部门共享数据", BODY, "3年来累计投入", BODY]
    got = correct_texts(texts)
    assert got[0] == "1 项目概述" and got[9] == "2 建设方案"
    assert [got[k] for k in (3, 5, 7, 13, 15)] == [texts[k] for k in (3, 5, 7, 13, 15)]
    # a chapter number inside chapter 1's sections would break the sequence: left as read
    assert correct_texts(["1.1背景", BODY, "2数据", BODY, "1.2目标", BODY]) == ["1.1背景", BODY, "2数据", BODY, "1.2目标", BODY]


def test_numeral_lost_on_a_faint_copy_takes_its_place_in_the_sequence():
    got = correct_texts(["第一章项目概述", "一、建设背景", BODY, "第二章需求分析", BODY, "第章建设内容", "、总体架构", BODY,
                         "（）应用层", BODY, "（二）数据层", BODY, "、信息资源共享", BODY, "第四章投资估算", BODY])
    assert got[5] == "第三章建设内容" and got[6] == "一、总体架构" and got[8] == "（一）应用层"
    assert got[12] == "二、信息资源共享"


def test_lost_numeral_that_does_not_fit_stays():
    # the next line of the form says 三: a lost 一 cannot sit before it, and a long sentence line is no heading
    texts = ["第一章项目概述", "、总体架构", BODY, "三、投资估算", BODY, "、数据来源、数据格式和更新周期均在目录中逐项说明，并明确共享属性。"]
    assert correct_texts(texts) == texts
