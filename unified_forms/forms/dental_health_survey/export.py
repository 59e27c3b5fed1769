"""The 歯科保健調査票 as CSV, for upload: the rows of the sheet in the order of its entry columns.

``to_csv(data)`` validates the records like rendering does (FormDataError on bad input) and returns
the text: a header row (学年, 性別, then each column as 「group・label」 with its unit), the rows
第1学年 男・女・計 … 合計, then the 12歳 rows. Columns follow the national order of
:data:`dental_tally.COLUMNS`; a prefecture whose upload wants another order or subset passes
``keys``. Numbers are as printed (rates 1 decimal, means 2 decimals, 「…」 for no 受検者).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from unified_forms.families.health_checkup.dental_tally import COLUMNS
from unified_forms.families.health_checkup.tally import choose, csv_rows
from unified_forms.forms.dental_health_survey.model import DentalHealthSurveyInput
from unified_forms.forms.dental_health_survey.tables import survey_tables
from unified_forms.models.errors_map import validate_model


def to_csv(data: dict[str, Any] | DentalHealthSurveyInput, keys: Sequence[str] | None = None) -> str:
    """The survey's rows as CSV text (header first; CRLF line ends, as spreadsheet uploads expect)."""
    m = validate_model(DentalHealthSurveyInput, data, form_id="dental_health_survey")
    t = survey_tables(m)
    columns = choose(COLUMNS, keys)
    table = csv_rows(t.by_grade, columns, "学年") + csv_rows(t.twelve, columns, "年齢")[1:]
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue()
