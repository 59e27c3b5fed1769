"""日課 and 下校時刻 of a school day, as the 行事予定 and the 週案 both print them.

Why shared: the 週案's day column and the 行事予定's row for the same day must say the same
thing (「A日課 15:40下校」); one type and one way of printing keep them from drifting apart.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict

from unified_forms.models.text import text_rules

__all__ = ["DailyText", "TimeText", "schedule_label"]

DailyText = Annotated[str, *text_rules(10)]
"""日課: A日課, 短縮, 水曜日課 …"""

TimeText = Annotated[str, Strict(), Field(pattern=r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
"""下校時刻 as HH:MM (14:50)."""


def schedule_label(daily: str | None, dismissal: str | None) -> str:
    """「A日課 15:40下校」 (either part may be missing)."""
    parts = [daily or ""]
    if dismissal:
        hh, mm = dismissal.split(":")
        parts.append(f"{int(hh)}:{mm}下校")
    return " ".join(p for p in parts if p)
