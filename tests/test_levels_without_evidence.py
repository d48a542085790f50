"""Issue 11: levels in unnumbered plain text (and any document whose headings all look alike). Nothing in the
form says which heading is a section, so levels come from structure (a heading followed directly by another
opens sections) and from topic (sections stay within their chapter's subject). Fixtures are our own wording."""

from __future__ import annotations

from yushen.analyze.levels import heading_topics, infer_levels
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

BODY = ("\u3000\u3000本部分说明有关情况，内容按照相关文件要求编写，数据来源于主管部门提供的统计资料和现场调研结果，"
        "有关数字以项目单位最终核定为准。")
COVER = ["某市城乡供水智慧监管平台", "可行性研究报告", "编制单位：某某工程咨询有限公司", "二〇二五年三月", ""]


def _txt(tmp_path, outline: list[tuple[int, str, int]], name: str = "plain.txt"):
    """outline: (level, title, body paragraphs). Written as the unnumbered plain-text form: titles at the margin,
    body paragraphs indented with two ideographic spaces, no blank lines."""
    lines = list(COVER)
    for _, title, paras in outline:
        lines += [title] + [BODY] * paras
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _levels(path):
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


# A 可研 in plain text: chapters that open sections at once, leaf chapters with their own body, sections named
# after subsystems (no topic word), a security chapter holding 等保 and 密码, an 实施 chapter holding 进度/招标.
PROPOSAL = [
    (1, "总论", 0), (2, "项目名称和承担单位", 1), (2, "编制的依据", 1), (2, "建设规模与总投资", 1),
    (1, "供水行业监管现状", 0), (2, "供水设施运行情况", 2), (2, "面临的突出问题", 1),
    (1, "为什么要建设本项目", 2),
    (1, "用户需求", 0), (2, "业务需求", 1), (2, "功能需求", 1), (2, "性能需求", 1),
    (1, "总体架构设计", 1),
    (1, "本期建设内容", 0), (2, "水质在线监测子系统", 1), (2, "管网漏损分析子系统", 1), (2, "移动巡检终端", 1),
    (1, "信息资源共享", 2),
    (1, "安全保障体系", 0), (2, "等级保护", 1), (2, "商用密码应用", 1),
    (1, "项目实施安排", 0), (2, "组织机构", 1), (2, "进度计划", 1), (2, "招标方式", 1),
    (1, "投资估算与资金筹措", 2),
    (1, "结论", 1),
]


def test_unnumbered_plain_text_gets_chapter_and_section_levels(tmp_path):
    got = _levels(_txt(tmp_path, PROPOSAL))
    assert got == [(lvl, title) for lvl, title, _ in PROPOSAL]


def test_a_section_run_ends_at_a_chapter_on_another_topic(tmp_path):
    """After the subsystem sections, a heading on data sharing (not a topic of 建设内容) is the next chapter;
    after the 等保/密码 sections of the security chapter, 投资 is the next chapter."""
    outline = [(1, "项目概况", 0), (2, "项目背景", 1), (2, "建设目标", 1),
               (1, "建设内容", 0), (2, "视频汇聚子系统", 1), (2, "事件处置子系统", 1),
               (1, "数据资源目录与共享", 1),
               (1, "网络安全", 0), (2, "定级与备案", 1), (2, "防护措施", 1),
               (1, "投资预算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_a_resource_needs_chapter_after_the_data_sharing_sections(tmp_path):
    """The sections of a data-sharing chapter are about data (目录, 共享, 开放): a heading on cloud and network
    needs after them is the next chapter, though it says 需求."""
    outline = [(1, "数据资源共享分析", 0), (2, "数据资源目录", 1), (2, "数据开放", 1),
               (1, "电子政务外网与算力资源需求", 1), (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_an_overview_of_another_subject_ends_the_overview_chapter(tmp_path):
    """"建设单位概况" after the sections of "项目概况" is the next chapter, not a fourth section."""
    outline = [(1, "项目概况", 0), (2, "项目背景", 1), (2, "编制依据", 1), (2, "投资规模", 1),
               (1, "建设单位概况", 2), (1, "需求分析", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_a_topicless_section_after_a_topical_one_continues_the_run(tmp_path):
    """"数据归集" names a topic outside 建设内容, but the subsystem names after it carry no topic word: the run
    of sections went on, so the topical heading was a section too."""
    outline = [(1, "建设内容", 0), (2, "一码通管理", 1), (2, "检测数据归集", 1), (2, "维保过程监管", 1),
               (2, "移动执法终端", 1), (1, "网络安全", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_in_an_operations_plan_the_word_yunwei_is_no_topic(tmp_path):
    """Every heading of an 运维方案 says 运维: the sections of 运维服务内容 stay its sections, while 运维人员安排
    (organisation) after the security chapter's sections is the next chapter."""
    outline = [(1, "运维项目概述", 0), (2, "运维对象", 1), (2, "运维依据", 1),
               (1, "运维服务内容", 0), (2, "感知设备运维", 1), (2, "传输链路运维", 1), (2, "应用平台运维", 1),
               (1, "安全运维", 0), (2, "等级保护运维", 1), (2, "密码设备运维", 1),
               (1, "运维人员安排", 1), (1, "运维考核办法", 1), (1, "运维费用测算", 1)]
    assert _levels(_txt(tmp_path, outline, "ops.txt")) == [(lvl, t) for lvl, t, _ in outline]
    assert "operations" not in set().union(*heading_topics([t for _, t, _ in outline]))


def test_a_chapter_with_its_own_body_is_followed_by_a_chapter():
    """Only a heading with no body after it opens sections; the first heading is a chapter."""
    titles = ["项目概述", "需求分析", "业务需求", "功能需求", "总体设计"]
    assert infer_levels(titles, [False, True, False, False, False]) == [1, 1, 2, 2, 1]
    assert infer_levels(["需求分析"], [False]) == [1]
    assert infer_levels([], []) == []


def test_headings_with_level_evidence_keep_their_levels(tmp_path):
    """Numbered chapters and unnumbered sections differ in kind: levels come from the numbering, not from topics
    (a topic outside the chapter's family stays its section)."""
    lines = list(COVER) + ["第一章 建设内容", "视频汇聚子系统", BODY, "数据资源目录", BODY, "第二章 投资估算", BODY]
    path = tmp_path / "mixed.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _levels(path)
    assert got[0] == (1, "第一章 建设内容") and got[-1] == (1, "第二章 投资估算")
    assert [lvl for lvl, _ in got[1:-1]] in ([2, 2], [])


def test_an_empty_chapter_is_not_taken_for_a_parent(tmp_path):
    """A chapter left empty (密码应用 with no text) directly above the chapter that normally follows it (安全可靠)
    stays an empty chapter, so the review can still say its topic is missing."""
    outline = [(1, "网络安全", 2), (1, "密码应用", 0), (1, "安全可靠产品使用", 1), (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_a_cover_date_in_chinese_numerals_is_not_a_chapter(tmp_path):
    """The title page's last line "二〇二五年三月" sits right above the first chapter, which has a body of its own:
    the date is not a chapter (nor the parent of the first one)."""
    outline = [(1, "项目概述", 2), (1, "需求分析", 1)]
    got = _levels(_txt(tmp_path, outline))
    assert got == [(1, "项目概述"), (1, "需求分析")]


def test_three_stacked_headings_and_siblings_written_alike(tmp_path):
    """A chapter, its section and that section's first sub-section stacked without body between are all
    headings (three levels). After the sub-sections, a heading written like the section above them (same closing
    word, same length: 业务需求 → 功能需求, 应用系统建设 → 感知设备建设) is that section's sibling."""
    outline = [(1, "项目概述", 2),
               (1, "需求分析", 0), (2, "业务需求", 0), (3, "水厂运行监测需求", 1), (3, "管网巡检管理需求", 1),
               (3, "应急抢修需求", 1), (2, "功能需求", 1), (2, "性能需求", 1),
               (1, "建设方案", 0), (2, "应用系统建设", 0), (3, "供水一张图", 1), (3, "漏损分析", 1),
               (2, "感知设备建设", 1), (2, "网络与云资源", 1),
               (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def _bold_docx(path, outline: list[tuple[int, str, int]]):
    """Unnumbered DOCX: chapters bold 16 pt, sections and sub-sections both bold 12 pt (one look for two levels),
    body paragraphs with a first-line indent."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    for level, title, paras in outline:
        run = d.add_paragraph().add_run(title)
        run.bold = True
        run.font.size = Pt(16 if level == 1 else 12)
        for _ in range(paras):
            p = d.add_paragraph(BODY.strip())
            p.paragraph_format.first_line_indent = Pt(24)
    d.save(str(path))
    return path


def test_one_bold_look_for_sections_and_sub_sections(tmp_path):
    """A chapter look stands apart, but sections and their sub-sections share one bold look: a section that
    opens further headings of its look has sub-sections; the chapters keep the level their look gives."""
    outline = [(1, "项目概述", 1), (2, "项目背景", 1), (2, "建设目标", 1),
               (1, "需求分析", 0), (2, "业务需求", 0), (3, "水厂运行监测需求", 1), (3, "应急抢修需求", 1),
               (2, "功能需求", 1),
               (1, "建设方案", 0), (2, "应用系统建设", 0), (3, "供水一张图", 1), (3, "漏损分析", 1),
               (2, "感知设备建设", 1),
               (1, "投资估算", 1)]
    got = _levels(_bold_docx(tmp_path / "bold.docx", outline))
    assert got == [(lvl, t) for lvl, t, _ in outline]


def test_distinct_looks_without_stacking_keep_their_levels(tmp_path):
    """Chapter and section looks, no section directly above another: the looks decide, topics do not move a
    section out of its chapter (数据资源目录 under 建设方案 stays a section)."""
    outline = [(1, "建设方案", 1), (2, "视频汇聚子系统", 1), (2, "数据资源目录", 1), (2, "等级保护", 1),
               (1, "投资估算", 1)]
    got = _levels(_bold_docx(tmp_path / "bold.docx", outline))
    assert got == [(lvl, t) for lvl, t, _ in outline]


def test_a_chapter_with_an_intro_paragraph_before_its_sections(tmp_path):
    """"本章…" text right under a chapter, then a heading on nothing but the chapter's topic: its first section;
    the next heading on another topic after a leaf chapter stays a chapter."""
    outline = [(1, "项目概况", 2), (1, "数据资源共享分析", 1), (2, "数据资源目录", 1), (2, "共享方式", 1),
               (1, "网络安全保障", 1), (1, "投资估算", 1), (1, "结论", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, t) for lvl, t, _ in outline]


def test_the_last_cover_line_is_no_chapter_when_chapters_have_their_own_body(tmp_path):
    """A cover without a date or "编制单位：" line ends right above the first chapter; the line above was read as
    a chapter holding the first chapter as its section, though no chapter in the document opens that way."""
    path = tmp_path / "cover.txt"
    lines = ["某市行政审批服务平台升级项目", "可行性研究报告", "某市行政审批局", ""]
    for title in ("项目建设依据", "建设单位职责", "建设内容", "投资估算"):
        lines += [title, BODY]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _levels(path) == [(1, "项目建设依据"), (1, "建设单位职责"), (1, "建设内容"), (1, "投资估算")]


def test_a_heading_on_two_topics_follows_the_one_its_chapter_lacks(tmp_path):
    """A heading on two topics after an overview's sections: one topic (单位) fits 总论, the other (现状) does
    not, and it is not 总论's own topic, so it starts the 现状 chapter. A heading that carries its chapter's own
    topic (共享) next to another (需求) stays a section of that chapter."""
    outline = [(1, "总论", 0), (2, "项目名称", 1), (2, "编制依据", 1), (2, "总投资", 1),
               (1, "承担单位与供水设施现状", 2),
               (1, "需求分析", 2),
               (1, "信息资源共享", 0), (2, "共享资源目录", 1), (2, "共享需求与提供方式", 1),
               (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, title) for lvl, title, _ in outline]


def test_operations_plan_sections_named_after_the_systems_they_maintain(tmp_path):
    """In an 运维方案 the service chapter's sections name the objects maintained (…平台运维, …运行保障); the words
    of the object (数据共享, 政务云) are no topic, so the run of sections goes on. 运维团队管理 says 运维 about
    the plan itself, like its chapters, and is the next chapter."""
    outline = [(1, "运维项目概况", 0), (2, "项目背景", 1), (2, "运维范围", 1),
               (1, "运维服务内容", 0), (2, "政务外网运维", 1), (2, "政务云平台运维", 1),
               (2, "数据共享交换平台运行保障", 1), (2, "机房动力环境运维", 1),
               (1, "运维团队管理", 0), (2, "人员配置", 1), (2, "考核办法", 1),
               (1, "运维费用测算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, title) for lvl, title, _ in outline]


def test_a_topic_that_has_had_its_chapter_opens_no_second_one(tmp_path):
    """A document gives each topic one chapter: after a 现状 chapter, a heading on 现状 (the systems already
    built) among the sections of 建设内容 is one of those sections, not a second 现状 chapter."""
    outline = [(1, "项目概况", 0), (2, "项目背景", 1), (2, "建设目标", 1),
               (1, "信息化建设现状", 2),
               (1, "建设内容", 0), (2, "水质监测子系统", 1), (2, "漏损分析子系统", 1), (2, "与已建系统的衔接", 1),
               (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, title) for lvl, title, _ in outline]


def test_a_section_with_sub_sections_after_its_chapters_first_section(tmp_path):
    """A chapter on two topics (现状与需求) whose first section has a body (现状), then a heading on the chapter's
    other topic that opens sub-sections (业务需求), then a heading written like it (性能需求): both are sections of
    that chapter, not new chapters, since the document gave their topic its chapter already. The same on one topic:
    需求分析 with 业务需求 and 功能需求 over sub-sections each."""
    two_topics = [(1, "项目概述", 2), (1, "建设现状与需求", 0), (2, "信息化现状", 2), (2, "业务需求", 0),
                  (3, "供水调度需求", 1), (3, "水质监管需求", 1), (2, "性能需求", 1), (1, "总体设计", 1),
                  (1, "投资估算", 1)]
    one_topic = [(1, "项目概述", 2), (1, "需求分析", 0), (2, "业务需求", 0), (3, "供水调度需求", 1),
                 (3, "水质监管需求", 1), (2, "功能需求", 0), (3, "调度指挥功能", 1), (3, "监测预警功能", 1),
                 (2, "性能需求", 1), (1, "总体设计", 1)]
    for k, outline in enumerate((two_topics, one_topic)):
        got = _levels(_txt(tmp_path, outline, f"needs{k}.txt"))
        assert got == [(lvl, title) for lvl, title, _ in outline]


def test_a_chapter_on_the_topic_of_the_one_before_without_a_sibling_stays_a_chapter(tmp_path):
    """总体建设方案 (design and construction) with its design sections, then 本期建设方案 over its subsystems and
    no heading written like it after them: nothing says it is a section, so it is the next chapter."""
    outline = [(1, "项目概述", 2), (1, "总体建设方案", 0), (2, "建设原则", 1), (2, "总体架构", 1),
               (1, "本期建设方案", 0), (2, "调度指挥子系统", 1), (2, "水质监测子系统", 1),
               (1, "数据资源共享", 1), (1, "投资估算", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, title) for lvl, title, _ in outline]


def test_an_overview_of_a_subject_after_the_overview_chapter_opens_a_state_chapter(tmp_path):
    """A document has one overview. After 总论, a chapter named after its subject (…政策落实情况, no topic word)
    that opens on an overview of that subject (…建设概况) is about the subject's state: its next section on
    现状 stays in it, and 必要性 after them is the next chapter."""
    outline = [(1, "总论", 0), (2, "项目名称与建设单位", 1), (2, "编制依据", 1), (2, "投资规模", 1),
               (1, "城乡供水保障政策落实情况", 0), (2, "供水设施建设概况", 2), (2, "运行管理现状与问题", 1),
               (1, "项目建设必要性", 1), (1, "需求分析", 1)]
    assert _levels(_txt(tmp_path, outline)) == [(lvl, title) for lvl, title, _ in outline]


def test_the_section_that_states_the_plans_purpose_closes_the_opening_chapter(tmp_path):
    """The body over the heading: a plan's introduction ends with its purpose statement ("为…，特制定本方案").
    A 现状 heading after the overview's sections would open the next chapter by its topic; when its own text
    ends with the purpose statement, it is the overview's last section. Without that sentence (the twin) it
    stays a chapter, and the sentence in a later chapter moves nothing."""
    purpose = "\u3000\u3000为保障平台在汛期稳定运行，落实市水务局工作部署，特制定本实施方案。"

    def write(name: str, outline: list[tuple[int, str, int]], with_purpose: str | None) -> list[tuple[int, str]]:
        lines = list(COVER)
        for _, title, paras in outline:
            lines += [title] + [BODY] * paras + ([purpose] if title == with_purpose else [])
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return _levels(path)

    opening = [(1, "实施项目概述", 0), (2, "项目基本情况", 1), (2, "实施工作依据", 1), (2, "平台运行现状", 2),
               (1, "实施对象与范围", 0), (2, "设备清单", 1), (2, "服务边界", 1),
               (1, "组织保障", 1), (1, "经费测算", 1)]
    assert write("purpose.txt", opening, "平台运行现状") == [(lvl, t) for lvl, t, _ in opening]
    twin = [(lvl if t != "平台运行现状" else 1, t, n) for lvl, t, n in opening]
    assert write("twin.txt", twin, None) == [(lvl, t) for lvl, t, _ in twin]
    assert write("later.txt", twin, "经费测算") == [(lvl, t) for lvl, t, _ in twin]
