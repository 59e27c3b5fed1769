"""What a render process does with one request: parse, validate, render — and never raise.

Runs inside the pool's worker processes (see ``pool``), so the request's JSON is
parsed there too: the event loop of the HTTP process only moves bytes. Every
outcome, including a bug, comes back as a :class:`Reply` value; the HTTP side
turns it into a status code. A reply never carries a traceback: an internal
error is described by its exception type and the line it happened on, because
an exception's message may quote a pupil's name.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from unified_forms.errors import FontNotFoundError, FormDataError, LayoutError

Kind = Literal["validate", "pdf", "xlsx", "preflight"]
Status = Literal["ok", "invalid", "layout", "internal"]


@dataclass(frozen=True, slots=True)
class Job:
    kind: Kind
    form_id: str
    body: bytes | dict[str, Any]  # raw request body, or an already parsed record (batch)
    line: int = 0  # batch: the record's line, carried back for the caller's bookkeeping


@dataclass(frozen=True, slots=True)
class Reply:
    status: Status
    errors: tuple[dict[str, str], ...] = ()  # {"path", "label", "message"}
    data: bytes = b""  # the PDF / XLSX
    report: dict[str, Any] | None = None  # the render report (as_dict)
    issues: tuple[dict[str, Any], ...] = ()  # preflight
    layout: dict[str, str] | None = None  # {"file", "where"} of a LayoutError
    internal: str = ""  # exception type and location of a bug; never its message
    line: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class BodyError(Exception):
    """A body that is not one JSON object (empty, not UTF-8, not JSON, an array ...)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def entry(path: str, message: str, label: str = "") -> dict[str, str]:
    """One element of the ``errors`` list every error response carries."""
    return {"path": path, "label": label, "message": message}


def parse_body(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or BodyError with a Japanese message a clerk can act on."""
    if not body.strip():
        raise BodyError("本文が空です。帳票の入力データ（JSONオブジェクト）を送ってください")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(f"本文がUTF-8ではありません（{exc.start + 1}バイト目）") from None
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise BodyError(f"JSONとして読めません（{exc.lineno}行{exc.colno}列: {exc.msg}）") from None
    except RecursionError:
        raise BodyError("JSONの入れ子が深すぎます") from None
    if not isinstance(data, dict):
        raise BodyError(f"入力データはJSONオブジェクトでなければなりません（{_json_type(data)}が送られました）")
    return data


def _json_type(value: Any) -> str:
    names = {list: "配列", str: "文字列", bool: "真偽値", int: "数値", float: "数値", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def execute(job: Job) -> Reply:
    """Run one job; every exception becomes a Reply."""
    try:
        return _execute(job)
    except BodyError as exc:
        return Reply("invalid", (entry(exc.path, exc.message),), line=job.line)
    except FormDataError as exc:
        return Reply("invalid", tuple(entry(e.path, e.message, e.label) for e in exc.errors), line=job.line)
    except LayoutError as exc:
        return layout_reply(exc, job.line)
    except FontNotFoundError as exc:
        return Reply("internal", internal=f"FontNotFoundError: {exc}", line=job.line)
    except RecursionError:
        return Reply("invalid", (entry("", "入力データの入れ子が深すぎます"),), line=job.line)
    except Exception as exc:
        return Reply("internal", internal=describe_bug(exc), line=job.line)


def layout_reply(exc: LayoutError, line: int = 0) -> Reply:
    """A layout that cannot print this input: named by its file (no server path) and entry."""
    where = f"{Path(exc.file).name}" + (f" の {exc.where}" if exc.where else "")
    if exc.paths:
        errors = tuple(entry(p, f"この入力はレイアウトで印字されません（{where}）: {exc.message}") for p in exc.paths)
    else:
        errors = (entry("", f"レイアウトで印字できません（{where}）: {exc.message}"),)
    return Reply("layout", errors, layout={"file": Path(exc.file).name, "where": exc.where}, line=line)


def describe_bug(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def _execute(job: Job) -> Reply:
    from unified_forms import api

    data = job.body if isinstance(job.body, dict) else parse_body(job.body)
    if job.kind == "validate":
        api.validate(job.form_id, data)
        return Reply("ok", line=job.line)
    if job.kind == "preflight":
        issues = api.preflight(job.form_id, data)
        return Reply("ok", issues=tuple(i.as_dict() for i in issues), line=job.line)
    result = api.render(job.form_id, data, job.kind)
    return Reply("ok", data=result.data, report=result.report.as_dict(), line=job.line)
