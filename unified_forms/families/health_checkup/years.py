"""Rules every cumulative 健康診断票 shares (一般 and 歯・口腔): 学年, 年度 and 年齢 on 4月1日.

学校保健安全法施行規則 第8条: the 健康診断票 follows the pupil through the school's 学年, one
column (一般) or row (歯・口腔) per 年度; 年齢 is the 満年齢 on 4月1日 of the 年度 (R-HLT-5).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol

from unified_forms.models.common import SchoolType
from unified_forms.models.errors_map import RuleViolations


def age_on_april_first(birth: date, fiscal_year: int) -> int:
    """R-HLT-5: 満年齢 on 4月1日 of the 年度."""
    return fiscal_year - birth.year - (1 if (birth.month, birth.day) > (4, 1) else 0)


class _YearLike(Protocol):
    grade: int
    fiscal_year: int


def check_years(v: RuleViolations, years: Sequence[_YearLike], school_type: SchoolType, birth: date) -> None:
    """Rules every cumulative 健康診断票 shares: 学年 within the school type and not repeated, a
    plausible 年齢 on 4月1日 (R-HLT-5), 年度 rising with 学年. Shared by 一般 and 歯・口腔."""
    seen: dict[int, int] = {}
    for i, y in enumerate(years):
        if y.grade > school_type.max_grade:
            v.add(("years", i, "grade"), f"{school_type.label}の学年は1〜{school_type.max_grade}です")
        if y.grade in seen:
            v.add(("years", i, "grade"), f"第{y.grade}学年の記録が2つあります（{seen[y.grade] + 1}番目と同じ）")
        seen.setdefault(y.grade, i)
        age = age_on_april_first(birth, y.fiscal_year)
        if not 5 <= age <= 18:
            v.add(("years", i, "fiscal_year"), f"4月1日の年齢が{age}歳になります（5〜18歳）")
    for a, b in pairwise(sorted(years, key=lambda y: y.grade)):
        if b.fiscal_year <= a.fiscal_year:
            message = f"第{b.grade}学年の年度が第{a.grade}学年の年度より前です"
            v.add(("years", list(years).index(b), "fiscal_year"), message)
