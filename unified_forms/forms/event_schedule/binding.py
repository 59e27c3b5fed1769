"""Binding of the 月間行事予定: model → one table row per calendar day, shading flags, 授業日数.

The 年間 sheet (``period: 年間``) is a ``grid``: rows 1〜31日, two columns per month of the
年度 — 曜日 on its own (``w<month>``) and the day's text (``m<month>``) — and a last row with
each month's 授業日数; the footer adds them up to the 年間授業日数 (and per 学期, by the same
calendar). Its shading flags are ``shade_<column>_<day>`` (column 1 = 4月); days a month does
not have are struck with the grid's slash. The annual sheet has no 月の生活目標 (the model
refuses one): a single month's goal under twelve months would be wrong for eleven.

A 国民の祝日 inside a long vacation keeps its name (【海の日】, 【山の日】, 【元日】): the
calendar classes such a day as 長期休業, and the holiday would vanish under the vacation's
name. On the annual sheet the vacation's name is printed once per month, on its first day
there, instead of on every cell.

Why the shading is a flag per day (``shade_1`` … ``shade_31``): the ``table`` kind draws
rows without a notion of day kinds, so the layout places one shaded band per day and the
binding switches on those of days that are not 授業日. Day kinds and holiday names come
from ``SchoolCalendar.month_days`` — nothing here decides what a 休日 is.
"""

from __future__ import annotations

from unified_forms.attendance.calendar import DayInfo, DayKind, national_holidays
from unified_forms.forms.event_schedule.model import SCHOOL_WIDE, DayEvents, EventScheduleInput
from unified_forms.layout.bound import Bound, Slot, Value
from unified_forms.models.schedule import schedule_label
from unified_forms.patterns.dates import wareki

WEEKDAYS = "月火水木金土日"

# day kinds whose name is worth printing in the 行事 column (weekends speak for themselves)
_NAMED = {DayKind.HOLIDAY, DayKind.VACATION, DayKind.NON_SCHOOL, DayKind.SCHOOL_CLOSURE}
_DEFAULT_NAME = {
    DayKind.VACATION: "長期休業",
    DayKind.NON_SCHOOL: "休業日",
    DayKind.SCHOOL_CLOSURE: "臨時休業",
}


def _holiday(info: DayInfo) -> str | None:
    """The 国民の祝日 on this day, whatever else the school calendar says it is."""
    return national_holidays(info.date.year - (1 if info.date.month <= 3 else 0)).get(info.date)


def _day_label(info: DayInfo, has_events: bool, *, vacation_name: bool = True) -> str:
    """「【海の日】」: the calendar's name of a day off; a generic name only when nothing else is written.

    A national holiday inside a vacation is named as the holiday; ``vacation_name`` False leaves
    the other vacation days without their vacation's name (the annual sheet names it once).
    """
    if info.kind not in _NAMED:
        return ""
    if info.kind is DayKind.VACATION:
        holiday = _holiday(info)
        if holiday is not None:
            return f"【{holiday}】"
        if not vacation_name:
            return ""
    if info.label:
        return f"【{info.label}】"
    return "" if has_events else f"【{_DEFAULT_NAME.get(info.kind, info.kind.value)}】"


def _schedule_text(d: DayEvents) -> str:
    return schedule_label(d.daily_schedule, d.dismissal)


def _day_text(info: DayInfo, entry: tuple[int, DayEvents] | None, *, vacation_name: bool) -> str:
    """All the user wrote for the day plus the calendar's name of a day off, for the 年間 cell."""
    d = entry[1] if entry else None
    label = _day_label(info, bool(d and d.events), vacation_name=vacation_name)
    parts = [label, *(d.events if d else [])]
    if d is not None:
        parts.append(_schedule_text(d))
        if d.remarks:
            parts.append(f"（{d.remarks}）")
    return " ".join(p for p in parts if p)


def _bind_annual(m: EventScheduleInput) -> Bound:
    entries = {d.date: (i, d) for i, d in enumerate(m.days)}
    months = [mm for _, mm in m.calendar.months()]
    rows: list[dict[str, Slot]] = [{"day": f"{day}"} for day in range(1, 32)]
    totals: dict[str, Slot] = {"day": "授業\n日数"}  # a designed break: the lead column holds two characters
    flags: set[str] = set()
    slashes: dict[int, list[str]] = {}
    for col, month in enumerate(months, start=1):
        key = f"m{month}"
        month_days = m.calendar.month_days(m.year_of(month), month, SCHOOL_WIDE)
        for day in range(len(month_days) + 1, 32):
            slashes.setdefault(day, []).extend((f"w{month}", key))
        named: set[str] = set()  # vacations already named in this month's column
        for info in month_days:
            day = info.date.day
            if not info.is_lesson_day:
                flags.add(f"shade_{col}_{day}")
            first = info.kind is DayKind.VACATION and info.label not in named and _holiday(info) is None
            if first:
                named.add(info.label)
            entry = entries.get(info.date)
            path = f"days[{entry[0]}].events" if entry else None
            rows[day - 1][f"w{month}"] = WEEKDAYS[info.date.weekday()]
            rows[day - 1][key] = Value(_day_text(info, entry, vacation_name=first), path)
        totals[key] = f"{m.lesson_day_count(month)}日"
    for day, keys in slashes.items():
        rows[day - 1]["_slash"] = " ".join(keys)
    terms = [(name, len(m.calendar.lesson_days(SCHOOL_WIDE, a, b))) for name, a, b in m.calendar.term_periods()]
    year_total = sum(m.lesson_day_count(month) for month in months)
    slots: dict[str, Slot] = {
        "fiscal_year": m.fiscal_year.label,
        "school_name": Value(m.school.name, "school.name"),
        "created": wareki(m.created_on, suffix="現在") if m.created_on else "",
        "year_lesson_days": f"{year_total}日",
        "term_lesson_days": "（" + "・".join(f"{name} {n}日" for name, n in terms) + "）",
        "notes": Value(m.notes or "", "notes"),
    }
    must_print: dict[str, tuple[str, str]] = {"year_days": ("days", "日ごとの行事")}
    if m.notes:
        must_print["notes"] = ("notes", "連絡事項")
    return Bound(
        slots=slots,
        lists={"year_days": [*rows, totals]},
        flags=frozenset(flags),
        sheet_name="年間行事予定",
        must_print=must_print,
    )


def bind(m: EventScheduleInput) -> Bound:
    if m.annual:
        return _bind_annual(m)
    entries = {d.date: (i, d) for i, d in enumerate(m.days)}
    rows: list[dict[str, Slot]] = []
    flags: set[str] = set()
    month = m.month or 4  # the model requires a month for 月間
    month_days = m.calendar.month_days(m.year, month, SCHOOL_WIDE)
    flags.update(f"absent_{day}" for day in range(len(month_days) + 1, 32))
    for info in month_days:
        day = info.date.day
        if not info.is_lesson_day:
            flags.add(f"shade_{day}")
        entry = entries.get(info.date)
        label = _day_label(info, bool(entry and entry[1].events))
        row: dict[str, Slot] = {
            "day": str(day),
            "weekday": WEEKDAYS[info.date.weekday()],
            "events": label,
            "schedule": "",
            "remarks": "",
        }
        if entry is not None:
            i, d = entry
            base = f"days[{i}]"
            row["events"] = Value("　".join([label, *d.events] if label else d.events), f"{base}.events")
            row["schedule"] = Value(_schedule_text(d), f"{base}.daily_schedule")
            row["remarks"] = Value(d.remarks or "", f"{base}.remarks")
        rows.append(row)
    if m.show_schedule:
        flags.add("schedule")
    slots: dict[str, Slot] = {
        "fiscal_year": m.fiscal_year.label,
        "school_name": Value(m.school.name, "school.name"),
        "created": wareki(m.created_on, prefix="作成日　") if m.created_on else "",
        "month_label": f"{month}月",
        "lesson_days": f"{m.lesson_day_count()}日",
        "life_goal": Value(m.life_goal or "", "life_goal"),
        "notes": Value(m.notes or "", "notes"),
    }
    must_print: dict[str, tuple[str, str]] = {"days": ("days", "日ごとの行事")}
    if m.life_goal:
        must_print["life_goal"] = ("life_goal", "月の生活目標")
    if m.notes:
        must_print["notes"] = ("notes", "連絡事項")
    return Bound(
        slots=slots,
        lists={"days": rows},
        flags=frozenset(flags),
        sheet_name=f"{month}月行事予定",
        must_print=must_print,
    )
