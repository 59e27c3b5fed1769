"""個別の教育支援計画 (individual_support_plan)."""

from unified_forms.families.individual_plan.binding import bind_support as bind
from unified_forms.families.individual_plan.model import IndividualSupportPlanInput
from unified_forms.forms import Form

FORM = Form(
    id="individual_support_plan",
    title="個別の教育支援計画",
    paper="A4 portrait",
    model=IndividualSupportPlanInput,
    bind=bind,
    summary=(
        "個別の教育支援計画: 本人・保護者の願い, 実態・生育歴, 長期・短期目標, 支援内容, 関係機関, 支援会議, "
        "評価, 同意欄"
    ),
    order=21,
    not_printed={
        "school.principal*": "校長: the plan is signed by its 作成者",
        "school.address": "学校の所在地: the plan's header has 学校名 only",
        "off_age_reason": "学齢と異なる学年の理由: only lifts the 学年/生年月日 check (school_age)",
    },
)
