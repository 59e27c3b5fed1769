"""個別の教育支援計画 / 個別の指導計画 (forms-spec §4.20) — the two plans for a pupil with special needs.

Why one module for both: the 指導計画 is the school's teaching plan that follows the current
支援計画, so both share the pupil, the school and the 作成者 blocks, and their long texts share one
policy. Those texts (願い, 実態, 目標, 手立て, 評価) are the teachers' own words and are never cut:
the models only bound them generously and the layouts continue them on a 別紙. What *is* refused
here are contradictions a reader would trust — a 見直し日 before the 作成日, a consent before the
plan existed, one 教科等 twice, more 評価 than the school has 学期.
Yamaguchi's current 県統一様式 is not public (§4.20(g)), so fields follow §4.20(d)(e).
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
    Teacher,
    text_type,
)
from unified_forms.models.errors_map import RuleViolations

MAX_AGENCIES = 6
MAX_DIAGNOSES = 3
MAX_AREAS = 6
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

    name: text_type(20, required=True) = Field(title="障害名・診断名")  # type: ignore[valid-type]
    institution: text_type(20) | None = Field(default=None, title="診断機関")  # type: ignore[valid-type]
    diagnosed_on: IsoDate | None = Field(default=None, title="診断日")


class Agency(InputModel):
    """One 関係機関: 機関名・種別・担当者・連絡先・支援内容."""

    name: text_type(24, required=True) = Field(title="機関名")  # type: ignore[valid-type]
    kind: AgencyKind = Field(title="種別")
    contact_person: text_type(16) | None = Field(default=None, title="担当者")  # type: ignore[valid-type]
    phone: text_type(16) | None = Field(default=None, title="連絡先")  # type: ignore[valid-type]
    support: text_type(120, multiline=True, required=True) = Field(title="支援内容")  # type: ignore[valid-type]


class Consent(InputModel):
    """保護者同意欄: the guardian's name and the date; the signature itself is written by hand."""

    guardian: PersonName | None = Field(default=None, title="保護者氏名")
    agreed_on: IsoDate | None = Field(default=None, title="同意日")


LongText = text_type(LONG_TEXT, multiline=True, required=True)


class _PlanBase(InputModel):
    fiscal_year: FiscalYear = Field(title="年度")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    teacher: Teacher = Field(title="担任")
    pupil: PersonName = Field(title="氏名")
    created_by: Teacher = Field(title="作成者", description="担任または特別支援教育コーディネーター")
    created_on: IsoDate = Field(title="作成日")


class IndividualSupportPlanInput(_PlanBase):
    """Input of the 個別の教育支援計画 (`individual_support_plan`)."""

    birth_date: IsoDate | None = Field(default=None, title="生年月日")
    diagnoses: list[Diagnosis] = Field(default_factory=list, max_length=MAX_DIAGNOSES, title="障害名・診断")
    wish_self: LongText = Field(title="本人の願い")  # type: ignore[valid-type]
    wish_guardian: LongText = Field(title="保護者の願い")  # type: ignore[valid-type]
    present_state: LongText = Field(title="障害の状態・実態")  # type: ignore[valid-type]
    long_term_goal: LongText = Field(title="支援の目標（長期）")  # type: ignore[valid-type]
    agencies: list[Agency] = Field(default_factory=list, max_length=MAX_AGENCIES, title="関係機関")
    accommodations: LongText = Field(title="合理的配慮")  # type: ignore[valid-type]
    handover: text_type(LONG_TEXT, multiline=True) | None = Field(  # type: ignore[valid-type]
        default=None, title="引継ぎ", description="進学・転学先への引継ぎ事項"
    )
    consent: Consent = Field(default_factory=Consent, title="保護者同意")
    review_on: IsoDate | None = Field(default=None, title="見直し日")

    @model_validator(mode="after")
    def _rules(self) -> IndividualSupportPlanInput:
        v = RuleViolations("IndividualSupportPlanInput")
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


class PlanArea(InputModel):
    """One 教科等 / 自立活動 row: 短期目標, 手立て and one 評価 per 学期 (blank when not yet written)."""

    area: text_type(16, required=True) = Field(title="教科等")  # type: ignore[valid-type]
    goal: LongText = Field(title="目標（短期）")  # type: ignore[valid-type]
    method: LongText = Field(title="手立て")  # type: ignore[valid-type]
    evaluations: list[text_type(LONG_TEXT, multiline=True) | None] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=3, title="評価", description="学期ごと（未記入は null）"
    )


class IndividualInstructionPlanInput(_PlanBase):
    """Input of the 個別の指導計画 (`individual_instruction_plan`)."""

    terms: Annotated[int, Strict(), Field(ge=2, le=3)] = Field(default=3, title="学期数")
    annual_goal: LongText = Field(title="年間目標")  # type: ignore[valid-type]
    areas: list[PlanArea] = Field(min_length=1, max_length=MAX_AREAS, title="教科等・自立活動")

    @model_validator(mode="after")
    def _rules(self) -> IndividualInstructionPlanInput:
        v = RuleViolations("IndividualInstructionPlanInput")
        if not self.fiscal_year.contains(self.created_on):
            v.add("created_on", f"作成日が{self.fiscal_year.label}の中にありません")
        seen: list[str] = []
        for i, a in enumerate(self.areas):
            if a.area in seen:
                v.add(("areas", i, "area"), "同じ教科等が重複しています")
            seen.append(a.area)
            if len(a.evaluations) > self.terms:
                v.add(("areas", i, "evaluations"), f"評価が{len(a.evaluations)}件ありますが、学期は{self.terms}つです")
        v.raise_if_any()
        return self
