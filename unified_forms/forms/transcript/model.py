"""調査書 (forms-spec §4.13): the 中学校長's report to the high schools a 生徒 applies to.

One snapshot per 生徒 and 年度, taken at the 要綱's cut-off date, serves every print: the same
調査書 goes to the 県立 high schools, the 22 private ones and the 3 高専. So the model holds
what the sheet prints and nothing live. 観点 reuse the 指導要録 marks (A/B/C//) because schools
transcribe them; B is accepted here and suppressed by the binding (Yamaguchi rule R-EVAL-4), so
an export from the 指導要録 needs no editing. 評定 run 1〜5; a missing 評定 (不登校, 特別の教育
課程) is printed as 斜線 and must be explained in 特記事項. The 評定合計 are never typed: the binding
computes them (R-EVAL-5/6), which keeps a hand-edited total from disagreeing with its marks.
There is no 別紙 on a 調査書, so text fields are capped by what their boxes hold. Each 学年 is
checked against the 生年月日 (models/school_age.py; the 卒業（見込）の年度 is 第3学年) unless the
生徒 is off-age for a stated reason (``student.off_age_reason``, not printed).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    AttendanceTotals,
    InputModel,
    IsoDate,
    PersonName,
    School,
    SchoolCode,
    Sex,
    Teacher,
    text_rules,
)
from unified_forms.models.curriculum import BEHAVIOR_ITEMS, JUNIOR_HIGH_SUBJECTS, VIEWPOINTS, JuniorHighSubject
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.marks import CircleMark, ViewpointMark
from unified_forms.models.school import SchoolType
from unified_forms.models.school_age import OffAgeReasonField, check_grade_fits_birth
from unified_forms.models.wareki import nendo_of

SUBJECTS = JUNIOR_HIGH_SUBJECTS
SubjectName = JuniorHighSubject
GRADES: tuple[int, ...] = (1, 2, 3)

__all__ = [
    "BEHAVIOR_ITEMS",
    "FIVE_SUBJECTS",
    "GRADES",
    "SUBJECTS",
    "VIEWPOINTS",
    "TranscriptInput",
]

# 5教科 of the 評定合計 (a): 国・社・数・理・外 (R-EVAL-5), the 学力検査 subjects.
FIVE_SUBJECTS: tuple[str, ...] = ("国語", "社会", "数学", "理科", "外国語")
Grade = Annotated[int, Strict(), Field(ge=1, le=3)]
Hyotei = Annotated[int, Strict(), Field(ge=1, le=5)]


class Choice(InputModel):
    """One 志願 (第一志願 or 第二志願) at the 志願校: its 学科 and, where the school has them, コース."""

    department: Annotated[str, *text_rules(15, required=True)] = Field(title="学科")
    course: Annotated[str, *text_rules(15)] | None = Field(default=None, title="コース")

    @property
    def label(self) -> str:
        return "　".join(x for x in (self.department, self.course) if x)


class Application(InputModel):
    """The 志願校 of the 山口県 shared format: ONE high school, its 第一志願 学科・コース and, when
    the pupil names one, a 第二志願 学科・コース of the same school (an unused 第二志願 prints
    slashed; the block keeps its shape). Another school is another 調査書."""

    school_name: Annotated[str, *text_rules(20, required=True)] = Field(title="志願校（高等学校名）")
    school_code: SchoolCode | None = Field(default=None, title="志願校の学校コード")
    first: Choice = Field(title="第一志願（学科・コース）")
    second: Choice | None = Field(default=None, title="第二志願（学科・コース）")

    @model_validator(mode="after")
    def _two_choices(self) -> Application:
        """第二志願は第一志願と違う学科・コース。"""
        if self.second is not None and self.second.label == self.first.label:
            v = RuleViolations("Application")
            v.add("second", "第二志願が第一志願と同じ学科・コースです")
            v.raise_if_any()
        return self


class Student(InputModel):
    name: PersonName = Field(title="生徒氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")
    off_age_reason: OffAgeReasonField = None


class SubjectRecord(InputModel):
    name: SubjectName = Field(title="教科")
    viewpoints: list[ViewpointMark] = Field(min_length=3, max_length=3, title="観点別学習状況")
    hyotei: Hyotei | None = Field(default=None, title="評定", description="省略すると斜線（評定できない場合）")


class YearRecord(InputModel):
    """One 学年; the 3年 values are those of the 1・2学期 (provisional, not the 指導要録's)."""

    grade: Grade = Field(title="学年")
    subjects: list[SubjectRecord] = Field(default=[], max_length=9, title="各教科の学習の記録")
    special_activities: Annotated[str, *text_rules(60, multiline=True)] = Field(
        default="", title="特別活動等の記録", description="学級活動・生徒会活動・学校行事・部活動等"
    )
    integrated_study: Annotated[str, *text_rules(60, multiline=True)] = Field(
        default="", title="総合的な学習の時間の記録", description="学習活動と評価（文章）"
    )
    behavior: list[CircleMark] = Field(default=[], max_length=10, title="行動の記録")
    attendance: AttendanceTotals | None = Field(
        default=None, title="出欠の記録", description="remarks は主な欠席理由として印字（1学年に1〜2文）"
    )

    @model_validator(mode="after")
    def _subjects_once(self) -> YearRecord:
        """1学年の中で教科は重複しない。"""
        v = RuleViolations("YearRecord")
        seen: set[str] = set()
        for i, s in enumerate(self.subjects):
            if s.name in seen:
                v.add(("subjects", i, "name"), f"{s.name}が2回あります")
            seen.add(s.name)
        v.raise_if_any()
        return self


class TranscriptInput(InputModel):
    """Input of the 調査書 (`transcript`): one 生徒's snapshot at the cut-off date."""

    form_id: ClassVar[str] = "transcript"

    school: School = Field(title="中学校")
    application: Application = Field(title="志願校（第一志願・第二志願）")
    student: Student = Field(title="生徒")
    print_sex: bool = Field(default=True, title="性別を印字する", description="選抜の種類により省略する場合は false")
    graduation: IsoDate = Field(title="卒業（見込）年月")
    graduation_kind: Literal["卒業", "卒業見込"] = Field(default="卒業見込", title="卒業・卒業見込")
    years: list[YearRecord] = Field(min_length=1, max_length=3, title="学年ごとの記録")
    comments: Annotated[str, *text_rules(240, multiline=True)] = Field(default="", title="総合所見")
    special_notes: Annotated[str, *text_rules(120, multiline=True)] = Field(
        default="", title="特記事項", description="評定・観点を斜線とした理由など"
    )
    created: IsoDate = Field(title="記載日")
    recorder: Teacher = Field(title="記載責任者")

    @model_validator(mode="after")
    def _years(self) -> TranscriptInput:
        """学年の記録は重複しない、卒業（見込）年月は生年月日より後、各学年は生年月日から決まる学年
        （卒業の年度が第3学年）と合う（学齢と異なる学年の理由があれば照合しない）。"""
        v = RuleViolations("TranscriptInput")
        seen: dict[int, int] = {}
        for i, y in enumerate(self.years):
            if y.grade in seen:
                v.add(("years", i, "grade"), f"第{y.grade}学年の記録が2つあります（{seen[y.grade] + 1}番目と同じ）")
            seen.setdefault(y.grade, i)
        if self.graduation < self.student.birth_date:
            v.add("graduation", "卒業（見込）年月が生年月日より前です")
        else:
            last_year = nendo_of(self.graduation)  # the 年度 of 第3学年
            for i, y in enumerate(self.years):
                check_grade_fits_birth(
                    v,
                    birth=self.student.birth_date,
                    grade=y.grade,
                    fiscal_year=last_year - (GRADES[-1] - y.grade),
                    school_type=SchoolType.JUNIOR_HIGH,
                    birth_path=("years", i, "grade"),
                    exempt=self.student.off_age_reason is not None,
                )
        v.raise_if_any()
        return self
