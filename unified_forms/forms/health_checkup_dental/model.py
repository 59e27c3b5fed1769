"""健康診断票（歯・口腔） (forms-spec §4.14(e)): one pupil's cumulative record, one row a 学年.

The input is the pupil's card of yearly records (families/health_checkup/record.py), the same JSON
as the 一般 票; this form prints the 歯・口腔 part of each year (dental.py has its rules).
"""

from __future__ import annotations

from typing import ClassVar

from unified_forms.families.health_checkup.record import PupilHealthCard


class HealthCheckupDentalInput(PupilHealthCard):
    """Input of the 健康診断票（歯・口腔） (`health_checkup_dental`): the pupil's yearly health records."""

    form_id: ClassVar[str] = "health_checkup_dental"
