"""Generate corpus/sections/{train,dev}.jsonl from bank.yaml and conventions.yaml (deterministic, seed 20251122).

The corpus is a set of synthetic *documents*: a title-page type (可研 / 实施方案 / 运维方案 / 密码应用方案), one
numbering convention and one heading register per document (the usual nouns, plain phrases, questions). Every
record carries its document id, and documents — not records — are split between train and dev: a dev document
uses heading wordings training never sees (the ``dev`` lists) and the held-out body sentences, so the dev figure
estimates documents by another author rather than memorised lines.

Each record: {"doc", "doc_type", "heading", "body", "label", "parent_label", "level"}.
Run: python corpus/tools/make_sections.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1] / "sections"
SEED = 20251122
N_DOCS = 400
DEV_EVERY = 5  # every fifth document goes to dev

PLACES = ["鄂尔多斯市", "内蒙古自治区", "达拉特旗", "牡丹区", "大同市", "某市", "全省", "菏泽市", "包头市", "本区"]
SYSTEMS = ["智慧监管平台", "政务服务系统", "数据共享交换平台", "应急指挥系统", "电子档案管理系统", "综合执法平台",
           "业务协同平台", "公共信用信息平台", "智慧停车平台", "网格化管理平台", "水资源监测系统", "医保结算系统"]
OWNERS = ["市住房和城乡建设局", "自治区能源局", "旗农牧局", "区市场监督管理局", "市生态环境局", "市大数据中心",
          "区综合行政执法局", "市文物局", "自治区退役军人事务厅", "市交通运输局", "县卫生健康委员会"]
AREAS = ["市", "区", "旗", "省", "县"]
# Chapter order of an ordinary proposal (taxonomy order is document order); each document keeps a random subset.
CORE = ["overview", "necessity", "requirements", "overall_design", "construction", "investment"]
OPS_ORDER = ["overview", "basis", "current_state", "operations", "operations", "data_sharing", "network_security",
             "crypto", "organization", "supervision", "risks", "investment", "schedule", "performance"]
KINDS = [("standard", 0.50), ("question", 0.12), ("plain", 0.13), ("ops_plan", 0.13), ("crypto_plan", 0.07),
         ("gongwen_plan", 0.05)]
# Kinds laid out as a fixed template in conventions.yaml: [chapter label, chapter wordings, [[sub label, wordings]]]
LAYOUTS = ("crypto_plan", "gongwen_plan")
DOC_TYPES = {"standard": ["feasibility_study", "implementation_plan", "proposal", "preliminary_design"],
             "question": ["implementation_plan", "feasibility_study"], "plain": ["implementation_plan", "proposal"],
             "ops_plan": ["operations_plan"], "crypto_plan": ["crypto_plan"],
             "gongwen_plan": ["implementation_plan"]}


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


# (chapter, section, sub-section) numbering conventions; one per document.
NUMBERING = [
    (lambda k: f"第{_cn(k)}章 ", lambda k, j: f"{k}.{j} ", lambda k, j, i: f"{k}.{j}.{i} "),
    (lambda k: f"第{k}章 ", lambda k, j: f"{k}.{j} ", lambda k, j, i: f"{k}.{j}.{i} "),
    (lambda k: f"{_cn(k)}、", lambda k, j: f"（{_cn(j)}）", lambda k, j, i: f"{i}. "),
    (lambda k: f"{k} ", lambda k, j: f"{k}.{j} ", lambda k, j, i: f"{k}.{j}.{i} "),
    (lambda k: f"{k}. ", lambda k, j: f"{k}.{j} ", lambda k, j, i: f"（{i}）"),
    (lambda k: f"第{_cn(k)}部分 ", lambda k, j: f"{_cn(j)}、", lambda k, j, i: f"（{_cn(i)}）"),
    (lambda k: f"第{_cn(k)}章 ", lambda k, j: f"第{_cn(j)}节 ", lambda k, j, i: f"{_cn(i)}、"),
    (lambda k: "", lambda k, j: "", lambda k, j, i: ""),  # unnumbered (bold or styled headings only)
]


def fill(rng: random.Random, sentence: str) -> str:
    return sentence.format(place=rng.choice(PLACES), system=rng.choice(SYSTEMS), owner=rng.choice(OWNERS),
                           area=rng.choice(AREAS), n=rng.randint(2, 9), year=rng.randint(2015, 2026),
                           money=f"{rng.randint(50, 5000)}.{rng.randint(0, 99):02d}")


class Composer:
    def __init__(self, bank: dict, conv: dict, rng: random.Random):
        self.bank, self.conv, self.rng = bank, conv, rng

    def bodies(self, label: str, split: str, extra: list[str] | None = None) -> str:
        body = list(self.bank[label]["body"])
        held = body[-1:] if len(body) >= 4 else []
        pool = (held + body[:-1]) if split == "dev" and held else (body[:-1] if held else body)
        pool = pool + (extra or [])
        n = self.rng.choice([0, 1, 1, 2, 2, 3, 4]) if split == "train" else self.rng.choice([1, 2, 3])
        picked = self.rng.sample(pool, min(n, len(pool)))
        if split == "dev" and held and held[0] not in picked and self.rng.random() < 0.5:
            picked = [held[0]] + picked[:2]
        return "".join(fill(self.rng, s) for s in picked)

    def wording(self, label: str, split: str, register: str) -> str:
        table = self.conv.get(register, {}) if register in ("question", "plain", "ops_plan") else {}
        if label in table and (register == "ops_plan" or self.rng.random() < 0.8):
            return self.rng.choice(table[label][split])
        return self.rng.choice(self.bank[label][split])

    def sub_wording(self, label: str, split: str) -> str:
        subs = self.bank[label].get("sub")
        if subs and split == "train":  # dev documents never reuse the training sub-headings
            title = self.rng.choice(subs)
            if label == "construction" and self.rng.random() < 0.5:
                title = self.rng.choice(SYSTEMS[:6]).replace("平台", "").replace("系统", "") + title
            return title
        return self.rng.choice(self.bank[label][split])

    def outline(self, kind: str, split: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """[(chapter label, chapter wording, [(sub label, sub wording)])]"""
        rng, labels = self.rng, list(self.bank)
        if kind in LAYOUTS:
            out = []
            for label, names, subs in self.conv[kind]:
                kids = [(sl, w) for sl, sw in subs for w in rng.sample(sw, min(len(sw), rng.randint(1, 3)))]
                out.append((label, rng.choice(names), kids))
            return out
        if kind == "ops_plan":
            chosen = [lab for lab in OPS_ORDER if lab in ("overview", "operations") or rng.random() < 0.6]
        else:
            rest = [lab for lab in labels if lab not in CORE and lab != "other"]
            chosen = [lab for lab in labels if lab in CORE or (lab in rest and rng.random() < 0.45)]
        if rng.random() < 0.3:
            chosen = ["other", *chosen]  # 前言, 目录, 编制说明 before the first chapter
        out = []
        for label in chosen:
            kids = []
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                if rng.random() < 0.7 or kind == "ops_plan":
                    kids.append((label, self.sub_wording(label, split)))
                else:
                    other = rng.choice([lab for lab in labels if lab != "other"])
                    kids.append((other, self.rng.choice(self.bank[other][split])))
            out.append((label, self.wording(label, split, kind), kids))
        return out

    def document(self, doc_id: str, kind: str, split: str) -> list[dict]:
        rng = self.rng
        numbering = NUMBERING[-1] if kind == "plain" else NUMBERING[2] if kind == "gongwen_plan" else \
            rng.choice(NUMBERING[:-1] if kind == "question" else NUMBERING)  # (a 公文: 一、 over （一）)
        doc_type = rng.choice(DOC_TYPES[kind])
        extra = self.conv["crypto_bodies"] if kind == "crypto_plan" else {}
        rows = []
        for k, (label, title, kids) in enumerate(self.outline(kind, split), 1):
            rows.append({"doc": doc_id, "doc_type": doc_type, "heading": numbering[0](k) + title,
                         "body": self.bodies(label, split, extra.get(label)), "label": label,
                         "parent_label": None, "level": 1})
            for j, (sub_label, sub_title) in enumerate(kids, 1):
                rows.append({"doc": doc_id, "doc_type": doc_type, "heading": numbering[1](k, j) + sub_title,
                             "body": self.bodies(sub_label, split, extra.get(sub_label)), "label": sub_label,
                             "parent_label": label, "level": 2})
        return rows


def make(bank: dict, conv: dict, rng: random.Random) -> dict[str, list[dict]]:
    comp = Composer(bank, conv, rng)
    kinds, weights = zip(*KINDS, strict=True)
    out: dict[str, list[dict]] = {"train": [], "dev": []}
    for n in range(N_DOCS):
        split = "dev" if n % DEV_EVERY == DEV_EVERY - 1 else "train"
        kind = rng.choices(kinds, weights)[0]
        out[split] += comp.document(f"{split}-{n:03d}-{kind}", kind, split)
    return out


def main() -> None:
    bank = yaml.safe_load((ROOT / "bank.yaml").read_text(encoding="utf-8"))
    conv = yaml.safe_load((ROOT / "conventions.yaml").read_text(encoding="utf-8"))
    rows = make(bank, conv, random.Random(SEED))
    for split, recs in rows.items():
        with (ROOT / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in recs:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        docs = len({r["doc"] for r in recs})
        print(split, docs, "documents", len(recs), "sections")


if __name__ == "__main__":
    main()
