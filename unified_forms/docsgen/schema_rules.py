"""A form's JSON Schema read out as rules in words, for the integrator who writes the school system's side.

The field table says *what* each field is; this says what validation will refuse, in sentences a
clerk's programmer can check against their own database: which fields are required, how many
characters fit (grapheme clusters, the unit every capacity of the library is counted in), which
values are allowed, ranges, patterns, list sizes, uniqueness, defaults. The rules between fields
(出欠 totals that must add up, a date inside the 年度 …) cannot be said in JSON Schema; the models
state them in their docstrings, which pydantic puts into the schema's ``description`` of the
input and of each nested object, so they are shown here next to the fields they concern.

Only what the schema holds is rendered: when a model gains a constraint, the page gains the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from unified_forms.docsgen.markdown import indent_free

if TYPE_CHECKING:
    from unified_forms.docsgen.schema_table import FieldRow

GRAPHEME_NOTE = (
    "Lengths in 字 count grapheme clusters: a kanji with its IVS selector, a non-BMP kanji such as 𠮷 or a "
    "kana with a combining 濁点 is one character. Lengths in code points are what JSON Schema's "
    "`maxLength` counts."
)

_FORMATS = {
    "date": "a date written YYYY-MM-DD",
    "date-time": "a date and time (RFC 3339)",
    "time": "a time of day (RFC 3339)",
    "email": "an e-mail address",
    "uri": "a URI",
}

_HANDLED = {
    "type", "title", "description", "default", "examples", "$ref", "$defs", "properties", "required", "items",
    "anyOf", "oneOf", "allOf", "const", "enum", "format", "pattern", "minLength", "maxLength", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
    "additionalProperties", "propertyNames", "prefixItems", "minProperties", "maxProperties", "x-max-graphemes",
    "contentEncoding", "contentMediaType", "readOnly", "writeOnly", "deprecated", "discriminator",
}  # fmt: skip


def resolve_ref(node: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Follow ``$ref`` (local ``#/...`` pointers only); merge sibling keys over the target."""
    ref_name: str | None = None
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            break
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        ref_name = ref.rsplit("/", 1)[-1]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings}
    return node, ref_name


def either(alternatives: list[str]) -> str:
    """``a`` / ``either a or b`` (alternatives that are lists of phrases in brackets)."""
    if len(alternatives) == 1:
        return alternatives[0]
    parts = [f"({a})" if ", " in a else a for a in alternatives]
    return "either " + " or ".join(parts)


def value(v: Any) -> str:
    """A JSON value as written in the input (strings quoted, Japanese as is)."""
    return f"`{json.dumps(v, ensure_ascii=False)}`"


def _number(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _range(node: dict[str, Any], unit: str = "") -> list[str]:
    lo_in, hi_in = node.get("minimum"), node.get("maximum")
    lo_ex, hi_ex = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    u = f" {unit}" if unit else ""
    if lo_in is not None and hi_in is not None:
        return [f"from {_number(lo_in)} to {_number(hi_in)}{u}"]
    out = []
    if lo_in is not None:
        out.append(f"at least {_number(lo_in)}{u}")
    if lo_ex is not None:
        out.append(f"greater than {_number(lo_ex)}{u}")
    if hi_in is not None:
        out.append(f"at most {_number(hi_in)}{u}")
    if hi_ex is not None:
        out.append(f"less than {_number(hi_ex)}{u}")
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _size(lo: int | None, hi: int | None, word: str) -> list[str]:
    if lo is not None and hi is not None:
        return [f"exactly {_count(lo, word)}" if lo == hi else f"{lo} to {_count(hi, word)}"]
    if lo:
        return [f"at least {_count(lo, word)}"]
    if hi is not None:
        return [f"at most {_count(hi, word)}"]
    return []


def rule_words(node: dict[str, Any], root: dict[str, Any] | None = None) -> list[str]:
    """What one schema node (``$ref`` already resolved, not ``null``) allows, as short phrases.

    ``["text", "at most 40 字", "must match the pattern `^\\d{7}$`"]``. Keywords this function does
    not know are still shown, as ``keyword: value``, so a new constraint is never invisible.
    ``root`` is the schema ``$ref`` pointers inside the node are resolved against.
    """
    root = root if root is not None else node

    def inner(sub: dict[str, Any]) -> list[str]:
        resolved = resolve_ref(sub, root)[0]
        alts = resolved.get("anyOf") or resolved.get("oneOf")
        if alts:
            return [either([", ".join(inner(a)) or "an object (fields below)" for a in alts])]
        return rule_words(resolved, root)

    words: list[str] = []
    t = node.get("type")
    if "const" in node:
        words.append(f"always {value(node['const'])}")
    elif "enum" in node:
        words.append("one of " + ", ".join(value(v) for v in node["enum"]))
    elif t == "string":
        fmt = node.get("format")
        words.append(_FORMATS.get(fmt, f"text in the format `{fmt}`") if fmt else "text")
    elif t == "integer":
        words.append("a whole number")
    elif t == "number":
        words.append("a number")
    elif t == "null":
        words.append("`null`")
    elif t == "boolean":
        words.append("`true` or `false`")
    elif t == "array":
        words.append("a list")
        items = node.get("items")
        if isinstance(items, dict) and not resolve_ref(items, root)[0].get("properties"):
            each = inner(items)
            if each:
                words.append("each item " + ", ".join(each))
    elif (t == "object" or "properties" in node) and not node.get("properties"):
        words.append("an object")
    if "x-max-graphemes" in node:
        words.append(f"at most {node['x-max-graphemes']} 字")
    words += _size(node.get("minLength"), node.get("maxLength"), "code point")
    if node.get("minLength") == 1 and node.get("maxLength") is None:
        words[-1] = "not empty"
    if "pattern" in node:
        words.append(f"must match the pattern `{node['pattern']}`")
    words += _range(node)
    if "multipleOf" in node:
        words.append(f"a multiple of {_number(node['multipleOf'])}")
    words += _size(node.get("minItems"), node.get("maxItems"), "item")
    if node.get("uniqueItems"):
        words.append("no two items the same")
    words += _size(node.get("minProperties"), node.get("maxProperties"), "key")
    names = node.get("propertyNames")
    if isinstance(names, dict):
        words.append("keys: " + ", ".join(inner(names)))
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra and "properties" not in node:
        words.append("values: " + ", ".join(inner(extra)))
    for key in sorted(node):
        if key not in _HANDLED:
            words.append(f"`{key}`: {value(node[key])}")
    return words


def field_rules(
    root: dict[str, Any],
    branches: list[dict[str, Any]],
    *,
    required: bool,
    nullable: bool,
    default: Any,
    has_default: bool,
) -> tuple[str, ...]:
    """The rules of one input field: required or not, default, then what each alternative allows."""
    out: list[str] = ["required"] if required else []
    alternatives = [", ".join(rule_words(b, root)) for b in branches]
    alternatives = [a for a in alternatives if a]
    if alternatives:
        out.append(either(alternatives))
    if not required and has_default and default is not None:
        out.append(f"default {value(default)}")
    if nullable:
        out.append("may be `null` or left out" if not required and default is None else "may be `null`")
    elif not required and not (has_default and default is not None):
        out.append("may be left out")
    return tuple(out)


def rules_section(rows: Iterable[FieldRow], root_description: str = "") -> str:
    """The schema's rules in words: the input's own rules, then one bullet per field.

    The rules of an object type (its model's docstring: rules between its fields) are printed
    once, above the fields of its first use; later uses point back to it.
    """
    lines: list[str] = []
    if root_description:
        lines += [indent_free(root_description), ""]
    explained: dict[str, str] = {}  # type description → the path where it is printed
    for r in rows:
        label = f" {r.label}" if r.label else ""
        if r.about and r.about not in explained:
            explained[r.about] = r.path
            lines += ["", f"**`{r.path}`**{label}{f' ({r.type_name})' if r.type_name else ''}:", ""]
            lines += [indent_free(r.about), ""]
        rules = list(r.rules)
        if r.about and explained[r.about] != r.path:
            rules.append(f"rules as for `{explained[r.about]}` above")
        if rules:
            note = f" — {' '.join(r.full_description.split())}" if r.full_description else ""
            lines.append(f"- `{r.path}`{label}: {'; '.join(rules)}.{note}")
    return "\n".join(lines).strip() + "\n"
