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
    summary="治療勧告書: results of one 検査 read from the record (歯式 positions, 視力 A〜D, 聴力 dB, 尿 1次・2次), "
    "signed 学校歯科医 on a 歯科 notice, キリトリ線 + 受診結果報告書 with 治療完了（済）",
    order=16,
    flags=frozenset({"dental", "general_exam"}),
    not_printed={
        "pupil.kana_*": "ふりがな: the notice to parents addresses the pupil by 氏名",
        "school.address": "学校の所在地: the notice prints 学校名 and 校長名",
        "school.code": "学校コード: not printed on a notice to parents",
        "record.*": "その年度の記録: the notice prints the results of its own 検査 read from it (tested per 検査); "
        "the rest of the year is on the 健康診断票",
    },
)
