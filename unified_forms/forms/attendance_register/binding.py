"""Binding of the 出席簿: the checked attendance book → marks, totals, 月計 and per-day counts.

Every number on the sheet comes from the attendance package (``summarize_month``,
``summarize_to_date``, ``AttendanceBook.daily_counts``) and every mark from the legend
(``mark_for``); this module only formats them, so the 出席簿 cannot disagree with the
通知表 or 指導要録 that call the same aggregate. Alerts (連続欠席, 月の締め) go to the render
report with the pupil's data path, never onto the sheet and never blocking the print.

年間累計 has three sources, chosen per pupil: the pupil's ``prior`` (前月までの累計) plus this
month (``add_totals``); the records from 4/1 (``summarize_to_date``) when they reach back
before the month, or the month is April, or the pupil arrived this month; otherwise
nothing. A monthly upload without ``prior`` would otherwise count the missing earlier
months as present, so those cells stay blank and a ``cumulative_not_printed`` alert in
the render report names the pupils.

Days outside a pupil's enrolment (before 転入学, after 転学・退学) are never blank, because
blank means 出席: the row lists them in ``_strike`` and the grid strikes the run through with
one 斜線, or, when the school's legend has a mark for them, each 授業日 prints that mark.
出席停止 and 忌引 are separate columns (both in 当月 and 年間累計), the 性別 is printed per row,
and the 月計 (延べ出席すべき日数・延べ欠席日数・延べ出席日数 and 出席率, 男・女・計) sums the
pupils' 当月 totals with the aggregate's ``add_totals`` and ``attendance_rate``.

For spreadsheets, the totals that are arithmetic of numbers printed on the sheet are formulas
over those cells, with the printed value cached: a pupil's 出席しなければならない日数 (授業日数 −
出席停止 − 忌引) and 出席日数 (the same − 欠席), and the 月計's 延べ日数 (Σ of the pupils' cells) and
出席率 (延べ出席 ÷ 延べ出席すべき × 100, 四捨五入) — a clerk who corrects a 欠席日数 sees them follow.
The counts themselves (授業日数, 出席停止, 忌引, 欠席, 遅刻, 早退, the per-day 在籍・出席・欠席 rows)
stay numbers: they count day marks whose meaning is the legend's (blank is 出席 only on a 授業日,
one mark can stand for 出席停止 and 学級閉鎖, 遅刻 and 早退 share a cell), which no cell formula can
read back. 年間累計 adds months that are not on the sheet, and 月末在籍 depends on enrolment dates:
both stay numbers too. A formula is written only where the printed numbers obey it.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date
from typing import Any

from unified_forms.attendance import (
    AttendanceSummary,
    DayKind,
    attendance_rate,
    check_totals,
    legend_items,
    mark_for,
    month_alerts,
    national_holidays,
    strikes_outside_enrolment,
    summarize_month,
    summarize_to_date,
)
from unified_forms.attendance.records import AttendanceBook
from unified_forms.attendance.summarize import UNCLASSIFIED, PeriodTotals, add_totals
from unified_forms.forms.attendance_register.model import AttendanceRegisterInput, RegisterPupil, TotalsInput
from unified_forms.layout.bound import Bound, Row, Slot, Value, formula_value
from unified_forms.layout.kinds.calendar import STRIKE_KEY
from unified_forms.models.common import Sex
from unified_forms.patterns.header import header_slots

WEEKDAYS = "月火水木金土日"
MAX_DAYS = 31
TOTAL_KEYS = (
    "lesson_days",
    "stop_days",
    "mourning_days",
    "required_days",
    "absence_days",
    "present_days",
    "late",
    "early_leave",
)
# 年間累計 of every item (出席しなければならない日数 follows from the first three)
CUMULATIVE_KEYS = ("lesson_days", "stop_days", "mourning_days", "absence_days", "present_days", "late", "early_leave")
SEXES = ((Sex.MALE, "男"), (Sex.FEMALE, "女"))
FOOTER_GROUPS = (("在籍", "enrolled"), ("出席", "present"), ("欠席", "absent"))


def day_key(day: int) -> str:
    return f"d{day}"


def _month_dates(m: AttendanceRegisterInput) -> list[date]:
    length = _stdcal.monthrange(m.year, m.month)[1]
    return [date(m.year, m.month, d) for d in range(1, length + 1)]


def _day_items(m: AttendanceRegisterInput) -> tuple[list[dict[str, Slot]], list[str]]:
    """The 31 day columns (missing days struck) and the 記事 lines for closures and 祝日."""
    dates = _month_dates(m)
    cid = m.attendance_class_id
    notes: list[str] = []
    items: list[dict[str, Slot]] = []
    holidays = national_holidays(int(m.fiscal_year)) if m.calendar is None else {}
    for day in range(1, MAX_DAYS + 1):
        if day > len(dates):
            items.append({"key": day_key(day), "label": "", "weekday": "", "missing": "1"})
            continue
        d = dates[day - 1]
        if m.calendar is not None:
            info = m.calendar.day_info(d, cid)
            shade = not info.is_lesson_day
            if info.kind is DayKind.HOLIDAY:
                notes.append(f"{d.month}月{d.day}日 {info.label or info.kind.value}")
            elif info.kind in (DayKind.SCHOOL_CLOSURE, DayKind.NON_SCHOOL, DayKind.CLASS_DAY_OFF):
                notes.append(f"{d.month}月{d.day}日 {info.kind.value}" + (f"（{info.label}）" if info.label else ""))
        else:  # totals only, no calendar: weekends and 祝日 are all we know
            shade = d.weekday() >= 5 or d in holidays
        items.append(
            {
                "key": day_key(day),
                "label": str(day),
                "weekday": WEEKDAYS[d.weekday()],
                "shade": "1" if shade else "",
                "week_start": "1" if d.weekday() == 0 and day > 1 else "",
            }
        )
    if m.calendar is not None:
        closures = [c for c in m.calendar.class_closures if cid in c.class_ids]
        first, last = dates[0], dates[-1]
        for c in closures:
            if c.end < first or c.start > last:
                continue
            span = f"{c.start.month}月{c.start.day}日"
            if c.end != c.start:
                span += f"〜{c.end.month}月{c.end.day}日"
            notes.insert(0, f"{c.scope} {span}（{c.reason}）")
    return items, notes


def _enrolment_note(p: RegisterPupil, first: date, last: date) -> list[str]:
    out: list[str] = []
    if p.enrolled_from is not None and first <= p.enrolled_from <= last:
        out.append(f"{p.enrolled_from.month}月{p.enrolled_from.day}日転入")
    if p.enrolled_to is not None and first <= p.enrolled_to <= last:
        out.append(f"{p.enrolled_to.month}月{p.enrolled_to.day}日まで在籍（転出）")
    return out


def _numbers(values: dict[str, int | None], base: str, keys: tuple[str, ...], prefix: str = "") -> dict[str, Slot]:
    out: dict[str, Slot] = {}
    for k in keys:
        v = values.get(k)
        out[prefix + k] = Value("" if v is None else str(v), f"{base}.{k}")
    return out


def _summary_numbers(s: AttendanceSummary | PeriodTotals) -> dict[str, int | None]:
    return {k: getattr(s, k) for k in TOTAL_KEYS}


# 当月 totals that are the first key minus the others, all printed on the pupil's row
DERIVED_DAYS = {
    "required_days": ("lesson_days", "stop_days", "mourning_days"),
    "present_days": ("lesson_days", "stop_days", "mourning_days", "absence_days"),
}


def _month_numbers(values: dict[str, int | None], base: str) -> dict[str, Slot]:
    """A pupil's 当月 numbers; the derived days a spreadsheet computes from the row's counts.

    出席日数 is computed from 授業日数 (not from 出席しなければならない日数, which the A4 sheet
    leaves out), and only when the printed numbers obey the difference.
    """
    out = _numbers(values, base, TOTAL_KEYS)
    for key, (first, *rest) in DERIVED_DAYS.items():
        value, parts = values.get(key), [values.get(k) for k in (first, *rest)]
        numbers = [v for v in parts if v is not None]
        if value is None or len(numbers) < len(parts) or value != numbers[0] - sum(numbers[1:]):
            continue
        paths = tuple(f"{base}.{k}" for k in (first, *rest))
        out[key] = formula_value(str(value), "difference", paths, value, f"{base}.{key}", number_format="0")
    return out


def _checked(t: TotalsInput, path: str) -> PeriodTotals:
    """Totals given as numbers, completed by the aggregate (derived days, 出席停止/忌引 split)."""
    return check_totals(t, path=path)


def _outside_enrolment(p: RegisterPupil, dates: list[date]) -> list[date]:
    """Calendar days of the month before 転入学 or after 転学・退学."""
    lo, hi = p.enrolled_from or date.min, p.enrolled_to or date.max
    return [d for d in dates if not lo <= d <= hi]


def _enrolled_at(p: RegisterPupil, d: date) -> bool:
    return (p.enrolled_from or date.min) <= d <= (p.enrolled_to or date.max)


MONTH_SUMS = (("required", "required_days"), ("absent", "absence_days"), ("present", "present_days"))


def _month_totals(m: AttendanceRegisterInput, month: dict[str, PeriodTotals], last: date) -> list[Row]:
    """月計: 月末在籍 and the 延べ日数 of the class by 男・女・計, and the 出席率.

    Each 延べ日数 is, in a spreadsheet, the SUM of the pupils' cells it adds (the 計 row over
    every pupil, not 男 + 女), and the 出席率 a formula over the row's two 延べ日数.
    """
    rows: list[Row] = []
    index = {p.id: i for i, p in enumerate(m.pupils)}
    groups = [*((label, [p for p in m.pupils if p.sex is sex]) for sex, label in SEXES), ("計", list(m.pupils))]
    for g, (label, pupils) in enumerate(groups):
        row: Row = {"sex": label, "enrolled": str(sum(1 for p in pupils if _enrolled_at(p, last)))}
        counted = sorted((p for p in pupils if p.id in month), key=lambda p: p.number)  # row order: short ranges
        if counted:
            total = add_totals(*(month[p.id] for p in counted))
            base = f"month_totals[{g}]"
            for key, field in MONTH_SUMS:
                value: int = getattr(total, field)
                paths = tuple(f"pupils[{index[p.id]}].totals.{field}" for p in counted)
                row[key] = formula_value(str(value), "sum", paths, value, f"{base}.{key}", number_format="0")
            rate = attendance_rate(total)
            row["rate"] = formula_value(
                "" if rate is None else f"{rate}",
                "percent",
                (f"{base}.present", f"{base}.required"),
                None if rate is None else float(rate),
                f"{base}.rate",
                decimals=1,
                number_format="0.0",
            )
        rows.append(row)
    return rows


def _footer(m: AttendanceRegisterInput, book: AttendanceBook | None) -> list[dict[str, Slot]]:
    boys = [p.id for p in m.pupils if p.sex is Sex.MALE]
    girls = [p.id for p in m.pupils if p.sex is Sex.FEMALE]
    rows: list[dict[str, Slot]] = []
    per_day: dict[int, tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}
    if book is not None:
        for d in _month_dates(m):
            if book.calendar.is_lesson_day(d, book.class_id):
                per_day[d.day] = (book.daily_counts(d, boys), book.daily_counts(d, girls), book.daily_counts(d))
    for label, key in FOOTER_GROUPS:
        for k, sub in enumerate(("男", "女", "計")):
            row: dict[str, Slot] = {"label": label, "sub": sub}
            for day, counts in per_day.items():
                row[day_key(day)] = str(counts[k][key])
            rows.append(row)
    stop: dict[str, Slot] = {"label": "出停・忌引等", "sub": ""}
    for day, counts in per_day.items():
        stop[day_key(day)] = str(counts[2]["suspended_mourning"])
    rows.append(stop)
    return rows


def _legend_text(m: AttendanceRegisterInput) -> str:
    """The 凡例 on one line, entries separated by 全角空白 (the label box breaks only there).

    空欄 means 出席 only on a 授業日 of the pupil's enrolment: days outside it have their own
    entry (斜線, or the school's mark)."""
    entries = [f"{mark}：{label}" for mark, label in legend_items(m.legend)]
    if m.legend.present == "":
        entries.insert(0, "空欄：出席")
    return "　".join(entries)


def _absence_note(s: AttendanceSummary) -> list[str]:
    """欠席 by kind for the 備考 (the 欠席理由 column of paper registers): 「欠席（病気）2日」."""
    out: list[str] = []
    for kind, days in s.absence_by_kind.items():
        if days:
            out.append(f"欠席{days}日" if kind == UNCLASSIFIED else f"欠席（{kind}）{days}日")
    return out


def _join(parts: list[str]) -> str:
    return "、".join(p for p in parts if p)


def _path_order(path: str) -> int:
    """``pupils[12].prior`` → 12 (input order for the alert's path list)."""
    return int(path[len("pupils[") : path.index("]")])


def _cumulative_alert(m: AttendanceRegisterInput, paths: list[str]) -> dict[str, Any]:
    """The render-report notice for 年間累計 left blank: which pupils, which days are missing."""
    year_start = date(int(m.fiscal_year), 4, 1)
    before = date.fromordinal(m.month_first.toordinal() - 1)
    return {
        "code": "cumulative_not_printed",
        "message": (
            f"年間累計を印字していません（{len(paths)}人）: 4月1日から{before.month}月{before.day}日までの"
            "出欠記録がなく、前月までの累計（prior）も指定されていません。"
            "未記録の日を出席と数えた累計は印字しません"
        ),
        "pupil_id": None,
        "path": paths[0] if len(paths) == 1 else "pupils",
        "paths": paths,
        "first_day": year_start.isoformat(),
        "last_day": before.isoformat(),
        "count": len(paths),
    }


def bind(m: AttendanceRegisterInput) -> Bound:
    book = m.book
    dates = _month_dates(m)
    first, last = dates[0], dates[-1]
    days, notes = _day_items(m)
    month: dict[str, AttendanceSummary] = {}
    year: dict[str, AttendanceSummary] = {}
    cells: list[list[Any]] = []
    if book is not None:
        month = summarize_month(book, m.year, m.month)
        year = summarize_to_date(book, last)
        cells = book.month_cells(m.year, m.month)

    prior = m.prior_totals
    strike = strikes_outside_enrolment(m.legend)
    unknown: list[str] = []  # pupils whose 年間累計 is left blank (earlier months missing)
    month_totals: dict[str, PeriodTotals] = {}
    order = sorted(range(len(m.pupils)), key=lambda i: m.pupils[i].number)
    rows: list[dict[str, Slot]] = []
    for i in order:
        p = m.pupils[i]
        base = f"pupils[{i}]"
        row: dict[str, Slot] = {
            "number": str(p.number),
            # the register's name cell holds the 戸籍名; a 通称 goes to the 備考 (the A4 cell has no room)
            "name": Value(p.name.full, f"{base}.name"),
            "sex": p.sex.label,
        }
        outside = _outside_enrolment(p, dates)
        if strike and outside:
            row[STRIKE_KEY] = " ".join(day_key(d.day) for d in outside)
        remarks: list[str] = [f"通称　{p.name.alias}"] if p.name.alias else []
        if book is not None:
            for c in cells[book.position[p.id]]:
                mark = mark_for(c, m.legend)
                if mark:
                    row[day_key(c.date.day)] = Value(mark, f"{base}.records")
            s = month[p.id]
            month_totals[p.id] = s.totals()
            row.update(_month_numbers(_summary_numbers(s), f"{base}.totals"))
            if p.id in prior:
                cum = add_totals(prior[p.id], s.totals())
                row.update(_numbers(_summary_numbers(cum), f"{base}.cumulative", CUMULATIVE_KEYS, "cum_"))
            elif m.earlier_months_known(p):
                row.update(_numbers(_summary_numbers(year[p.id]), f"{base}.cumulative", CUMULATIVE_KEYS, "cum_"))
            else:
                unknown.append(f"{base}.prior")
            remarks.append(s.remarks)
            if m.absence_in_remarks:
                remarks += _absence_note(s)
        else:
            assert p.totals is not None  # checked by the model
            totals = _checked(p.totals, f"{base}.totals")
            month_totals[p.id] = totals
            row.update(_month_numbers(_summary_numbers(totals), f"{base}.totals"))
            if p.cumulative is not None:
                cum = _checked(p.cumulative, f"{base}.cumulative")
                row.update(_numbers(_summary_numbers(cum), f"{base}.cumulative", CUMULATIVE_KEYS, "cum_"))
            if not strike:
                shaded = {str(item["key"]) for item in days if item.get("shade") or item.get("missing")}
                for d in outside:
                    if day_key(d.day) not in shaded:
                        row[day_key(d.day)] = m.legend.not_enrolled
            remarks.append(p.totals.remarks)
        remarks += _enrolment_note(p, first, last)
        if p.remarks:
            remarks.append(p.remarks)
        row["remarks"] = Value(_join(remarks), f"{base}.remarks")
        row["remarks_label"] = f"出席番号{p.number}　{p.name.full}　備考"
        rows.append(row)

    lesson_days = ""
    if m.calendar is not None:
        lesson_days = f"{len(m.calendar.lesson_days(m.attendance_class_id, first, last))}日"
    legend = _legend_text(m)
    article = _join(notes)
    if m.notes:
        article = _join([article, m.notes])
    if m.totals_only:
        article = _join(["合計のみの入力（日ごとの記録なし）", article])
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on),
        "month_label": f"{m.month}月",
        "lesson_days": lesson_days,
        "legend": legend,
        "article": Value(article, "notes"),
        "continuation_subject": f"{m.fiscal_year.label}　{m.homeroom.label}　{m.month}月分",
        "closing": "締め済" if m.options.month_closed(m.year, m.month) else "未締め（暫定）",
    }
    alerts: list[dict[str, Any]] = []
    if book is not None:
        path_of = {p.id: f"pupils[{i}]" for i, p in enumerate(m.pupils)}
        for a in month_alerts(book, m.year, m.month, mode=m.absence_alert):
            alerts.append(
                {
                    "code": a.code,
                    "message": a.message,
                    "pupil_id": a.pupil_id,
                    "path": path_of.get(a.pupil_id or "", ""),
                    "first_day": a.first_day.isoformat() if a.first_day else None,
                    "last_day": a.last_day.isoformat() if a.last_day else None,
                    "count": a.count,
                }
            )
    if unknown:
        alerts.append(_cumulative_alert(m, sorted(unknown, key=_path_order)))
    return Bound(
        slots=slots,
        lists={
            "pupils": rows,
            "days": days,
            "day_counts": _footer(m, book),
            "month_totals": _month_totals(m, month_totals, last),
        },
        flags=frozenset({"totals_only"} if m.totals_only else set()),
        sheet_name=f"{m.homeroom.label}_{m.month}月",
        alerts=alerts,
        # the A4 sheet leaves out 出席しなければならない日数 (授業日数 − 出席停止 − 忌引, both printed)
        optional=frozenset({"pupils.required_days"}),
    )
