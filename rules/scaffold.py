"""``yushen rules new``: a pack skeleton from a regulation text — the header (name, governed region from the
gazetteer, regulation file) and one rule per article that says 应当/必须, its quote pre-filled.

The skeleton loads and ``rules verify`` lists what is left to do: every rule starts with a placeholder check
(``section_present`` on label ``other``) and no examples, so verify fails until each is written or deleted.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..core.text import cn_to_int
from .errors import RulePackError
from .model import PACK_ID
from .regulations import articles, regulation_text

_DUTY = re.compile(r"应当|必须")


def _title(text: str) -> str:
    """The regulation's title: the first of its opening lines that names a 办法/规定/条例/细则/指南, else the first."""
    lines = [re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", ln.strip().strip("#*").strip())
             for ln in text.splitlines()[:30]]
    lines = [ln for ln in lines if ln and not ln.startswith(("第", "（", "(")) and len(ln) <= 60]
    named = [ln for ln in lines if re.search(r"(?:办法|规定|条例|细则|指南|规范)(?:[（(][^）)]*[)）])?$", ln)]
    return (named or lines or [""])[0]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(pack_id: str, regulation: Path, region_code: str | None = None, extends: str | None = None) -> str:
    """The YAML text of a new pack for the regulation at ``regulation`` (which will sit beside it)."""
    from ..analyze.regions import load_gazetteer, region_of

    if not PACK_ID.match(pack_id):
        raise RulePackError(f"pack id {pack_id!r} must be lower-case letters, digits and _")
    text = regulation_text(str(regulation.resolve()))
    title = _title(text) or regulation.stem
    region = load_gazetteer().get(region_code) if region_code else region_of(title)[0]
    if region_code and region is None:
        raise RulePackError(f"--region {region_code}: not a 6-digit 民政部 division code")
    issued = re.search(r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号", text[:2000])
    lines = [f"pack: {pack_id}",
             f"name: {region.name if region else title}",
             "governs:",
             f"  regions: [{_q(region.code) if region else ''}]  # 6-digit 民政部 codes this pack governs exactly",
             f"  levels: [{region.level if region else ''}]  # province | prefecture | county | central",
             *([f"extends: {extends}"] if extends else []),
             f"source: {title}",
             f"issued: {_q(issued.group(0) if issued else '')}",
             f"regulation: {regulation.name}",
             "rules:"]
    n = 0
    for article, body in articles(str(regulation.resolve())).items():
        sentences = [s for s in re.split(r"(?<=[。；])", body.split(" ", 1)[-1]) if _DUTY.search(s)]
        if not sentences:
            continue
        quote = sentences[0].strip().rstrip("。；")
        num = cn_to_int(article[1:-1])
        n += 1
        lines += ["",
                  f"  - id: {pack_id}.art{num}.todo  # rename the slug: {pack_id}.art{num}.<what it checks>",
                  f"    title: {_q(quote[:24])}",
                  "    severity: major",
                  "    check: {kind: section_present, label: other}  # TODO: the check (see rules/README.md)",
                  f"    message: {_q('TODO：一句话说明不符合之处。')}",
                  f"    citation: {{article: {article}, quote: {_q(quote)}}}"]
    if not n:
        lines[-1] = "rules: []"
    return "\n".join(lines) + "\n"


def new_pack(pack_id: str, regulation: Path, out_dir: Path, region_code: str | None = None,
             extends: str | None = None) -> Path:
    """Write ``out_dir/<pack_id>/pack.yaml`` and copy the regulation beside it; return the pack file."""
    folder = out_dir / pack_id
    if (folder / "pack.yaml").exists():
        raise RulePackError(f"{folder / 'pack.yaml'} exists; not overwritten")
    if not regulation.is_file():
        raise RulePackError(f"--regulation {regulation}: no such file")
    folder.mkdir(parents=True, exist_ok=True)
    if regulation.resolve() != (folder / regulation.name).resolve():
        shutil.copyfile(regulation, folder / regulation.name)
    text = skeleton(pack_id, folder / regulation.name, region_code, extends)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder / "pack.yaml"
