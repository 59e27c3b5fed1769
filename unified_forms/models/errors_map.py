"""Turn pydantic validation errors into FormDataError entries a school office can act on.

Why: pydantic reports locations as tuples that mix field names, list indices and internal union
tags (``('students', 3, 'grade', 'value')``), and its messages are English and sometimes quote the
input. A teacher needs ``students[3].name.family`` plus the printed Japanese label of the field
(the ``Field(title=...)``) and a Japanese message that does not repeat personal data. Every pydantic
error becomes exactly one entry, in pydantic's order; none is dropped.

Cross-field rules (出欠 R-ATT-3, 学期 order, ...) are checked in model validators. To report them at
the field they concern, and several at once, validators collect them in :class:`RuleViolations`,
which raises a pydantic ``ValidationError``; pydantic then prefixes each location with the path of
the nested model, so a violation added at ``absence_days`` surfaces as
``students[3].attendance.absence_days``.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError, ValidatorFunctionWrapHandler
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.models.rules import raised_in, validator_on_stack

__all__ = [
    "RuleViolations",
    "entries_from_validation_error",
    "format_path",
    "keep_inner_paths",
    "path_loc",
    "validate_model",
]

M = TypeVar("M", bound=BaseModel)

Loc = tuple[str | int, ...]


class RuleViolations:
    """Collects rule violations inside a validator, each at its own location, then raises them.

    Usage inside ``@model_validator(mode="after")``::

        v = RuleViolations("AttendanceTotals")
        if self.absence_days > self.required_days:
            v.add("absence_days", "欠席日数が出席しなければならない日数を超えています")
        v.raise_if_any()
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self._items: list[InitErrorDetails] = []
        # The validator this is used in (``RosterInput._numbers``), also when a helper it calls builds
        # the violations: the id under which the schema lists its rule (models.rules), carried in
        # each error's context.
        self.rule = validator_on_stack(sys._getframe(1))

    def add(self, loc: str | int | Loc, message: str, *, code: str = "form_rule", value: Any = None) -> None:
        if not isinstance(loc, tuple):
            loc = (loc,)
        err = PydanticCustomError(code, "{message}", {"message": message, "rule": self.rule})
        self._items.append(InitErrorDetails(type=err, loc=loc, input=value))

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise ValidationError.from_exception_data(self.title, self._items)


def validate_model(model_cls: type[M], data: Any, form_id: str | None = None) -> M:
    """Validate ``data`` (a dict parsed from JSON) into ``model_cls``.

    An instance of ``model_cls`` is returned as is (it was validated when it was built). Any problem
    raises :class:`FormDataError` listing every pydantic error with its path and Japanese label.
    """
    if isinstance(data, model_cls):
        return data
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        # ``from None``: pydantic's own message quotes the input, which may be personal data.
        raise FormDataError(entries_from_validation_error(exc, model_cls), form_id=form_id) from None


def entries_from_validation_error(exc: ValidationError, model_cls: type[BaseModel]) -> list[ErrorEntry]:
    entries: list[ErrorEntry] = []
    for err in exc.errors(include_url=False, include_input=False):
        loc: Loc = tuple(err["loc"])
        parts, label, used = _walk(model_cls, loc, "")
        rest = [p for p in loc[used:] if not _is_internal_tag(p)]
        path = format_path([*parts, *rest])
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, FormDataError):  # raised by shared code inside a validator: keep its paths
            for e in inner.errors:
                joined = f"{path}.{e.path}" if path and e.path and not e.path.startswith("[") else path + e.path
                entries.append(ErrorEntry(path=joined, message=e.message, label=e.label or label))
            continue
        entries.append(ErrorEntry(path=path, message=_message(err), label=label))
    return entries


def format_path(parts: Sequence[str | int]) -> str:
    """``('students', 3, 'name', 'family')`` → ``students[3].name.family``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


# --------------------------------------------------------------------------- location walking


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _field_name(model: type[BaseModel], item: str | int) -> str | None:
    if not isinstance(item, str):
        return None
    fields = model.model_fields
    if item in fields:
        return item
    for name, f in fields.items():
        if item in (f.alias, f.validation_alias):
            return name
    return None


def _walk(tp: Any, loc: Loc, label: str) -> tuple[list[str | int], str, int]:
    """Follow ``loc`` through the type ``tp``.

    Returns the path parts that belong in a user-facing path, the deepest Japanese label seen and
    how many items of ``loc`` were understood (union tags are understood but not printed).
    """
    if not loc:
        return [], label, 0
    tp = _unwrap(tp)
    item = loc[0]

    if _is_union(tp):
        members = [m for m in get_args(tp) if m is not type(None)]
        best: tuple[list[str | int], str, int] = ([], label, 0)
        for m in members:
            r = _walk(m, loc, label)
            if r[2] > best[2]:
                best = r
        if isinstance(item, str) and best[2] < len(loc):
            # pydantic names the union member it tried (a discriminator tag such as 'grade', or a
            # type name such as 'str'); it is not part of the user's path.
            for m in members:
                p, lab, n = _walk(m, loc[1:], label)
                if n + 1 > best[2]:
                    best = (p, lab, n + 1)
        return best

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if issubclass(tp, RootModel):
            return _walk(tp.model_fields["root"].annotation, loc, label)
        name = _field_name(tp, item)
        if name is None:
            return [], label, 0
        field = tp.model_fields[name]
        p, lab, n = _walk(field.annotation, loc[1:], field.title or label)
        return [name, *p], lab, n + 1

    origin = get_origin(tp) or tp
    args = get_args(tp)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        value_type = args[1] if len(args) == 2 else Any
        p, lab, n = _walk(value_type, loc[1:], label)
        return [item, *p], lab, n + 1
    if (
        isinstance(origin, type)
        and issubclass(origin, (Sequence, set, frozenset))
        and not issubclass(origin, (str, bytes))
        and isinstance(item, int)
    ):
        if origin is tuple and args and args[-1] is not Ellipsis:
            elem = args[item] if item < len(args) else Any
        else:
            elem = args[0] if args else Any
        p, lab, n = _walk(elem, loc[1:], label)
        return [item, *p], lab, n + 1
    return [], label, 0


def _is_internal_tag(item: str | int) -> bool:
    """pydantic's names for schema steps (``function-after[...]``, ``list[int]``) in unresolved tails."""
    return isinstance(item, str) and ("[" in item or item.startswith(("function-", "lax-", "json-")))


# --------------------------------------------------------------------------- messages

_FIXED: dict[str, str] = {
    "missing": "必須の項目です（入力がありません）",
    "extra_forbidden": "定義されていない項目です（項目名を確認してください）",
    "string_type": "文字列で入力してください",
    "string_unicode": "壊れた文字（対になっていないサロゲート U+D800〜U+DFFF）があります",
    "int_type": "整数で入力してください",
    "int_parsing": "整数で入力してください",
    "int_from_float": "整数で入力してください（小数は使えません）",
    "float_type": "数値で入力してください",
    "float_parsing": "数値で入力してください",
    "bool_type": "true または false で入力してください",
    "bool_parsing": "true または false で入力してください",
    "date_type": "日付は YYYY-MM-DD 形式で入力してください",
    "date_parsing": "日付は YYYY-MM-DD 形式で入力してください",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD 形式で入力してください",
    "date_from_datetime_inexact": "日付は YYYY-MM-DD 形式で入力してください（時刻は不要です）",
    "model_type": "オブジェクト（{...}）で入力してください",
    "model_attributes_type": "オブジェクト（{...}）で入力してください",
    "dict_type": "オブジェクト（{...}）で入力してください",
    "list_type": "配列（[...]）で入力してください",
    "tuple_type": "配列（[...]）で入力してください",
    "set_type": "配列（[...]）で入力してください",
    "none_required": "値は入力できません（null にしてください）",
    "frozen_instance": "変更できない項目です",
    "union_tag_not_found": "kind を指定してください",
}


def pydantic_message(err: Mapping[str, Any]) -> str:
    """The Japanese message of one pydantic error (without the input), for code outside this module."""
    return _message(err)


def _message(err: Mapping[str, Any]) -> str:
    kind: str = err["type"]
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    if kind in _FIXED:
        return _FIXED[kind]
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "assertion_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "greater_than_equal":
        return f"{ctx.get('ge')} 以上で入力してください"
    if kind == "greater_than":
        return f"{ctx.get('gt')} より大きい値を入力してください"
    if kind == "less_than_equal":
        return f"{ctx.get('le')} 以下で入力してください"
    if kind == "less_than":
        return f"{ctx.get('lt')} より小さい値を入力してください"
    if kind == "string_too_short":
        return "入力してください（空にはできません）" if ctx.get("min_length") == 1 else (
            f"{ctx.get('min_length')} 文字以上で入力してください"
        )
    if kind == "string_too_long":
        return f"{ctx.get('max_length')} 文字以内で入力してください"
    if kind == "string_pattern_mismatch":
        return "形式が正しくありません"
    if kind == "too_short":
        return f"{ctx.get('min_length')} 件以上必要です"
    if kind == "too_long":
        return f"{ctx.get('max_length')} 件以内にしてください"
    if kind in ("literal_error", "enum"):
        return f"次のいずれかを入力してください: {ctx.get('expected', '')}"
    if kind == "union_tag_invalid":
        return f"kind は次のいずれかです: {ctx.get('expected_tags', '')}"
    if kind == "date_past":
        return "過去の日付を入力してください"
    if kind == "date_future":
        return "未来の日付を入力してください"
    # Our own PydanticCustomError messages are already Japanese and value-free; anything else keeps
    # pydantic's English wording rather than being lost.
    return str(err["msg"])


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_loc(path: str) -> tuple[str | int, ...]:
    """``pupils[3].records[2].date`` → ``("pupils", 3, "records", 2, "date")``."""
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _PATH_PART.finditer(path))


_BUILTIN_ERROR_TYPES = frozenset(get_args(core_schema.ErrorType))  # what InitErrorDetails accepts by name


def keep_inner_paths(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Keep the full path of errors raised inside the attendance package's own validators.

    Those validators raise FormDataError with paths relative to their model (``terms[0].start``);
    pydantic would report them at the field (``calendar``) with the inner path only in the
    message. Re-raised here with the inner path appended, they surface as
    ``calendar.terms[0].start`` like every other error.
    """
    try:
        return handler(value)
    except ValidationError as exc:
        items: list[InitErrorDetails] = []
        for err in exc.errors(include_url=False):
            inner = (err.get("ctx") or {}).get("error")
            loc = tuple(err["loc"])
            if isinstance(inner, FormDataError):
                rule = raised_in(inner) or ""  # the validator that raised it: its listed rule (models.rules)
                for e in inner.errors:
                    kind = PydanticCustomError("form_rule", "{message}", {"message": e.message, "rule": rule})
                    items.append(InitErrorDetails(type=kind, loc=loc + path_loc(e.path), input=None))
            elif err["type"] in _BUILTIN_ERROR_TYPES:
                detail = InitErrorDetails(type=err["type"], loc=loc, input=err.get("input"))
                if err.get("ctx"):
                    detail["ctx"] = err["ctx"]
                items.append(detail)
            else:  # our own PydanticCustomError (text_control_char, date_range, ...): same message, same place
                kind = PydanticCustomError(err["type"], "{message}", {"message": err["msg"]})
                items.append(InitErrorDetails(type=kind, loc=loc, input=None))
        raise ValidationError.from_exception_data(exc.title, items) from None
