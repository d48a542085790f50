from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# Status words of a system no longer running, or merged into another (已整合 / 已合并: its job is done elsewhere);
# 整合中 and 迁移上云 are still running.
_RETIRED = ("停用", "停运", "下线", "废止", "注销", "退役", "已替代", "已整合", "已合并", "并入", "关停", "废弃", "撤销",
            "不再使用", "未使用", "暂停使用", "停止运行", "停止使用", "retired", "decommission", "offline", "inactive")

# An extra field every record of an export gets: the title rows above its header (乌兰察布市政务信息系统清单), where
# the place of a list whose rows name none is said.
TITLE_KEY = "清单标题"


@dataclass(frozen=True)
class InventoryRecord:
    id: str
    name: str
    owner: str = ""
    description: str = ""
    year: str = ""
    data_resources: str = ""
    usage: str = ""
    status: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def in_use(self) -> bool:
        status = self.status.lower()
        return not any(w in status for w in _RETIRED)

    def content_hash(self) -> str:
        h = hashlib.sha256()
        for v in (self.name, self.owner, self.description, self.year, self.data_resources, self.usage, self.status):
            h.update(v.encode("utf-8") + b"\x1f")
        return h.hexdigest()[:16]
