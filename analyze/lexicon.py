"""Heading lexicon: key terms whose presence in a heading is strong evidence for a label.

Kept to terms (密码, 监理, 节能 …), not whole headings, so it generalises to wordings the corpus never saw.
Order matters only for documentation; every matching label gets a vote.
"""

from __future__ import annotations

import re

HEADING_CUES: dict[str, str] = {
    "crypto": r"密码|国密|商密|密评|密钥",
    "secure_reliable": r"安全可靠|自主可控|国产化|信创|信息技术应用创新|国产软硬件|安全可控|国产.{0,4}(?:产品|软硬件|适配)",
    "network_security": r"网络安全|信息安全|等级保护|等保|安全保障|安全防护|安全体系|安全设计|数据安全|网络和数据安全|安全技术措施|安全管理|个人信息保护|防护措施|定级",
    "data_sharing": r"共享|资源目录|信息资源|数据资源|编目|开放|数据归集|数据目录",
    "integration": r"统一接入|共性平台|对接|接入|衔接|集成|互联互通|支撑平台|城市大脑|城市智能体|公共平台|接口",
    "cloud_network": r"政务云|云资源|云平台资源|电子政务网络|网络资源|网络需求|算力|计算.{0,2}存储|政务外网需求|资源配置|资源需求",
    "energy": r"节能|能耗|能源|能效|绿色|低碳",
    "procurement": r"招标|采购|招投标|供应商",
    "supervision": r"监理|质量控制|质量管理|质量保障|测评|质量把控",
    "schedule": r"进度|工期|建设周期|实施计划|里程碑|时间节点|工作计划|时序",
    "investment": r"投资|资金|预算|概算|估算|费用|经费|造价",
    "operations": r"运维|运行维护|运营维护|售后|运行保障|应急保障|服务考核|服务级别",
    "performance": r"绩效|成效指标|考核指标|量化.{0,4}目标",
    "benefits": r"效益|成效|作用",
    "risks": r"风险",
    "conclusion": r"结论|总结",
    "appendix": r"^附[件表图录：:]|附件|附表|附图|附录|清单",
    "organization": r"组织|机构|人员|培训|团队|队伍|推进机制|管理制度",
    "necessity": r"必要性|意义|迫切性|为什么",
    "requirements": r"需求|用户分析|需求分析|业务要求|功能要求",
    "overall_design": r"总体|架构|技术路线|建设原则|设计原则|设计思路|建设思路|技术选型|部署方案|拓扑",
    "construction": r"建设内容|建设方案|功能|子系统|模块|详细设计|软件开发|设备购置|建设任务|系统建设|数据库设计|服务内容|平台建设",
    "current_state": r"现状|存在.{0,2}问题|已建|既有|基础情况|短板|现有",
    "unit_profile": r"建设单位|单位概况|单位基本|职能|承担单位|建设主体|实施单位|机构设置",
    "basis": r"依据|标准规范|政策文件|法律法规",
    "overview": r"概述|概况|总论|基本情况|简介|项目背景|建设目标|项目名称|总况|由来|概要|基本信息",
    "other": r"^目\s*录$|^前\s*言$|术语|缩略语|编制说明|编写说明|声明|摘要",
}

_COMPILED = {label: re.compile(pattern) for label, pattern in HEADING_CUES.items()}


def heading_cues(heading: str) -> list[str]:
    """Labels whose key terms occur in ``heading`` (numbering already stripped)."""
    return [label for label, rx in _COMPILED.items() if rx.search(heading)]
