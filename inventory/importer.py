"""Read inventory exports (xlsx / csv, Chinese headers that vary by platform) into InventoryRecords.

Exports are laid out by hand as often as by a platform: a title above the header, several sheets, merged cells,
group and subtotal rows, numbering that restarts per department. Every system is read once, and nothing else is
read as a system."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import replace
from pathlib import Path

from ..core.errors import ErrorCode, YushenError
from ..extract.normalize import normalize_text
from .model import TITLE_KEY, InventoryRecord

# Known header wordings per field, most specific first. Matching ignores spaces, parentheses and "*" marks.
# English keys are written without spaces, as the cleaned header is.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("系统编号", "系统代码", "系统编码", "系统标识", "资产编号", "应用编号", "编号", "系统id", "systemid", "id",
           "no.", "no", "序号"),
    "name": ("系统名称", "信息系统名称", "应用系统名称", "应用名称", "平台名称", "系统全称", "应用系统", "信息系统", "系统名",
             "名称", "全称",
             "systemname", "applicationname", "name", "system"),
    "owner": ("所属部门", "主管部门", "建设单位", "责任单位", "使用单位", "运维单位", "管理单位", "主管单位", "所属单位",
              "部门名称", "单位名称", "部门", "单位", "department", "owner", "agency"),
    "description": ("主要功能", "功能描述", "系统简介", "建设内容", "功能简介", "系统功能", "系统描述", "功能概述",
                    "系统用途", "简介", "功能", "描述", "用途", "functiondescription", "description", "functions",
                    "function"),
    "year": ("上线时间", "建设年份", "建成时间", "上线年份", "建设时间", "投运时间", "上线日期", "建成日期", "投运日期",
             "建设年度", "年份", "year", "golive"),
    "data_resources": ("数据资源", "数据资源情况", "主要数据", "数据项"),
    "usage": ("使用频度", "使用频率", "访问频度", "使用情况"),
    "status": ("状态", "运行状态", "使用状态", "系统状态", "运行情况", "是否在用", "是否运行", "status", "state"),
}
# A header holding one of these names an organisation or a person, never the system (单位名称, 部门名称, 联系人).
_NOT_NAME = ("单位", "部门", "机构", "联系", "负责人", "厂商", "承建", "department", "owner", "contact", "vendor")
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
                if exact:
                    hits = [i for i, h in enumerate(cleaned) if i not in taken and h == name]
                elif name.isascii() and len(name) < 4:
                    continue  # id, no: a contained match would be any word with those letters
                else:
                    hits = [i for i, h in enumerate(cleaned) if i not in taken and name in h
                            and not (fld == "name" and any(w in h for w in _NOT_NAME))]
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
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:  # binary bytes, NUL characters: not a text export
        raise YushenError(ErrorCode.CORRUPT_FILE, f"无法按 CSV 读取清单（{exc}）：请导出为 .xlsx 或 UTF-8/GBK 编码的 .csv") from None


def _sheets_from_xlsx(data: bytes) -> list[tuple[str, list[list[object]], set[tuple[int, int]]]]:
    """Every visible sheet's rows (title, rows, the cells filled from a merged cell), merged cells filled with their
    value."""
    import zipfile

    from openpyxl import load_workbook

    try:
        from ..extract.limits import check_zip

        zf = zipfile.ZipFile(io.BytesIO(data))
        check_zip(zf, "xlsx")  # member count, inflated size and ratio, before openpyxl reads a part
        if "xl/workbook.xml" not in zf.namelist():
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT,
                              "不是 xlsx 工作簿（如 .ods 或其他压缩包）：请另存为 .xlsx 或 .csv 后导入")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except YushenError:
        raise
    except Exception as exc:
        raise YushenError(ErrorCode.CORRUPT_FILE, f"无法读取 xlsx：{type(exc).__name__}") from None
    sheets = []
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue  # a hidden sheet holds drop-down lists or an old copy, not the systems the list reports
        if hasattr(ws, "reset_dimensions"):
            # some exporters write <dimension ref="A1"/>: read-only mode would then read column A only
            ws.reset_dimensions()
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        filled = _fill_merged(rows, _merged_ranges(zf, getattr(ws, "_worksheet_path", "")))
        sheets.append((ws.title, rows, filled))
    wb.close()
    return sheets


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _merged_ranges(zf, member: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 1-based, of the sheet's merged cells (read-only mode does
    not give them: they are read from the sheet's XML, where they follow the cell data)."""
    try:
        xml = zf.read(member.lstrip("/"))
    except (KeyError, OSError, ValueError):
        return []
    at = xml.rfind(b"<mergeCells")
    if at < 0:
        return []
    return [(int(r1), _col_number(c1.decode()), int(r2), _col_number(c2.decode()))
            for c1, r1, c2, r2 in re.findall(rb'<mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml[at:])]


def _fill_merged(rows: list[list[object]], ranges: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """A merged cell's value in every cell it covers: a department merged down its systems' rows is their owner,
    a band merged across a row (a group title, a note) is one text in every column. Returns the cells filled
    (row, column; 0-based)."""
    filled: set[tuple[int, int]] = set()
    width = min(max((len(r) for r in rows), default=0), 200)
    for r1, c1, r2, c2 in ranges:
        if r1 > len(rows) or c1 > width:
            continue
        top = rows[r1 - 1]
        value = top[c1 - 1] if c1 - 1 < len(top) else None
        if value is None:
            continue
        for r in range(r1 - 1, min(r2, len(rows))):
            row = rows[r]
            for c in range(c1 - 1, min(c2, width)):
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))
                if row[c] is None:
                    row[c] = value
                    filled.add((r, c))
    return filled


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


# Rows that are not systems: totals (合计 / 小计 …) and notes or signatures under the table (注：, 填表人：).
_TOTALS = re.compile(r"^(?:合计|小计|总计|共计|累计)|[（(]小计|^(?:注|备注|说明|附注|填表|填报|制表|审核|联系人|负责人)"
                     r"[人单位日期说明]{0,2}\s*[：:]")
# A group row's text: a list number and an organisation ("一、某市水务局", "（二）市林草局").
_LIST_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))\s*")
_ORG_END = re.compile(r"(?:局|委|办|厅|院|馆|中心|政府|支队|大队|委员会|公司|集团|站|所|部|处|署|会)$")
_DEPARTMENT_END = re.compile(r"(?:局|委|厅|政府|委员会|支队|大队|办公室|法院|检察院)$")
_SYSTEM_END = re.compile(r"(?:系统|平台|APP|App|app|小程序|数据库|网站|门户|库|网|号|热线)$")
_EXCEL_TEXT = re.compile(r'^="(.*)"$')
_IN_USE_YES = {"是", "y", "yes", "1", "√", "在用", "true"}
_IN_USE_NO = {"否", "n", "no", "0", "×", "x", "false"}


def _text(v: object) -> str:
    if v is None:
        return ""
    if not isinstance(v, str):
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        elif isinstance(v, datetime.datetime) and v.time() == datetime.time(0):
            v = v.date()  # a date cell, not a timestamp
        v = str(v)
    text = " ".join(normalize_text(v).split())
    if text.startswith('="'):
        m = _EXCEL_TEXT.match(text)  # ="0012": how an Excel CSV keeps leading zeros
        if m:
            return m.group(1)
    return text


def _group_owner(cells: list[str], name: str) -> str | None:
    """The organisation a group row names ("一、某市水务局" above its systems), "" for a group row that names none
    ("一、市级系统"), None for a row that is a system. A group row holds one text: in one cell, or merged across."""
    texts = {c for c in cells if c}
    if len(texts) != 1:
        return None
    text = next(iter(texts))
    numbered = bool(_LIST_NUMBER.match(text))
    band = sum(1 for c in cells if c) >= 2
    if name and not numbered and not band and (_SYSTEM_END.search(text) or not _DEPARTMENT_END.search(text)):
        return None  # a system listed by its name alone (…指挥中心, …热线): only a plain department name is a group
    org = _LIST_NUMBER.sub("", text).strip()
    return org if _ORG_END.search(org) and not _SYSTEM_END.search(org) else ""


_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.I)


def _title(rows: list[list[object]], h: int, sheet: str) -> str:
    """The text above the header row (“乌兰察布市政务信息系统清单”) and a sheet name that is not a default one."""
    texts: list[str] = []
    for row in rows[:h]:
        for c in row:
            t = _text(c)
            if t and t not in texts:  # a merged title fills every cell it covers
                texts.append(t)
    if sheet and not _DEFAULT_SHEET.match(sheet.strip()):
        texts.append(sheet.strip())
    return " ".join(texts)[:200]


def _records_of_sheet(rows: list[list[object]], h: int, cols: dict[str, int], where: str,
                      records: dict[str, InventoryRecord], warnings: list[str], title: str = "",
                      seen: dict[tuple[str, str, str], str] | None = None,
                      merged: set[tuple[int, int]] | frozenset = frozenset()) -> None:
    """The systems of one sheet into ``records`` (keyed by id); ``seen``: the rows of the sheets read before this
    one, by content (a 汇总 sheet repeats the department sheets under other numbers); ``merged``: the cells filled
    from a merged cell (a system's name merged down the rows of its modules: one system)."""
    mine: dict[tuple[str, str, str], str] | None = None if seen is None else {}
    header = rows[h]
    # a 功能模块 column beside the description: the module's name goes with its description
    module_col = next((i for i, t in enumerate(header) if i not in cols.values() and "模块" in _clean_header(t)), None)
    last: InventoryRecord | None = None
    status_is_yes_no = "status" in cols and _clean_header(header[cols["status"]]).startswith("是否")
    group_owner = ""
    skipped = 0
    for n, row in enumerate(rows[h + 1:], start=h + 2):
        vals = {fld: _text(row[i]) if i < len(row) else "" for fld, i in cols.items()}
        name = vals.get("name", "")
        if _TOTALS.search(name) or _TOTALS.search(vals.get("id", "")):
            skipped += 1
            group_owner = ""  # a subtotal closes its group
            continue
        if not name or all(v == name for f, v in vals.items() if v and f != "name"):
            # (only such rows can be blank or hold one text: a group row, or a system by its name alone)
            filled = [c for c in row if c is not None and str(c).strip()]
            if not filled:
                continue
            if len({str(c).strip() for c in filled}) == 1:
                group = _group_owner([_text(c) for c in row], name)
                if group is not None:
                    group_owner = group
                    continue
        if not name:
            warnings.append(f"{where}第 {n} 行没有系统名称，已跳过")
            continue
        description = vals.get("description", "")
        module = _text(row[module_col]) if module_col is not None and module_col < len(row) else ""
        if module and module not in description:
            description = f"{module}：{description}" if description else module
        if "name" in cols and (n - 1, cols["name"]) in merged and last is not None and last.name == name:
            # the name merged down from the row above: another module of the same system
            if description and description not in last.description:
                last = replace(last, description="；".join(p for p in (last.description, description) if p))
                records[last.id] = last
            continue
        rid = vals.get("id") or f"row{n}"
        owner = vals.get("owner") or group_owner
        content = (name, owner, description)
        if seen and content in seen:
            warnings.append(f"{where}第 {n} 行与 {seen[content]} 内容相同，已跳过")
            continue
        if rid in records:
            if records[rid].name == name:
                warnings.append(f"{where}第 {n} 行编号 {rid} 重复，保留后一行")
            else:  # numbering restarted (per department or sheet): another system, not a new version of it
                new = f"{rid}-{n}"
                k = 2
                while new in records:
                    new, k = f"{rid}-{n}-{k}", k + 1
                warnings.append(f"{where}第 {n} 行编号 {rid} 重复（已用于另一系统：{records[rid].name}），编号记为 {new}")
                rid = new
        status = vals.get("status", "")
        if status_is_yes_no and status.lower() in _IN_USE_YES | _IN_USE_NO:
            status = "在用" if status.lower() in _IN_USE_YES else "停用"
        extra = tuple((str(header[i]), str(row[i])) for i in range(min(len(row), len(header)))
                      if i not in cols.values() and row[i] not in (None, ""))
        if title:
            extra += ((TITLE_KEY, title),)
        if mine is not None:
            mine.setdefault(content, f"{where}第 {n} 行")
        records[rid] = last = InventoryRecord(id=rid, name=name, owner=owner, description=description,
                                              year=vals.get("year", ""), data_resources=vals.get("data_resources", ""),
                                              usage=vals.get("usage", ""), status=status, extra=extra)
    for content, at in (mine or {}).items():
        seen.setdefault(content, at)  # (mine is None exactly when seen is)
    if skipped:
        warnings.append(f"{where}跳过合计、备注等非系统行 {skipped} 行")


def read_inventory(path: str | Path, explicit: dict[str, str] | None = None) -> tuple[list[InventoryRecord], list[str]]:
    """Records and warnings (skipped rows, duplicate ids). Raises YushenError for unreadable files.
    Every sheet of a workbook that has a header row is read (a list split into 市级 / 县区 sheets, a notes sheet
    before the list)."""
    p = Path(path)
    if not p.exists():
        raise YushenError(ErrorCode.FILE_NOT_FOUND, f"找不到清单文件：{path}")
    data = p.read_bytes()
    if not data.strip():
        raise YushenError(ErrorCode.EMPTY_DOCUMENT, f"清单文件为空：{path}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise YushenError(ErrorCode.UNSUPPORTED_FORMAT,
                          "旧版 Excel（.xls）或 WPS 表格（.et）格式暂不支持：请另存为 .xlsx 或 .csv 后导入")
    sheets = _sheets_from_xlsx(data) if data.startswith(b"PK") else [("", _rows_from_csv(data), set())]
    if sum(len(rows) for _, rows, _ in sheets) > MAX_ROWS:
        raise YushenError(ErrorCode.TOO_LARGE, f"清单超过 {MAX_ROWS} 行")
    warnings: list[str] = []
    records: dict[str, InventoryRecord] = {}
    first_error: YushenError | None = None
    # rows by content, to drop a later sheet's repeats (only a workbook of several sheets needs them)
    seen: dict[tuple[str, str, str], str] | None = {} if len(sheets) > 1 else None
    found = 0
    for title, rows, merged in sheets:
        try:
            h = _header_row(rows, explicit)
        except YushenError as err:
            first_error = first_error or err
            continue
        found += 1
        where = f"工作表“{title}”" if len(sheets) > 1 else ""
        _records_of_sheet(rows, h, map_columns(rows[h], explicit), where, records, warnings, _title(rows, h, title),
                          seen, merged)
    if not found and first_error is not None:
        raise first_error
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
