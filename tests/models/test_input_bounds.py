"""Issue 19 §2: inputs are bounded, so that ``validate`` OK means ``render`` does not crash.

Driven by every form's sample: every string the sample holds is tried beyond its limit,
every date at and beyond the ends of the 和暦 range, and every value with a marker that
must never come back in a message. The JSON Schema states each string's bound.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

import unified_forms as uf
from unified_forms import registry
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.models.dates import DATE_MAX, DATE_MIN
from unified_forms.models.errors_map import format_path

FORMS = list(registry.form_ids())
Loc = tuple[str | int, ...]


def _sample(form_id: str) -> dict[str, Any]:
    return json.loads(registry.get(form_id).sample_file.read_text(encoding="utf-8"))


def leaves(doc: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from leaves(value, (*loc, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from leaves(value, (*loc, i))
    else:
        yield loc, doc


def distinct_fields(found: Iterator[tuple[Loc, Any]]) -> list[tuple[Loc, Any]]:
    """The first leaf of each field (list indices ignored): a survey of 8,000 strings has a few dozen fields."""
    seen: set[tuple[str | int, ...]] = set()
    out: list[tuple[Loc, Any]] = []
    for loc, value in found:
        shape = tuple("*" if isinstance(p, int) else p for p in loc)
        if shape not in seen:
            seen.add(shape)
            out.append((loc, value))
    return out


def replaced(doc: Any, loc: Loc, value: Any) -> Any:
    out = copy.deepcopy(doc)
    node = out
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return out


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def _errors(form_id: str, data: Any) -> list[tuple[str, str]] | None:
    try:
        uf.validate(form_id, data)
    except FormDataError as exc:
        return [(e.path, e.message) for e in exc.errors]
    return None


def _string_nodes(schema: Any, defs: dict[str, Any], where: str, seen: frozenset[str]) -> Iterator[tuple[str, Any]]:
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            yield from _string_nodes(defs[name], defs, f"{where}<{name}>", seen | {name})
        return
    if schema.get("type") == "string":
        yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _string_nodes(sub, defs, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        yield from _string_nodes(schema.get(key), defs, f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for sub in schema.get(key, []):
            yield from _string_nodes(sub, defs, where, seen)


@pytest.mark.parametrize("form_id", FORMS)
def test_every_string_of_the_schema_states_its_bound(form_id: str) -> None:
    schema = uf.schema(form_id)
    unbounded = [
        where
        for where, node in _string_nodes(schema, schema.get("$defs", {}), form_id, frozenset())
        if not any(k in node for k in ("maxLength", "enum", "const"))
    ]
    assert unbounded == []
    nodes = _string_nodes(schema, schema.get("$defs", {}), form_id, frozenset())
    dates = [n for _, n in nodes if n.get("format") == "date"]
    assert all(n.get("x-minimum-date") == DATE_MIN.isoformat() for n in dates)


@pytest.mark.parametrize("form_id", FORMS)
def test_every_string_beyond_its_bound_is_refused_at_its_path_quickly(form_id: str) -> None:
    sample = _sample(form_id)
    huge = "あ" * 10_000_000
    strings = [(loc, v) for loc, v in distinct_fields(leaves(sample)) if isinstance(v, str) and not _is_date(v)]
    assert strings
    start = time.monotonic()
    errors = _errors(form_id, replaced(sample, strings[0][0], huge))
    assert errors is not None and time.monotonic() - start < 2.0  # the review: 10 M characters, 44 s, 3.8 GB
    for loc, _ in strings:
        path = format_path(loc)
        errors = _errors(form_id, replaced(sample, loc, "漢" * 20_000))
        assert errors is not None, f"{path}: 20,000 characters accepted"
        assert any(p.startswith(path) for p, _ in errors), (path, errors)


@pytest.mark.parametrize("form_id", FORMS)
def test_dates_outside_what_prints_as_wareki_are_refused_at_validate(form_id: str) -> None:
    sample = _sample(form_id)
    for loc in [loc for loc, v in distinct_fields(leaves(sample)) if _is_date(v)]:
        path = format_path(loc)
        for bad in ("1868-10-22", "0001-01-01", "9999-12-31"):
            errors = _errors(form_id, replaced(sample, loc, bad))
            assert errors is not None, f"{path} = {bad} accepted"
            assert all(p for p, _ in errors), (path, errors)
            assert all(bad not in m for _, m in errors), (path, errors)


@pytest.mark.parametrize("form_id", FORMS)
def test_validated_boundary_dates_render(form_id: str) -> None:
    """A date at either end of the supported range either fails validation or prints: never a crash."""
    sample = _sample(form_id)
    for loc in [loc for loc, v in distinct_fields(leaves(sample)) if _is_date(v)][:40]:
        for edge in (DATE_MIN.isoformat(), DATE_MAX.isoformat()):
            data = replaced(sample, loc, edge)
            if _errors(form_id, data) is not None:
                continue
            try:
                uf.render_pdf(form_id, data)
            except (FormDataError, LayoutError) as exc:
                assert all(e.path for e in getattr(exc, "errors", [])) or isinstance(exc, LayoutError)


MARKER = "秘密\x1b[31m\u202e"


@pytest.mark.parametrize("form_id", FORMS)
def test_messages_never_repeat_the_input_and_always_name_a_path(form_id: str) -> None:
    sample = _sample(form_id)
    for loc, value in distinct_fields(leaves(sample)):
        if not isinstance(value, str):
            continue
        errors = _errors(form_id, replaced(sample, loc, MARKER))
        assert errors is not None, format_path(loc)
        for path, message in errors:
            assert path, (format_path(loc), message)
            assert "秘密" not in message and "\x1b" not in message and "\u202e" not in message, (path, message)
