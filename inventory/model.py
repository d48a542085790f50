from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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
        return not any(w in self.status for w in ("停用", "停运", "下线", "废止", "注销", "退役", "已替代"))

    def content_hash(self) -> str:
        h = hashlib.sha256()
        for v in (self.name, self.owner, self.description, self.year, self.data_resources, self.usage, self.status):
            h.update(v.encode("utf-8") + b"\x1f")
        return h.hexdigest()[:16]
