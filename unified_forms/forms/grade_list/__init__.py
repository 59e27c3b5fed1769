"""成績一覧表 (grade_list)."""

from unified_forms.forms import Form
from unified_forms.forms.grade_list.binding import bind
from unified_forms.forms.grade_list.model import GradeListInput

FORM = Form(
    id="grade_list",
    title="成績一覧表",
    paper="A3 landscape",
    model=GradeListInput,
    bind=bind,
    summary=(
        "成績一覧表: pupils × 教科 評定, 5教科・全教科 合計・平均 (fewer 教科 marked), 評定分布, 席次, "
        "学級・学年平均, 朱点 ※ (red option), 素点 sheet"
    ),
    order=3,
    not_printed={
        "school.address": "学校の所在地: the 成績一覧表 header has 学校名 only",
        "school.principal*": "校長: the 成績一覧表 has a 検印 box, not a printed name",
        "students[].name.kana_*": "ふりがな: the 一覧表 prints 氏名 only",
    },
)
