"""調査書 (transcript)."""

from unified_forms.forms import Form
from unified_forms.forms.transcript.binding import bind
from unified_forms.forms.transcript.model import TranscriptInput

FORM = Form(
    id="transcript",
    title="調査書",
    paper="A4 portrait",
    model=TranscriptInput,
    bind=bind,
    summary="調査書 (山口県 shape): 志願校 第一・第二志願, 観点 A・C only, 評定, 5教科・9教科・3年間 totals computed",
    order=13,
    not_printed={
        "student.off_age_reason": "学齢と異なる学年の理由: only lifts the 学年/生年月日 check (school_age)",
    },
    embed_data_by_default=True,
)
