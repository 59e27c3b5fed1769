"""成績個表 (grade_sheet)."""

from unified_forms.forms import Form
from unified_forms.forms.grade_sheet.binding import bind
from unified_forms.forms.grade_sheet.model import GradeSheetInput

FORM = Form(
    id="grade_sheet",
    title="成績個表",
    paper="A4 portrait",
    model=GradeSheetInput,
    bind=bind,
    summary="成績個表: 教科 × 観点・評定 × 学期, 得点, 総合 computed (fewer 教科 marked), 席次, 科目所見, 作成日",
    order=4,
    not_printed={
        "school.address": "学校の所在地: the 成績個表 header has 学校名 only",
        "school.principal*": "校長: the 成績個表 has no 校長 field",
    },
)
