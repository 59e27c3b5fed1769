"""Code lists of the coded health record: what a finding is, how the 票 prints it, what the survey counts.

Why codes: the 健康診断票 is read by people (so it prints words), but the national 学校保健統計調査
(学校保健統計調査規則, 昭和27年文部省令第5号; 健康状態調査票 and its 記入要領 in the annual
「学校保健統計調査の手引」) counts pupils per *category* — 眼の疾病・異常, 難聴, 耳疾患, 鼻・副鼻腔疾患,
口腔咽喉頭疾患・異常, アトピー性皮膚炎, その他の皮膚疾患, ぜん息, 腎臓疾患, 言語障害, 心電図異常,
蛋白検出, 尿糖検出, 結核に関する検診 … — and a free-text 所見 cannot be counted without guessing.
So each finding is a code from the list of its 検査項目 (学校保健安全法施行規則 第6条 1項 各号),
printed with its wording (the 記入上の注意 of the 児童生徒健康診断票 ask for 「病名又は異常名」),
with the school's own free text beside it, and each code names the survey category it counts in.

What is public and what is not: the survey *categories* are the published ones (MEXT 学校保健統計
調査 調査事項, e.g. the Gifu and Aomori pages cited in forms-spec §4.17). Which disease names the
手引 puts under each category is not public in full: the lists below hold the usual school-doctor
names under the category a school would count them in, and a school adds its own name as the
category's ``…_other`` code with free text. ``category`` None means 「異常なし」 (counts nowhere).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


class Category(StrEnum):
    """National 学校保健統計調査 健康状態 categories a coded finding counts in (one per finding)."""

    NUTRITION = "栄養状態"
    SPINE = "脊柱・胸郭・四肢の状態"
    EYE = "眼の疾病・異常"
    HEARING_LOSS = "難聴"
    EAR = "耳疾患"
    NOSE = "鼻・副鼻腔疾患"
    THROAT = "口腔咽喉頭疾患・異常"
    ATOPIC = "アトピー性皮膚炎"
    SKIN_OTHER = "その他の皮膚疾患"
    TUBERCULOSIS = "結核"
    ECG = "心電図異常"
    HEART = "心臓の疾病・異常"
    ASTHMA = "ぜん息"
    KIDNEY = "腎臓疾患"
    SPEECH = "言語障害"
    OTHER = "その他の疾病・異常"
    DENTAL_OTHER = "歯・口腔のその他の疾病・異常"


@dataclass(frozen=True, slots=True)
class Code:
    code: str  # what the school system sends (ASCII, stable)
    wording: str  # what the 票 prints
    category: Category | None  # what the national survey counts it as; None: 異常なし


class CodeList(Mapping[str, Code]):
    """An ordered code list of one 検査項目: code → wording and survey category."""

    def __init__(self, title: str, *codes: Code) -> None:
        self.title = title
        self._codes = {c.code: c for c in codes}

    def __getitem__(self, key: str) -> Code:
        return self._codes[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def literal(self) -> Any:
        """``Literal[...]`` of the codes: a code outside the list is a validation error at its path."""
        return Literal.__getitem__(tuple(self._codes))

    def legend(self) -> str:
        """「code: wording」 pairs for the JSON Schema description."""
        return "、".join(f"{c.code}: {c.wording}" for c in self._codes.values())


NORMAL = "normal"
NORMAL_WORDING = "異常なし"


def _normal() -> Code:
    return Code(NORMAL, NORMAL_WORDING, None)


NUTRITION = CodeList(
    "栄養状態",
    _normal(),
    Code("malnutrition", "要注意（栄養不良）", Category.NUTRITION),
    Code("obesity", "要注意（肥満傾向）", Category.NUTRITION),
)

SPINE = CodeList(
    "脊柱・胸郭・四肢",
    _normal(),
    Code("scoliosis", "脊柱側わん症", Category.SPINE),
    Code("spine_other", "脊柱の異常", Category.SPINE),
    Code("chest", "胸郭の異常", Category.SPINE),
    Code("limbs", "四肢の状態の異常", Category.SPINE),
)

EYE = CodeList(
    "眼の疾病及び異常",
    _normal(),
    Code("allergic_conjunctivitis", "アレルギー性結膜炎", Category.EYE),
    Code("conjunctivitis", "結膜炎", Category.EYE),
    Code("blepharitis", "眼瞼炎", Category.EYE),
    Code("hordeolum", "麦粒腫・霰粒腫", Category.EYE),
    Code("strabismus", "斜視", Category.EYE),
    Code("eye_other", "その他の眼の疾病・異常", Category.EYE),
)

ENT = CodeList(
    "耳鼻咽頭疾患",
    _normal(),
    Code("otitis_media", "中耳炎", Category.EAR),
    Code("otitis_externa", "外耳炎", Category.EAR),
    Code("cerumen", "耳垢栓塞", Category.EAR),
    Code("ear_other", "その他の耳疾患", Category.EAR),
    Code("allergic_rhinitis", "アレルギー性鼻炎", Category.NOSE),
    Code("sinusitis", "副鼻腔炎", Category.NOSE),
    Code("nose_other", "その他の鼻・副鼻腔疾患", Category.NOSE),
    Code("tonsil", "扁桃肥大", Category.THROAT),
    Code("adenoid", "アデノイド", Category.THROAT),
    Code("throat_other", "その他の口腔咽喉頭疾患", Category.THROAT),
)

SKIN = CodeList(
    "皮膚疾患",
    _normal(),
    Code("atopic_dermatitis", "アトピー性皮膚炎", Category.ATOPIC),
    Code("molluscum", "伝染性軟属腫", Category.SKIN_OTHER),
    Code("impetigo", "伝染性膿痂疹", Category.SKIN_OTHER),
    Code("urticaria", "じんましん", Category.SKIN_OTHER),
    Code("skin_other", "その他の皮膚疾患", Category.SKIN_OTHER),
)

TUBERCULOSIS = CodeList(
    "結核 疾病及び異常",
    _normal(),
    Code("tuberculosis", "結核", Category.TUBERCULOSIS),
    Code("tb_other", "その他の異常", None),
)

HEART = CodeList(
    "心臓 疾病及び異常",
    _normal(),
    Code("murmur", "心雑音", Category.HEART),
    Code("arrhythmia", "不整脈", Category.HEART),
    Code("congenital", "先天性心疾患", Category.HEART),
    Code("kawasaki", "川崎病既往", Category.HEART),
    Code("heart_other", "その他の心臓の疾病・異常", Category.HEART),
)

ECG = CodeList(
    "心電図",
    _normal(),
    Code("abnormal", "心電図異常", Category.ECG),
)

OTHER = CodeList(
    "その他の疾病及び異常",
    _normal(),
    Code("asthma", "ぜん息", Category.ASTHMA),
    Code("kidney", "腎臓疾患", Category.KIDNEY),
    Code("speech", "言語障害", Category.SPEECH),
    Code("food_allergy", "食物アレルギー", Category.OTHER),
    Code("other", "その他の疾病・異常", Category.OTHER),
)

DENTAL_OTHER = CodeList(
    "歯・口腔 その他の疾病及び異常",
    _normal(),
    Code("fused_tooth", "癒合歯", Category.DENTAL_OTHER),
    Code("supernumerary", "過剰歯", Category.DENTAL_OTHER),
    Code("frenulum", "舌小帯異常", Category.DENTAL_OTHER),
    Code("mucosa", "口腔粘膜の異常", Category.DENTAL_OTHER),
    Code("dental_other", "その他の疾病・異常", Category.DENTAL_OTHER),
)


class ExamKind(StrEnum):
    """検査 / 検診 a 治療勧告書 is about (forms-spec §4.15(e): one notice template per specialty)."""

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

    @property
    def exam_name(self) -> str:
        """The name the 様式 and 施行規則 第6条 use: 視力検査 (not 視力検診), 尿検査, 心電図検査 …"""
        return _EXAM_NAMES[self]


_EXAM_NAMES: dict[ExamKind, str] = {
    ExamKind.INTERNAL: "内科検診",
    ExamKind.EYE: "眼科検診",
    ExamKind.ENT: "耳鼻咽喉科検診",
    ExamKind.DENTAL: "歯科検診",
    ExamKind.VISION: "視力検査",
    ExamKind.HEARING: "聴力検査",
    ExamKind.URINE: "尿検査",
    ExamKind.HEART: "心電図検査",
    ExamKind.TUBERCULOSIS: "結核検診",
    ExamKind.LOCOMOTOR: "運動器検診",
    ExamKind.COLOR_VISION: "色覚検査",
}


class ReplyResult(StrEnum):
    """診察結果 of a 受診結果報告書 (the reply slip), stored back in the record (forms-spec §4.15(f))."""

    NORMAL = "normal"
    COMPLETED = "completed"
    IN_TREATMENT = "in_treatment"
    OBSERVATION = "observation"
    NEEDS_TREATMENT = "needs_treatment"
    BRUSHING = "brushing"
    GLASSES = "glasses"
    OTHER = "other"

    @property
    def wording(self) -> str:
        return _REPLY_WORDING[self]


_REPLY_WORDING: dict[ReplyResult, str] = {
    ReplyResult.NORMAL: "異常なし",
    ReplyResult.COMPLETED: "治療完了（済）",
    ReplyResult.IN_TREATMENT: "治療中",
    ReplyResult.OBSERVATION: "経過観察",
    ReplyResult.NEEDS_TREATMENT: "要治療",
    ReplyResult.BRUSHING: "ブラッシング指導済",
    ReplyResult.GLASSES: "眼鏡処方",
    ReplyResult.OTHER: "その他",
}
