"""Progress for a person watching a terminal, silence for a cron job or a log file.

A bar with rate and ETA is useful on a TTY; in a log it is noise (rich would
write control codes or a line per refresh), so ``auto`` shows it only when
stdout is a terminal. The summary line is printed by the caller either way.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class Progress:
    """``advance(ok=..)`` per finished record; a no-op when disabled."""

    def __init__(self, total: int | None, *, enabled: bool | None = None, description: str = "rendering") -> None:
        self.enabled = sys.stdout.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self._total = total
        self._description = description

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                ProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress
            from rich.text import Text

            class RateColumn(ProgressColumn):
                def render(self, task: Any) -> Text:
                    speed = task.finished_speed or task.speed
                    return Text("– docs/s" if speed is None else f"{speed:,.1f} docs/s", style="progress.data.speed")

            self._bar = RichProgress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn(),
                TextColumn("failed {task.fields[failed]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self._description, total=self._total, failed=0)
        return self

    def advance(self, n: int = 1, *, failed: int = 0) -> None:
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.update(self._task, advance=n, failed=task.fields["failed"] + failed)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
            self._bar = None
