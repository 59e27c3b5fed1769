"""The single source: one coded health record per pupil and 年度, and the inputs built from it.

A 養護教諭 enters each pupil's 健康診断 once (:class:`HealthYear`: 一般, 歯・口腔, and the 治療勧告
sent with their replies). Everything printed comes from those records, the way 出欠 totals come
from the daily register:

* :class:`PupilHealthCard` — one pupil, every 年度 so far: the input of both 健康診断票 (一般 and
  歯・口腔 print the two parts of the same years; 施行規則 第8条).
* :class:`SchoolHealthRecords` — one school, one 年度, every enrolled pupil: the input of the
  山口県学校歯科保健調査票 and of the 学校保健統計調査, which are computed, never typed.
* the 治療勧告書 takes one :class:`HealthYear` and prints the findings of one 検査 from it.

Rules checked here, at the path the school system typed: every date of a record inside its 年度
(定期健康診断 is held in the 年度, 施行規則 第5条; a 受診報告 comes back in it), a 受診報告 not before
its 勧告, the 学年 that the 生年月日 implies (years.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.families.health_checkup.codes import ExamKind, ReplyResult
from unified_forms.families.health_checkup.dental import DentalExam
from unified_forms.families.health_checkup.general import GeneralExam
from unified_forms.families.health_checkup.years import age_on_april_first, check_years
from unified_forms.models.common import (
    FiscalYear,
    InputModel,
    IsoDate,
    KumiText,
    PersonName,
    School,
    SchoolType,
    Sex,
    Teacher,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school_age import OffAgeReasonField, check_grade_fits_birth

Grade = Annotated[int, Strict(), Field(ge=1, le=6)]
SeatNumber = Annotated[int, Strict(), Field(ge=1, le=99)]
SchoolKind = Literal["elementary", "junior_high"]


class Student(InputModel):
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")
    off_age_reason: OffAgeReasonField = None


class Referral(InputModel):
    """One 治療勧告 (受診のおすすめ) sent home, and the 受診報告 that came back (forms-spec §4.15(f))."""

    exam: ExamKind = Field(title="検査")
    issued_on: IsoDate = Field(title="勧告日")
    reported_on: IsoDate | None = Field(default=None, title="受診報告の受領日")
    result: ReplyResult | None = Field(default=None, title="診察結果")

    @model_validator(mode="after")
    def _order(self) -> Referral:
        """受診報告の受領日は勧告日以後、診察結果があれば受領日がある。"""
        v = RuleViolations("Referral")
        if self.reported_on is not None and self.reported_on < self.issued_on:
            v.add("reported_on", "受診報告の受領日が勧告日より前です")
        if self.result is not None and self.reported_on is None:
            v.add("reported_on", "診察結果があるときは受診報告の受領日を入力してください")
        v.raise_if_any()
        return self


class HealthYear(InputModel):
    """One pupil's 健康診断 of one 年度: the single source of every health form."""

    grade: Grade = Field(title="学年")
    fiscal_year: FiscalYear = Field(title="年度")
    kumi: KumiText = Field(title="組")
    number: SeatNumber = Field(title="番号")
    general: GeneralExam | None = Field(default=None, title="一般", description="未受検なら省略")
    dental: DentalExam | None = Field(default=None, title="歯・口腔", description="未受検なら省略")
    referrals: list[Referral] = Field(default=[], max_length=11, title="治療勧告と受診報告")

    @model_validator(mode="after")
    def _dates_in_year(self) -> HealthYear:
        """検査・勧告の日付はその年度内、同じ検査の治療勧告は1つ。"""
        v = RuleViolations("HealthYear")
        fy = self.fiscal_year
        located: list[tuple[tuple[str | int, ...], date | None]] = []
        if self.general is not None:
            located += [(("general", *p), d) for p, d in self.general.dates()]
        if self.dental is not None:
            located += [(("dental", *p), d) for p, d in self.dental.dates()]
        for i, r in enumerate(self.referrals):
            located += [(("referrals", i, "issued_on"), r.issued_on), (("referrals", i, "reported_on"), r.reported_on)]
        for loc, d in located:
            if d is not None and not fy.contains(d):
                v.add(loc, f"日付が{fy.label}（{fy.start:%Y-%m-%d}〜{fy.end:%Y-%m-%d}）の期間外です")
        kinds = [r.exam for r in self.referrals]
        for i, k in enumerate(kinds):
            if k in kinds[:i]:
                v.add(("referrals", i, "exam"), f"{k.value}の治療勧告が2つあります")
        v.raise_if_any()
        return self

    def referral(self, exam: ExamKind) -> Referral | None:
        return next((r for r in self.referrals if r.exam == exam), None)


class PupilHealthCard(InputModel):
    """One pupil's cumulative record (小 6 years / 中 3 years): the 健康診断票's input."""

    form_id: ClassVar[str] = ""

    school: School = Field(title="学校")
    school_type: SchoolKind = Field(
        default="elementary", title="学校種", description="elementary: 6学年, junior_high: 3学年"
    )
    student: Student = Field(title="児童生徒")
    years: list[HealthYear] = Field(default=[], max_length=6, title="年度ごとの記録")

    @property
    def grade_count(self) -> int:
        return SchoolType(self.school_type).max_grade

    @model_validator(mode="after")
    def _years(self) -> PupilHealthCard:
        """学年は学校種の範囲内で重複しない、学年と生年月日（4月1日の年齢）が合う（理由があれば除く）、
        年度は学年とともに増える。"""
        v = RuleViolations(type(self).__name__)
        s = self.student
        check_years(v, self.years, SchoolType(self.school_type), s.birth_date, reason=s.off_age_reason)
        v.raise_if_any()
        return self


class PupilRecord(HealthYear):
    """One pupil of a school's 年度: the pupil and the record (an entry of :class:`SchoolHealthRecords`)."""

    student: Student = Field(title="児童生徒")


class SchoolHealthRecords(InputModel):
    """Every enrolled pupil's record of one 年度: what the two surveys are computed from.

    A pupil is listed whether examined or not (the 在籍者数 counts the list); a pupil without a
    part (``general`` / ``dental``) is not a 受検者 of that part and is reported, never guessed.
    Both surveys count 男女別, so each pupil's 性別 must be male or female here.
    """

    form_id: ClassVar[str] = ""

    school: School = Field(title="学校")
    school_type: SchoolKind = Field(default="elementary", title="学校種")
    fiscal_year: FiscalYear = Field(title="年度")
    records: list[PupilRecord] = Field(min_length=1, max_length=2000, title="児童生徒の記録")

    def seat(self, i: int) -> str:
        """「2年1組8番」: how a report names a pupil without the name."""
        r = self.records[i]
        return f"{r.grade}年{r.kumi}組{r.number}番"

    def age(self, i: int) -> int:
        return age_on_april_first(self.records[i].student.birth_date, self.fiscal_year)

    @model_validator(mode="after")
    def _records(self) -> SchoolHealthRecords:
        """集計は男女別（male / female）、記録の年度は調査の年度と同じ、
        学年は学校種の範囲内で生年月日と合う（理由があれば除く）、同じ学年・組・番号は1人。"""
        v = RuleViolations(type(self).__name__)
        kind = SchoolType(self.school_type)
        seats: dict[tuple[int, str, int], int] = {}
        for i, r in enumerate(self.records):
            if r.student.sex not in (Sex.MALE, Sex.FEMALE):
                v.add(("records", i, "student", "sex"), "集計は男女別です（male または female）")
            if r.fiscal_year != self.fiscal_year:
                v.add(("records", i, "fiscal_year"), f"{self.fiscal_year.label}の記録ではありません")
            if r.grade > kind.max_grade:
                v.add(("records", i, "grade"), f"{kind.label}の学年は1〜{kind.max_grade}です")
            else:
                check_grade_fits_birth(
                    v,
                    birth=r.student.birth_date,
                    grade=r.grade,
                    fiscal_year=self.fiscal_year,
                    school_type=kind,
                    birth_path=("records", i, "student", "birth_date"),
                    exempt=r.student.off_age_reason is not None,
                )
            seat = (r.grade, r.kumi, r.number)
            if seat in seats:
                where = f"{r.grade}年{r.kumi}組{r.number}番"
                v.add(("records", i, "number"), f"{where}が2人います（{seats[seat] + 1}番目と同じ）")
            seats.setdefault(seat, i)
        v.raise_if_any()
        return self


class SurveyInput(SchoolHealthRecords):
    """A survey sheet computed from a school's records: who fills it in, and when."""

    recorder: Teacher | None = Field(default=None, title="記入者", description="養護教諭など")
    created_on: IsoDate | None = Field(default=None, title="作成日")
