"""The issue-5 scenario end to end on the data side: a class of 32 in June.

学級閉鎖, 出席停止 (インフルエンザ), 忌引, a transfer-in on the 12th, 遅刻/早退, and one
pupil absent 8 consecutive school days — the numbers, marks, footer and alerts the
出席簿 will print.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from unified_forms.attendance import (
    AttendanceBook,
    SchoolCalendar,
    mark_for,
    month_alerts,
    summarize_month,
    summarize_to_date,
)

CAL = SchoolCalendar.typical(
    2024,
    class_closures=[
        {"class_ids": ["2-1"], "start": date(2024, 6, 20), "end": date(2024, 6, 21), "reason": "インフルエンザ"}
    ],
)


def _d(day: int) -> str:
    return date(2024, 6, day).isoformat()


def _pupils() -> list[dict[str, Any]]:
    pupils: list[dict[str, Any]] = [{"pupil_id": f"p{i:02d}", "records": []} for i in range(1, 33)]
    pupils[0]["records"] = [
        {"date": _d(d), "status": "SUSPENDED", "kind": "感染症", "reason": "インフルエンザ"} for d in (10, 11, 12)
    ]
    pupils[1]["records"] = [{"date": _d(d), "status": "MOURNING", "reason": "祖母"} for d in (4, 5)]
    pupils[2]["records"] = [
        {"date": _d(3), "late": True},
        {"date": _d(4), "early_leave": True},
        {"date": _d(5), "late": True, "early_leave": True},
    ]
    # 8 consecutive 授業日 absent, reason unknown: 3–7 and 10–12 June
    pupils[3]["records"] = [{"date": _d(d), "status": "ABSENT"} for d in (3, 4, 5, 6, 7, 10, 11, 12)]
    pupils[31] = {"pupil_id": "p32", "enrolled_from": "2024-06-12", "records": [{"date": _d(12), "late": True}]}
    return pupils


BOOK = AttendanceBook(CAL, _pupils(), class_id="2-1")
JUNE = summarize_month(BOOK, 2024, 6)


def test_monthly_numbers() -> None:
    assert len(JUNE) == 32
    p1, p2, p3, p4, p32 = JUNE["p01"], JUNE["p02"], JUNE["p03"], JUNE["p04"], JUNE["p32"]
    assert (p1.lesson_days, p1.suspension_days, p1.required_days, p1.present_days) == (20, 5, 15, 15)
    assert p1.remarks == "インフルエンザに伴う学級閉鎖2日、出席停止（インフルエンザ）3日"
    assert (p2.suspension_days, p2.mourning_days, p2.remarks) == (
        4,
        2,
        "インフルエンザに伴う学級閉鎖2日、忌引（祖母）2日",
    )
    assert (p3.late, p3.early_leave, p3.present_days) == (2, 2, 18)
    assert (p4.absence_days, p4.present_days, p4.absence_by_kind) == (8, 10, {"未分類": 8})
    assert (p32.lesson_days, p32.suspension_days, p32.present_days, p32.late) == (13, 2, 11, 1)
    cumulative = summarize_to_date(BOOK, date(2024, 6, 30))
    assert cumulative["p04"].lesson_days == len(CAL.lesson_days("2-1", end=date(2024, 6, 30)))
    assert cumulative["p32"].lesson_days == 13  # 年間累計 of a transfer-in starts at 転入


def test_marks_for_known_pupils_and_days() -> None:
    rows = BOOK.month_cells(2024, 6)
    marks = {(i, c.date.day): mark_for(c) for i, row in enumerate(rows) for c in row}
    assert marks[(0, 10)] == "停" and marks[(1, 4)] == "忌" and marks[(3, 6)] == "／"
    assert marks[(2, 3)] == "遅" and marks[(2, 4)] == "早" and marks[(2, 5)] == "遅早"
    assert marks[(4, 20)] == "停"  # 学級閉鎖
    assert marks[(31, 11)] == "" and marks[(31, 12)] == "遅"  # before 転入: blank
    assert marks[(5, 8)] == ""  # Saturday


def test_per_day_footer() -> None:
    assert BOOK.daily_counts(date(2024, 6, 11)) == {
        "enrolled": 31,
        "present": 29,
        "absent": 1,
        "suspended_mourning": 1,
        "not_entered": 0,
    }
    assert BOOK.daily_counts(date(2024, 6, 20))["suspended_mourning"] == 32
    boys = [f"p{i:02d}" for i in range(1, 17)]
    assert BOOK.daily_counts(date(2024, 6, 4), boys)["present"] == 14  # p02 忌引, p04 absent
    assert BOOK.daily_counts(date(2024, 6, 8))["enrolled"] == 0  # not a 授業日


def test_alerts_for_june() -> None:
    alerts = month_alerts(BOOK, 2024, 6)
    codes = sorted(a.code for a in alerts)
    assert codes == ["consecutive_absence", "month_not_closed"]
    run = next(a for a in alerts if a.code == "consecutive_absence")
    assert (run.pupil_id, run.first_day, run.count) == ("p04", date(2024, 6, 3), 8)


def test_summaries_are_json_ready() -> None:
    dumped = JUNE["p01"].model_dump(mode="json")
    assert dumped["start"] == "2024-06-01" and dumped["remark_counts"]["出席停止（インフルエンザ）"] == 3
