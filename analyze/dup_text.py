"""Text helpers of duplicate matching: synonym folding, core names, n-grams, function terms and clauses.

Pure functions, shared by the proposal matcher (analyze/duplicates.py) and the inventory self-comparison
(analyze/inventory_dups.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.text import LIST_MARKS, clauses

# Synonyms and abbreviations folded before comparing (short form → the form inventories usually use).
# Each pair once; chains (报警装置 → 报警 → 预警) are closed below, so folding is idempotent.
SYNONYMS = [
    ("数字城管", "数字化城市管理"), ("城管", "城市管理"), ("一网通办", "政务服务"), ("雪亮工程", "公共安全视频监控"),
    ("市场监管", "市场监督管理"), ("住建", "住房和城乡建设"), ("卫健", "卫生健康"), ("人社", "人力资源和社会保障"),
    ("应急", "应急管理"), ("环保", "生态环境"), ("农畜产品", "农产品"), ("可燃气体报警器", "可燃气体报警"),
    ("报警装置", "报警"), ("一码通", "一码"), ("二维码", "码"), ("追溯码", "追溯"), ("App", "APP"), ("app", "APP"),
    ("移动端", "APP"), ("手机端", "APP"), ("掌上", "APP"), ("监测预警", "监测 预警"), ("风险监测", "风险 监测"),
    ("中小学", "学校"), ("校园", "学校"), ("摄像机", "视频"), ("摄像头", "视频"), ("画面", "视频"), ("鼠患", "老鼠"),
    ("告警", "预警"), ("报警", "预警"), ("工单", "任务"), ("派单", "派发"), ("分拨", "派发"), ("交办", "派发"),
    ("台账", "档案"), ("信息库", "数据库"), ("扫码", "码"), ("AI", "智能"),
    # department abbreviations of platform exports (林草局, 政数局)
    ("林草", "林业和草原"), ("政数局", "政务服务和数据管理局"), ("发改委", "发展和改革委员会"), ("交通局", "交通运输局"),
    ("文旅局", "文化和旅游局"), ("医保局", "医疗保障局"), ("市监局", "市场监督管理局"),
]


def _closed_map(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Map every short form to its final long form, and every final form to itself: a long form already in the
    text ("应急管理局") is matched as a whole (longest first) and left alone instead of growing ("应急管理管理局")."""
    base = {v: v for _, v in pairs}
    base.update(pairs)
    rx = re.compile("|".join(re.escape(k) for k in sorted(base, key=len, reverse=True)))
    out = {}
    for k, v in base.items():
        for _ in range(5):  # follow chains: 报警装置 → 报警 → 预警
            nxt = rx.sub(lambda m: base[m.group(0)], v)
            if nxt == v:
                break
            v = nxt
        out[k] = v
    for v in list(out.values()):
        out.setdefault(v, v)
    return out


# Where a short form straddles two words it is not one (森林|草原 holds 林草, 个人|社保 人社, 县城|管网 城管): these
# are kept as they are, matched as a whole before the short form inside them.
UNFOLDED = ("森林草原", "园林草", "个人社", "县城管", "城管网", "城管线", "城管道")

_SYNONYM_MAP = _closed_map(SYNONYMS + [(w, w) for w in UNFOLDED])
# Longest first, so 数字城管 wins over 城管 and 应急管理 over 应急; one pass instead of one str.replace per pair.
_SYNONYM_RX = re.compile("|".join(re.escape(k) for k in sorted(_SYNONYM_MAP, key=len, reverse=True)))


def fold_synonyms(text: str) -> str:
    """Fold synonyms; idempotent (a second fold changes nothing)."""
    for _ in range(3):  # a replacement can form a new key across its boundary; stop at the fixed point
        nxt = _SYNONYM_RX.sub(lambda m: _SYNONYM_MAP[m.group(0)], text)
        if nxt == text:
            break
        text = nxt
    return text


# One or two leading place names the gazetteer does not know ("某市东区"); a token with 城/化/字/智 ("数字化城市")
# is not a place.
_PLACE = re.compile(r"^(?:(?:(?![城化字智新])[\u4e00-\u9fff]){2,5}?(?:省|自治区|市|盟|区|县|旗)){1,2}")
_GENERIC = re.compile(r"建设项目|项目|建设|工程|子系统|分系统|子平台|模块|一期|二期|三期|升级改造|改造|新建|智慧|智能|信息化|运维服务|运维|运营|"
                      r"平台|系统|中心|数据库|软件|\s*\d{4}\s*年度?|\s+")
_BRACKETS = re.compile(r"[（）()《》〈〉“”‘’\"'「」『』【】\[\]<>]")
STOP_TERMS = frozenset("""实现 支持 提供 进行 形成 建立 建设 开展 相关 以及 通过 对于 相应 主要 包括 各类 全市 全区 全旗 全省
本级 部门 单位 系统 平台 数据 信息 管理 功能 业务 服务 工作 情况 内容 要求 问题 能力 水平 基础 方式 方面 有关 按照 依托
项目 提升 推进 完成 统一 我局 本局 市级 区级 旗级 已经 目前 现有 需要 可以 能够 同时 进一步 有效 全面 及时 及其 其中
模块 子系统 包含 含 等""".split())


def strip_places(name: str) -> str:
    """Leading division names (鄂尔多斯市达拉特旗…), by the gazetteer, then by the suffix pattern."""
    from .regions import load_gazetteer

    pos = 0
    for m in load_gazetteer().mentions(name[:24]):
        if m.start != pos:
            break
        pos = m.end
    return _PLACE.sub("", name[pos:])


@lru_cache(maxsize=200_000)
def core_name(name: str) -> str:
    """"鄂尔多斯市燃气安全智慧监管平台建设项目" → "燃气安全监管"."""
    s = fold_synonyms(name.strip("“”\"「」 "))
    s = strip_places(s)
    # brackets and quotes carry no name (系统（一期） is 系统 once 一期 is gone; “一网统管”平台 is 一网统管)
    return _BRACKETS.sub("", _GENERIC.sub("", s))


def char_ngrams(text: str, lo: int = 2, hi: int = 3) -> list[str]:
    t = re.sub(r"[\s，。、；：:;,.（）()《》“”\"'！？!?\-—·/]+", "", text)
    return [t[i: i + n] for n in range(lo, hi + 1) for i in range(len(t) - n + 1)]


def terms(text: str) -> list[str]:
    return list(_terms(text))


@lru_cache(maxsize=262_144)
def _terms(text: str) -> tuple[str, ...]:
    """Cached: inventories repeat their boilerplate clauses, and segmentation is the costly step."""
    from .features import _words

    return tuple(w for w in _words(fold_synonyms(text)) if len(w) >= 2 and w not in STOP_TERMS and not w.isdigit())


def function_clauses(text: str) -> list[str]:
    """The clauses of a function description that can carry a function (four characters or more)."""
    return [c.strip() for c in clauses(text, LIST_MARKS) if len(c.strip()) >= 4]


def name_similarity(a: str, b: str) -> float:
    """Similarity of two core names (0..1): whole-string ratio, or a partial match when both are long enough."""
    from rapidfuzz import fuzz

    if len(a) < 2 or len(b) < 2:
        return 0.0
    part = 0.9 * fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 3 else 0.0
    return max(fuzz.ratio(a, b), part) / 100


def same_owner(a: str, b: str) -> bool:
    a, b = fold_synonyms(a), fold_synonyms(b)
    return a == b or (len(a) >= 4 and (a in b or b in a))


# The modules a 系统简介 lists: "包含泊位管理、无感支付、欠费追缴等模块" / "分为受理、派遣、考核三个子系统".
_MODULE_LIST = re.compile(r"(?:包括|包含|含|分为|涵盖|由|设)([^。；;]{4,120}?)(?:等)?(?:[一二三四五六七八九十\d]+个)?"
                          r"(?:功能)?(?:模块|子系统|功能|部分|组成|板块)")
_MODULE_ITEM = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,16}?)(?:子系统|模块|系统|平台|功能)?$")


@lru_cache(maxsize=200_000)
def listed_modules(description: str) -> tuple[str, ...]:
    """Module names a description lists, each folded to its core ("泊位管理", "无感支付")."""
    out: list[str] = []
    for m in _MODULE_LIST.finditer(description):
        for item in re.split(r"[、，,和及与/]", m.group(1)):
            item = item.strip(" “”\"：:")
            mm = _MODULE_ITEM.match(item)
            if mm and len(mm.group(1)) >= 2:
                core = core_name(mm.group(1))
                if len(core) >= 2 and core not in out:
                    out.append(core)
    return tuple(out[:20])
