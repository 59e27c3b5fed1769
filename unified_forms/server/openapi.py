"""The OpenAPI 3.1 document of the service, derived from the form registry and ``uf.schema``.

Every form gets its own ``POST /forms/<id>/validate|pdf|xlsx|preflight|batch``
operations whose request body is that form's JSON Schema, so a Java or .NET
client generator produces one typed method per form, and a schema-driven fuzzer
sends realistic bodies. The forms' ``$defs`` are hoisted into
``components/schemas`` (an OpenAPI document resolves ``#/...`` against its own
root); a shared type with the same content in several forms (e.g. a person's
name) becomes one component, a same-named type that differs gets the form's
prefix.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from unified_forms import api
from unified_forms.server.responses import MEDIA_TYPES, REPORT_HEADER

JSON = "application/json"
JSONL = "application/jsonl"


def _camel(form_id: str) -> str:
    return "".join(part.capitalize() for part in form_id.split("_"))


def _rewrite_refs(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = "#/components/schemas/" + names[value.removeprefix("#/$defs/")]
            else:
                out[key] = _rewrite_refs(value, names)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, names) for v in node]
    return node


def _hoist(form_id: str, schema: dict[str, Any], components: dict[str, Any]) -> str:
    """Move one form's schema and its $defs into ``components``; the root's component name."""
    schema = copy.deepcopy(schema)
    defs: dict[str, Any] = schema.pop("$defs", {})
    names = {name: name for name in defs}
    while True:  # rename until every def either is new or equals the component of that name
        changed = False
        for name, body in defs.items():
            target = names[name]
            existing = components.get(target)
            if existing is not None and existing != _rewrite_refs(body, names):
                names[name] = f"{_camel(form_id)}{name}"
                changed = True
        if not changed:
            break
    for name, body in defs.items():
        components.setdefault(names[name], _rewrite_refs(body, names))
    root = f"{_camel(form_id)}Input"
    components[root] = _rewrite_refs(schema, names)
    return root


def _error_responses(*codes: int) -> dict[str, Any]:
    texts = {
        404: "no such form id",
        413: "the body is larger than the service accepts",
        422: "the input cannot be printed as given: every problem with its field path and Japanese label",
        503: "busy, over the time limit or shutting down; retry after the Retry-After seconds",
    }
    ref = {"$ref": "#/components/schemas/Errors"}
    return {str(c): {"description": texts[c], "content": {JSON: {"schema": ref}}} for c in codes}


def _report_param() -> dict[str, Any]:
    return {
        "name": "report",
        "in": "query",
        "required": False,
        "description": "1: answer a JSON envelope with the whole render report and the document in base64",
        "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
    }


def _form_operations(form_id: str, title: str, root: str) -> dict[str, Any]:
    body = {"required": True, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{root}"}}}}
    ops: dict[str, Any] = {}
    ops[f"/forms/{form_id}/validate"] = {
        "post": {
            "operationId": f"{form_id}_validate",
            "summary": f"{title}: check the input without printing",
            "tags": [form_id],
            "requestBody": body,
            "responses": {
                "200": {"description": "valid", "content": {JSON: {"schema": {"$ref": "#/components/schemas/Valid"}}}},
                **_error_responses(413, 422, 503),
            },
        }
    }
    for fmt in ("pdf", "xlsx"):
        ops[f"/forms/{form_id}/{fmt}"] = {
            "post": {
                "operationId": f"{form_id}_{fmt}",
                "summary": f"{title} as {fmt.upper()}",
                "tags": [form_id],
                "parameters": [_report_param()],
                "requestBody": body,
                "responses": {
                    "200": {
                        "description": f"the {fmt.upper()} (the render report summary in {REPORT_HEADER}), "
                        "or with ?report=1 the JSON envelope",
                        "headers": {
                            REPORT_HEADER: {
                                "description": "compact ASCII JSON: pages, shrank/wrapped counts, continued "
                                "fields, substitute glyphs, alerts",
                                "schema": {"type": "string"},
                            }
                        },
                        "content": {
                            MEDIA_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}},
                            JSON: {"schema": {"$ref": "#/components/schemas/RenderEnvelope"}},
                        },
                    },
                    **_error_responses(413, 422, 503),
                },
            }
        }
    ops[f"/forms/{form_id}/preflight"] = {
        "post": {
            "operationId": f"{form_id}_preflight",
            "summary": f"{title}: characters IPAmj明朝 cannot print exactly (外字)",
            "tags": [form_id],
            "requestBody": body,
            "responses": {
                "200": {
                    "description": "the characters that would print with a substitute glyph (ok: none)",
                    "content": {JSON: {"schema": {"$ref": "#/components/schemas/Preflight"}}},
                },
                **_error_responses(413, 422, 503),
            },
        }
    }
    ops[f"/forms/{form_id}/batch"] = {
        "post": {
            "operationId": f"{form_id}_batch",
            "summary": f"{title}: one file per JSON Lines record, as a ZIP (report.json last)",
            "tags": [form_id],
            "parameters": [
                {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["pdf", "xlsx"]}},
                {
                    "name": "name",
                    "in": "query",
                    "description": "file name template: {number} {id} {line} {form} (default {number:02d}_{id})",
                    "schema": {"type": "string"},
                },
            ],
            "requestBody": {
                "required": True,
                "content": {JSONL: {"schema": {"type": "string", "description": f"one {root} object per line"}}},
            },
            "responses": {
                "200": {
                    "description": "ZIP: one file per record in input order, report.json with every failure",
                    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
                },
                **_error_responses(413, 422),
            },
        }
    }
    return ops


def _form_id_param(ids: list[str]) -> dict[str, Any]:
    return {"name": "form_id", "in": "path", "required": True, "schema": {"type": "string", "enum": ids}}


COMMON_SCHEMAS: dict[str, Any] = {
    "ErrorEntry": {
        "type": "object",
        "required": ["path", "label", "message"],
        "properties": {
            "path": {"type": "string", "description": "field path, e.g. students[3].name.family ('' = the body)"},
            "label": {"type": "string", "description": "Japanese label of the field"},
            "message": {"type": "string", "description": "Japanese message"},
        },
    },
    "Errors": {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorEntry"}},
            "layout": {
                "type": "object",
                "description": "for an input the layout cannot print: the layout file and entry",
                "properties": {"file": {"type": "string"}, "where": {"type": "string"}},
            },
        },
    },
    "Valid": {
        "type": "object",
        "required": ["ok", "form_id"],
        "properties": {"ok": {"const": True}, "form_id": {"type": "string"}},
    },
    "Preflight": {
        "type": "object",
        "required": ["ok", "form_id", "issues"],
        "properties": {
            "ok": {"type": "boolean"},
            "form_id": {"type": "string"},
            "issues": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "position": {"type": "integer", "description": "1-based character (grapheme)"},
                        "text": {"type": "string"},
                        "codepoints": {"type": "string"},
                        "reason": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    },
    "RenderEnvelope": {
        "type": "object",
        "required": ["form_id", "format", "media_type", "filename", "report", "data"],
        "properties": {
            "form_id": {"type": "string"},
            "format": {"type": "string", "enum": ["pdf", "xlsx"]},
            "media_type": {"type": "string"},
            "filename": {"type": "string"},
            "report": {
                "type": "object",
                "description": "the render report: pages, every field's fit, substitute glyphs, alerts",
                "properties": {
                    "form_id": {"type": "string"},
                    "pages": {"type": "integer"},
                    "layout_version": {"type": "string"},
                    "fields": {"type": "array", "items": {"type": "object"}},
                    "fallbacks": {"type": "array", "items": {"type": "object"}},
                    "alerts": {"type": "array", "items": {"type": "object"}},
                },
            },
            "data": {"type": "string", "contentEncoding": "base64"},
        },
    },
    "FormInfo": {
        "type": "object",
        "required": ["id", "title", "paper"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "paper": {"type": "string"},
            "summary": {"type": "string"},
            "samples": {"type": "array", "items": {"type": "string"}, "description": "sample variants"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "version", "workers"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "degraded"]},
            "version": {"type": "string"},
            "workers": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
}


@functools.cache
def openapi_json() -> bytes:
    """The document, built once per process (it imports every form)."""
    from unified_forms import __version__

    infos = api.forms()
    ids = [f.id for f in infos]
    components: dict[str, Any] = copy.deepcopy(COMMON_SCHEMAS)
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                "operationId": "health",
                "summary": "liveness and the render processes",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Health"}}},
                    },
                    "503": {"description": "no render process alive"},
                },
            }
        },
        "/forms": {
            "get": {
                "operationId": "list_forms",
                "summary": "every form id with its Japanese title",
                "responses": {
                    "200": {
                        "description": "the forms",
                        "content": {
                            JSON: {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/FormInfo"}}}
                        },
                    }
                },
            }
        },
        "/forms/{form_id}/schema": {
            "get": {
                "operationId": "form_schema",
                "summary": "the JSON Schema (2020-12) of a form's input: the contract of validate",
                "parameters": [_form_id_param(ids)],
                "responses": {
                    "200": {"description": "JSON Schema", "content": {JSON: {"schema": {"type": "object"}}}},
                    **_error_responses(404),
                },
            }
        },
        "/forms/{form_id}/sample": {
            "get": {
                "operationId": "form_sample",
                "summary": "the shipped sample input of a form",
                "parameters": [
                    _form_id_param(ids),
                    {"name": "variant", "in": "query", "required": False, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "sample input", "content": {JSON: {"schema": {"type": "object"}}}},
                    **_error_responses(404),
                },
            }
        },
    }
    for info in infos:
        root = _hoist(info.id, api.schema(info.id), components)
        paths.update(_form_operations(info.id, info.title, root))
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "unified_forms — 山口県 統一帳票 HTTP service",
            "version": __version__,
            "description": "Render Yamaguchi prefecture's unified school forms as PDF and Excel. Every error "
            'answer is {"errors": [{"path", "label", "message"}]}; each form\'s request body is '
            "the form's JSON Schema (GET /forms/{form_id}/schema).",
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items()))},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
