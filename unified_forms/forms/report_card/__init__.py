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
    summary='通知表（小・中学校）: 小 3学期制 / 2学期制 / A4 4ページ, 中 3学期制',
    order=5,
)
