"""``unified-forms serve``: the forms as an HTTP service for school systems in any language.

Java, PHP and .NET 校務支援システム call ``POST /forms/<id>/pdf`` with the form's
JSON instead of starting one Python process per document. This module is
imported by the CLI to declare the command's options, so it stays light:
Starlette and uvicorn (the optional extra ``unified-forms[server]``) are
imported only when the service starts.

Package layout: ``settings`` (limits), ``work`` (what a render process does
with one request), ``pool`` (the render processes), ``routes`` and ``batch``
(the endpoints), ``openapi`` (the document), ``app`` (the ASGI app), ``run``
(uvicorn, logging, signals).
"""

from __future__ import annotations

import argparse

from unified_forms.server.settings import MIB, Settings

__all__ = ["Settings", "add_arguments", "main"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` command's options (the CLI calls this on its subparser)."""
    d = Settings()
    parser.add_argument("--host", default=d.host, help=f"address to listen on (default {d.host})")
    parser.add_argument("--port", type=int, default=d.port, help=f"port (default {d.port})")
    parser.add_argument("--workers", type=int, default=d.workers, help="render processes (default: one per core)")
    parser.add_argument(
        "--max-body-mb", type=float, default=d.max_body_bytes / MIB, help="largest document body in MiB (default 8)"
    )
    parser.add_argument(
        "--max-batch-mb", type=float, default=d.max_batch_bytes / MIB, help="largest batch body in MiB (default 256)"
    )
    parser.add_argument("--timeout", type=float, default=d.timeout_s, help="seconds per document (default 60)")
    parser.add_argument(
        "--log-level",
        default=d.log_level,
        choices=("debug", "info", "warning", "error"),
        help="debug also logs refused values' messages, which may quote personal data (default info)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        host=args.host,
        port=args.port,
        workers=args.workers,
        font=getattr(args, "font", None),
        max_body_bytes=int(args.max_body_mb * MIB),
        max_batch_bytes=int(args.max_batch_mb * MIB),
        timeout_s=args.timeout,
        log_level=args.log_level,
    )


def main(args: argparse.Namespace) -> int:
    """Run the service until SIGINT/SIGTERM; the exit code for the CLI."""
    import sys

    try:
        from unified_forms.server.run import serve
    except ImportError as exc:
        print(
            f"error: the HTTP service needs the [server] extra ({exc.name} is missing): "
            "pip install 'unified-forms[server]'",
            file=sys.stderr,
        )
        return 1
    return serve(settings_from(args))
