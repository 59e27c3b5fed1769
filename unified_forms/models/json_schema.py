"""The JSON Schema of a form's input (``uf.schema``): what validate accepts, as a contract.

School systems validate their export against this schema before sending it, so it states every
rule JSON Schema can state — the compact inputs the models accept (a 校長 as a plain string, 「男」,
"A"/3/"○" marks), patterns for text, ふりがな and dates, enums, ranges, ``x-max-graphemes`` for
lengths counted in characters — and lists in each model's ``description`` and ``x-rules`` the
rules it cannot (see :mod:`unified_forms.models.rules`). The keywords come from the shared types
themselves (``text_type``, ``IsoDate``, ``PersonName`` …), so every form gets them for free.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from unified_forms.models.rules import validator_rules, with_rules
from unified_forms.models.text import TEXT_RULES

DIALECT = "https://json-schema.org/draft/2020-12/schema"

NOTES = (
    'Conventions: integers are JSON integers (3, not 3.0 or "3"); text is printed exactly as given, '
    "never normalised; x-max-graphemes counts user-perceived characters (a base character with its "
    "IVS selector is one); patterns are Unicode regular expressions (ECMA-262 with the 'u' flag); "
    "dates are YYYY-MM-DD (format: date) from 1868-10-23 on."
)


class InputJsonSchema(GenerateJsonSchema):
    """pydantic's generator plus each model's rules (x-rules, description) and the dialect."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls: type[BaseModel] = schema["cls"]
        return with_rules(out, validator_rules(cls))

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        out = with_rules(super().generate(schema, mode), TEXT_RULES)  # every text field: listed once, here
        out["description"] = f"{out['description']}\n\n{NOTES}"
        return {"$schema": DIALECT, **out}


class OneOrList:
    """``Annotated[list[X], BeforeValidator(one_as_list), OneOrList()]``: a single item is accepted
    for a list of one (a compact input); the schema says so — the list, or one of its items."""

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        target = handler.resolve_ref_schema(out)
        keep: dict[str, Any] = {k: target.pop(k) for k in ("title", "description", "default") if k in target}
        return {"anyOf": [target, target["items"]], **keep}


def input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of an input model, with its rules (what ``uf.schema`` returns)."""
    return model.model_json_schema(by_alias=True, schema_generator=InputJsonSchema)
