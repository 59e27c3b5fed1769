"""Benchmark: aggregate a school's year of attendance (600 pupils ≈ 120,000 daily records).

Compares, in the same run and on the same data, the compiled aggregate
(``AttendanceBook`` + ``summarize_year``) with a naive loop over every pupil and every day
of the 年度 reading pydantic record objects, and asserts both give the same numbers.
Target (issue 5): the year aggregate in well under 1 s.

Run: ``python bench/bench_attendance.py [--pupils 600] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from unified_forms.attendance import (
    AttendanceBook,
    DailyRecord,
    PupilAttendance,
    SchoolCalendar,
    Status,
    summarize_month,
    summarize_term,
    summarize_year,
)

CLASS_SIZE = 34


def make_school(n_pupils: int, seed: int = 2024) -> tuple[SchoolCalendar, dict[str, list[PupilAttendance]]]:
    """A 2024 calendar and ``n_pupils`` in classes of 34, one record per pupil per 授業日."""
    rnd = random.Random(seed)
    n_classes = -(-n_pupils // CLASS_SIZE)
    class_ids = [f"{1 + i // 6}-{1 + i % 6}" for i in range(n_classes)]
    closures = [
        {"class_ids": [cid], "start": date(2025, 1, 20), "end": date(2025, 1, 22), "reason": "インフルエンザ"}
        for cid in class_ids[::4]
    ]
    cal = SchoolCalendar.typical(
        2024,
        class_closures=closures,
        school_closures=[{"date": date(2024, 8, 30), "reason": "台風"}],
        extra_lesson_days=[date(2024, 6, 8)],
    )
    school: dict[str, list[PupilAttendance]] = {}
    made = 0
    for cid in class_ids:
        lessons = cal.lesson_days(cid)
        closed = set(cal.class_closure_days(cid))
        pupils = []
        for k in range(min(CLASS_SIZE, n_pupils - made)):
            enrolled_from = lessons[rnd.randrange(len(lessons))] if rnd.random() < 0.03 else None
            records = []
            for d in lessons:
                if d in closed or (enrolled_from and d < enrolled_from):
                    continue
                roll = rnd.random()
                if roll < 0.90:
                    rec = DailyRecord(date=d, late=rnd.random() < 0.02, early_leave=rnd.random() < 0.01)
                elif roll < 0.96:
                    rec = DailyRecord(date=d, status=Status.ABSENT, kind=rnd.choice(["病気", "事故", "その他"]))
                elif roll < 0.98:
                    rec = DailyRecord(date=d, status=Status.SUSPENDED, kind="感染症", reason="インフルエンザ")
                elif roll < 0.99:
                    rec = DailyRecord(date=d, status=Status.MOURNING, reason="祖父")
                else:
                    rec = DailyRecord(date=d, status=Status.SCHOOL_APPROVED, kind="教育支援センター")
                records.append(rec)
            pupils.append(PupilAttendance(pupil_id=f"{cid}-{k + 1:02d}", enrolled_from=enrolled_from, records=records))
        made += len(pupils)
        school[cid] = pupils
    return cal, school


def naive_year(cal: SchoolCalendar, school: dict[str, list[PupilAttendance]]) -> dict[str, tuple[int, ...]]:
    """Per pupil, per calendar day of the 年度: the obvious loop over pydantic objects."""
    out: dict[str, tuple[int, ...]] = {}
    for cid, pupils in school.items():
        for p in pupils:
            by_day = {r.date: r for r in p.records}
            lesson = susp = absent = late = early = 0
            d = cal.year_start
            while d <= cal.year_end:
                if (
                    cal.is_lesson_day(d, cid)
                    and (p.enrolled_from is None or d >= p.enrolled_from)
                    and (p.enrolled_to is None or d <= p.enrolled_to)
                ):
                    lesson += 1
                    if any(cid in c.class_ids and c.start <= d <= c.end for c in cal.class_closures):
                        susp += 1
                    else:
                        r = by_day.get(d)
                        if r is not None:
                            if r.status in (Status.SUSPENDED, Status.MOURNING):
                                susp += 1
                            elif r.status is Status.ABSENT:
                                absent += 1
                            late += r.late
                            early += r.early_leave
                d += timedelta(days=1)
            required = lesson - susp
            out[p.pupil_id] = (lesson, susp, required, absent, required - absent, late, early)
    return out


def fast_year(cal: SchoolCalendar, school: dict[str, list[PupilAttendance]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for cid, pupils in school.items():
        book = AttendanceBook(cal, pupils, class_id=cid)
        for pid, s in summarize_year(book).items():
            out[pid] = (
                s.lesson_days,
                s.suspension_days,
                s.required_days,
                s.absence_days,
                s.present_days,
                s.late,
                s.early_leave,
            )
    return out


def fast_all_periods(cal: SchoolCalendar, school: dict[str, list[PupilAttendance]]) -> int:
    """Book once per class, then 12 months + terms + year (what a 通知表 run needs)."""
    n = 0
    for cid, pupils in school.items():
        book = AttendanceBook(cal, pupils, class_id=cid)
        for y, m in cal.months():
            n += len(summarize_month(book, y, m))
        for t in range(len(cal.terms)):
            n += len(summarize_term(book, t))
        n += len(summarize_year(book))
    return n


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pupils", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    cal, school = make_school(args.pupils)
    build = time.perf_counter() - t0
    n_records = sum(len(p.records) for ps in school.values() for p in ps)
    n_pupils = sum(len(ps) for ps in school.values())

    t_naive, naive = best_of(args.repeat, lambda: naive_year(cal, school))
    t_fast, fast = best_of(args.repeat, lambda: fast_year(cal, school))
    assert fast == naive, "aggregate and naive loop disagree"
    t_all, _ = best_of(args.repeat, lambda: fast_all_periods(cal, school))

    print(f"school: {n_pupils} pupils in {len(school)} classes, {n_records:,} daily records")
    print(f"(building the pydantic input took {build:.2f} s; not part of the timings)")
    print()
    print(f"| {'task':<52} | {'seconds':>8} | {'vs naive':>8} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 10}|")
    print(f"| {'naive per-pupil-per-day loop, year':<52} | {t_naive:>8.3f} | {1.0:>7.1f}x |")
    print(f"| {'AttendanceBook + summarize_year (same results)':<52} | {t_fast:>8.3f} | {t_naive / t_fast:>7.1f}x |")
    label = "book + 12 months + terms + year"
    print(f"| {label:<52} | {t_all:>8.3f} | {t_naive / t_all:>7.1f}x |")
    print()
    print(f"target < 1 s for the year: {'OK' if t_fast < 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
