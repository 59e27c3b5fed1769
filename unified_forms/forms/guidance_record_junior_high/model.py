"""中学校生徒指導要録 (forms-spec §4.10): the 原簿 of one 生徒, 学籍 + 指導 for 第1〜3学年.

Same shape as the 小学校 record (and the same 観点, 行動 items and mark rules, imported from it)
but the MEXT 別紙2 model differs where it matters for validation: every 教科 is taught in every
学年, 評定 runs 1〜5 for all nine 教科 in all three years, there is no 外国語活動, and 特別活動 is
学級活動・生徒会活動・学校行事. Years not reached yet are absent and print blank. The year-3 評定
here is the final year-end value — the 調査書 keeps its provisional one as a separate record.
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
from unified_forms.models.curriculum import BEHAVIOR_ITEMS, JUNIOR_HIGH_SUBJECTS, VIEWPOINTS, JuniorHighSubject
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.marks import CircleMark, ViewpointMark

__all__ = [
    "BEHAVIOR_ITEMS",
    "GRADES",
    "SPECIAL_ACTIVITY_ITEMS",
    "SUBJECTS",
    "VIEWPOINTS",
    "GuidanceRecordJuniorHighInput",
]

SUBJECTS = JUNIOR_HIGH_SUBJECTS
SPECIAL_ACTIVITY_ITEMS: tuple[str, ...] = ("学級活動", "生徒会活動", "学校行事")
GRADES: tuple[int, ...] = (1, 2, 3)
SubjectName = JuniorHighSubject
Grade = Annotated[int, Strict(), Field(ge=1, le=3)]


class Student(InputModel):
    name: PersonName = Field(title="生徒氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")
    address: AddressText | None = Field(default=None, title="現住所")


class Guardian(InputModel):
    name: PersonName = Field(title="保護者氏名")
    address: AddressText | None = Field(
        default=None, title="保護者現住所", description="省略すると「生徒の欄に同じ」と印字"
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
    hyotei: Annotated[int, Strict(), Field(ge=1, le=5)] | None = Field(default=None, title="評定")


class YearRecord(InputModel):
    """One 学年 of the record; years not reached are left out of ``years``."""

    grade: Grade = Field(title="学年")
    fiscal_year: FiscalYear = Field(title="年度")
    kumi: KumiText = Field(title="学級")
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="整理番号")
    principal: Teacher | None = Field(default=None, title="校長氏名")
    teacher: Teacher | None = Field(default=None, title="学級担任者氏名")
    subjects: list[SubjectRecord] = Field(default=[], max_length=9, title="各教科の学習の記録")
    moral: text_type(150, multiline=True) = Field(default="", title="特別の教科 道徳")  # type: ignore[valid-type]
    integrated_study: IntegratedStudy | None = Field(default=None, title="総合的な学習の時間の記録")
    special_activities: list[CircleMark] = Field(default=[], max_length=3, title="特別活動の記録")
    behavior: list[CircleMark] = Field(default=[], max_length=10, title="行動の記録")
    comments: text_type(3000, multiline=True) = Field(  # type: ignore[valid-type]
        default="", title="総合所見及び指導上参考となる諸事項", description="進路指導・部活動に関する事項を含む"
    )
    attendance: AttendanceTotals | None = Field(default=None, title="出欠の記録")

    @model_validator(mode="after")
    def _subjects_once(self) -> YearRecord:
        v = RuleViolations("YearRecord")
        seen: set[str] = set()
        for i, s in enumerate(self.subjects):
            if s.name in seen:
                v.add(("subjects", i, "name"), f"{s.name}が2回あります")
            seen.add(s.name)
        v.raise_if_any()
        return self


class GuidanceRecordJuniorHighInput(InputModel):
    """Input of the 指導要録（中学校） (`guidance_record_junior_high`): 様式1 and 様式2."""

    form_id: ClassVar[str] = "guidance_record_junior_high"

    school: School = Field(title="学校")
    student: Student = Field(title="生徒")
    guardian: Guardian = Field(title="保護者")
    pre_enrollment: text_type(50) | None = Field(default=None, title="入学前の経歴")  # type: ignore[valid-type]
    admission: Admission | None = Field(default=None, title="入学・編入学等")
    transfer_in: TransferIn | None = Field(default=None, title="転入学")
    leaving: Leaving | None = Field(default=None, title="転学・退学等")
    graduation_date: IsoDate | None = Field(default=None, title="卒業")
    next_school: text_type(60) | None = Field(default=None, title="進学先・就職先等")  # type: ignore[valid-type]
    years: list[YearRecord] = Field(default=[], max_length=3, title="学年ごとの記録")

    @model_validator(mode="after")
    def _years(self) -> GuidanceRecordJuniorHighInput:
        v = RuleViolations("GuidanceRecordJuniorHighInput")
        seen: dict[int, int] = {}
        for i, y in enumerate(self.years):
            if y.grade in seen:
                v.add(("years", i, "grade"), f"第{y.grade}学年の記録が2つあります（{seen[y.grade] + 1}番目と同じ）")
            seen.setdefault(y.grade, i)
        v.raise_if_any()
        return self
