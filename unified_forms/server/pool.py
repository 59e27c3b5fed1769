"""Render processes for the HTTP service: one per core, the font loaded once in each.

Why not ``concurrent.futures.ProcessPoolExecutor``: a per-request time limit must
be able to stop *that* document, and an executor can only be shut down whole.
Here every worker is one process behind one pipe, serving one job at a time; a
job over its time limit gets its process killed and a fresh one started in the
background, while the other workers go on. Waiting for a reply happens on a
thread (``Connection.poll`` with the deadline), so the event loop never blocks.

A worker ignores SIGINT/SIGTERM: on Ctrl-C or a service manager's stop the HTTP
process first lets the requests in flight finish (graceful shutdown), then sends
each worker a sentinel; a worker whose parent died sees the pipe close and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from unified_forms.server.settings import Settings
from unified_forms.server.work import Job, Reply, execute

log = logging.getLogger("unified_forms.server")

START_TIMEOUT_S = 120.0  # importing the pipeline and loading the 46 MB font, on a busy machine
WARM_FORM = "roster"  # rendered once at start so the first request does not pay the imports


class PoolError(Exception):
    """The pool could not run a job; the HTTP side answers 503 (busy, timeout) or 500 (crash)."""


class PoolBusy(PoolError):
    """No worker became free within the queue timeout."""


class JobTimeout(PoolError):
    """The job ran past the per-request time limit; its worker was replaced."""


class WorkerCrashed(PoolError):
    """The worker process died during the job (killed, out of memory); it was replaced."""


class PoolClosed(PoolError):
    """The service is shutting down."""


class PoolStartError(RuntimeError):
    """A worker could not start (e.g. the font is missing); the message says why."""


def _serve_jobs(conn: Connection, font: str | None) -> None:
    """Body of a worker process: load the font, warm up, then answer jobs until the sentinel."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    try:
        from unified_forms.batch.worker import prepare, trim_caches

        prepare(WARM_FORM, font)
    except Exception as exc:  # FontNotFoundError above all: its message says how to install
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the HTTP process is gone
        if job is None:
            return
        conn.send(execute(job))
        trim_caches()


class WorkerProcess:
    """One render process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, font: str | None) -> None:
        self._conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_serve_jobs, args=(child, font), name="unified-forms-render", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        try:
            if not self._conn.poll(timeout):
                raise PoolStartError(f"a render process did not start within {timeout:.0f} s")
            status, message = self._conn.recv()
        except (EOFError, OSError):
            raise PoolStartError("a render process exited while starting") from None
        if status != "ready":
            raise PoolStartError(message)

    def call(self, job: Job, timeout: float) -> Reply:
        """Send one job and wait for its reply (blocking; run on a thread)."""
        self._conn.send(job)
        if not self._conn.poll(timeout):
            raise JobTimeout
        reply: Reply = self._conn.recv()
        return reply

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)
        self._conn.close()

    def stop(self, grace: float) -> None:
        """Ask the worker to finish (after its current job), then kill it if it has not within ``grace``."""
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(None)
        self.process.join(grace)
        if self.process.is_alive():
            self.kill()
        else:
            self._conn.close()


def _start_error(worker: WorkerProcess) -> str:
    try:
        worker.wait_ready(START_TIMEOUT_S)
    except PoolStartError as exc:
        return str(exc)
    return ""


class RenderPool:
    """``size`` worker processes shared by every request; ``await run(job)`` gives the Reply."""

    def __init__(self, size: int, font: str | None, *, timeout_s: float, queue_timeout_s: float) -> None:
        self.size = size
        self.font = font
        self.timeout_s = timeout_s
        self.queue_timeout_s = queue_timeout_s
        self._ctx = multiprocessing.get_context("spawn")  # never fork a process that runs an event loop
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="unified-forms-pool")
        self._idle: asyncio.Queue[WorkerProcess] = asyncio.Queue()
        self._workers: set[WorkerProcess] = set()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False
        self.replaced = 0  # workers replaced after a timeout or a crash (shown by /health)

    @classmethod
    def from_settings(cls, settings: Settings) -> RenderPool:
        return cls(
            settings.pool_size, settings.font, timeout_s=settings.timeout_s, queue_timeout_s=settings.queue_timeout_s
        )

    @property
    def spawned(self) -> bool:
        return bool(self._workers)

    def spawn(self) -> None:
        """Start every worker and wait until each has loaded the font (blocking; before listening)."""
        workers = [WorkerProcess(self._ctx, self.font) for _ in range(self.size)]
        with self._lock:
            self._workers.update(workers)
        failures = list(self._threads.map(_start_error, workers))
        if any(failures):
            self.kill_all()
            raise PoolStartError(next(f for f in failures if f))

    def attach(self) -> None:
        """Hand the started workers to the running event loop (the lifespan startup)."""
        self._loop = asyncio.get_running_loop()
        with self._lock:
            for w in self._workers:
                self._idle.put_nowait(w)

    def kill_all(self) -> None:
        self._closing = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.kill()

    async def run(self, job: Job) -> Reply:
        if self._closing or self._loop is None:
            raise PoolClosed
        try:
            async with asyncio.timeout(self.queue_timeout_s):
                worker = await self._idle.get()
        except TimeoutError:
            raise PoolBusy from None
        # Shielded: a client that goes away cancels this await, but the job still finishes on
        # its worker and the worker returns to the pool (or is replaced) all the same.
        future = self._loop.run_in_executor(self._threads, self._call, worker, job)
        return await asyncio.shield(future)

    def _call(self, worker: WorkerProcess, job: Job) -> Reply:
        try:
            reply = worker.call(job, self.timeout_s)
        except JobTimeout:
            self._replace(worker)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerCrashed from exc
        self._release(worker)
        return reply

    def _release(self, worker: WorkerProcess) -> None:
        assert self._loop is not None
        if self._closing:
            return
        self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    def _replace(self, old: WorkerProcess) -> None:
        """Kill a worker and start its successor in the background (the caller is answered at once)."""
        with self._lock:
            self._workers.discard(old)
            self.replaced += 1
        old.kill()
        if not self._closing:
            self._threads.submit(self._start_one)

    def _start_one(self) -> None:
        worker = WorkerProcess(self._ctx, self.font)
        with self._lock:
            self._workers.add(worker)
        try:
            worker.wait_ready(START_TIMEOUT_S)
        except PoolStartError as exc:
            log.error("a replacement render process failed to start: %s", exc)
            with self._lock:
                self._workers.discard(worker)
            worker.kill()
            return
        self._release(worker)

    def status(self) -> dict[str, int]:
        with self._lock:
            alive = sum(1 for w in self._workers if w.alive())
        return {"size": self.size, "alive": alive, "idle": self._idle.qsize(), "replaced": self.replaced}

    async def close(self, grace: float) -> None:
        """Stop every worker: each finishes its current job within ``grace`` seconds or is killed."""
        self._closing = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.stop, grace) for w in workers))
        self._threads.shutdown(wait=False, cancel_futures=True)
