"""School calendar: 授業日 rules, terms and their 出欠締め日, and path-naming errors."""

from __future__ import annotations

from datetime import date

import pytest

from unified_forms.attendance import DayKind, SchoolCalendar, TermSystem
from unified_forms.errors import FormDataError


def _three_terms(fy: int = 2024, **closing: date) -> list[dict[str, object]]:
    return [
        {"name": "1学期", "start": date(fy, 4, 1), "end": date(fy, 8, 31), "attendance_closing": closing.get("t1")},
        {"name": "2学期", "start": date(fy, 9, 1), "end": date(fy, 12, 31), "attendance_closing": closing.get("t2")},
        {"name": "3学期", "start": date(fy + 1, 1, 1), "end": date(fy + 1, 3, 31)},
    ]


def test_weekdays_holidays_and_vacations() -> None:
    cal = SchoolCalendar.typical(2024)
    lessons = set(cal.lesson_days("1-1"))
    assert date(2024, 5, 3) not in lessons  # 憲法記念日 (Friday)
    assert date(2024, 5, 6) not in lessons  # こどもの日 振替休日 (Monday)
    assert date(2024, 5, 11) not in lessons  # Saturday
    assert date(2024, 8, 1) not in lessons  # 夏季休業
    assert date(2024, 4, 8) in lessons  # first Monday after 春季休業
    assert cal.day_info(date(2024, 5, 3), "1-1").kind is DayKind.HOLIDAY
    assert cal.day_info(date(2024, 5, 3), "1-1").label == "憲法記念日"
    assert cal.day_info(date(2024, 8, 1), "1-1").kind is DayKind.VACATION
    assert cal.day_info(date(2024, 6, 8), "1-1").kind is DayKind.WEEKEND
    # 2024-06: 20 weekdays, no holidays
    assert len(cal.lesson_days("1-1", date(2024, 6, 1), date(2024, 6, 30))) == 20


def test_saturday_lesson_day_is_added() -> None:
    cal = SchoolCalendar.typical(2024, extra_lesson_days=[date(2024, 6, 8)])
    assert cal.is_lesson_day(date(2024, 6, 8), "1-1")
    assert len(cal.lesson_days("1-1", date(2024, 6, 1), date(2024, 6, 30))) == 21


def test_school_wide_closure_removes_the_day_for_everyone() -> None:
    cal = SchoolCalendar.typical(2024, school_closures=[{"date": date(2024, 6, 12), "reason": "台風"}])
    for cls in ("1-1", "2-3"):
        assert not cal.is_lesson_day(date(2024, 6, 12), cls)
        assert len(cal.lesson_days(cls, date(2024, 6, 1), date(2024, 6, 30))) == 19
    info = cal.day_info(date(2024, 6, 12), "1-1")
    assert info.kind is DayKind.SCHOOL_CLOSURE and info.label == "台風" and not info.is_lesson_day


def test_class_closure_keeps_the_lesson_day_for_that_class_only() -> None:
    cal = SchoolCalendar.typical(
        2024,
        class_closures=[
            {"class_ids": ["1-1"], "start": date(2024, 6, 14), "end": date(2024, 6, 17), "reason": "インフルエンザ"}
        ],
    )
    assert cal.is_lesson_day(date(2024, 6, 14), "1-1")
    # 14 (Fri) and 17 (Mon) are lesson days; the weekend in between is not a closure day
    assert list(cal.class_closure_days("1-1")) == [date(2024, 6, 14), date(2024, 6, 17)]
    assert cal.class_closure_days("1-2") == {}
    assert cal.day_info(date(2024, 6, 14), "1-1").kind is DayKind.CLASS_CLOSURE
    assert cal.day_info(date(2024, 6, 14), "1-1").is_lesson_day
    assert cal.day_info(date(2024, 6, 14), "1-2").kind is DayKind.LESSON


def test_class_days_off_only_affect_listed_classes() -> None:
    cal = SchoolCalendar.typical(
        2024,
        class_days_off=[{"class_ids": ["6-1"], "start": date(2024, 6, 10), "end": date(2024, 6, 10), "name": "振替"}],
    )
    assert not cal.is_lesson_day(date(2024, 6, 10), "6-1")
    assert cal.is_lesson_day(date(2024, 6, 10), "5-1")
    assert cal.day_info(date(2024, 6, 10), "6-1").kind is DayKind.CLASS_DAY_OFF


def test_term_periods_follow_attendance_closing() -> None:
    cal = SchoolCalendar(fiscal_year=2024, terms=_three_terms(t1=date(2024, 7, 19)))
    assert cal.term_periods() == [
        ("1学期", date(2024, 4, 1), date(2024, 7, 19)),
        ("2学期", date(2024, 7, 20), date(2024, 12, 31)),
        ("3学期", date(2025, 1, 1), date(2025, 3, 31)),
    ]
    assert cal.term_period("2学期") == (date(2024, 7, 20), date(2024, 12, 31))
    assert cal.term_period(0) == (date(2024, 4, 1), date(2024, 7, 19))


def test_two_term_system() -> None:
    cal = SchoolCalendar.typical(2025, TermSystem.TWO)
    assert [t[0] for t in cal.term_periods()] == ["前期", "後期"]
    assert cal.months()[0] == (2025, 4) and cal.months()[-1] == (2026, 3)


def test_unknown_term_is_an_error() -> None:
    cal = SchoolCalendar.typical(2024)
    with pytest.raises(FormDataError, match="後期"):
        cal.term_period("後期")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["terms"][1].update(start=date(2024, 9, 2)), "calendar.terms[1].start"),
        (lambda d: d["terms"].pop(), "calendar.terms"),
        (lambda d: d["terms"][0].update(attendance_closing=date(2024, 9, 5)), "calendar.terms[0].attendance_closing"),
        (lambda d: d.update(non_school_days=[date(2026, 4, 1)]), "calendar.non_school_days[0]"),
        (
            lambda d: d.update(
                vacations=[{"start": date(2024, 8, 1), "end": date(2024, 8, 31)}], extra_lesson_days=[date(2024, 8, 3)]
            ),
            "calendar.extra_lesson_days[0]",
        ),
        (
            lambda d: d.update(vacations=[{"start": date(2024, 8, 2), "end": date(2024, 8, 1)}]),
            "calendar.vacations[0].end",
        ),
        (lambda d: d["terms"][2].update(attendance_closing=date(2025, 3, 1)), "calendar.terms[2].attendance_closing"),
        (lambda d: d.update(school_weekdays=[0, 7]), "calendar.school_weekdays[1]"),
        (lambda d: d.update(unknown=1), "calendar.unknown"),
    ],
)
def test_bad_calendars_name_the_path(change, path: str) -> None:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"fiscal_year": 2024, "terms": _three_terms()}
    change(data)
    with pytest.raises(FormDataError) as exc:
        SchoolCalendar.parse(data)
    assert path in [e.path for e in exc.value.errors], exc.value.errors
    assert path in str(exc.value)


def test_month_days_cover_the_month() -> None:
    cal = SchoolCalendar.typical(2024)
    feb = cal.month_days(2025, 2, "1-1")
    assert len(feb) == 28 and feb[10].kind is DayKind.HOLIDAY  # 2025-02-11 建国記念の日
    assert sum(d.is_lesson_day for d in feb) == len(cal.lesson_days("1-1", date(2025, 2, 1), date(2025, 2, 28)))


def test_cached_answers_do_not_leak_into_equality_or_copies() -> None:
    a, b = SchoolCalendar.typical(2024), SchoolCalendar.typical(2024)
    assert len(a.lesson_days("1-1")) == 200  # fills a's cache
    assert a == b
    closed = a.model_copy(update={"school_closures": [{"date": date(2024, 6, 3), "reason": "台風"}]})
    assert len(closed.lesson_days("1-1")) == 199 and len(a.lesson_days("1-1")) == 200
    assert closed.school_closures[0].reason == "台風"  # the update was validated into a model
    with pytest.raises(FormDataError):
        a.model_copy(update={"non_school_days": [date(2030, 1, 1)]})
