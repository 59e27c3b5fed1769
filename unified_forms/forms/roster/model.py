"""名簿 (forms-spec §4.1): the class list every other class document starts from.

Ordering conventions differ between schools (男女混合 五十音順, 男女別), so the
numbering policy is data: the model checks that 出席番号 agree with the policy
the school declares, instead of silently re-sorting pupils.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.models.common import (
    UNIQUE_ITEMS,
    AddressText,
    HomeroomHead,
    InputModel,
    IsoDate,
    PersonName,
    Sex,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school_age import OffAgeReasonField, check_grade_fits_birth

RosterColumn = Literal["address", "guardian", "remarks"]
Numbering = Literal["free", "mixed_gojuon", "boys_first", "girls_first"]
PostalCode = Annotated[str, Strict(), Field(pattern=r"^\d{3}-?\d{4}$")]


class RosterStudent(InputModel):
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(title="性別")
    birth_date: IsoDate = Field(title="生年月日")
    postal_code: PostalCode | None = Field(default=None, title="郵便番号")
    address: AddressText | None = Field(default=None, title="現住所")
    guardian: PersonName | None = Field(default=None, title="保護者氏名")
    remarks: Annotated[str, *text_rules(20)] | None = Field(default=None, title="備考")
    off_age_reason: OffAgeReasonField = None


class RosterInput(HomeroomHead):
    """Input of the 名簿 (`roster`)."""

    created_on: IsoDate | None = Field(default=None, title="作成日")
    columns: list[RosterColumn] = Field(
        default=[], title="追加する列", description="住所・保護者・備考から選択", json_schema_extra=UNIQUE_ITEMS
    )
    numbering: Numbering = Field(default="free", title="出席番号の付け方")
    notes: Annotated[str, *text_rules(60, multiline=True)] | None = Field(default=None, title="連絡事項")
    students: list[RosterStudent] = Field(min_length=1, max_length=200, title="児童生徒")

    @model_validator(mode="after")
    def _numbers(self) -> RosterInput:
        """出席番号は重複しない。numbering が男女別（boys_first / girls_first）なら出席番号順に男子→女子（女子→男子）、
        mixed_gojuon なら出席番号順がふりがなの五十音順。"""
        v = RuleViolations("RosterInput")
        seen: dict[int, int] = {}
        for i, s in enumerate(self.students):
            if s.number in seen:
                message = f"出席番号{s.number}が重複しています（{seen[s.number] + 1}人目と同じ）"
                v.add(("students", i, "number"), message)
            seen.setdefault(s.number, i)
            check_grade_fits_birth(
                v,
                birth=s.birth_date,
                grade=self.homeroom.grade,
                fiscal_year=self.fiscal_year,
                school_type=self.homeroom.school_type,
                birth_path=("students", i, "birth_date"),
                exempt=s.off_age_reason is not None,
            )
        if len(set(self.columns)) != len(self.columns):
            v.add("columns", "同じ列が2回指定されています")
        ordered = sorted(range(len(self.students)), key=lambda i: self.students[i].number)
        if self.numbering in ("boys_first", "girls_first"):
            first = Sex.MALE if self.numbering == "boys_first" else Sex.FEMALE
            switched = False
            for i in ordered:
                is_first = self.students[i].sex == first
                if not is_first:
                    switched = True
                elif switched:
                    v.add(("students", i, "number"), "男女別名簿の順（男子→女子／女子→男子）と出席番号が合いません")
        elif self.numbering == "mixed_gojuon":
            keys = [self.students[i].name.kana_hiragana for i in ordered]
            for pos in range(1, len(ordered)):
                if keys[pos] < keys[pos - 1]:
                    v.add(("students", ordered[pos], "number"), "五十音順の出席番号になっていません")
        v.raise_if_any()
        return self

    @property
    def today_or_created(self) -> date | None:
        return self.created_on
