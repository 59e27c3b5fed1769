"""週案 (forms-spec §4.18): one teacher's plan for one week, 曜日 × 校時.

Why a model of its own: the 週案 is where 授業時数 are counted, so every 校時 cell carries
its 時数 (0.5 steps for split 45-minute periods) and the binding derives the weekly count per
教科等 from the cells instead of trusting a separately typed total. 朝の会 and 帰りの会 are
printed but never counted. Dates are checked here (the week starts on a Monday inside the
年度) so that the printed 期間 and the day columns can only agree with each other.

The reason 管理職 collect 週案 is the 時数 check (forms-spec §4.18(d)4): besides 今週 and 累計
the input may give the 年間計画時数 (the 標準時数 of 施行規則 別表, or the school's plan) and the
計画累計 up to this week from the school's 年間指導計画; the binding prints 過不足 = 累計 − 計画累計.
The 計画累計 is input, not prorated from the year (年間 ÷ 35 × 週): 授業週 are uneven (連休,
行事, 短縮), and a guessed plan would make the 過不足 a guess too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator, Field, Strict, model_validator

from unified_forms.models.common import (
    HomeroomHead,
    InputModel,
    IsoDate,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.schedule import DailyText, TimeText

MAX_PERIODS = 6


def _two_lines(v: str | None) -> str | None:
    """単元 on one line and ねらい on the next at most: the cell has room for that, not a list."""
    if v is not None and v.count("\n") > 1:
        raise ValueError("単元・ねらいは2行まで（改行は1か所まで）にしてください")
    return v


UnitText = Annotated[
    Annotated[str, *text_rules(40, multiline=True)] | None,
    AfterValidator(_two_lines),
    Field(json_schema_extra={"allOf": [{"not": {"pattern": "\n[\\s\\S]*\n"}}]}),  # at most one line break
]


def _half_steps(v: float) -> float:
    """時数 are whole or half periods (45分 split into two); 0.3 is a typing slip, not a plan."""
    if (v * 2) % 1:
        raise ValueError("時数は0.5単位で入力してください")
    return v


Hours = Annotated[float, Field(ge=0, le=2, json_schema_extra={"multipleOf": 0.5}), AfterValidator(_half_steps)]
TotalHours = Annotated[float, Field(ge=0, le=2000, json_schema_extra={"multipleOf": 0.5}), AfterValidator(_half_steps)]


class ShortActivity(InputModel):
    """朝の会 / 帰りの会: what the class does, not counted as 授業時数."""

    subject: Annotated[str, *text_rules(10, required=True)] = Field(title="活動")
    unit: UnitText = Field(default=None, title="内容")


class Lesson(InputModel):
    """One 校時 cell: 教科等, 単元/題材・本時のねらい, and the 時数 it counts for."""

    subject: Annotated[str, *text_rules(10, required=True)] = Field(title="教科等")
    unit: UnitText = Field(default=None, title="単元・ねらい")
    materials: Annotated[str, *text_rules(15)] | None = Field(default=None, title="準備物")
    evaluation: Annotated[str, *text_rules(15)] | None = Field(
        default=None, title="評価", description="評価の観点・場面"
    )
    hours: Hours = Field(default=1.0, title="時数", description="0.5単位。行事などで数えない校時は 0")


class DayPlan(InputModel):
    event: Annotated[str, *text_rules(20)] | None = Field(default=None, title="行事")
    daily_schedule: DailyText | None = Field(default=None, title="日課", description="A日課、水曜日課、短縮 など")
    dismissal: TimeText | None = Field(default=None, title="下校時刻", description="HH:MM（例 15:40）")
    morning: ShortActivity | None = Field(default=None, title="朝の会")
    periods: list[Lesson | None] = Field(default=[], max_length=MAX_PERIODS, title="校時", description="1校時から順に")
    closing: ShortActivity | None = Field(default=None, title="帰りの会")


class WeeklyPlanInput(HomeroomHead):
    """Input of the 週案 (`weekly_plan`)."""

    week_number: Annotated[int, Strict(), Field(ge=1, le=53)] = Field(title="第N週")
    week_start: IsoDate = Field(title="週の初日（月曜日）")
    goal: Annotated[str, *text_rules(30)] | None = Field(default=None, title="週の目標")
    days: list[DayPlan] = Field(min_length=5, max_length=6, title="日ごとの計画", description="月〜金（土曜は任意）")
    reflection: Annotated[str, *text_rules(180, multiline=True)] | None = Field(default=None, title="週の反省")
    next_week: Annotated[str, *text_rules(180, multiline=True)] | None = Field(default=None, title="来週の予定")
    cumulative_before: dict[str, TotalHours] | None = Field(
        default=None, title="前週までの累計時数", description="教科等 → 時数。与えると累計欄を印字"
    )
    annual_plan: dict[str, TotalHours] | None = Field(
        default=None, title="年間計画時数", description="教科等 → 年間の標準（計画）時数"
    )
    plan_to_date: dict[str, TotalHours] | None = Field(
        default=None,
        title="計画累計時数",
        description="教科等 → 今週までの計画時数（年間指導計画から）。累計と合わせて過不足を印字",
    )
    principal_comment: Annotated[str, *text_rules(120, multiline=True)] | None = Field(
        default=None, title="管理職コメント"
    )

    @model_validator(mode="after")
    def _dates(self) -> WeeklyPlanInput:
        """週の初日は月曜日、週のすべての日が年度内。"""
        v = RuleViolations("WeeklyPlanInput")
        if self.week_start.weekday() != 0:
            v.add("week_start", "週の初日は月曜日にしてください")
        last = self.week_start + timedelta(days=len(self.days) - 1)
        if not (self.fiscal_year.contains(self.week_start) and self.fiscal_year.contains(last)):
            v.add("week_start", f"週が{self.fiscal_year.label}に入っていません")
        for name, planned in (self.plan_to_date or {}).items():
            year = (self.annual_plan or {}).get(name)
            if year is not None and planned > year:
                v.add(("plan_to_date", name), f"計画累計（{planned:g}）が年間計画時数（{year:g}）を超えています")
        v.raise_if_any()
        return self

    def dates(self) -> list[date]:
        return [self.week_start + timedelta(days=i) for i in range(len(self.days))]
