"""The 歯科保健調査票's tables, computed once for the printed sheet and the CSV."""

from __future__ import annotations

from dataclasses import dataclass

from unified_forms.families.health_checkup import dental_tally
from unified_forms.families.health_checkup.tally import Group, tally
from unified_forms.forms.dental_health_survey.model import DentalHealthSurveyInput
from unified_forms.models.common import SchoolType
from unified_forms.models.wareki import to_full_width_digits

TWELVE = 12  # 永久歯の1人平均DMF is reported for 12歳 (WHO / 健康日本21 target age)


@dataclass(frozen=True, slots=True)
class SurveyTables:
    by_grade: list[Group]  # 第1学年 … + 合計, × 男・女・計
    twelve: list[Group]  # 12歳 (on 4月1日) × 男・女・計
    not_examined: list[int]  # record indices without a 歯式: enrolled, not 受検者


def grade_label(grade: int) -> str:
    return f"第{to_full_width_digits(str(grade))}学年"


def survey_tables(m: DentalHealthSurveyInput) -> SurveyTables:
    per_pupil = [dental_tally.indicators(r) for r in m.records]
    grades = range(1, SchoolType(m.school_type).max_grade + 1)
    by_grade = tally(
        ((r.grade, r.student.sex.value, x) for r, x in zip(m.records, per_pupil, strict=True)),
        [(g, grade_label(g)) for g in grades],
    )
    twelve = tally(
        (
            (TWELVE, r.student.sex.value, x)
            for i, (r, x) in enumerate(zip(m.records, per_pupil, strict=True))
            if m.age(i) == TWELVE
        ),
        [(TWELVE, f"{TWELVE}歳")],
        grand_total=False,
    )
    missing = [i for i, x in enumerate(per_pupil) if x.get("not_examined")]
    return SurveyTables(by_grade, twelve, missing)
