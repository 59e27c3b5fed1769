"""Property tests: random calendars and daily records against P-12 and a naive oracle."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date, timedelta

from attendance_oracle import CLASS, calendars, oracle_is_lesson_day, oracle_summary, random_pupils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_forms.attendance import (
    AttendanceBook,
    AttendanceSummary,
    PupilAttendance,
    SchoolCalendar,
    summarize_book,
    summarize_month,
    summarize_term,
    summarize_year,
)

COUNTS = (
    "lesson_days",
    "suspension_days",
    "required_days",
    "absence_days",
    "present_days",
    "late",
    "early_leave",
    "stop_days",
    "mourning_days",
    "class_closure_days",
    "school_approved_days",
    "not_entered_days",
)
BREAKDOWNS = ("absence_by_kind", "stop_by_kind", "approved_by_kind", "remark_counts")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sum(parts: list[AttendanceSummary]) -> dict[str, object]:
    out: dict[str, object] = {name: sum(getattr(p, name) for p in parts) for name in COUNTS}
    for name in BREAKDOWNS:
        c: Counter[str] = Counter()
        for p in parts:
            c.update(getattr(p, name))
        out[name] = {k: v for k, v in c.items() if v}
    return out


def _flat(s: AttendanceSummary) -> dict[str, object]:
    out: dict[str, object] = {name: getattr(s, name) for name in COUNTS}
    for name in BREAKDOWNS:
        out[name] = {k: v for k, v in getattr(s, name).items() if v}
    return out


def _book(cal: SchoolCalendar, seed: int, n: int = 6) -> tuple[AttendanceBook, list[PupilAttendance]]:
    pupils = random_pupils(cal, random.Random(seed), n)
    return AttendanceBook(cal, pupils, class_id=CLASS), pupils


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_p12_invariants_hold_for_every_month(cal: SchoolCalendar, seed: int) -> None:
    book, _ = _book(cal, seed)
    for y, m in cal.months():
        for s in summarize_month(book, y, m).values():
            assert min(getattr(s, name) for name in COUNTS) >= 0
            assert s.required_days == s.lesson_days - s.suspension_days  # R-ATT-1
            assert s.present_days == s.required_days - s.absence_days  # R-ATT-2
            assert s.suspension_days <= s.lesson_days  # R-ATT-3
            assert s.absence_days <= s.required_days  # R-ATT-3
            assert s.late <= s.present_days and s.early_leave <= s.present_days
            assert s.school_approved_days <= s.present_days


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_sum_of_months_equals_sum_of_terms_equals_year(cal: SchoolCalendar, seed: int) -> None:
    book, pupils = _book(cal, seed)
    year = summarize_year(book)
    months = [summarize_month(book, y, m) for y, m in cal.months()]
    terms = [summarize_term(book, i) for i in range(len(cal.terms))]
    for p in pupils:
        whole = _flat(year[p.pupil_id])
        assert _sum([mo[p.pupil_id] for mo in months]) == whole  # R-ATT-4
        assert _sum([t[p.pupil_id] for t in terms]) == whole
        assert _sum([t[p.pupil_id] for t in terms])["lesson_days"] == whole["lesson_days"]


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_terms_tile_the_year(cal: SchoolCalendar, seed: int) -> None:
    periods = cal.term_periods()
    assert periods[0][1] == cal.year_start and periods[-1][2] == cal.year_end
    for (_, _, end), (_, start, _) in itertools.pairwise(periods):
        assert start == end + timedelta(days=1)


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_aggregate_equals_naive_day_by_day_oracle(cal: SchoolCalendar, seed: int) -> None:
    book, pupils = _book(cal, seed)
    rnd = random.Random(seed)
    a = cal.year_start + timedelta(days=rnd.randint(0, 364))
    b = a + timedelta(days=rnd.randint(0, 120))
    for start, end in [(cal.year_start, cal.year_end), (a, b)]:
        got = summarize_book(book, start, end)
        for p in pupils:
            want = oracle_summary(cal, p, start, end)
            s = got[p.pupil_id]
            assert (
                s.lesson_days,
                s.suspension_days,
                s.absence_days,
                s.late,
                s.early_leave,
                s.class_closure_days,
                s.mourning_days,
                s.school_approved_days,
            ) == (
                want["lesson"],
                want["susp"],
                want["absent"],
                want["late"],
                want["early"],
                want["closure"],
                want["mourning"],
                want["approved"],
            )


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_lesson_days_match_oracle(cal: SchoolCalendar, seed: int) -> None:
    want = [d for d in (cal.year_start + timedelta(days=i) for i in range(366)) if oracle_is_lesson_day(cal, d, CLASS)]
    assert cal.lesson_days(CLASS) == want
    assert set(cal.class_closure_days(CLASS)) <= set(want)


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32), offset=st.integers(0, 364))
def test_transferred_in_pupil_never_counts_before_enrolment(cal: SchoolCalendar, seed: int, offset: int) -> None:
    enrolled = cal.year_start + timedelta(days=offset)
    rnd = random.Random(seed)
    base = random_pupils(cal, rnd, 1)[0]
    pupil = PupilAttendance(
        pupil_id="t",
        enrolled_from=enrolled,
        records=[r for r in base.records if r.date >= enrolled],
    )
    book = AttendanceBook(cal, [pupil], class_id=CLASS)
    if enrolled > cal.year_start:
        before = summarize_book(book, cal.year_start, enrolled - timedelta(days=1))["t"]
        assert _flat(before) == {**dict.fromkeys(COUNTS, 0), **{k: {} for k in BREAKDOWNS}}
    year = summarize_year(book)["t"]
    after = summarize_book(book, enrolled, cal.year_end)["t"]
    assert _flat(year) == _flat(after)
    assert year.lesson_days == len([d for d in cal.lesson_days(CLASS) if d >= enrolled])
    for y, m in cal.months():
        _first, last = cal.month_period(y, m)
        if last < enrolled:
            assert summarize_month(book, y, m)["t"].lesson_days == 0
    # and no printed cell before enrolment
    for d in cal.lesson_days(CLASS):
        if d < enrolled:
            assert book.cell("t", d).state.value == "NOT_ENROLLED"


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32))
def test_cumulative_to_date_is_sum_of_months_so_far(cal: SchoolCalendar, seed: int) -> None:
    from unified_forms.attendance import summarize_to_date

    book, pupils = _book(cal, seed, n=3)
    months = cal.months()
    k = random.Random(seed).randint(0, 11)
    y, m = months[k]
    through = cal.month_period(y, m)[1]
    cum = summarize_to_date(book, through)
    parts = [summarize_month(book, yy, mm) for yy, mm in months[: k + 1]]
    for p in pupils:
        assert _sum([pt[p.pupil_id] for pt in parts]) == _flat(cum[p.pupil_id])


def test_month_sums_on_a_fixed_calendar_are_not_vacuous() -> None:
    """Guard against a strategy that only ever produces empty calendars."""
    cal = SchoolCalendar.typical(2024)
    book, _pupils = _book(cal, 7, n=10)
    year = summarize_year(book)
    assert sum(s.lesson_days for s in year.values()) > 1000
    assert sum(s.absence_days for s in year.values()) > 50
    assert date(2024, 6, 3) in cal.lesson_days(CLASS)


def _naive_runs(cal: SchoolCalendar, pupil: PupilAttendance, counted: set[str | None]) -> list[tuple[date, int]]:
    """Day-by-day walk: counted ABSENT extends, attended days break, everything else is neutral."""
    by_day = {r.date: r for r in pupil.records}
    runs: list[tuple[date, int]] = []
    first: date | None = None
    count = 0
    for d in cal.lesson_days(CLASS):
        if (pupil.enrolled_from and d < pupil.enrolled_from) or (pupil.enrolled_to and d > pupil.enrolled_to):
            continue
        if d in cal.class_closure_days(CLASS):
            continue
        r = by_day.get(d)
        status = r.status.value if r else "PRESENT"
        if status == "ABSENT" and r is not None and r.kind in counted:
            first = first or d
            count += 1
        elif status in ("PRESENT", "SCHOOL_APPROVED"):
            if count:
                runs.append((first, count))  # type: ignore[arg-type]
            first, count = None, 0
    if count:
        runs.append((first, count))  # type: ignore[arg-type]
    return runs


@SETTINGS
@given(cal=calendars(), seed=st.integers(0, 2**32), threshold=st.integers(1, 4))
def test_consecutive_absence_alerts_match_a_day_walk(cal: SchoolCalendar, seed: int, threshold: int) -> None:
    from unified_forms.attendance import consecutive_absence_alerts, month_alerts

    rnd = random.Random(seed)
    pupils = random_pupils(cal, rnd, 4, density=0.8)
    book = AttendanceBook(cal, pupils, class_id=CLASS)
    for mode, counted in (("unjustified", {"その他", None}), ("all", {"病気", "事故", "その他", None})):
        got = sorted(
            (a.pupil_id, a.first_day, a.count) for a in consecutive_absence_alerts(book, threshold=threshold, mode=mode)
        )
        want = sorted(
            (p.pupil_id, first, n) for p in pupils for first, n in _naive_runs(cal, p, counted) if n >= threshold
        )
        assert got == want
    for y, m in cal.months():  # never raises, whatever the data
        for alert in month_alerts(book, y, m, threshold=threshold):
            assert alert.message
