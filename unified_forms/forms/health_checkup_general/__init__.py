"""健康診断票（一般） (health_checkup_general)."""

from unified_forms.forms import Form
from unified_forms.forms.health_checkup_general.binding import bind
from unified_forms.forms.health_checkup_general.model import HealthCheckupGeneralInput

FORM = Form(
    id="health_checkup_general",
    title="健康診断票（一般）",
    paper="A4 portrait",
    model=HealthCheckupGeneralInput,
    bind=bind,
    summary="健康診断票（一般）: one column per 学年, 年齢 on 4/1 and 視力 letters derived",
    order=14,
    not_printed={
        "school.address": "学校の所在地: the 健康診断票 prints 学校名 only",
        "school.principal*": "校長: the 健康診断票 has no 校長 field",
    },
)
