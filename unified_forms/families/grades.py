"""Arithmetic the 成績一覧表 and the 成績個表 print the same way: 四捨五入 means and marked totals.

Both sheets compute every 合計・平均 from the typed marks; written once so that a 平均 of 3.45
is 「3.5」 on both (Decimal, never float rounding: 72.25 must not become 72.2), and a total over
fewer 教科 than the column says carries the same mark, 「26（8）」, on both — in a spreadsheet
too, where the mark is part of the number format of the formula cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["decimal_format", "fewer_format", "mean_text", "over_fewer", "round_half_up"]


def round_half_up(value: Decimal, decimals: int) -> str:
    """四捨五入 to ``decimals`` places, as printed (e.g. 3.45 → "3.5")."""
    return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def mean_text(values: Sequence[int | float], decimals: int = 1) -> str:
    """Mean to ``decimals`` places, 四捨五入; blank for no values."""
    if not values:
        return ""
    return round_half_up(sum(Decimal(str(v)) for v in values) / Decimal(len(values)), decimals)


def over_fewer(text: str, count: int, of: int) -> str:
    """「26（8）」: a total or average over ``count`` of ``of`` 教科 says over how many."""
    return f"{text}（{count}）" if text and count < of else text


def decimal_format(decimals: int) -> str:
    """The spreadsheet number format of a value printed with ``decimals`` places: 1 → 0.0."""
    return "0" + ("." + "0" * decimals if decimals > 0 else "")


def fewer_format(number_format: str, count: int, of: int) -> str:
    """The spreadsheet format that shows what :func:`over_fewer` prints: 0 → 0"（8）"."""
    return f'{number_format}"（{count}）"' if count < of else number_format
