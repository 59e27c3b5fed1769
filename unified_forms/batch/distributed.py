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

from collections import deque
from typing import Any

from unified_forms.batch.worker import Job, Outcome, Task, render_chunk


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("--scheduler needs Dask distributed: pip install 'unified-forms[dask]'") from None
    return distributed


class DaskBackend:
    """Chunks as Dask tasks; ``scheduler`` is an address (``tcp://host:8786``) or a ``Client``."""

    def __init__(self, job: Job, scheduler: Any) -> None:
        distributed = _import_distributed()
        self.job = job
        if isinstance(scheduler, distributed.Client):
            self._client, self._own = scheduler, False
        else:
            self._client, self._own = distributed.Client(str(scheduler), set_as_default=False), True
        self._done = distributed.as_completed(loop=self._client.loop)
        self._count = 0
        self._ready: deque[list[Outcome]] = deque()

    def capacity(self) -> int:
        """Threads across the cluster now (at least 1): how many chunks to keep in flight."""
        info = self._client.scheduler_info()
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def submit(self, tasks: list[Task]) -> None:
        fut = self._client.submit(render_chunk, self.job, tasks, pure=False, retries=0)
        self._done.add(fut)
        self._count += 1

    def pending(self) -> int:
        return self._count

    def next_done(self) -> list[Outcome]:
        fut = next(self._done)
        try:
            result: list[Outcome] = fut.result()
        finally:
            fut.release()
            self._count -= 1
        return result

    def close(self) -> None:
        if self._own:
            self._client.close()
