"""The 一般 part of one pupil's yearly record: every 検査項目 of 施行規則 第6条, coded.

Sources of the rules (each is cited where it is checked):

* 学校保健安全法施行規則 第6条 (検査項目: 身長・体重, 栄養状態, 脊柱及び胸郭の疾病及び異常の有無並びに
  四肢の状態, 視力及び聴力, 眼の疾病及び異常, 耳鼻咽頭疾患及び皮膚疾患, 歯及び口腔, 結核, 心臓, 尿,
  その他の疾病及び異常), 第7条 (方法及び技術的基準: 視力は国際標準に準拠した視力表, 聴力はオージオ
  メータ, 尿は試験紙法で蛋白・糖), 第8条 (健康診断票を作成), 第9条 (事後措置, 21日以内に通知).
* 児童生徒健康診断票（一般）の様式 and its 記入上の注意 — the reference layout is the 参考様式 of
  日本学校保健会「児童生徒等の健康診断マニュアル（平成27年度改訂）」 (the 施行規則's own 第一号・
  第二号様式 are the 就学時 and 職員 forms; forms-spec §4.14(b)). From its 記入上の注意:
  「視力」 裸眼視力はかっこの左側に、矯正視力はかっこ内に; A (1.0以上), B (1.0未満0.7以上),
  C (0.7未満0.3以上), D (0.3未満) may be written instead of the value;
  「聴力」 ○ for a pupil who could NOT hear 1000 Hz at 30 dB or 4000 Hz at 25 dB (聴力レベル表示),
  and that pupil's 聴力レベル in dB when it was measured;
  「栄養状態」 「要注意」 for 栄養不良 or 肥満傾向 needing particular attention;
  疾病 columns: 病名又は異常名; 「結核」「心臓」 指導区分 per 施行規則 第9条 (別表 A〜D × 1〜3);
  「尿」 蛋白・糖 (and 潜血 where examined) of the 第1次 and 第2次 (再検査) rounds, その他の検査;
  「学校医」 所見 and 月日; 「事後措置」 the measures of 第9条.
* 身長・体重 to one decimal (R-HLT-3: 小数点以下第2位を四捨五入).

Not public and therefore configurable or documented: the 尿 value set (−, ±, +, 2+, 3+ is the
usual 試験紙 scale, forms-spec §4.14(g)); whether 潜血 is examined (it is not a 第7条 item; the
record accepts it); the disease names under each survey category (codes.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from unified_forms.families.health_checkup import codes
from unified_forms.families.health_checkup.findings import Finding, findings
from unified_forms.models.common import UNIQUE_ITEMS, InputModel, IsoDate, text_rules
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.image import Base64Image
from unified_forms.models.rules import Listed


def _one_decimal(v: float) -> float:
    """身長・体重は小数第1位まで。"""
    if abs(v * 10 - round(v * 10)) > 1e-6:
        raise PydanticCustomError("decimal_places", "小数第1位までで入力してください")
    return v


def _two_decimals(v: float) -> float:
    """視力は小数第2位まで。"""
    if abs(v * 100 - round(v * 100)) > 1e-6:
        raise PydanticCustomError("decimal_places", "小数第2位までで入力してください")
    return v


def _guidance(v: str) -> str:
    if len(v) != 2 or v[0] not in "ABCD" or v[1] not in "123":
        raise PydanticCustomError(
            "guidance_invalid", "指導区分は生活規正の面 A〜D と医療の面 1〜3 の組合せ（例: D3）です"
        )
    return v


_ONE_DECIMAL = Listed(_one_decimal, rule_id="decimal_places")  # listed in the JSON Schema (not statable there)
_TWO_DECIMALS = Listed(_two_decimals, rule_id="decimal_places")
Height = Annotated[float, Field(ge=70.0, le=200.0), AfterValidator(_one_decimal), _ONE_DECIMAL]
Weight = Annotated[float, Field(ge=10.0, le=150.0), AfterValidator(_one_decimal), _ONE_DECIMAL]
VisionValue = Annotated[float, Field(ge=0.0, le=2.0), AfterValidator(_two_decimals), _TWO_DECIMALS]
VisionLetter = Literal["A", "B", "C", "D"]
Unmeasurable = Literal["unmeasurable"]
GuidanceCode = Annotated[
    str, Strict(), AfterValidator(_guidance), Field(json_schema_extra={"pattern": "^[A-D][1-3]$", "maxLength": 2})
]
UrineValue = Literal["−", "±", "+", "2+", "3+"]
URINE_VALUES: tuple[str, ...] = ("−", "±", "+", "2+", "3+")
HearingLevel = Annotated[int, Strict(), Field(ge=-10, le=120)]
ShortText = Annotated[str, *text_rules(20)]

if TYPE_CHECKING:  # what the types made at run time below hold, in terms a type checker can read
    SpineFindings = list[Finding]
    EyeFindings = list[Finding]
    EntFindings = list[Finding]
    SkinFindings = list[Finding]
    TuberculosisFindings = list[Finding]
    HeartFindings = list[Finding]
    OtherFindings = list[Finding]
    NutritionCode = str
    EcgCode = str
else:
    SpineFindings = findings(codes.SPINE, "SpineFinding")
    EyeFindings = findings(codes.EYE, "EyeFinding")
    EntFindings = findings(codes.ENT, "EntFinding")
    SkinFindings = findings(codes.SKIN, "SkinFinding")
    TuberculosisFindings = findings(codes.TUBERCULOSIS, "TuberculosisFinding")
    HeartFindings = findings(codes.HEART, "HeartFinding")
    OtherFindings = findings(codes.OTHER, "OtherFinding")
    NutritionCode = codes.NUTRITION.literal()
    EcgCode = codes.ECG.literal()

# items a year may mark 未実施 (printed 斜線): 心電図 only in 小1・中1, X-ray only for targets …
NotExaminedItem = Literal[
    "nutrition", "spine", "vision", "hearing", "eye", "ent", "skin", "tuberculosis", "ecg", "heart", "urine"
]
NOT_EXAMINED_ITEMS: tuple[str, ...] = (
    "nutrition", "spine", "vision", "hearing", "eye", "ent", "skin", "tuberculosis", "ecg", "heart", "urine",
)  # fmt: skip


class Eye(InputModel):
    """視力 of one eye, 裸眼 and 矯正: a value 0.0〜2.0, the letter A〜D, or 測定不能 (``unmeasurable``)."""

    naked: VisionValue | VisionLetter | Unmeasurable | None = Field(default=None, title="裸眼視力")
    corrected: VisionValue | VisionLetter | Unmeasurable | None = Field(
        default=None, title="矯正視力", description="眼鏡・コンタクトレンズ使用者の矯正視力（かっこ内に印字）"
    )


class Vision(InputModel):
    date: IsoDate | None = Field(default=None, title="視力検査日")
    right: Eye = Field(default_factory=Eye, title="視力 右")
    left: Eye = Field(default_factory=Eye, title="視力 左")

    def given(self) -> bool:
        return any(v is not None for e in (self.right, self.left) for v in (e.naked, e.corrected))


class Ear(InputModel):
    """One ear of the 選別聴力検査 (施行規則 第7条: オージオメータ, 1000 Hz 30 dB and 4000 Hz 25 dB).

    ``screen``: ``pass`` (聴取できた: the 票 leaves the cell blank), ``fail`` (聴取できない: the 票
    prints ○, as the 記入上の注意 say), ``difficult`` (測定困難). ``level_db``: the 聴力レベル found by
    a further test, only for a failed screen.
    """

    screen: Literal["pass", "fail", "difficult"] | None = Field(
        default=None, title="選別聴力検査", description="pass: 聴取できた, fail: 聴取できない（○）, difficult: 測定困難"
    )
    level_db: HearingLevel | None = Field(default=None, title="聴力レベル (dB)")


class Hearing(InputModel):
    date: IsoDate | None = Field(default=None, title="聴力検査日")
    right: Ear = Field(default_factory=Ear, title="聴力 右")
    left: Ear = Field(default_factory=Ear, title="聴力 左")

    def given(self) -> bool:
        return any(e.screen is not None or e.level_db is not None for e in (self.right, self.left))

    @model_validator(mode="after")
    def _db_needs_failed_screen(self) -> Hearing:
        """聴力レベルは選別聴力検査で聴取できなかった耳にだけ記入する。"""
        v = RuleViolations("Hearing")
        for side in ("right", "left"):
            ear: Ear = getattr(self, side)
            if ear.level_db is not None and ear.screen != "fail":
                v.add(
                    (side, "level_db"),
                    "聴力レベルは選別聴力検査で聴取できなかった耳（○）にだけ記入します（記入上の注意）",
                )
        v.raise_if_any()
        return self


class Tuberculosis(InputModel):
    detailed_exam: bool | None = Field(
        default=None, title="精密検査の対象", description="true: 結核の精密検査の対象者（検討を要する者）"
    )
    findings: TuberculosisFindings | None = Field(default=None, title="結核 疾病及び異常")
    guidance: GuidanceCode | None = Field(default=None, title="結核 指導区分")

    def given(self) -> bool:
        return self.detailed_exam is not None or self.findings is not None or self.guidance is not None


class Ecg(InputModel):
    date: IsoDate | None = Field(default=None, title="心電図検査日")
    result: EcgCode | None = Field(
        default=None, title="心電図", description=codes.ECG.legend()
    )
    text: ShortText = Field(default="", title="心電図 所見（自由記述）")


class Heart(InputModel):
    ecg: Ecg = Field(default_factory=Ecg, title="臨床医学的検査（心電図等）")
    findings: HeartFindings | None = Field(default=None, title="心臓 疾病及び異常")
    guidance: GuidanceCode | None = Field(default=None, title="心臓 指導区分")


class UrineRound(InputModel):
    """One round of the 尿検査 (試験紙法): 蛋白・糖 (施行規則 第7条) and 潜血."""

    date: IsoDate | None = Field(default=None, title="検査日")
    protein: UrineValue | None = Field(default=None, title="蛋白")
    sugar: UrineValue | None = Field(default=None, title="糖")
    blood: UrineValue | None = Field(default=None, title="潜血")

    def given(self) -> bool:
        return any(getattr(self, k) is not None for k in ("protein", "sugar", "blood"))


class Urine(InputModel):
    """尿: 第1次 and 第2次 (再検査 of those positive in the 第1次), and その他の検査."""

    first: UrineRound | None = Field(default=None, title="尿 第1次")
    second: UrineRound | None = Field(default=None, title="尿 第2次")
    other_tests: ShortText = Field(default="", title="尿 その他の検査")

    def given(self) -> bool:
        return self.first is not None or self.second is not None or bool(self.other_tests)

    @model_validator(mode="after")
    def _second_needs_first(self) -> Urine:
        """第2次（再検査）の結果は第1次の結果がある項目だけ。"""
        v = RuleViolations("Urine")
        if self.second is not None:
            for item, label in (("protein", "蛋白"), ("sugar", "糖"), ("blood", "潜血")):
                if getattr(self.second, item) is not None and (self.first is None or getattr(self.first, item) is None):
                    v.add(("second", item), f"第1次の{label}の結果がないのに第2次（再検査）の結果があります")
        v.raise_if_any()
        return self


class Doctor(InputModel):
    """学校医 所見・月日, and the 印影 of an e-signed record.

    Why ``seal``: a record the 学校医 signed electronically prints the doctor's registered 印影 in
    the 月日 cell, as the commercial system (KENJA) does; a paper 票 is stamped by hand, so it is
    optional and nothing is printed without it.
    """

    remarks: ShortText = Field(default="", title="学校医 所見")
    date: IsoDate | None = Field(default=None, title="学校医 月日")
    seal: Base64Image | None = Field(
        default=None, title="学校医 印影", description="電子署名した記録に印字する学校医の印影（PNG または JPEG）"
    )


class GeneralExam(InputModel):
    """健康診断票（一般）の1年分: every item of 施行規則 第6条 but 歯・口腔 (see DentalExam)."""

    measured_on: IsoDate | None = Field(default=None, title="身長・体重の測定日")
    height_cm: Height | None = Field(default=None, title="身長 (cm)")
    weight_kg: Weight | None = Field(default=None, title="体重 (kg)")
    nutrition: NutritionCode | None = Field(
        default=None, title="栄養状態", description=codes.NUTRITION.legend()
    )
    spine: SpineFindings | None = Field(default=None, title="脊柱・胸郭・四肢")
    vision: Vision = Field(default_factory=Vision, title="視力")
    eye: EyeFindings | None = Field(default=None, title="眼の疾病及び異常")
    hearing: Hearing = Field(default_factory=Hearing, title="聴力")
    ent: EntFindings | None = Field(default=None, title="耳鼻咽頭疾患")
    skin: SkinFindings | None = Field(default=None, title="皮膚疾患")
    tuberculosis: Tuberculosis = Field(default_factory=Tuberculosis, title="結核")
    heart: Heart = Field(default_factory=Heart, title="心臓")
    urine: Urine = Field(default_factory=Urine, title="尿")
    other: OtherFindings | None = Field(default=None, title="その他の疾病及び異常")
    doctor: Doctor = Field(default_factory=Doctor, title="学校医")
    measures: Annotated[str, *text_rules(30, multiline=True)] = Field(default="", title="事後措置")
    notes: Annotated[str, *text_rules(60, multiline=True)] = Field(default="", title="備考")
    not_examined: list[NotExaminedItem] = Field(
        default=[], max_length=11, title="未実施の項目", description="その年度に実施しなかった項目（斜線を印字）",
        json_schema_extra=UNIQUE_ITEMS,
    )

    def given(self, item: str) -> bool:
        """Whether any result of ``item`` was entered (for the 未実施 rule and for 受検者 counts)."""
        return {
            "nutrition": lambda: self.nutrition is not None,
            "spine": lambda: self.spine is not None,
            "vision": self.vision.given,
            "hearing": self.hearing.given,
            "eye": lambda: self.eye is not None,
            "ent": lambda: self.ent is not None,
            "skin": lambda: self.skin is not None,
            "tuberculosis": self.tuberculosis.given,
            "ecg": lambda: self.heart.ecg.result is not None or bool(self.heart.ecg.text),
            "heart": lambda: self.heart.findings is not None or self.heart.guidance is not None,
            "urine": self.urine.given,
        }[item]()

    def dates(self) -> list[tuple[tuple[str, ...], IsoDate | None]]:
        """Every date of the part with its path (the record checks them against its 年度)."""
        u = self.urine
        return [
            (("measured_on",), self.measured_on),
            (("vision", "date"), self.vision.date),
            (("hearing", "date"), self.hearing.date),
            (("heart", "ecg", "date"), self.heart.ecg.date),
            (("urine", "first", "date"), None if u.first is None else u.first.date),
            (("urine", "second", "date"), None if u.second is None else u.second.date),
            (("doctor", "date"), self.doctor.date),
        ]

    @model_validator(mode="after")
    def _rules(self) -> GeneralExam:
        """未実施とした項目には結果を入れない、尿の第2次の検査日は第1次より後。"""
        v = RuleViolations("GeneralExam")
        for i, item in enumerate(self.not_examined):
            if self.given(item):
                v.add(("not_examined", i), "未実施とした項目に結果が入力されています")
            if item in self.not_examined[:i]:
                v.add(("not_examined", i), "同じ項目が2回あります")
        u = self.urine
        first, second = (None if r is None else r.date for r in (u.first, u.second))
        if first is not None and second is not None and second <= first:
            v.add(("urine", "second", "date"), "第2次の検査日が第1次の検査日より前です")
        v.raise_if_any()
        return self


def vision_letter(value: float | str) -> str:
    """R-HLT-2 (記入上の注意): A 1.0以上, B 1.0未満0.7以上, C 0.7未満0.3以上, D 0.3未満; a letter stays."""
    if isinstance(value, str):
        return value
    if value >= 1.0:
        return "A"
    if value >= 0.7:
        return "B"
    if value >= 0.3:
        return "C"
    return "D"
