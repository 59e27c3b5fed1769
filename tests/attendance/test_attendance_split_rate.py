"""出席停止 and 忌引 apart, 延べ日数 and 出席率 (issue 13: the 出席簿 prints them apart and adds 月計)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unified_forms.attendance import (
    PeriodTotals,
    SchoolCalendar,
    add_totals,
    attendance_rate,
    check_totals,
    summarize,
)
from unified_forms.errors import FormDataError


def _rec(day: int, status: str, **kw: str) -> dict[str, str]:
    return {"date": date(2024, 6, day).isoformat(), "status": status, **kw}


def test_the_summary_keeps_stop_and_mourning_apart_in_its_totals() -> None:
    cal = SchoolCalendar.typical(
        2024, class_closures=[{"class_ids": ["1-1"], "start": "2024-06-13", "end": "2024-06-13", "reason": "風邪"}]
    )
    pupils = [{"pupil_id": "a", "records": [_rec(3, "SUSPENDED", kind="感染症"), _rec(4, "MOURNING", reason="祖父")]}]
    t = summarize(cal, pupils, date(2024, 6, 1), date(2024, 6, 30), class_id="1-1")["a"].totals()
    assert (t.suspension_days, t.stop_days, t.mourning_days) == (3, 2, 1)  # the 学級閉鎖 day is 出席停止


@pytest.mark.parametrize(
    ("given", "split"),
    [
        ({}, (None, None)),
        ({"stop_days": 2, "mourning_days": 1}, (2, 1)),
        ({"stop_days": 2}, (2, 1)),  # one given: the other is the rest
        ({"mourning_days": 3}, (0, 3)),
    ],
)
def test_totals_input_may_split_suspension(given: dict[str, int], split: tuple[int | None, int | None]) -> None:
    t = check_totals({"lesson_days": 20, "suspension_days": 3, "absence_days": 1, **given})
    assert (t.stop_days, t.mourning_days) == split


@pytest.mark.parametrize(
    ("given", "path"),
    [
        ({"stop_days": 2, "mourning_days": 2}, "t.stop_days"),
        ({"mourning_days": 4}, "t.mourning_days"),
        ({"stop_days": -1}, "t.stop_days"),
    ],
)
def test_a_split_that_does_not_add_up_is_refused(given: dict[str, int], path: str) -> None:
    with pytest.raises(FormDataError) as info:
        check_totals({"lesson_days": 20, "suspension_days": 3, "absence_days": 1, **given}, path="t")
    assert path in {e.path for e in info.value.errors}


def test_add_totals_sums_the_split_only_when_every_part_knows_it() -> None:
    a = check_totals({"lesson_days": 20, "suspension_days": 3, "absence_days": 1, "stop_days": 1})
    b = check_totals({"lesson_days": 18, "suspension_days": 1, "absence_days": 0, "mourning_days": 1})
    c = check_totals({"lesson_days": 18, "suspension_days": 1, "absence_days": 0})
    assert (add_totals(a, b).stop_days, add_totals(a, b).mourning_days) == (1, 3)
    assert add_totals(a, c).stop_days is None


def _present_of(present: int, required: int) -> PeriodTotals:
    return PeriodTotals(
        lesson_days=required,
        suspension_days=0,
        required_days=required,
        absence_days=required - present,
        present_days=present,
    )


@pytest.mark.parametrize(
    ("present", "required", "rate"),
    [(593, 600, Decimal("98.8")), (199, 200, Decimal("99.5")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7"))],
)
def test_attendance_rate_is_rounded_half_up_to_one_decimal(present: int, required: int, rate: Decimal) -> None:
    t = _present_of(present, required)
    assert attendance_rate(t) == rate


def test_no_rate_without_a_required_day() -> None:
    t = PeriodTotals(lesson_days=2, suspension_days=2, required_days=0, absence_days=0, present_days=0)
    assert attendance_rate(t) is None


@given(st.integers(1, 5000), st.data())
def test_rate_is_within_bounds_and_exact(required: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(0, required))
    t = _present_of(present, required)
    rate = attendance_rate(t)
    assert rate is not None and Decimal(0) <= rate <= Decimal(100)
    assert abs(rate - Decimal(present * 100) / required) <= Decimal("0.05")
