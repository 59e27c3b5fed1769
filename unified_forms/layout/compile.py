"""Layout file + bound data → resolved Document (pages of rules, fills and placed text).

The compiler is generic: it knows the primitive kinds of spec.py (each
expanded by its module in kinds/), not any form. Patterns are expanded at
their placement with their options, list slots are split over pages, and
every text is fitted once (place.py). Errors from every page are collected,
so one render reports every field that does not fit, not just the first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout import kinds
from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.load import load_form_layout, load_pattern, pattern_index
from unified_forms.layout.page import Document, Page, PrintSetup
from unified_forms.layout.spec import FormLayout, OptionSpec, PatternFile, page_size


def resolve_options(pattern: PatternFile, given: dict[str, Any], file: Path, where: str) -> dict[str, Any]:
    """Pattern defaults overlaid with a placement's options, each type-checked."""
    for name in given:
        if name not in pattern.options:
            known = ", ".join(sorted(pattern.options)) or "none"
            raise LayoutError(
                str(file), f"{where}.options.{name}", f"pattern {pattern.pattern} has no option '{name}' ({known})"
            )
    out: dict[str, Any] = {}
    for name, spec in pattern.options.items():
        value = given.get(name, spec.default)
        _check_option(spec, value, file, f"{where}.options.{name}")
        out[name] = value
    return out


def _check_option(spec: OptionSpec, value: Any, file: Path, where: str) -> None:
    if value is None:
        raise LayoutError(str(file), where, "option is required")
    ok = {
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
    }[spec.type]
    if not ok:
        raise LayoutError(str(file), where, f"expected a {spec.type}, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Compiled:
    document: Document
    fits: tuple[tuple[str, FitOutcome], ...]
    alerts: tuple[dict[str, Any], ...] = ()


def _page_bound(layout: FormLayout, bound: Bound, page: int, count: int) -> Bound:
    if layout.paginate is not None:
        return bound.page_view(layout.paginate.source, page, layout.paginate.per_page, count)
    slots = {**bound.slots, "page_no": "1", "page_count": "1", "page_label": "1 / 1"}
    return Bound(slots=slots, lists=bound.lists, flags=bound.flags, sheet_name=bound.sheet_name, alerts=bound.alerts)


def _build_page(layout: FormLayout, layout_file: Path, view: Bound) -> PageBuilder:
    pw, ph = page_size(layout.paper)
    builder = PageBuilder()
    for i, block in enumerate(layout.blocks):
        where = f"blocks[{i}]"
        pattern = load_pattern(block.use, referenced_from=layout_file)
        options = resolve_options(pattern, block.options, layout_file, where)
        pattern_file = pattern_index()[block.use]
        frame = Frame(block.at[0], block.at[1], pw, ph, options, pattern_file, f"{where}.size")
        w = frame.num(pattern.size[0], "w")
        h = frame.num(pattern.size[1], "h")
        if w <= 0:  # stretch to the right margin
            w = pw - layout.paper.margins[1] - block.at[0] + w
        frame.w, frame.h = w, h
        for j, el in enumerate(pattern.elements):
            frame.where = f"elements[{j}] (placed by {layout_file.name} {where})"
            kinds.expand(el, frame, view, builder)
    page_frame = Frame(0.0, 0.0, pw, ph, {}, layout_file, "")
    for j, el in enumerate(layout.elements):
        page_frame.where = f"elements[{j}]"
        kinds.expand(el, page_frame, view, builder)
    return builder


def compile_document(layout_file: Path, bound: Bound, *, form_id: str, title: str | None = None) -> Compiled:
    layout = load_form_layout(layout_file)
    pw, ph = page_size(layout.paper)
    count = 1
    if layout.paginate is not None:
        rows = len(bound.lists.get(layout.paginate.source, []))
        count = max(1, math.ceil(rows / layout.paginate.per_page))
    pages: list[Page] = []
    fits: list[tuple[str, FitOutcome]] = []
    errors: list[ErrorEntry] = []
    for p in range(count):
        builder = _build_page(layout, layout_file, _page_bound(layout, bound, p, count))
        pages.append(builder.page(pw, ph))
        fits.extend(builder.fits)
        errors.extend(builder.errors)
    if errors:
        raise FormDataError(errors, form_id=form_id)
    base = bound.sheet_name or layout.title
    names = tuple(f"{base}_{i + 1}" for i in range(count)) if count > 1 else (base,)
    doc = Document(
        form_id=form_id,
        title=title or layout.title,
        setup=PrintSetup(paper=layout.paper.size, orientation=layout.paper.orientation, margins=layout.paper.margins),
        pages=tuple(pages),
        layout_version=f"{layout.id}@{layout.version}",
        sheet_names=names,
    )
    return Compiled(document=doc, fits=tuple(fits), alerts=tuple(bound.alerts))
