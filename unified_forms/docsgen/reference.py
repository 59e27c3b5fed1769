"""The layout file format reference, generated from ``layouts/layout.schema.json``.

The schema is generated from the pydantic models that validate every layout file, so
this page documents exactly what the loader accepts: one table per definition, with
types linked to their definitions, defaults and descriptions.
"""

from __future__ import annotations

import json
from typing import Any

from unified_forms.docsgen.markdown import cell
from unified_forms.docsgen.schema_table import capacity_notes, resolve_ref


def layout_reference(schema: dict[str, Any]) -> str:
    """Markdown reference of ``layouts/layout.schema.json``: one table per definition, top-level kinds first."""
    defs: dict[str, Any] = schema.get("$defs", {})
    top = [r.get("$ref", "").rsplit("/", 1)[-1] for r in schema.get("oneOf", [])]
    order = [n for n in top if n in defs] + sorted(n for n in defs if n not in top)
    lines = [
        "# Layout file format reference",
        "",
        f"Generated from `layouts/layout.schema.json` when the site is built. {schema.get('description', '')}",
        "",
        "A layout file is YAML validated against this schema: a **form layout** (`layouts/forms/*.yaml`, "
        "definition `FormLayout`) or a **pattern file** (`layouts/patterns/*.yaml`, definition `PatternFile`). "
        "Unknown keys are errors. Lengths are millimetres from the top-left corner; font sizes are points. "
        'A value written `"$name"` is a pattern option, substituted when the pattern is placed.',
        "",
        "Definitions: " + ", ".join(f"[{n}](#{n.lower()})" for n in order),
        "",
    ]
    for name in order:
        d, _ = resolve_ref(defs[name], schema)
        lines += [f"## {name}", ""]
        if d.get("description"):
            lines += [str(d["description"]).strip(), ""]
        if "properties" in d:
            required = set(d.get("required", ()))
            lines += ["| key | type | required | default | description |", "|---|---|:-:|---|---|"]
            for key, prop in d["properties"].items():
                lines.append(
                    f"| `{key}` | {cell(_ref_type(prop, defs))} | {'✓' if key in required else ''} "
                    f"| {cell(_default(prop))} | {cell(_prop_doc(prop))} |"
                )
            lines.append("")
        elif "enum" in d:
            lines += ["One of: " + ", ".join(f"`{v}`" for v in d["enum"]), ""]
    return "\n".join(lines) + "\n"


def _ref_type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " \\| ".join(_ref_type(p, defs) for p in prop[key])
    if "const" in prop:
        return f"`{json.dumps(prop['const'], ensure_ascii=False)}`"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    t = prop.get("type", "any")
    if t == "array":
        if "prefixItems" in prop:
            inner = ", ".join(_ref_type(p, defs) for p in prop["prefixItems"])
            return f"[{inner}]"
        if isinstance(prop.get("items"), dict):
            return f"list of {_ref_type(prop['items'], defs)}"
        return "list"
    if t == "object":
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"mapping of name → {_ref_type(extra, defs)}"
        return "mapping"
    return str(t)


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return ""
    text = json.dumps(prop["default"], ensure_ascii=False)
    return f"`{text}`" if len(text) <= 60 else "*(see schema)*"


def _prop_doc(prop: dict[str, Any]) -> str:
    doc = str(prop.get("description", ""))
    caps = capacity_notes(prop)
    return "; ".join(x for x in [doc, *caps] if x)
