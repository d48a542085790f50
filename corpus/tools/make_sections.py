"""Generate corpus/sections/{train,dev}.jsonl from corpus/sections/bank.yaml (deterministic, seed 20251122).

Each record: {"heading", "body", "label", "parent_label", "level"}. The dev split uses heading wordings that
training never sees (``dev`` lists in the bank) and one held-out body sentence per label, so its figure measures
wording generalisation rather than memorisation. Run: python corpus/tools/make_sections.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1] / "sections"
SEED = 20251122

PLACES = ["鄂尔多斯市", "内蒙古自治区", "达拉特旗", "牡丹区", "大同市", "某市", "全省", "菏泽市", "包头市", "本区"]
SYSTEMS = ["智慧监管平台", "政务服务系统", "数据共享交换平台", "应急指挥系统", "电子档案管理系统", "综合执法平台",
           "业务协同平台", "公共信用信息平台", "智慧停车平台", "网格化管理平台", "水资源监测系统", "医保结算系统"]
OWNERS = ["市住房和城乡建设局", "自治区能源局", "旗农牧局", "区市场监督管理局", "市生态环境局", "市大数据中心",
          "区综合行政执法局", "市文物局", "自治区退役军人事务厅", "市交通运输局", "县卫生健康委员会"]
AREAS = ["市", "区", "旗", "省", "县"]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def numbering(rng: random.Random, level: int, k: int) -> str:
    if level == 1:
        return rng.choice([f"第{_cn(k)}章 ", f"第{k}章 ", f"{_cn(k)}、", f"{k} ", f"{k}. ", "", f"第{_cn(k)}部分 "])
    return rng.choice([f"{k}.{rng.randint(1, 6)} ", f"（{_cn(rng.randint(1, 6))}）", f"第{_cn(rng.randint(1, 5))}节 ",
                       f"{_cn(rng.randint(1, 6))}、", "", f"{k}.{rng.randint(1, 6)}.{rng.randint(1, 4)} "])


def fill(rng: random.Random, sentence: str) -> str:
    return sentence.format(place=rng.choice(PLACES), system=rng.choice(SYSTEMS), owner=rng.choice(OWNERS),
                           area=rng.choice(AREAS), n=rng.randint(2, 9), year=rng.randint(2015, 2026),
                           money=f"{rng.randint(50, 5000)}.{rng.randint(0, 99):02d}")


def make(bank: dict, split: str, per_label: int, rng: random.Random) -> list[dict]:
    labels = list(bank)
    out = []
    for label in labels:
        entry = bank[label]
        body = list(entry["body"])
        held = body[-1:] if len(body) >= 4 else []
        train_body = body[:-1] if held else body
        headings = entry["train"] if split == "train" else entry["dev"]
        bodies = train_body if split == "train" else (held + train_body)
        for i in range(per_label):
            sub = split == "train" and entry.get("sub") and rng.random() < 0.4
            title = rng.choice(entry["sub"]) if sub else headings[i % len(headings)]
            if sub and label == "construction" and rng.random() < 0.5:
                title = rng.choice(SYSTEMS[:6]).replace("平台", "").replace("系统", "") + title
            level = 2 if (sub or rng.random() < 0.35) else 1
            parent = None
            if sub:
                parent = label  # sub-sections of a chapter share its topic ("1.3 建设内容" under 项目概述)
            elif level == 2:
                parent = label if rng.random() < 0.75 else rng.choice(labels)
            k = rng.randint(1, 16)
            n_sent = rng.choice([0, 1, 1, 2, 2, 3, 4]) if split == "train" else rng.choice([1, 2, 3])
            picked = rng.sample(bodies, min(n_sent, len(bodies)))
            if split == "dev" and held and held[0] not in picked:
                picked = [held[0]] + picked[:2]
            text = "".join(fill(rng, s) for s in picked)
            out.append({"heading": numbering(rng, level, k) + title, "body": text, "label": label,
                        "parent_label": parent, "level": level})
    rng.shuffle(out)
    return out


def main() -> None:
    bank = yaml.safe_load((ROOT / "bank.yaml").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    for split, n in (("train", 60), ("dev", 12)):
        rows = make(bank, split, n, rng)
        with (ROOT / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(split, len(rows))


if __name__ == "__main__":
    main()
