"""Red-team round 7: whole outlines of other official templates (发改高技〔2008〕2544号 可研 / 初步设计, provincial
建设方案 and 申报书, consultancy house styles). A complete document laid out the way such a template lays it out must
come out without a false "missing section". Each test is one failure class; every fixture is built here, in
wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document
from yushen.pipeline import analyse, review_file

from .builders import build_docx


@pytest.fixture(scope="module")
def model():
    return load_model()


def _status(report, rule):
    return next(f.status for f in report.findings if f.rule == rule)


_COVER = ["国家档案数字资源长期保存平台建设项目", "可行性研究报告", "国家档案局", "2026年5月"]


def _proposal(security: list) -> list:
    """A national 可研 in the 2544 outline, with the security part of its design given by ``security``."""
    return [
        (1, "第一章 项目概述"),
        "项目名称：国家档案数字资源长期保存平台建设项目。项目建设单位为国家档案局，总投资3120万元，"
        "全部申请中央预算内投资，建设期20个月。",
        (1, "第二章 项目建设单位概况"),
        "国家档案局主管全国档案事业，负责档案资源的收集、保管和利用监督。",
        (1, "第三章 需求分析和项目建设的必要性"),
        (2, "3.1 业务需求"),
        "各部委每年移交电子档案约九千万件，需要统一接收、检测和长期保存。",
        (2, "3.2 信息资源共享需求"),
        "平台形成的档案目录数据需向中央和国家机关开放查询，按政务信息资源目录要求编目，经国家数据共享交换平台提供共享。",
        (1, "第四章 总体建设方案"),
        "平台依托国家政务云建设，分为接收、保存、利用三个层次。",
        (1, "第五章 本期项目建设方案"),
        (2, "5.1 电子档案接收系统"),
        "提供在线移交、格式检测和四性检测功能。",
        (2, "5.2 长期保存系统"),
        "采用多副本和异质备份策略保存档案数据。",
        *security,
        (1, "第六章 项目招标方案"),
        "软件开发和设备采购采用公开招标方式。",
        (1, "第七章 项目组织机构和人员培训"),
        "成立项目领导小组，委托工程监理单位全过程监理，对各级用户开展培训。",
        (1, "第八章 项目实施进度"),
        "建设期20个月，分设计、开发、试运行、验收四个阶段。",
        (1, "第九章 投资估算和资金来源"),
        "项目总投资3120万元，其中软件开发1800万元、设备购置960万元、其他费用360万元，资金来源为中央预算内投资。",
        (1, "第十章 效益与风险分析"),
        "档案接收时间由数月缩短到数日；主要风险为各部门移交进度不一，对策是分批接收。",
    ]


# The three security parts written as three paragraphs of the template's one security section (5.3 安全系统建设方案).
_PROSE_SECTION = [
    (2, "5.3 安全系统建设方案"),
    "平台定为网络安全等级保护第三级，在互联网边界配置防火墙和入侵防御设备，在核心区配置堡垒机和日志审计系统，"
    "每年委托测评机构开展等级测评。",
    "密码保障方面，平台选用SM2、SM3、SM4国产密码算法，配置服务器密码机和签名验签服务器，对登录用户进行身份鉴别，"
    "对档案数据加密存储，密码保障系统与平台同步规划、同步建设、同步运行，上线前开展密码应用安全性评估。",
    "平台服务器、数据库和中间件均采用安全可靠的国产产品，已在鲲鹏服务器和麒麟操作系统上完成适配。",
]

# A consultancy's outline: the security parts as sub-sections of 保障措施, 等保 and 密码 sharing one sub-section.
_SAFEGUARDS = [
    (2, "5.3 平台部署"),
    "平台部署于国家政务云，申请云主机40台。",
    (1, "第十一章 保障措施"),
    (2, "（一）组织保障"),
    "建设单位主要负责同志牵头，信息中心具体组织。",
    (2, "（二）安全保障"),
    "平台按等保三级落实防火墙、入侵检测和安全审计措施。平台采用商用密码技术，以SM2数字证书鉴别用户身份，以SM4算法加密"
    "存储敏感档案，同步规划、同步建设、同步运行，并开展密码应用安全性评估。",
    (2, "（三）安全可靠保障"),
    "操作系统、数据库选用国产安全可靠产品，完成适配验证。",
]

# 安全可靠 stated in the 设备选型 section; 等保 and 密码 in one merged chapter without sub-headings.
_MERGED = [
    (2, "5.3 设备选型"),
    "服务器、存储和终端均选用安全可靠的国产产品，操作系统为统信，数据库为达梦，均已完成适配测试。",
    (1, "第十一章 网络安全与密码应用"),
    "平台按第三级等级保护要求设计，配置防火墙、入侵防御和日志审计。",
    "平台采用SM2数字证书进行身份鉴别，采用SM4算法加密存储档案数据，密码保障系统同步规划、同步建设、同步运行，"
    "上线前开展密码应用安全性评估。",
]


@pytest.mark.parametrize("security", [_PROSE_SECTION, _SAFEGUARDS, _MERGED], ids=["prose_section", "safeguards",
                                                                                 "merged_chapter"])
def test_security_parts_written_as_sentences_of_one_security_body_are_not_missing(tmp_path, model, security):
    report = review_file(build_docx(tmp_path / "p.docx", _proposal(security), title_page=_COVER), model)
    assert report.ruleset == "national" and report.document["doc_type"] == "feasibility_study"
    for rule in ("national.art14.network_security_section", "national.art15.crypto_section",
                 "national.art16.secure_reliable_section"):
        assert _status(report, rule) == "pass", rule


def test_a_security_body_that_names_no_crypto_or_products_still_misses_them(tmp_path, model):
    # 身份鉴别 and 加密传输 are 等保 measures, not a 密码 part; one 安全可靠 word about a firewall states no products
    security = [
        (2, "5.3 安全系统建设方案"),
        "平台定为网络安全等级保护第三级，配置防火墙、入侵防御和日志审计，落实身份鉴别和访问控制。",
        "重要数据加密传输，核心设备采用安全可靠的防火墙。",
    ]
    report = review_file(build_docx(tmp_path / "p.docx", _proposal(security), title_page=_COVER), model)
    assert _status(report, "national.art14.network_security_section") == "pass"
    assert _status(report, "national.art15.crypto_section") == "fail"
    assert _status(report, "national.art16.secure_reliable_section") == "fail"


def test_a_security_part_named_under_another_topic_is_that_topics_matter(tmp_path, model):
    # a risk of 国产化适配 is a risk, not the 安全可靠 statement (the proposal states no products anywhere)
    security = [
        (2, "5.3 安全系统建设方案"),
        "平台定为网络安全等级保护第三级，配置防火墙、入侵防御和日志审计。平台采用商用密码技术，以SM2数字证书鉴别用户身份，"
        "同步规划、同步建设、同步运行，并开展密码应用安全性评估。",
        (1, "第十一章 项目风险"),
        (2, "11.1 风险识别"),
        "国产化适配周期较长可能影响工期。",
    ]
    report = review_file(build_docx(tmp_path / "p.docx", _proposal(security), title_page=_COVER), model)
    assert _status(report, "national.art15.crypto_section") == "pass"
    assert _status(report, "national.art16.secure_reliable_section") == "fail"


# --- an operations plan lists what it maintains -----------------------------------------------------------------

_OPS_COVER = ["内蒙古自治区林业和草原局", "自治区林草综合监管平台2026年度运行维护项目", "运维方案"]
_OPS = [
    (1, "第一章 项目概述"),
    "本项目为自治区林草综合监管平台的年度运行维护，项目类别为运维类，年度运维经费148万元。",
    (1, "第二章 运维对象"),
    "平台包括业务应用12个、服务器40台、存储设备2套和数据库4套，另有机房动力环境监控设备一套。",
    (1, "第三章 运维服务内容"),
    (2, "3.1 日常巡检"),
    "每日巡检服务器、存储设备和数据库的运行状态，每月出具巡检报告。",
    (2, "3.2 数据运维"),
    "维护与自治区数据共享交换平台的接口，保障共享数据按日更新，处理数据质量问题。",
    (2, "3.3 安全运维"),
    "每年开展等级保护测评和密码应用安全性评估，每季度开展漏洞扫描。",
    (1, "第四章 运维团队与考核"),
    "驻场工程师5名，按季度考核响应时间和用户满意度。",
]


@pytest.mark.parametrize("pack,rule", [("nmg", "nmg.art20.intensive_infrastructure"),
                                       ("ordos", "ordos.art14.government_cloud"),
                                       ("mudan", "mudan.art18.government_cloud")])
def test_an_operations_plans_list_of_maintained_servers_is_no_deployment(tmp_path, model, pack, rule):
    # the packs' 政务云 articles are about building (集约化建设); the servers an O&M plan inspects already run
    report = review_file(build_docx(tmp_path / "ops.docx", _OPS, title_page=_OPS_COVER), model, rules=pack)
    assert report.document["doc_type"] == "operations_plan"
    assert _status(report, rule) == "not_applicable"


# --- a safeguards chapter (保障措施) in an unnumbered outline ----------------------------------------------------

def _plain_levels(tmp_path, outline):
    """outline: (level, title, body paragraphs), written as unnumbered plain text (titles at the margin, body
    indented); the levels the segmenter infers."""
    body = "\u3000\u3000本节按有关要求说明具体安排，责任落实到科室和个人，所需条件已与相关单位逐项确认。"
    lines = ["某县城乡供热智慧监管平台", "实施方案", "编制单位：某某信息技术咨询有限公司", "二〇二六年四月", ""]
    for _, title, paras in outline:
        lines += [title] + [body] * paras
    path = tmp_path / "plain.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [(s.level, s.title) for s in segment_headings(read_document(path)).sections()]


@pytest.mark.parametrize("outline", [
    [(1, "建设必要性", 1), (1, "建设内容", 0), (2, "热源监测子系统", 1), (2, "管网调度子系统", 1),
     (1, "保障措施", 0), (2, "组织保障", 1), (2, "安全保障", 1), (2, "绿色节能", 1), (2, "运维保障", 1),
     (1, "实施计划", 1), (1, "资金测算", 1)],
    [(1, "建设内容", 0), (2, "热源监测子系统", 1), (2, "管网调度子系统", 1),
     (1, "保障措施", 0), (2, "网络安全保障", 1), (2, "密码应用保障", 1), (2, "组织保障", 1), (2, "绩效管理", 1),
     (1, "进度安排", 1), (1, "投资估算", 1)],
    [(1, "建设内容", 0), (2, "热源监测子系统", 1),
     (1, "项目保障体系", 0), (2, "组织领导", 1), (2, "节能降耗", 1), (2, "工程监理", 1),
     (1, "投资估算", 1)],
], ids=["organisation_first", "security_first", "baozhang_tixi"])
def test_a_safeguards_chapter_holds_the_safeguards_of_every_kind(tmp_path, outline):
    # 保障措施 names no topic: its sections (组织, 安全, 密码, 节能, 监理, 运维, 绩效) stay its sections, and the
    # 进度 / 资金 chapters after it are chapters
    assert _plain_levels(tmp_path, outline) == [(lvl, t) for lvl, t, _ in outline]


# --- a title page that ends on the document type ------------------------------------------------------------------

@pytest.mark.parametrize("cover", [["某县城乡供热智慧监管平台", "实施方案"],
                                   ["某县自然资源局", "某县城乡供热智慧监管平台", "可行性研究报告"],
                                   ["某县城乡供热智慧监管平台", "（项目建议书）"]], ids=["ssfa", "ky", "jys"])
def test_the_document_type_line_of_a_title_page_is_no_chapter(tmp_path, cover):
    # no 编制单位 or date under it: the first chapter (项目概况 with its text) follows the type line directly, and the
    # later chapters open sections straight away, so the type line looked like the top of such a chain
    body = "\u3000\u3000本节按有关要求说明具体安排，责任落实到科室和个人，所需条件已与相关单位逐项确认。"
    lines = [*cover, "", "项目概况", body, "建设必要性", body, "建设内容", "热源监测子系统", body, "管网调度子系统", body,
             "投资估算", body]
    path = tmp_path / "plain.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [(s.level, s.title) for s in segment_headings(read_document(path)).sections()] == [
        (1, "项目概况"), (1, "建设必要性"), (1, "建设内容"), (2, "热源监测子系统"), (2, "管网调度子系统"), (1, "投资估算")]


# --- the 2544 template's own section wordings -----------------------------------------------------------------

def test_the_2544_information_volume_section_is_a_requirement(tmp_path, model):
    # 3.4 信息量分析与预测 of the national 可研 template forecasts data volumes: a need, not data sharing
    items = _proposal(_PROSE_SECTION)
    at = items.index((2, "3.2 信息资源共享需求"))
    items[at:at] = [(2, "3.2 信息量分析与预测"),
                    "预计到2030年，档案数据总量将达到12PB，日均新增数据记录约8000万条。"]
    tree, _ = analyse(build_docx(tmp_path / "p.docx", items, title_page=_COVER), model)
    labels = {s.title: s.label for s in tree.sections()}
    assert labels["3.2 信息量分析与预测"] == "requirements"


def test_an_operations_plans_service_quality_assessment_is_operations(tmp_path, model):
    # 服务质量考核 in an 运维方案 assesses the upkeep service, even over a one-line body: not 监理/质量控制
    items = [*_OPS, (1, "第五章 服务质量考核"),
             "考核结果与费用支付挂钩。"]
    tree, _ = analyse(build_docx(tmp_path / "ops.docx", items, title_page=_OPS_COVER), model)
    labels = {s.title: s.label for s in tree.sections()}
    assert labels["第五章 服务质量考核"] == "operations"


# --- the 2544 template's 环保、消防、职业安全卫生 chapter ---------------------------------------------------------

_EHS = ["本项目以软件开发和设备安装为主，不产生废水、废气，包装废弃物由供货单位回收。",
        "机房消防由政务云服务商统一负责，施工期间配备灭火器材。",
        "安装人员上岗前接受安全培训，高处作业佩戴防护用品。"]


@pytest.mark.parametrize("title,energy,status", [
    ("第十一章 环保、消防和职业安全卫生", [], "fail"),
    ("第十一章 环保、消防、职业安全卫生和节能", ["设备选用低功耗产品，依托政务云部署，不新增机房能耗。"], "pass"),
], ids=["without_energy", "with_energy"])
def test_an_environment_fire_and_safety_chapter_is_no_energy_analysis_unless_it_says_so(tmp_path, model, title,
                                                                                   energy, status):
    # the 2544 template joins 节能 to 环保、消防、职业安全卫生; an author who leaves 节能 out has written no energy
    # analysis, and a chapter on pollution, fire and site safety is not one
    items = [*_proposal(_PROSE_SECTION), (1, title), *_EHS, *energy]
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=_COVER), model, rules="ordos")
    assert _status(report, "ordos.art13.energy_section") == status
