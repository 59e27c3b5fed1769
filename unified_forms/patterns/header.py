"""Slots every form header prints the same way (P-01: 年度, 学校名, 学級, 担任, 作成日)."""

from __future__ import annotations

from datetime import date

from unified_forms.layout.bound import Slot, Value
from unified_forms.models.common import ClassRef, FiscalYear, School, Teacher
from unified_forms.patterns.dates import wareki


def header_slots(
    fiscal_year: FiscalYear, school: School, homeroom: ClassRef, teacher: Teacher, created_on: date | None = None
) -> dict[str, Slot]:
    return {
        "fiscal_year": fiscal_year.label,
        "school_name": Value(school.name, "school.name"),
        "class_label": homeroom.label,
        "teacher": Value(teacher.name.full_with_alias, "teacher.name"),
        "created": wareki(created_on, prefix="作成日　") if created_on else "",
    }
