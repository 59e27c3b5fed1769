"""山口県学校歯科保健調査票 (dental_health_survey): computed from the school's health records.

``to_csv(data)`` gives the same numbers as CSV text for upload (see :mod:`.export`).
"""

from unified_forms.forms import Form
from unified_forms.forms.dental_health_survey.binding import bind
from unified_forms.forms.dental_health_survey.export import to_csv
from unified_forms.forms.dental_health_survey.model import DentalHealthSurveyInput

__all__ = ["FORM", "to_csv"]

FORM = Form(
    id="dental_health_survey",
    title="山口県学校歯科保健調査票",
    paper="A4 landscape",
    model=DentalHealthSurveyInput,
    bind=bind,
    summary="山口県学校歯科保健調査票: 学年×男女 counts, rates and DMF computed from every pupil's 歯・口腔 record "
    "(P-19; column set chosen in the layout; to_csv for upload)",
    order=17,
    not_printed={
        "school.address": "学校の所在地: the 調査票 prints 学校名",
        "school.code": "学校コード: the 調査票 prints 学校名 (the CSV is keyed by the prefecture's upload)",
        "records[]*": "児童生徒の記録: counted, not printed one by one "
        "(a pupil without 歯式 is listed by 学年・組・番号)",
    },
)
