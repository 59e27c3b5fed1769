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
    summary="出席簿: one month per sheet, 在籍外 struck, 出停・忌引 apart, 月計・出席率, 年間累計 of every item",
    order=2,
    not_printed={
        "school.principal*": "校長: the 出席簿 has a 検印 box, not a printed name",
        "calendar.terms[].name": "学期 names: the monthly sheet counts days, it does not name the 学期",
        "calendar.vacations[].name": "休業日 names: vacation days print shaded, unnamed",
        "calendar.class_closures[].reason": "a 学級閉鎖 prints (with its reason) in the 記事 of the month it falls in",
        "pupils[].name.kana_*": "ふりがな: the legal register prints 氏名 only",
        "pupils[].records[].kind": "the kind of each day prints as its legend mark (凡例), not as text",
        "pupils[].records[].reason": "reasons of absence stay in the data; the sheet prints legend marks",
    },
)
