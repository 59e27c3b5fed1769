"""The endpoints of ``unified-forms serve``: thin adapters from HTTP to the render pool.

Handlers never parse or look at the pupils' data: the body's bytes go to a render
process (``work.execute``) and its Reply decides the status code. Every handler
runs inside :func:`guarded`, so no request ever ends in Starlette's plain-text
500 page or a logged traceback, whatever goes wrong. Logs above DEBUG name the
form, the status, the time and the *paths* of refused fields — never a value.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from unified_forms import api, registry
from unified_forms.server.pool import JobTimeout, PoolBusy, PoolClosed, PoolError, RenderPool, WorkerCrashed
from unified_forms.server.responses import HTTPProblem, document_response, errors_response, problem_response
from unified_forms.server.settings import Settings
from unified_forms.server.work import Job, Kind, Reply, entry

log = logging.getLogger("unified_forms.server")

Handler = Callable[[Request], Awaitable[Response]]


def state(request: Request) -> tuple[Settings, RenderPool]:
    return request.app.state.settings, request.app.state.pool


def guarded(handler: Handler) -> Handler:
    """Turn every outcome into a JSON answer and one log line without personal data."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        started = time.perf_counter()
        try:
            response = await handler(request)
        except HTTPProblem as problem:
            response = problem_response(problem)
        except Exception as exc:  # a bug in the service itself
            from unified_forms.server.work import describe_bug

            log.error("%s %s: internal error %s", request.method, request.url.path, describe_bug(exc))
            log.debug("internal error", exc_info=True)
            response = errors_response(500, [entry("", "サーバー内部のエラーです。管理者に連絡してください")])
        ms = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.0f ms", request.method, request.url.path, response.status_code, ms)
        return response

    return run


def form_id_of(request: Request) -> str:
    form_id = str(request.path_params["form_id"])
    if form_id not in registry.form_ids():
        raise HTTPProblem(404, f"帳票ID '{form_id}' はありません（GET /forms で一覧を見られます）", path="form_id")
    return form_id


def flag(request: Request, name: str) -> bool:
    value = request.query_params.get(name, "0").lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no", ""):
        return False
    raise HTTPProblem(422, f"{name} は 1 か 0 で指定してください", path=name)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes (before it is all read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> HTTPProblem:
    return HTTPProblem(413, f"本文が上限（{limit:,}バイト）を超えています")


def pool_problem(exc: PoolError, pool: RenderPool) -> HTTPProblem:
    """What a client is told when the pool could not run its job (503 with Retry-After, 500 for a crash)."""
    if isinstance(exc, PoolBusy):
        return HTTPProblem(503, "混み合っています。しばらくしてから送り直してください", headers={"Retry-After": "5"})
    if isinstance(exc, JobTimeout):
        return HTTPProblem(503, f"処理時間の上限（{pool.timeout_s:g}秒）を超えました", headers={"Retry-After": "5"})
    if isinstance(exc, PoolClosed):
        return HTTPProblem(503, "サービスを停止中です", headers={"Retry-After": "10"})
    if isinstance(exc, WorkerCrashed):
        log.error("a render process died during a job")
        return HTTPProblem(500, "帳票の作成中に処理が異常終了しました。管理者に連絡してください")
    return HTTPProblem(503, "帳票を作成できません", headers={"Retry-After": "5"})


async def run_job(pool: RenderPool, job: Job) -> Reply:
    """The pool's reply, or the HTTP problem when the pool could not run the job."""
    try:
        return await pool.run(job)
    except PoolError as exc:
        raise pool_problem(exc, pool) from None


_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_.\[\]]+")
MAX_LOGGED_PATHS = 20


def loggable_paths(errors: tuple[dict[str, str], ...] | list[dict[str, str]]) -> str:
    """Field paths for a log line. A path may hold a key from the input (``grades.国語``, or anything a
    client sends): everything but ASCII name characters is masked, so no input text (and no line
    break) reaches the log; long lists are cut."""
    paths = [_NOT_A_NAME.sub("…", e["path"]) or "(body)" for e in errors]
    more = f" (+{len(paths) - MAX_LOGGED_PATHS})" if len(paths) > MAX_LOGGED_PATHS else ""
    return ",".join(paths[:MAX_LOGGED_PATHS]) + more


def refused(reply: Reply, kind: str, form_id: str) -> Response:
    """A reply that is not ok: 422 for the input (paths logged, messages only at DEBUG), 500 for a bug."""
    if reply.status == "internal":
        log.error("%s %s: internal error %s", kind, form_id, reply.internal)
        return errors_response(500, [entry("", "サーバー内部のエラーです。管理者に連絡してください")])
    log.info("%s %s refused at %s", kind, form_id, loggable_paths(reply.errors))
    log.debug("%s %s refused: %s", kind, form_id, reply.errors)
    extra = {"layout": reply.layout} if reply.layout else {}
    return errors_response(422, reply.errors, **extra)


async def submit(request: Request, kind: Kind) -> tuple[str, Reply]:
    settings, pool = state(request)
    form_id = form_id_of(request)
    body = await read_body(request, settings.max_body_bytes)
    return form_id, await run_job(pool, Job(kind, form_id, body))


# --------------------------------------------------------------------------- endpoints


@guarded
async def health(request: Request) -> Response:
    _, pool = state(request)
    status = pool.status()
    ok = status["alive"] > 0
    body = {"status": "ok" if ok else "degraded", "version": _version(), "workers": status}
    return JSONResponse(body, status_code=200 if ok else 503)


def _version() -> str:
    from unified_forms import __version__

    return __version__


@guarded
async def list_forms(request: Request) -> Response:
    return JSONResponse(request.app.state.form_list)


@functools.cache
def schema_json(form_id: str) -> bytes:
    """A form's JSON Schema, serialised once per process (generating it walks the whole model)."""
    import json

    return json.dumps(api.schema(form_id), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@guarded
async def form_schema(request: Request) -> Response:
    return Response(schema_json(form_id_of(request)), media_type="application/json")


@guarded
async def form_sample(request: Request) -> Response:
    info = registry.get(form_id_of(request))
    variant = request.query_params.get("variant", "")
    files = dict(info.sample_files())
    stem = f"{info.id}.{variant}" if variant else info.id
    if stem not in files:
        known = ", ".join(s.split(".", 1)[1] for s in files if "." in s) or "なし"
        raise HTTPProblem(404, f"見本 '{variant}' はありません（variant: {known}）", path="variant")
    import json

    return JSONResponse(json.loads(files[stem].read_text(encoding="utf-8")))


@guarded
async def validate(request: Request) -> Response:
    form_id, reply = await submit(request, "validate")
    if not reply.ok:
        return refused(reply, "validate", form_id)
    return JSONResponse({"ok": True, "form_id": form_id})


@guarded
async def preflight(request: Request) -> Response:
    form_id, reply = await submit(request, "preflight")
    if not reply.ok:
        return refused(reply, "preflight", form_id)
    return JSONResponse({"ok": not reply.issues, "form_id": form_id, "issues": list(reply.issues)})


def render_endpoint(fmt: Kind) -> Handler:
    @guarded
    async def render(request: Request) -> Response:
        envelope = flag(request, "report")
        form_id, reply = await submit(request, fmt)
        if not reply.ok:
            return refused(reply, fmt, form_id)
        report: dict[str, Any] = reply.report or {}
        log.info("%s %s: %s page(s), %d bytes", fmt, form_id, report.get("pages"), len(reply.data))
        return document_response(reply.data, report, fmt=fmt, filename=f"{form_id}.{fmt}", envelope=envelope)

    render.__name__ = f"render_{fmt}"
    return render
