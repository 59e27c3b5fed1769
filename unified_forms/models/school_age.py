"""学年 from 生年月日: the one rule every form whose input has both uses to check them.

Why a shared rule: a 名簿, a 個別の教育支援計画 or a 健康診断票 whose pupil is 「3年」 but born in
a year that makes her 2年 is a slip a reader trusts (the 個別の計画 sample had one). The 学年 a
child is in follows from the 生年月日 alone (学校教育法 第17条: 小学校 from the first 4月1日 after
the 6th birthday; 年齢計算ニ関スル法律: a birthday on 4月1日 is reached on 3月31日, so children
born 4月2日 … 翌年4月1日 share a 学年). 中学校 学年 = 小学校 学年 − 6; 義務教育学校 counts 1〜9.

Exceptions exist (就学猶予・免除の後の入学, 外国の学校からの下学年編入) and are rare; a record that
is one of them says so (``exempt``, e.g. a reason field of the form) instead of the rule being
loose for everybody.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from unified_forms.models.errors_map import Loc, RuleViolations
from unified_forms.models.school import SchoolType
from unified_forms.models.text import text_rules
from unified_forms.models.wareki import format_date, format_nendo

__all__ = ["OffAgeReason", "OffAgeReasonField", "birth_cohort", "check_grade_fits_birth", "expected_grade"]

OffAgeReason = Annotated[str, *text_rules(30, required=True)]
"""Why a pupil is not in the 学年 of her 生年月日 (就学猶予, 下学年編入 …): the one way to lift the check."""

OffAgeReasonField = Annotated[
    OffAgeReason | None,
    Field(title="学齢と異なる学年の理由", description="就学猶予・下学年編入など。学年と生年月日の照合をしない"),
]
"""The field every pupil record with 学年 and 生年月日 declares (``off_age_reason: OffAgeReasonField = None``)."""


def birth_cohort(birth: date) -> int:
    """The 年度 a child was born in for school purposes (4月2日 … 翌年4月1日 share one)."""
    return birth.year if (birth.month, birth.day) >= (4, 2) else birth.year - 1


def expected_grade(birth: date, fiscal_year: int, school_type: SchoolType) -> int:
    """学年 in ``fiscal_year`` of a child born on ``birth`` (may be ≤ 0 or too high: not yet / no longer there)."""
    elementary = fiscal_year - (birth_cohort(birth) + 7) + 1  # 小1 in the 年度 after the 6th birthday's 4/1
    return elementary - 6 if school_type == SchoolType.JUNIOR_HIGH else elementary


def check_grade_fits_birth(
    v: RuleViolations,
    *,
    birth: date,
    grade: int,
    fiscal_year: int,
    school_type: SchoolType,
    birth_path: Loc | str,
    exempt: bool = False,
) -> None:
    """Adds an error at ``birth_path`` when ``grade`` is not the 学年 the 生年月日 gives (unless ``exempt``)."""
    if exempt:
        return
    want = expected_grade(birth, fiscal_year, school_type)
    if want != grade:
        v.add(
            birth_path,
            f"生年月日（{format_date(birth)}）からは{format_nendo(fiscal_year)}の{school_type.label}第{want}学年です"
            f"が、学年は{grade}になっています（就学猶予・下学年編入などはその理由を入力してください）",
            value=birth.isoformat(),
        )
