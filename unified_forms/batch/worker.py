"""What one worker process does with a chunk of records (local pool and Dask alike).

The font is parsed, the subsetting face prepared and the form's layout
compiled once per process (``prepare``), not once per record: that one-off
costs ~0.3 s, a record ~10 ms. Every error a record can cause is caught here and
returned as data, so one bad pupil never stops a chunk.
"""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from unified_forms.batch.naming import ID_FIELDS
from unified_forms.batch.outputs import write_atomic
from unified_forms.errors import FontNotFoundError, FormDataError, LayoutError

Format = Literal["pdf", "xlsx"]


@dataclass(frozen=True, slots=True)
class Task:
    line: int
    name: str  # output file name, already sanitised and de-duplicated
    record: dict[str, Any]
    write: bool = True  # False: resumed record, rendered only for the merged PDF


@dataclass(frozen=True, slots=True)
class Outcome:
    line: int
    name: str
    ok: bool
    errors: tuple[tuple[str, str], ...] = ()  # (path, message)
    data: bytes | None = None  # when the caller writes the file
    document: Any = None  # the resolved Document, for --merge
    written: bool = False
    fatal: bool = False  # a layout or font problem: every record would fail the same way


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a chunk needs besides its tasks; small and picklable."""

    form_id: str
    fmt: Format
    outdir: str
    font: str | None = None
    return_bytes: bool = False  # Dask without a shared output path
    want_pages: bool = False
    fsync: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_prepared: set[tuple[str, str | None]] = set()


def prepare(form_id: str, font: str | None) -> None:
    """Load the font and warm the layout caches once per process (pool initializer)."""
    key = (form_id, font)
    if key in _prepared:
        return
    from unified_forms import api
    from unified_forms.text.font import default_font, set_default_font

    if font is not None:
        set_default_font(font)
    face = default_font()
    _ = face.subset_face, face.metrics, face.ivs
    # The shipped sample exercises layout compilation and the renderer once; a missing
    # sample or a sample error must not stop the batch.
    with contextlib.suppress(Exception):
        api.render_pdf(form_id, api.sample(form_id))
    _prepared.add(key)


def _errors_of(exc: BaseException) -> tuple[tuple[str, str], ...]:
    if isinstance(exc, FormDataError):
        return tuple((e.path, f"{e.message}（{e.label}）" if e.label else e.message) for e in exc.errors)
    if isinstance(exc, LayoutError | FontNotFoundError):
        return (("", str(exc)),)
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
    return (("", f"internal error {type(exc).__name__}: {exc}{where}"),)


_declared: dict[str, frozenset[str]] = {}


def form_payload(form_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record without the batch's own ``id``/``record_id`` key, unless the form's model
    declares that key itself (forms reject unknown keys, and a school system's export
    naturally carries a record id)."""
    declared = _declared.get(form_id)
    if declared is None:
        from unified_forms import registry

        fields = registry.get(form_id).model.model_fields
        declared = _declared[form_id] = frozenset(fields) | {f.alias for f in fields.values() if f.alias}
    if not any(k in record and k not in declared for k in ID_FIELDS):
        return record
    return {k: v for k, v in record.items() if k not in ID_FIELDS or k in declared}


def render_task(job: Job, task: Task) -> Outcome:
    from unified_forms import api

    try:
        instance = api.validate(job.form_id, form_payload(job.form_id, task.record))
        compiled = api.compile_form(job.form_id, instance)
        if job.fmt == "pdf":
            from unified_forms.render.pdf import render_pdf

            pdfa, embed = bool(job.extra.get("pdfa", False)), job.extra.get("embed_data")
            archive = api.archive(job.form_id, instance, pdfa=pdfa, embed_data=embed)
            data = render_pdf(compiled.document, archive=archive)
        else:
            from unified_forms.render.xlsx import render_xlsx

            data = render_xlsx(compiled.document)
    except (LayoutError, FontNotFoundError) as exc:
        return Outcome(task.line, task.name, False, _errors_of(exc), fatal=True)
    except Exception as exc:
        return Outcome(task.line, task.name, False, _errors_of(exc))
    document = compiled.document if job.want_pages else None
    if not task.write:
        return Outcome(task.line, task.name, True, document=document)
    if job.return_bytes:
        return Outcome(task.line, task.name, True, data=data, document=document)
    try:
        write_atomic(Path(job.outdir) / task.name, data, fsync=job.fsync)
    except OSError as exc:
        return Outcome(task.line, task.name, False, (("", f"cannot write {task.name}: {exc.strerror or exc}"),))
    return Outcome(task.line, task.name, True, document=document, written=True)


# The layout, the shaper and the renderer memoise per distinct text (fit results, placed
# lines, shaped runs, compiled text operators: bounded LRUs of 4,096–65,536 entries
# each). In a batch almost every name and comment is new, so together they would grow a
# worker by several KB per document for tens of thousands of documents. A worker therefore
# starts them afresh whenever the largest holds more than this many texts: peak RSS stays
# flat, the output bytes are the same (they are pure memo tables), and the entries that
# matter (the form's labels, a class's names) are back after one document. Which caches
# those are is known to unified_forms.caches, where each registers itself.
CACHE_ENTRY_LIMIT = 4096


def cache_load() -> int:
    """Entries in the largest per-text cache."""
    from unified_forms import caches

    return caches.largest_per_text()


def trim_caches(limit: int = CACHE_ENTRY_LIMIT) -> bool:
    """Clear the per-text caches when the largest holds more than ``limit`` texts; True if cleared."""
    from unified_forms import caches

    return caches.trim_per_text(limit)


def render_chunk(job: Job, tasks: list[Task]) -> list[Outcome]:
    prepare(job.form_id, job.font)
    limit = int(job.extra.get("cache_entry_limit", CACHE_ENTRY_LIMIT))
    outcomes: list[Outcome] = []
    for t in tasks:
        outcomes.append(render_task(job, t))
        trim_caches(limit)
        if outcomes[-1].fatal:
            break  # the rest of the chunk would fail the same way; the runner stops the batch
    return outcomes


def pool_initializer(form_id: str, font: str | None) -> None:
    prepare(form_id, font)
