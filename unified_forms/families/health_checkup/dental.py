"""The 歯・口腔 part of one pupil's yearly record: judgements 0/1/2, the 歯式, その他, 学校歯科医.

Sources: 学校保健安全法施行規則 第6条 1項 7号 (歯及び口腔の疾病及び異常の有無) and 第7条; the
児童生徒健康診断票（歯・口腔） 参考様式 of 日本学校保健会「児童生徒等の健康診断マニュアル
（平成27年度改訂）」 and its 記入上の注意: 顎関節・歯列・咬合・歯垢の状態・歯肉の状態 are written
0, 1 or 2 (0 異常なし, 1 定期的観察が必要, 2 専門医（歯科医師）による診断が必要; 歯垢 0 ほとんど付着
なし, 1 若干の付着あり, 2 相当の付着あり; 歯肉 1 GO, 2 G), and the 歯式 uses the symbols
／ (現在歯), C (未処置歯), ○ (処置歯), △ (喪失歯, 永久歯のみ), × (要注意乳歯), CO (要観察歯) — the
1995 reform that introduced CO, GO and the 0/1/2 scale (forms-spec §4.14(b)).

The 歯式 is typed tooth by tooth (永久歯 UR8…UR1, UL1…UL8, LR8…LR1, LL1…LL8; 乳歯 URE…URA,
ULA…ULE, LRE…LRA, LLA…LLE) and every 歯の状態 count is derived from it (R-HLT-1), so that a typed
count can never contradict the chart. A symbol outside the legend, a 喪失歯 △ on a 乳歯, a 要注意乳歯
× on a 永久歯, or a 乳歯 and the 永久歯 at the same position in one year is refused at the tooth's
own path, where the 養護教諭 can correct it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from unified_forms.families.health_checkup import codes
from unified_forms.families.health_checkup.findings import Finding, findings
from unified_forms.models.common import InputModel, IsoDate, text_rules
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.image import Base64Image

Symbol = Literal["/", "C", "○", "△", "×", "CO"]
SYMBOLS: tuple[str, ...] = ("/", "C", "○", "△", "×", "CO")
PRIMARY_LETTERS = "ABCDE"

# quadrant prefixes: U/L (上/下) and R/L (the pupil's 右/左)
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
ShortText = Annotated[str, *text_rules(20)]
if TYPE_CHECKING:  # what findings() makes at run time, in terms a type checker can read
    DentalOtherFindings = list[Finding]
else:
    DentalOtherFindings = findings(codes.DENTAL_OTHER, "DentalOtherFinding")


def successor(primary: str) -> str:
    """The 永久歯 that replaces a 乳歯 (A→1 … E→5) in the same quadrant."""
    return f"{primary[:2]}{PRIMARY_LETTERS.index(primary[2]) + 1}"


def tooth_name(tooth: str) -> str:
    """「上右6」「下左E」: how a notice names a tooth (上/下, the pupil's 右/左, number or letter)."""
    jaw = "上" if tooth[0] == "U" else "下"
    side = "右" if tooth[1] == "R" else "左"
    return f"{jaw}{side}{tooth[2]}"


class DentalFormula(InputModel):
    """歯式: symbol per tooth; a tooth left out prints blank (not present / not examined)."""

    permanent: dict[PermanentTooth, Symbol] = Field(default={}, title="永久歯")
    primary: dict[PrimaryTooth, Symbol] = Field(default={}, title="乳歯")

    @model_validator(mode="after")
    def _rules(self) -> DentalFormula:
        """× (要注意乳歯) は乳歯だけ、△ (喪失歯) は永久歯だけ、同じ位置の乳歯と永久歯の両方に記号は付けない。"""
        v = RuleViolations("DentalFormula")
        for tooth, s in self.permanent.items():
            if s == "×":
                v.add(("permanent", tooth), "× (要注意乳歯) は乳歯にだけ付けます", value=s)
        for milk, s in self.primary.items():
            if s == "△":
                v.add(("primary", milk), "△ (喪失歯) は永久歯にだけ付けます", value=s)
            if successor(milk) in self.permanent:
                v.add(("primary", milk), f"同じ位置の永久歯 {successor(milk)} にも記号があります", value=s)
        v.raise_if_any()
        return self

    def teeth_with(self, *symbols: str) -> list[str]:
        """Teeth carrying one of ``symbols``, in chart order (上 右→左, then 下 右→左; 永久歯 first)."""
        # one dict keyed by plain tooth names (as the chart orders are); 永久歯 and 乳歯 names never meet
        marked: dict[str, str] = {t: s for t, s in (*self.permanent.items(), *self.primary.items())}
        out = [t for t in _CHART_ORDER_PERMANENT if marked.get(t) in symbols]
        return out + [t for t in _CHART_ORDER_PRIMARY if marked.get(t) in symbols]


_CHART_ORDER_PERMANENT = tuple(f"UR{n}" for n in range(8, 0, -1)) + tuple(f"UL{n}" for n in range(1, 9))
_CHART_ORDER_PERMANENT += tuple(f"LR{n}" for n in range(8, 0, -1)) + tuple(f"LL{n}" for n in range(1, 9))
_CHART_ORDER_PRIMARY = tuple(f"UR{c}" for c in "EDCBA") + tuple(f"UL{c}" for c in "ABCDE")
_CHART_ORDER_PRIMARY += tuple(f"LR{c}" for c in "EDCBA") + tuple(f"LL{c}" for c in "ABCDE")


@dataclass(frozen=True, slots=True)
class ToothCounts:
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
    """学校歯科医 所見・月日, and the 印影 of an e-signed record.

    Why ``seal``: a record the 学校歯科医 signed electronically prints the dentist's registered 印影
    at the foot of the 所見・月日 cell, as the commercial system (KENJA) does; a paper 票 is stamped
    by hand, so it is optional and nothing is printed without it.
    """

    remarks: ShortText = Field(default="", title="学校歯科医 所見")
    date: IsoDate | None = Field(default=None, title="学校歯科医 月日", description="歯科検診の日")
    seal: Base64Image | None = Field(
        default=None,
        title="学校歯科医 印影",
        description="電子署名した記録に印字する学校歯科医の印影（PNG または JPEG）",
    )


class DentalExam(InputModel):
    """健康診断票（歯・口腔）の1年分."""

    jaw: Judgement | None = Field(default=None, title="顎関節", description="0 異常なし, 1 要観察, 2 要精検")
    alignment: Judgement | None = Field(default=None, title="歯列・咬合", description="0 異常なし, 1 要観察, 2 要精検")
    plaque: Judgement | None = Field(default=None, title="歯垢の状態", description="0 ほとんど付着なし, 1 若干, 2 相当")
    gingiva: Judgement | None = Field(default=None, title="歯肉の状態", description="0 異常なし, 1 GO, 2 G")
    teeth: DentalFormula = Field(default_factory=DentalFormula, title="歯式")
    other: DentalOtherFindings | None = Field(default=None, title="その他の疾病及び異常")
    dentist: Dentist = Field(default_factory=Dentist, title="学校歯科医")
    measures: Annotated[str, *text_rules(20)] = Field(default="", title="事後措置")

    @property
    def examined(self) -> bool:
        """A 受検者 of the 歯科検診: the 歯式 was recorded (a record without teeth is not one)."""
        return bool(self.teeth.permanent or self.teeth.primary)

    def dates(self) -> list[tuple[tuple[str, ...], IsoDate | None]]:
        return [(("dentist", "date"), self.dentist.date)]
