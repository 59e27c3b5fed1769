"""週案 (weekly_plan)."""

from unified_forms.forms import Form
from unified_forms.forms.weekly_plan.binding import bind
from unified_forms.forms.weekly_plan.model import WeeklyPlanInput

FORM = Form(
    id="weekly_plan",
    title="週案",
    paper="A4 landscape",
    model=WeeklyPlanInput,
    bind=bind,
    summary=(
        "週案: 曜日 × 校時 grid (準備物・評価), 日課・下校, 授業時数 今週・累計・計画・過不足, 週の反省, "
        "管理職コメント"
    ),
    order=19,
    not_printed={
        "school.address": "学校の所在地: the 週案 header has 学校名 only",
        "school.principal*": "校長: the 週案 has a 検印 box, not a printed name",
    },
)
