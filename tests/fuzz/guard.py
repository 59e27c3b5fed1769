"""Run one fuzz example in a forked worker process under a time and a memory cap.

A hang (the PDF renderer looping on a NaN width) or a blow-up (a 1e12 font size
reaching 3.9 GB) must fail one example, not freeze or kill the test session.
The worker is forked once from the warm test process (fonts and layouts already
loaded, so an example costs what rendering costs) with ``RLIMIT_AS`` raised
only ``MEMORY_CAP`` above what it already maps; each example gets ``TIME_CAP``
seconds. A worker that times out, dies or runs out of memory is replaced and
the example is reported as such.
"""

from __future__ import annotations

import multiprocessing
import resource
import shutil
import subprocess
import tempfile
import traceback
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

TIME_CAP_S = 30.0  # an example renders in well under a second; a loaded 2-core runner is slower
MEMORY_CAP = 1536 * 1024 * 1024  # bytes of address space beyond the worker's start


@dataclass(frozen=True, slots=True)
class Job:
    form_id: str
    data: dict[str, Any]
    fmt: str = "pdf"
    layout: str | None = None  # a layout file to use instead of the shipped one
    layouts_root: str | None = None  # a copy of the layouts folder (mutated patterns)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # "document", "FormDataError", "LayoutError", "crash", "timeout", "memory", "died"
    data: bytes = b""
    errors: tuple[tuple[str, str], ...] = ()  # (path, message) of a FormDataError; (where, message) of a LayoutError
    paths: tuple[str, ...] = ()  # data paths a LayoutError names (unprinted data)
    detail: str = ""
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def _vm_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _execute(job: Job) -> Outcome:
    import time

    from unified_forms import api
    from unified_forms.errors import FormDataError, LayoutError
    from unified_forms.layout import load

    start = time.perf_counter()
    if job.layouts_root is not None:
        root = Path(job.layouts_root)
        load.layouts_dir = lambda: root  # type: ignore[assignment]
    load.pattern_index.cache_clear()
    try:
        result = api.render(job.form_id, job.data, job.fmt, layout=job.layout)  # type: ignore[arg-type]
    except FormDataError as exc:
        return Outcome("FormDataError", errors=tuple((e.path, e.message) for e in exc.errors))
    except LayoutError as exc:
        paths = tuple(getattr(exc, "paths", ()) or ())
        return Outcome("LayoutError", errors=((exc.where, exc.message),), paths=paths, detail=exc.file)
    except MemoryError:
        return Outcome("memory")
    except RecursionError:
        return Outcome("crash", detail="RecursionError")
    except Exception as exc:  # a crash is the finding: keep where it happened
        tb = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(tb))
        return Outcome("crash", detail=f"{type(exc).__name__} at {where}: {str(exc)[:200]}")
    return Outcome("document", data=result.data, seconds=time.perf_counter() - start)


def _serve(conn: Any, memory: int) -> None:
    limit = _vm_bytes() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            outcome = _execute(job)
        except MemoryError:
            outcome = Outcome("memory")
        conn.send(outcome)


class Guard:
    """One worker at a time; ``run`` returns the example's Outcome, whatever happened to the worker."""

    def __init__(self, time_cap: float = TIME_CAP_S, memory_cap: int = MEMORY_CAP) -> None:
        self.time_cap = time_cap
        self.memory_cap = memory_cap
        self._ctx = multiprocessing.get_context("fork")
        self._proc: Any = None
        self._conn: Any = None

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, args=(child, self.memory_cap), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(10)
            self._conn.close()
            self._proc = self._conn = None

    def run(self, job: Job) -> Outcome:
        if self._proc is None or not self._proc.is_alive():
            self._stop()
            self._start()
        try:
            self._conn.send(job)
            if not self._conn.poll(self.time_cap):
                self._stop()
                return Outcome("timeout", detail=f"more than {self.time_cap:g} s")
            outcome: Outcome = self._conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            code = self._proc.exitcode if self._proc is not None else None
            self._stop()
            return Outcome("died", detail=f"worker exit code {code}")
        return outcome

    def close(self) -> None:
        self._stop()


QPDF = shutil.which("qpdf")


def qpdf_problem(pdf: bytes) -> str | None:
    """None when ``qpdf --check`` accepts the PDF, else its complaint."""
    if QPDF is None:  # pragma: no cover - qpdf is part of the test environment
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        done = subprocess.run([QPDF, "--check", fh.name], capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return None
    return (done.stdout + done.stderr)[-400:]


def xlsx_problem(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            bad = zf.testzip()
            names = zf.namelist()
    except zipfile.BadZipFile as exc:
        return f"not a ZIP: {exc}"
    if bad is not None:
        return f"corrupt member {bad}"
    if "xl/workbook.xml" not in names:
        return "no workbook"
    return None


def describe(outcome: Outcome) -> str:
    return f"{outcome.kind}: {outcome.detail} {outcome.errors[:3]}"


def check_outcome(outcome: Outcome, fmt: str) -> str | None:
    """None if the outcome is one the issue allows, else why not."""
    import unicodedata

    if outcome.kind == "document":
        return qpdf_problem(outcome.data) if fmt == "pdf" else xlsx_problem(outcome.data)
    if outcome.kind == "FormDataError":
        for path, message in outcome.errors:
            if not path:
                return f"a FormDataError entry without a path: {message[:120]}"
            if any(unicodedata.category(c) in ("Cc", "Cf") for c in message):
                return f"a control character in the message at {path}"
        return None
    if outcome.kind == "LayoutError":
        where, message = outcome.errors[0]
        if not (where or outcome.paths):
            return f"a LayoutError naming no entry: {message[:120]}"
        return None
    return describe(outcome)


def fresh_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="uf-fuzz-"))


def cleanup(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


__all__ = ["Guard", "Job", "Outcome", "check_outcome", "cleanup", "describe", "fresh_dir"]
