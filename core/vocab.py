"""The one vocabulary of Chinese names for the codes the pipeline uses: verdicts, statuses, severities, section
labels, document types, project classes, jurisdictions, duplicate verdicts, error codes, scan statuses and the
reasons for the rule-pack choice. Every renderer, export, the web app and the CLI read their words from here, so
no English code reaches a reader and one word never has two translations.

Each ``zh_*`` helper falls back to a Chinese phrase (never the bare code) for a value it does not know, so a code
added upstream later shows as "其他（…）" rather than leaking raw into a report.
"""

from __future__ import annotations

import re

STATUS_ZH = {"fail": "不符合", "warn": "提示", "pass": "符合", "not_applicable": "不适用"}
SEVERITY_ZH = {"blocker": "阻断", "major": "重要", "minor": "一般", "info": "提示"}

LABEL_ZH = {"overview": "概述", "basis": "编制依据", "unit_profile": "建设单位概况", "current_state": "现状",
            "necessity": "必要性", "requirements": "需求分析", "overall_design": "总体设计",
            "construction": "建设内容", "data_sharing": "数据共享", "network_security": "网络安全",
            "crypto": "密码应用", "secure_reliable": "安全可靠", "cloud_network": "云与网络资源",
            "integration": "统一接入", "energy": "节能", "procurement": "招标采购", "organization": "组织管理",
            "supervision": "监理", "schedule": "实施进度", "investment": "投资估算", "operations": "运维",
            "performance": "绩效目标", "benefits": "效益分析", "risks": "风险分析", "conclusion": "结论",
            "appendix": "附件", "other": "其他"}

DOC_TYPE_ZH = {"feasibility_study": "可行性研究报告", "proposal": "项目建议书", "preliminary_design": "初步设计方案",
               "implementation_plan": "实施方案", "operations_plan": "运维方案", "crypto_plan": "密码应用方案",
               "other": "其他"}
CLASS_ZH = {"construction": "建设类", "service_purchase": "采购服务类", "operations": "运维服务类", None: "—"}
# A pack id names the region whose regulation it implements.
JURISDICTION_ZH = {"national": "国家", "nmg": "内蒙古自治区", "ordos": "鄂尔多斯市", "dalad": "达拉特旗",
                   "mudan": "菏泽市牡丹区", "datong": "大同市"}

DUP_VERDICT_ZH = {"likely_duplicate": "疑似重复建设", "possible_overlap": "部分重叠，建议核实",
                  "maintained": "本项目运维的已建系统"}
# Short forms for narrow places (a table cell, a terminal line).
DUP_VERDICT_SHORT = {"likely_duplicate": "疑似重复", "possible_overlap": "建议核实", "maintained": "运维对象"}

ERROR_ZH = {"corrupt_file": "文件损坏", "encrypted": "文件加密", "no_text_layer": "扫描件无文字层",
            "unsupported_format": "不支持的格式", "empty_document": "无可审查文字", "converter_missing": "缺少转换工具",
            "conversion_failed": "格式转换失败", "file_not_found": "找不到文件", "too_large": "文件过大",
            "not_a_proposal": "非项目申报文件", "internal_error": "内部错误", "timeout": "处理超时",
            "memory_limit": "超出内存限制", "low_ocr_confidence": "文字识别置信度低", "warning": "处理提示",
            "symlink_outside": "指向扫描范围外的链接", "results_exist": "结果库已存在",
            "unknown_ruleset": "未知规则包", "bad_waivers": "豁免文件有误", "unknown_rule": "未知规则",
            "bad_training_data": "训练数据有误", "missing_extra": "缺少可选组件", "no_inventory": "未导入已建系统清单",
            "nothing_to_do": "未指定输出", "no_local_pack": "本地区暂无规则包"}

SCAN_STATUS_ZH = {"ok": "已审查", "error": "错误", "skipped": "跳过", "duplicate": "内容重复", "pending": "待处理"}
FORMAT_ZH = {"pdf": "PDF", "docx": "DOCX", "doc": "DOC", "wps": "WPS", "txt": "TXT", "md": "Markdown",
             "html": "HTML"}

# How a heading was decided (core/types.HEADING_SOURCES).
HEADING_SOURCE_ZH = {"docx-style": "标题样式", "docx-outline": "大纲级别", "pdf-outline": "PDF 书签",
                     "markdown": "Markdown 标题", "numbering": "章节编号", "font": "字号", "bold": "加粗",
                     "sequence-gap": "编号补缺", "root": "文首"}

# Why a fact was found where it was (analyze/facts.py writes these in English for developers).
WHY_ZH = {"owner": "建设单位", "project name": "项目名称", "title page": "封面", "opening text": "开篇文字",
          "cites the local regulation": "文中引用了当地管理办法", "place name in the text": "正文中的地名",
          "given": "人工指定"}


def _fallback(code) -> str:
    return "—" if code in (None, "") else f"其他（{code}）"


def zh_status(code: str) -> str:
    return STATUS_ZH.get(code) or _fallback(code)


def zh_severity(code: str) -> str:
    return SEVERITY_ZH.get(code) or _fallback(code)


def zh_label(code: str | None) -> str:
    return LABEL_ZH.get(code) or _fallback(code)  # type: ignore[arg-type]


def zh_doc_type(code: str | None) -> str:
    return DOC_TYPE_ZH.get(code) or _fallback(code)  # type: ignore[arg-type]


def zh_class(code: str | None) -> str:
    return CLASS_ZH.get(code) or _fallback(code)


def zh_jurisdiction(code: str | None) -> str:
    return JURISDICTION_ZH.get(code) or _fallback(code)  # type: ignore[arg-type]


def zh_dup_verdict(code: str, short: bool = False) -> str:
    return (DUP_VERDICT_SHORT if short else DUP_VERDICT_ZH).get(code) or _fallback(code)


def zh_error(code: str | None) -> str:
    return ERROR_ZH.get(code) or _fallback(code)  # type: ignore[arg-type]


def zh_scan_status(code: str) -> str:
    return SCAN_STATUS_ZH.get(code) or _fallback(code)


def zh_format(code: str | None) -> str:
    return FORMAT_ZH.get(code) or (code or "").upper() or "—"


def zh_heading_source(code: str | None) -> str:
    return HEADING_SOURCE_ZH.get(code) or _fallback(code)  # type: ignore[arg-type]


def zh_labels(codes) -> str:
    return "、".join(zh_label(c) for c in codes)


_REASON_WHY = re.compile(r"^(?P<head>自动识别：)(?P<why>[a-z][a-z ]*)(?::\s*(?P<text>.*))?$", re.S)
_FORCED = re.compile(r"^按 --rules (?P<pack>\S+) 指定$")


def zh_reason(reason: str | None) -> str:
    """The rule-pack choice in words: ``自动识别：owner: 鄂尔多斯市…`` → ``自动识别：建设单位“鄂尔多斯市…”``.

    pipeline/ writes the reason with the fact's developer-facing ``why``; this keeps the Chinese and replaces
    the code. Text that is already Chinese passes through unchanged."""
    if not reason:
        return "—"
    m = _REASON_WHY.match(reason.strip())
    if m:
        why = WHY_ZH.get(m.group("why").strip(), "文件内容")
        text = (m.group("text") or "").strip()
        return f"{m.group('head')}{why}“{text}”" if text else f"{m.group('head')}{why}"
    m = _FORCED.match(reason.strip())
    if m:
        return f"由审查人员指定（{zh_jurisdiction(m.group('pack'))}规则包）"
    return reason


def zh_pack(pack_id: str | None, source: str = "") -> str:
    """A rule pack for a reader: the regulation's title when known, else the region's name."""
    if source:
        return f"《{source}》"
    return f"{zh_jurisdiction(pack_id)}规则包" if pack_id else "—"


def verdict(blockers: int, majors: int) -> tuple[str, str]:
    """(the overall verdict, its level: bad / warn / ok) from the unwaived blocker and major failures."""
    if blockers:
        return "需补正后再受理", "bad"
    if majors:
        return "建议修改", "warn"
    return "可进入评审", "ok"


def counts_line(tally: dict[str, int]) -> str:
    """不符合 N 项（阻断 a、重要 b、一般 c）· 提示 d · 符合 e — failures broken down by severity, then the other
    results; ``tally`` is :meth:`Report.tally`."""
    parts = [f"{SEVERITY_ZH[s]} {tally[s]}" for s in ("blocker", "major", "minor")]
    if tally.get("info"):
        parts.append(f"提示级 {tally['info']}")
    line = f"不符合 {tally['fail']} 项（{'、'.join(parts)}）· 提示 {tally['warn']} · 符合 {tally['pass']}"
    if tally.get("not_applicable"):
        line += f" · 不适用 {tally['not_applicable']}"
    if tally.get("waived"):
        line += f" · 已豁免 {tally['waived']}"
    return line


def duplicate_reason(verdict_code: str, evidence: list[dict] | None = None, parts: dict | None = None,
                     same_owner: bool | None = None) -> str:
    """Why a duplicate candidate got its verdict, in words, from what the candidate carries: the score parts
    (when the matcher left them: ``other_city``, ``partner``, ``owner``, ``replaces``) and the kinds of evidence
    (name / functions). Without parts the wording stays with what the evidence shows."""
    parts = parts or {}
    fields = {e.get("field") for e in evidence or []}
    what = []
    if "name" in fields:
        what.append("名称相近")
    if "functions" in fields:
        what.append("职能相近")
    if not what:
        what.append("内容相近")
    if verdict_code == "likely_duplicate":
        head = "同一地区、同类职能"
        if parts.get("replaces"):
            head += "，申报文件称拟替代该系统"
        elif parts.get("owner") or same_owner:
            head += "，同一建设单位"
        return head
    if verdict_code == "maintained":
        return "本项目为该系统的运维，不属重复建设"
    if parts.get("other_city"):
        return "外地同类系统，仅供参考"
    if parts.get("partner"):
        return "本项目拟与该系统对接，非重建"
    if "retired" in parts and parts["retired"]:
        return "该系统已停用"
    return "、".join(what) + "，相似度不足以认定重复"


def candidate_reason(cand) -> str:
    """:func:`duplicate_reason` for a DuplicateCandidate or its JSON dict (an explicit ``reason`` wins)."""
    get = cand.get if isinstance(cand, dict) else (lambda k, d=None: getattr(cand, k, d))
    if get("reason"):
        return get("reason")
    return duplicate_reason(get("verdict"), get("evidence") or [], get("parts"))


# The English codes that must never reach a reader (what the vocabulary test looks for in rendered output).
READER_CODES = tuple(sorted(set(STATUS_ZH) | set(SEVERITY_ZH) | set(LABEL_ZH) | set(DOC_TYPE_ZH) - {"other"}
                            | {k for k in CLASS_ZH if k} | set(DUP_VERDICT_ZH) | set(ERROR_ZH) - {"warning"}
                            | set(JURISDICTION_ZH)
                            | {"owner:", "project name:"}))


_CN_LEVEL = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def rule_fact_value(fact: dict) -> str:
    """One rule-relevant fact of ``Report.rule_facts`` in words: 免费运维期 6个月, 等保级别 第三级, 工程监理 有."""
    value = fact.get("value")
    if value is None:
        text = "未写明"
    elif value is True:
        text = "有"
    elif value is False:
        text = "未见"
    elif fact.get("fact") == "free_maintenance_months":
        text = f"{value:g}个月"
    elif fact.get("fact") == "dengbao_level":
        text = f"第{_CN_LEVEL.get(value, value)}级"
    else:
        text = str(value)
    return f"{fact.get('name', '')} {text}"


def rule_facts_lines(rule_facts: list[dict]) -> list[str]:
    """The line of rule-relevant facts, and one that names those the applied pack has no article about."""
    if not rule_facts:
        return []
    lines = ["规则相关事实：" + " · ".join(rule_fact_value(f) for f in rule_facts)]
    silent = [f.get("name", "") for f in rule_facts if not f.get("rules")]
    if silent:
        lines.append(f"本规则包对{'、'.join(silent)}无相关条款，未作判定。")
    return lines


def notices(errors: list[dict]) -> list[str]:
    """What the reviewer must see about the review itself (no local pack, a forced review of a non-proposal)."""
    return [e["message"] for e in errors if e.get("code") in ("no_local_pack", "not_a_proposal")]
