"""出席簿 (attendance_register)."""

from unified_forms.forms import Form
from unified_forms.forms.attendance_register.binding import bind
from unified_forms.forms.attendance_register.model import AttendanceRegisterInput

FORM = Form(
    id="attendance_register",
    title="出席簿",
    paper="A3 landscape (A4 landscape option)",
    model=AttendanceRegisterInput,
    bind=bind,
    summary='出席簿 (one month per sheet, from daily records or checked totals)',
    order=2,
)
