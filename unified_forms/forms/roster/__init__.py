"""名簿 (roster)."""

from unified_forms.forms import Form
from unified_forms.forms.roster.binding import bind
from unified_forms.forms.roster.model import RosterInput

FORM = Form(
    id="roster",
    title="名簿",
    paper="A4 portrait",
    model=RosterInput,
    bind=bind,
    summary=(
        "名簿: 出席番号 free / 五十音 / 男女別, column chooser (住所 / 保護者 / 備考), "
        "学年 checked against 生年月日"
    ),
    order=1,
    not_printed={
        "school.address": "学校の所在地: the 名簿 header has 学校名 only",
        "school.principal*": "校長: the 名簿 has no 校長 field",
        "students[].address": "printed only when the print run chooses the 住所 column (columns)",
        "students[].postal_code": "printed with the 住所 column only (columns)",
        "students[].guardian*": "printed only when the print run chooses the 保護者 column (columns)",
        "students[].remarks": "printed only when the print run chooses the 備考 column (columns)",
        "students[].off_age_reason": "学齢と異なる学年の理由: only lifts the 学年/生年月日 check (school_age)",
    },
)
