"""Complete proposals per jurisdiction, built in code, and single-rule breakages of them."""

from __future__ import annotations

OWNER = {"national": "国家市场监督管理总局", "nmg": "内蒙古自治区水利厅", "ordos": "鄂尔多斯市水利局",
         "dalad": "达拉特旗水利局", "mudan": "菏泽市牡丹区水务局", "datong": "大同市水务局"}

INTEGRATION = {
    "ordos": "本项目通过鄂尔多斯城市智能体统一接入，使用政务云资源服务部署，地图调用GIS平台，用户登录通过政务协同办公平台统一身份认证，视频调用统一视频平台。",
    "dalad": "本项目部署于政务云资源服务，视频资源通过视图信息综合应用平台调阅，运行数据接入数字达拉特城市集中运行指挥中心。",
}


def complete(jur: str) -> tuple[list[str], list]:
    owner = OWNER[jur]
    place = owner[:-3]
    title = [f"{place}智慧水务监管平台建设项目", "可行性研究报告", f"项目建设单位：{owner}"]
    items: list = [
        (1, "第一章 项目概述"),
        f"项目名称：{place}智慧水务监管平台建设项目。项目建设单位：{owner}。项目总投资420.00万元，属于建设类项目，新建。",
        (1, "第二章 需求分析"),
        "业务需求包括取水许可监管、水资源监测和统计分析，系统并发用户数不少于300个。",
        (1, "第三章 建设内容"),
        "开发取水监管子系统和水资源监测子系统，软件开发费260万元，服务器部署于政务云。",
        (1, "第四章 信息资源共享分析"),
        "编制政务信息资源目录8项，明确每项数据的数据来源、数据格式、更新周期、共享属性和开放属性；监测数据按日更新，"
        "通过数据共享交换平台向生态环境部门无条件共享，水资源公报数据向社会开放。",
        (1, "第五章 网络安全保障措施"),
        "系统按照网络安全等级保护第三级定级备案，部署防火墙、入侵防御和日志审计，定期开展网络安全检测与风险评估。",
        (1, "第六章 密码应用方案"),
        "按照同步规划、同步建设、同步运行的要求建设密码保障系统，采用SM2、SM3、SM4算法，上线前开展商用密码应用安全性评估。",
        (1, "第七章 软硬件产品安全可靠情况说明"),
        "服务器选用国产鲲鹏架构产品，操作系统采用麒麟V10，数据库采用达梦DM8，关键产品均满足安全可靠要求。",
        (1, "第八章 节能分析"),
        "本项目不新建机房，服务器部署于政务云，新增感知设备选用低功耗产品。",
        (1, "第九章 工程监理与测评"),
        "委托具有资质的信息系统工程监理单位实施全过程监理，系统上线前委托检验检测机构出具第三方软件验收测评报告。",
        (1, "第十章 绩效目标"),
        "已完成事前绩效评估。产出指标：接入取水户不少于800家；效果指标：许可办理时限压缩50%。",
        (1, "第十一章 运维与免费运维期"),
        "项目验收后由承建单位提供12个月免费运维服务。",
        (1, "第十二章 投资估算"),
        "项目总投资420.00万元，资金来源为本级财政资金。",
    ]
    if jur in INTEGRATION:
        items[8:8] = [(1, "第四章 与共性平台的统一接入"), INTEGRATION[jur]]
    return title, items


def replace_chapter(items: list, heading_word: str, new: list | None) -> list:
    """Swap the chapter whose heading contains ``heading_word`` (and its body) for ``new`` (or drop it)."""
    out, skip = [], False
    for it in items:
        if isinstance(it, tuple):
            skip = heading_word in it[1]
            if skip and new:
                out.extend(new)
            if skip:
                continue
        elif skip:
            continue
        out.append(it)
    return out


# One rule of each pack, broken on purpose: (jurisdiction, how, the rule that must fail)
BREAKAGES = {
    "national": (lambda items: replace_chapter(items, "密码", None), "national.art15.crypto_section"),
    "nmg": (lambda items: replace_chapter(items, "免费运维", [(1, "第十一章 运维与免费运维期"),
                                                          "项目验收后由承建单位提供6个月免费运维服务。"]),
            "nmg.art27.free_maintenance_period"),
    "ordos": (lambda items: replace_chapter(items, "统一接入", None), "ordos.art8.integration_section"),
    "dalad": (lambda items: replace_chapter(items, "密码", [(1, "第六章 密码应用"),
                                                          "本项目不涉及密码应用，系统安全由政务云平台统一保障。"]),
              "dalad.art12.crypto_not_applicable"),
    "mudan": (lambda items: items + [(1, "第十三章 移动应用"), "单独开发“智慧水务”APP，供群众在各应用商店下载使用。"],
              "mudan.art18.standalone_app"),
    "datong": (lambda items: replace_chapter(items, "信息资源共享", [
        (1, "第四章 数据资源目录"), "数据资源目录包括取水户信息、监测数据两项，列明目录名称、数据来源和数据格式。"]),
        "datong.art10.catalogue_attributes"),
}
