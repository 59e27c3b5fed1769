"""``POST /forms/{id}/batch``: JSON Lines in, a ZIP of one file per record out, streamed.

The body is first spooled (memory, then a temporary file past 8 MiB) and only
then is the answer streamed: a client that sends its whole body before reading
(most Java, PHP and .NET stacks) could otherwise deadlock against a server that
writes the ZIP while the body is still arriving. Records go to the render pool
a few at a time and land in the ZIP in input order as they finish, so the first
files flow while later records are still being rendered, and memory stays flat.

File names are the batch command's (``{number:02d}_{id}`` by default, the same
``Namer``); a record that cannot be printed is not fatal: it is listed with its
line and field paths in ``report.json``, the last entry of the ZIP, next to
every file written. The ZIP is deterministic (fixed timestamps, fixed order).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import tempfile
import zipfile
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal, TypeGuard

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from unified_forms.batch.naming import DEFAULT_TEMPLATE, Namer
from unified_forms.batch.worker import form_payload
from unified_forms.server.pool import PoolClosed, PoolError, RenderPool
from unified_forms.server.routes import (
    HTTPProblem,
    form_id_of,
    guarded,
    loggable_paths,
    pool_problem,
    state,
    too_large,
)
from unified_forms.server.work import BodyError, Job, Reply, entry, parse_body

log = logging.getLogger("unified_forms.server")

SPOOL_IN_MEMORY = 8 * 1024 * 1024
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: same records, same bytes
REPORT_NAME = "report.json"
ZipFormat = Literal["pdf", "xlsx"]  # what a batch ZIP holds (a Job kind)


class _Sink:
    """A write-only stream for ZipFile that hands out what was written since the last take()."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Nothing to release (ZipFile leaves a stream it was given open; the protocol asks for close)."""

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


@dataclass(slots=True)
class Pending:
    line: int
    record_id: str | None
    name: str | None
    task: asyncio.Future[Reply] | None  # None: the line itself was refused
    errors: tuple[dict[str, str], ...] = ()


def _is_zip_format(fmt: str) -> TypeGuard[ZipFormat]:
    return fmt in ("pdf", "xlsx")


@guarded
async def batch(request: Request) -> Response:
    settings, pool = state(request)
    form_id = form_id_of(request)
    fmt = request.query_params.get("format", "pdf")
    if not _is_zip_format(fmt):
        raise HTTPProblem(422, "format は pdf か xlsx です", path="format")
    template = request.query_params.get("name", DEFAULT_TEMPLATE)
    try:
        namer = Namer(form_id, fmt, template)
    except ValueError as exc:
        raise HTTPProblem(422, f"ファイル名の書式が使えません: {exc}", path="name") from None
    spool = await _spool(request, settings.max_batch_bytes)
    stream = _zip_stream(pool, form_id, fmt, namer, spool, settings.max_body_bytes)
    headers = {"Content-Disposition": f'attachment; filename="{form_id}-{fmt}.zip"'}
    return StreamingResponse(stream, media_type="application/zip", headers=headers)


async def _spool(request: Request, limit: int) -> IO[bytes]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (closed by the stream)
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def _lines(spool: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every non-blank line; None for a line longer than ``limit``."""
    number = 0
    while True:
        raw = spool.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the over-long line
                raw = spool.readline(1 << 20)
            yield number, None
            continue
        if raw.strip():
            yield number, raw


async def _zip_stream(
    pool: RenderPool, form_id: str, fmt: ZipFormat, namer: Namer, spool: IO[bytes], line_limit: int
) -> AsyncIterator[bytes]:
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w")  # a write-only stream is enough
    window: deque[Pending] = deque()
    files: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    in_flight = 2 * pool.size
    stopped = ""
    try:
        for line, raw in _lines(spool, line_limit):
            window.append(_submit(pool, form_id, fmt, namer, line, raw))
            while len(window) >= in_flight:
                stopped = await _finish(pool, window.popleft(), archive, files, failures)
                if chunk := sink.take():
                    yield chunk
                if stopped:
                    break
            if stopped:
                break
        while window and not stopped:
            stopped = await _finish(pool, window.popleft(), archive, files, failures)
            if chunk := sink.take():
                yield chunk
        report = {
            "form_id": form_id,
            "format": fmt,
            "rendered": len(files),
            "failed": len(failures),
            "stopped": stopped or None,
            "files": files,
            "failures": failures,
        }
        _add(archive, REPORT_NAME, json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8"), deflate=True)
        archive.close()
        log.info("batch %s: %d rendered, %d failed", form_id, len(files), len(failures))
        yield sink.take()
    finally:
        for pending in window:
            if pending.task is not None:
                pending.task.cancel()
        spool.close()


def _submit(pool: RenderPool, form_id: str, fmt: ZipFormat, namer: Namer, line: int, raw: bytes | None) -> Pending:
    if raw is None:
        return Pending(line, None, None, None, (entry("", "1件のデータが上限を超えています"),))
    try:
        record = parse_body(raw)
    except BodyError as exc:
        return Pending(line, None, None, None, (entry("", exc.message),))
    name, record_id = namer.name_for(record, line)
    job = Job(fmt, form_id, form_payload(form_id, record), line=line)
    return Pending(line, record_id, name, asyncio.ensure_future(pool.run(job)))


async def _finish(
    pool: RenderPool,
    pending: Pending,
    archive: zipfile.ZipFile,
    files: list[dict[str, Any]],
    failures: list[dict[str, Any]],
) -> str:
    """Add one record's file (or its failure) to the archive; a reason to stop the batch, or ''."""
    errors = pending.errors
    if pending.task is not None:
        try:
            reply = await pending.task
        except PoolClosed as exc:
            failures.append(_failure(pending, tuple(pool_problem(exc, pool).errors)))
            return "サービスの停止"
        except PoolError as exc:
            errors = tuple(pool_problem(exc, pool).errors)
        else:
            if reply.ok:
                assert pending.name is not None
                _add(archive, pending.name, reply.data, deflate=False)
                pages = (reply.report or {}).get("pages")
                files.append({"line": pending.line, "id": pending.record_id, "name": pending.name, "pages": pages})
                return ""
            if reply.status == "internal":
                log.error("batch line %d: internal error %s", pending.line, reply.internal)
                errors = (entry("", "サーバー内部のエラーです。管理者に連絡してください"),)
            else:
                errors = reply.errors
    failures.append(_failure(pending, errors))
    log.info("batch line %d refused at %s", pending.line, loggable_paths(errors))
    return ""


def _failure(pending: Pending, errors: tuple[dict[str, str], ...]) -> dict[str, Any]:
    return {"line": pending.line, "id": pending.record_id, "errors": list(errors)}


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, deflate: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED  # PDF and XLSX are compressed
    with contextlib.suppress(AttributeError):
        info.create_system = 3  # the same bytes whichever OS the service runs on
    archive.writestr(info, data)
