"""健康診断票（歯・口腔） (health_checkup_dental)."""

from unified_forms.forms import Form
from unified_forms.forms.health_checkup_dental.binding import bind
from unified_forms.forms.health_checkup_dental.model import HealthCheckupDentalInput

FORM = Form(
    id="health_checkup_dental",
    title="健康診断票（歯・口腔）",
    paper="A4 portrait",
    model=HealthCheckupDentalInput,
    bind=bind,
    summary="健康診断票（歯・口腔）: 歯式 per 学年, 歯の状態 counts derived from the symbols",
    order=15,
    not_printed={
        "school.address": "学校の所在地: the 健康診断票 prints 学校名 only",
        "school.principal*": "校長: the 健康診断票 has no 校長 field",
    },
)
