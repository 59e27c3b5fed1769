"""Known cases of forms-spec §4.2(f) and P-12 as table tests, and bad input → FormDataError paths."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from unified_forms.attendance import (
    AttendanceBook,
    AttendanceOptions,
    CellState,
    SchoolCalendar,
    check_totals,
    check_totals_sum,
    summarize,
    summarize_month,
    summarize_term,
    summarize_to_date,
    summarize_year,
)
from unified_forms.errors import FormDataError

JUNE = (date(2024, 6, 1), date(2024, 6, 30))  # 20 授業日 in the typical 2024 calendar


def _cal(**extra: Any) -> SchoolCalendar:
    return SchoolCalendar.typical(2024, **extra)


def _june(pupils: list[dict[str, Any]], cal: SchoolCalendar | None = None, **kw: Any) -> dict[str, Any]:
    return summarize(cal or _cal(), pupils, *JUNE, class_id="1-1", **kw)


def _rec(day: int, status: str = "PRESENT", **kw: Any) -> dict[str, Any]:
    return {"date": date(2024, 6, day).isoformat(), "status": status, **kw}


def test_no_records_means_present_every_lesson_day() -> None:
    s = _june([{"pupil_id": "a"}])["a"]
    assert (s.lesson_days, s.suspension_days, s.required_days, s.absence_days, s.present_days) == (20, 0, 20, 0, 20)
    assert s.remarks == ""


def test_class_closure_stays_in_lesson_days_and_adds_to_suspension() -> None:
    cal = _cal(
        class_closures=[
            {"class_ids": ["1-1"], "start": date(2024, 6, 13), "end": date(2024, 6, 14), "reason": "インフルエンザ"}
        ]
    )
    s = _june([{"pupil_id": "a"}], cal)["a"]
    assert s.lesson_days == 20  # R-ATT-5: the day stays a 授業日
    assert s.suspension_days == 2 and s.class_closure_days == 2 and s.stop_days == 2
    assert s.required_days == 18 and s.present_days == 18
    assert s.stop_by_kind == {"臨時休業": 2}
    assert s.remarks == "インフルエンザに伴う学級閉鎖2日"
    other = summarize(cal, [{"pupil_id": "b"}], *JUNE, class_id="1-2")["b"]
    assert other.suspension_days == 0 and other.lesson_days == 20


def test_school_wide_closure_reduces_lesson_days() -> None:
    cal = _cal(school_closures=[{"date": date(2024, 6, 20), "reason": "台風"}])
    s = _june([{"pupil_id": "a"}], cal)["a"]
    assert (s.lesson_days, s.suspension_days, s.present_days) == (19, 0, 19)  # R-ATT-6


def test_school_approved_counts_as_present_and_is_noted() -> None:
    recs = [_rec(d, "SCHOOL_APPROVED", kind="教育支援センター") for d in (3, 4, 5, 6)]
    s = _june([{"pupil_id": "a", "records": recs}])["a"]
    assert s.present_days == 20 and s.absence_days == 0  # R-ATT-7
    assert s.school_approved_days == 4 and s.approved_by_kind == {"教育支援センター": 4}
    assert s.remarks == "出席扱い（教育支援センター）4日"


def test_late_and_early_leave_are_counted_separately_and_coexist_with_present() -> None:
    recs = [_rec(3, late=True), _rec(4, early_leave=True), _rec(5, late=True, early_leave=True)]
    s = _june([{"pupil_id": "a", "records": recs}])["a"]
    assert (s.late, s.early_leave) == (2, 2)
    assert s.present_days == 20 and s.absence_days == 0


def test_suspension_mourning_absence_and_remarks_order() -> None:
    cal = _cal(
        class_closures=[
            {"class_ids": ["1-1"], "start": date(2024, 6, 24), "end": date(2024, 6, 25), "reason": "インフルエンザ"}
        ]
    )
    recs = [
        _rec(3, "SCHOOL_APPROVED", kind="ICT等自宅学習"),
        _rec(4, "MOURNING", reason="祖父"),
        _rec(5, "MOURNING", reason="祖父"),
        _rec(10, "SUSPENDED", kind="感染症", reason="インフルエンザ"),
        _rec(11, "SUSPENDED", kind="感染症", reason="インフルエンザ"),
        _rec(12, "SUSPENDED", kind="感染症", reason="インフルエンザ"),
        _rec(17, "ABSENT", kind="病気", reason="発熱"),
        _rec(18, "ABSENT", kind="事故"),
        _rec(19, "ABSENT"),
    ]
    s = _june([{"pupil_id": "a", "records": recs}], cal)["a"]
    assert s.lesson_days == 20
    assert s.suspension_days == 2 + 2 + 3 and s.mourning_days == 2 and s.stop_days == 5
    assert s.required_days == 13 and s.absence_days == 3 and s.present_days == 10
    assert s.absence_by_kind == {"病気": 1, "事故": 1, "未分類": 1}
    assert s.stop_by_kind == {"臨時休業": 2, "感染症": 3}
    assert s.remarks == (
        "インフルエンザに伴う学級閉鎖2日、出席停止（インフルエンザ）3日、忌引（祖父）2日、出席扱い（ICT等自宅学習）1日"
    )
    assert list(s.remark_counts) == [
        "インフルエンザに伴う学級閉鎖",
        "出席停止（インフルエンザ）",
        "忌引（祖父）",
        "出席扱い（ICT等自宅学習）",
    ]


def test_transfer_in_on_the_12th_counts_only_from_that_day() -> None:
    s = _june([{"pupil_id": "t", "enrolled_from": "2024-06-12", "records": [_rec(12, "ABSENT", kind="病気")]}])["t"]
    assert s.lesson_days == 13  # 12–14, 17–21, 24–28 June
    cal = _cal()
    assert s.lesson_days == len(cal.lesson_days("1-1", date(2024, 6, 12), date(2024, 6, 30)))
    assert s.absence_days == 1


def test_transfer_out_stops_counting() -> None:
    s = _june([{"pupil_id": "t", "enrolled_to": "2024-06-07"}])["t"]
    assert s.lesson_days == 5


def test_month_term_year_and_cumulative_helpers_agree() -> None:
    cal = _cal()
    pupils = [{"pupil_id": "a", "records": [_rec(3, "ABSENT", kind="病気"), _rec(4, "MOURNING", reason="祖母")]}]
    book = AttendanceBook(cal, pupils, class_id="1-1")
    june = summarize_month(book, 2024, 6)["a"]
    term1 = summarize_term(book, "1学期")["a"]
    year = summarize_year(book)["a"]
    cum = summarize_to_date(book, date(2024, 6, 30))["a"]
    assert june.absence_days == term1.absence_days == year.absence_days == cum.absence_days == 1
    assert year.lesson_days == len(cal.lesson_days("1-1"))
    assert cum.lesson_days == len(cal.lesson_days("1-1", end=date(2024, 6, 30)))
    assert year.remarks == "忌引（祖母）1日"


def test_summary_converts_to_shared_totals_model() -> None:
    s = _june([{"pupil_id": "a", "records": [_rec(3, "MOURNING", reason="祖父")]}])["a"]
    t = s.as_attendance_totals()
    assert (t.lesson_days, t.suspension_days, t.required_days, t.present_days, t.remarks) == (
        20,
        1,
        19,
        19,
        "忌引（祖父）1日",
    )


# ---------------------------------------------------------------- bad records
@pytest.mark.parametrize(
    ("record", "path", "message"),
    [
        (_rec(15), "pupils[1].records[1].date", "授業日ではありません"),  # Saturday
        ({"date": "2024-05-03"}, "pupils[1].records[1].date", "祝日（憲法記念日）"),
        ({"date": "2024-08-01"}, "pupils[1].records[1].date", "長期休業"),
        (_rec(20), "pupils[1].records[1].date", "臨時休業（台風）"),
        (_rec(3), "pupils[1].records[1].date", "重複"),
        (_rec(4, "ABSENT", kind="インフル"), "pupils[1].records[1].kind", "病気"),
        (_rec(4, "ABSENT", late=True), "pupils[1].records[1].late", "遅刻"),
        (_rec(4, "MOURNING", kind="祖父"), "pupils[1].records[1].kind", "種別"),
        (_rec(4, "HOLIDAY"), "pupils[1].records[1].status", ""),
        ({"date": "2024-06-04", "mark": "／"}, "pupils[1].records[1].mark", ""),
    ],
)
def test_bad_record_names_the_path(record: dict[str, Any], path: str, message: str) -> None:
    cal = _cal(school_closures=[{"date": date(2024, 6, 20), "reason": "台風"}])
    pupils = [{"pupil_id": "a"}, {"pupil_id": "b", "records": [_rec(3), record]}]
    with pytest.raises(FormDataError) as exc:
        _june(pupils, cal)
    paths = [e.path for e in exc.value.errors]
    assert path in paths, exc.value.errors
    assert message in str(exc.value)


def test_record_outside_enrolment_and_on_class_closure() -> None:
    cal = _cal(
        class_closures=[{"class_ids": ["1-1"], "start": date(2024, 6, 13), "end": date(2024, 6, 13), "reason": "風邪"}]
    )
    pupils = [
        {"pupil_id": "a", "enrolled_from": "2024-06-12", "records": [_rec(11, "ABSENT")]},
        {"pupil_id": "b", "records": [_rec(13, "ABSENT")]},
        {"pupil_id": "a"},
        {"pupil_id": "c", "enrolled_from": "2024-06-12", "enrolled_to": "2024-06-11"},
    ]
    with pytest.raises(FormDataError) as exc:
        _june(pupils, cal)
    by_path = {e.path: e for e in exc.value.errors}
    assert "より前" in by_path["pupils[3].enrolled_to"].message
    # enrolment error is a parse error: reported before the semantic pass
    pupils.pop()
    with pytest.raises(FormDataError) as exc:
        _june(pupils, cal)
    by_path = {e.path: e for e in exc.value.errors}
    assert "在籍期間外" in by_path["pupils[0].records[0].date"].message
    assert "学級閉鎖" in by_path["pupils[1].records[0].date"].message
    assert "重複" in by_path["pupils[2].pupil_id"].message
    assert by_path["pupils[0].records[0].date"].label == "日付"


def test_custom_path_prefix() -> None:
    with pytest.raises(FormDataError) as exc:
        _june([{"pupil_id": "a", "records": [_rec(1)]}], path="students")
    assert exc.value.errors[0].path == "students[0].records[0].date"


# ---------------------------------------------------------------- not entered / month close
def test_not_entered_policy_counts_missing_days_and_fails_in_closed_month() -> None:
    cal = _cal()
    pupils = [{"pupil_id": "a", "records": [_rec(d) for d in (3, 4, 5, 6, 7)]}]
    opts = AttendanceOptions(missing_day="not_entered")
    s = _june(pupils, cal, options=opts)["a"]
    assert s.not_entered_days == 15 and s.present_days == 20
    book = AttendanceBook(cal, pupils, class_id="1-1", options=opts)
    assert book.cell("a", date(2024, 6, 10)).state is CellState.NOT_ENTERED
    assert book.cell("a", date(2024, 6, 3)).state is CellState.PRESENT
    closed = AttendanceOptions(missing_day="not_entered", closed_through=date(2024, 6, 30))
    with pytest.raises(FormDataError) as exc:
        _june(pupils, cal, options=closed)
    assert exc.value.errors[0].path == "pupils[0].records"
    assert "2024-06-10" in exc.value.errors[0].message
    # closed through mid-June: only May is closed, June is still open
    mid = AttendanceOptions(missing_day="not_entered", closed_through=date(2024, 6, 15))
    assert _june(pupils, cal, options=mid)["a"].not_entered_days == 15


def test_explicit_not_entered_record_fails_in_closed_month_even_when_missing_means_present() -> None:
    pupils = [{"pupil_id": "a", "records": [_rec(3, "NOT_ENTERED")]}]
    assert _june(pupils)["a"].not_entered_days == 1
    with pytest.raises(FormDataError):
        _june(pupils, options=AttendanceOptions(closed_through=date(2024, 7, 31)))


# ---------------------------------------------------------------- totals-only input
def test_check_totals_completes_derived_values() -> None:
    t = check_totals({"lesson_days": 20, "suspension_days": 2, "absence_days": 3, "late": 1})
    assert (t.required_days, t.present_days, t.late, t.early_leave) == (18, 15, 1, None)


@pytest.mark.parametrize(
    ("totals", "path", "message"),
    [
        ({"lesson_days": -1, "suspension_days": 0, "absence_days": 0}, "att.lesson_days", "負"),
        ({"lesson_days": 20, "suspension_days": 0, "absence_days": -2}, "att.absence_days", "負"),
        ({"lesson_days": 20, "suspension_days": 21, "absence_days": 0}, "att.suspension_days", "超えて"),
        ({"lesson_days": 20, "suspension_days": 5, "absence_days": 16}, "att.absence_days", "出席しなければならない"),
        ({"lesson_days": 20, "suspension_days": 5, "absence_days": 1, "required_days": 16}, "att.required_days", "≠"),
        ({"lesson_days": 20, "suspension_days": 5, "absence_days": 1, "present_days": 15}, "att.present_days", "≠"),
        ({"lesson_days": 20, "suspension_days": 0, "absence_days": 5, "late": 16}, "att.late", "遅刻"),
        ({"lesson_days": "20", "suspension_days": 0, "absence_days": 0}, "att.lesson_days", "整数"),
        ({"lesson_days": 400, "suspension_days": 0, "absence_days": 0}, "att.lesson_days", "366"),
        ({"suspension_days": 0, "absence_days": 0}, "att.lesson_days", "ありません"),
    ],
)
def test_check_totals_rejects_inconsistent_totals(totals: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(FormDataError) as exc:
        check_totals(totals, path="att")
    assert path in [e.path for e in exc.value.errors], exc.value.errors
    assert message in str(exc.value)


def test_check_totals_sum_months_must_equal_year() -> None:
    months = [{"lesson_days": 20, "suspension_days": 1, "absence_days": 2}] * 3
    check_totals_sum(months, {"lesson_days": 60, "suspension_days": 3, "absence_days": 6}, path="att")
    with pytest.raises(FormDataError) as exc:
        check_totals_sum(months, {"lesson_days": 60, "suspension_days": 3, "absence_days": 5}, path="att")
    assert [e.path for e in exc.value.errors] == ["att.total.absence_days", "att.total.present_days"]


def test_check_totals_accepts_the_shared_model() -> None:
    from unified_forms.models.common import AttendanceTotals

    t = check_totals(AttendanceTotals(lesson_days=20, suspension_days=1, absence_days=1))
    assert t.present_days == 18
