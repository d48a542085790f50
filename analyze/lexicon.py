"""Heading lexicon: key terms whose presence in a heading is strong evidence for a label.

Kept to terms (密码, 监理, 节能 …), not whole headings, so it generalises to wordings the corpus never saw.
Order matters only for documentation; every matching label gets a vote.
"""

from __future__ import annotations

import re

HEADING_CUES: dict[str, str] = {
    "crypto": r"商用密码|国密|商密|密评|密钥|密码应用|密码保障|密码技术|密码产品|密码服务|密码算法|密码体系|密码设计|密码改造",
    "secure_reliable": r"安全可靠|自主可控|国产化|信创|信息技术应用创新|国产软硬件|安全可控|国产.{0,4}(?:产品|软硬件|适配)",
    "network_security": r"网络安全|信息安全|等级保护|等保|数据安全|网络和数据安全|个人信息保护|定级|安全等级",
    "data_sharing": r"共享|资源目录|信息资源|数据资源|编目|开放|数据归集|数据目录",
    "integration": r"统一接入|共性平台|系统对接|平台对接|接入|集成|互联互通|城市大脑|城市智能体|公共平台|接口设计",
    "cloud_network": r"政务云|云资源|云平台资源|电子政务网络|网络资源|网络需求|算力|计算.{0,2}存储|政务外网需求",
    "energy": r"节能|能耗|能源|能效|绿色|低碳|资源节约|节约资源",
    "procurement": r"招标|采购|招投标|供应商",
    "supervision": r"监理|质量控制|质量管理|质量保障|测评|质量把控",
    "schedule": r"进度|工期|建设周期|实施计划|里程碑|时间节点|工作计划|时序|工作安排|时间安排",
    "investment": r"投资|资金|预算|概算|估算|费用|经费|造价",
    "operations": r"运维|(?:运行|运营)[和与及]?维护|售后|运行保障|应急保障|服务(?:质量)?考核|服务级别",
    "performance": r"绩效|成效指标|考核指标|量化.{0,4}目标",
    "benefits": r"效益|成效|作用",
    "risks": r"风险",
    "conclusion": r"结论|总结",
    "appendix": r"^附[件表图录：:]|附件|附表|附图|附录|清单",
    "organization": r"组织|机构|人员|人力|培训|团队|队伍|推进机制|项目管理",
    "necessity": r"必要性|意义|迫切性|为什么",
    "requirements": r"需求|用户分析|需求分析|业务要求|功能要求|信息量",
    # (principles and guiding ideas, as build documents and 公文 plans name them: 实施原则, 基本原则, 指导思想)
    "overall_design": r"总体|架构|技术路线|(?:建设|设计|实施|基本|工作)原则|指导思想|设计思路|建设思路|技术选型|部署方案|拓扑",
    "construction": r"建设内容|建设方案|功能|子系统|模块|详细设计|软件开发|设备购置|建设任务|系统建设|数据库设计|服务内容|平台建设",
    "current_state": r"现状|存在.{0,2}问题|已建|既有|基础情况|短板|痛点|堵点|现有",
    "unit_profile": r"建设单位|单位概况|单位基本|职能|承担单位|建设主体|实施单位|机构设置",
    "basis": r"依据|标准规范|政策文件|法律法规",
    "overview": r"概述|概况|总论|基本情况|简介|项目背景|建设目标|项目名称|总况|由来|概要|基本信息",
    "other": r"^目\s*录$|^前\s*言$|术语|缩略语|编制说明|编写说明|声明|摘要",
}

# Ambiguous heading terms: evidence for the label only when the section's own text supports it ("用户密码管理" is
# account policy, "安全生产保障" is field safety, "系统对接" may be a sentence about an old system).
WEAK_CUES: dict[str, str] = {
    "crypto": r"密码",
    "network_security": r"安全",
    "integration": r"接口|对接|衔接|支撑平台",
    # (资源 alone: 人力资源配置, 资金和人员等资源需求 are no cloud; "资源需求" over vCPU and 政务云 is)
    "cloud_network": r"(?<!人力)资源(?:配置|需求)",
}

# Body vocabulary: terms whose presence in a section's own text says it is about the label. Used to confirm weak
# cues, to veto labels that rest on one ambiguous word, and to add secondary topics a body clearly covers.
BODY_VOCAB: dict[str, str] = {
    "crypto": r"商用密码|国密|国产密码|SM[1-9]|密码应用安全性评估|密评|密码测评|密钥|数字证书|电子签章|电子签名|签名验签|"
              r"密码机|密码模块|密码产品|密码服务|密码算法|同步规划、同步建设、同步运行|同步运行|GB/T ?39786|"
              r"完整性保护|机密性|加密存储|加密传输|身份鉴别",
    "network_security": r"等级保护|等保|定级|备案|防火墙|入侵|漏洞|病毒|恶意代码|日志审计|安全审计|访问控制|堡垒机|"
                        r"网络安全|信息安全|数据安全|网络攻击|安全防护|WAF|态势感知|风险评估|安全测评|脱敏|防篡改|"
                        r"DDoS|身份认证|容灾|数据备份|个人信息|"
                        # 等保 2.0 (GB/T 22239-2019) states a level's measures in its own terms
                        r"安全区域边界|区域边界|边界防护|安全边界|安全计算环境|安全通信网络|安全管理中心|安全通用要求|扩展要求",
    "integration": r"统一接入|对接|接入|接口|互联互通|共性平台|统一身份认证|单点登录|城市智能体|城市大脑|协同办公平台|"
                   r"统一视频|GIS平台|时空信息|政务服务平台|调用|集成",
    "data_sharing": r"共享|资源目录|数据目录|编目|开放|共享交换|数据归集|更新频率|共享属性|开放属性|数据来源|信息资源",
    "secure_reliable": r"安全可靠|自主可控|国产化|信创|国产|适配|安全可控|麒麟|统信|鲲鹏|飞腾|海光|龙芯|达梦|人大金仓",
    "cloud_network": r"政务云|云资源|vCPU|虚拟机|存储空间|带宽|政务外网|电子政务网络|计算资源|存储资源|TB|核",
    "energy": r"节能|能耗|能效|PUE|能源|功耗|低碳|绿色",
    "supervision": r"监理|质量控制|测评|第三方|验收测试|质量管理|软件测试",
    "performance": r"绩效|指标值|量化|考核指标|满意度|年度目标|产出指标|效益指标",
    "schedule": r"\d+\s*月|季度|建设期|工期|周期|阶段|里程碑|进度|[上下]半年|完成(?:招标|验收|开发|部署|试运行|上线)",
    "organization": r"领导小组|工作组|组长|成员|职责|分工|项目办公室|团队|培训|人员|岗位|驻场",
    "investment": r"万元|投资|估算|概算|预算|资金|费用|经费|单价|合计",
    "operations": r"运维|(?:运行|运营)[和与及]?维护|巡检|故障|响应时间|驻场|值守|维保|质保|服务级别|备品备件|免费运维",
    "procurement": r"招标|采购|投标|供应商|政府采购|公开招标|竞争性",
    "risks": r"风险|对策|应对|规避|防范",
    "benefits": r"效益|提升|节约|减少|提高|便利",
    "basis": r"《[^》]{2,40}》|GB/T|办法|条例|标准",
}

_COMPILED = {label: re.compile(pattern) for label, pattern in HEADING_CUES.items()}
_WEAK = {label: re.compile(pattern) for label, pattern in WEAK_CUES.items()}
_BODY = {label: re.compile(pattern) for label, pattern in BODY_VOCAB.items()}


def heading_cues(heading: str) -> list[str]:
    """Labels whose key terms occur in ``heading`` (numbering already stripped)."""
    return [label for label, rx in _COMPILED.items() if rx.search(heading)]


def ends_with_cue(heading: str, label: str) -> bool:
    """Whether the heading ends in one of the label's key terms (its head, in a head-final noun phrase:
    数据共享交换平台运行保障 is about 运行保障)."""
    rx = _COMPILED.get(label)
    text = heading.rstrip(" \u3000：:。")
    return rx is not None and any(m.end() == len(text) for m in rx.finditer(text))


def weak_cues(heading: str) -> list[str]:
    """Labels an ambiguous heading term points to (needs support in the section's body). Terms inside a strong cue
    of any label do not count ("安全可靠" is not a weak "安全")."""
    rest = heading
    for rx in _COMPILED.values():
        rest = rx.sub("", rest)
    return [label for label, rx in _WEAK.items() if rx.search(rest)]


def body_pattern(label: str) -> re.Pattern | None:
    """The label's body vocabulary, compiled once (None for labels without vocabulary)."""
    return _BODY.get(label)


def body_hits(text: str, label: str) -> int:
    """How many times the label's body vocabulary occurs in ``text`` (0 for labels without vocabulary)."""
    rx = _BODY.get(label)
    return len(rx.findall(text)) if rx is not None and text else 0


# The parts of a project's 安全保障 that rules check one by one. Authors who follow a template without a heading per
# part (发改高技〔2008〕2544号's "安全系统建设方案", a consultancy's "保障措施 — （二）安全保障", a merged
# "网络安全与密码应用", a 设备选型 section stating the products) write them as sentences of one security body: 等保,
# then 密码, then products. Each part then has a few of the body's sentences, never half of them.
SECURITY_PARTS = ("network_security", "crypto", "secure_reliable")
# Headings under which a security part may be stated without a heading of its own: a security heading (its part
# named in two words is stated), a design or construction heading or none at all (设备选型: three words). Under
# another topic's heading (风险识别: "国产化适配周期较长") the part is that topic's matter.
_DESIGN_HEADINGS = frozenset({"construction", "overall_design"})
_STATED_HITS = {"security": 2, "design": 3}


def security_part_stated(sentences: list[str], label: str, heading: str) -> bool:
    """Whether a body that is mostly about security (half its sentences or more use the vocabulary of some part)
    states ``label``'s part: its sentences use the part's vocabulary (twice under a security heading, three times
    under a design heading or one without a topic word) and name the part in a term a heading would use (商用密码,
    等级保护, 安全可靠 …). A 等保 paragraph that lists 身份鉴别 and 加密传输 names no 密码 part; "采用安全可靠的防火墙"
    is one word."""
    if label not in SECURITY_PARTS or not sentences:
        return False
    topics = set(heading_cues(heading)) | set(weak_cues(heading))
    if topics & set(SECURITY_PARTS):
        need = _STATED_HITS["security"]
    elif topics <= _DESIGN_HEADINGS:
        need = _STATED_HITS["design"]
    else:
        return False
    security = [s for s in sentences if any(body_hits(s, part) for part in SECURITY_PARTS)]
    if len(security) * 2 < len(sentences):
        return False
    own = [s for s in security if body_hits(s, label)]
    return sum(body_hits(s, label) for s in own) >= need and any(_COMPILED[label].search(s) for s in own)
