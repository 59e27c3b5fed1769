"""Input of the 月間行事予定 (`event_schedule`, forms-spec §4.19): one school, one month.

Why the school calendar is part of the input: which days are 授業日, 週休日, 祝日 or
長期休業 — and therefore which rows are shaded and how many 授業日数 the month has — is
decided in one place for the whole project (``unified_forms.attendance.calendar``). The
出席簿 counts its denominator with the same calendar, so the planned 授業日数 printed
here and the 出席簿's never disagree because of a second counting rule.

Only the events are typed per day; 曜日, shading and holiday names are derived. The same
input with ``period: 年間`` prints the 年間行事予定 (A3 landscape, 4月…3月 × 1〜31日) from
the days of the whole 年度, with each month's 授業日数 under its column.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, Strict, WrapValidator, model_validator

from unified_forms.attendance import SchoolCalendar
from unified_forms.models.common import FiscalYear, InputModel, IsoDate, School, text_rules
from unified_forms.models.errors_map import RuleViolations, keep_inner_paths
from unified_forms.models.schedule import DailyText, TimeText

SCHOOL_WIDE = "__school__"
"""Class id used to ask the calendar: matches no ``class_days_off``, so only school-wide days count."""

EventText = Annotated[str, *text_rules(40, required=True)]


class DayEvents(InputModel):
    """What happens on one day: 行事 (several allowed), 日課, 下校時刻, 備考."""

    date: IsoDate = Field(title="日付")
    events: list[EventText] = Field(default_factory=list, max_length=6, title="行事")
    daily_schedule: DailyText | None = Field(default=None, title="日課", description="A日課、短縮、水曜日課 など")
    dismissal: TimeText | None = Field(default=None, title="下校時刻", description="HH:MM（例 14:50）")
    remarks: Annotated[str, *text_rules(40)] | None = Field(default=None, title="備考")


class EventScheduleInput(InputModel):
    """月間行事予定: the month's days with their events, shaded and counted by the school calendar."""

    fiscal_year: FiscalYear = Field(title="年度")
    period: Literal["月間", "年間"] = Field(default="月間", title="種類", description="月間: A4 縦、年間: A3 横")
    month: Annotated[int, Strict(), Field(ge=1, le=12)] | None = Field(
        default=None, title="月", description="月間のとき必須"
    )
    school: School = Field(title="学校")
    calendar: Annotated[SchoolCalendar, WrapValidator(keep_inner_paths)] = Field(
        title="学校暦", description="授業日・休業日・祝日の判定と月の授業日数の計算に使う"
    )
    days: list[DayEvents] = Field(default_factory=list, max_length=366, title="日ごとの行事")
    life_goal: Annotated[str, *text_rules(40)] | None = Field(default=None, title="月の生活目標")
    notes: Annotated[str, *text_rules(200, multiline=True)] | None = Field(default=None, title="連絡事項")
    created_on: IsoDate | None = Field(default=None, title="作成日")

    @property
    def annual(self) -> bool:
        return self.period == "年間"

    @property
    def layout_variant(self) -> str | None:
        return "annual" if self.annual else None

    @property
    def year(self) -> int:
        """Calendar year of the month (1–3月 belong to the next year of the 年度)."""
        return self.year_of(self.month or 4)

    def year_of(self, month: int) -> int:
        return int(self.fiscal_year) + (1 if month <= 3 else 0)

    @property
    def show_schedule(self) -> bool:
        """The 日課・下校 column is printed only when some day gives one."""
        return any(d.daily_schedule or d.dismissal for d in self.days)

    def lesson_day_count(self, month: int | None = None) -> int:
        """授業日数 of the month, counted by the school calendar (the only code that counts them)."""
        month = month or self.month or 4
        first, last = self.calendar.month_period(self.year_of(month), month)
        return len(self.calendar.lesson_days(SCHOOL_WIDE, first, last))

    @model_validator(mode="after")
    def _consistent(self) -> EventScheduleInput:
        """学校暦の年度は行事予定の年度と同じ、月間なら month が必要で日付はその月、
        年間なら month は指定せず日付は年度内、同じ日付は一度だけ。"""
        v = RuleViolations("EventScheduleInput")
        if self.calendar.fiscal_year != int(self.fiscal_year):
            v.add(("calendar", "fiscal_year"), f"学校暦の年度（{self.calendar.fiscal_year}）が行事予定の年度と違います")
        if self.annual and self.month is not None:
            v.add("month", "年間行事予定では月を指定しません（月間にするときは period を「月間」に）")
        if self.annual and self.life_goal is not None:
            v.add("life_goal", "年間行事予定には月の生活目標を印字しません（月間行事予定に入力してください）")
        if not self.annual and self.month is None:
            v.add("month", "月間行事予定では月を入力してください")
        seen: dict[date, int] = {}
        for i, d in enumerate(self.days):
            if self.annual:
                if not self.fiscal_year.contains(d.date):
                    v.add(("days", i, "date"), f"{self.fiscal_year.label}の日付ではありません")
            elif self.month is not None and (d.date.year, d.date.month) != (self.year, self.month):
                v.add(("days", i, "date"), f"{self.year}年{self.month}月の日付ではありません")
            if d.date in seen:
                v.add(("days", i, "date"), f"同じ日付が二度あります（{seen[d.date] + 1}件目と同じ）")
            seen.setdefault(d.date, i)
        v.raise_if_any()
        return self
