"""成績個表 (forms-spec §4.4): one 生徒's results by 教科 and 学期, handed over at the 面談.

No national or Yamaguchi form exists (§4.4(b),(g)), so the model keeps to what the KENJA items
evidence: 観点 (the 指導要録 marks A/B/C//), 評定 1〜5, 得点 0〜100 and the 学級平均 per 教科 and
学期, one 科目所見 (20×2) per 教科, an optional 出欠 per 学期 and a 備考 (40×3). The 学級平均 is
input because the sheet only sees one 生徒; everything the sheet *can* derive — 合計 and 平均 per
学期 — is never typed but computed by the binding, so a hand-edited total cannot disagree with
its marks. 学期 come from the data (2学期制 前期・後期 or 3学期制), and every 教科 carries one
result per 学期, so a result can never sit under the wrong column. Rounding of 平均 is 四捨五入
to ``average_decimals`` places (§4.4(f) asks for it to be configurable). A 席次 per 学期 is input
for the same reason as the 学級平均 (it needs the whole class) and is optional, as many schools
no longer print ranks (§4.3(f)).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    UNIQUE_ITEMS,
    AttendanceTotals,
    ClassRef,
    FiscalYear,
    InputModel,
    IsoDate,
    PersonName,
    School,
    Teacher,
    TermNameText,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.marks import ViewpointMark

__all__ = ["GradeSheetInput", "SubjectResult", "TermResult"]

Hyotei = Annotated[int, Strict(), Field(ge=1, le=5)]
Score = Annotated[int, Strict(), Field(ge=0, le=100)]
Average = Annotated[float, Field(ge=0, le=100)]


class TermResult(InputModel):
    """One 教科 in one 学期; every part may be missing (a 学期 not yet assessed)."""

    viewpoints: list[ViewpointMark] = Field(
        default=[], max_length=3, title="観点別学習状況", description="A/B/C、/ は斜線"
    )
    hyotei: Hyotei | None = Field(default=None, title="評定")
    score: Score | None = Field(default=None, title="得点")
    class_average: Average | None = Field(default=None, title="学級平均", description="学級の平均点（入力）")


class SubjectResult(InputModel):
    name: Annotated[str, *text_rules(6, required=True)] = Field(title="教科")
    results: list[TermResult] = Field(title="学期ごとの成績", description="terms と同じ順・同じ数")
    comment: Annotated[str, *text_rules(40, multiline=True)] = Field(default="", title="科目所見")


class TermRank(InputModel):
    """席次 in one 学期: ``rank`` of ``of`` pupils (学級 or 学年, as the school counts it)."""

    rank: Annotated[int, Strict(), Field(ge=1, le=999)] = Field(title="席次")
    of: Annotated[int, Strict(), Field(ge=1, le=999)] = Field(title="人数")

    @model_validator(mode="after")
    def _within(self) -> TermRank:
        """席次は人数以下。"""
        v = RuleViolations("TermRank")
        if self.rank > self.of:
            v.add("rank", f"席次（{self.rank}）が人数（{self.of}）を超えています")
        v.raise_if_any()
        return self


class Student(InputModel):
    number: Annotated[int, Strict(), Field(ge=1, le=60)] = Field(title="出席番号")
    name: PersonName = Field(title="氏名")


class GradeSheetInput(InputModel):
    """Input of the 成績個表 (`grade_sheet`): one 生徒, one 年度."""

    form_id: ClassVar[str] = "grade_sheet"

    fiscal_year: FiscalYear = Field(title="年度")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学年・組")
    teacher: Teacher = Field(title="担任")
    created_on: IsoDate | None = Field(default=None, title="作成日")
    student: Student = Field(title="生徒")
    terms: list[TermNameText] = Field(
        min_length=2, max_length=3, title="学期", description="例: 前期・後期 / 1学期・2学期・3学期",
        json_schema_extra=UNIQUE_ITEMS,
    )
    subjects: list[SubjectResult] = Field(min_length=1, max_length=10, title="成績の記録")
    attendance: list[AttendanceTotals | None] = Field(
        default=[], max_length=3, title="出欠の記録", description="学期ごと（省略可）"
    )
    ranks: list[TermRank | None] = Field(
        default=[], max_length=3, title="席次", description="学期ごと（省略可、未確定の学期は null）"
    )
    remarks: Annotated[str, *text_rules(120, multiline=True)] = Field(default="", title="備考")
    average_decimals: Annotated[int, Strict(), Field(ge=0, le=2)] = Field(
        default=1, title="平均の小数桁数", description="四捨五入"
    )

    @model_validator(mode="after")
    def _shape(self) -> GradeSheetInput:
        """教科名は重複しない、各教科の成績の数は学期の数と同じ、出欠の記録は学期の数まで。"""
        v = RuleViolations("GradeSheetInput")
        if len(set(self.terms)) != len(self.terms):
            v.add("terms", "同じ学期名が2回あります")
        seen: set[str] = set()
        for i, s in enumerate(self.subjects):
            if s.name in seen:
                v.add(("subjects", i, "name"), f"{s.name}が2回あります")
            seen.add(s.name)
            if len(s.results) != len(self.terms):
                v.add(
                    ("subjects", i, "results"), f"学期の数（{len(self.terms)}）と成績の数（{len(s.results)}）が違います"
                )
        if len(self.attendance) > len(self.terms):
            v.add("attendance", f"出欠の記録が学期の数（{len(self.terms)}）より多くあります")
        if len(self.ranks) > len(self.terms):
            v.add("ranks", f"席次が学期の数（{len(self.terms)}）より多くあります")
        v.raise_if_any()
        return self
