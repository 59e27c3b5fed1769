"""What the 小学校 and 中学校 指導要録 bindings share: 学年 columns, 学籍 events, marks, 学級 rows.

Both records have the same 学籍 and per-学年 structure (forms-spec P-03, P-04, P-09, P-10);
only the subjects, the number of 学年 and some labels differ, so one piece of code fills
the shared slots for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from unified_forms.attendance import check_totals
from unified_forms.layout.bound import Row, Slot, Value
from unified_forms.models.wareki import format_date, to_full_width_digits
from unified_forms.patterns.attendance import AttendanceColumn, attendance_rows
from unified_forms.patterns.dates import wareki

if TYPE_CHECKING:  # the variants import this module; it only needs their types
    from unified_forms.forms.guidance_record_elementary.model import GuidanceRecordElementaryInput
    from unified_forms.forms.guidance_record_elementary.model import YearRecord as ElementaryYear
    from unified_forms.forms.guidance_record_junior_high.model import GuidanceRecordJuniorHighInput
    from unified_forms.forms.guidance_record_junior_high.model import YearRecord as JuniorHighYear

GuidanceInput: TypeAlias = "GuidanceRecordElementaryInput | GuidanceRecordJuniorHighInput"
YearRecordType: TypeAlias = "ElementaryYear | JuniorHighYear"


def grade_key(grade: int) -> str:
    return f"g{grade}"


def full_width(n: int) -> str:
    return to_full_width_digits(str(n))


def grade_label(grade: int) -> str:
    return f"第{full_width(grade)}学年"


def years_by_grade(m: GuidanceInput) -> dict[int, tuple[str, YearRecordType]]:
    return {y.grade: (f"years[{i}]", y) for i, y in enumerate(m.years)}


def mark_rows(m: GuidanceInput, items: tuple[str, ...], field: str) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for k, item in enumerate(items):
        row: Row = {"item": item}
        for g, (base, y) in years.items():
            marks = getattr(y, field)
            if k < len(marks) and marks[k]:
                row[grade_key(g)] = Value(marks[k], f"{base}.{field}[{k}]")
        rows.append(row)
    return rows


def attendance_rows_by_grade(m: GuidanceInput) -> list[Row]:
    """P-12 with one column per 学年 reached, from totals checked by the attendance aggregate."""
    columns = []
    for g, (base, y) in years_by_grade(m).items():
        if y.attendance is not None:
            totals = check_totals(y.attendance, path=f"{base}.attendance")
            columns.append(AttendanceColumn(grade_key(g), totals, f"{base}.attendance", y.attendance.remarks))
    return attendance_rows(columns)


def class_rows(m: GuidanceInput) -> list[Row]:
    kumi: Row = {"item": "学級"}
    number: Row = {"item": "整理番号"}
    for g, (base, y) in years_by_grade(m).items():
        kumi[grade_key(g)] = Value(y.kumi, f"{base}.kumi")
        number[grade_key(g)] = Value(str(y.number), f"{base}.number")
    return [kumi, number]


def event_slots(m: GuidanceInput) -> dict[str, Slot]:
    out: dict[str, Slot] = dict.fromkeys(("admission", "transfer_in", "leaving", "graduation", "next_school"), "")
    if m.admission is not None:
        a = m.admission
        text = f"{format_date(a.date)}　第{full_width(a.grade)}学年{a.kind}"
        if a.note:
            text += f"\n{a.note}"
        out["admission"] = Value(text, "admission")
    if m.transfer_in is not None:
        t = m.transfer_in
        text = f"{format_date(t.date)}　第{full_width(t.grade)}学年転入学\n{t.previous_school}"
        if t.reason:
            text += f"\n{t.reason}"
        out["transfer_in"] = Value(text, "transfer_in")
    if m.leaving is not None:
        lv = m.leaving
        lines = []
        if lv.accepted_date is not None:
            lines.append(f"（{format_date(lv.accepted_date)}）")
        lines.append(f"{format_date(lv.left_date)}　{lv.kind}")
        if lv.destination:
            grade = f"　第{full_width(lv.grade)}学年に転入" if lv.grade else ""
            lines.append(f"{lv.destination}{grade}")
        if lv.reason:
            lines.append(lv.reason)
        out["leaving"] = Value("\n".join(lines), "leaving")
    if m.graduation_date is not None:
        out["graduation"] = wareki(m.graduation_date, "graduation_date")
    if m.next_school:
        out["next_school"] = Value(m.next_school, "next_school")
    return out
