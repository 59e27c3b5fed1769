"""One evaluation cell of the 通知表 family (spec §2.7): A/B/C, 評定, ○, blank or 斜線."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    Strict,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from unified_forms.models.base import InputModel
from unified_forms.models.text import ReasonText, invalid


class LetterMark(InputModel):
    """観点別学習状況 A 十分満足できる / B おおむね満足できる / C 努力を要する."""

    kind: Literal["A", "B", "C"]

    @property
    def text(self) -> str:
        return self.kind


class GradeMark(InputModel):
    """評定 1..5 (小学校 uses 1..3; the form model narrows the range)."""

    kind: Literal["grade"]
    value: Annotated[int, Strict(), Field(ge=1, le=5)] = Field(title="評定")

    @property
    def text(self) -> str:
        return str(self.value)


class Circle(InputModel):
    """○: 行動の記録 / 特別活動の記録 「十分満足できる状況」."""

    kind: Literal["circle"]

    @property
    def text(self) -> str:
        return "○"


class Blank(InputModel):
    """Not entered (yet). Prints nothing. Distinct from Slash."""

    kind: Literal["blank"]

    @property
    def text(self) -> str:
        return ""


class Slash(InputModel):
    """斜線: deliberately not applicable / not evaluated. Renderers draw a diagonal line; ``text`` is
    empty. ``reason`` is for records, not printed by default."""

    kind: Literal["slash"]
    reason: ReasonText | None = Field(default=None, title="斜線の理由")

    @property
    def text(self) -> str:
        return ""


_COMPACT: dict[str, dict[str, str]] = {
    "A": {"kind": "A"},
    "B": {"kind": "B"},
    "C": {"kind": "C"},
    "Ａ": {"kind": "A"},
    "Ｂ": {"kind": "B"},
    "Ｃ": {"kind": "C"},
    "○": {"kind": "circle"},  # U+25CB
    "〇": {"kind": "circle"},  # U+3007, a common typing substitute
    "◯": {"kind": "circle"},  # U+25EF
    "/": {"kind": "slash"},
    "／": {"kind": "slash"},
    "": {"kind": "blank"},
}


_ASSESSMENT_HELP = "A・B・C、評定の数字（1〜5）、○、/（斜線）、空欄のいずれかで入力してください"


def parse_assessment(v: Any) -> Any:
    """Compact input → tagged form. Accepted compact values:

    ``"A"``/``"B"``/``"C"`` (also full-width), an integer 1..5 or a one-digit string ``"1"``..``"5"``
    (評定), ``"○"`` (also 〇 ◯), ``"/"`` (also ／), ``""`` or ``null`` (blank). Objects
    ``{"kind": ...}`` pass through unchanged. Any other value is an error naming the choices.
    """
    if v is None:
        return {"kind": "blank"}
    if isinstance(v, (dict, BaseModel)):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return {"kind": "grade", "value": v}
    if isinstance(v, str):
        if v in _COMPACT:
            return dict(_COMPACT[v])
        if len(v) == 1 and v in "12345１２３４５":
            return {"kind": "grade", "value": int(unicodedata.digit(v))}
    raise invalid("assessment_invalid", _ASSESSMENT_HELP)


class _CompactAssessmentJsonSchema:
    """Adds the compact spellings to the JSON Schema so that schema-based checkers accept them too."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        tagged = handler(schema)
        compact = sorted(set(_COMPACT) | set("12345１２３４５"))
        return {
            "anyOf": [
                tagged,
                {"type": "string", "enum": compact},
                {"type": "integer", "minimum": 1, "maximum": 5},
                {"type": "null"},
            ]
        }


Assessment = Annotated[
    LetterMark | GradeMark | Circle | Blank | Slash,
    Field(discriminator="kind"),
    BeforeValidator(parse_assessment),
    _CompactAssessmentJsonSchema(),
]
"""One evaluation cell (spec §2.7): A/B/C, 評定, ○, blank or 斜線. Compact input: see parse_assessment."""
