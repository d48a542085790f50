"""The six regulation texts are real, damaged extractions; their chapters must still come out in order."""

import pytest

from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

CHAPTERS = {
    "national": ["第一章 总则", "第二章 规划和审批管理", "第三章 建设和资金管理", "第四章 监督管理", "第五章 附则"],
    "nmg": ["第一章 总 则", "第二章 规划、入库和计划管理", "第三章 申报和审批管理", "第四章 建设和资金管理",
            "第五章 验收和绩效评价管理", "第六章 运维管理", "第七章 监督管理", "第八章 附 则"],
    "ordos": ["第一章 总 则", "第二章 规划和审批", "第三章 建设和资金管理", "第四章 监督考核", "第五章 附 则"],
    # The draft lost the label "第三章" of 建设和资金管理: found from the gap in the sequence.
    "dalad": ["第一章 总 则", "第二章 规划和审批", "建设和资金管理", "第四章 监督考核", "第五章 附则"],
    # Runs together with '#' separators; chapters sit mid-line.
    "mudan": ["第一章 总 则", "第二章 申报和审批管理", "第三章 建设和资金管理", "第四章 验收和绩效评价管理",
              "第五章 网络与信息安全管理", "第六章 监督管理", "第七章 附 则"],
    "datong": ["第一章 总 则", "第二章 规划和审核", "第三章 建设和验收", "第四章 应用和评估", "第五章 管理和安全",
               "第六章 附 则"],
}


def _c(s):
    return "".join(s.split())


@pytest.mark.parametrize("jur", sorted(CHAPTERS))
def test_regulation_chapters_in_order(jur, regulations_dir):
    path = next(regulations_dir.glob(f"{jur}-*"))
    tree = segment_headings(read_document(path))
    chapters = [s for s in tree.sections() if s.level == 1]
    assert [_c(s.title) for s in chapters] == [_c(t) for t in CHAPTERS[jur]]
    assert all(s.chars > 50 for s in chapters)


def test_inferred_chapter_records_its_number_and_signal(regulations_dir):
    tree = segment_headings(read_document(next(regulations_dir.glob("dalad-*"))))
    inferred = [s for s in tree.sections() if s.decided_by == "sequence-gap"]
    assert [(s.title, s.number) for s in inferred] == [("建设和资金管理", "第三章")]
