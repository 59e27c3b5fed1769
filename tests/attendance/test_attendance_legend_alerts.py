"""Printed marks (Appendix D default, configuration) and the alerts that never block printing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from unified_forms.attendance import (
    AttendanceBook,
    AttendanceOptions,
    DailyRecord,
    Legend,
    SchoolCalendar,
    consecutive_absence_alerts,
    legend_items,
    mark_for,
    month_alerts,
    month_close_alerts,
)

CAL = SchoolCalendar.typical(
    2024,
    class_closures=[{"class_ids": ["1-1"], "start": date(2024, 6, 13), "end": date(2024, 6, 13), "reason": "風邪"}],
)


def _book(records: list[dict[str, Any]], **kw: Any) -> AttendanceBook:
    return AttendanceBook(CAL, [{"pupil_id": "a", "records": records}], class_id="1-1", **kw)


def _absent(days: list[date], kind: str | None = "その他") -> list[dict[str, Any]]:
    return [{"date": d.isoformat(), "status": "ABSENT", "kind": kind} for d in days]


def _lessons(start: date, n: int) -> list[date]:
    days = [d for d in CAL.lesson_days("1-1", start) if d not in CAL.class_closure_days("1-1")]
    return days[:n]


# ---------------------------------------------------------------- legend
@pytest.mark.parametrize(
    ("record", "mark"),
    [
        ({}, ""),
        ({"status": "ABSENT", "kind": "病気"}, "／"),
        ({"late": True}, "遅"),
        ({"early_leave": True}, "早"),
        ({"late": True, "early_leave": True}, "遅早"),
        ({"status": "SUSPENDED", "kind": "感染症", "reason": "インフルエンザ"}, "停"),
        ({"status": "MOURNING", "reason": "祖父"}, "忌"),
        ({"status": "SCHOOL_APPROVED", "kind": "教育支援センター", "late": True}, "公"),
        ({"status": "NOT_ENTERED"}, "未"),
    ],
)
def test_default_marks_follow_appendix_d(record: dict[str, Any], mark: str) -> None:
    r = DailyRecord.model_validate({"date": "2024-06-03", **record})
    assert mark_for(r) == mark
    book = _book([{"date": "2024-06-03", **record}])
    assert mark_for(book.cell("a", date(2024, 6, 3))) == mark


def test_cells_outside_lesson_days_and_enrolment_are_blank() -> None:
    book = AttendanceBook(CAL, [{"pupil_id": "t", "enrolled_from": "2024-06-12"}], class_id="1-1")
    row = book.month_cells(2024, 6)[0]
    assert len(row) == 30
    assert [mark_for(c) for c in row[:12]] == [""] * 12  # not enrolled (struck by the form) / weekend
    assert [mark_for(c, Legend(not_enrolled="－")) for c in row[:4]] == ["", "", "－", "－"]
    assert row[0].state.value == "NO_SCHOOL" and row[3].state.value == "NOT_ENROLLED"
    assert mark_for(row[12]) == "停"  # 13 June: 学級閉鎖
    assert row[12].reason == "風邪"


def test_legend_is_configuration() -> None:
    legend = Legend(present="〇", absent="欠", class_closure="閉", absence_by_kind={"病気": "病"})
    assert mark_for(DailyRecord(date=date(2024, 6, 3)), legend) == "〇"
    assert mark_for(DailyRecord(date=date(2024, 6, 3), status="ABSENT", kind="病気"), legend) == "病"
    assert mark_for(DailyRecord(date=date(2024, 6, 3), status="ABSENT", kind="事故"), legend) == "欠"
    items = legend_items(legend)
    assert ("閉", "学級閉鎖") in items and ("病", "欠席（病気）") in items and ("〇", "出席") not in items


def test_default_legend_items() -> None:
    assert legend_items() == [
        ("／", "欠席"),
        ("遅", "遅刻"),
        ("早", "早退"),
        ("遅早", "遅刻・早退"),
        ("停", "出席停止・学級閉鎖"),
        ("忌", "忌引"),
        ("公", "出席扱い"),
        ("未", "未入力"),
        ("斜線", "在籍外（転入前・転出後）"),
    ]


# ---------------------------------------------------------------- consecutive absence (施行令20条)
def test_eight_consecutive_unjustified_absences_alert_once_with_first_day_and_count() -> None:
    days = _lessons(date(2024, 6, 3), 8)  # skips the weekend: 休業日 are not part of the run
    alerts = consecutive_absence_alerts(_book(_absent(days)))
    assert len(alerts) == 1
    a = alerts[0]
    assert (a.pupil_id, a.first_day, a.last_day, a.count) == ("a", days[0], days[-1], 8)
    assert "第20条" in a.message


def test_six_days_do_not_alert() -> None:
    assert consecutive_absence_alerts(_book(_absent(_lessons(date(2024, 6, 3), 6)))) == []


def test_sick_absences_count_only_in_mode_all() -> None:
    book = _book(_absent(_lessons(date(2024, 6, 3), 7), kind="病気"))
    assert consecutive_absence_alerts(book) == []
    assert [a.count for a in consecutive_absence_alerts(book, mode="all")] == [7]
    assert [a.count for a in consecutive_absence_alerts(book, counted_kinds={"病気"})] == [7]


def test_absence_without_kind_counts_by_default() -> None:
    book = _book(_absent(_lessons(date(2024, 6, 3), 7), kind=None))
    assert [a.count for a in consecutive_absence_alerts(book)] == [7]


def test_a_present_day_breaks_the_run() -> None:
    days = _lessons(date(2024, 6, 3), 9)
    records = _absent(days[:4] + days[5:])  # days[4] has no record: present
    assert consecutive_absence_alerts(_book(records)) == []
    approved = {"date": days[4].isoformat(), "status": "SCHOOL_APPROVED", "kind": "教育支援センター"}
    assert consecutive_absence_alerts(_book([*records, approved])) == []
    late = {"date": days[4].isoformat(), "late": True}
    assert consecutive_absence_alerts(_book([*records, late])) == []
    sick = _absent([days[4]], kind="病気")
    assert [a.count for a in consecutive_absence_alerts(_book(records + sick))] == [8]


def test_suspension_closure_and_sick_days_are_neutral() -> None:
    # 10–12 absent, 13 学級閉鎖, 14 出席停止, 17 病気, 18–21 absent → 7 counted days, one run
    recs = _absent([date(2024, 6, d) for d in (10, 11, 12)])
    recs.append({"date": "2024-06-14", "status": "SUSPENDED", "kind": "感染症", "reason": "インフルエンザ"})
    recs += _absent([date(2024, 6, 17)], kind="病気")
    recs += _absent([date(2024, 6, d) for d in (18, 19, 20, 21)])
    alerts = consecutive_absence_alerts(_book(recs))
    assert [(a.first_day, a.last_day, a.count) for a in alerts] == [(date(2024, 6, 10), date(2024, 6, 21), 7)]


def test_run_across_months_is_reported_in_the_month_it_ends() -> None:
    days = _lessons(date(2024, 5, 27), 8)  # 27 May … 5 June
    book = _book(_absent(days))
    june = [a for a in month_alerts(book, 2024, 6) if a.code == "consecutive_absence"]
    assert [(a.first_day, a.count) for a in june] == [(date(2024, 5, 27), 8)]
    assert [a for a in month_alerts(book, 2024, 7) if a.code == "consecutive_absence"] == []


def test_run_with_not_entered_mode_unrecorded_days_are_neutral() -> None:
    days = _lessons(date(2024, 6, 3), 10)
    recs = [*_absent(days[:3] + days[5:9]), {"date": days[9].isoformat()}]
    book = _book(recs, options=AttendanceOptions(missing_day="not_entered"))
    assert [a.count for a in consecutive_absence_alerts(book)] == [7]
    assert consecutive_absence_alerts(_book(recs)) == []  # default: unrecorded = present


# ---------------------------------------------------------------- month close
def test_open_month_alerts_and_closed_month_does_not() -> None:
    book = _book([])
    alerts = month_close_alerts(book, 2024, 6)
    assert [a.code for a in alerts] == ["month_not_closed"]
    closed = _book([], options=AttendanceOptions(closed_through=date(2024, 6, 30)))
    assert month_close_alerts(closed, 2024, 6) == []
    assert [a.code for a in month_close_alerts(closed, 2024, 7)] == ["month_not_closed"]


def test_not_entered_days_are_reported_per_pupil() -> None:
    start = date(2024, 6, 3)
    recs = [{"date": (start + timedelta(days=i)).isoformat()} for i in range(5)]
    book = _book(recs, options=AttendanceOptions(missing_day="not_entered"))
    codes = {a.code: a for a in month_close_alerts(book, 2024, 6)}
    assert codes["not_entered"].count == 14  # 20 授業日 − 5 recorded − 1 学級閉鎖
    assert codes["not_entered"].first_day == date(2024, 6, 10)


def test_alerts_on_months_outside_the_year_do_not_raise() -> None:
    book = _book([])
    assert [a.code for a in month_alerts(book, 2030, 1)] == ["month_not_closed"]
