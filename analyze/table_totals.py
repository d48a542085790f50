"""The grand total of a cost table, for proposals that state their investment only in the 投资估算表.

Many authors write no sentence such as "项目总投资 210.5 万元": the figure stands in the 合计 row of a table whose
header (or the 单位 line above it) gives the unit. Read from the table's shape, not from its wording: a row
named 合计/总计 in its leading cells, an amount column that carries a unit, and a cost word somewhere in the
header or caption so that a 数据资源目录 with a 合计 row of record counts is not read as money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.types import Block
from .money import FIGURE, UNIT, to_wan

_UNIT = re.compile(UNIT)
_CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*" + UNIT)
_COST_WORD = re.compile(r"投资|费用|金额|估算|概算|预算|资金|经费|价格|总价|造价")
# The whole cell (spaces a layout puts between the characters removed) names the grand total; 小计 does not.
# (a 总概算表 closes on 总概算, an estimate table on 总估算)
_TOTAL_ROW = re.compile(r"^(?:合计|总计|总合计|投资合计|费用合计|总投资|项目总投资|投资总计|总费用|金额合计|总概算|总估算|"
                        r"概算合计|估算合计)$")
_NUMBER = re.compile(r"^[¥￥]?\s*" + FIGURE + "$")
# Of several amount columns, the one whose header says it is the total (合计 / 总额 …) is the total.
_TOTAL_COLUMN = re.compile(r"合计|总计|总额|总投资|小计|金额|投资|估算|概算|预算|费用")


@dataclass(frozen=True)
class TableTotal:
    value_wan: float
    block_index: int
    row_text: str


def _squeeze(cell: str) -> str:
    """The cell's words: blanks between the characters and a bracketed unit ("合计（万元）") left out."""
    return re.sub(r"[（(][^）)]*[）)]$", "", re.sub(r"\s+", "", cell))


def _amount_column(header: list[str], caption_unit: str | None) -> tuple[int, str] | None:
    """(column, unit) of the money column: a header cell carrying a unit, else the caption's unit applied to the
    one header cell that names an amount. None when the table does not say which column is money."""
    with_unit = [(i, m.group(1)) for i, cell in enumerate(header) if (m := _UNIT.search(cell))]
    if len(with_unit) > 1:
        named = [(i, u) for i, u in with_unit if _TOTAL_COLUMN.search(header[i])]
        with_unit = named[-1:] if named else []
    if with_unit:
        return with_unit[0]
    if caption_unit:
        named = [i for i, cell in enumerate(header) if _TOTAL_COLUMN.search(cell)]
        if named:
            return named[-1], caption_unit
    return None


def table_total(blocks: list[Block]) -> TableTotal | None:
    """The largest grand total among the cost tables: a proposal's summary table and its detail tables each
    close with a 合计, and the project's total is the one that contains the others."""
    found: TableTotal | None = None
    for index, block in enumerate(blocks):
        rows = block.rows
        if block.kind != "table" or not rows or len(rows) < 3:
            continue
        caption = " ".join(b.text for b in blocks[max(0, index - 2): index] if b.kind != "table")
        header_rows = [list(r) for r in rows[:2]]
        caption_unit = (m.group(1) if (m := _CAPTION_UNIT.search(caption)) else None)
        header_text = " ".join(" ".join(r) for r in header_rows)
        if not _COST_WORD.search(header_text + " " + caption):
            continue
        column = None
        for header in header_rows:  # a two-level header names the unit in its second row
            column = column or _amount_column(header, caption_unit)
        if column is None:
            continue
        col, unit = column
        for row in rows[1:]:
            lead = [_squeeze(c) for c in row[: min(3, col)]]
            if not any(_TOTAL_ROW.match(c) for c in lead) or col >= len(row):
                continue
            m = _NUMBER.match(row[col].strip())
            if m:
                value = float(m.group(1).replace(",", ""))
                total = to_wan(value, unit)
                if value > 0 and (found is None or total > found.value_wan):
                    found = TableTotal(total, index, " ".join(c for c in row if c.strip()) + f"（{unit}）")
    return found
