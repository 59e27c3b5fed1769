"""Binding of the 週案: model → the 校時 grid (P-18), the 授業時数 table and the header.

The day columns come from the data (月〜金 or 月〜土), so one pattern serves both weeks. The
grid's rows are three lists: 行事・日課・下校・朝の会 (short rows), 1〜6校時 (tall rows: 教科等,
単元・ねらい and, when given, 準備物 「準」 and 評価 「評」) and 帰りの会. The weekly 時数 per 教科等
is computed here from the 1〜6校時 cells (never typed twice), in the usual 教科 order and then in
order of first appearance; 累計 is printed only when the school gives the hours up to last week,
because a 累計 of this week alone would be a wrong number. 過不足 = 累計 − 計画累計, printed with
its sign (+2, −1.5, ±0) where both are known; the 計 row adds each column over what is given,
and prints a 過不足 only when every 教科等 with a 累計 has a 計画累計 — then it is both Σ 過不足 and
計の累計 − 計の計画累計, so the table re-adds either way.
"""

from __future__ import annotations

from datetime import date

from unified_forms.forms.weekly_plan.model import MAX_PERIODS, Lesson, ShortActivity, WeeklyPlanInput
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.schedule import schedule_label
from unified_forms.models.wareki import format_date
from unified_forms.patterns.header import header_slots

WEEKDAYS = "月火水木金土日"
SUBJECT_ORDER = (
    "国語", "社会", "算数", "数学", "理科", "生活", "音楽", "図画工作", "図工", "美術", "家庭",
    "技術・家庭", "体育", "保健体育", "外国語", "英語", "道徳", "外国語活動", "総合",
    "総合的な学習の時間", "学級活動", "特別活動", "学校行事",
)  # fmt: skip


def _hours(h: float) -> str:
    return f"{h:g}"


def _cell(subject: str, unit: str | None) -> str:
    return f"{subject}\n{unit}" if unit else subject


def _short(act: ShortActivity | None, path: str) -> Slot:
    return Value(_cell(act.subject, act.unit), path) if act is not None else ""


def _lesson(lesson: Lesson) -> str:
    """教科等, 単元・ねらい, then 「準」準備物 and 「評」評価 when given (the legend under the grid says so)."""
    lines = [_cell(lesson.subject, lesson.unit)]
    if lesson.materials:
        lines.append(f"準：{lesson.materials}")
    if lesson.evaluation:
        lines.append(f"評：{lesson.evaluation}")
    return "\n".join(lines)


def _grid_rows(m: WeeklyPlanInput) -> tuple[list[Row], list[Row], list[Row]]:
    """(行事・日課・朝の会, 1〜6校時, 帰りの会) rows of the P-18 grid."""
    events: Row = {"period": "行事"}
    schedule: Row = {"period": "日課・下校"}
    morning: Row = {"period": "朝の会"}
    periods: list[Row] = [{"period": f"{p + 1}校時"} for p in range(MAX_PERIODS)]
    closing: Row = {"period": "帰りの会"}
    for d, day in enumerate(m.days):
        key = f"d{d}"
        base = f"days[{d}]"
        events[key] = Value(day.event, f"{base}.event") if day.event else ""
        schedule[key] = Value(schedule_label(day.daily_schedule, day.dismissal), f"{base}.daily_schedule")
        morning[key] = _short(day.morning, f"{base}.morning")
        closing[key] = _short(day.closing, f"{base}.closing")
        for p, lesson in enumerate(day.periods):
            if lesson is not None:
                periods[p][key] = Value(_lesson(lesson), f"{base}.periods[{p}]")
    return [events, schedule, morning], periods, [closing]


def weekly_hours(m: WeeklyPlanInput) -> dict[str, float]:
    """教科等 → 時数 of this week from the 校時 cells (朝の会・帰りの会 never count)."""
    found: dict[str, float] = {}
    for day in m.days:
        for lesson in day.periods:
            if lesson is not None:
                found[lesson.subject] = found.get(lesson.subject, 0.0) + lesson.hours
    return found


def _ordered(names: list[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(SUBJECT_ORDER)}
    first = {name: i for i, name in enumerate(names)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), first[n]))


def _difference(h: float) -> str:
    """過不足 with its sign: +2, −1.5, ±0."""
    return "±0" if h == 0 else f"+{h:g}" if h > 0 else f"−{-h:g}"


def _hours_rows(m: WeeklyPlanInput) -> list[Row]:
    week = weekly_hours(m)
    before = m.cumulative_before
    annual, to_date = m.annual_plan, m.plan_to_date
    names = list(dict.fromkeys([*week, *(before or {}), *(annual or {}), *(to_date or {})]))
    rows: list[Row] = []
    sums: dict[str, float] = {}
    for name in _ordered(names):
        row: Row = {"subject": name, "week": _hours(week[name]) if name in week else ""}
        done = None if before is None else before.get(name, 0.0) + week.get(name, 0.0)
        planned = None if to_date is None else to_date.get(name)
        values = {
            "total": done,
            "annual": None if annual is None else annual.get(name),
            "planned": planned,
            "difference": None if done is None or planned is None else done - planned,
        }
        for key, value in values.items():
            if value is not None:
                row[key] = _difference(value) if key == "difference" else _hours(value)
                sums[key] = sums.get(key, 0.0) + value
        rows.append(row)
    total: Row = {"subject": "計", "week": _hours(sum(week.values()))}
    every_planned = all("planned" in row for row in rows if "total" in row)
    for key, value in sums.items():
        if key != "difference":
            total[key] = _hours(value)
        elif every_planned:
            total[key] = _difference(value)
    rows.append(total)
    return rows


def _day(d: date) -> str:
    return f"{d.month}月{d.day}日（{WEEKDAYS[d.weekday()]}）"


def bind(m: WeeklyPlanInput) -> Bound:
    dates = m.dates()
    days: list[Row] = [{"key": f"d{i}", "label": _day(d)} for i, d in enumerate(dates)]
    first, last = dates[0], dates[-1]
    period = f"{format_date(first)}（{WEEKDAYS[first.weekday()]}）〜{_day(last)}"
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher),
        "week_label": f"第{m.week_number}週",
        "period": period,
        "goal": Value(m.goal or "", "goal"),
        "reflection": Value(m.reflection or "", "reflection"),
        "next_week": Value(m.next_week or "", "next_week"),
        "principal_comment": Value(m.principal_comment or "", "principal_comment"),
        "grid_legend": "各校時：教科等／単元・本時のねらい　準＝準備物　評＝評価",
        "hours_legend": "過不足＝累計−計画累計" if m.cumulative_before is not None and m.plan_to_date else "",
    }
    head, periods, tail = _grid_rows(m)
    lists: dict[str, list[Row]] = {
        "days": days,
        "head_rows": head,
        "period_rows": periods,
        "tail_rows": tail,
        "hours_rows": _hours_rows(m),
    }
    flags = {"saturday"} if len(m.days) > 5 else set()
    if m.cumulative_before is not None:
        flags.add("cumulative")
    return Bound(
        slots=slots,
        lists=lists,
        flags=frozenset(flags),
        sheet_name=f"第{m.week_number}週",
        must_print=_must_print(m),
    )


def _must_print(m: WeeklyPlanInput) -> dict[str, tuple[str, str]]:
    """Every text given must have a box in the layout used (shipped or a school's own)."""
    fields = WeeklyPlanInput.model_fields
    out: dict[str, tuple[str, str]] = {"period_rows": ("days", fields["days"].title or "days")}
    for name in ("goal", "reflection", "next_week", "principal_comment"):
        if getattr(m, name):
            out[name] = (name, fields[name].title or name)
    for name in ("cumulative_before", "annual_plan", "plan_to_date"):
        if getattr(m, name) is not None:
            out["hours_rows"] = (name, fields[name].title or name)
    return out
