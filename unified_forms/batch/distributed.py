"""The same batch on a Dask cluster, for a vendor printing for several prefectures.

Dask is an optional extra (``pip install unified-forms[dask]``) and is imported
only here, only when a scheduler is given. Partitions are the same chunks the
local pool gets, so names, resume and failures behave identically; the client
(this process) still reads the records, names them and writes the summary.
Workers either write into the shared output folder (atomically, like local
workers) or, when the folder is not shared, return the bytes for the client to
write. Each Dask worker prepares the font once (module-level cache in
``worker.prepare``) the first time it receives a partition.
"""

from __future__ import annotations

import time
from typing import Any

from unified_forms.batch.worker import Job, Outcome, Task, render_chunk


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("--scheduler needs Dask distributed: pip install 'unified-forms[dask]'") from None
    return distributed


def _connect(distributed: Any, address: str, timeout: float) -> Any:
    """A client of the scheduler at ``address``, or BatchAborted after ``timeout`` seconds.

    Dask's own default waits 30 s and retries; an unreachable or mistyped address must
    fail fast with one line, not a traceback."""
    from unified_forms.batch.runner import BatchAborted
    from unified_forms.errors import printable

    try:
        return distributed.Client(address, set_as_default=False, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchAborted(
            None,
            f"Dask スケジューラ {printable(address, limit=200)} に {timeout:g} 秒以内に接続できませんでした"
            f"（{type(exc).__name__}）",
        ) from None


class DaskBackend:
    """Chunks as Dask tasks; ``scheduler`` is an address (``tcp://host:8786``) or a ``Client``.

    Dask waits for workers to come back when a cluster loses all of them; a batch
    run from a terminal or a test must not hang forever, so after
    ``no_worker_timeout`` seconds without any worker the batch stops with an error
    (outputs already written are complete; ``--resume`` continues).
    """

    def __init__(
        self, job: Job, scheduler: Any, *, no_worker_timeout: float = 120.0, connect_timeout: float = 10.0
    ) -> None:
        distributed = _import_distributed()
        self._distributed = distributed
        self.job = job
        if isinstance(scheduler, distributed.Client):
            self._client, self._own = scheduler, False
        else:
            self._client, self._own = _connect(distributed, str(scheduler), connect_timeout), True
        self._done = distributed.as_completed(loop=self._client.loop)
        self._count = 0
        self._no_worker_timeout = no_worker_timeout

    def capacity(self) -> int:
        """Threads across the cluster now (at least 1): how many chunks to keep in flight."""
        info = self._client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def submit(self, tasks: list[Task]) -> None:
        self._done.add(self._client.submit(render_chunk, self.job, tasks, pure=False, retries=0))
        self._count += 1

    def pending(self) -> int:
        return self._count

    def _wait_ready(self) -> None:
        """Poll (5 ms) so that a cluster without workers is noticed instead of waited on forever."""
        last_seen = time.monotonic()
        next_check = last_seen + 2.0
        while not self._done.has_ready():
            time.sleep(0.005)
            now = time.monotonic()
            if now >= next_check:
                next_check = now + 2.0
                if self._client.scheduler_info().get("workers"):
                    last_seen = now
                elif now - last_seen >= self._no_worker_timeout:
                    from unified_forms.batch.runner import BatchAborted

                    idle = f"{now - last_seen:.0f}"
                    raise BatchAborted(None, f"Dask クラスタにワーカーがいない状態が {idle} 秒続きました")

    def next_done(self) -> list[Outcome]:
        self._wait_ready()
        fut = next(self._done)
        try:
            result: list[Outcome] = fut.result()
        finally:
            fut.release()
            self._count -= 1
        return result

    def close(self) -> None:
        self._done.clear()
        if self._own:
            self._client.close()
