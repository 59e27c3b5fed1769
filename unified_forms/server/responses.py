"""How the service answers: JSON errors, documents with their render report, the report envelope.

Every error a client sees has one shape, ``{"errors": [{"path", "label", "message"}]}``
(the entries of ``FormDataError``), so a school system needs one error handler. The
render report travels either in the ``X-Render-Report`` header — a compact,
ASCII-only JSON summary that any HTTP stack passes through — or, with ``?report=1``,
whole in a JSON envelope next to the base64 document.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.responses import JSONResponse, Response

from unified_forms.server.work import entry

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REPORT_HEADER = "X-Render-Report"
REPORT_HEADER_LIMIT = 4096  # characters; proxies and client stacks accept 8 KB of headers in all


class HTTPProblem(Exception):
    """An answer other than 200, raised anywhere in a handler and turned into JSON errors."""

    def __init__(self, status: int, message: str, *, path: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.errors = [entry(path, message)]
        self.headers = headers or {}


def errors_response(status: int, errors: list[dict[str, str]] | tuple[dict[str, str], ...], **extra: Any) -> Response:
    return JSONResponse({"errors": list(errors), **extra}, status_code=status)


def problem_response(problem: HTTPProblem) -> Response:
    response = errors_response(problem.status, problem.errors)
    response.headers.update(problem.headers)
    return response


def report_summary(report: dict[str, Any], limit: int = REPORT_HEADER_LIMIT) -> str:
    """The header value: what a clerk must notice (continued texts, substitute glyphs, alerts),
    counts for the rest; lists are shortened (``"truncated": true``) to stay under ``limit``."""
    fields = report.get("fields", [])
    lists: dict[str, list[Any]] = {
        "continued": [f["path"] for f in fields if f.get("continued")],
        "fallbacks": [{k: g[k] for k in ("path", "codepoints", "reason")} for g in report.get("fallbacks", [])],
        "alerts": list(report.get("alerts", [])),
    }
    summary: dict[str, Any] = {
        "form_id": report.get("form_id"),
        "pages": report.get("pages"),
        "layout_version": report.get("layout_version"),
        "fields": len(fields),
        "shrank": sum(1 for f in fields if f.get("shrank")),
        "wrapped": sum(1 for f in fields if f.get("wrapped")),
    }
    keep = max((len(v) for v in lists.values()), default=0)
    while True:
        shown = {k: v[:keep] for k, v in lists.items()}
        truncated = any(len(shown[k]) < len(v) for k, v in lists.items())
        text = _ascii_json({**summary, **shown, "truncated": truncated})
        if len(text) <= limit or keep == 0:
            return text
        keep //= 2


def _ascii_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def document_response(data: bytes, report: dict[str, Any], *, fmt: str, filename: str, envelope: bool) -> Response:
    media_type = MEDIA_TYPES[fmt]
    if envelope:
        body = {
            "form_id": report.get("form_id"),
            "format": fmt,
            "media_type": media_type,
            "filename": filename,
            "report": report,
            "data": base64.b64encode(data).decode("ascii"),
        }
        return JSONResponse(body)
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        REPORT_HEADER: report_summary(report),
    }
    return Response(data, media_type=media_type, headers=headers)
