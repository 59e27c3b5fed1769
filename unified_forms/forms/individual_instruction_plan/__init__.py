"""個別の指導計画 (individual_instruction_plan)."""

from unified_forms.families.individual_plan.binding import bind_instruction as bind
from unified_forms.families.individual_plan.model import IndividualInstructionPlanInput
from unified_forms.forms import Form

FORM = Form(
    id="individual_instruction_plan",
    title="個別の指導計画",
    paper="A4 portrait",
    model=IndividualInstructionPlanInput,
    bind=bind,
    summary=(
        "個別の指導計画: 実態, 年間目標, one sheet per 学期 (教科等 × 目標・手立て・評価), 次学期への課題, "
        "保護者確認"
    ),
    order=22,
    not_printed={
        "school.principal*": "校長: the plan is signed by its 作成者",
        "school.address": "学校の所在地: the plan's header has 学校名 only",
    },
)
