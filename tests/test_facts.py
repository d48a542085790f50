import pytest

from yushen.analyze.facts import extract_facts
from yushen.analyze.segment import segment_headings
from yushen.extract import read_document

from .builders import build_docx


def _facts(tmp_path, items, title_page=None, name="f.docx"):
    return extract_facts(segment_headings(read_document(build_docx(tmp_path / name, items, title_page=title_page))))


@pytest.mark.parametrize("phrase,wan", [
    ("项目总投资786,000.00元，其中设备费300,000.00元。", 78.6),
    ("项目估算总投资1.36亿元。", 13600.0),
    ("项目总投资叁佰伍拾万元整。", 350.0),
    ("本项目投资总额为4,860.25万元，其中软件开发1,200万元。", 4860.25),
])
def test_investment_in_every_unit(tmp_path, phrase, wan):
    f = _facts(tmp_path, [(1, "一、项目概况"), phrase])
    assert f.investment_wan.value == pytest.approx(wan)
    assert f.investment_wan.quote and phrase[:6] in f.investment_wan.quote


def test_threshold_and_earlier_stage_amounts_are_not_the_total(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"),
                          "可研批复总投资273.00万元。本项目总投资不足100万元，按规定编制实施方案。",
                          "项目投资概算为96.50万元。"])
    assert f.investment_wan.value == pytest.approx(96.5)


def test_doc_type_owner_name_region_from_title_page(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"), "本项目建设周期一年。"],
               title_page=["达拉特旗智慧水务监管平台建设项目", "初步设计方案", "建设单位：达拉特旗水利局"])
    assert f.doc_type.value == "preliminary_design"
    assert f.owner.value == "达拉特旗水利局"
    assert f.project_name.value == "达拉特旗智慧水务监管平台建设项目"
    # the banner, more specific than 鄂尔多斯/内蒙古; the pack is chosen from it by the pipeline
    assert f.region.value == "内蒙古自治区鄂尔多斯市达拉特旗" and f.region_code.value == "150621"


def test_rule_facts_and_negation(tmp_path):
    f = _facts(tmp_path, [
        (1, "一、建设内容"), "开发移动端APP一套；本项目不新建机房，不新建业务专网。",
        (1, "二、运维"), "项目验收后提供6个月免费运维服务。",
        (1, "三、安全"), "系统按照网络安全等级保护第三级要求建设。",
        (1, "四、实施"), "建设单位自行组织验收。",
    ])
    assert f.free_maintenance_months.value == 6
    assert f.dengbao_level.value == 3
    assert f.app_or_miniprogram.value is True
    assert f.new_data_centre.value is False
    assert f.new_private_network.value is False
    assert f.supervision_planned.value is False
    assert f.software_test_planned.value is False


def test_service_purchase_and_operations_class(tmp_path):
    f = _facts(tmp_path, [(1, "1 项目概况"), "本项目采用政府购买服务方式实施，服务期3年。"],
               title_page=["某区校园食堂智慧监管服务项目", "实施方案"])
    assert f.project_class.value == "service_purchase"
    g = _facts(tmp_path, [(1, "一、项目概述"), "保障平台稳定运行。"], name="g.docx",
               title_page=["某市视频监控平台", "2025年度运维服务方案"])
    assert g.doc_type.value == "operations_plan" and g.project_class.value == "operations"


@pytest.mark.parametrize("sentence,months", [
    ("项目验收后提供半年免费运维服务，硬件设备三年原厂质保。", 6),
    ("承建单位提供九个月的免费运维。", 9),
    ("免费运维期为一年半。", 18),
    ("系统上线后提供18个月免费维保。", 18),
    ("中标单位提供两年免费技术支持和运维服务。", 24),
])
def test_free_maintenance_forms_and_hardware_warranty_kept_apart(tmp_path, sentence, months):
    f = _facts(tmp_path, [(1, "一、运维保障"), sentence])
    assert f.free_maintenance_months.value == months


def test_hardware_warranty_alone_is_no_free_maintenance_period(tmp_path):
    f = _facts(tmp_path, [(1, "一、运维保障"), "服务器等硬件设备提供三年原厂质保。原建设合同约定的免费运维期已于2024年10月届满。"])
    assert f.free_maintenance_months.value is None


@pytest.mark.parametrize("sentence,level", [
    ("系统按网络安全等级保护第三级要求建设。", 3),
    ("平台拟定为三级等保。", 3),
    ("按等保三级要求开展测评。", 3),
    ("系统安全保护等级为第二级。", 2),
    ("依据等保2.0要求，定级为S3A3G3。", 3),
])
def test_dengbao_level_forms(tmp_path, sentence, level):
    f = _facts(tmp_path, [(1, "一、网络安全"), sentence])
    assert f.dengbao_level.value == level


def test_project_class_is_a_statement_about_this_project_not_the_first_class_word(tmp_path):
    # the class trap: a later O&M project is mentioned before the statement of this project's class
    f = _facts(tmp_path, [(1, "一、项目概况"), "建成后的运维经费将按运维服务类项目另行申报。",
                          "项目类别：建设类。本项目总投资300万元。"])
    assert f.project_class.value == "construction"
    g = _facts(tmp_path, [(1, "一、项目概况"), "本项目建成后，后续运维按运维服务类项目另行申报。"], name="g.docx")
    assert g.project_class.value == "construction"
    h = _facts(tmp_path, [(1, "一、项目概况"), "本项目属于运维服务类项目，保障现有平台稳定运行。"], name="h.docx")
    assert h.project_class.value == "operations"


def test_build_mode_from_statements_about_this_project(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"), "建设性质：升级改造。"])
    assert f.build_mode.value == "upgrade"
    g = _facts(tmp_path, [(1, "一、项目概况"), "本项目为新建项目。", (1, "二、网络"),
                          "机房网络由市大数据中心负责升级改造。"], name="g.docx")
    assert g.build_mode.value == "new"


def test_a_move_of_the_running_system_onto_the_cloud_is_no_new_build(tmp_path):
    """迁移上云 of a system carries it forward, in the project's name or in a statement about this project; data
    moved from an old system into a new one (数据迁移) is part of a new build."""
    f = _facts(tmp_path, [(1, "一、项目概况"), "本项目建设周期六个月。"],
               title_page=["某市社会保险信息系统迁移上云项目", "实施方案"])
    assert f.build_mode.value == "upgrade"
    g = _facts(tmp_path, [(1, "一、项目概况"), "本项目将现有社会保险信息系统整体迁移部署至市政务云平台。"], name="g.docx")
    assert g.build_mode.value == "upgrade"
    h = _facts(tmp_path, [(1, "一、项目概况"), "本项目新建统一受理平台，并将原系统历史数据迁移至新平台。"], name="h.docx")
    assert h.build_mode.value == "new"


def test_owner_named_by_its_level_lies_where_the_places_of_the_text_lie(tmp_path):
    """"自治区人社厅" / "市数据局": a department names only its level inside its own region. The region is the one
    the places the text names lie in; places in several provinces (经验 borrowed from elsewhere) settle nothing."""
    body = "系统覆盖呼和浩特市、包头市、鄂尔多斯市、赤峰市和通辽市的社保经办机构，统一部署于自治区政务云。"
    f = _facts(tmp_path, [(1, "一、项目概况"), body],
               title_page=["社会保险经办服务平台建设项目", "可行性研究报告", "建设单位：自治区人社厅"])
    assert (f.region.value, f.region_code.value, f.region_level.value) == ("内蒙古自治区", "150000", "province")
    g = _facts(tmp_path, [(1, "一、项目概况"), "平台接入东胜区、康巴什区、达拉特旗和准格尔旗的停车场数据。"],
               title_page=["智慧停车服务平台建设项目", "可行性研究报告", "建设单位：市城市管理局"], name="g.docx")
    assert (g.region.value, g.region_level.value) == ("内蒙古自治区鄂尔多斯市", "prefecture")
    h = _facts(tmp_path, [(1, "一、项目概况"), "借鉴北京市、上海市、杭州市和包头市的建设经验。"],
               title_page=["社会保险经办服务平台建设项目", "可行性研究报告", "建设单位：自治区人社厅"], name="h.docx")
    assert h.region.value is None


def test_investment_when_a_line_break_separates_figure_and_unit(tmp_path):
    f = _facts(tmp_path, [(1, "一、投资估算"), "项目总投资 436.80", "万元，其中软件开发费 200.00 万元。"])
    assert f.investment_wan.value == pytest.approx(436.8)


def test_investment_in_daxie_and_year_in_the_title(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"), "项目总投资人民币柒拾捌万元整。"],
               title_page=["某某市森林防火监测系统2025年度运维服务项目", "运维方案", "2025年3月"])
    assert f.investment_wan.value == pytest.approx(78.0)
    assert f.project_name.value == "某某市森林防火监测系统2025年度运维服务项目"


def test_third_party_software_test_is_not_dengbao_or_crypto_assessment(tmp_path):
    f = _facts(tmp_path, [(1, "一、实施"), "委托第三方测评机构开展等级保护测评和密码应用安全性评估。"])
    assert f.software_test_planned.value is False
    g = _facts(tmp_path, [(1, "一、实施"), "验收前委托第三方机构开展软件功能和性能测评。"], name="g.docx")
    assert g.software_test_planned.value is True


def test_a_testing_body_testing_the_system_is_a_third_party_test(tmp_path):
    """An accredited lab is a third party whatever the text calls it; the same body on 等保 alone is not it."""
    f = _facts(tmp_path, [(1, "一、实施"), "系统上线前由具备CMA资质的检测中心对系统开展功能和性能测试，出具测试报告。"])
    assert f.software_test_planned.value is True
    g = _facts(tmp_path, [(1, "一、实施"), "由具备资质的测评机构对系统开展等级保护测评。"], name="g.docx")
    assert g.software_test_planned.value is False


@pytest.mark.parametrize("phrase,wan", [
    ("本年度运维经费总额52.40万元，由本级财政预算安排。", 52.4),
    ("项目资金总额为1,280.00万元，其中中央补助500万元。", 1280.0),
])
def test_an_operations_or_service_budget_names_its_total_as_jingfei_zong_e(tmp_path, phrase, wan):
    # 运维方案 and service plans state 经费总额 / 资金总额, not 总投资
    f = _facts(tmp_path, [(1, "一、经费测算"), phrase])
    assert f.investment_wan.value == pytest.approx(wan)


def test_names_lose_the_blanks_a_pdf_text_layer_puts_between_chinese_and_digits(tmp_path):
    f = _facts(tmp_path, [(1, "一、项目概况"), "项目名称：某某市应急指挥平台 2026 年度运维服务项目。项目建设单位：某某市应急管理局。"])
    assert f.project_name.value == "某某市应急指挥平台2026年度运维服务项目"


def _docx_with_tables(path, parts):
    """A DOCX from ("h", level, title) / ("p", text) / ("t", rows) parts, tables where the author put them."""
    import docx

    d = docx.Document()
    d.add_paragraph("某县政务服务中心综合窗口系统建设项目实施方案")
    for part in parts:
        if part[0] == "h":
            d.add_heading(part[2], level=part[1])
        elif part[0] == "p":
            d.add_paragraph(part[1])
        else:
            rows = part[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    t.cell(r, c).text = v
    d.save(path)
    return extract_facts(segment_headings(read_document(path)))


_DETAIL = [("序号", "费用名称", "金额（万元）"), ("1", "软件开发", "186.00"), ("2", "监理及测评", "24.50"),
           ("", "合  计", "210.50")]


def test_investment_stated_only_in_the_cost_table_total_row(tmp_path):
    f = _docx_with_tables(tmp_path / "t.docx", [("h", 1, "一、投资估算"), ("p", "项目投资明细见下表。"), ("t", _DETAIL)])
    assert f.investment_wan.value == pytest.approx(210.5)
    assert "210.50" in f.investment_wan.quote and f.investment_wan.why == "total row of the cost table"


def test_cost_table_unit_from_the_caption_and_in_yuan(tmp_path):
    rows = [("序号", "项目", "金额"), ("1", "硬件购置", "1,200,000"), ("2", "软件开发", "860,000"),
            ("合计（元）", "", "2,060,000")]
    f = _docx_with_tables(tmp_path / "t.docx", [("h", 1, "六、投资估算"), ("p", "表6-1 投资估算表（单位：元）"),
                                                ("t", rows)])
    assert f.investment_wan.value == pytest.approx(206.0)


def test_summary_and_detail_tables_give_the_grand_total(tmp_path):
    summary = [("序号", "费用类别", "投资估算（万元）"), ("1", "工程费用", "300.00"), ("2", "其他费用", "80.00"),
               ("总计", "", "380.00")]
    f = _docx_with_tables(tmp_path / "t.docx", [("h", 1, "七、投资估算"), ("t", _DETAIL), ("t", summary)])
    assert f.investment_wan.value == pytest.approx(380.0)


def test_a_table_total_that_is_not_money_is_not_the_investment(tmp_path):
    catalogue = [("序号", "数据资源名称", "数据项（个）"), ("1", "人口信息", "32"), ("2", "法人信息", "18"),
                 ("合计", "", "50")]
    f = _docx_with_tables(tmp_path / "t.docx", [("h", 1, "三、数据资源目录"), ("t", catalogue)])
    assert f.investment_wan.value is None


def test_a_stated_total_wins_over_the_table(tmp_path):
    f = _docx_with_tables(tmp_path / "t.docx", [("h", 1, "一、投资估算"), ("p", "项目总投资220.00万元。"),
                                                ("t", _DETAIL)])
    assert f.investment_wan.value == pytest.approx(220.0)


def test_owner_standing_above_the_title_is_not_part_of_the_project_name(tmp_path):
    """Covers that put the owner on the first line ("某某局" / "某平台2027年度运维服务方案") gave a project name
    that began with the owner."""
    f = _facts(tmp_path, [(1, "一、运维对象"), "运维对象为全市一体化政务服务平台的十二个子系统。"],
               title_page=["某市政务服务和数据管理局", "某市一体化政务服务平台2027年度运维服务方案", "2026年11月"])
    assert f.project_name.value == "某市一体化政务服务平台2027年度运维服务项目"
    assert f.owner.value == "某市政务服务和数据管理局"



@pytest.mark.parametrize("sentence", [
    "如需新建机房和业务专网，须另行报市数字化主管部门审批。",
    "业务专网建设不在本项目范围内，网络全部依托电子政务外网；新建机房不纳入本项目。",
])
def test_a_supposed_or_afterwards_ruled_out_plan_is_no_plan(tmp_path, sentence):
    """"如需新建…" only supposes the thing, and "…不在本项目范围内" rules it out after naming it: neither is a plan
    of this project (the new-building and private-network rules must not fire on them)."""
    f = _facts(tmp_path, [(1, "一、建设内容"), "开发执法办案子系统。" + sentence])
    assert f.new_data_centre.value is not True
    assert f.new_private_network.value is not True
    plan = _facts(tmp_path, [(1, "一、建设内容"), "本项目新建机房一处，新建业务专网连接各执法中队。"], name="plan.docx")
    assert plan.new_data_centre.value is True and plan.new_private_network.value is True


@pytest.mark.parametrize(("sentence", "months"), [
    ("项目验收合格后由承建单位提供维保1年。", 12),
    ("系统缺陷责任期为12个月，自竣工验收合格之日起计算。", 12),
    ("承建单位提供壹年免费运维服务。", 12),
    ("系统建成后第一年运维由承建单位免费提供，自第二年起运维费用纳入部门预算。", 12),
])
def test_free_maintenance_written_the_ways_contracts_write_it(tmp_path, sentence, months):
    """维保 without 期, an engineering contract's 缺陷责任期, a period in 大写 digits, and the order turned round
    ("第一年运维…免费提供") all state the free O&M period; 运维保障 is no 维保."""
    f = _facts(tmp_path, [(1, "一、运行维护"), sentence])
    assert f.free_maintenance_months.value == months
    other = _facts(tmp_path, [(1, "一、运行维护"), "建立运维保障体系，运维保障服务按年度考核。"], name="other.docx")
    assert other.free_maintenance_months.value is None


@pytest.mark.parametrize("sentence", [
    "编制依据：《信息系统工程监理暂行规定》《政务信息系统密码应用与安全性评估工作指南》。",
    "本项目不再委托专门的工程监理单位，由信息中心负责质量管理。",
    "本项目取消工程监理环节。",
])
def test_supervision_named_but_not_planned(tmp_path, sentence):
    """监理 in a cited title, or after 不再委托/取消, plans no supervision."""
    f = _facts(tmp_path, [(1, "一、项目实施"), sentence])
    assert f.supervision_planned.value is not True
    planned = _facts(tmp_path, [(1, "一、项目实施"), "委托具有资质的监理单位实施全过程监理。"], name="p.docx")
    assert planned.supervision_planned.value is True


def test_ruled_out_outweighs_mentions_that_only_name_the_topic(tmp_path):
    """A chapter's preview ("本章说明…工程监理安排"), a heading and a cost-table row (监理费) name 监理; a sentence of
    the body rules it out. The ruling decides; without it the row still counts, and a stated plan beats the ruling-out."""
    cost = [["费用名称", "金额（万元）"], ["软件开发费", "300"], ["工程监理费", "8"]]
    preview = "本章说明项目组织机构、工程监理安排和质量控制措施。"
    out = "本项目不再委托专门的工程监理单位，由信息中心负责质量管理。"

    def flag(name, *body):
        return extract_facts(segment_headings(read_document(build_docx(
            tmp_path / name, [(1, "一、项目实施"), preview, (2, "（一）工程监理"), *body], table=cost)))).supervision_planned

    ruled = flag("ruled.docx", out)
    assert ruled.value is False and ruled.quote and "不再委托" in ruled.quote
    assert flag("named.docx", "由信息中心负责质量管理。").value is True  # no ruling-out: the row is a plan, as before
    assert flag("stated.docx", out, "工程建设期委托监理单位实施全过程监理。").value is True


@pytest.mark.parametrize(("sentence", "level"), [
    ("业务信息安全保护等级为第二级，系统服务安全保护等级为第三级，系统最终安全保护等级定为第三级。", 3),
    ("系统按照GB/T 22239-2019第三级安全要求进行设计。", 3),
])
def test_dengbao_level_stated_in_parts_or_by_the_standard(tmp_path, sentence, level):
    """The system's level is the higher of its 业务信息 and 系统服务 levels; the standard's number names 等保 too."""
    f = _facts(tmp_path, [(1, "一、网络安全"), sentence])
    assert f.dengbao_level.value == level
