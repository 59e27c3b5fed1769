"""Start the service under uvicorn: find the font, start the render processes, then listen.

The render processes are started before the port is opened, so a missing font
or a broken installation ends the command with one line and exit code 1, and a
client never reaches a service that cannot print. uvicorn handles SIGINT and
SIGTERM: it stops accepting, lets requests in flight finish for up to
``graceful_s`` seconds, then the lifespan shutdown stops the workers.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

import uvicorn

from unified_forms.server.app import create_app
from unified_forms.server.pool import PoolStartError, RenderPool
from unified_forms.server.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stderr, force=True)


def serve(settings: Settings) -> int:
    from unified_forms.text.font import find_font

    configure_logging(settings.log_level)
    log = logging.getLogger("unified_forms.server")
    settings = replace(settings, font=str(find_font(settings.font)))  # FontNotFoundError: the CLI's one line
    pool = RenderPool.from_settings(settings)
    log.info("starting %d render process(es)", pool.size)
    try:
        pool.spawn()
    except PoolStartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    config = uvicorn.Config(
        create_app(settings, pool),
        host=settings.host,
        port=settings.port,
        log_config=None,
        log_level=settings.log_level,
        access_log=False,  # every request is logged once by the routes, without personal data
        timeout_graceful_shutdown=int(settings.graceful_s),
        server_header=False,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    server.run()
    pool.kill_all()  # normally already stopped by the lifespan shutdown
    return 0 if server.started else 1
