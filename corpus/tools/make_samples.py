"""Regenerate corpus/samples/ (deterministic content). Run: python corpus/tools/make_samples.py

The sample is a fictional 可行性研究报告 written for the README demo; names and figures are invented. It has two
deliberate problems a reviewer should see: no 节能分析 chapter (ordos art. 13) and a 密码应用方案 chapter that
only says the project does not involve cryptography (ordos art. 12). Checked against the sample inventory
(corpus/duplicates/inventory.csv) it rebuilds 鄂尔多斯市停车诱导与收费管理系统 (ED-001).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parents[1] / "samples"

TITLE = ["鄂尔多斯市智慧停车服务平台建设项目", "可行性研究报告", "项目建设单位：鄂尔多斯市交通运输局",
         "编制单位：某某工程咨询有限公司", "二〇二五年三月"]

BODY: list = [
    (1, "第一章 项目概述"),
    (2, "1.1 项目名称及建设单位"),
    "项目名称：鄂尔多斯市智慧停车服务平台建设项目。项目建设单位：鄂尔多斯市交通运输局。项目性质：新建，建设类项目。",
    (2, "1.2 编制依据"),
    "《国家政务信息化项目建设管理办法》（国办发〔2019〕57号）；《数字鄂尔多斯建设项目管理办法》（鄂府发〔2023〕41号）；"
    "《信息安全技术 网络安全等级保护基本要求》（GB/T 22239-2019）。",
    (2, "1.3 投资规模及资金来源"),
    "项目总投资 386.50 万元，其中软件开发 212.00 万元、硬件购置 96.30 万元、其他费用 78.20 万元，资金来源为市本级财政资金。",
    (1, "第二章 现状及存在问题"),
    "目前中心城区共有公共停车泊位约 4.2 万个，分属 11 家经营单位，各自建设收费系统，数据互不联通，"
    "群众找位难、缴费渠道分散，主管部门无法掌握泊位实时占用情况。",
    (1, "第三章 项目建设的必要性"),
    "建设全市统一的智慧停车服务平台，是落实城市精细化管理、缓解停车难问题的迫切需要。",
    (1, "第四章 需求分析"),
    "业务需求包括泊位资源普查、实时占用监测、统一缴费、信用停车和诱导发布；性能需求为支撑 5 万个泊位并发上报。",
    (1, "第五章 建设内容"),
    (2, "5.1 泊位资源管理子系统"),
    "建立全市泊位资源库，接入路内泊位地磁和停车场出入口数据，支持泊位登记、变更、注销和地图展示，通过诱导屏和手机发布空余泊位。",
    (2, "5.2 统一支付与信用停车子系统"),
    "提供无感支付、先离场后付费和欠费追缴功能，与城市智能体统一支付通道对接。",
    (1, "第六章 与城市智能体等共性平台的统一接入"),
    "本项目通过城市智能体统一接入门户注册应用，使用政务云资源服务部署，地图服务调用市 GIS 平台，"
    "用户登录和待办通过政务协同办公平台统一身份认证，视频调用统一视频平台，不单独建设上述能力。",
    (1, "第七章 信息资源共享分析"),
    "本项目编制政务信息资源目录 6 项，明确每项数据的来源、格式、更新周期、共享方式和开放属性；"
    "泊位数据每 5 分钟更新，通过市数据共享交换平台向城管、公安共享，泊位空余信息向社会开放。",
    (1, "第八章 网络安全保障措施"),
    "系统按照网络安全等级保护第三级进行定级备案，部署于政务云安全域，采取访问控制、入侵防范、日志审计和数据备份措施，"
    "上线前完成等级测评和风险评估。",
    (1, "第九章 密码应用方案"),
    "本项目不涉及密码应用，系统安全由政务云平台统一保障。",
    (1, "第十章 软硬件产品安全可靠情况说明"),
    "服务器选用国产鲲鹏架构产品，操作系统采用麒麟 V10，数据库采用达梦 DM8，均已通过安全可靠测评。",
    (1, "第十二章 项目组织与实施进度"),
    "项目建设期 10 个月，委托第三方信息系统工程监理单位全过程监理，上线前开展第三方软件测评。",
    (1, "第十三章 投资估算"),
    "项目总投资 386.50 万元，详见投资估算表。",
    (1, "第十四章 运维与免费运维期"),
    "项目验收后由承建单位提供 12 个月免费运维服务。",
    (1, "第十五章 绩效目标"),
    "平台接入泊位不少于 4 万个，泊位信息更新延迟不超过 5 分钟，群众缴费满意度不低于 90%。",
    (1, "第十六章 效益与风险分析"),
    "项目可减少巡检人员 30%，主要风险为经营单位接入意愿不足，通过纳入特许经营考核予以化解。",
]


def build_docx(path: Path) -> None:
    d = docx.Document()
    for i, line in enumerate(TITLE):
        p = d.add_paragraph()
        r = p.add_run(line)
        r.bold = i < 2
        r.font.size = Pt(22 if i < 2 else 15)
    for item in BODY:
        if isinstance(item, tuple):
            d.add_heading(item[1], level=item[0])
        else:
            d.add_paragraph(item)
    d.core_properties.author = "yushen"
    d.save(str(path))


def build_txt(path: Path) -> None:
    """The same sample as plain text (title lines, headings at the margin, paragraphs indented by two ideographic
    spaces): what a scan worker reviews to warm up (scan/worker.py), with no DOCX library to import."""
    lines = [*TITLE, ""]
    lines += [item[1] if isinstance(item, tuple) else "\u3000\u3000" + item for item in BODY]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    build_docx(HERE / "ordos_智慧停车服务平台_可研.docx")
    build_txt(HERE / "ordos_智慧停车服务平台_可研.txt")
    print("wrote", HERE)
