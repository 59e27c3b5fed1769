"""健康診断票（歯・口腔） (forms-spec §4.14(e)): one pupil's dental examinations, one row a year.

The 歯式 is typed tooth by tooth (永久歯 UR8…UR1, UL1…UL8, LR8…LR1, LL1…LL8; 乳歯 URE…URA,
ULA…ULE, LRE…LRA, LLA…LLE) with the symbols of the KENJA legend, and every 歯の状態 count is
derived from it (R-HLT-1) so that a typed count can never contradict the chart. A symbol outside
the legend, a 喪失歯 △ on a 乳歯, a 要注意乳歯 × on a 永久歯, or a 乳歯 and the 永久歯 at the same
position in one year is refused at the tooth's own path, where the 養護教諭 can correct it.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.families.health_checkup import check_years
from unified_forms.models.common import FiscalYear, InputModel, IsoDate, PersonName, School, SchoolType, Sex, text_type
from unified_forms.models.errors_map import RuleViolations

Symbol = Literal["/", "C", "○", "△", "×", "CO"]
SYMBOLS: tuple[str, ...] = ("/", "C", "○", "△", "×", "CO")
PRIMARY_LETTERS = "ABCDE"

# quadrant prefixes in print order: 上 row right-then-left, 下 row likewise
QUADRANTS: tuple[str, ...] = ("UR", "UL", "LR", "LL")
PERMANENT_TEETH: tuple[str, ...] = tuple(f"{q}{n}" for q in QUADRANTS for n in range(1, 9))
PRIMARY_TEETH: tuple[str, ...] = tuple(f"{q}{c}" for q in QUADRANTS for c in PRIMARY_LETTERS)
PermanentTooth = Literal[
    "UR1", "UR2", "UR3", "UR4", "UR5", "UR6", "UR7", "UR8",
    "UL1", "UL2", "UL3", "UL4", "UL5", "UL6", "UL7", "UL8",
    "LR1", "LR2", "LR3", "LR4", "LR5", "LR6", "LR7", "LR8",
    "LL1", "LL2", "LL3", "LL4", "LL5", "LL6", "LL7", "LL8",
]  # fmt: skip
PrimaryTooth = Literal[
    "URA", "URB", "URC", "URD", "URE", "ULA", "ULB", "ULC", "ULD", "ULE",
    "LRA", "LRB", "LRC", "LRD", "LRE", "LLA", "LLB", "LLC", "LLD", "LLE",
]  # fmt: skip
Judgement = Literal[0, 1, 2]
ShortText = text_type(20)


def successor(primary: str) -> str:
    """The 永久歯 that replaces a 乳歯 (A→1 … E→5) in the same quadrant."""
    return f"{primary[:2]}{PRIMARY_LETTERS.index(primary[2]) + 1}"


class Student(InputModel):
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")


class DentalFormula(InputModel):
    """歯式: symbol per tooth; a tooth left out prints blank (not present / not examined)."""

    permanent: dict[PermanentTooth, Symbol] = Field(default={}, title="永久歯")
    primary: dict[PrimaryTooth, Symbol] = Field(default={}, title="乳歯")

    @model_validator(mode="after")
    def _rules(self) -> DentalFormula:
        v = RuleViolations("DentalFormula")
        for tooth, s in self.permanent.items():
            if s == "×":
                v.add(("permanent", tooth), "× (要注意乳歯) は乳歯にだけ付けます", value=s)
        for tooth, s in self.primary.items():
            if s == "△":
                v.add(("primary", tooth), "△ (喪失歯) は永久歯にだけ付けます", value=s)
            if successor(tooth) in self.permanent:
                v.add(("primary", tooth), f"同じ位置の永久歯 {successor(tooth)} にも記号があります", value=s)
        v.raise_if_any()
        return self


class ToothCounts(InputModel):
    """歯の状態 (R-HLT-1), always derived from the 歯式 by :func:`count_teeth`."""

    primary_present: int
    primary_decayed: int
    primary_treated: int
    primary_caution: int
    permanent_present: int
    permanent_decayed: int
    permanent_treated: int
    permanent_lost: int
    observation: int


def count_teeth(f: DentalFormula) -> ToothCounts:
    """R-HLT-1: 現在歯 = every symbol but △; C 未処置, ○ 処置, △ 喪失, × 要注意乳歯, CO 要観察歯."""
    p, d = list(f.primary.values()), list(f.permanent.values())
    return ToothCounts(
        primary_present=sum(s != "△" for s in p),
        primary_decayed=p.count("C"),
        primary_treated=p.count("○"),
        primary_caution=p.count("×"),
        permanent_present=sum(s != "△" for s in d),
        permanent_decayed=d.count("C"),
        permanent_treated=d.count("○"),
        permanent_lost=d.count("△"),
        observation=p.count("CO") + d.count("CO"),
    )


class Dentist(InputModel):
    remarks: ShortText = Field(default="", title="学校歯科医 所見")  # type: ignore[valid-type]
    date: IsoDate | None = Field(default=None, title="学校歯科医 月日")


class DentalYear(InputModel):
    """One 年度 of the 票; years not reached are left out of ``years``."""

    grade: Annotated[int, Strict(), Field(ge=1, le=6)] = Field(title="学年")
    fiscal_year: FiscalYear = Field(title="年度")
    jaw: Judgement | None = Field(default=None, title="顎関節", description="0 異常なし, 1 要観察, 2 要精検")
    alignment: Judgement | None = Field(default=None, title="歯列・咬合", description="0 異常なし, 1 要観察, 2 要精検")
    plaque: Judgement | None = Field(default=None, title="歯垢の状態", description="0 ほとんど付着なし, 1 若干, 2 相当")
    gingiva: Judgement | None = Field(default=None, title="歯肉の状態", description="0 異常なし, 1 GO, 2 G")
    teeth: DentalFormula = Field(default_factory=DentalFormula, title="歯式")
    other_disease: ShortText = Field(default="", title="その他の疾病及び異常")  # type: ignore[valid-type]
    dentist: Dentist = Field(default_factory=Dentist, title="学校歯科医")
    measures: text_type(20) = Field(default="", title="事後措置")  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _rules(self) -> DentalYear:
        v = RuleViolations("DentalYear")
        d = self.dentist.date
        if d is not None and not self.fiscal_year.contains(d):
            v.add(("dentist", "date"), f"月日が{self.fiscal_year.label}の期間外です")
        v.raise_if_any()
        return self


class HealthCheckupDentalInput(InputModel):
    """Input of the 健康診断票（歯・口腔） (`health_checkup_dental`): one row per 学年."""

    form_id: ClassVar[str] = "health_checkup_dental"

    school: School = Field(title="学校")
    school_type: Literal["elementary", "junior_high"] = Field(
        default="elementary", title="学校種", description="elementary: 6学年, junior_high: 3学年"
    )
    student: Student = Field(title="児童生徒")
    years: list[DentalYear] = Field(default=[], max_length=6, title="年度ごとの記録")

    @property
    def grade_count(self) -> int:
        return SchoolType(self.school_type).max_grade

    @model_validator(mode="after")
    def _years(self) -> HealthCheckupDentalInput:
        v = RuleViolations("HealthCheckupDentalInput")
        check_years(v, self.years, SchoolType(self.school_type), self.student.birth_date)
        v.raise_if_any()
        return self
