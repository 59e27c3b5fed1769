"""健康診断票（歯・口腔） (health_checkup_dental)."""

from unified_forms.families.health_checkup.card import CARD_NOT_PRINTED
from unified_forms.forms import Form
from unified_forms.forms.health_checkup_dental.binding import bind
from unified_forms.forms.health_checkup_dental.model import HealthCheckupDentalInput

FORM = Form(
    id="health_checkup_dental",
    title="健康診断票（歯・口腔）",
    paper="A4 portrait",
    model=HealthCheckupDentalInput,
    bind=bind,
    summary="健康診断票（歯・口腔）: 歯式 per 学年 with 右/左, 歯の状態 counts derived from the symbols",
    order=15,
    flags=frozenset({"six_years"}),
    not_printed={
        **CARD_NOT_PRINTED,
        "years[].kumi": "組・番号: the 歯・口腔 様式 has no 組・番号 row (the 一般 票 prints it)",
        "years[].general*": "一般: the same record prints it on the 健康診断票（一般）",
    },
)
