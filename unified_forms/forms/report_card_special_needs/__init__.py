"""通知表（特別支援学級） (report_card_special_needs)."""

from unified_forms.families.report_card.binding import bind
from unified_forms.families.report_card.model import ReportCardSpecialNeedsInput
from unified_forms.forms import Form

FORM = Form(
    id="report_card_special_needs",
    title="通知表（特別支援学級）",
    paper="A3 landscape folded / A4",
    model=ReportCardSpecialNeedsInput,
    bind=bind,
    summary="通知表（特別支援学級）: 知的障がい / 知的障がい以外",
    order=6,
    not_printed={
        "school.address": "学校の所在地: the 通知表 cover prints 学校名 only",
        "attendance.calendar.*": "the school calendar is used to count 出欠, it is not printed",
        "attendance.pupil.records[].kind": "daily records are counted into the 出欠 totals, not printed one by one",
        "attendance.pupil.records[].reason": "daily records are counted into the 出欠 totals, not printed one by one",
    },
)
