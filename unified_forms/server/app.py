"""The Starlette application: routes, the render pool's lifetime, the OpenAPI document.

``create_app(settings)`` builds an ASGI app that any ASGI server can run; the
``serve`` command runs it under uvicorn (see ``run``). The pool starts in the
lifespan's startup (a missing font stops the service before it listens) and is
closed in its shutdown, after uvicorn has let the requests in flight finish.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from unified_forms import api
from unified_forms.server import batch, routes
from unified_forms.server.openapi import openapi_json
from unified_forms.server.pool import RenderPool
from unified_forms.server.responses import errors_response
from unified_forms.server.settings import Settings
from unified_forms.server.work import entry


@routes.guarded
async def openapi(request: Request) -> Response:
    return Response(openapi_json(), media_type="application/json")


async def http_exception(request: Request, exc: Exception) -> Response:
    """Starlette's own answers (no such route, wrong method) in the service's error shape."""
    assert isinstance(exc, HTTPException)
    messages = {404: "そのURLはありません（GET /openapi.json に一覧があります）", 405: "そのメソッドは使えません"}
    message = messages.get(exc.status_code, str(exc.detail))
    response = errors_response(exc.status_code, [entry("", message)])
    response.headers.update(exc.headers or {})
    return response


def form_list() -> list[dict[str, object]]:
    return [
        {
            "id": f.id,
            "title": f.title,
            "paper": f.paper,
            "summary": f.summary,
            "samples": [stem.split(".", 1)[1] for stem, _ in f.sample_files() if "." in stem],
        }
        for f in api.forms()
    ]


def create_app(settings: Settings, pool: RenderPool | None = None) -> Starlette:
    """The ASGI app; ``pool`` already spawned by ``serve``, or started by the lifespan when None."""
    pool = pool if pool is not None else RenderPool.from_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not pool.spawned:
            await asyncio.get_running_loop().run_in_executor(None, pool.spawn)
        pool.attach()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close(settings.graceful_s)

    app = Starlette(
        routes=[
            Route("/health", routes.health, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/forms", routes.list_forms, methods=["GET"]),
            Route("/forms/{form_id}/schema", routes.form_schema, methods=["GET"]),
            Route("/forms/{form_id}/sample", routes.form_sample, methods=["GET"]),
            Route("/forms/{form_id}/validate", routes.validate, methods=["POST"]),
            Route("/forms/{form_id}/preflight", routes.preflight, methods=["POST"]),
            Route("/forms/{form_id}/pdf", routes.render_endpoint("pdf"), methods=["POST"]),
            Route("/forms/{form_id}/xlsx", routes.render_endpoint("xlsx"), methods=["POST"]),
            Route("/forms/{form_id}/batch", batch.batch, methods=["POST"]),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: http_exception},
    )
    app.state.settings = settings
    app.state.form_list = form_list()
    openapi_json()  # built now (it imports every form), not by the first client
    return app
