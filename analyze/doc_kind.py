"""Is this file a project proposal at all? The gate before any rule.

A regulation, an unfilled template, a guidance text, a web or error page saved under a document name, or a
document about no government IT project is not reviewed: a rule pack would read its vocabulary (可行性研究报告,
密码应用, 总投资100万元以上) as a proposal's and issue blockers. Each kind is told by the shape of the whole
document, not by a title word alone: articles that carry the body (第X条), placeholders in the places a proposal
puts its facts, chapters without bodies, no project of its own, no IT vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.types import SectionTree
from .facts import LETTER_TITLE, Facts, line_genre

KINDS = ("proposal", "regulation", "template", "guidance", "web_page", "unrelated")

_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇两\d]+条[\s\u3000]")
_REGULATION_TITLE = re.compile(r"(?:办法|规定|条例|细则|规则|实施意见)(?:（试行）|\(试行\)|（暂行）)?$")
_PLACEHOLDER = re.compile(r"X{2,}|×{2,}|＿{2,}|_{3,}|【[^】]{0,30}(?:填写|填报|说明|描述|列明)[^】]{0,30}】|"
                          r"〔[^〕]{0,20}填写[^〕]{0,20}〕|（请?填写[^）]{0,30}）|\(请?填写[^)]{0,30}\)|"
                          r"[XＸ]+(?:万元|元|年|月|日|个|套|台)")
_GUIDANCE_TITLE = re.compile(r"指南|指引|指导意见|工作方案|通知|要点|规范$|标准$|导则|意见$")
# A line whose last noun phrase is a guidance genre is guidance, whatever project kind it names on the way
# ("…可行性研究报告编制指南", "关于印发…实施方案的通知", "…数字政府专项规划").
_GUIDANCE_GENRE = re.compile(r"(?:指南|指引|导则|编制大纲|编写提纲|通知|意见|规划|纲要|行动计划|要点)$")
_WEB_PAGE = re.compile(r"(?:HTTP|错误|Error)\s*(?:40[0-9]|50[0-9])|(?:40[34]|50[0-3])\s*(?:错误|Error|页面)|Not Found|Forbidden|Internal Server Error|页面不存在|页面未找到|无法访问此网站|"
                       r"您访问的页面|找不到(?:该|此)?页面|请求的(?:页面|资源)|Bad Gateway|Service Unavailable|"
                       r"<html|<!DOCTYPE|登录超时|会话已过期|下载失败|文件不存在", re.I)
# The genre a cover line names is its last noun phrase ("…可行性研究报告专家评审意见" is an opinion on a study).
# Drafting marks after it ("（征求意见稿）") do not change the genre.
_DRAFT_MARK = re.compile(r"[（(【\[][^）)】\]]{0,12}[）)】\]]\s*$")
_PROPOSAL_GENRE = re.compile(r"(?:建议书|可行性研究报告|可研报告|初步设计(?:方案)?(?:及概算)?|初设方案|实施方案|建设方案|"
                             r"运维(?:服务)?方案|运行维护(?:服务)?方案|应用方案|设计方案|项目方案)$")
_OTHER_GENRE = re.compile(r"(?:招标|采购|磋商|谈判|询价|投标|响应|比选)文件$|(?:招标|采购|中标|成交)(?:公告|公示)$|"
                          r"(?:磋商|谈判|询价|比选|结果|更正|终止|废标|合同|单一来源)(?:公告|公示)$|公告$|公示$|"
                          r"验收(?:报告|意见|申请(?:表|书)?)$|(?:评审|论证|审查|审核|批复|咨询)意见$|(?:的)?批复$|"
                          r"(?:测评|检测|测试|评估|审计|监理|决算|结算|审核|评审|审查|核查|检查)报告$|"
                          r"情况(?:报告|说明|汇报)$|(?:试)?运行(?:情况)?(?:报告|总结)$|(?:采购|招标)意向(?:公开|公告)?$|工作总结$|总结(?:报告)?$|述职报告$|"
                          r"汇报(?:材料)?$|会议纪要$|纪要$|(?:合同|协议)(?:书)?$|请示$|函$|"
                          # papers of the later life of a project, each its own genre: supervision, evaluation,
                          # design and test documents, manuals, rectification, award and procurement papers
                          r"监理(?:工作)?(?:规划|(?:实施)?细则|方案)$|(?:绩效|自)评(?:价)?(?:报告|表)?$|"
                          r"(?:需求)?调研报告$|需求(?:规格)?说明书?$|用户需求书$|详细设计(?:说明书?|报告)?$|"
                          r"(?:测试|测评|检测|审计|评估|验收)(?:实施)?方案$|(?:用户|操作|使用|运维)?手册$|"
                          r"整改(?:报告|方案|措施)$|(?:中标|成交)通知书?$|采购需求(?:书)?$|技术规格书$")
# (with the words of a network's and a machine room's upkeep: an 电子政务外网 运维方案 speaks of 交换机, 防火墙 and 漏洞
# rather than of 系统 and 平台)
_IT_TERMS = re.compile(r"信息化|信息系统|平台|系统|数据|网络|软件|硬件|服务器|云|数字|智慧|智能|APP|小程序|接口|数据库|"
                       r"外网|内网|政务网|专网|机房|交换机|路由器|防火墙|漏洞|等级保护|等保|链路|带宽|光纤|网站|视频|物联")
_GOV_TERMS = re.compile(r"政务|政府|人民政府|局|委员会|厅|办公室|大数据中心|部门|财政|审批|监管")


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # one of KINDS
    evidence: str  # Chinese, for the error message

    @property
    def is_proposal(self) -> bool:
        return self.kind == "proposal"


def document_kind(tree: SectionTree, facts: Facts) -> DocumentKind:
    doc = tree.document
    paragraphs = [b.text.strip() for b in doc.blocks if b.kind == "paragraph" and b.text.strip()]
    text = "\n".join(paragraphs)
    chars = max(len(text), 1)
    sections = tree.sections()
    title = _title(tree)

    # A web or error page: little text, and what there is says the page is missing.
    web = _WEB_PAGE.findall(text[:3000])
    if web and (chars < 1500 or len(web) >= 3) and not sections[2:]:
        return DocumentKind("web_page", f"文件内容是网页或错误页面（“{web[0]}”），不是项目文本")

    # A regulation: numbered articles carry the body.
    articles = [p for p in paragraphs if _ARTICLE.match(p)]
    article_chars = sum(len(p) for p in articles)
    if len(articles) >= 8 and article_chars >= 0.5 * chars:
        where = f"《{title}》" if title else "全文"
        return DocumentKind("regulation", f"{where}以“第X条”条文为主体（{len(articles)} 条），是规章制度，不是项目申报文本")

    # An unfilled template: placeholders where the facts go, and chapters without bodies.
    holders = _placeholders(text)
    fact_holders = [f for f in (facts.project_name.value, facts.owner.value) if f and _PLACEHOLDER.search(f)]
    chapters = [s for s in sections if s.level == 1]
    # (chapters are read whole only when there are placeholders: that reading is most of the gate's cost)
    hollow = [s for s in chapters if _hollow(s)] if len(holders) >= 3 or fact_holders else []
    # both: an anonymised real proposal (××局) has bodies, an outline with empty chapters has no placeholders
    if chapters and (len(holders) >= 3 or fact_holders) and len(hollow) >= max(2, 0.3 * len(chapters)):
        sample = "、".join(dict.fromkeys(holders))[:40] if holders else fact_holders[0]
        return DocumentKind("template", f"文本为未填写的模板：{len(hollow)}/{len(chapters)} 章只有占位内容，"
                                        f"含占位符“{sample}”")

    # Another genre named on the cover (招标文件, 验收报告, 评审意见, 工作总结 …): about a project, not its proposal.
    has_project = bool(facts.investment_wan.value or facts.project_name.value and facts.owner.value)
    topics = {s.label for s in sections if s.label and s.label != "other"}
    # A proposal's shape: the spread of chapter topics a proposal covers, and a project of its own. A letter
    # that carries one (a 请示 or 函 sent with the study, before or after its cover, or with its own title line)
    # does not make it a letter.
    proposal_follows = len(topics) >= _PROPOSAL_TOPICS and has_project
    cover = _cover_lines(tree)
    names_proposal = any(_PROPOSAL_GENRE.search(line) for line in cover)
    genre = _cover_genre(tree)
    carries_plan = _carries_plan(chapters, facts)
    if genre is not None and not ((proposal_follows or names_proposal or carries_plan)
                                  and LETTER_TITLE.search(genre)):
        # a model text of that genre (a contract's 示范文本): its values are bracketed blanks (甲方：【甲方全称】,
        # 合同总价为【大写金额】元) — not the label habit of a bracket opening a line (【甲方】某县民政局)
        blanks = _VALUE_BLANK.findall(text)
        if len(blanks) >= 3:
            return DocumentKind("template", f"封面写明本文件是“{genre}”的范本，其中的值是待填的空白（"
                                            f"“{'、'.join(dict.fromkeys(blanks))[:40]}”），不是项目申报文本")
        return DocumentKind("unrelated", f"封面写明本文件是“{genre}”，不是项目申报文本"
                                         "（项目建议书、可行性研究报告、初步设计、实施方案或运维方案）")

    # A document site's model essay (封面 "…方案" / "模板范文"): generic text under a proposal's chapter topics, with no
    # owner and no investment of its own. A real proposal, however thin, names who builds it or what it costs.
    model = next((t for t in _front_lines(tree) if _MODEL_TEXT.search(t)), None)
    if model and not (facts.owner.value or facts.investment_wan.value):
        # (a model to fill in — its facts are blanks, XX万元, （填写项目全称） — is a template; a model essay is not)
        kind = "template" if len(holders) >= 2 else "unrelated"
        return DocumentKind(kind, f"封面标明本文件是“{model}”，是范文模板，未载明自己的项目（建设单位、总投资），"
                                  "不是项目申报文本")
    # A research paper (an article or thesis on government IT, saved from a journal site): an abstract and its key
    # words before the first heading. Its chapters may well spread over a proposal's topics, and its case study
    # may state an investment, but no proposal opens on 摘要 and 关键词.
    if not (names_proposal or _typed_by_title(facts)) and _paper_front(tree):
        return DocumentKind("unrelated", "文本以“摘要”“关键词”开头，是研究论文，不是项目申报文本")
    # A form and nothing else (a 审批表, a 支付申请表) that states none of a project's content: its rows are the
    # project's particulars and the offices' opinions or payments, not what is to be built. (A 申报表 alone states
    # the content and the need, and is reviewed.)
    typed = names_proposal or _typed_by_title(facts)
    if _bare_form(doc, paragraphs):
        return DocumentKind("unrelated", "文件只有一张填报表格（项目信息、指标、意见或申请事项），未写明建设内容和建设必要性，"
                                         "不是项目申报文本")

    # Guidance: a 指南/通知/意见 that states no project of its own. Its title may stand below the issuing office
    # on the cover, so every cover line is read, not only the first.
    guide = next((t for t in [title, *cover] if t and _GUIDANCE_TITLE.search(t) and not _names_project(t)), None)
    if guide and not facts.investment_wan.value and not names_proposal:
        return DocumentKind("guidance", f"《{guide}》是指导性文件，未载明具体项目（建设单位、总投资）")
    # A cover line that ends in a guidance genre (…可研编制指南, 关于印发…实施方案的通知, …专项规划) with no owner
    # stated, or with an owner (the issuing government on the cover) but no proposal type named: a policy text,
    # even when it names a kind of project, quotes a policy's 实施方案 title or sums up the investment of a whole
    # programme.
    ends_guide = next((t for t in [title, *cover] if t and _GUIDANCE_GENRE.search(_DRAFT_MARK.sub("", t))), None)
    if ends_guide and (not facts.owner.value and not (facts.investment_wan.value and names_proposal) or
                       facts.owner.value and not typed):
        if _ISSUES_REGULATION.search(ends_guide):  # 关于印发…管理办法的通知: the notice issues a regulation
            return DocumentKind("regulation", f"《{ends_guide}》印发规章制度，不是项目申报文本")
        return DocumentKind("guidance", f"《{ends_guide}》是指导性文件，未载明具体项目（建设单位、总投资）")
    # A 公文 that opens on the office it is addressed to (批复, 通知, 请示, 函 without their title line), with no
    # proposal following it (a proposal's shape, or its own title line after the letter).
    addressee = _addressee(tree)
    if addressee and not (proposal_follows or names_proposal or carries_plan):
        return DocumentKind("unrelated", f"文件以主送机关“{addressee}”开头，是公文（批复、通知、请示或函），"
                                         "未附项目申报文本")

    # About no government IT project: neither IT nor government vocabulary to speak of.
    # (counted only as far as the verdict needs: a proposal passes the floor early on)
    it_density = _count_below(_IT_TERMS, text, chars, _IT_FLOOR) * 1000 / chars
    if chars >= 150 and it_density < 2.0 and (
            len(_GOV_TERMS.findall(text)) * 1000 / chars < 1.0 or not has_project):
        return DocumentKind("unrelated", f"文本几乎不涉及信息化建设（每千字 {it_density:.1f} 个信息化术语），"
                                         "不是政务信息化项目文本")
    # A plan with next to no IT vocabulary (an activity's 实施方案) is no IT project, whoever issues it: the
    # proposals measured so far carry 15 or more IT terms a thousand characters, this floor a third of that.
    if chars >= 150 and it_density < _IT_FLOOR:
        return DocumentKind("unrelated", f"文本几乎不涉及信息化建设（每千字 {it_density:.1f} 个信息化术语），"
                                         "不是政务信息化项目文本")
    # No document type named and none of a proposal's shape: not the spread of chapter topics a proposal covers,
    # and not both an owner and an investment of its own. A paper of a genre not listed above (a 监理细则, a 手册 of
    # a new kind, a procurement page, a news item, a work summary) ends here rather than being reviewed as a
    # proposal. A document type read from a word inside a sentence or a numbered chapter heading ("启动项目可行性
    # 研究和初步设计工作", "一、前期准备：需求论证与可行性研究") is no type named: only a title line that ends in
    # one, or a sentence about the document itself, is.
    # A project of its own: its owner and its investment, or a project's name with one of them (a procurement
    # page's budget, a news item's programme total or a signature alone is none).
    owner, money = facts.owner.value, facts.investment_wan.value
    own_project = bool(owner and money or (owner or money) and re.search(r"(?:项目|工程)$", facts.project_name.value
                                                                        or ""))
    # (a paper that is mostly a table, such as a list of several projects, counts its cells too)
    tabled = chars + sum(len(b.text) for b in doc.blocks if b.kind == "table")
    if tabled >= 150 and not typed and len(topics) < _PROPOSAL_TOPICS and not own_project:
        return DocumentKind("unrelated", f"文本未写明文件类型，也不具备项目申报文本的结构（{len(topics)} 个申报文本"
                                         "章节主题，未载明自己的项目：建设单位、总投资），不是项目申报文本")
    # Chapters over a proposal's topics do not make one of a paper whose cover names a genre of its own, no
    # proposal type, and that states neither an owner nor an investment (a vendor's 上线切换方案 or 培训方案 of the
    # project: any five chapters get five labels). (A text with no cover at all — a scan's pages — is left to the
    # rules above.)
    own_genre = next((line for line in cover if _OWN_GENRE.search(line)), None)
    if tabled >= 150 and not typed and not (owner or money) and own_genre:
        return DocumentKind("unrelated", f"封面写明本文件是“{own_genre}”，未写明项目申报文本的类型，也未载明自己的项目"
                                         "（建设单位、总投资），不是项目申报文本")
    # A form alone that names no type (a score sheet, an indicator form): its rows may well read 建设必要性 or 年度总体
    # 目标, but it is no 申报表 (which names its type) and carries no proposal's text.
    if not typed and _form_only(doc, paragraphs):
        return DocumentKind("unrelated", "文本未写明文件类型，只有表格和几行文字，不具备项目申报文本的结构，不是项目申报文本")
    return DocumentKind("proposal", "")


# A cover line naming a document's genre by its last noun (…切换方案, …培训计划, …操作手册, …登记表): what the paper is.
_OWN_GENRE = re.compile(r"(?:方案|报告|说明书?|计划|手册|清单|表|单|记录|纪要|制度|细则|协议|合同|指引)$")
# A bracketed blank where a value goes: after a label's colon or inside a sentence, never opening a line.
_VALUE_BLANK = re.compile(r"(?<=[:：\u4e00-\u9fff（(¥￥])【[^】\n]{1,12}】")
_ISSUES_REGULATION = re.compile(r"印发.{2,60}(?:办法|规定|条例|细则|规则)(?:（(?:试行|暂行)）)?》?的通知$")
_MODEL_TEXT = re.compile(r"(?:模板|范文|范本)(?:范文)?[）)]?$")
# A row that states what the project is to build or why: a 申报表's content rows.
# (generous: a real form's content row may be 主要内容, 项目概述, 绩效目标, 建设规模 … ; an approval's, a payment's or a
# resource request's rows are particulars, amounts and opinions)
_CONTENT_ROW = re.compile(r"内容|必要|目标|需求|现状|功能|方案|概述|概况|简介|规模|任务|背景")
_FORM_TEXT_MAX = 80  # the paragraph text a form-only paper carries around its table (a title, a note)


def _front_lines(tree: SectionTree) -> list[str]:
    """The short lines before the first heading, as written (drafting marks kept: "（模板）")."""
    secs = tree.sections()
    first = secs[0].block_index if secs else min(len(tree.document.blocks), 12)
    return ["".join(b.text.split()) for b in tree.document.blocks[:min(first, 12)]
            if b.kind == "paragraph" and 2 <= len(b.text.strip()) <= 60]


_ABSTRACT = re.compile(r"^[【\[]?(?:摘\s*要|内容提要)[】\]]?\s*[:：]")
_KEYWORDS = re.compile(r"(?:^|[。\s】\]])[【\[]?关\s*键\s*[词字][】\]]?\s*[:：]")


def _paper_front(tree: SectionTree) -> bool:
    """An abstract ("摘要：…") and key words ("关键词：…", in it or on their own line) before the first heading."""
    secs = tree.sections()
    first = secs[0].block_index if secs else len(tree.document.blocks)
    front = [b.text.strip() for b in tree.document.blocks[:min(first, 15)] if b.kind == "paragraph"]
    return any(_ABSTRACT.match(t) for t in front) and any(_KEYWORDS.search(t) for t in front)


def _bare_form(doc, paragraphs: list[str]) -> bool:
    tables = [b for b in doc.blocks if b.kind == "table"]
    if not tables or sum(len(p) for p in paragraphs) > _FORM_TEXT_MAX:
        return False
    labels = [(row[0] or "").strip() for b in tables for row in (b.rows or []) if row]
    # (a label | value form: its rows open on a label, not on a number as a list of several projects does)
    named = [lab for lab in labels if re.fullmatch(r"[\u4e00-\u9fffA-Za-z（）()]{2,16}", lab)]
    return len(labels) >= 4 and len(named) >= 0.8 * len(labels) and not any(_CONTENT_ROW.search(lab) for lab in labels)


def _form_only(doc, paragraphs: list[str]) -> bool:
    """Tables and a few short lines around them (a title, a name, a signature): a form, whatever its rows are.
    (Only a form that names no document type is gated by this: a 申报表 alone names its type.)"""
    tables = [b for b in doc.blocks if b.kind == "table"]
    text = sum(len(p) for p in paragraphs)
    return bool(tables) and text <= _FORM_ONLY_TEXT_MAX and sum(len(b.text) for b in tables) >= text


_FORM_ONLY_TEXT_MAX = 200  # the paragraph text of a form-only paper (a title, the project's name, a signature)


def _carries_plan(chapters, facts: Facts) -> bool:
    """An applicant's letter that carries the plan it applies for (an O&M funding 请示 whose body is the plan: the
    system, the work, the itemised cost, under chapters of their own), signed by the owner and stating the amount.
    A letter alone, or one whose points are paragraphs (一、取消… 二、增加…), carries none."""
    full = [s for s in chapters if len((s.body or "").strip()) >= 20]
    return bool(facts.owner.value and facts.investment_wan.value) and len(full) >= _PLAN_CHAPTERS and \
        any(s.label == "investment" for s in full)


_PLAN_CHAPTERS = 3  # the fewest chapters of a plan carried in a letter
_IT_FLOOR = 5.0  # IT terms a thousand characters below which a text is about no IT project
_PROPOSAL_TOPICS = 5  # the fewest chapter topics of a proposal with no document type named


def _count_below(rx: re.Pattern, text: str, chars: int, density: float) -> int:
    """``len(rx.findall(text))`` when that is under ``density`` a thousand characters; else the first count at
    which it is not (the count only grows, so the comparison's answer is the same)."""
    n = 0
    for n, _ in enumerate(rx.finditer(text), 1):
        if n * 1000 / chars >= density:
            break
    return n


# Every placeholder starts with one of these: the regex engine has no prefix to skip by for an alternation of
# repeats and classes, so matches are tried only where one stands (the same matches as findall).
_PLACEHOLDER_START = re.compile(r"[X×＿_【〔（(Ｘ]")


def _placeholders(text: str) -> list[str]:
    found, pos = [], 0
    while (start := _PLACEHOLDER_START.search(text, pos)) is not None:
        m = _PLACEHOLDER.match(text, start.start())
        if m:
            found.append(m.group(0))
            pos = m.end()
        else:
            pos = start.start() + 1
    return found


def _title(tree: SectionTree) -> str:
    """The first substantial line before the first heading (the cover's title)."""
    secs = tree.sections()
    first = secs[0].block_index if secs else len(tree.document.blocks)
    for b in tree.document.blocks[:first]:
        t = b.text.strip()
        if len(t) >= 6 and not re.search(r"[:：]", t):
            return t[:60]
    return secs[0].title[:60] if secs else ""


def _cover_lines(tree: SectionTree) -> list[str]:
    """The cover's short lines (before the first heading), blanks removed: a letter-spaced cover (招 标 文 件)
    names its genre all the same; drafting marks after a genre (（征求意见稿）) dropped."""
    secs = tree.sections()
    first = secs[0].block_index if secs else min(len(tree.document.blocks), 12)
    return [_DRAFT_MARK.sub("", "".join(b.text.split())) for b in tree.document.blocks[:min(first, 12)]
            if b.kind == "paragraph" and 2 <= len(b.text.strip()) <= 60 and not re.search(r"[:：。，]", b.text)]


def _cover_genre(tree: SectionTree) -> str | None:
    """The other genre the cover names, when it is the last genre the cover names: a title on two lines
    ("…项目可行性研究报告" / "专家评审意见") is read as one, its last line deciding. In plain text that second line may
    have been taken for the first heading (a short line standing alone): an unnumbered first heading right under
    the cover that is a genre and nothing else is still the title's last line."""
    lines = _cover_lines(tree)
    secs = tree.sections()
    if lines and secs and secs[0].level == 1 and secs[0].block_index <= 12:
        head = _DRAFT_MARK.sub("", "".join(secs[0].title.split()))
        if len(head) <= 16 and not _NUMBERED.match(head) and _OTHER_GENRE.search(head):
            lines = [*lines, head]
    named = [line for line in lines if _PROPOSAL_GENRE.search(line) or _OTHER_GENRE.search(line)]
    if named and not _PROPOSAL_GENRE.search(named[-1]):
        return named[-1]
    return None


_NUMBERED = re.compile(r"^(?:第[一二三四五六七八九十百\d]+[章节部篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d)")

# The office a 公文 is addressed to, alone on its line: "青州市大数据局：", "市各委办局、直属单位：". A cover's field label
# with its value on the next line ("建设单位：") is no addressee.
_ADDRESSEE = re.compile(r"(?:[\u4e00-\u9fff（）()]{2,24}[、，,])*[\u4e00-\u9fff（）()]{1,24}"
                        r"(?:局|委|委员会|厅|办|办公室|政府|中心|部门|单位|公司|院|所|部|处|站|街道|镇|乡|组)[：:]")
_FIELD_LABEL = re.compile(r"(?:项目)?(?:建设|编制|申报|承建|主管|业主|采购|实施|使用|牵头|责任|咨询|设计|报送|呈报|填报|"
                          r"归口|建设管理)?(?:单位|部门)[：:]")


def _addressee(tree: SectionTree) -> str | None:
    """The addressee line among the document's opening paragraphs (before any heading)."""
    secs = tree.sections()
    first = secs[0].block_index if secs else len(tree.document.blocks)
    seen = 0
    for b in tree.document.blocks[:first]:
        t = "".join(b.text.split())
        if b.kind != "paragraph" or not t:
            continue
        seen += 1
        if seen > 6:
            break
        if len(t) <= 60 and _ADDRESSEE.fullmatch(t) and not _FIELD_LABEL.fullmatch(t):
            return t
    return None


def _typed_by_title(facts: Facts) -> bool:
    """The document names its type: a title line that ends in it, or a sentence about itself ("本报告…"), not a
    type word inside another sentence or a chapter heading."""
    quote, why = facts.doc_type.quote, facts.doc_type.why
    if facts.doc_type.value in ("other", None) or why == "opening text":
        return False
    if why != "title page" or not quote:
        return True
    found = line_genre(quote)
    # (a title line, not a sentence that happens to end in a type word: "…由项目责任单位填写项目申报书")
    return bool(found and found[1]) and not re.search(r"[，,；;：:]", quote)


def _names_project(title: str) -> bool:
    return bool(re.search(r"项目|工程|建设方案|实施方案|可行性研究|建议书|初步设计|运维方案|应用方案", title))


def _hollow(section) -> bool:
    """A chapter whose whole text (sub-sections included) is empty or only placeholders."""
    body = section.full_text
    for child in section.walk():
        body = body.replace(child.title, "")
    rest = _PLACEHOLDER.sub("", body)
    rest = re.sub(r"[\s。，、；：:（）()【】……\.]+", "", rest)
    return len(rest) < 10
