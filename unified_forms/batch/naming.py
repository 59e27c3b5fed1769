"""Output file names for a batch: decided by us, never by the data.

A record's 出席番号 and id come from data a school system sends; a name such
as ``../../etc/x`` or ``CON`` must not become a path. Names are assigned in
input order by the one process that reads the records, so a resumed or
distributed run gives every record the same name as the first run did, and
duplicates get the same ``-2``, ``-3`` suffixes every time.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_TEMPLATE = "{number:02d}_{id}"
TEMPLATE_FIELDS = frozenset({"number", "id", "line", "form"})

# Where each form keeps the pupil's 出席番号 (JSON pointers, RFC 6901). Forms printed
# per pupil carry it under the pupil; class-level forms (roster) have none and the
# line number is used. Unknown forms try the generic candidates in order.
NUMBER_POINTERS: dict[str, tuple[str, ...]] = {
    "roster": (),
    "attendance_register": (),
    "report_card": ("/student/number",),
    "report_card_special_needs": ("/student/number",),
}
GENERIC_NUMBER_POINTERS: tuple[str, ...] = ("/number", "/student/number", "/pupil/number", "/student/attendance_number")
ID_FIELDS: tuple[str, ...] = ("id", "record_id")

MAX_SPEC_NUMBER = 64  # widths and precisions in a template's format specs
MAX_STEM_BYTES = 180  # + extension, dedupe suffix and temp-file decoration stays far below 255
_WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in "123456789¹²³"}
    | {f"LPT{i}" for i in "123456789¹²³"}
)
_BAD_CATEGORIES = frozenset({"Cc", "Cs", "Cf", "Co", "Zl", "Zp"})


def check_template(template: str) -> None:
    """Reject a template naming unknown fields before any record is read (a usage error)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"name template {template!r}: {exc}") from None
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS:
            known = ", ".join(sorted(TEMPLATE_FIELDS))
            raise ValueError(f"name template {template!r}: unknown field {{{name}}} (known: {known})")
        # "{number:>999999999}" would build a 1 GB string per record before sanitize() cuts it
        if spec and ("{" in spec or any(int(n) > MAX_SPEC_NUMBER for n in re.findall(r"\d+", spec))):
            raise ValueError(
                f"name template {template!r}: format of {{{name}}} may use widths up to {MAX_SPEC_NUMBER}"
            )
    try:
        template.format(number=1, id="x", line=1, form="f")
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"name template {template!r}: {exc}") from None


def canonical_json(record: Any) -> bytes:
    """Key order and spacing fixed; ASCII escapes so lone surrogates still hash."""
    return json.dumps(record, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def stable_id(record: Mapping[str, Any]) -> str:
    """The record's own id, or a short SHA-256 of its canonical JSON (same record, same id)."""
    for key in ID_FIELDS:
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value) != "":
            return str(value)
    return hashlib.sha256(canonical_json(record)).hexdigest()[:12]


def resolve_pointer(record: Any, pointer: str) -> Any:
    """RFC 6901 look-up; None when any step is missing."""
    if pointer == "":
        return record
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer {pointer!r} must start with '/'")
    node = record
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            if token not in node:
                return None
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def record_number(record: Mapping[str, Any], line: int, pointers: tuple[str, ...]) -> int:
    """出席番号 from the first pointer that gives a whole number, else the line number."""
    for pointer in pointers:
        value = resolve_pointer(record, pointer)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
            return int(value)
    return line


def pointers_for(form_id: str, number_pointer: str | None) -> tuple[str, ...]:
    if number_pointer is not None:
        resolve_pointer({}, number_pointer)  # validates the syntax
        return (number_pointer,)
    return NUMBER_POINTERS.get(form_id, GENERIC_NUMBER_POINTERS)


def _noncharacter(cp: int) -> bool:
    return (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF


def sanitize(name: str, *, max_bytes: int = MAX_STEM_BYTES) -> str:
    """One safe path component on POSIX and Windows: no separators, no control or
    format characters, no leading dot, no trailing dot or space, no device name,
    at most ``max_bytes`` UTF-8 bytes (cut between code points, never inside one)."""
    out: list[str] = []
    for ch in name:
        if ch in _WINDOWS_FORBIDDEN or unicodedata.category(ch) in _BAD_CATEGORIES or _noncharacter(ord(ch)):
            out.append("_")
        else:
            out.append(ch)
    text = "".join(out).lstrip(". ")
    budget, kept = max_bytes, []
    for ch in text:
        size = len(ch.encode("utf-8"))
        if size > budget:
            break
        kept.append(ch)
        budget -= size
    text = "".join(kept).rstrip(". ")
    if not text:
        return "_"
    if text.split(".")[0].upper().rstrip(" ") in _WINDOWS_RESERVED:
        text = "_" + text
    return text


@dataclass(slots=True)
class Namer:
    """Assigns file names in input order; the same input always gets the same names."""

    form_id: str
    extension: str  # "pdf" / "xlsx"
    template: str = DEFAULT_TEMPLATE
    number_pointer: str | None = None
    reserved: tuple[str, ...] = ()
    _pointers: tuple[str, ...] = field(init=False, default=())
    _used: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        check_template(self.template)
        self._pointers = pointers_for(self.form_id, self.number_pointer)
        self._used = {r.casefold() for r in self.reserved}

    def name_for(self, record: Mapping[str, Any], line: int) -> tuple[str, str]:
        """(file name with extension, record id) of one record."""
        rid = stable_id(record)
        number = record_number(record, line, self._pointers)
        stem = sanitize(self.template.format(number=number, id=rid, line=line, form=self.form_id))
        candidate, n = stem, 1
        # Case-insensitive file systems (Windows, macOS) must not merge two names either.
        while f"{candidate}.{self.extension}".casefold() in self._used:
            n += 1
            candidate = f"{stem}-{n}"
        name = f"{candidate}.{self.extension}"
        self._used.add(name.casefold())
        return name, rid
