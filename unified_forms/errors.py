"""Errors a school system can act on: every entry names the field path and its Japanese label."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str, limit: int = 60) -> str:
    """``text`` safe to show on a terminal or in a log: control, format (RLO, ZWJ), private-use and
    unassigned characters become ``<U+XXXX>``, and at most ``limit`` characters are kept.

    For names the user or a layout author gave (a layout key, a file name); data values
    themselves are never put in messages (paths, labels and code points only).
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if i >= limit:
            out.append("…")
            break
        out.append(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in _UNPRINTABLE else ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    path: str  # e.g. "students[3].name.family"
    message: str
    label: str = ""  # Japanese label of the field, e.g. "氏名（姓）"

    def __str__(self) -> str:
        label = f"（{self.label}）" if self.label else ""
        return f"{self.path}{label}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "label": self.label}


class FormDataError(ValueError):
    """Input data that cannot be printed as given. ``errors`` lists every problem."""

    def __init__(self, errors: list[ErrorEntry] | ErrorEntry | str, *, form_id: str | None = None) -> None:
        if isinstance(errors, str):
            errors = [ErrorEntry(path="", message=errors)]
        elif isinstance(errors, ErrorEntry):
            errors = [errors]
        self.errors: list[ErrorEntry] = list(errors)
        self.form_id = form_id
        head = f"{form_id}: " if form_id else ""
        super().__init__(head + "; ".join(str(e) for e in self.errors))


class LayoutError(Exception):
    """A layout or arrangement file that cannot be used; names the file and the entry."""

    def __init__(self, file: str, where: str, message: str, *, paths: tuple[str, ...] = ()) -> None:
        self.file = file
        self.where = where
        self.message = message
        self.paths = paths  # input data paths this layout would leave unprinted, when that is the fault
        loc = f" at {where}" if where else ""
        super().__init__(f"{file}{loc}: {message}")


class FontNotFoundError(RuntimeError):
    """IPAmj明朝 is not installed where we look for it."""
