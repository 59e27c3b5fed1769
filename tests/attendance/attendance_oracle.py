"""Test helpers: an independent, naive day-by-day oracle and hypothesis strategies.

The oracle re-derives 授業日 from the raw calendar fields (weekday, jpholiday, vacations,
closures) and walks every day of every pupil, so it shares no code path with the
bisect-based aggregate it checks.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import jpholiday
from hypothesis import strategies as st

from unified_forms.attendance import (
    AbsenceKind,
    ApprovedKind,
    PupilAttendance,
    SchoolCalendar,
    SuspensionKind,
)

CLASS = "A"


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def oracle_is_lesson_day(cal: SchoolCalendar, d: date, class_id: str) -> bool:
    if not (date(cal.fiscal_year, 4, 1) <= d <= date(cal.fiscal_year + 1, 3, 31)):
        return False
    if any(v.start <= d <= v.end for v in cal.vacations):
        return False
    if d in cal.non_school_days or any(c.date == d for c in cal.school_closures):
        return False
    if any(class_id in o.class_ids and o.start <= d <= o.end for o in cal.class_days_off):
        return False
    if d in cal.extra_lesson_days:
        return True
    return d.weekday() in cal.school_weekdays and not jpholiday.is_holiday(d)


def oracle_closure(cal: SchoolCalendar, d: date, class_id: str) -> Any:
    for c in cal.class_closures:
        if class_id in c.class_ids and c.start <= d <= c.end:
            return c
    return None


def oracle_summary(
    cal: SchoolCalendar, pupil: PupilAttendance, start: date, end: date, class_id: str = CLASS
) -> dict[str, int]:
    """The P-12 numbers by walking every day (the naive reference)."""
    by_day = {r.date: r for r in pupil.records}
    lo = pupil.enrolled_from or date.min
    hi = pupil.enrolled_to or date.max
    n = dict(lesson=0, susp=0, absent=0, late=0, early=0, closure=0, mourning=0, approved=0)
    for d in days(start, end):
        if not oracle_is_lesson_day(cal, d, class_id) or not lo <= d <= hi:
            continue
        n["lesson"] += 1
        if oracle_closure(cal, d, class_id) is not None:
            n["susp"] += 1
            n["closure"] += 1
            continue
        r = by_day.get(d)
        if r is None:
            continue
        status = r.status.value
        if status in ("SUSPENDED", "MOURNING"):
            n["susp"] += 1
        if status == "MOURNING":
            n["mourning"] += 1
        if status == "ABSENT":
            n["absent"] += 1
        if status == "SCHOOL_APPROVED":
            n["approved"] += 1
        n["late"] += r.late
        n["early"] += r.early_leave
    return n


# ------------------------------------------------------------------ strategies
def _date_in(rnd: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rnd.randint(0, (end - start).days))


@st.composite
def calendars(draw: st.DrawFn) -> SchoolCalendar:
    """Random 年度 calendars: 2 or 3 terms, random vacations/holidays/closures/closings."""
    fy = draw(st.integers(min_value=2019, max_value=2030))
    three = draw(st.booleans())
    y0, y1 = date(fy, 4, 1), date(fy + 1, 3, 31)
    n_terms = 3 if three else 2
    cuts = sorted(draw(st.sets(st.integers(min_value=20, max_value=340), min_size=n_terms - 1, max_size=n_terms - 1)))
    bounds = [y0] + [y0 + timedelta(days=c) for c in cuts] + [y1 + timedelta(days=1)]
    rnd = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    terms = []
    for i in range(n_terms):
        start, end = bounds[i], bounds[i + 1] - timedelta(days=1)
        closing = None
        if i < n_terms - 1 and rnd.random() < 0.5:
            closing = _date_in(rnd, start, end)
        names = ("1学期", "2学期", "3学期") if three else ("前期", "後期")
        terms.append({"name": names[i], "start": start, "end": end, "attendance_closing": closing})
    vacations = []
    for _ in range(rnd.randint(0, 3)):
        a = _date_in(rnd, y0, y1)
        b = min(y1, a + timedelta(days=rnd.randint(0, 40)))
        vacations.append({"start": a, "end": b, "name": "休業"})
    non_school = sorted({_date_in(rnd, y0, y1) for _ in range(rnd.randint(0, 6))})
    closure_days = sorted({_date_in(rnd, y0, y1) for _ in range(rnd.randint(0, 4))})
    closures = [{"date": d, "reason": "台風"} for d in closure_days]
    removed = {d for v in vacations for d in days(v["start"], v["end"])} | set(non_school) | set(closure_days)
    extra = sorted(
        {d for d in (_date_in(rnd, y0, y1) for _ in range(rnd.randint(0, 5))) if d.weekday() >= 5 and d not in removed}
    )
    class_closures = []
    for _ in range(rnd.randint(0, 3)):
        a = _date_in(rnd, y0, y1)
        b = min(y1, a + timedelta(days=rnd.randint(0, 6)))
        ids = rnd.choice([[CLASS], ["B"], [CLASS, "B"]])
        class_closures.append(
            {
                "class_ids": ids,
                "start": a,
                "end": b,
                "reason": rnd.choice(["インフルエンザ", "感染性胃腸炎"]),
                "scope": "学級閉鎖" if len(ids) == 1 else "学年閉鎖",
            }
        )
    days_off = []
    if rnd.random() < 0.3:
        a = _date_in(rnd, y0, y1)
        days_off.append({"class_ids": [CLASS], "start": a, "end": a, "name": "振替休業日"})
    return SchoolCalendar.model_validate(
        {
            "fiscal_year": fy,
            "term_system": "3学期制" if three else "2学期制",
            "terms": terms,
            "vacations": vacations,
            "non_school_days": non_school,
            "school_closures": closures,
            "extra_lesson_days": extra,
            "class_closures": class_closures,
            "class_days_off": days_off,
        }
    )


def random_record(rnd: random.Random, d: date) -> dict[str, Any]:
    roll = rnd.random()
    if roll < 0.35:
        return {"date": d.isoformat(), "late": rnd.random() < 0.5, "early_leave": rnd.random() < 0.5}
    if roll < 0.6:
        return {
            "date": d.isoformat(),
            "status": "ABSENT",
            "kind": rnd.choice([None, *(k.value for k in AbsenceKind)]),
        }
    if roll < 0.75:
        return {
            "date": d.isoformat(),
            "status": "SUSPENDED",
            "kind": rnd.choice([None, *(k.value for k in SuspensionKind)]),
            "reason": rnd.choice([None, "インフルエンザ", "新型コロナウイルス感染症"]),
        }
    if roll < 0.85:
        return {"date": d.isoformat(), "status": "MOURNING", "reason": rnd.choice([None, "祖父", "祖母"])}
    if roll < 0.97:
        return {
            "date": d.isoformat(),
            "status": "SCHOOL_APPROVED",
            "kind": rnd.choice([None, *(k.value for k in ApprovedKind)]),
            "late": rnd.random() < 0.2,
        }
    return {"date": d.isoformat(), "status": "NOT_ENTERED"}


def random_pupils(
    cal: SchoolCalendar, rnd: random.Random, n: int, class_id: str = CLASS, density: float = 0.3
) -> list[PupilAttendance]:
    """Pupils with random enrolment windows and records on their lesson days only."""
    lessons = cal.lesson_days(class_id)
    closure_days = set(cal.class_closure_days(class_id))
    pupils = []
    for i in range(n):
        start = end = None
        if rnd.random() < 0.3:
            start = _date_in(rnd, cal.year_start, cal.year_end)
        if rnd.random() < 0.2:
            end = _date_in(rnd, start or cal.year_start, cal.year_end)
        recs = [
            random_record(rnd, d)
            for d in lessons
            if (start is None or d >= start)
            and (end is None or d <= end)
            and d not in closure_days
            and rnd.random() < density
        ]
        pupils.append(
            PupilAttendance.model_validate(
                {"pupil_id": f"p{i:03d}", "enrolled_from": start, "enrolled_to": end, "records": recs}
            )
        )
    return pupils
