"""What a form binding hands to the layout compiler: printable values keyed by slot.

Bindings turn a validated model into strings that are already formatted for
print (和暦, 「3年1組」, counts) and remember each value's data path, so that a
text that cannot fit is reported against the field the user typed, not
against a layout slot name they have never seen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from unified_forms.layout.page import Formula, FormulaKind, Typed, wareki_format


@dataclass(frozen=True, slots=True)
class Value:
    text: str
    path: str | None = None  # data path, e.g. "students[3].name"
    ruby: str | None = None  # ふりがな of the whole text, where the layout asks for ruby
    # per-part ruby: (base, kana) pairs whose bases concatenate to ``text`` (姓, 全角空白, 名)
    ruby_parts: tuple[tuple[str, str], ...] = ()
    # the number / date / formula a spreadsheet cell holds for ``text`` (the PDF prints ``text``)
    typed: Typed | None = None
    # "RRGGBB": print the text in this colour (朱点 in red); a mark beside it must carry the
    # meaning too, because the page may be copied in monochrome
    color: str | None = None


Slot = Value | str
Row = dict[str, Slot]  # one row of a list slot: column key → value


def number_value(text: str, number: int | float | None, path: str | None, **typed: Any) -> Value:
    """A printed number that a spreadsheet holds as a number (``typed``: number_format, mark)."""
    return Value(text, path, typed=Typed(value=number, **typed))


def date_value(text: str, date: dt.date | None, path: str | None, prefix: str = "", suffix: str = "") -> Value:
    """A printed date (和暦) that a spreadsheet holds as a date; ``prefix``/``suffix`` are the
    words printed around it in the same box (「記載日」, 「現在」), kept in the number format."""
    if date is None:
        return Value(text, path)
    return Value(text, path, typed=Typed(value=date, number_format=wareki_format(prefix, suffix)))


def formula_value(
    text: str,
    kind: FormulaKind,
    paths: tuple[str, ...],
    value: int | float | None,
    path: str | None = None,
    *,
    decimals: int | None = None,
    require_all: bool = False,
    number_format: str | None = None,
) -> Value:
    """A printed total or average that a spreadsheet recomputes from the cells of ``paths``."""
    formula = Formula(kind, paths, decimals=decimals, require_all=require_all)
    return Value(text, path, typed=Typed(value=value, number_format=number_format, formula=formula))


def as_value(slot: Slot | None) -> Value:
    if slot is None:
        return Value("")
    return slot if isinstance(slot, Value) else Value(slot)


@dataclass(slots=True)
class Bound:
    """Slots of one document. ``lists`` hold the rows of tables; ``flags`` switch optional parts."""

    slots: dict[str, Slot] = field(default_factory=dict)
    lists: dict[str, list[dict[str, Slot]]] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    sheet_name: str | None = None
    # notices for the render report (e.g. 連続欠席 alerts); never block rendering
    alerts: list[dict[str, Any]] = field(default_factory=list)
    # slot or list name → (data path, Japanese label): data the layout must have a box for
    must_print: dict[str, tuple[str, str]] = field(default_factory=dict)
    # values a layout may leave unprinted: slot names, list names, or "list.key" (e.g. the
    # monthly 出欠 rows of a 通知表 that one arrangement prints per 学期 instead); any other
    # non-empty value that no box reads is refused by the compiler (layout/tracking.py)
    optional: frozenset[str] = frozenset()

    def slot(self, name: str) -> Value:
        return as_value(self.slots.get(name))

    def page_view(self, source: str, page: int, per_page: int, page_count: int) -> Bound:
        rows = self.lists.get(source, [])
        view = self.lists.copy()  # a copy keeps the compiler's read tracking (layout/tracking.py)
        view[source] = rows[page * per_page : (page + 1) * per_page]
        slots = self.slots.copy()
        slots["page_no"] = str(page + 1)
        slots["page_count"] = str(page_count)
        slots["page_label"] = f"{page + 1} / {page_count}"
        return Bound(
            slots=slots,
            lists=view,
            flags=self.flags,
            sheet_name=self.sheet_name,
            alerts=self.alerts,
            must_print=self.must_print,
            optional=self.optional,
        )
