"""People on a form: 性別, names with ふりがな (exact code points), teachers."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, ClassVar

import regex
from pydantic import (
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from unified_forms.models.base import AliasedStrEnum, InputModel
from unified_forms.models.text import check_text, invalid, text_field, text_json_schema


class Sex(AliasedStrEnum):
    """性別. Printed 男/女; ``unspecified`` prints blank (some 調査書 omit 性別, spec §2.3)."""

    MALE = "male"
    FEMALE = "female"
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        return {"male": "男", "female": "女", "unspecified": ""}[self.value]

    @classmethod
    def aliases(cls) -> dict[object, Sex]:
        return {"男": cls.MALE, "女": cls.FEMALE}


_KANA = r"\u3041-\u3096\u3099\u309a\u309d-\u309f\u30a1-\u30fa\u30fb\u30fc\u30fd-\u30ff \u3000"
_KANA_OK = regex.compile(f"[{_KANA}]*")
_VU_HIRAGANA = {"\u30f7": "わ\u3099", "\u30f8": "ゐ\u3099", "\u30f9": "ゑ\u3099", "\u30fa": "を\u3099"}


def to_katakana(text: str) -> str:
    """ひらがな → カタカナ (ぁ-ゖ, ゝゞ); everything else (ー, ・, spaces, カタカナ) is kept."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x3041 <= cp <= 0x3096 or cp in (0x309D, 0x309E):
            out.append(chr(cp + 0x60))
        else:
            out.append(ch)
    return "".join(out)


def to_hiragana(text: str) -> str:
    """カタカナ → ひらがな (ァ-ヶ, ヽヾ; ヷヸヹヺ become わ゙ ゐ゙ ゑ゙ を゙ with U+3099)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x30A1 <= cp <= 0x30F6 or cp in (0x30FD, 0x30FE):
            out.append(chr(cp - 0x60))
        else:
            out.append(_VU_HIRAGANA.get(ch, ch))
    return "".join(out)


def _check_kana(value: str) -> str:
    if not _KANA_OK.fullmatch(value):
        bad = next(ch for ch in value if not _KANA_OK.fullmatch(ch))
        name = unicodedata.name(bad, "")
        hint = "（半角カタカナは使えません）" if "HALFWIDTH KATAKANA" in name else ""
        raise invalid("kana_invalid", f"ふりがなはひらがな（またはカタカナ）で入力してください{hint}")
    return value


_NAME_BOUND = text_field(24)  # PersonName.max_graphemes, stated in the schema


def kana_json_schema(max_graphemes: int) -> dict[str, Any]:
    """ふりがな as JSON Schema: no character outside ひらがな・カタカナ (with ー・ and spaces)."""
    return {"not": {"pattern": f"[^{_KANA}]"}, "x-max-graphemes": max_graphemes}


def _name_json_schema(schema: dict[str, Any], cls: type[PersonName]) -> None:
    """The parts' rules (checked by ``_exact_text``) in the schema, with the class's own limit."""
    n, props = cls.max_graphemes, schema["properties"]
    props["family"].update(text_json_schema(n, required=True))
    props["given"].update(text_json_schema(n))
    props["kana_family"].update(kana_json_schema(n))
    props["kana_given"].update(kana_json_schema(n))
    props["alias"]["anyOf"][0].update(text_json_schema(n, required=True))


class PersonName(InputModel):
    """氏名 with ふりがな and an optional 通称, kept exactly as given.

    ``kana_*`` accept ひらがな or カタカナ (with ー, ・ and spaces) and are stored as given; forms print
    :attr:`kana_hiragana` or :attr:`kana_katakana`. Each part is at most ``max_graphemes`` (24)
    characters, counted as grapheme clusters so that base + IVS is one character; subclasses may
    change ``max_graphemes``.
    """

    model_config = ConfigDict(**InputModel.model_config, json_schema_extra=_name_json_schema)
    max_graphemes: ClassVar[int] = 24

    family: Annotated[str, _NAME_BOUND] = Field(title="氏名（姓）", description="姓。入力どおりに印字（正規化しない）")
    given: Annotated[str, _NAME_BOUND] = Field(default="", title="氏名（名）")
    kana_family: Annotated[str, _NAME_BOUND] = Field(default="", title="ふりがな（姓）")
    kana_given: Annotated[str, _NAME_BOUND] = Field(default="", title="ふりがな（名）")
    alias: Annotated[str, _NAME_BOUND] | None = Field(
        default=None,
        title="通称",
        description="printed with the name as 「本名（通称）」 on every form (出席簿: in the 備考; "
        "指導要録: where the record asks for it, see its input)",
    )

    @field_validator("family", "given", "kana_family", "kana_given", "alias", mode="after")
    @classmethod
    def _exact_text(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is None:
            return v
        check_text(v, max_graphemes=cls.max_graphemes, required=info.field_name in ("family", "alias"))
        if (info.field_name or "").startswith("kana_"):  # always set in a field validator
            _check_kana(v)
        return v

    @property
    def full(self) -> str:
        """「山口　太郎」: family + U+3000 + given (just family when there is no given name)."""
        return f"{self.family}\u3000{self.given}" if self.given else self.family

    @property
    def kana_full(self) -> str:
        """ふりがな as given, family and given joined by U+3000."""
        parts = [p for p in (self.kana_family, self.kana_given) if p]
        return "\u3000".join(parts)

    @property
    def kana_hiragana(self) -> str:
        return to_hiragana(self.kana_full)

    @property
    def kana_katakana(self) -> str:
        return to_katakana(self.kana_full)

    @property
    def full_with_alias(self) -> str:
        """「本名（通称）」 when an alias exists (調査書 practice, spec §2.2), else the full name."""
        return f"{self.full}（{self.alias}）" if self.alias else self.full


ROLE_MAX_GRAPHEMES = 20


def _with_whole_name(field: dict[str, Any]) -> dict[str, Any]:
    """A PersonName field's schema that also takes the whole name as one string."""
    whole_name = {"type": "string", **text_json_schema(PersonName.max_graphemes, required=True)}
    keep: dict[str, Any] = {k: field.pop(k) for k in ("title", "description", "default") if k in field}
    branches = field.pop("anyOf", None) or [field]
    return {"anyOf": [*branches, whole_name], **keep}


class NameAsString:
    """``Annotated[PersonName | None, NameAsString()]`` for a field whose ``mode="before"`` validator
    takes a plain string as the whole name (stored as ``family``): the schema offers the string too."""

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        return _with_whole_name(dict(handler(schema)))


class Teacher(InputModel):
    """A staff member printed on a form (校長, 学級担任).

    Compact input: the teacher, or its ``name``, may be a plain string; it is then the whole name,
    stored as ``family`` and never split on spaces (「山口　太郎」 prints exactly so)."""

    name: PersonName = Field(title="氏名")
    role: Annotated[str, text_field(20)] | None = Field(default=None, title="職名")

    @model_validator(mode="before")
    @classmethod
    def _whole_as_string(cls, v: Any) -> Any:
        return {"name": v} if isinstance(v, str) else v

    @field_validator("name", mode="before")
    @classmethod
    def _plain_string(cls, v: Any) -> Any:
        return {"family": v} if isinstance(v, str) else v

    @field_validator("role", mode="after")
    @classmethod
    def _role_text(cls, v: str | None) -> str | None:
        return None if v is None else check_text(v, max_graphemes=ROLE_MAX_GRAPHEMES, required=True)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The compact inputs are in the schema: the teacher, or its ``name``, as a plain string."""
        out = handler(schema)
        target = handler.resolve_ref_schema(out)
        whole_name = {"type": "string", **text_json_schema(PersonName.max_graphemes, required=True)}
        props = target["properties"]
        props["name"] = _with_whole_name(props["name"])
        props["role"]["anyOf"][0].update(text_json_schema(ROLE_MAX_GRAPHEMES, required=True))
        as_object = {k: v for k, v in target.items() if k not in ("title", "description")}
        keep: dict[str, Any] = {k: target[k] for k in ("title", "description") if k in target}
        target.clear()
        target.update(keep, anyOf=[whole_name, as_object])
        return out
