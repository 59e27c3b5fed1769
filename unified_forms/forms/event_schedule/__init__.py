"""行事予定 (event_schedule)."""

from unified_forms.forms import Form
from unified_forms.forms.event_schedule.binding import bind
from unified_forms.forms.event_schedule.model import EventScheduleInput

FORM = Form(
    id="event_schedule",
    title="行事予定",
    paper="A4 portrait (年間: A3 landscape)",
    model=EventScheduleInput,
    bind=bind,
    summary='行事予定: 月間 (one row per day, 休業日 shaded, 授業日数) / 年間 (`period: "年間"`)',
    order=20,
)
