"""Read inventory exports (xlsx / csv, Chinese headers that vary by platform) into InventoryRecords."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..core.errors import ErrorCode, YushenError
from ..extract.normalize import normalize_text
from .model import InventoryRecord

# Known header wordings per field, most specific first. Matching ignores spaces, parentheses and "*" marks.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("系统编号", "系统代码", "系统标识", "资产编号", "编号", "系统id", "id", "序号"),
    "name": ("系统名称", "信息系统名称", "应用系统名称", "应用名称", "平台名称", "名称"),
    "owner": ("所属部门", "主管部门", "建设单位", "责任单位", "使用单位", "运维单位", "所属单位", "部门", "单位"),
    "description": ("主要功能", "功能描述", "系统简介", "建设内容", "功能简介", "系统功能", "系统描述", "简介", "功能",
                    "描述"),
    "year": ("上线时间", "建设年份", "建成时间", "上线年份", "建设时间", "投运时间", "年份"),
    "data_resources": ("数据资源", "数据资源情况", "主要数据", "数据项"),
    "usage": ("使用频度", "使用频率", "访问频度", "使用情况"),
    "status": ("状态", "运行状态", "使用状态", "系统状态"),
}
FIELDS = tuple(HEADERS)
MAX_ROWS = 2_000_000


def _clean_header(h: object) -> str:
    s = normalize_text(str(h or "")).lower()
    return re.sub(r"[\s*（）()：:]+", "", s)


def map_columns(header: list[object], explicit: dict[str, str] | None = None) -> dict[str, int]:
    """field → column index. Explicit mappings (field=header text) win; then exact, then contained matches."""
    cleaned = [_clean_header(h) for h in header]
    mapping: dict[str, int] = {}
    for fld, wanted in (explicit or {}).items():
        if fld not in HEADERS:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT,
                              f"--columns: 未知字段 {fld!r}，可用：{', '.join(FIELDS)}")
        key = _clean_header(wanted)
        if key not in cleaned:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, f"--columns: 表头中没有 {wanted!r}（表头：{header}）")
        mapping[fld] = cleaned.index(key)
    taken = set(mapping.values())
    for exact in (True, False):
        for fld, names in HEADERS.items():
            if fld in mapping:
                continue
            for name in names:
                hits = [i for i, h in enumerate(cleaned) if i not in taken and (h == name if exact else name in h)]
                if hits:
                    mapping[fld] = hits[0]
                    taken.add(hits[0])
                    break
    return mapping


def _rows_from_csv(data: bytes) -> list[list[str]]:
    from ..extract.text import decode_text

    text, _ = decode_text(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(data: bytes) -> list[list[object]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        from ..extract.limits import check_zip

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf, "xlsx")  # member count, inflated size and ratio, before openpyxl reads a part
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except YushenError:
        raise
    except Exception as exc:
        raise YushenError(ErrorCode.CORRUPT_FILE, f"无法读取 xlsx：{type(exc).__name__}") from None
    # The sheet with the most rows is the inventory (exports often add a cover or notes sheet).
    best: list[list[object]] = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if len(rows) > len(best):
            best = rows
    wb.close()
    return best


def _header_row(rows: list[list[object]], explicit: dict[str, str] | None) -> int:
    """The first row among the first 20 that names at least a name column and one other known field."""
    mapping_error: YushenError | None = None
    for i, row in enumerate(rows[:20]):
        try:
            m = map_columns(row, explicit)
        except YushenError as err:
            if mapping_error is None and len(map_columns(row)) >= 2:
                mapping_error = err  # the header row, but the explicit mapping names a column it lacks
            continue
        if "name" in m and len(m) >= 2:
            return i
    if mapping_error is not None:
        raise mapping_error
    raise YushenError(ErrorCode.UNSUPPORTED_FORMAT,
                      "未找到表头：需要至少包含“系统名称/名称”和另一已知列（可用 --columns name=…,id=… 指定）")


def read_inventory(path: str | Path, explicit: dict[str, str] | None = None) -> tuple[list[InventoryRecord], list[str]]:
    """Records and warnings (skipped rows, duplicate ids). Raises YushenError for unreadable files."""
    p = Path(path)
    if not p.exists():
        raise YushenError(ErrorCode.FILE_NOT_FOUND, f"找不到清单文件：{path}")
    data = p.read_bytes()
    if not data.strip():
        raise YushenError(ErrorCode.EMPTY_DOCUMENT, f"清单文件为空：{path}")
    rows = _rows_from_xlsx(data) if data.startswith(b"PK") else _rows_from_csv(data)
    if len(rows) > MAX_ROWS:
        raise YushenError(ErrorCode.TOO_LARGE, f"清单超过 {MAX_ROWS} 行")
    h = _header_row(rows, explicit)
    cols = map_columns(rows[h], explicit)
    warnings: list[str] = []
    records: dict[str, InventoryRecord] = {}
    for n, row in enumerate(rows[h + 1:], start=h + 2):
        def cell(fld: str, row=row) -> str:
            i = cols.get(fld)
            if i is None or i >= len(row) or row[i] is None:
                return ""
            v = row[i]
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return " ".join(normalize_text(str(v)).split())

        name = cell("name")
        if not name:
            if any(str(c or "").strip() for c in row):
                warnings.append(f"第 {n} 行没有系统名称，已跳过")
            continue
        rid = cell("id") or f"row{n}"
        if rid in records:
            warnings.append(f"第 {n} 行编号 {rid} 重复，保留后一行")
        extra = tuple((str(rows[h][i]), str(row[i])) for i in range(min(len(row), len(rows[h])))
                      if i not in cols.values() and row[i] not in (None, ""))
        records[rid] = InventoryRecord(id=rid, name=name, owner=cell("owner"), description=cell("description"),
                                       year=cell("year"), data_resources=cell("data_resources"),
                                       usage=cell("usage"), status=cell("status"), extra=extra)
    if not records:
        raise YushenError(ErrorCode.EMPTY_DOCUMENT, "清单中没有系统记录")
    return list(records.values()), warnings


def parse_columns_option(option: str | None) -> dict[str, str] | None:
    """"id=系统代码,name=应用名称" → {"id": "系统代码", "name": "应用名称"}."""
    if not option:
        return None
    out = {}
    for part in option.split(","):
        if "=" not in part:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT, f"--columns 格式应为 字段=表头，收到 {part!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out
