"""学年, 年度 and 年齢 on 4月1日: the rules every health record shares.

学校保健安全法施行規則 第8条: the 健康診断票 follows the pupil through the school's 学年, one column
(一般) or row (歯・口腔) per 年度. The 記入上の注意 write in 「年齢」 the age reached on the day
before the first day of the 学年 in which the examination takes place — the 満年齢 on 4月1日 of the
年度 (R-HLT-5) — and the 学校保健統計調査 counts pupils by that same age (「4月1日現在の満年齢」).

A pupil in 第n学年 of a 小学校 is n+5 on 4月1日 (学校教育法 第17条: 満6歳に達した日の翌日以後における
最初の学年の初めから); a 中学校 pupil n+11. A birth date that gives another age is a typing mistake
far more often than a 就学猶予 or 原級留置, and the survey would count the pupil in the wrong age, so
it is refused unless the record gives the reason (``grade_age_reason``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol

from unified_forms.models.common import SchoolType
from unified_forms.models.errors_map import RuleViolations

GRADE_AGE_OFFSET = {"elementary": 5, "junior_high": 11, "compulsory": 5}


def age_on_april_first(birth: date, fiscal_year: int) -> int:
    """R-HLT-5: 満年齢 on 4月1日 of the 年度."""
    return fiscal_year - birth.year - (1 if (birth.month, birth.day) > (4, 1) else 0)


def expected_age(school_type: SchoolType, grade: int) -> int:
    """The age on 4月1日 of a pupil of ``grade`` who started school at the usual time."""
    return grade + GRADE_AGE_OFFSET[school_type.value]


def grade_age_problem(school_type: SchoolType, grade: int, birth: date, fiscal_year: int) -> str | None:
    """Why ``grade`` and the 生年月日 disagree, or None."""
    age = age_on_april_first(birth, fiscal_year)
    want = expected_age(school_type, grade)
    if age == want:
        return None
    return (
        f"第{grade}学年ですが、生年月日から4月1日の年齢は{age}歳です（第{grade}学年は{want}歳）。"
        "就学猶予・原級留置などのときは grade_age_reason に理由を入力してください"
    )


class _YearLike(Protocol):
    grade: int
    fiscal_year: int


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
        elif reason is None and y.grade <= school_type.max_grade:
            problem = grade_age_problem(school_type, y.grade, birth, y.fiscal_year)
            if problem:
                v.add(("years", i, "fiscal_year"), problem)
    for a, b in pairwise(sorted(years, key=lambda y: y.grade)):
        if b.fiscal_year <= a.fiscal_year:
            message = f"第{b.grade}学年の年度が第{a.grade}学年の年度より前です"
            v.add(("years", list(years).index(b), "fiscal_year"), message)
