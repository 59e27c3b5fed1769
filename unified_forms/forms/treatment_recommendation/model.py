"""治療勧告書 — 受診のおすすめ with a 受診結果報告書 reply slip (forms-spec §4.15).

Why a model of its own: the letter goes home to a guardian and comes back from a doctor, so the
data that decides whom it concerns (学年・組・番号, 氏名) and what was found (one entry per 検査,
each with its checked 所見 and the recommended 受診先) is validated per path before anything is
printed. The standard paragraph and the 学校医 are input, never hard-coded: the wording agreed
with the 山口県医師会 is not public and differs per specialty (§4.15(g)). The reply options also
differ per specialty (歯科 adds 治療中, 聴力 uses 正常範囲), so they are data with a default.
Date rules: the exam cannot follow the letter, and a 返却期限 cannot precede it; more than 21 days
from exam to letter (学校保健安全法施行規則 第9条) is a warning in the render report, not an error,
because a late notice is still better than none.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import ClassRef, InputModel, IsoDate, PersonName, School, text_type
from unified_forms.models.errors_map import RuleViolations

NOTICE_DAYS = 21  # 学校保健安全法施行規則 第9条: notify within 21 days of the 健康診断
MAX_FINDINGS = 5
MAX_ITEMS = 4
DEFAULT_REPLY_OPTIONS = ("異常なし", "要治療", "治療中", "経過観察", "その他")


class ExamKind(StrEnum):
    """検診種別 (§4.15(e)): one KENJA template per specialty."""

    INTERNAL = "内科"
    EYE = "眼科"
    ENT = "耳鼻咽喉科"
    DENTAL = "歯科"
    VISION = "視力"
    HEARING = "聴力"
    URINE = "尿"
    HEART = "心臓"
    TUBERCULOSIS = "結核"
    LOCOMOTOR = "運動器"
    COLOR_VISION = "色覚"


class Finding(InputModel):
    """One 検査 with its checked 所見 and where to be seen (e.g. 歯科: う歯 未処置 2本, 歯肉炎 → 歯科医院)."""

    exam: text_type(10, required=True) = Field(title="検査")  # type: ignore[valid-type]
    items: list[text_type(24, required=True)] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=MAX_ITEMS, title="所見", description="該当する所見（チェックして印字）"
    )
    clinic: text_type(16, required=True) = Field(title="受診先")  # type: ignore[valid-type]


class TreatmentRecommendationInput(InputModel):
    """Input of the 治療勧告書 (`treatment_recommendation`)."""

    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")
    pupil: PersonName = Field(title="氏名")
    issued_on: IsoDate = Field(title="発行日")
    exam_kind: ExamKind = Field(title="検診種別")
    exam_name: text_type(16) | None = Field(  # type: ignore[valid-type]
        default=None, title="検診名", description="省略時は「（検診種別）検診」"
    )
    exam_date: IsoDate = Field(title="検診日")
    findings: list[Finding] = Field(min_length=1, max_length=MAX_FINDINGS, title="検診結果")
    recommendation: text_type(300, multiline=True, required=True) = Field(  # type: ignore[valid-type]
        title="受診のおすすめ（本文）", description="学校・学校医の定める文面（持参物などを含む）"
    )
    school_doctor: text_type(24, required=True) = Field(title="学校医名")  # type: ignore[valid-type]
    reply_options: list[text_type(8, required=True)] = Field(  # type: ignore[valid-type]
        default=list(DEFAULT_REPLY_OPTIONS), min_length=2, max_length=6, title="診察結果の選択肢"
    )
    return_by: IsoDate | None = Field(default=None, title="返却期限")

    @model_validator(mode="after")
    def _rules(self) -> TreatmentRecommendationInput:
        v = RuleViolations("TreatmentRecommendationInput")
        if self.exam_date > self.issued_on:
            v.add("exam_date", "検診日が発行日より後になっています")
        if self.return_by is not None and self.return_by < self.issued_on:
            v.add("return_by", "返却期限が発行日より前になっています")
        if len(set(self.reply_options)) != len(self.reply_options):
            v.add("reply_options", "診察結果の選択肢が重複しています")
        for i, f in enumerate(self.findings):
            if len(set(f.items)) != len(f.items):
                v.add(("findings", i, "items"), "同じ所見が重複しています")
        v.raise_if_any()
        return self

    @property
    def exam_label(self) -> str:
        return self.exam_name or f"{self.exam_kind.value}検診"

    @property
    def late_days(self) -> int:
        """Days past the 21-day notice period (0 when on time)."""
        return max(0, (self.issued_on - self.exam_date).days - NOTICE_DAYS)
