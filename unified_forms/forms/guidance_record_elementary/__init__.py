"""指導要録（小学校） (guidance_record_elementary)."""

from unified_forms.forms import Form
from unified_forms.forms.guidance_record_elementary.binding import bind
from unified_forms.forms.guidance_record_elementary.model import GuidanceRecordElementaryInput

FORM = Form(
    id="guidance_record_elementary",
    title="指導要録（小学校）",
    paper="A4 portrait",
    model=GuidanceRecordElementaryInput,
    bind=bind,
    summary='指導要録（小学校）: 様式1 学籍 + 様式2 表・裏, 所見 continues on a 別紙',
    order=7,
)
