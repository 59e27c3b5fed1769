"""個別の教育支援計画 / 個別の指導計画 (forms-spec §4.20) — the two plans for a pupil with special needs.

Why one module for both: the 指導計画 is the school's teaching plan that follows the current
支援計画, so both share the pupil, the school and the 作成者 blocks, and their long texts share one
policy. Those texts (願い, 実態, 目標, 手立て, 評価) are the teachers' own words and are never cut:
the models only bound them generously and the layouts continue them on a 別紙. What *is* refused
here are contradictions a reader would trust — a 見直し日 before the 作成日, a consent before the
plan existed, one 教科等 twice, more 評価 than the school has 学期, and a 学年 that the 生年月日
does not give (models/school_age.py, as on every form with both).
Yamaguchi's current 県統一様式 is not public (§4.20(g)), so fields follow §4.20(d)(e): the 支援計画
has the whole profile of §4.20(d)2 (性別, 在籍学級 and 交流学級, 手帳, 生育歴・相談歴, the
特別支援教育コーディネーター), the 長期 and 短期（年間）目標, the 支援内容 of school and home, the
支援会議 records and the 年度末 評価 with its 評価者; the 指導計画 follows §4.20(d'): 実態, per 教科等
a 年間目標 and per 学期 目標・手立て・評価, per 学期 the 次学期への課題 and the 保護者との共有 (確認日
and a box the guardian signs by hand).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    ClassRef,
    FiscalYear,
    InputModel,
    IsoDate,
    PersonName,
    School,
    Sex,
    Teacher,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school_age import OffAgeReasonField, check_grade_fits_birth

MAX_AGENCIES = 6
MAX_DIAGNOSES = 3
MAX_AREAS = 6
MAX_HANDBOOKS = 3
MAX_MEETINGS = 4
LONG_TEXT = 2000  # graphemes: a bound against runaway input, not the box (that continues on a 別紙)


class AgencyKind(StrEnum):
    """関係機関の種別 (§4.20(e))."""

    MEDICAL = "医療"
    HEALTH = "保健"
    WELFARE = "福祉"
    LABOR = "労働"
    EDUCATION = "教育"
    OTHER = "その他"


class Diagnosis(InputModel):
    """障害名・診断名 with the 診断機関 and 診断日 when known."""

    name: Annotated[str, *text_rules(20, required=True)] = Field(title="障害名・診断名")
    institution: Annotated[str, *text_rules(20)] | None = Field(default=None, title="診断機関")
    diagnosed_on: IsoDate | None = Field(default=None, title="診断日")


class HandbookKind(StrEnum):
    """手帳の種別 (§4.20(d)2)."""

    RYOIKU = "療育手帳"
    SHINTAI = "身体障害者手帳"
    SEISHIN = "精神障害者保健福祉手帳"


class Handbook(InputModel):
    """One 手帳: 種別, 等級・判定 (A, B, 2級 …) and 交付日 when known."""

    kind: HandbookKind = Field(title="種別")
    grade: Annotated[str, *text_rules(5)] | None = Field(default=None, title="等級・判定")
    issued_on: IsoDate | None = Field(default=None, title="交付日")


class Meeting(InputModel):
    """One 支援会議: 日付, 参加者, 内容 (§4.20(d)9)."""

    held_on: IsoDate = Field(title="日付")
    participants: Annotated[str, *text_rules(60, required=True)] = Field(title="参加者")
    record: Annotated[str, *text_rules(200, multiline=True, required=True)] = Field(title="内容")


class Evaluation(InputModel):
    """年度末の評価 (目標の達成状況・次年度への課題) with the 評価者 and the date (§4.20(d)10)."""

    text: Annotated[str, *text_rules(2000, multiline=True, required=True)] = Field(title="年度末評価")
    evaluator: Teacher | None = Field(default=None, title="評価者")
    evaluated_on: IsoDate | None = Field(default=None, title="評価日")


class Agency(InputModel):
    """One 関係機関: 機関名・種別・担当者・連絡先・支援内容."""

    name: Annotated[str, *text_rules(24, required=True)] = Field(title="機関名")
    kind: AgencyKind = Field(title="種別")
    contact_person: Annotated[str, *text_rules(16)] | None = Field(default=None, title="担当者")
    phone: Annotated[str, *text_rules(16)] | None = Field(default=None, title="連絡先")
    support: Annotated[str, *text_rules(120, multiline=True, required=True)] = Field(title="支援内容")


class Consent(InputModel):
    """保護者同意欄: the guardian's name and the date; the signature itself is written by hand."""

    guardian: PersonName | None = Field(default=None, title="保護者氏名")
    agreed_on: IsoDate | None = Field(default=None, title="同意日")


LongText = Annotated[str, *text_rules(LONG_TEXT, multiline=True, required=True)]


class _PlanBase(InputModel):
    fiscal_year: FiscalYear = Field(title="年度")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    teacher: Teacher = Field(title="担任")
    pupil: PersonName = Field(title="氏名")
    created_by: Teacher = Field(title="作成者", description="担任または特別支援教育コーディネーター")
    created_on: IsoDate = Field(title="作成日")


OptionalLongText = Annotated[str, *text_rules(LONG_TEXT, multiline=True)] | None


class IndividualSupportPlanInput(_PlanBase):
    """Input of the 個別の教育支援計画 (`individual_support_plan`)."""

    sex: Sex | None = Field(default=None, title="性別")
    birth_date: IsoDate | None = Field(default=None, title="生年月日")
    off_age_reason: OffAgeReasonField = None
    exchange_class: ClassRef | None = Field(default=None, title="交流学級", description="交流及び共同学習の学級")
    coordinator: Teacher | None = Field(default=None, title="特別支援教育コーディネーター")
    diagnoses: list[Diagnosis] = Field(default_factory=list, max_length=MAX_DIAGNOSES, title="障害名・診断")
    handbooks: list[Handbook] = Field(default_factory=list, max_length=MAX_HANDBOOKS, title="手帳")
    history: OptionalLongText = Field(default=None, title="生育歴・相談歴")
    wish_self: LongText = Field(title="本人の願い")
    wish_guardian: LongText = Field(title="保護者の願い")
    present_state: LongText = Field(title="障害の状態・実態")
    long_term_goal: LongText = Field(title="支援の目標（長期）")
    short_term_goal: OptionalLongText = Field(default=None, title="支援の目標（短期・年間）")
    school_support: OptionalLongText = Field(default=None, title="学校での支援内容")
    home_support: OptionalLongText = Field(default=None, title="家庭での支援内容")
    agencies: list[Agency] = Field(default_factory=list, max_length=MAX_AGENCIES, title="関係機関")
    accommodations: LongText = Field(title="合理的配慮")
    meetings: list[Meeting] = Field(default_factory=list, max_length=MAX_MEETINGS, title="支援会議の記録")
    evaluation: Evaluation | None = Field(default=None, title="評価", description="年度末に記入")
    handover: Annotated[str, *text_rules(LONG_TEXT, multiline=True)] | None = Field(
        default=None, title="引継ぎ", description="進学・転学先への引継ぎ事項"
    )
    consent: Consent = Field(default_factory=Consent, title="保護者同意")
    review_on: IsoDate | None = Field(default=None, title="見直し日")

    @model_validator(mode="after")
    def _rules(self) -> IndividualSupportPlanInput:
        """見直し日・同意日は作成日以後、生年月日は作成日より前、関係機関は重複しない。"""
        v = RuleViolations("IndividualSupportPlanInput")
        if self.birth_date is not None:
            check_grade_fits_birth(
                v,
                birth=self.birth_date,
                grade=self.homeroom.grade,
                fiscal_year=self.fiscal_year,
                school_type=self.homeroom.school_type,
                birth_path="birth_date",
                exempt=self.off_age_reason is not None,
            )
        if self.exchange_class is not None and self.exchange_class.grade != self.homeroom.grade:
            message = f"交流学級の学年（{self.exchange_class.grade}）が在籍の学年（{self.homeroom.grade}）と違います"
            v.add(("exchange_class", "grade"), message)
        for i, meeting in enumerate(self.meetings):
            if not self.fiscal_year.contains(meeting.held_on):
                v.add(("meetings", i, "held_on"), f"支援会議の日付が{self.fiscal_year.label}の中にありません")
        evaluated_on = self.evaluation.evaluated_on if self.evaluation is not None else None
        if evaluated_on is not None and evaluated_on < self.created_on:
            v.add(("evaluation", "evaluated_on"), "評価日が作成日より前になっています")
        if self.review_on is not None and self.review_on < self.created_on:
            v.add("review_on", "見直し日が作成日より前になっています")
        if self.consent.agreed_on is not None and self.consent.agreed_on < self.created_on:
            v.add(("consent", "agreed_on"), "同意日が作成日より前になっています")
        if self.birth_date is not None and self.birth_date >= self.created_on:
            v.add("birth_date", "生年月日が作成日以後になっています")
        names = [a.name for a in self.agencies]
        for i, name in enumerate(names):
            if name in names[:i]:
                v.add(("agencies", i, "name"), "同じ関係機関が重複しています")
        v.raise_if_any()
        return self


class TermPlan(InputModel):
    """One 教科等 in one 学期: 目標 (短期), 手立て (指導内容・方法) and the 評価 written after it."""

    goal: LongText = Field(title="目標（短期）")
    method: LongText = Field(title="手立て")
    evaluation: OptionalLongText = Field(default=None, title="評価", description="学期末に記入")


class PlanArea(InputModel):
    """One 教科等 / 自立活動: its 年間目標 and one plan per 学期 (later 学期 may be planned later)."""

    area: Annotated[str, *text_rules(16, required=True)] = Field(title="教科等")
    annual_goal: OptionalLongText = Field(default=None, title="年間目標（教科等）")
    terms: list[TermPlan | None] = Field(
        default_factory=list, max_length=3, title="学期ごとの計画", description="学期の順（未作成は null）"
    )


class TermReview(InputModel):
    """What closes a 学期: the 次学期への課題 and the 保護者との共有 (確認日; the guardian signs by hand)."""

    next_steps: OptionalLongText = Field(default=None, title="次学期への課題")
    shared_on: IsoDate | None = Field(default=None, title="保護者確認日")


class IndividualInstructionPlanInput(_PlanBase):
    """Input of the 個別の指導計画 (`individual_instruction_plan`)."""

    terms: Annotated[int, Strict(), Field(ge=2, le=3)] = Field(default=3, title="学期数")
    present_state: OptionalLongText = Field(default=None, title="実態（現在の様子）")
    annual_goal: LongText = Field(title="年間目標")
    areas: list[PlanArea] = Field(min_length=1, max_length=MAX_AREAS, title="教科等・自立活動")
    reviews: list[TermReview | None] = Field(
        default_factory=list, max_length=3, title="学期のまとめ", description="学期の順（次学期への課題・保護者確認日）"
    )

    @property
    def term_names(self) -> tuple[str, ...]:
        return ("1学期", "2学期", "3学期") if self.terms == 3 else ("前期", "後期")

    @model_validator(mode="after")
    def _rules(self) -> IndividualInstructionPlanInput:
        """作成日は年度内、教科等は重複しない、評価は学期の数まで。"""
        v = RuleViolations("IndividualInstructionPlanInput")
        if not self.fiscal_year.contains(self.created_on):
            v.add("created_on", f"作成日が{self.fiscal_year.label}の中にありません")
        seen: list[str] = []
        for i, a in enumerate(self.areas):
            if a.area in seen:
                v.add(("areas", i, "area"), "同じ教科等が重複しています")
            seen.append(a.area)
            if len(a.terms) > self.terms:
                v.add(("areas", i, "terms"), f"計画が{len(a.terms)}学期分ありますが、学期は{self.terms}つです")
        if len(self.reviews) > self.terms:
            v.add("reviews", f"学期のまとめが{len(self.reviews)}件ありますが、学期は{self.terms}つです")
        for t, review in enumerate(self.reviews):
            if review is not None and review.shared_on is not None and review.shared_on < self.created_on:
                v.add(("reviews", t, "shared_on"), "保護者確認日が作成日より前になっています")
        v.raise_if_any()
        return self
