"""健康診断票（一般） (health_checkup_general)."""

from unified_forms.families.health_checkup.card import CARD_NOT_PRINTED
from unified_forms.forms import Form
from unified_forms.forms.health_checkup_general.binding import bind
from unified_forms.forms.health_checkup_general.model import HealthCheckupGeneralInput

FORM = Form(
    id="health_checkup_general",
    title="健康診断票（一般）",
    paper="A4 portrait",
    model=HealthCheckupGeneralInput,
    bind=bind,
    summary="健康診断票（一般）: coded yearly records; 聴力 ○ = could not hear (with dB), 尿 第1次・第2次 rows",
    order=14,
    not_printed={
        **CARD_NOT_PRINTED,
        "years[].dental*": "歯・口腔: the same record prints it on the 健康診断票（歯・口腔）",
        "years[].general.measured_on": "測定日: the 様式 has no column for it (the 年度 check uses it)",
        "years[].general.*.date": "検査日 (視力・聴力・心電図・尿): the 治療勧告書 prints them; the 様式 has no column",
        "years[].general.urine.*.date": "尿の検査日: the 治療勧告書 prints them; the 様式 has no column",
    },
)
