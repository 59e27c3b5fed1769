"""山口県学校歯科保健調査票 (forms-spec §4.16): computed from the school's records of the 年度.

The input is every enrolled pupil's record of the 年度 (families/health_checkup/record.py) — the
same records that print each pupil's 健康診断票 — plus who fills the sheet in. Nothing on the sheet
is typed: counts, rates and DMF are computed (dental_tally.py), so they cannot disagree with the
票 they summarise.
"""

from __future__ import annotations

from typing import ClassVar

from unified_forms.families.health_checkup.record import SurveyInput


class DentalHealthSurveyInput(SurveyInput):
    """Input of the 山口県学校歯科保健調査票 (`dental_health_survey`): the school's records of the 年度."""

    form_id: ClassVar[str] = "dental_health_survey"

