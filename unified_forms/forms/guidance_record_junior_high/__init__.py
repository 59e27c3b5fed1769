"""指導要録（中学校） (guidance_record_junior_high)."""

from unified_forms.forms import Form
from unified_forms.forms.guidance_record_junior_high.binding import bind
from unified_forms.forms.guidance_record_junior_high.model import GuidanceRecordJuniorHighInput

FORM = Form(
    id="guidance_record_junior_high",
    title="指導要録（中学校）",
    paper="A4 portrait",
    model=GuidanceRecordJuniorHighInput,
    bind=bind,
    summary='指導要録（中学校）: 9 教科, 評定 1–5, 第1〜3学年',
    order=10,
)
