"""健康診断票（一般） (forms-spec §4.14): one pupil's cumulative record, one column a 学年.

The input is the pupil's card of yearly records (families/health_checkup/record.py): the same
JSON prints the 歯・口腔 票, feeds the 治療勧告書 and, with the other pupils of the 年度, the two
surveys. Every rule of the record is checked there, at the path the school system typed.
"""

from __future__ import annotations

from typing import ClassVar

from unified_forms.families.health_checkup.record import PupilHealthCard


class HealthCheckupGeneralInput(PupilHealthCard):
    """Input of the 健康診断票（一般） (`health_checkup_general`): the pupil's yearly health records."""

    form_id: ClassVar[str] = "health_checkup_general"
