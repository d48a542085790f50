"""rules/README.md's walkthrough, followed literally in a temporary folder: the regulation and the rules are the
README's own code blocks; then a proposal from 丽水市 is reviewed with the new pack chosen automatically."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "rules" / "README.md"


def _block(lang: str, starts: str) -> str:
    blocks = re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.lstrip().startswith(starts))


def _yushen(*args, env=None):
    return subprocess.run([sys.executable, "-m", "yushen", *args], capture_output=True, text=True, env=env)


def test_walkthrough_from_regulation_to_an_automatically_chosen_review(tmp_path):
    regulation = tmp_path / "丽水市政务信息化项目管理办法.md"
    regulation.write_text(_block("markdown", "# 丽水市"), encoding="utf-8")
    packs = tmp_path / "yushen-packs"

    # 2. the skeleton
    proc = _yushen("rules", "new", "lishui", "--regulation", str(regulation), "--out", str(packs))
    assert proc.returncode == 0, proc.stderr
    pack = packs / "lishui" / "pack.yaml"
    skeleton = pack.read_text(encoding="utf-8")
    assert (packs / "lishui" / regulation.name).is_file()
    assert 'regions: ["331100"]' in skeleton and "levels: [prefecture]" in skeleton and "name: 丽水市" in skeleton
    assert re.findall(r"id: (lishui\.art\d+\.todo)", skeleton) == ["lishui.art15.todo", "lishui.art16.todo"]
    assert 'quote: "项目建议书应当包括数据共享分析篇章，明确数据目录和共享方式"' in skeleton
    assert 'quote: "项目免费运维期必须不少于2年"' in skeleton

    # 3. verify lists what is left
    proc = _yushen("rules", "verify", "--pack-dir", str(packs))
    assert proc.returncode == 1 and "lishui.art15.todo: no examples" in proc.stdout, proc.stdout + proc.stderr

    # 4. the rules written; a typo is refused with the key named
    written = skeleton[: skeleton.index("rules:")] + "rules:\n" + _block("yaml", "- id: lishui.art15")
    pack.write_text(written.replace("label: data_sharing}", "label: data_shareing}"), encoding="utf-8")
    proc = _yushen("rules", "verify", "--pack-dir", str(packs))
    assert proc.returncode == 2 and "check.label" in proc.stderr and "data_shareing" in proc.stderr
    pack.write_text(written, encoding="utf-8")

    # 5. verify passes; show finds the article in the Markdown text
    proc = _yushen("rules", "verify", "--pack-dir", str(packs))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"lishui\s+2\s+2\s+2/2\s+2/2", proc.stdout)
    proc = _yushen("rules", "show", "lishui.art15.data_sharing_section", "--pack-dir", str(packs))
    assert "条文：第十五条 项目建议书应当包括数据共享分析篇章" in proc.stdout

    # 6. a proposal from 丽水市, without --rules: the pack is chosen from the owner's region
    proposal = tmp_path / "丽水市公共数据平台项目建议书.md"
    proposal.write_text("丽水市公共数据平台建设项目\n项目建议书\n项目建设单位：丽水市数据局\n"
                        "# 第一章 项目概述\n项目名称：丽水市公共数据平台建设项目。项目总投资300万元。\n"
                        "# 第二章 建设内容\n建设数据归集与治理子系统，项目验收后提供12个月免费运维服务。\n",
                        encoding="utf-8")
    for how in (["--pack-dir", str(packs)], []):
        env = {**os.environ, "YUSHEN_PACK_PATH": str(packs)} if not how else None
        proc = _yushen("check", str(proposal), "--format", "json", *how, env=env)
        report = json.loads(proc.stdout)
        assert report["ruleset"] == "lishui", proc.stderr
        assert "丽水市" in report["ruleset_reason"]
        status = {f["rule"]: f["status"] for f in report["findings"]}
        assert status == {"lishui.art15.data_sharing_section": "fail", "lishui.art16.free_maintenance_period": "fail"}

    # --rules PATH: the pack folder given directly, no --pack-dir
    report = json.loads(_yushen("check", str(proposal), "--format", "json", "--rules", str(packs / "lishui")).stdout)
    assert report["ruleset"] == "lishui" and "--rules lishui" in report["ruleset_reason"]
