"""小学校児童指導要録 (forms-spec §4.7): the 20-year 原簿 of one pupil, 学籍 + 指導 for 第1〜6学年.

The record grows one 学年 at a time, so every per-year part is optional: a year not yet
reached is simply absent and prints blank. What the MEXT model forbids is refused here, at the
path the school system typed: 評定 outside 1〜3 or before 第3学年 or for 生活, a 観点 mark for a
教科 not taught in that 学年 (社会・理科 3〜6, 生活 1〜2, 家庭・外国語 5〜6), 外国語活動 outside
3・4年, 総合 before 3年, 行動 and 特別活動 marks other than ○. 出欠 totals go through the
attendance package (R-ATT) in the binding.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.families.guidance_record_model import IntegratedStudy
from unified_forms.models.common import (
    AddressText,
    AttendanceTotals,
    FiscalYear,
    InputModel,
    IsoDate,
    KumiText,
    PersonName,
    School,
    Sex,
    Teacher,
    text_type,
)
from unified_forms.models.curriculum import (
    BEHAVIOR_ITEMS,
    ELEMENTARY_SUBJECTS,
    ELEMENTARY_TAUGHT,
    VIEWPOINTS,
    ElementarySubject,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.marks import CircleMark, ViewpointMark

__all__ = [
    "BEHAVIOR_ITEMS",
    "SPECIAL_ACTIVITY_ITEMS",
    "SUBJECTS",
    "VIEWPOINTS",
    "CircleMark",
    "GuidanceRecordElementaryInput",
    "ViewpointMark",
]

SUBJECTS = ELEMENTARY_SUBJECTS
SubjectName = ElementarySubject
SPECIAL_ACTIVITY_ITEMS: tuple[str, ...] = ("学級活動", "児童会活動", "クラブ活動", "学校行事")


def taught_grades(subject: str) -> tuple[int, ...]:
    return ELEMENTARY_TAUGHT.get(subject, (1, 2, 3, 4, 5, 6))


def has_hyotei(subject: str, grade: int) -> bool:
    """評定 exists for 第3〜6学年 and every 教科 except 生活, where the 教科 is taught."""
    return subject != "生活" and grade >= 3 and grade in taught_grades(subject)


Grade = Annotated[int, Strict(), Field(ge=1, le=6)]


class Student(InputModel):
    name: PersonName = Field(title="児童氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")
    address: AddressText | None = Field(default=None, title="現住所")


class Guardian(InputModel):
    name: PersonName = Field(title="保護者氏名")
    address: AddressText | None = Field(
        default=None, title="保護者現住所", description="省略すると「児童の欄に同じ」と印字"
    )


class Admission(InputModel):
    date: IsoDate = Field(title="入学・編入学の年月日")
    grade: Grade = Field(default=1, title="学年")
    kind: Literal["入学", "編入学"] = Field(default="入学", title="区分")
    note: text_type(60) | None = Field(default=None, title="事由等")  # type: ignore[valid-type]


class TransferIn(InputModel):
    date: IsoDate = Field(title="転入学の年月日")
    grade: Grade = Field(title="学年")
    previous_school: text_type(60, required=True) = Field(title="前在学校名・所在地")  # type: ignore[valid-type]
    reason: text_type(40) | None = Field(default=None, title="事由")  # type: ignore[valid-type]


class Leaving(InputModel):
    kind: Literal["転学", "退学"] = Field(default="転学", title="区分")
    accepted_date: IsoDate | None = Field(default=None, title="転学先の受入れ前日")
    left_date: IsoDate = Field(title="学校を去った年月日")
    destination: text_type(60) | None = Field(default=None, title="転学先の学校名・所在地")  # type: ignore[valid-type]
    grade: Grade | None = Field(default=None, title="転入学年")
    reason: text_type(40) | None = Field(default=None, title="事由")  # type: ignore[valid-type]


class SubjectRecord(InputModel):
    name: SubjectName = Field(title="教科")
    viewpoints: list[ViewpointMark] = Field(min_length=3, max_length=3, title="観点別学習状況")
    hyotei: Annotated[int, Strict(), Field(ge=1, le=3)] | None = Field(default=None, title="評定")


class YearRecord(InputModel):
    """One 学年 of the record; years not reached are left out of ``years``."""

    grade: Grade = Field(title="学年")
    fiscal_year: FiscalYear = Field(title="年度")
    kumi: KumiText = Field(title="学級")
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="整理番号")
    principal: Teacher | None = Field(default=None, title="校長氏名")
    teacher: Teacher | None = Field(default=None, title="学級担任者氏名")
    subjects: list[SubjectRecord] = Field(default=[], max_length=10, title="各教科の学習の記録")
    moral: text_type(100, multiline=True) = Field(default="", title="特別の教科 道徳")  # type: ignore[valid-type]
    foreign_activity: text_type(150, multiline=True) = Field(default="", title="外国語活動の記録")  # type: ignore[valid-type]
    integrated_study: IntegratedStudy | None = Field(default=None, title="総合的な学習の時間の記録")
    special_activities: list[CircleMark] = Field(default=[], max_length=4, title="特別活動の記録")
    behavior: list[CircleMark] = Field(default=[], max_length=10, title="行動の記録")
    comments: text_type(2000, multiline=True) = Field(  # type: ignore[valid-type]
        default="", title="総合所見及び指導上参考となる諸事項"
    )
    attendance: AttendanceTotals | None = Field(default=None, title="出欠の記録")

    @model_validator(mode="after")
    def _by_grade(self) -> YearRecord:
        v = RuleViolations("YearRecord")
        g = self.grade
        seen: set[str] = set()
        for i, s in enumerate(self.subjects):
            if s.name in seen:
                v.add(("subjects", i, "name"), f"{s.name}が2回あります")
            seen.add(s.name)
            if g not in taught_grades(s.name):
                for j, mark in enumerate(s.viewpoints):
                    if mark not in ("", "/"):
                        v.add(("subjects", i, "viewpoints", j), f"{s.name}は第{g}学年にはありません（斜線か空欄）")
            if s.hyotei is not None and not has_hyotei(s.name, g):
                why = "生活には評定はありません" if s.name == "生活" else f"第{g}学年の{s.name}には評定はありません"
                v.add(("subjects", i, "hyotei"), f"{why}（評定は第3〜6学年のみ）", value=s.hyotei)
        if self.foreign_activity and g not in (3, 4):
            v.add("foreign_activity", "外国語活動は第3・4学年のみです")
        if self.integrated_study is not None and g < 3:
            v.add("integrated_study", "総合的な学習の時間は第3学年からです")
        v.raise_if_any()
        return self


class GuidanceRecordElementaryInput(InputModel):
    """Input of the 指導要録（小学校） (`guidance_record_elementary`): 様式1 and 様式2."""

    form_id: ClassVar[str] = "guidance_record_elementary"

    school: School = Field(title="学校")
    student: Student = Field(title="児童")
    guardian: Guardian = Field(title="保護者")
    pre_enrollment: text_type(50) | None = Field(default=None, title="入学前の経歴")  # type: ignore[valid-type]
    admission: Admission | None = Field(default=None, title="入学・編入学等")
    transfer_in: TransferIn | None = Field(default=None, title="転入学")
    leaving: Leaving | None = Field(default=None, title="転学・退学等")
    graduation_date: IsoDate | None = Field(default=None, title="卒業")
    next_school: text_type(60) | None = Field(default=None, title="進学先")  # type: ignore[valid-type]
    years: list[YearRecord] = Field(default=[], max_length=6, title="学年ごとの記録")

    @model_validator(mode="after")
    def _years(self) -> GuidanceRecordElementaryInput:
        v = RuleViolations("GuidanceRecordElementaryInput")
        seen: dict[int, int] = {}
        for i, y in enumerate(self.years):
            if y.grade in seen:
                v.add(("years", i, "grade"), f"第{y.grade}学年の記録が2つあります（{seen[y.grade] + 1}番目と同じ）")
            seen.setdefault(y.grade, i)
        v.raise_if_any()
        return self

    def year(self, grade: int) -> tuple[int, YearRecord] | None:
        for i, y in enumerate(self.years):
            if y.grade == grade:
                return i, y
        return None
