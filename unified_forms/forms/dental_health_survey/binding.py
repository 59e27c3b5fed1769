"""Binding of the 山口県学校歯科保健調査票: the school's records → P-19 tables (three pages + 12歳).

All numbers come from :func:`survey_tables` (the same as the CSV): the P-19 rows carry every
column of the catalogue and each page's placement chooses its columns (``keys``). A pupil listed
without a 歯式 is 在籍 but not a 受検者: the sheet lists them by 学年・組・番号 (no name goes to the
prefecture) and the render report has one alert each, with the record's path.
"""

from __future__ import annotations

from typing import Any

from unified_forms.families.health_checkup.dental_tally import COLUMNS
from unified_forms.families.health_checkup.sheet import survey_slots
from unified_forms.families.health_checkup.tally import column_items, rows
from unified_forms.forms.dental_health_survey.model import DentalHealthSurveyInput
from unified_forms.forms.dental_health_survey.tables import survey_tables
from unified_forms.layout.bound import Bound, Slot


def _not_examined_note(m: DentalHealthSurveyInput, missing: list[int]) -> str:
    if not missing:
        return "歯科検診を受けていない者（受検者数に含めない）: なし"
    seats = "、".join(m.seat(i) for i in missing)
    return f"歯科検診を受けていない者（受検者数に含めない）: {len(missing)}人（{seats}）"


def _alerts(m: DentalHealthSurveyInput, missing: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "code": "dental_not_examined",
            "message": f"{m.seat(i)}: 歯・口腔の記録（歯式）がないため受検者に数えていません",
            "path": f"records[{i}].dental",
            "count": 1,
        }
        for i in missing
    ]


def bind(m: DentalHealthSurveyInput) -> Bound:
    t = survey_tables(m)
    slots: dict[str, Slot] = {**survey_slots(m), "not_examined": _not_examined_note(m, t.not_examined)}
    return Bound(
        slots=slots,
        lists={
            "tally_columns": column_items(COLUMNS),
            "tally_rows": rows(t.by_grade, COLUMNS),
            "twelve_rows": rows(t.twelve, COLUMNS),
        },
        sheet_name="学校歯科保健調査票",
        alerts=_alerts(m, t.not_examined),
    )
