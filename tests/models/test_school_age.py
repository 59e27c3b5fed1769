"""学年 from 生年月日: the cohort boundary (4月2日 … 翌年4月1日) and the shared check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school import SchoolType
from unified_forms.models.school_age import birth_cohort, check_grade_fits_birth, expected_grade

# samples/README.md: born between … on 4/1 of 令和7年度
README_RANGES = {
    (SchoolType.ELEMENTARY, 1): ("2018-04-02", "2019-04-01"),
    (SchoolType.ELEMENTARY, 3): ("2016-04-02", "2017-04-01"),
    (SchoolType.ELEMENTARY, 4): ("2015-04-02", "2016-04-01"),
    (SchoolType.ELEMENTARY, 6): ("2013-04-02", "2014-04-01"),
    (SchoolType.JUNIOR_HIGH, 2): ("2011-04-02", "2012-04-01"),
    (SchoolType.JUNIOR_HIGH, 3): ("2010-04-02", "2011-04-01"),
}


@pytest.mark.parametrize(("key", "span"), README_RANGES.items())
def test_the_sample_birth_ranges_are_exactly_one_grade(key: tuple[SchoolType, int], span: tuple[str, str]) -> None:
    school_type, grade = key
    first, last = (date.fromisoformat(d) for d in span)
    assert expected_grade(first, 2025, school_type) == grade
    assert expected_grade(last, 2025, school_type) == grade
    assert expected_grade(first - timedelta(days=1), 2025, school_type) == grade + 1  # 4月1日生: one year up
    assert expected_grade(last + timedelta(days=1), 2025, school_type) == grade - 1


def test_compulsory_school_counts_one_to_nine() -> None:
    assert expected_grade(date(2011, 4, 2), 2025, SchoolType.COMPULSORY) == 8
    assert expected_grade(date(2011, 4, 2), 2025, SchoolType.JUNIOR_HIGH) == 2


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.integers(1995, 2045))
def test_one_more_year_is_one_more_grade_and_a_cohort_is_365_or_366_days(birth: date, year: int) -> None:
    assert (
        expected_grade(birth, year + 1, SchoolType.ELEMENTARY) == expected_grade(birth, year, SchoolType.ELEMENTARY) + 1
    )
    cohort = birth_cohort(birth)
    assert date(cohort, 4, 2) <= birth <= date(cohort + 1, 4, 1)


def test_the_check_names_the_birth_date_and_can_be_lifted_for_a_reason() -> None:
    v = RuleViolations("T")
    common = {"grade": 3, "fiscal_year": 2025, "school_type": SchoolType.ELEMENTARY, "birth_path": ("pupil", "birth")}
    check_grade_fits_birth(v, birth=date(2016, 9, 12), **common)
    assert not v
    check_grade_fits_birth(v, birth=date(2017, 9, 12), exempt=True, **common)
    assert not v
    check_grade_fits_birth(v, birth=date(2017, 9, 12), **common)
    assert len(v) == 1
