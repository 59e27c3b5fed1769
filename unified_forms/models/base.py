"""The base of every input model: unknown keys refused, values frozen, every string bounded.

A validated input is a value the binding layer reads, never edits; a key the model does not know
is an error (a typo in an integration must not be silently ignored). No string is unbounded:
fields declare their own limit (text.text_type, in graphemes), and ``MAX_TEXT_CODEPOINTS`` caps
every other string, checked before any Python validator runs (10 M characters used to cost 44 s
and 3.8 GB before failing) and stated as ``maxLength`` in the JSON Schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

# The longest text a form takes is 3,000 characters (graphemes); a grapheme is at most a few code
# points (base + IVS selector is 2), so 4 per grapheme bounds any legitimate field.
CODEPOINTS_PER_GRAPHEME = 4
MAX_TEXT_CODEPOINTS = 3000 * CODEPOINTS_PER_GRAPHEME


class InputModel(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable, text is untouched."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        str_to_lower=False,
        str_to_upper=False,
        coerce_numbers_to_str=False,
        validate_default=True,
        str_max_length=MAX_TEXT_CODEPOINTS,
    )


UNIQUE_ITEMS: dict[str, Any] = {"uniqueItems": True}
"""``Field(json_schema_extra=UNIQUE_ITEMS)``: a list whose items must differ, stated in the JSON Schema
(the model's validator still refuses a repeat, with a Japanese message at the repeated item)."""


class AliasedStrEnum(StrEnum):
    """A choice that also accepts the spellings a school system sends (「男」, 「小学校」, 3 …).

    ``aliases()`` is the one table: validation looks values up in it (``_missing_``) and the JSON
    Schema lists its keys next to the canonical values, so a schema-based checker accepts exactly
    what validate accepts.
    """

    @classmethod
    def aliases(cls) -> Mapping[object, Any]:
        return {}

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None  # pydantic then reports the value as not one of the choices
        return cls.aliases().get(value)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        target = handler.resolve_ref_schema(out)
        extra = [a for a in cls.aliases() if a not in target["enum"]]
        target["enum"] = [*target["enum"], *extra]
        if any(not isinstance(a, str) for a in extra):
            target.pop("type", None)  # e.g. 3 for 3学期制: the enum lists strings and integers
        return out
