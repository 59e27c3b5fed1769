"""治療勧告書 — 受診のおすすめ with a 受診結果報告書 reply slip (forms-spec §4.15), from the record.

Why a model of its own: the letter goes home to a guardian and comes back from a doctor. What was
found is not typed again: the notice takes the pupil's record of the year (families/health_checkup/
record.py, the same record the 健康診断票 prints) and the 検査 it is about, and the binding prints
that 検査's results structured — tooth positions from the 歯式, 視力 A〜D with the legend, 聴力 ○
and dB, 尿 第1次・第2次 — so the notice cannot disagree with the 票. 学年・組・番号 come from the
record too. The 検査 are named as the 様式 and 施行規則 第6条 name them (視力検査, not 視力検診).

The notice is signed by the 学校歯科医 when it is about the 歯科検診 and by the 学校医 otherwise
(学校保健安全法 第23条 names them apart; a 歯科 notice signed 「学校医」 was a conformance finding).
The reply options default per 検査, always with 「治療完了（済）」, plus the per-検査 extras
(歯科: ブラッシング指導済, 視力: 眼鏡処方). The wording agreed with the 山口県医師会 is not public
(§4.15(g)): the paragraph is input and the option list can be replaced.

Date rules: a notice cannot precede its 検査, a 返却期限 cannot precede the notice; more than 21
days from the 検査 to the notice (学校保健安全法施行規則 第9条) is a warning in the render report,
not an error, because a late notice is still better than none.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from unified_forms.families.health_checkup.codes import ExamKind, ReplyResult
from unified_forms.families.health_checkup.record import HealthYear
from unified_forms.models.common import (
    UNIQUE_ITEMS,
    ClassRef,
    InputModel,
    IsoDate,
    PersonName,
    School,
    SchoolType,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations

NOTICE_DAYS = 21  # 学校保健安全法施行規則 第9条: notify within 21 days of the 健康診断
MAX_REPLY_OPTIONS = 7

COMMON_REPLIES: tuple[ReplyResult, ...] = (
    ReplyResult.NORMAL,
    ReplyResult.COMPLETED,
    ReplyResult.IN_TREATMENT,
    ReplyResult.OBSERVATION,
    ReplyResult.NEEDS_TREATMENT,
)
EXTRA_REPLIES: dict[ExamKind, tuple[ReplyResult, ...]] = {
    ExamKind.DENTAL: (ReplyResult.BRUSHING,),
    ExamKind.VISION: (ReplyResult.GLASSES,),
}
DEFAULT_CLINIC: dict[ExamKind, str] = {
    ExamKind.INTERNAL: "内科・小児科",
    ExamKind.EYE: "眼科",
    ExamKind.ENT: "耳鼻咽喉科",
    ExamKind.DENTAL: "歯科医院",
    ExamKind.VISION: "眼科",
    ExamKind.HEARING: "耳鼻咽喉科",
    ExamKind.URINE: "小児科・内科",
    ExamKind.HEART: "小児科（循環器）",
    ExamKind.TUBERCULOSIS: "指定の医療機関",
    ExamKind.LOCOMOTOR: "整形外科",
    ExamKind.COLOR_VISION: "眼科",
}


def default_replies(kind: ExamKind) -> tuple[ReplyResult, ...]:
    """異常なし・治療完了（済）・治療中・経過観察・要治療, the 検査's extras, その他."""
    return (*COMMON_REPLIES, *EXTRA_REPLIES.get(kind, ()), ReplyResult.OTHER)


class TreatmentRecommendationInput(InputModel):
    """Input of the 治療勧告書 (`treatment_recommendation`): one 検査 of one pupil's record."""

    form_id: ClassVar[str] = "treatment_recommendation"

    school: School = Field(title="学校")
    school_type: Literal["elementary", "junior_high"] = Field(default="elementary", title="学校種")
    pupil: PersonName = Field(title="氏名")
    record: HealthYear = Field(title="その年度の健康診断の記録")
    exam_kind: ExamKind = Field(title="検査")
    exam_name: Annotated[str, *text_rules(16)] | None = Field(
        default=None, title="検査名", description="省略時は様式の名称（歯科検診、視力検査、尿検査 …）"
    )
    issued_on: IsoDate = Field(title="発行日")
    recommendation: Annotated[str, *text_rules(300, multiline=True, required=True)] = Field(
        title="受診のおすすめ（本文）", description="学校・学校医の定める文面（持参物などを含む）"
    )
    school_doctor: Annotated[str, *text_rules(24, required=True)] = Field(
        title="署名する学校医・学校歯科医の氏名", description="歯科の通知は学校歯科医、ほかは学校医"
    )
    remarks: Annotated[str, *text_rules(60)] = Field(default="", title="所見の補足")
    clinic: Annotated[str, *text_rules(16)] | None = Field(
        default=None, title="受診先", description="省略時は検査ごとの既定（歯科医院、眼科 …）"
    )
    reply_options: list[ReplyResult] | None = Field(
        default=None,
        min_length=2,
        max_length=MAX_REPLY_OPTIONS,
        title="診察結果の選択肢",
        description="省略時は検査ごとの既定（治療完了（済）を含む）",
        json_schema_extra=UNIQUE_ITEMS,
    )
    return_by: IsoDate | None = Field(default=None, title="返却期限")

    @model_validator(mode="after")
    def _rules(self) -> TreatmentRecommendationInput:
        """検査の結果と検査日が記録にある、検査日 ≤ 発行日 ≤ 返却期限、色覚検査では所見の補足がある。"""
        v = RuleViolations("TreatmentRecommendationInput")
        exam = self.exam_date
        if self.missing_part is not None:
            v.add(("record", *self.missing_part), f"{self.exam_label}の結果が記録にありません")
        elif exam is None and self.exam_kind != ExamKind.COLOR_VISION:
            v.add(("record", *self.date_path), f"{self.exam_label}の検査日が記録にありません")
        if exam is not None and exam > self.issued_on:
            v.add("issued_on", f"発行日が{self.exam_label}の日（{exam:%Y-%m-%d}）より前です")
        if self.return_by is not None and self.return_by < self.issued_on:
            v.add("return_by", "返却期限が発行日より前になっています")
        options = self.reply_options or []
        if len(set(options)) != len(options):
            v.add("reply_options", "診察結果の選択肢が重複しています")
        if self.exam_kind == ExamKind.COLOR_VISION and not self.remarks:
            v.add("remarks", "色覚検査の結果は記録にないため、所見の補足に記入してください")
        v.raise_if_any()
        return self

    @property
    def homeroom(self) -> ClassRef:
        return ClassRef(school_type=SchoolType(self.school_type), grade=self.record.grade, kumi=self.record.kumi)

    @property
    def dental(self) -> bool:
        return self.exam_kind == ExamKind.DENTAL

    @property
    def doctor_title(self) -> str:
        return "学校歯科医" if self.dental else "学校医"

    @property
    def exam_label(self) -> str:
        return self.exam_name or self.exam_kind.exam_name

    @property
    def replies(self) -> tuple[ReplyResult, ...]:
        return tuple(self.reply_options) if self.reply_options else default_replies(self.exam_kind)

    @property
    def clinic_label(self) -> str:
        return self.clinic or DEFAULT_CLINIC[self.exam_kind]

    @property
    def missing_part(self) -> tuple[str, ...] | None:
        """The record part this 検査 needs that is absent (None when present or not needed)."""
        r = self.record
        if self.dental:
            return ("dental",) if r.dental is None or not r.dental.examined else None
        if self.exam_kind == ExamKind.COLOR_VISION:
            return None
        if r.general is None:
            return ("general",)
        needed = {
            ExamKind.VISION: "vision",
            ExamKind.HEARING: "hearing",
            ExamKind.URINE: "urine",
            ExamKind.HEART: "ecg",
            ExamKind.TUBERCULOSIS: "tuberculosis",
            ExamKind.EYE: "eye",
            ExamKind.ENT: "ent",
            ExamKind.LOCOMOTOR: "spine",
        }.get(self.exam_kind)
        if needed is not None and not r.general.given(needed):
            return ("general", {"ecg": "heart"}.get(needed, needed))
        return None

    @property
    def date_path(self) -> tuple[str, ...]:
        return {
            ExamKind.DENTAL: ("dental", "dentist", "date"),
            ExamKind.VISION: ("general", "vision", "date"),
            ExamKind.HEARING: ("general", "hearing", "date"),
            ExamKind.URINE: ("general", "urine", "first", "date"),
            ExamKind.HEART: ("general", "heart", "ecg", "date"),
        }.get(self.exam_kind, ("general", "doctor", "date"))

    @property
    def exam_date(self) -> date | None:
        """The day of the 検査, from the record (尿: the last round held)."""
        r = self.record
        if self.dental:
            return None if r.dental is None else r.dental.dentist.date
        g = r.general
        if g is None:
            return None
        if self.exam_kind == ExamKind.URINE:
            rounds = [x for x in (g.urine.second, g.urine.first) if x is not None and x.date is not None]
            return rounds[0].date if rounds else None
        return {
            ExamKind.VISION: g.vision.date,
            ExamKind.HEARING: g.hearing.date,
            ExamKind.HEART: g.heart.ecg.date,
        }.get(self.exam_kind, g.doctor.date)

    @property
    def late_days(self) -> int:
        """Days past the 21-day notice period (0 when on time)."""
        exam = self.exam_date
        return 0 if exam is None else max(0, (self.issued_on - exam).days - NOTICE_DAYS)

