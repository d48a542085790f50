"""Generate the second labelled pair set: corpus/duplicates/inventory2.csv and pairs2.jsonl.

Written in another style than pairs.jsonl (which is used to fit the scorer's weights): the inventory reads like a
platform export (系统代码, 应用名称, 建设单位, 系统简介, 投运时间, 系统状态) with terse, abbreviated names and owners
(林草局, 政数局, 住建局) and 系统简介 that list modules; proposals plan their subsystems in enumerated lists.
Places: 通辽市 / 科尔沁区 (内蒙古), 德州市 / 德城区 and 山东省, 长治市 (山西) — none used by pairs.jsonl.

Hard negatives of each class: same department, different job; the same job in another province; an O&M plan of
a system (expected verdict ``maintained``, never ``likely_duplicate``); a system only exchanged data with.
Run: python corpus/tools/make_pairs2.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "duplicates"

HEADER = ["系统代码", "应用名称", "建设单位", "系统简介", "投运时间", "系统状态"]
# id, name, owner, 系统简介, year, status
INVENTORY = [
    ("TL-01", "通辽市数字城管平台", "通辽市城管局", "含监督受理、指挥派遣、处置反馈、考核评价4个子系统，城管通采集案件。", 2017, "运行"),
    ("TL-02", "通辽市智慧停车系统", "通辽市公安局交警支队", "包括泊位管理、停车诱导、无感支付、欠费追缴等模块，接入路侧地磁。", 2021, "运行"),
    ("TL-03", "通辽市12345热线系统", "通辽市政数局", "包含工单受理、工单派发、回访评价、知识库模块。", 2019, "运行"),
    ("TL-04", "通辽市林草防火平台", "通辽市林草局", "含烟火识别、卡口管理、火情预警、扑火资源一张图等模块，前端高点视频。", 2020, "运行"),
    ("TL-05", "通辽市林草资源一张图", "通辽市林草局", "包括林地图斑、年度变更调查、林长巡林等模块。", 2021, "运行"),
    ("TL-06", "通辽市食品安全追溯平台", "通辽市市场监督管理局", "含经营主体档案、进货查验、赋码、扫码查询模块。", 2020, "运行"),
    ("TL-07", "通辽市特种设备监管系统", "通辽市市场监督管理局", "包括设备登记、定检提醒、维保记录、隐患整改模块。", 2019, "运行"),
    ("TL-08", "科尔沁区网格化社会治理系统", "科尔沁区委政法委", "含网格员APP、事件上报、分级流转、网格档案模块。", 2020, "运行"),
    ("TL-09", "通辽市网格化服务管理平台", "通辽市委政法委", "包含网格划分、网格员管理、事件流转、研判分析模块。", 2019, "运行"),
    ("TL-10", "科尔沁区智慧教育平台", "科尔沁区教育局", "含在线课堂、作业管理、学籍管理模块。", 2021, "运行"),
    ("TL-11", "通辽市工程建设项目审批系统", "通辽市住建局", "包括立项用地规划许可、工程建设许可、施工许可、竣工验收4个阶段审批模块。", 2019, "运行"),
    ("TL-12", "通辽市燃气安全监管系统", "通辽市住建局", "包含燃气企业档案、入户安检、可燃气体报警器接入、隐患闭环模块。", 2022, "运行"),
    ("TL-13", "通辽市公积金综合服务系统", "通辽市住房公积金中心", "含缴存、提取、贷款、网厅模块。", 2016, "运行"),
    ("TL-14", "通辽市协同办公系统", "通辽市政府办", "包括公文流转、会议管理、督查督办模块。", 2018, "运行"),
    ("TL-15", "通辽市路侧停车收费系统", "通辽市城管局", "路侧咪表收费，已由智慧停车替代。", 2014, "停运"),
    ("TL-16", "通辽市建筑市场监管平台", "通辽市住建局", "含企业资质、人员实名制、信用评价模块。", 2018, "运行"),
    ("TL-17", "通辽市城市停车服务平台", "通辽市城管局", "包括车位查询、无感支付、欠费追缴模块，汇聚停车场和路侧泊位。", 2023, "运行"),
    ("TL-18", "通辽市便民服务热线平台", "通辽市政府办", "含来电受理、工单派发、回访、知识库模块。", 2017, "运行"),
    ("DZ-01", "德州市数字化城市管理系统", "德州市城市管理局", "含监督受理、指挥派遣、考核评价、城管通模块。", 2016, "运行"),
    ("DZ-02", "德州市智慧停车平台", "德州市城市管理局", "包括泊位管理、无感支付、欠费追缴模块。", 2022, "运行"),
    ("DZ-03", "德城区网格化治理平台", "德城区委政法委", "含网格员APP、事件上报、流转处置、网格档案模块。", 2020, "运行"),
    ("DZ-04", "德州市燃气安全监管平台", "德州市住房和城乡建设局", "包含燃气企业、入户安检、报警器接入、隐患整改模块。", 2021, "运行"),
    ("DZ-05", "德州市食品安全追溯系统", "德州市市场监督管理局", "含主体档案、进货查验、赋码、扫码查询模块。", 2019, "运行"),
    ("DZ-06", "德州市森林防火视频监控系统", "德州市自然资源局", "包括高点视频、烟火识别、火情预警模块。", 2020, "运行"),
    ("DZ-07", "德州市12345便民热线系统", "德州市大数据局", "包含工单受理、派发、回访、知识库模块。", 2018, "运行"),
    ("DZ-08", "德州市不动产登记系统", "德州市自然资源局", "含登记受理、审核登簿、缮证发证模块。", 2017, "运行"),
    ("SD-01", "山东省特种设备安全监察平台", "山东省市场监督管理局", "包括设备登记、检验检测、维保监管、隐患治理模块。", 2019, "运行"),
    ("CZ-01", "长治市城市运行管理服务平台", "长治市城市管理局", "含运行监测、指挥协调、综合评价、行业应用模块。", 2022, "运行"),
    ("CZ-02", "长治市大气污染防治监管平台", "长治市生态环境局", "包括空气站监测、污染源在线监控、预警会商、督办模块。", 2021, "运行"),
    ("CZ-03", "长治市12345热线平台", "长治市行政审批服务管理局", "含工单受理、派发、督办、回访模块。", 2019, "运行"),
    ("CZ-04", "长治市停车诱导系统", "长治市公安局", "包括车位采集、诱导屏发布、停车场管理模块。", 2020, "运行"),
    ("CZ-05", "长治市食品安全追溯系统", "长治市市场监督管理局", "含主体档案、进货查验、赋码、扫码查询模块。", 2020, "运行"),
]


# Duplicates inside the inventory (same job, same place, other department or name), and pairs that are not.
INVENTORY_DUPLICATES = [("TL-02", "TL-17"), ("TL-03", "TL-18")]
INVENTORY_NOT_DUPLICATES = [("TL-04", "TL-05"), ("TL-06", "TL-07"), ("TL-11", "TL-12"), ("TL-02", "DZ-02"),
                            ("TL-08", "TL-09"), ("TL-03", "DZ-07"), ("TL-12", "DZ-04"), ("TL-02", "TL-15")]


def pair(pid, project, owner, functions, dups=(), ok=(), hard=(), current="", doc_type="feasibility_study",
         project_class="construction", maintains=(), note=""):
    return {"id": pid, "project_name": project, "owner": owner, "functions": functions, "current": current,
            "duplicates": list(dups), "also_ok": list(ok), "hard_negatives": list(hard), "maintains": list(maintains),
            "doc_type": doc_type, "project_class": project_class, "note": note}


PAIRS = [
    pair("q01", "通辽市城市运行管理服务平台建设项目", "通辽市城市管理局",
         "平台分为以下子系统：\n（1）案件受理子系统：接收监督员巡查上报和热线转办的问题，立案核实。\n"
         "（2）调度派遣子系统：按权属把案件派给处置单位，超时督办。\n（3）处置反馈子系统：处置单位回填结果并上传照片。\n"
         "（4）绩效考核子系统：按部门统计结案率、按期处置率并排名。",
         dups=["TL-01"], hard=["DZ-01", "CZ-01"],
         current="原数字城管平台运行已满八年，本项目建成后将其案件数据迁移至新平台，旧平台停用。",
         note="rebuild named by its subsystems; the old system is named by a paraphrase in a migrate/shut-down sentence"),
    pair("q02", "通辽市停车一体化服务平台", "通辽市城市管理局",
         "建设泊位资源管理、车位诱导发布、无感支付和欠费追缴四个子系统，汇聚路侧泊位和停车场数据，按月统计周转率。",
         dups=["TL-02"], ok=["TL-15", "TL-17"], hard=["DZ-02", "CZ-04"], note="cross-department rebuild"),
    pair("q03", "通辽市12345政务服务便民热线系统升级项目", "通辽市政务服务和数据管理局",
         "升级工单受理、工单派发、办理回访和满意度评价功能，扩充热线知识库，增加热点诉求分析。",
         dups=["TL-03"], ok=["TL-18"], hard=["DZ-07", "CZ-03"], note="abbreviated owner 政数局 in the inventory"),
    pair("q04", "通辽市网格化社会治理综合平台", "通辽市委政法委",
         "统一网格划分和网格员管理，网格员使用手机APP巡查上报事件，事件按市、区、街道分级流转，开展研判分析。",
         dups=["TL-09"], ok=["TL-08"], hard=["DZ-03"]),
    pair("q05", "科尔沁区基层治理网格平台", "科尔沁区委政法委",
         "为网格员配备手机APP，巡查发现的事件随手上报，分级流转处置，建立网格档案。",
         dups=["TL-08"], ok=["TL-09"], hard=["DZ-03"], note="county system; the city's is one level up"),
    pair("q06", "通辽市食品安全智慧监管追溯平台", "通辽市市场监督管理局",
         "为食品生产经营主体建立电子档案，落实进货查验记录，产品赋追溯码，消费者扫码查询来源。",
         dups=["TL-06"], hard=["TL-07", "DZ-05", "CZ-05"], note="same department, different job: TL-07"),
    pair("q07", "通辽市燃气安全风险监测预警平台", "通辽市住房和城乡建设局",
         "建立燃气经营企业档案，记录入户安检，接入餐饮场所可燃气体报警器，发现隐患闭环整改。",
         dups=["TL-12"], hard=["TL-11", "TL-16", "DZ-04"]),
    pair("q08", "通辽市项目审批一件事服务平台", "通辽市住房和城乡建设局",
         "平台包含以下模块：\n1. 立项用地规划许可模块：网上受理、并联审查。\n2. 工程建设许可模块：规划方案审查。\n"
         "3. 施工许可模块：施工图审查结果共享。\n4. 竣工验收模块：联合验收、限时办结。",
         dups=["TL-11"], hard=["TL-12", "TL-16"], note="the old system's four modules, no shared name"),
    pair("q09", "德州市城市停车综合服务平台", "德州市交通运输局",
         "整合路侧泊位和停车场资源，提供泊位查询、无感支付和欠费追缴，统计泊位利用率。",
         dups=["DZ-02"], hard=["TL-02", "CZ-04"]),
    pair("q10", "德城区网格员APP及事件处置系统", "德城区委政法委",
         "网格员通过APP上报事件，街道和区两级流转处置，建立网格档案。", dups=["DZ-03"], hard=["TL-08", "TL-09"]),
    pair("q11", "山东省特种设备智慧监管平台", "山东省市场监督管理局",
         "全省特种设备使用登记、检验检测数据归集，维保单位监管，隐患排查治理闭环。",
         dups=["SD-01"], hard=["TL-07"]),
    pair("q12", "长治市大气环境精准治污平台", "长治市生态环境局",
         "接入空气自动监测站和重点污染源在线监控数据，开展污染预警会商，问题督办整改。",
         dups=["CZ-02"]),
    pair("q13", "德州市森林防火智能监测预警系统", "德州市自然资源局",
         "在林区高点部署视频，利用烟火识别自动发现火情，火情预警推送至德州市森林防火指挥部办公室。",
         dups=["DZ-06"], hard=["TL-04"], note="a system name inside an organisation's name is no partner"),
    pair("q14", "通辽市森林草原火情智能感知平台", "通辽市林业和草原局",
         "高点视频烟火识别，卡口人员车辆登记，火情自动预警，扑火队伍和物资资源一张图调度；火情信息推送至通辽市林草防火"
         "指挥部办公室。",
         dups=["TL-04"], hard=["TL-05", "DZ-06"], note="推送 to an office whose name holds the system's core name"),
    pair("m01", "通辽市林草防火平台2025年度运维服务项目", "通辽市林业和草原局",
         "对林草防火平台的前端高点视频、卡口设备进行巡检和故障维修，保障烟火识别和火情预警软件稳定运行。",
         maintains=["TL-04"], hard=["TL-04", "TL-05", "DZ-06"], doc_type="operations_plan",
         project_class="operations", note="O&M plan of an existing system"),
    pair("m02", "德州市数字化城市管理系统运维服务", "德州市城市管理局",
         "负责数字化城市管理系统监督受理、指挥派遣等子系统的日常运维、数据备份和安全加固。",
         maintains=["DZ-01"], hard=["DZ-01"], doc_type="implementation_plan", project_class="operations"),
    pair("m03", "通辽市智慧停车系统运营维护项目", "通辽市公安局交警支队",
         "保障智慧停车系统泊位地磁、诱导屏和支付接口正常运行，按季度巡检并出具运维报告。",
         maintains=["TL-02"], hard=["TL-02", "DZ-02"], doc_type="operations_plan", project_class="operations"),
    pair("n01", "通辽市古树名木保护管理系统", "通辽市林业和草原局",
         "建立古树名木档案和电子地图，记录养护巡查，设立二维码标牌供公众查询。", hard=["TL-04", "TL-05"],
         note="same department, different job"),
    pair("n02", "长治市燃气安全监管平台", "长治市住房和城乡建设局",
         "建立燃气企业档案，入户安检记录，接入可燃气体报警器，隐患闭环整改。", hard=["TL-12", "DZ-04"],
         note="same job, other provinces only"),
    pair("n03", "长治市城市停车综合服务平台", "长治市城市管理局",
         "建设泊位管理、无感支付和欠费追缴功能，统计泊位周转率。", ok=["CZ-04"], hard=["TL-02", "DZ-02"],
         note="the same job exists only in other provinces: at most an overlap"),
    pair("n04", "通辽市应急指挥一张图平台", "通辽市应急管理局",
         "汇聚各部门应急资源，通过接口对接通辽市林草防火平台获取火情信息，对接数字城管平台获取城市事件，统一指挥调度。",
         hard=["TL-04", "TL-01"], note="partners it exchanges data with"),
    pair("n05", "通辽市住房公积金贷款风险监测系统", "通辽市住房和城乡建设局",
         "对公积金贷款逾期和骗提骗贷行为建模预警。", hard=["TL-16", "TL-12"], note="same department, different job"),
]


def main() -> None:
    with (OUT / "inventory2.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(INVENTORY)
    with (OUT / "pairs2.jsonl").open("w", encoding="utf-8") as fh:
        for p in PAIRS:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    (OUT / "inventory2_duplicates.json").write_text(json.dumps(
        {"duplicates": INVENTORY_DUPLICATES, "not_duplicates": INVENTORY_NOT_DUPLICATES}, indent=1) + "\n",
        encoding="utf-8")
    print(f"{len(INVENTORY)} systems, {len(PAIRS)} proposals -> {OUT}")


if __name__ == "__main__":
    main()
