"""Rules JSON Schema cannot state, listed in the schema from the code that checks them.

The JSON Schema of a form (``uf.schema``) is the contract a school system codes against: every
rule JSON Schema can state is stated as a keyword (patterns, enums, ranges, lengths). What it
cannot state — arithmetic across fields (欠席日数 ≤ 授業日数), order and uniqueness of keys inside
lists (出席番号), a 学年 against a 生年月日, a check digit — is checked by the models' validators.
Those rules are listed in the schema too, from the validators themselves, so the list cannot
drift from the code:

- every ``@model_validator`` (not ``mode="before"``: those only reshape compact input) and every
  documented ``@field_validator`` of a model is one rule: its id is the function's qualified name
  (``RosterInput._numbers``) and its text the function's docstring;
- a type checked by a plain function (``SchoolCode``'s check digit) lists its rule by the error
  code it raises (:func:`with_rules`).

They appear in the model's schema as ``x-rules`` (``[{"id", "rule"}]``) and at the end of its
``description``. A refusal names its rule too: :class:`~unified_forms.models.errors_map.RuleViolations`
records the validator it was raised in, and :func:`rule_of` finds the listed rule behind any
pydantic error entry — the test suite checks that data valid against the schema is refused only
by a listed rule.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

RULES_KEY = "x-rules"
RULES_HEADING = "JSON Schema では表せない規則（validate が確かめます）:"


def with_rules(schema: dict[str, Any], rules: Mapping[str, str]) -> dict[str, Any]:
    """Add ``rules`` (id → text) to a schema's ``x-rules`` and its description; returns ``schema``."""
    if not rules:
        return schema
    listed = schema.setdefault(RULES_KEY, [])
    known = {r["id"] for r in listed}
    fresh = [{"id": k, "rule": v} for k, v in rules.items() if k not in known]
    listed.extend(fresh)
    lines = "\n".join(f"- {r['rule']}" for r in listed)
    description = schema.get("description", "").split(f"\n\n{RULES_HEADING}")[0]
    schema["description"] = f"{description}\n\n{RULES_HEADING}\n{lines}".lstrip()
    return schema


class Listed:
    """``Annotated[..., AfterValidator(f), Listed(f)]``: the plain function ``f`` checks a rule JSON
    Schema cannot state (a number of decimals …); list it in the field's schema by its docstring.

    ``rule_id`` is the error code ``f`` raises (``PydanticCustomError``; several codes: a tuple),
    else its qualified name (a ``ValueError`` is traced back to the function by :func:`rule_of`).
    """

    def __init__(self, func: Callable[..., Any], *, rule_id: str | tuple[str, ...] | None = None) -> None:
        self.func = func
        ids = rule_id or func.__qualname__
        self.rule_ids = (ids,) if isinstance(ids, str) else ids

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        text = _text(self.func) or self.func.__qualname__
        with_rules(handler.resolve_ref_schema(out), dict.fromkeys(self.rule_ids, text))
        return out


def _text(func: Callable[..., Any]) -> str | None:
    """The docstring as one line: wrapped lines joined with a space between Latin words only."""
    doc = inspect.getdoc(func)
    if not doc:
        return None
    out = ""
    for line in (part.strip() for part in doc.splitlines()):
        if out and line and (out[-1].isascii() and line[0].isascii()):
            out += " "
        out += line
    return out


@functools.cache
def validator_rules(cls: type[BaseModel]) -> dict[str, str]:
    """The rules a model's validators check: qualified function name → docstring.

    A model validator without a docstring is still listed (by its name) so that nothing it refuses
    is unlisted; ``tests/models/test_schema_rules.py`` insists on the docstring.
    """
    decorators = cls.__pydantic_decorators__
    out: dict[str, str] = {}
    for d in decorators.model_validators.values():
        if d.info.mode != "before":
            out[d.func.__qualname__] = _text(d.func) or f"{d.func.__qualname__}（説明なし）"
    for f in decorators.field_validators.values():
        text = _text(f.func)
        if text and f.info.mode != "before":
            out[f.func.__qualname__] = text
    return out


def undocumented_validators(cls: type[BaseModel]) -> list[str]:
    """Model validators (rules) without a docstring: they would be listed by name only."""
    return [
        d.func.__qualname__
        for d in cls.__pydantic_decorators__.model_validators.values()
        if d.info.mode != "before" and not _text(d.func)
    ]


def rule_of(error: Mapping[str, Any]) -> str | None:
    """The id of the listed rule behind one entry of ``ValidationError.errors()``, if any.

    ``RuleViolations`` puts the validator into the error's context; a validator that raised an
    exception of its own (``FormDataError``, ``ValueError``) is found in that exception's
    traceback; a plain-function check (``school_code_check``) is its error code.
    """
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("rule"), str):
        return str(ctx["rule"])
    raised = ctx.get("error")
    if isinstance(raised, BaseException) and raised.__traceback__ is not None:
        return raised_in(raised)
    kind = error.get("type")
    if kind == "string_unicode":
        # pydantic-core refuses a lone surrogate itself when a length constraint reads the str
        # before our validator does: the same listed rule.
        return "text_surrogate"
    return str(kind) if isinstance(kind, str) else None


def raised_in(exc: BaseException) -> str | None:
    """The validator an exception was raised in: the outermost frame of its traceback (pydantic
    called the validator; helpers it called follow), named like the listed rule."""
    tb = exc.__traceback__
    while tb is not None:
        name = validator_of_frame(tb.tb_frame)
        if name is not None:
            return name
        tb = tb.tb_next
    return exc.__traceback__.tb_frame.f_code.co_qualname if exc.__traceback__ is not None else None


def validator_on_stack(frame: FrameType | None) -> str:
    """The nearest validator of a model among ``frame`` and its callers (its qualified name), else
    the qualified name of ``frame``'s own function."""
    start = frame
    while frame is not None:
        name = validator_of_frame(frame)
        if name is not None:
            return name
        frame = frame.f_back
    return start.f_code.co_qualname if start is not None else ""


def validator_of_frame(frame: FrameType) -> str | None:
    """The qualified name of the validator running in ``frame``, if a model's validator runs there."""
    owner = frame.f_locals.get("self", frame.f_locals.get("cls"))
    cls = owner if isinstance(owner, type) else type(owner)
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is None:
        return None
    for d in (*decorators.model_validators.values(), *decorators.field_validators.values()):
        if getattr(d.func, "__code__", None) is frame.f_code:
            return str(d.func.__qualname__)
    return None
