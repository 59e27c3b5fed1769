"""Alerts for the render report: things a 担任 or 教頭 must act on, which never block printing.

* 連続欠席 (R-ATT-9). 学校教育法施行令 第20条: when a pupil has not attended for 7 days in
  a row, 休業日 excluded, 「正当な事由がなく」, the 校長 notifies the 市町村教育委員会. The
  software cannot judge 正当な事由, so the set of absence kinds that count is a setting:

  - default (``mode="unjustified"``): ABSENT of kind その他 and ABSENT without a kind count;
    病気 and 事故 are usually notified by the family and treated as justified;
  - ``mode="all"``: every ABSENT counts (for schools that review every long absence);
  - ``counted_kinds=...``: any explicit set of kinds (``None`` in it = no kind given).

  The run is over the class's 授業日 (休業日 are not days of the run). A day the pupil was
  present (incl. 遅刻/早退) or 出席扱い breaks the run; days on which the pupil was not
  required or not recorded — 出席停止, 学級閉鎖, 忌引, 未入力 — and absences of a kind that
  does not count are neutral: they neither break the run nor add to it. Neutral rather than
  breaking because missing a 第20条 case is worse than one alert too many.
* 月の締め (forms-spec §4.2(f) data locking): a month printed before it is closed
  (``AttendanceOptions.closed_through``) gets an alert, and so does every 未入力 授業日 in it.

All functions here return lists of :class:`Alert` and never raise for a built book.
Alerts name the pupil by ``pupil_id`` only (no names in reports).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from unified_forms.attendance.records import AbsenceKind, AttendanceBook, CellState, Code, CompiledPupil

DEFAULT_COUNTED_KINDS: frozenset[str | None] = frozenset({AbsenceKind.OTHER.value, None})
ALL_KINDS: frozenset[str | None] = frozenset({*(k.value for k in AbsenceKind), None})
CONSECUTIVE_DAYS = 7  # 学校教育法施行令 第20条

_NEUTRAL_CODES = frozenset({Code.SUSPENDED, Code.MOURNING, Code.NOT_ENTERED})


@dataclass(frozen=True, slots=True)
class Alert:
    code: Literal["consecutive_absence", "month_not_closed", "not_entered"]
    message: str
    pupil_id: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    count: int | None = None


def _runs(
    book: AttendanceBook, cp: CompiledPupil, hi: int, counted: Collection[str | None]
) -> list[tuple[int, int, int]]:
    """Runs of counted absences (first idx, last idx, days) in lesson indices [cp.lo, hi)."""
    not_entered_mode = book.options.missing_day == "not_entered"
    closure_idx = book.closure_idx
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    count = 0
    prev = -1

    def gap_is_neutral(a: int, b: int) -> bool:
        """Are all lesson days strictly between a and b days that do not break a run?"""
        gap = b - a - 1
        if gap <= 0:
            return True
        if not_entered_mode:  # unrecorded days are 未入力 (neutral), recorded plain days are 出席
            return bisect_left(cp.recorded, b) - bisect_left(cp.recorded, a + 1) == 0
        return bisect_left(closure_idx, b) - bisect_left(closure_idx, a + 1) == gap

    def close() -> None:
        nonlocal count, first, last
        if count:
            runs.append((first, last, count))
        count, first, last = 0, -1, -1

    start = bisect_left(cp.ev_idx, cp.lo)
    stop = bisect_left(cp.ev_idx, min(hi, cp.hi))
    for e in range(start, stop):
        idx = cp.ev_idx[e]
        code, kind = cp.ev[e][0], cp.ev[e][1]
        if count and not gap_is_neutral(prev, idx):
            close()
        if code == Code.ABSENT and kind in counted:
            if not count:
                first = idx
            count += 1
            last = idx
        elif code in _NEUTRAL_CODES or code == Code.ABSENT:
            pass
        else:  # PRESENT with 遅刻/早退, SCHOOL_APPROVED: attended
            close()
        prev = idx
    close()
    return runs


def consecutive_absence_alerts(
    book: AttendanceBook,
    start: date | None = None,
    end: date | None = None,
    *,
    threshold: int = CONSECUTIVE_DAYS,
    mode: Literal["unjustified", "all"] = "unjustified",
    counted_kinds: Collection[str | None] | None = None,
) -> list[Alert]:
    """Runs of ≥ ``threshold`` counted absences that end in [start, end] (default: the 年度).

    Runs are followed from the start of the 年度 (or enrolment), so a run that began last
    month and reaches 7 this month is reported with its real first day and length.
    """
    cal = book.calendar
    start = start or cal.year_start
    end = end or cal.year_end
    counted = counted_kinds if counted_kinds is not None else (ALL_KINDS if mode == "all" else DEFAULT_COUNTED_KINDS)
    _, hi = book.window(cal.year_start, end)
    alerts: list[Alert] = []
    for cp in book.compiled:
        for first, last, count in _runs(book, cp, hi, counted):
            last_day = book.lesson_days[last]
            if count >= threshold and last_day >= start:
                first_day = book.lesson_days[first]
                alerts.append(
                    Alert(
                        code="consecutive_absence",
                        message=(
                            f"{count}日連続の欠席（{first_day}〜{last_day}）: "
                            "学校教育法施行令第20条による教育委員会への通知を確認してください"
                        ),
                        pupil_id=cp.pupil_id,
                        first_day=first_day,
                        last_day=last_day,
                        count=count,
                    )
                )
    return alerts


def month_close_alerts(book: AttendanceBook, year: int, month: int) -> list[Alert]:
    """A month not yet closed, and its 未入力 授業日 per pupil."""
    if book.options.month_closed(year, month):
        return []
    first, last = book.calendar.month_period(year, month)
    alerts = [
        Alert(
            code="month_not_closed",
            message=f"{year}年{month}月の出欠はまだ締められていません（集計は暫定です）",
            first_day=first,
            last_day=last,
        )
    ]
    lo, hi = book.window(first, last)
    for pos, cp in enumerate(book.compiled):
        missing = [
            book.lesson_days[i]
            for i in range(max(lo, cp.lo), min(hi, cp.hi))
            if book.cell(pos, book.lesson_days[i]).state is CellState.NOT_ENTERED
        ]
        if missing:
            alerts.append(
                Alert(
                    code="not_entered",
                    message=f"未入力の授業日が{len(missing)}日あります（{missing[0]}〜）",
                    pupil_id=cp.pupil_id,
                    first_day=missing[0],
                    last_day=missing[-1],
                    count=len(missing),
                )
            )
    return alerts


def month_alerts(
    book: AttendanceBook,
    year: int,
    month: int,
    *,
    threshold: int = CONSECUTIVE_DAYS,
    mode: Literal["unjustified", "all"] = "unjustified",
    counted_kinds: Collection[str | None] | None = None,
) -> list[Alert]:
    """Everything the 出席簿 of one month reports: 締め, 未入力, 連続欠席 ending in the month."""
    first, last = book.calendar.month_period(year, month)
    return month_close_alerts(book, year, month) + consecutive_absence_alerts(
        book, first, last, threshold=threshold, mode=mode, counted_kinds=counted_kinds
    )
