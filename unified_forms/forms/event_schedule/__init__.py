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
    summary=(
        "行事予定: 月間 (one row per day, 休業日 shaded, 授業日数) / 年間 (曜日 column, "
        "holidays in vacations, 年間授業日数)"
    ),
    order=20,
    not_printed={
        "school.address": "学校の所在地: the 行事予定 header has 学校名 only",
        "school.principal*": "校長: the 行事予定 has no 校長 field",
        "calendar.terms[].name": "学期 names: the calendar counts 授業日数, it does not print the 学期",
        "calendar.vacations[].name": "printed on the vacation's days of the month shown (【夏季休業】), not otherwise",
    },
)
