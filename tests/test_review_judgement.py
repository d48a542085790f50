"""Issue 12: know what is being reviewed (document kind, region) and rules that mean what the article says.
Every fixture is built here, in wordings of our own."""

from __future__ import annotations

import pytest

from yushen.analyze.model_store import load_model
from yushen.analyze.regions import load_gazetteer, region_of
from yushen.core.errors import YushenError
from yushen.pipeline import review_file

from .builders import build_docx
from .proposals import complete, replace_chapter


@pytest.fixture(scope="module")
def model():
    return load_model()


def _status(report, rule):
    return next(f for f in report.findings if f.rule == rule).status


# --- the document-kind gate -------------------------------------------------------------------------------

def _regulation_items():
    items = [(1, "第一章 总则")]
    for n, text in enumerate(["为规范本市政务信息化项目管理，提高财政资金使用效益，制定本办法。",
                              "本办法适用于使用财政资金建设的政务信息化项目。",
                              "项目建设单位应当编制可行性研究报告，总投资100万元以上的项目应当开展密码应用安全性评估。",
                              "市大数据中心负责项目的统筹和技术审核。"], start=1):
        items.append(f"第{'一二三四'[n - 1]}条　{text}")
    items.append((1, "第二章 项目审批"))
    for n, text in enumerate(["项目建设单位应当在申报时提交项目建议书。", "审核部门应当在二十个工作日内出具意见。",
                              "未通过审核的项目不得安排资金。", "跨部门项目由牵头部门会同相关部门共同申报。",
                              "项目应当同步规划网络安全和密码保障措施。", "本办法自印发之日起施行。"], start=5):
        items.append(f"第{'五六七八九十'[n - 5]}条　{text}")
    return items


def test_a_regulation_is_not_reviewed(tmp_path, model):
    path = build_docx(tmp_path / "办法.docx", _regulation_items(), title_page=["某某市政务信息化项目管理办法"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.code.value == "not_a_proposal" and err.value.kind == "regulation"
    assert "条" in err.value.message
    forced = review_file(path, model, force=True)  # check --force reviews anyway, and says so
    assert any(e["code"] == "not_a_proposal" for e in forced.errors)


def test_an_unfilled_template_is_not_reviewed(tmp_path, model):
    items = [(1, "一、项目概况"), "项目名称：XXXX。建设单位：XXXX。总投资：XX万元。",
             (1, "二、建设内容"), "【请填写主要建设内容】", (1, "三、投资估算"), "【请填写投资估算明细】",
             (1, "四、网络安全"), "【请说明网络安全措施】", (1, "五、实施计划"), "【请填写实施进度安排】"]
    path = build_docx(tmp_path / "模板.docx", items, title_page=["XXXX项目实施方案（模板）"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "template"


def test_a_guidance_text_is_not_reviewed(tmp_path, model):
    items = [(1, "一、总体要求"), "各地各部门在政务信息系统规划、建设和运行中，应当同步开展密码应用工作，提升数据安全保障能力。",
             (1, "二、工作流程"), "系统建设前编制密码应用方案，建设完成后开展密码应用安全性评估，评估结果作为验收依据。",
             (1, "三、保障措施"), "加强组织领导，落实经费保障，做好人员培训和监督检查。"]
    path = build_docx(tmp_path / "指南.docx", items, title_page=["政务信息系统密码应用工作指南"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "guidance"


def test_a_saved_error_page_is_not_reviewed(tmp_path, model):
    page = tmp_path / "可研报告.txt"
    page.write_text("404 Not Found\n\n您访问的页面不存在或已被删除。\n请检查网址是否正确，或返回首页。\n", encoding="utf-8")
    with pytest.raises(YushenError) as err:
        review_file(page, model)
    assert err.value.code.value in ("not_a_proposal", "empty_document")
    if err.value.code.value == "not_a_proposal":
        assert err.value.kind == "web_page"


# Papers about a project that are not its proposal reach the front desk too; reviewed as proposals they drew
# blockers ("缺少网络安全章节") for chapters they never should have.
_ABOUT_A_PROJECT = [(1, "一、项目概况"), "某市政务数据共享平台总投资480万元，部署在市政务云，按等级保护第三级建设。",
                    (1, "二、主要内容"), "数据目录、共享交换和数据治理三个子系统，接入二十个部门的业务系统。",
                    (1, "三、结论"), "同意按程序办理。"]


@pytest.mark.parametrize("cover,genre", [
    (["某市政务数据共享平台建设项目", "公开招标文件", "项目编号：2026-0123"], "招标文件"),
    (["某市政务数据共享平台建设项目", "竣工验收报告（送审稿）"], "验收报告"),
    (["某市政务数据共享平台建设项目可行性研究报告", "专家评审意见"], "评审意见"),
    (["某市大数据中心2026年工作总结"], "工作总结"),
    (["某市政务数据共享平台建设项目", "第三方软件测评报告"], "测评报告"),
])
def test_a_paper_about_a_project_that_is_not_its_proposal_is_not_reviewed(tmp_path, model, cover, genre):
    path = build_docx(tmp_path / "d.docx", _ABOUT_A_PROJECT, title_page=cover)
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "unrelated" and genre in err.value.message


@pytest.mark.parametrize("cover", [
    ["某市政务数据共享平台建设项目", "可行性研究报告（征求意见稿）", "附：专家评审意见"],
    ["某市政务数据共享平台运维服务采购项目", "运维服务方案"],
    ["某市政务数据共享平台建设项目实施方案", "（依据批复的可行性研究报告及专家评审意见编制）"],
])
def test_a_proposal_whose_cover_mentions_other_papers_is_reviewed(tmp_path, model, cover):
    title, items = complete("national")
    report = review_file(build_docx(tmp_path / "p.docx", items, title_page=cover), model)
    assert not any(e["code"] == "not_a_proposal" for e in report.errors)


@pytest.mark.parametrize("jur", ["national", "nmg", "ordos", "dalad", "mudan", "datong"])
def test_a_real_proposal_is_never_gated(tmp_path, model, jur):
    title, items = complete(jur)
    report = review_file(build_docx(tmp_path / f"{jur}.docx", items, title_page=title), model)
    assert report.ruleset == jur and not any(e["code"] == "not_a_proposal" for e in report.errors)


# --- jurisdiction from the gazetteer ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["大同小异", "全部系统", "村民自治组织", "应用部署", "自治区", "城区道路"])
def test_common_words_name_no_place(text):
    assert region_of(text) == (None, -1)


def test_regions_resolve_with_their_parents():
    gaz = load_gazetteer()
    assert gaz.resolve("浙江省丽水市大数据发展管理局").full_name == "浙江省丽水市"
    assert gaz.resolve("新疆维吾尔自治区人民政府办公厅").code == "650000"
    assert gaz.resolve("中共菏泽市牡丹区委政法委员会").full_name == "山东省菏泽市牡丹区"
    assert gaz.resolve("朝阳区") is None  # several provinces have one; nothing settles which
    assert gaz.resolve("朝阳区", context="北京市").code == "110105"


def test_a_region_without_a_pack_is_reviewed_under_the_national_rules_with_a_notice(tmp_path, model):
    title, items = complete("ordos")
    swap = {"鄂尔多斯市": "丽水市", "鄂尔多斯": "丽水"}
    def moved(x):
        if isinstance(x, tuple):
            return x
        for a, b in swap.items():
            x = x.replace(a, b)
        return x
    title = [moved(t) for t in title]
    items = [moved(i) for i in items] + ["项目名称中的“大同小异”“全部”“自治”等词不指向任何地区。"]
    report = review_file(build_docx(tmp_path / "lishui.docx", items, title_page=title), model)
    assert report.document["region"] == "浙江省丽水市"
    assert report.document["jurisdiction"] is None and report.ruleset == "national"
    notice = next(e for e in report.errors if e["code"] == "no_local_pack")
    assert "本地区暂无规则包，按国家办法审查" in notice["message"]


def test_a_xinjiang_owner_is_not_inner_mongolia(tmp_path, model):
    title, items = complete("nmg")
    title = [t.replace("内蒙古自治区", "新疆维吾尔自治区") for t in title]
    items = [i if isinstance(i, tuple) else i.replace("内蒙古自治区", "新疆维吾尔自治区") for i in items]
    report = review_file(build_docx(tmp_path / "xj.docx", items, title_page=title), model)
    assert report.document["region"] == "新疆维吾尔自治区" and report.ruleset == "national"


# --- rules that mean what the article says ----------------------------------------------------------------

def test_reuse_statement_is_not_a_negation(tmp_path, model):
    title, items = complete("ordos")
    items = replace_chapter(items, "统一接入", [(1, "第八章 统一接入"),
        "本项目通过鄂尔多斯城市智能体统一接入门户注册应用，使用政务云资源服务部署，地图服务调用GIS平台，用户登录通过"
        "政务协同办公平台统一身份认证，视频调用统一视频平台，不单独建设上述能力。"])
    report = review_file(build_docx(tmp_path / "reuse.docx", items, title_page=title), model)
    assert _status(report, "ordos.art8.integration_not_negated") == "pass"
    negated = replace_chapter(items, "统一接入", [(1, "第八章 统一接入"), "本项目暂不考虑与上述共性平台的对接，待二期另行立项。"])
    report = review_file(build_docx(tmp_path / "neg.docx", negated, title_page=title), model)
    assert _status(report, "ordos.art8.integration_not_negated") == "fail"


def test_listed_platforms_are_checked_item_by_item(tmp_path, model):
    title, items = complete("ordos")
    items = replace_chapter(items, "统一接入", [(1, "第八章 统一接入"),
        "本项目通过鄂尔多斯城市智能体统一接入，使用政务云资源服务部署，地图服务调用GIS平台。"])
    report = review_file(build_docx(tmp_path / "three.docx", items, title_page=title), model)
    f = next(f for f in report.findings if f.rule == "ordos.art8.integration_platforms")
    assert f.status == "fail"
    assert "政务协同办公平台" in f.message and "统一视频平台" in f.message


def test_an_empty_chapter_counts_as_missing_and_says_so(tmp_path, model):
    title, items = complete("national")
    items = replace_chapter(items, "密码", [(1, "第六章 密码应用方案")])
    report = review_file(build_docx(tmp_path / "empty.docx", items, title_page=title), model)
    f = next(f for f in report.findings if f.rule.endswith("crypto_section"))
    assert f.status == "fail" and "正文为空" in f.message


def test_rule_relevant_facts_are_shown_and_a_pack_without_a_rule_says_so(tmp_path, model):
    title, items = complete("nmg")
    nmg = review_file(build_docx(tmp_path / "nmg.docx", items, title_page=title), model).to_json()
    shown = {f["fact"]: f for f in nmg["rule_facts"]}
    assert shown["free_maintenance_months"]["value"] == 12 and shown["free_maintenance_months"]["evidence"]
    assert "nmg.art27.free_maintenance_period" in shown["free_maintenance_months"]["rules"]
    title, items = complete("mudan")
    mudan = review_file(build_docx(tmp_path / "mudan.docx", items, title_page=title), model).to_json()
    shown = {f["fact"]: f for f in mudan["rule_facts"]}
    assert shown["free_maintenance_months"]["rules"] == [] and "无相关条款" in shown["free_maintenance_months"]["note"]
    assert shown["app_or_miniprogram"]["rules"] == ["mudan.art18.standalone_app"]


def test_a_document_about_no_government_it_project_is_not_reviewed(tmp_path, model):
    items = [(1, "一、项目概况"), "本项目拟在大学城开设一家面积约八十平方米的手工面包店，主营欧式面包和咖啡，总投资35万元。",
             (1, "二、市场分析"), "大学城常住学生约四万人，周边同类门店较少，早餐和下午茶需求旺盛，客单价预计二十元左右。",
             (1, "三、经营计划"), "门店雇用店员四名，每日营业十二小时，节假日推出季节限定产品，通过会员卡提高复购率。",
             (1, "四、财务测算"), "预计月营业额十二万元，扣除房租、人工和原料成本后月利润约两万元，约一年半收回投资。"]
    path = build_docx(tmp_path / "面包店.docx", items, title_page=["大学城手工面包店创业项目", "可行性研究报告"])
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.kind == "unrelated"


def test_an_anonymised_proposal_is_not_taken_for_a_template(tmp_path, model):
    title, items = complete("ordos")
    title = [t.replace("鄂尔多斯市", "××市") for t in title]
    items = [i if isinstance(i, tuple) else i.replace("鄂尔多斯市", "××市") for i in items]
    report = review_file(build_docx(tmp_path / "anon.docx", items, title_page=title), model)
    assert report.ruleset == "national" and not any(e["code"] == "not_a_proposal" for e in report.errors)


def test_a_subsection_tied_to_the_topic_by_one_word_is_not_the_mandatory_chapter(tmp_path, model):
    # a 用户密码 subsection of the requirements chapter does not stand in for the 密码应用 chapter
    title, items = complete("national")
    items = replace_chapter(items, "密码", None)
    at = next(i for i, it in enumerate(items) if isinstance(it, tuple) and "需求" in it[1]) + 2
    items[at:at] = [(2, "2.1 用户密码管理"),
                    "用户登录密码长度不少于8位，须包含字母和数字，连续输错5次锁定账号30分钟，管理员可重置密码。"]
    report = review_file(build_docx(tmp_path / "pwd.docx", items, title_page=title), model)
    assert _status(report, "national.art15.crypto_section") == "fail"


def test_section_present_needs_a_chapter_or_a_body_about_the_topic(model):
    # the rule on its own: even if a classifier puts the crypto label on the 用户密码 subsection, it is no 密码 chapter
    from yushen.pipeline import analyse
    from yushen.rules.checks import CHECKS
    from yushen.rules.context import ReviewContext

    md = ("# 第一章 需求分析\n业务需求包括审批和统计。\n## 1.1 用户密码管理\n"
          "用户登录密码长度不少于8位，须包含字母和数字，连续输错5次锁定账号，管理员可重置密码。\n")
    tree, facts = analyse("p.md", model, data=md.encode())
    sub = next(s for s in tree.sections() if "用户密码" in s.title)
    sub.label = "crypto"
    assert CHECKS["section_present"].match(ReviewContext(tree, facts), {"label": "crypto"}).status == "fail"
    sub.body += "系统采用SM2数字证书认证，SM4加密存储敏感数据，上线前开展商用密码应用安全性评估。"
    assert CHECKS["section_present"].match(ReviewContext(tree, facts), {"label": "crypto"}).status == "pass"


@pytest.mark.parametrize(("chapter", "rule", "narrows", "opts_out"), [
    ("网络安全", "national.art14.network_security_not_negated",
     "本项目无需单独部署安全设备，依托政务云平台的防火墙、入侵防御和日志审计能力，按网络安全等级保护第三级要求定级备案。",
     "本项目不涉及网络安全建设内容，待二期另行立项。"),
    ("密码", "national.art15.crypto_not_applicable",
     "本项目不涉及自建密码设备，通过政务云密码服务平台调用SM2、SM3、SM4算法实现身份鉴别和传输加密。",
     "本项目不涉及密码应用，系统安全由云平台统一保障。"),
])
def test_a_section_that_narrows_the_work_then_says_what_it_does_is_not_an_opt_out(tmp_path, model, chapter, rule,
                                                                                narrows, opts_out):
    """A one-sentence section opening "本项目无需单独部署…" and going on with the topic's own content (firewalls, 等保;
    SM2/SM3/SM4) narrows the work; it does not say the topic does not apply. "本项目不涉及密码应用，系统安全由云平台
    保障" still opts out: nothing after the opening is about 密码."""
    title, items = complete("national")
    heading = next(it for it in items if isinstance(it, tuple) and chapter in it[1])
    for name, text, expected in (("narrows", narrows, "pass"), ("opts_out", opts_out, "fail")):
        path = build_docx(tmp_path / f"{name}.docx", replace_chapter(items, chapter, [heading, text]), title_page=title)
        assert _status(review_file(path, model), rule) == expected, name


@pytest.mark.parametrize("text", [
    "梳理执法案件等6类政务信息资源，资源目录暂未编制，待项目验收前完成。",
    "梳理执法案件等6类政务信息资源，如有需要再编制资源目录。",
])
def test_a_catalogue_named_but_not_made_does_not_cover_the_point(tmp_path, model, text):
    """An opt-out after the point's words ("资源目录暂未编制") or a supposition before them ("如有需要再编制") does not
    cover the point; the same chapter stating the catalogue does."""
    title, items = complete("national")
    heading = next(it for it in items if isinstance(it, tuple) and "共享" in it[1])
    rule = "national.art11.resource_catalogue"
    path = build_docx(tmp_path / "neg.docx", replace_chapter(items, "共享", [heading, text]), title_page=title)
    assert _status(review_file(path, model), rule) != "pass"
    assert _status(review_file(build_docx(tmp_path / "ok.docx", items, title_page=title), model), rule) == "pass"


@pytest.mark.parametrize("text", [
    "密码保障系统与业务系统同规划、同建设、同运行，采用SM2、SM3、SM4算法，上线前委托具备资质的机构开展密码测评。",
    "密码应用与信息系统同步设计、同步实施、同步运行，采用SM2、SM3、SM4算法，系统上线前完成商密测评。",
])
def test_the_crypto_three_syncs_and_assessment_in_other_words(tmp_path, model, text):
    """三同步 as 同规划/同建设/同运行 or 同步设计/同步实施/同步运行, and 密评 as 密码测评/商密测评, cover the points."""
    title, items = complete("national")
    heading = next(it for it in items if isinstance(it, tuple) and "密码" in it[1])
    path = build_docx(tmp_path / "crypto.docx", replace_chapter(items, "密码", [heading, text]), title_page=title)
    report = review_file(path, model)
    rule = next(f.rule for f in report.findings if f.rule.startswith("national.") and "crypto_sync" in f.rule)
    assert _status(report, rule) == "pass"


def test_platforms_and_catalogue_attributes_under_their_other_names(tmp_path, model):
    """The platforms an 鄂尔多斯 可研 must join, named as authors name them (政务OA系统, "一网协同"平台, 市视频共享平台,
    天地图), and a 大同 catalogue whose attribute columns say 提供部门 / 数据类型 / 更新频度 / 开放方式."""
    ways = {  # (the second names 政务云 as the cloud of the 电子政务外网, as many cities do)
        "ordos.docx": "本项目通过鄂尔多斯城市智能体统一接入，部署于政务云，地图调用天地图·鄂尔多斯地图服务，审批待办推送至"
                      "政务OA系统，视频通过市视频共享平台调阅。",
        "ordos_cloud.docx": "本项目通过鄂尔多斯城市智能体统一接入，服务器资源向市电子政务外网云平台申请，地图调用GIS平台，用户"
                            "登录通过政务协同办公平台统一身份认证，视频调用统一视频平台。",
    }
    for name, text in ways.items():
        title, items = complete("ordos")
        items = replace_chapter(items, "统一接入", [(1, "第四章 统一接入"), text])
        report = review_file(build_docx(tmp_path / name, items, title_page=title), model)
        assert _status(report, "ordos.art8.integration_platforms") == "pass", name
    title, items = complete("datong")
    items = replace_chapter(items, "共享", [(1, "第四章 信息资源共享分析"),
        "本项目编制政务信息资源目录，各项资源的提供部门、数据类型、更新频度、共享方式和开放方式如下：执法案件信息由市"
        "城管局提供，结构化数据，每日更新，有条件共享，依申请开放。"])
    report = review_file(build_docx(tmp_path / "datong.docx", items, title_page=title), model)
    assert _status(report, "datong.art10.catalogue_attributes") == "pass"
