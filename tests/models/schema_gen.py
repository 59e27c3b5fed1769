"""Generating input data from a form's published JSON Schema (hypothesis-jsonschema), quickly.

The published schema states text rules as a ``not`` of forbidden characters (the portable way) and
lengths as ``x-max-graphemes``; hypothesis-jsonschema would generate freely and throw most strings
away. For generation only, the schema is narrowed to an equivalent-or-stricter one — forbidden
characters become an allow-list ``pattern``, ``x-max-graphemes`` a ``maxLength`` in code points
(never more graphemes than code points) — so every generated value is still valid against the
published schema (the tests check that too).
"""

from __future__ import annotations

import functools
from typing import Any

import hypothesis_jsonschema._from_schema as _from_schema
import jsonschema
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from unified_forms.models.text import CONTROL_CHARACTERS, LEADING_SELECTOR, grapheme_count

# hypothesis-jsonschema builds a regex strategy for every string it draws; strategies are immutable,
# so building each pattern's once is the same generation at a quarter of the time.
if not hasattr(_from_schema.from_js_regex, "cache_info"):
    _from_schema.from_js_regex = functools.lru_cache(maxsize=None)(_from_schema.from_js_regex)


def _memoised_by_identity(build: Any) -> Any:
    """hypothesis-jsonschema draws an object by building (canonicalising) each property's strategy
    again on every draw, from the same resolved sub-schema object: 90 % of the time on a large form
    (58 s for 10 examples of the 週案, 5 s with this). The entry keeps its schema alive, so its id
    stays its own; the strategy built is the same, so the draws are too."""
    built: dict[tuple[int, int, int], tuple[Any, Any]] = {}

    def memoised(schema: Any, *, alphabet: Any, custom_formats: Any) -> Any:
        key = (id(schema), id(alphabet), id(custom_formats))
        hit = built.get(key)
        if hit is None or hit[0] is not schema:
            hit = built[key] = (schema, build(schema, alphabet=alphabet, custom_formats=custom_formats))
        return hit[1]

    memoised.memoised = True  # type: ignore[attr-defined]
    return memoised


_BUILD = "__from_schema"  # a module-level name (not mangled); looked up at each call
if not getattr(vars(_from_schema)[_BUILD], "memoised", False):
    setattr(_from_schema, _BUILD, _memoised_by_identity(vars(_from_schema)[_BUILD]))

_TEXT_NOTS = (
    {"anyOf": [{"pattern": CONTROL_CHARACTERS}, {"pattern": LEADING_SELECTOR}]},
    {"anyOf": [{"pattern": LEADING_SELECTOR}]},  # multi-line text: an allow-list pattern besides
)
_BAD = CONTROL_CHARACTERS[1:-1]  # the class body: single-line text is a subset of multi-line text
_SELECTORS = LEADING_SELECTOR[2:-1]


def narrowed(node: Any) -> Any:
    """The schema to generate from (see the module docstring)."""
    if isinstance(node, list):
        return [narrowed(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: narrowed(v) for k, v in node.items()}
    if "x-max-graphemes" in out:
        out["maxLength"] = min(out.get("maxLength", out["x-max-graphemes"]), out["x-max-graphemes"])
    forbidden = out.get("not")
    if forbidden in _TEXT_NOTS:
        del out["not"]
        if out.get("minLength") == 1:  # required: a non-space character first
            out["pattern"] = rf"^[^\s{_BAD}{_SELECTORS}][^{_BAD}]*$"
        else:
            out["pattern"] = rf"^(?:[^{_BAD}{_SELECTORS}][^{_BAD}]*)?$"
    elif isinstance(forbidden, dict) and set(forbidden) == {"pattern"} and forbidden["pattern"].startswith("[^"):
        del out["not"]  # an allow-list written as "no character outside [...]" (ふりがな)
        out["pattern"] = f"^[{forbidden['pattern'][2:]}*$"
    return out


def inputs(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    return from_schema(narrowed(schema))


def _max_graphemes(validator: Any, limit: int, instance: Any, schema: dict[str, Any]) -> Any:
    if isinstance(instance, str) and grapheme_count(instance) > limit:
        yield jsonschema.ValidationError(f"more than {limit} characters (grapheme clusters)")


def validator_for(schema: dict[str, Any]) -> Any:
    """A standard Draft 2020-12 validator (formats asserted) that also knows ``x-max-graphemes``:
    what a school system's validator does with one extra keyword."""
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"x-max-graphemes": _max_graphemes})
    return cls(schema, format_checker=jsonschema.FormatChecker())


def listed_rules(node: Any, found: set[str] | None = None) -> set[str]:
    """Every rule id the schema lists (``x-rules`` anywhere in it)."""
    found = set() if found is None else found
    if isinstance(node, dict):
        found.update(r["id"] for r in node.get("x-rules", ()))
        for v in node.values():
            listed_rules(v, found)
    elif isinstance(node, list):
        for v in node:
            listed_rules(v, found)
    return found
