"""The HTTP service's reference, rendered from its OpenAPI document as a static page.

Why static: a school system's programmer on a closed 校務 network needs the endpoints, the
bodies and the answers in the documentation they already have, without a Swagger UI fetched
from a CDN. The document is handed in (the mkdocs hook asks the service for it), so this module
renders any OpenAPI 3 document: every operation with its parameters, request body and answers,
and every component schema with its properties, types linked to their definitions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from unified_forms.docsgen.markdown import cell, indent_free
from unified_forms.docsgen.schema_rules import rule_words

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_COMPONENT = "#/components/schemas/"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def schema_anchor(name: str) -> str:
    return f"schema-{_slug(name)}"


def _type(node: Any) -> str:
    """A schema as a short type name; components link to their section."""
    if not isinstance(node, dict):
        return "any"
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_COMPONENT):
        name = ref[len(_COMPONENT) :]
        return f"[{name}](#{schema_anchor(name)})"
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            return (" & " if key == "allOf" else " \\| ").join(_type(n) for n in node[key])
    if "const" in node:
        return f"`{json.dumps(node['const'], ensure_ascii=False)}`"
    if "enum" in node:
        return " \\| ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in node["enum"])
    t = node.get("type")
    if t == "array":
        return f"list of {_type(node.get('items'))}"
    if t == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"mapping of name → {_type(node['additionalProperties'])}"
    if t == "string" and node.get("format"):
        return f"string ({node['format']})"
    if isinstance(t, list):
        return " \\| ".join(str(x) for x in t)
    return str(t or "any")


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                op = {**op, "parameters": [*(item.get("parameters") or []), *(op.get("parameters") or [])]}
                out.append((method.upper(), path, op))
    return out


def _op_anchor(method: str, path: str, op: dict[str, Any]) -> str:
    return "op-" + _slug(str(op.get("operationId") or f"{method} {path}"))


def _parameters(params: list[dict[str, Any]], doc: dict[str, Any]) -> list[str]:
    if not params:
        return []
    lines = ["| parameter | in | required | type | description |", "|---|---|:-:|---|---|"]
    for p in params:
        if "$ref" in p:
            p = _resolve(p["$ref"], doc)
        schema = p.get("schema") or {}
        described = " ".join(x for x in (str(p.get("description", "")), _default(schema)) if x)
        lines.append(
            f"| `{p.get('name', '')}` | {p.get('in', '')} | {'✓' if p.get('required') else ''} "
            f"| {cell(_type(schema))} | {cell(described)} |"
        )
    return [*lines, ""]


def _default(schema: dict[str, Any]) -> str:
    return f"(default `{json.dumps(schema['default'], ensure_ascii=False)}`)" if "default" in schema else ""


def _resolve(ref: str, doc: dict[str, Any]) -> dict[str, Any]:
    node: Any = doc
    for part in ref.lstrip("#/").split("/"):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _content(content: dict[str, Any]) -> str:
    return "; ".join(f"`{media}`: {_type((c or {}).get('schema'))}" for media, c in (content or {}).items())


def _operation(method: str, path: str, op: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    lines = [f"### `{method} {path}` {{ #{_op_anchor(method, path, op)} }}", ""]
    if op.get("summary"):
        lines += [str(op["summary"]), ""]
    if op.get("description"):
        lines += [indent_free(str(op["description"])), ""]
    lines += _parameters(op.get("parameters") or [], doc)
    body = op.get("requestBody")
    if isinstance(body, dict):
        if "$ref" in body:
            body = _resolve(body["$ref"], doc)
        required = " (required)" if body.get("required") else ""
        lines += [f"Request body{required}: {_content(body.get('content') or {})}", ""]
        if body.get("description"):
            lines += [str(body["description"]), ""]
    responses = op.get("responses") or {}
    if responses:
        lines += ["| answer | description | body | headers |", "|---|---|---|---|"]
        for status, r in responses.items():
            if "$ref" in r:
                r = _resolve(r["$ref"], doc)
            headers = ", ".join(f"`{h}`" for h in (r.get("headers") or {}))
            lines.append(
                f"| {status} | {cell(str(r.get('description', '')))} | {cell(_content(r.get('content') or {}))} "
                f"| {headers} |"
            )
        lines.append("")
        for status, r in responses.items():
            for name, h in (r.get("headers") or {}).items():
                if isinstance(h, dict) and h.get("description"):
                    lines += [f"Header `{name}` ({status}): {h['description']}", ""]
    return lines


def _schema(name: str, node: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    lines = [f"### {name} {{ #{schema_anchor(name)} }}", ""]
    if node.get("description"):
        lines += [indent_free(str(node["description"])), ""]
    props = node.get("properties")
    if isinstance(props, dict) and props:
        required = set(node.get("required") or ())
        lines += ["| property | type | required | rules | description |", "|---|---|:-:|---|---|"]
        for key, prop in props.items():
            prop = prop if isinstance(prop, dict) else {}
            rules = ", ".join(w for w in rule_words(prop, doc) if not w.startswith(("text", "a ", "an ", "one of")))
            described = " ".join(x for x in (str(prop.get("title", "")), str(prop.get("description", ""))) if x)
            lines.append(
                f"| `{key}` | {cell(_type(prop))} | {'✓' if key in required else ''} | {cell(rules)} "
                f"| {cell(' '.join(described.split()))} |"
            )
        lines.append("")
    else:
        lines += [f"Type: {_type(node)}", ""]
    return lines


def http_reference(doc: dict[str, Any], document_file: str = "openapi.json") -> str:
    """Markdown page of an OpenAPI 3 document: endpoints table, every operation, every component schema.

    ``document_file`` is where the page links the document itself for download (a sibling file).
    """
    info = doc.get("info") or {}
    ops = _operations(doc)
    title = str(info.get("title") or "HTTP service")
    lines = [
        "# HTTP service",
        "",
        f"**{title}**, version {info.get('version', '?')} (OpenAPI {doc.get('openapi', '?')}).",
        "",
    ]
    if info.get("description"):
        lines += [indent_free(str(info["description"])), ""]
    lines += [
        "Generated from the service's OpenAPI document when this site was built: the same document the "
        "running service answers, rendered here as a static page (no script, nothing fetched). "
        f"Download it for a client generator: [{document_file}]({document_file}).",
        "",
        "## Endpoints",
        "",
        "| method | path | what it does |",
        "|---|---|---|",
    ]
    for method, path, op in ops:
        anchor = _op_anchor(method, path, op)
        lines.append(f"| {method} | [`{path}`](#{anchor}) | {cell(str(op.get('summary', '')))} |")
    lines += ["", "## Operations", ""]
    for method, path, op in ops:
        lines += _operation(method, path, op, doc)
    schemas = (doc.get("components") or {}).get("schemas") or {}
    if schemas:
        lines += [
            "## Schemas",
            "",
            "The bodies the operations take and answer. A form's input is its JSON Schema, also on the "
            "form's own page with its rules in words.",
            "",
        ]
        for name, node in schemas.items():
            lines += _schema(name, node if isinstance(node, dict) else {}, doc)
    return "\n".join(lines).rstrip() + "\n"
