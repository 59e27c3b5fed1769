"""What an operator can tune when starting ``unified-forms serve``, in one frozen value.

The limits exist so that one school system sending a runaway request (a 2 GB
body, a document that never finishes) cannot take the service away from the
others: bodies are capped before they are read, every document has a time
limit after which its worker process is replaced, and a request that cannot get
a worker in time is told to retry instead of queueing forever.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MIB = 1024 * 1024


def default_workers() -> int:
    """One render process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0  # render processes; 0 = one per core
    font: str | None = None  # ipamjm.ttf; None = the usual search ($UNIFIED_FORMS_FONT, system folders)
    max_body_bytes: int = 8 * MIB  # one document's JSON
    max_batch_bytes: int = 256 * MIB  # a batch's JSON Lines (spooled to a temporary file, not kept in memory)
    timeout_s: float = 60.0  # one document's rendering, then its worker is replaced
    queue_timeout_s: float = 30.0  # waiting for a free worker, then 503 + Retry-After
    graceful_s: float = 30.0  # on SIGTERM/SIGINT: time for requests in flight before they are cut
    log_level: str = "info"

    @property
    def pool_size(self) -> int:
        return self.workers if self.workers > 0 else default_workers()
