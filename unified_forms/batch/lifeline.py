"""Pool workers die with the process that started them.

A batch's parent killed with SIGKILL (an OOM killer, ``kill -9``, a closed
terminal session) cannot tell its pool anything; the spawn-context workers
used to wait on their call queue forever (~170 MB each), and with them the
multiprocessing resource tracker. Each worker therefore watches its parent: when
``os.getppid()`` is no longer the pid that started it (the parent is gone and
the worker was re-parented), it exits at once. Outputs are written atomically,
so a worker stopped mid-record leaves only a temporary that the next run
removes. Portable (no ``prctl``), and a thread that wakes twice a second costs
nothing measurable.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_INTERVAL_S = 0.5
EXIT_ORPHANED = 70


def _watch(parent_pid: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent_pid:
            os._exit(EXIT_ORPHANED)


def watch_parent(parent_pid: int, interval: float = CHECK_INTERVAL_S) -> None:
    """Start the watch in this (worker) process; returns immediately."""
    if os.getppid() != parent_pid:  # already orphaned before we started
        os._exit(EXIT_ORPHANED)
    threading.Thread(target=_watch, args=(parent_pid, interval), name="uf-parent-watch", daemon=True).start()
