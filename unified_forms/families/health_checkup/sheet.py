"""What both survey sheets print above their tables: 年度, 学校名, 作成日, 校長, 記入者."""

from __future__ import annotations

from unified_forms.families.health_checkup.record import SurveyInput
from unified_forms.layout.bound import Slot, Value
from unified_forms.patterns.dates import wareki


def survey_slots(m: SurveyInput) -> dict[str, Slot]:
    recorder: Slot = ""
    if m.recorder is not None:
        role = f"{m.recorder.role}　" if m.recorder.role else ""
        recorder = Value(f"記入者　{role}{m.recorder.name.full_with_alias}", "recorder")
    return {
        "fiscal_year": m.fiscal_year.label,
        "school_name": Value(m.school.name, "school.name"),
        "created": wareki(m.created_on, prefix="作成日　") if m.created_on else "",
        "principal": Value(f"校長　{m.school.principal.name.full_with_alias}", "school.principal"),
        "recorder": recorder,
    }
