"""Which bound values a layout actually read: so a value no box prints is an error, not a blank.

A binding hands the compiler every value it has (slots, and the fields of each list row). A
layout that never reads one of them — a typo in ``slot:``, a column a school's arrangement
left out, an element whose ``when:`` never holds, a block placed where no page is — would
print the form without it and nothing would complain. The compiler therefore records every
read (the expanders read through these dict subclasses, so no kind has to declare what it
reads and none can forget to) and, once the document is laid out, compares the record with
what the binding gave: a non-empty value nobody read is reported with its data path.

Reading a slot the binding does not provide is the other half (``count_mael`` for
``count_male``): :class:`TrackedSlots` records the miss, and the compiler refuses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from unified_forms.layout.bound import Bound, Slot, as_value

# Slots the compiler itself adds or only reads when needed (a 別紙 heading): never "unread".
META_SLOTS = frozenset({"page_no", "page_count", "page_label", "continuation_subject"})


@dataclass(slots=True)
class ReadLog:
    slots: set[str] = field(default_factory=set)
    missing_slots: set[str] = field(default_factory=set)
    cells: set[tuple[str, int, str]] = field(default_factory=set)  # (list, row index, key)
    lists: set[str] = field(default_factory=set)
    missing_lists: set[str] = field(default_factory=set)


class TrackedSlots(dict[str, Slot]):
    """The document's slots; ``get`` records the name read (or that it does not exist)."""

    __slots__ = ("log",)

    def __init__(self, data: dict[str, Slot], log: ReadLog) -> None:
        super().__init__(data)
        self.log = log

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self.log.slots.add(key)
        else:
            self.log.missing_slots.add(key)
        return super().get(key, default)

    def copy(self) -> TrackedSlots:
        return TrackedSlots(dict(self), self.log)


class TrackedRow(dict[str, Slot]):
    """One row of a list slot; ``get`` records (list, row, key)."""

    __slots__ = ("index", "list_name", "log")

    def __init__(self, data: dict[str, Slot], list_name: str, index: int, log: ReadLog) -> None:
        super().__init__(data)
        self.list_name = list_name
        self.index = index
        self.log = log

    def get(self, key: str, default: Any = None) -> Any:
        self.log.cells.add((self.list_name, self.index, key))
        return super().get(key, default)

    def __getitem__(self, key: str) -> Slot:
        self.log.cells.add((self.list_name, self.index, key))
        return super().__getitem__(key)


class TrackedLists(dict[str, list[dict[str, Slot]]]):
    """The document's list slots; ``get`` records the list read (or that it does not exist)."""

    __slots__ = ("log",)

    def __init__(self, data: dict[str, list[dict[str, Slot]]], log: ReadLog) -> None:
        super().__init__(data)
        self.log = log

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self.log.lists.add(key)
        else:
            self.log.missing_lists.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> list[dict[str, Slot]]:
        self.log.lists.add(key)
        return super().__getitem__(key)

    def copy(self) -> TrackedLists:
        return TrackedLists(dict(self), self.log)


def tracked(bound: Bound) -> tuple[Bound, ReadLog]:
    """The same bound data, read through recording dicts."""
    log = ReadLog()
    lists: dict[str, list[dict[str, Slot]]] = {
        name: [TrackedRow(row, name, i, log) for i, row in enumerate(rows)] for name, rows in bound.lists.items()
    }
    view = Bound(
        slots=TrackedSlots(bound.slots, log),
        lists=TrackedLists(lists, log),
        flags=bound.flags,
        sheet_name=bound.sheet_name,
        alerts=bound.alerts,
        must_print=bound.must_print,
        optional=bound.optional,
    )
    return view, log


@dataclass(frozen=True, slots=True)
class Unread:
    """A non-empty bound value that no printed box read."""

    where: str  # slot name, or list[index].key
    path: str  # the data path the binding gave it


def unread(bound: Bound, log: ReadLog) -> Iterator[Unread]:
    """Every input value of ``bound`` that the layout did not read.

    Input values are the non-empty ``Value``s that carry a data path: what the user typed.
    Derived text without a path (counts, legends, column captions) may be left out by a
    school's arrangement; the binding may also declare input values optional
    (``Bound.optional``: slot names, list names, or ``list.key``), e.g. the monthly 出欠 rows
    of a 通知表 whose arrangement prints them per 学期 instead.
    """
    optional = bound.optional
    for name, slot in bound.slots.items():
        if name in META_SLOTS or name in log.slots or name in optional:
            continue
        value = as_value(slot)
        if value.text and value.path:
            yield Unread(name, value.path)
    for list_name, rows in bound.lists.items():
        if list_name in optional:
            continue
        for i, row in enumerate(rows):
            for key, slot in row.items():
                if key.startswith("_") or (list_name, i, key) in log.cells or f"{list_name}.{key}" in optional:
                    continue
                value = as_value(slot)
                if value.text and value.path:
                    yield Unread(f"{list_name}[{i}].{key}", value.path)
