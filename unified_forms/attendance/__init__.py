"""School calendar, daily attendance and the one aggregate behind every 出欠の記録 (P-12).

The 出席簿, 通知表, 指導要録 and 調査書 must print the same numbers, so all of them go
through :func:`summarize` (or an :class:`AttendanceBook` and the period helpers)::

    from unified_forms import attendance as att

    cal = att.SchoolCalendar.parse(calendar_dict)
    book = att.AttendanceBook(cal, pupils, class_id="2-1")   # checks every record once
    june = att.summarize_month(book, 2024, 6)                # {pupil_id: AttendanceSummary}
    year = att.summarize_year(book)
    alerts = att.month_alerts(book, 2024, 6)                 # never raises
    mark = att.mark_for(book.cell("p07", date(2024, 6, 12)))  # 「／」, 「遅」 …

For systems that only keep totals, :func:`check_totals` validates them against P-12.
"""

from unified_forms.attendance.alerts import (
    Alert,
    consecutive_absence_alerts,
    month_alerts,
    month_close_alerts,
)
from unified_forms.attendance.calendar import (
    ClassClosure,
    ClassDaysOff,
    DateRange,
    DayInfo,
    DayKind,
    SchoolCalendar,
    SchoolClosure,
    Term,
    TermSystem,
    national_holidays,
)
from unified_forms.attendance.legend import (
    DEFAULT_LEGEND,
    Legend,
    legend_items,
    mark_for,
    strikes_outside_enrolment,
)
from unified_forms.attendance.records import (
    AbsenceKind,
    ApprovedKind,
    AttendanceBook,
    AttendanceOptions,
    CellState,
    DailyRecord,
    DayCell,
    PupilAttendance,
    Status,
    SuspensionKind,
)
from unified_forms.attendance.summarize import (
    AttendanceSummary,
    PeriodTotals,
    add_totals,
    attendance_rate,
    check_totals,
    check_totals_sum,
    summarize,
    summarize_book,
    summarize_month,
    summarize_term,
    summarize_to_date,
    summarize_year,
)

__all__ = [
    "DEFAULT_LEGEND",
    "AbsenceKind",
    "Alert",
    "ApprovedKind",
    "AttendanceBook",
    "AttendanceOptions",
    "AttendanceSummary",
    "CellState",
    "ClassClosure",
    "ClassDaysOff",
    "DailyRecord",
    "DateRange",
    "DayCell",
    "DayInfo",
    "DayKind",
    "Legend",
    "PeriodTotals",
    "PupilAttendance",
    "SchoolCalendar",
    "SchoolClosure",
    "Status",
    "SuspensionKind",
    "Term",
    "TermSystem",
    "add_totals",
    "attendance_rate",
    "check_totals",
    "check_totals_sum",
    "consecutive_absence_alerts",
    "legend_items",
    "mark_for",
    "month_alerts",
    "month_close_alerts",
    "national_holidays",
    "strikes_outside_enrolment",
    "summarize",
    "summarize_book",
    "summarize_month",
    "summarize_term",
    "summarize_to_date",
    "summarize_year",
]
