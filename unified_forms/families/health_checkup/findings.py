"""A coded finding: a code from its 検査項目's list, its printed wording and the school's free text.

学校保健安全法施行規則 第6条 lists the 検査項目; the 記入上の注意 of the 児童生徒健康診断票 ask each
疾病 column for 「病名又は異常名」. The record keeps the name as a code (so the national survey can
count it, see codes.py) and the school's own words as text beside it; the 票 prints the wording
with the text in parentheses (「アレルギー性鼻炎（通年性）」), or the text alone for a code meaning
「その他の…」 (the text *is* the name there: 「眼瞼下垂」).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, create_model
from pydantic_core import PydanticCustomError

from unified_forms.families.health_checkup.codes import NORMAL, Category, CodeList
from unified_forms.models.common import InputModel, text_rules
from unified_forms.models.rules import Listed

FindingText = Annotated[str, *text_rules(20)]
MAX_FINDINGS = 4


class Finding(InputModel):
    """Base of the per-item finding models made by :func:`findings`; ``CODES`` is the item's list."""

    CODES: ClassVar[CodeList]

    code: str
    text: str = ""

    @property
    def category(self) -> Category | None:
        return self.CODES[self.code].category

    @property
    def wording(self) -> str:
        """What the 票 prints for this finding."""
        base = self.CODES[self.code].wording
        if not self.text:
            return base
        if self.code.endswith("other"):
            return self.text
        return f"{base}（{self.text}）"


def _coherent(items: list[Finding]) -> list[Finding]:
    """所見コードは重複しない、「異常なし」はほかの所見と一緒に入力しない。"""
    codes = [f.code for f in items]
    if NORMAL in codes and len(codes) > 1:
        raise PydanticCustomError("finding_normal_with_other", "「異常なし」と所見を同時には入力できません")
    if len(set(codes)) != len(codes):
        raise PydanticCustomError("finding_duplicate", "同じ所見コードが2回あります")
    return items


def findings(codes: CodeList, model_name: str) -> Any:
    """The type of one item's findings: 1〜4 coded findings, 「異常なし」 alone or real findings."""
    model = create_model(
        model_name,
        __base__=Finding,
        __doc__=f"{codes.title}: コードと自由記述",
        code=(codes.literal(), Field(title=f"{codes.title}（コード）", description=codes.legend())),
        text=(FindingText, Field(default="", title=f"{codes.title}（自由記述）", description="病名・部位など")),
    )
    model.CODES = codes
    return Annotated[
        list[model],
        Field(min_length=1, max_length=MAX_FINDINGS),
        AfterValidator(_coherent),
        Listed(_coherent, rule_id=("finding_normal_with_other", "finding_duplicate")),
    ]


def printed(items: list[Finding] | None) -> str:
    """The cell text of an item: wordings joined by 「、」 (「異常なし」 for the normal code)."""
    return "" if not items else "、".join(f.wording for f in items)


def categories(items: list[Finding] | None) -> set[Category]:
    return {c for f in items or () if (c := f.category) is not None}
