"""Amounts of money as proposals write them: a figure (thousands separators allowed) and a unit, in 万元."""

from __future__ import annotations

UNIT = r"(亿元|万元|元)"  # one group: the unit
FIGURE = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # one group: the figure as written


def to_wan(number: float, unit: str) -> float:
    """``number`` in ``unit`` (亿元 / 万元 / 元) as 万元, rounded to 4 places."""
    if unit == "亿元":
        return round(number * 10000, 4)
    if unit == "元":
        return round(number / 10000, 4)
    return round(number, 4)
