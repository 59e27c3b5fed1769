"""学校保健統計調査 (school_health_statistics): computed from the school's health records.

``to_csv(data, table="health" | "growth")`` gives the same numbers as CSV text (see :mod:`.export`).
"""

from unified_forms.forms import Form
from unified_forms.forms.school_health_statistics.binding import bind
from unified_forms.forms.school_health_statistics.export import to_csv
from unified_forms.forms.school_health_statistics.model import SchoolHealthStatisticsInput

__all__ = ["FORM", "to_csv"]

FORM = Form(
    id="school_health_statistics",
    title="学校保健統計調査",
    paper="A4 landscape",
    model=SchoolHealthStatisticsInput,
    bind=bind,
    summary="学校保健統計調査: 健康状態調査票 (年齢 on 4/1 × 性別, P-19) and 発育状態調査票 (sampled pupils) "
    "computed from the records; to_csv for upload",
    order=18,
    flags=frozenset({"growth_more"}),
    not_printed={
        "school.address": "学校の所在地: the 調査票 prints 学校名",
        "school.code": "学校コード: the 調査票 prints 学校名",
        "records[]*": "児童生徒の記録: counted (健康状態) or printed without the name (発育状態: 身長・体重, "
        "生年月日 as 和暦); a statistical return carries no 氏名",
    },
)
