"""One output file per record, on every core, with bad records reported instead of fatal.

The reading process owns all decisions that must be the same on every run:
which records exist, their names (input order, de-duplicated), which are
already done (resume). Workers only render and write; they receive chunks of
records so that pickling and scheduling cost stays small against ~10 ms of
rendering per record, and at most a few chunks per worker are in flight so a
95,000-line file is streamed, not loaded.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from unified_forms import registry
from unified_forms.batch.lifeline import watch_parent
from unified_forms.batch.manifest import Manifest, content_hash
from unified_forms.batch.merge import MergedPdf
from unified_forms.batch.naming import DEFAULT_TEMPLATE, Namer
from unified_forms.batch.outputs import is_complete, remove_stale_temps, write_atomic
from unified_forms.batch.progress import Progress
from unified_forms.batch.records import Records, count_records, read_records
from unified_forms.batch.worker import Format, Job, Outcome, Task, pool_initializer, render_chunk
from unified_forms.errors import printable
from unified_forms.json_input import Encoding

MAX_WORKERS = 256  # even with force_workers: beyond this a typo, not a plan


@dataclass(frozen=True, slots=True)
class Failure:
    line: int  # line of the JSONL file (position for an iterable)
    record_id: str | None  # None when the line was not a JSON object
    errors: tuple[tuple[str, str], ...]  # (field path, message)

    def __str__(self) -> str:
        rid = f"（id {printable(self.record_id)}）" if self.record_id is not None else ""
        detail = "; ".join(f"{p}: {m}" if p else m for p, m in self.errors)
        return printable(f"{self.line} 行目{rid}: {detail}", limit=4000)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rendered: int
    failed: int
    skipped: int
    seconds: float
    docs_per_s: float
    failures: list[Failure] = field(default_factory=list)
    outdir: Path | None = None
    merged: Path | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        return (
            f"作成 {self.rendered} 件、失敗 {self.failed} 件、スキップ {self.skipped} 件、"
            f"{self.seconds:.1f} 秒（{self.docs_per_s:.1f} 件/秒）"
        )


class BatchAborted(RuntimeError):
    """A layout or font problem: not a bad record, every record would fail the same way.

    Files already written are complete; fix the problem and rerun with ``resume=True``.
    """

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        where = f"（{line} 行目）" if line is not None else ""
        super().__init__(f"バッチを中止しました{where}: {message}")


class Backend(Protocol):
    """Where chunks are rendered: in this process, a local process pool, or Dask."""

    def submit(self, tasks: list[Task]) -> None: ...
    def pending(self) -> int: ...
    def next_done(self) -> list[Outcome]: ...
    def close(self) -> None: ...


class InProcessBackend:
    """workers=0: no pool (benchmarks, debugging, tiny batches)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._done: deque[list[Outcome]] = deque()

    def submit(self, tasks: list[Task]) -> None:
        self._done.append(render_chunk(self.job, tasks))

    def pending(self) -> int:
        return len(self._done)

    def next_done(self) -> list[Outcome]:
        return self._done.popleft()

    def close(self) -> None:
        pass


class PoolBackend:
    """A spawn-context process pool: the same on Linux, macOS and Windows, no forked threads."""

    def __init__(self, job: Job, workers: int) -> None:
        import multiprocessing

        self.job = job
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(), job.form_id, job.font),
        )
        self._futures: set[Future[list[Outcome]]] = set()
        self._ready: deque[list[Outcome]] = deque()

    def submit(self, tasks: list[Task]) -> None:
        self._futures.add(self._pool.submit(render_chunk, self.job, tasks))

    def pending(self) -> int:
        return len(self._futures) + len(self._ready)

    def next_done(self) -> list[Outcome]:
        if not self._ready:
            done, _ = wait(self._futures, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=id):
                self._futures.discard(fut)
                try:
                    self._ready.append(fut.result())
                except BrokenProcessPool:
                    raise BatchAborted(
                        None,
                        "ワーカープロセスが終了しました（強制終了またはメモリ不足）。書き出したファイルは完全です。"
                        "--resume で続きを作成できます",
                    ) from None
        return self._ready.popleft()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(parent_pid: int, form_id: str, font: str | None) -> None:
    """Pool initializer: die with the parent (lifeline), then load the font and layout once."""
    watch_parent(parent_pid)
    pool_initializer(form_id, font)


def worker_count(workers: int | None, *, force: bool = False, notice: Callable[[str], None] | None = None) -> int:
    """Processes to start: every core by default, never more than the cores unless forced."""
    cores = os.cpu_count() or 1
    if workers is None:
        return cores
    wanted = max(0, workers)
    limit = MAX_WORKERS if force else cores
    if wanted > limit:
        if notice is not None:
            hint = "" if force else "（--force-workers で変更できます）"
            notice(f"ワーカー数 {wanted} を {limit} にしました（CPU コア数 {cores}）{hint}")
        return limit
    return wanted


def merged_name(form_id: str) -> str:
    return f"{form_id}-merged.pdf"


def _check_args(form_id: str, fmt: str, merge: bool) -> None:
    if form_id not in registry.form_ids():
        raise ValueError(f"unknown form id '{form_id}' (known: {', '.join(registry.form_ids())})")
    if fmt not in ("pdf", "xlsx"):
        raise ValueError(f"unknown format '{fmt}' (pdf or xlsx)")
    if merge and fmt != "pdf":
        raise ValueError("--merge makes one PDF; it cannot be combined with --format xlsx")


def run_batch(
    form_id: str,
    records: Records,
    outdir: str | os.PathLike[str],
    *,
    format: Format = "pdf",
    workers: int | None = None,
    name_template: str = DEFAULT_TEMPLATE,
    number_pointer: str | None = None,
    resume: bool = False,
    merge: bool = False,
    progress: bool | None = None,
    scheduler: Any = None,
    shared_path: bool = True,
    chunk_size: int | None = None,
    font: str | os.PathLike[str] | None = None,
    fsync: bool = False,
    pdfa: bool = False,
    embed_data: bool | None = None,
    force_workers: bool = False,
    scheduler_timeout: float = 10.0,
    encoding: Encoding = "auto",
    notice: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Render every record to its own file in ``outdir``; see ``unified_forms.batch`` for the rules.

    ``workers``: processes (None = every core, 0 = this process). ``scheduler``: a Dask
    scheduler address or ``distributed.Client``; then ``shared_path=False`` makes workers
    return bytes that this process writes. ``progress``: None = bar only on a terminal.
    ``merge`` also writes one PDF of every record in input order, page by page while the
    batch runs (batch/merge.py: memory stays flat however many pages). Raises
    ``BatchAborted`` on a layout or font problem and ``ValueError`` on bad arguments; bad
    records are returned in ``failures``. ``pdfa`` / ``embed_data``: PDF/A files, with the
    record's data embedded (the form's default when None; the merged PDF is PDF/A-2b, no data).

    ``workers`` above the core count is lowered to it unless ``force_workers``;
    ``scheduler_timeout`` bounds the wait for a Dask scheduler; ``encoding`` is that of a
    JSONL file or stream (auto: UTF-8, else Shift_JIS/CP932 per line); ``notice`` receives
    one-line Japanese notices (workers lowered, a file read as CP932). With ``resume`` a
    record is skipped only when its file is complete and its content hash is unchanged.
    """
    _check_args(form_id, format, merge)
    if format != "pdf" and (pdfa or embed_data):
        raise ValueError("--pdfa and --embed-data apply to PDF output, not --format xlsx")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    namer = Namer(form_id, format, name_template, number_pointer, reserved=(merged_name(form_id),) if merge else ())
    n_workers = worker_count(workers, force=force_workers, notice=notice)
    manifest = Manifest(out)
    manifest.load()
    total = count_records(records)
    if chunk_size is None:
        slots = max(1, n_workers) * 4
        chunk_size = max(1, min(32, (total or 32 * slots) // slots))
    job = Job(
        form_id=form_id,
        fmt=format,
        outdir=str(out.resolve()),
        font=None if font is None else str(font),
        return_bytes=scheduler is not None and not shared_path,
        want_pages=merge,
        fsync=fsync,
        extra={"pdfa": pdfa, "embed_data": embed_data},
    )

    backend: Backend
    if scheduler is not None:
        from unified_forms.batch.distributed import DaskBackend

        backend = DaskBackend(job, scheduler, connect_timeout=scheduler_timeout)
        max_inflight = max(2, backend.capacity() * 3)
    elif n_workers == 0:
        backend = InProcessBackend(job)
        max_inflight = 1
    else:
        backend = PoolBackend(job, n_workers)
        max_inflight = n_workers * 3

    start = time.perf_counter()
    rendered = skipped = 0
    failures: list[Failure] = []
    ids: dict[int, str] = {}
    merger = MergedPdf(out / merged_name(form_id), fsync=fsync, pdfa=pdfa) if merge else None
    digests: dict[int, str] = {}
    told_cp932 = False

    with Progress(total, enabled=progress) as bar:

        def handle(outcomes: list[Outcome]) -> None:
            nonlocal rendered
            for o in outcomes:
                rid = ids.pop(o.line, None)
                digest = digests.pop(o.line, None)
                if o.fatal:
                    raise BatchAborted(o.line, "; ".join(m for _, m in o.errors))
                if merger is not None:  # pages go to the merged PDF as soon as every earlier record is done
                    merger.done(o.line, o.document if o.ok else None)
                if not o.ok:
                    failures.append(Failure(o.line, rid, o.errors))
                    bar.advance(failed=1)
                    continue
                if o.data is not None:
                    write_atomic(out / o.name, o.data, fsync=fsync)
                if o.data is not None or o.written:
                    if digest is not None:
                        manifest.written(o.name, digest)
                    rendered += 1
                    bar.advance()

        try:
            chunk: list[Task] = []

            def flush() -> None:
                backend.submit(list(chunk))
                chunk.clear()
                while backend.pending() >= max_inflight:
                    handle(backend.next_done())

            for raw in read_records(records, encoding=encoding):
                if raw.data is None:
                    failures.append(Failure(raw.line, None, (("", raw.problem),)))
                    bar.advance(failed=1)
                    continue
                if raw.encoding == "cp932" and encoding == "auto" and not told_cp932 and notice is not None:
                    notice(f"{raw.line} 行目から Shift_JIS（CP932）として読んでいます")
                    told_cp932 = True
                name, rid = namer.name_for(raw.data, raw.line)
                digest = content_hash(form_id, format, raw.data)
                write = True
                if resume and manifest.unchanged(name, digest) and is_complete(out / name, format):
                    skipped += 1
                    bar.advance()
                    if not merge:
                        continue
                    write = False
                ids[raw.line] = rid
                if merger is not None:
                    merger.expect(raw.line)
                if write:
                    manifest.will_write(name)
                    digests[raw.line] = digest
                chunk.append(Task(raw.line, name, raw.data, write))
                if len(chunk) >= chunk_size:
                    flush()
            if chunk:
                flush()
            while backend.pending():
                handle(backend.next_done())
        except BaseException:
            if merger is not None:
                merger.abort()
            raise
        finally:
            backend.close()
            manifest.close()

    merged: Path | None = merger.close() if merger is not None else None
    seconds = time.perf_counter() - start
    failures.sort(key=lambda f: f.line)
    return BatchSummary(
        rendered=rendered,
        failed=len(failures),
        skipped=skipped,
        seconds=seconds,
        docs_per_s=rendered / seconds if seconds > 0 else 0.0,
        failures=failures,
        outdir=out,
        merged=merged,
    )
