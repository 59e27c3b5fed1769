"""出欠の記録 totals for one period (P-12), checked by the rules of the attendance aggregate."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    Strict,
    model_validator,
)

from unified_forms.models.base import InputModel
from unified_forms.models.dates import Count
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.text import RemarksText


class AttendanceTotals(InputModel):
    """出欠の記録 for one period (月, 学期 or 学年), P-12.

    Derived numbers are computed, never typed (R-ATT-1, R-ATT-2):
    出席しなければならない日数 = 授業日数 − 出席停止・忌引等の日数; 出席日数 = それ − 欠席日数.
    R-ATT-3 is checked: 出席停止・忌引等 ≤ 授業日数 and 欠席 ≤ 出席しなければならない日数; each
    violation is reported at the field that breaks it. 遅刻/早退 are optional (only 通知表/出席簿
    print them).
    """

    lesson_days: Annotated[int, Strict(), Field(ge=0, le=366)] = Field(title="授業日数")
    suspension_days: Count = Field(default=0, title="出席停止・忌引等の日数")
    absence_days: Count = Field(default=0, title="欠席日数")
    late: Count | None = Field(default=None, title="遅刻")
    early_leave: Count | None = Field(default=None, title="早退")
    remarks: RemarksText = Field(default="", title="備考")

    @model_validator(mode="after")
    def _r_att_3(self) -> AttendanceTotals:
        """出席停止・忌引等の日数 ≤ 授業日数、欠席日数 ≤ 出席しなければならない日数（授業日数 − 出席停止・忌引等）（
        R-ATT-3）。"""
        v = RuleViolations("AttendanceTotals")
        if self.suspension_days > self.lesson_days:
            v.add("suspension_days", "出席停止・忌引等の日数が授業日数を超えています", value=self.suspension_days)
        elif self.absence_days > self.required_days:
            v.add(
                "absence_days",
                f"欠席日数が出席しなければならない日数（{self.required_days}日）を超えています",
                value=self.absence_days,
            )
        v.raise_if_any()
        return self

    @property
    def required_days(self) -> int:
        """出席しなければならない日数 (R-ATT-1)."""
        return self.lesson_days - self.suspension_days

    @property
    def present_days(self) -> int:
        """出席日数 (R-ATT-2)."""
        return self.required_days - self.absence_days
