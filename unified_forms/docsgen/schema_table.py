"""A form's JSON Schema as the field table a school system reads: path, label, capacity.

The table is walked from ``uf.schema(form_id)`` — ``$ref`` resolved, nullable unions
unwrapped, lists as ``students[]`` — so it shows what validation enforces, including the
grapheme capacities (``x-max-graphemes``) that decide whether a name or a 所見 fits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from unified_forms.docsgen.markdown import cell
from unified_forms.docsgen.schema_rules import field_rules, resolve_ref


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One input field as a school system sees it: its path, what it takes and how much fits."""

    path: str  # students[].name.family
    type: str
    label: str  # the Japanese Field(title=...)
    required: bool
    capacity: str  # 「≤ 24 字」, 「1–99」, ...
    description: str = ""  # the field's description, shortened for a table cell
    rules: tuple[str, ...] = ()  # what validation allows, in words (see schema_rules)
    about: str = ""  # the description of the field's object type: rules between its fields
    type_name: str = ""  # that type's name (``PersonName``)
    full_description: str = ""  # the field's description when the table cell had to shorten it


def _branches(node: dict[str, Any], root: dict[str, Any]) -> tuple[list[tuple[dict[str, Any], str | None]], bool]:
    """The alternatives of a node (``anyOf``/``oneOf``), resolved, and whether ``null`` is one of them."""
    alts = node.get("anyOf") or node.get("oneOf")
    if not alts:
        allof = node.get("allOf")
        if allof and len(allof) == 1:
            merged = {**{k: v for k, v in node.items() if k != "allOf"}, **allof[0]}
            return [resolve_ref(merged, root)], False
        return [(node, None)], False
    out: list[tuple[dict[str, Any], str | None]] = []
    nullable = False
    for alt in alts:
        resolved, name = resolve_ref(alt, root)
        if resolved.get("type") == "null":
            nullable = True
        elif "type" not in resolved and (resolved.get("anyOf") or resolved.get("oneOf")):
            inner, inner_null = _branches(resolved, root)  # a union inside a union: flatten it
            out.extend((b, n or name) for b, n in inner)
            nullable = nullable or inner_null
        else:
            out.append((resolved, name))
    return out, nullable


def _type_name(node: dict[str, Any], ref_name: str | None, root: dict[str, Any]) -> str:
    if "const" in node:
        return f"const {json.dumps(node['const'], ensure_ascii=False)}"
    if "enum" in node:
        return " \\| ".join(json.dumps(v, ensure_ascii=False) for v in node["enum"])
    t = node.get("type")
    if t == "array":
        items = node.get("items")
        if isinstance(items, dict):
            item, item_name = resolve_ref(items, root)
            branches, _ = _branches(item, root)
            inner = " \\| ".join(_type_name(b, n or item_name, root) for b, n in branches) or "any"
            return f"array of {inner}"
        if node.get("prefixItems"):
            return f"array[{len(node['prefixItems'])}]"
        return "array"
    if t == "object" or "properties" in node:
        return f"object ({ref_name})" if ref_name else "object"
    if isinstance(t, list):
        return " \\| ".join(str(x) for x in t)
    if t == "string" and node.get("format"):
        return f"string ({node['format']})"
    if t:
        return str(t)
    alts = node.get("anyOf") or node.get("oneOf")
    if alts:
        return " \\| ".join(_type_name(*resolve_ref(a, root), root) for a in alts)
    return "any"


def capacity_notes(node: dict[str, Any]) -> list[str]:
    caps: list[str] = []
    if "x-max-graphemes" in node:
        caps.append(f"≤ {node['x-max-graphemes']} 字 (graphemes)")
    for key in sorted(node):
        if key.startswith("x-") and key not in ("x-max-graphemes", "x-rules"):  # rules: in the description
            caps.append(f"{key}: {json.dumps(node[key], ensure_ascii=False)}")
    blank_refused = node.get("pattern") == r"\S"  # text that must not be empty or only spaces
    if blank_refused:
        caps.append("not blank")
    # with x-max-graphemes, maxLength is only its code-point guard (4 per 字): not a second capacity
    hi = node.get("maxLength") if "x-max-graphemes" not in node else None
    lo = node.get("minLength")
    if hi is not None or (lo is not None and not blank_refused):
        caps.append(f"length {lo if lo is not None else 0}–{hi}" if hi is not None else f"length ≥ {lo}")
    lo = node.get("minimum", node.get("exclusiveMinimum"))
    hi = node.get("maximum", node.get("exclusiveMaximum"))
    lo_s = f"{lo}" + (" (excl.)" if "exclusiveMinimum" in node and "minimum" not in node else "")
    hi_s = f"{hi}" + (" (excl.)" if "exclusiveMaximum" in node and "maximum" not in node else "")
    if lo is not None and hi is not None:
        caps.append(f"{lo_s}–{hi_s}")
    elif lo is not None:
        caps.append(f"≥ {lo_s}")
    elif hi is not None:
        caps.append(f"≤ {hi_s}")
    if "minItems" in node or "maxItems" in node:
        lo, hi = node.get("minItems"), node.get("maxItems")
        if hi is not None:
            caps.append(f"{lo if lo is not None else 0}–{hi} items")
        else:
            caps.append(f"≥ {lo} items")
    if "pattern" in node and not blank_refused:
        pattern = str(node["pattern"])
        caps.append(f"pattern `{pattern}`" if len(pattern) <= 32 else "pattern (see the JSON Schema)")
    return caps


def schema_fields(schema: dict[str, Any]) -> list[FieldRow]:
    """Every input field of a form's JSON Schema, depth first, ``$ref`` resolved, arrays as ``name[]``.

    The label is the field's own ``title`` (the Japanese label of the model's
    ``Field(title=...)``); a nullable field (``anyOf [..., null]``) keeps the
    capacity of its non-null branch. Recursive schemas stop at the first repeat.
    """
    rows: list[FieldRow] = []
    seen_paths: set[str] = set()

    def walk_object(node: dict[str, Any], prefix: str, stack: tuple[str, ...]) -> None:
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            walk_property(prop, f"{prefix}.{name}" if prefix else name, name in required, stack)

    def walk_property(prop: dict[str, Any], path: str, required: bool, stack: tuple[str, ...]) -> None:
        label = str(prop.get("title", ""))
        description = str(prop.get("description", ""))
        resolved, ref_name = resolve_ref(prop, schema)
        branches, nullable = _branches(resolved, schema)
        if len(branches) == 1:
            type_name = _type_name(branches[0][0], branches[0][1] or ref_name, schema)
        else:
            type_name = " \\| ".join(_type_name(b, n, schema) for b, n in branches)
        if nullable:
            type_name += " \\| null"
        caps: list[str] = []
        for b, _ in branches:
            caps.extend(c for c in capacity_notes(b) if c not in caps)
        short = _short_note(description)
        rules = field_rules(
            schema,
            [b for b, _ in branches],
            required=required,
            nullable=nullable,
            default=prop.get("default", resolved.get("default")),
            has_default="default" in prop or "default" in resolved,
        )
        about, about_name = "", ""
        for b, name in branches:
            own = str(b.get("description", ""))
            if own and own != description and (name or ref_name):
                about, about_name = own, str(name or ref_name)
                break
        if path not in seen_paths:
            seen_paths.add(path)
            full = " ".join(description.split()) if short != " ".join(description.split()) else ""
            rows.append(
                FieldRow(path, type_name, label, required, "; ".join(caps), short, rules, about, about_name, full)
            )
        for b, name in branches:
            descend(b, name or (ref_name if len(branches) == 1 else None), path, stack)

    def descend(node: dict[str, Any], ref_name: str | None, path: str, stack: tuple[str, ...]) -> None:
        if ref_name is not None and ref_name in stack:
            return
        inner = (*stack, ref_name) if ref_name else stack
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            item, item_name = resolve_ref(node["items"], schema)
            for b, n in _branches(item, schema)[0]:
                descend(b, n or item_name, f"{path}[]", inner)
        elif "properties" in node:
            walk_object(node, path, inner)

    root, _ = resolve_ref(schema, schema)
    walk_object(root, "", ())
    return rows


def _short_note(text: str, limit: int = 140) -> str:
    """A field description short enough for a table cell (the full text is in the schema block)."""
    text = " ".join(text.split("\n\n")[0].split())
    if len(text) > limit and ". " in text:
        text = text[: text.index(". ") + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fields_table(rows: Iterable[FieldRow]) -> str:
    lines = [
        "| path | 項目名 (label) | capacity | required | type | notes |",
        "|---|---|---|:-:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r.path}` | {cell(r.label)} | {cell(r.capacity)} | {'✓' if r.required else ''} "
            f"| {cell(r.type)} | {cell(r.description)} |"
        )
    return "\n".join(lines)
