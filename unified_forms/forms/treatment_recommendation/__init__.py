"""治療勧告書 (treatment_recommendation)."""

from unified_forms.forms import Form
from unified_forms.forms.treatment_recommendation.binding import bind
from unified_forms.forms.treatment_recommendation.model import TreatmentRecommendationInput

FORM = Form(
    id="treatment_recommendation",
    title="治療勧告書",
    paper="A4 portrait with reply slip",
    model=TreatmentRecommendationInput,
    bind=bind,
    summary="治療勧告書: notice + キリトリ線 + 受診結果報告 reply slip",
    order=16,
    not_printed={
        "pupil.kana_*": "ふりがな: the notice to parents addresses the pupil by 氏名",
    },
)
