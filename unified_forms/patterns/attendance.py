"""The binding of P-12 出欠の記録: one row per 出欠 item, one column per period, then 備考.

Every form that prints 出欠 (通知表 per 学期 or 月, 指導要録 and 調査書 per 学年, 成績個表 per
学期) prints the same items in the same order from totals checked by the attendance
aggregate (R-ATT); only the period columns and the remarks caption differ. The forms hand
this function their columns; the numbers are never computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from unified_forms.layout.bound import Row, Value

ATTENDANCE_ITEMS: tuple[tuple[str, str], ...] = (
    ("lesson_days", "授業日数"),
    ("suspension_days", "出席停止・忌引等の日数"),
    ("required_days", "出席しなければならない日数"),
    ("absence_days", "欠席日数"),
    ("present_days", "出席日数"),
)
"""The five items of the 指導要録 参考様式 (別紙1–2), in their printed order."""

LATE_ITEMS: tuple[tuple[str, str], ...] = (("late", "遅刻"), ("early_leave", "早退"))
"""遅刻・早退: printed on the 通知表, not on the 指導要録."""


@dataclass(frozen=True, slots=True)
class AttendanceColumn:
    """One period column: its key in the grid, the checked totals, and where they came from."""

    key: str  # t1, g3, m6, total ...
    totals: Any  # PeriodTotals or any object with the item attributes (None values print blank)
    path: str | None = None  # data path of the totals ("years[2].attendance"); None: derived
    remarks: str | None = None  # the period's 備考 / 主な欠席理由


def attendance_rows(
    columns: Sequence[AttendanceColumn],
    *,
    items: tuple[tuple[str, str], ...] = ATTENDANCE_ITEMS,
    remarks_label: str | None = "備考",
) -> list[Row]:
    """The rows of P-12: ``{"item": label, <column key>: value, ...}`` per item, then remarks."""
    rows: list[Row] = [{"item": label} for _, label in items]
    remarks: Row = {"item": remarks_label or ""}
    for col in columns:
        for row, (name, _label) in zip(rows, items, strict=True):
            value = getattr(col.totals, name)
            if value is not None:
                row[col.key] = Value(str(value), f"{col.path}.{name}") if col.path else str(value)
        if col.remarks is not None:
            remarks[col.key] = Value(col.remarks, f"{col.path}.remarks") if col.path else col.remarks
    return [*rows, remarks] if remarks_label is not None else rows
