"""通知表（小・中学校） (report_card)."""

from unified_forms.families.report_card.binding import bind
from unified_forms.families.report_card.model import ReportCardInput
from unified_forms.forms import Form

FORM = Form(
    id="report_card",
    title="通知表（小・中学校）",
    paper="A3 landscape folded / A4",
    model=ReportCardInput,
    bind=bind,
    summary="通知表（小・中学校）: 小 3学期制 / 2学期制 / A4 4ページ, 中 3学期制 / 2学期制; 出欠 集計期間 printed",
    order=5,
    not_printed={
        "school.address": "学校の所在地: the 通知表 cover prints 学校名 only",
        "attendance.calendar.*": "the school calendar is used to count 出欠, it is not printed",
        "attendance.pupil.records[].kind": "daily records are counted into the 出欠 totals, not printed one by one",
        "attendance.pupil.records[].reason": "daily records are counted into the 出欠 totals, not printed one by one",
    },
)
