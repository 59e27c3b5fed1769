"""成績一覧表 (forms-spec §4.3): one sheet per class listing every pupil's 評定 for a term.

There is no national form; the sheet is a checking tool for 担任 and 成績会議. So the input
holds only what a person types (評定 per 教科, 出欠 totals) and every derived number (5教科 /
9教科 合計・平均, 学級合計・平均) is computed by the binding — a typed total could disagree with
the 評定 beside it. The 教科 set follows the school type (中 9 教科, 小 3–6年 9 教科) unless the
school lists its own, and each 評定 is checked against its range (小 1–3, 中 1–5, R-EVAL-1).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    AttendanceTotals,
    ClassRef,
    FiscalYear,
    InputModel,
    IsoDate,
    PersonName,
    School,
    SchoolType,
    Teacher,
    text_type,
)
from unified_forms.models.errors_map import RuleViolations

JUNIOR_HIGH_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "数学", "理科", "音楽", "美術", "保健体育", "技術・家庭", "外国語",
)  # fmt: skip
ELEMENTARY_SUBJECTS: tuple[str, ...] = (
    "国語", "社会", "算数", "理科", "音楽", "図画工作", "家庭", "体育", "外国語",
)  # fmt: skip
# 5教科 of the 合計 (KENJA KNJD325 「５科」): 国・社・数(算)・理・外
CORE_SUBJECTS: frozenset[str] = frozenset({"国語", "社会", "数学", "算数", "理科", "外国語", "英語"})

Grade = Annotated[int, Strict(), Field(ge=1, le=5)] | Literal["/"]
SubjectName = text_type(8, required=True)


class GradeListStudent(InputModel):
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")
    name: PersonName = Field(title="氏名")
    grades: dict[str, Grade] = Field(  # type: ignore[valid-type]
        title="評定", description='教科名 → 評定（1〜5、小学校は1〜3）。評定しない教科は "/"'
    )
    attendance: AttendanceTotals | None = Field(default=None, title="出欠")


class GradeListInput(InputModel):
    """Input of the 成績一覧表 (`grade_list`)."""

    fiscal_year: FiscalYear = Field(title="年度")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    teacher: Teacher = Field(title="学級担任")
    created_on: IsoDate | None = Field(default=None, title="作成日")
    term: text_type(6, required=True) = Field(title="学期", description="「1学期」「前期」「学年末」など")  # type: ignore[valid-type]
    subjects: list[SubjectName] | None = Field(  # type: ignore[valid-type]
        default=None, max_length=12, title="教科", description="省略時は中学校9教科／小学校の教科"
    )
    threshold: Annotated[int, Strict(), Field(ge=1, le=4)] | None = Field(
        default=None, title="朱点", description="この値以下の評定に ※ を付ける（省略時は付けない）"
    )
    students: list[GradeListStudent] = Field(min_length=1, max_length=45, title="児童生徒")

    @property
    def subject_list(self) -> tuple[str, ...]:
        if self.subjects is not None:
            return tuple(self.subjects)
        if self.homeroom.school_type == SchoolType.ELEMENTARY:
            return ELEMENTARY_SUBJECTS
        return JUNIOR_HIGH_SUBJECTS

    @property
    def max_grade(self) -> int:
        return 3 if self.homeroom.school_type == SchoolType.ELEMENTARY else 5

    @model_validator(mode="after")
    def _rules(self) -> GradeListInput:
        v = RuleViolations("GradeListInput")
        subjects = self.subject_list
        if len(set(subjects)) != len(subjects):
            v.add("subjects", "同じ教科が2回指定されています")
        seen: dict[int, int] = {}
        for i, s in enumerate(self.students):
            if s.number in seen:
                v.add(
                    ("students", i, "number"), f"出席番号{s.number}が重複しています（{seen[s.number] + 1}人目と同じ）"
                )
            seen.setdefault(s.number, i)
            for name, grade in s.grades.items():
                if name not in subjects:
                    v.add(("students", i, "grades", name), f"教科「{name}」はこの一覧表の教科にありません")
                elif grade != "/" and grade > self.max_grade:
                    v.add(("students", i, "grades", name), f"評定は1〜{self.max_grade}です", value=grade)
        if self.homeroom.school_type == SchoolType.ELEMENTARY and self.homeroom.grade < 3:
            v.add(("homeroom", "grade"), "小学校の評定は第3学年からです", value=self.homeroom.grade)
        if self.threshold is not None and self.threshold >= self.max_grade:
            v.add("threshold", f"朱点は評定の最大値 {self.max_grade} より小さくしてください", value=self.threshold)
        v.raise_if_any()
        return self
