"""学年, 年度 and 年齢 on 4月1日: the rules every health record shares.

学校保健安全法施行規則 第8条: the 健康診断票 follows the pupil through the school's 学年, one column
(一般) or row (歯・口腔) per 年度. The 記入上の注意 write in 「年齢」 the age reached on the day
before the first day of the 学年 in which the examination takes place — the 満年齢 on 4月1日 of the
年度 (R-HLT-5) — and the 学校保健統計調査 counts pupils by that same age (「4月1日現在の満年齢」).

A pupil in 第n学年 of a 小学校 is n+5 on 4月1日 (学校教育法 第17条); a 中学校 pupil n+11. A 学年 that
the 生年月日 contradicts is a typing mistake far more often than a 就学猶予 or 原級留置, and the survey
would count the pupil in the wrong age, so the shared rule (models/school_age.py) refuses it unless
the record gives the reason (``off_age_reason``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol

from unified_forms.models.common import SchoolType
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school_age import check_grade_fits_birth

GRADE_AGE_OFFSET = {"elementary": 5, "junior_high": 11, "compulsory": 5}


def age_on_april_first(birth: date, fiscal_year: int) -> int:
    """R-HLT-5: 満年齢 on 4月1日 of the 年度."""
    return fiscal_year - birth.year - (1 if (birth.month, birth.day) > (4, 1) else 0)


def usual_age(school_type: SchoolType, grade: int) -> int:
    """The age on 4月1日 of a pupil of ``grade`` in the 学年 of her 生年月日 (小 n+5, 中 n+11)."""
    return grade + GRADE_AGE_OFFSET[school_type.value]


class _YearLike(Protocol):
    # read-only: a record's fiscal_year is a FiscalYear (an int subclass), fine to read as an int
    @property
    def grade(self) -> int: ...

    @property
    def fiscal_year(self) -> int: ...


def check_years(
    v: RuleViolations, years: Sequence[_YearLike], school_type: SchoolType, birth: date, *, reason: str | None
) -> None:
    """Rules of a cumulative 健康診断票 (一般 and 歯・口腔): 学年 within the school type and not
    repeated, the 年齢 on 4月1日 that the 学年 implies (R-HLT-5; ``reason`` allows another),
    年度 rising with 学年."""
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
        elif y.grade <= school_type.max_grade:
            check_grade_fits_birth(
                v,
                birth=birth,
                grade=y.grade,
                fiscal_year=y.fiscal_year,
                school_type=school_type,
                birth_path=("years", i, "fiscal_year"),
                exempt=reason is not None,
            )
    for a, b in pairwise(sorted(years, key=lambda y: y.grade)):
        if b.fiscal_year <= a.fiscal_year:
            message = f"第{b.grade}学年の年度が第{a.grade}学年の年度より前です"
            v.add(("years", list(years).index(b), "fiscal_year"), message)
