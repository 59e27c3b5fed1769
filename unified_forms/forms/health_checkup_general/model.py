"""健康診断票（一般） (forms-spec §4.14): one pupil's periodic health examinations, one column a year.

The 票 follows the pupil for the whole 小学校 (6 years) or 中学校 (3 years) and is kept 5 years
after, so it is entered one 年度 at a time and every year is optional. What the rules of
学校保健安全法施行規則 and the school doctor's scales forbid is refused here, at the path the
school system typed, so that a wrong number never reaches a record that is sent on to the next
school: 身長・体重 outside a human range or with more than one decimal (R-HLT-3), 視力 outside
0.0〜2.0 or a letter other than A〜D (R-HLT-2 derives the letter from a value in the binding),
尿 results outside −/±/+/2+/3+, 指導区分 other than A〜D × 1〜3, a 年齢 on 4月1日 outside 5〜18
(R-HLT-5, computed, never typed), an exam date outside its 年度 and a result for an item marked
未実施 (that cell prints 斜線).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from unified_forms.families.health_checkup import check_years
from unified_forms.models.common import (
    FiscalYear,
    InputModel,
    IsoDate,
    KumiText,
    PersonName,
    School,
    SchoolType,
    Sex,
    text_type,
)
from unified_forms.models.errors_map import RuleViolations

# item keys a year may mark 未実施 (printed as 斜線): 心電図 only in 小1・中1, X-ray only for targets
NOT_EXAMINED_ITEMS: tuple[str, ...] = (
    "nutrition",
    "spine",
    "vision",
    "hearing",
    "eye",
    "ent",
    "skin",
    "tuberculosis",
    "ecg",
    "heart",
    "urine",
)
NotExaminedItem = Literal[
    "nutrition", "spine", "vision", "hearing", "eye", "ent", "skin", "tuberculosis", "ecg", "heart", "urine"
]
URINE_VALUES: tuple[str, ...] = ("−", "±", "+", "2+", "3+")


def _one_decimal(v: float) -> float:
    if abs(v * 10 - round(v * 10)) > 1e-6:
        raise PydanticCustomError("decimal_places", "小数第1位までで入力してください")
    return v


def _two_decimals(v: float) -> float:
    if abs(v * 100 - round(v * 100)) > 1e-6:
        raise PydanticCustomError("decimal_places", "小数第2位までで入力してください")
    return v


def _guidance(v: str) -> str:
    if len(v) != 2 or v[0] not in "ABCD" or v[1] not in "123":
        raise PydanticCustomError(
            "guidance_invalid", "指導区分は生活規正の面 A〜D と医療の面 1〜3 の組合せ（例: D3）です"
        )
    return v


Height = Annotated[float, Field(ge=70.0, le=200.0), AfterValidator(_one_decimal)]
Weight = Annotated[float, Field(ge=10.0, le=150.0), AfterValidator(_one_decimal)]
VisionValue = Annotated[float, Field(ge=0.0, le=2.0), AfterValidator(_two_decimals)]
VisionLetter = Literal["A", "B", "C", "D"]
GuidanceCode = Annotated[str, Strict(), AfterValidator(_guidance)]
UrineValue = Literal["−", "±", "+", "2+", "3+"]
ShortText = text_type(20)
Grade = Annotated[int, Strict(), Field(ge=1, le=6)]


def vision_letter(value: float | str) -> str:
    """R-HLT-2: A ≥1.0, B 0.7〜0.9, C 0.3〜0.6, D <0.3; a letter given as such is kept."""
    if isinstance(value, str):
        return value
    if value >= 1.0:
        return "A"
    if value >= 0.7:
        return "B"
    if value >= 0.3:
        return "C"
    return "D"


class Student(InputModel):
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")


class Eye(InputModel):
    """視力 of one eye: a measured value (0.0〜2.0) or the letter A〜D, 裸眼 and 矯正."""

    naked: VisionValue | VisionLetter | None = Field(default=None, title="裸眼視力")
    corrected: VisionValue | VisionLetter | None = Field(default=None, title="矯正視力")


class Vision(InputModel):
    right: Eye = Field(default_factory=Eye, title="視力 右")
    left: Eye = Field(default_factory=Eye, title="視力 左")


class Hearing(InputModel):
    right: Literal["○", "×"] | None = Field(default=None, title="聴力 右", description="○ 異常なし, × 要精検")
    left: Literal["○", "×"] | None = Field(default=None, title="聴力 左", description="○ 異常なし, × 要精検")


class Tuberculosis(InputModel):
    finding: ShortText = Field(default="", title="結核 疾病及び異常")  # type: ignore[valid-type]
    guidance: GuidanceCode | None = Field(default=None, title="結核 指導区分")


class Heart(InputModel):
    ecg: ShortText = Field(default="", title="心臓 臨床医学的検査（心電図等）")  # type: ignore[valid-type]
    finding: ShortText = Field(default="", title="心臓 疾病及び異常")  # type: ignore[valid-type]
    guidance: GuidanceCode | None = Field(default=None, title="心臓 指導区分")


class Urine(InputModel):
    protein: UrineValue | None = Field(default=None, title="尿 蛋白")
    sugar: UrineValue | None = Field(default=None, title="尿 糖")
    blood: UrineValue | None = Field(default=None, title="尿 潜血")


class Doctor(InputModel):
    remarks: ShortText = Field(default="", title="学校医 所見")  # type: ignore[valid-type]
    date: IsoDate | None = Field(default=None, title="学校医 月日")


class YearExam(InputModel):
    """One 年度 of the 票; years not reached are left out of ``years``."""

    grade: Grade = Field(title="学年")
    fiscal_year: FiscalYear = Field(title="年度")
    kumi: KumiText = Field(title="組")
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="番号")
    height_cm: Height | None = Field(default=None, title="身長 (cm)")
    weight_kg: Weight | None = Field(default=None, title="体重 (kg)")
    nutrition: Literal["異常なし", "要注意（栄養不良）", "要注意（肥満傾向）"] | None = Field(
        default=None, title="栄養状態"
    )
    spine: ShortText = Field(default="", title="脊柱・胸郭・四肢")  # type: ignore[valid-type]
    vision: Vision = Field(default_factory=Vision, title="視力")
    eye_disease: ShortText = Field(default="", title="眼の疾病及び異常")  # type: ignore[valid-type]
    hearing: Hearing = Field(default_factory=Hearing, title="聴力")
    ent_disease: ShortText = Field(default="", title="耳鼻咽頭疾患")  # type: ignore[valid-type]
    skin_disease: ShortText = Field(default="", title="皮膚疾患")  # type: ignore[valid-type]
    tuberculosis: Tuberculosis = Field(default_factory=Tuberculosis, title="結核")
    heart: Heart = Field(default_factory=Heart, title="心臓")
    urine: Urine = Field(default_factory=Urine, title="尿")
    other_disease: ShortText = Field(default="", title="その他の疾病及び異常")  # type: ignore[valid-type]
    doctor: Doctor = Field(default_factory=Doctor, title="学校医")
    measures: text_type(30, multiline=True) = Field(default="", title="事後措置")  # type: ignore[valid-type]
    notes: text_type(60, multiline=True) = Field(default="", title="備考")  # type: ignore[valid-type]
    not_examined: list[NotExaminedItem] = Field(
        default=[], max_length=11, title="未実施の項目", description="その年度に実施しなかった項目（斜線を印字）"
    )

    def given(self, item: str) -> bool:
        """Whether any result of ``item`` was entered (for the 未実施 rule)."""
        value = {
            "nutrition": self.nutrition,
            "spine": self.spine,
            "vision": any(v is not None for e in (self.vision.right, self.vision.left) for v in (e.naked, e.corrected)),
            "hearing": self.hearing.right or self.hearing.left,
            "eye": self.eye_disease,
            "ent": self.ent_disease,
            "skin": self.skin_disease,
            "tuberculosis": self.tuberculosis.finding or self.tuberculosis.guidance,
            "ecg": self.heart.ecg,
            "heart": self.heart.finding or self.heart.guidance,
            "urine": self.urine.protein or self.urine.sugar or self.urine.blood,
        }[item]
        return bool(value)

    @model_validator(mode="after")
    def _rules(self) -> YearExam:
        v = RuleViolations("YearExam")
        for i, item in enumerate(self.not_examined):
            if self.given(item):
                v.add(("not_examined", i), "未実施とした項目に結果が入力されています")
            if item in self.not_examined[:i]:
                v.add(("not_examined", i), "同じ項目が2回あります")
        d = self.doctor.date
        if d is not None and not self.fiscal_year.contains(d):
            v.add(("doctor", "date"), f"月日が{self.fiscal_year.label}の期間外です")
        v.raise_if_any()
        return self


class HealthCheckupGeneralInput(InputModel):
    """Input of the 健康診断票（一般） (`health_checkup_general`): one column per 学年."""

    form_id: ClassVar[str] = "health_checkup_general"

    school: School = Field(title="学校")
    school_type: Literal["elementary", "junior_high"] = Field(
        default="elementary", title="学校種", description="elementary: 6学年, junior_high: 3学年"
    )
    student: Student = Field(title="児童生徒")
    years: list[YearExam] = Field(default=[], max_length=6, title="年度ごとの記録")

    @property
    def grade_count(self) -> int:
        return SchoolType(self.school_type).max_grade

    @model_validator(mode="after")
    def _years(self) -> HealthCheckupGeneralInput:
        v = RuleViolations("HealthCheckupGeneralInput")
        check_years(v, self.years, SchoolType(self.school_type), self.student.birth_date)
        v.raise_if_any()
        return self
