"""Write corpus/model/words.txt: the segmentation dictionary the classifier uses (training and prediction alike).

jieba's full dictionary (~350k words) costs about a second to load in every process; the classifier needs far
less. We keep jieba's 20,000 most frequent words plus every word jieba finds in our own corpus, bank and
regulation texts, with jieba's frequencies. Run: python corpus/tools/make_wordlist.py (needs jieba, in the `test`
extra; the classifier itself cuts with analyze/wordseg.py and never imports it). A new word list changes the corpus
hash: retrain (`yushen train`) and ship the new corpus/model/sections-<hash>.model.
"""

from __future__ import annotations

import json
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
TOP_N = 20000


def main() -> None:
    jieba.initialize()
    freq = jieba.dt.FREQ
    keep = {w for _, w in sorted(((f, w) for w, f in freq.items() if f > 0), reverse=True)[:TOP_N]}
    texts = [(ROOT / "sections" / "bank.yaml").read_text(encoding="utf-8")]
    for split in ("train.jsonl", "dev.jsonl"):
        for line in (ROOT / "sections" / split).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row["heading"] + "\n" + row.get("body", ""))
    texts += [p.read_text(encoding="utf-8", errors="ignore") for p in (ROOT / "regulations").iterdir()]
    for text in texts:
        keep.update(w for w in jieba.cut(text, HMM=False) if freq.get(w, 0) > 0)
    out = ROOT / "model" / "words.txt"
    lines = sorted(f"{w} {freq[w]}" for w in keep if w.strip() and " " not in w)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} words to {out}")


if __name__ == "__main__":
    main()
