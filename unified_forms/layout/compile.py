"""Layout file + bound data → resolved Document (pages of rules, fills and placed text).

The compiler is generic: it knows the primitive kinds of spec.py (each
expanded by its module in kinds/), not any form. Patterns are expanded at
their placement with their options, list slots are split over pages, and
every text is fitted once (place.py). Errors from every page are collected,
so one render reports every field that does not fit, not just the first.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout import kinds
from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Continued, Frame, PageBuilder
from unified_forms.layout.continuation import continuation_pages
from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.load import load_form_layout, load_pattern, pattern_index
from unified_forms.layout.page import Document, Page, PrintSetup, Rect
from unified_forms.layout.spec import FormLayout, OptionSpec, Panel, PatternFile, Placement, page_size
from unified_forms.layout.tracking import META_SLOTS, ReadLog, tracked, unread


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
    slots = bound.slots.copy()
    slots.update({"page_no": "1", "page_count": "1", "page_label": "1 / 1"})
    return Bound(
        slots=slots,
        lists=bound.lists,
        flags=bound.flags,
        sheet_name=bound.sheet_name,
        alerts=bound.alerts,
        optional=bound.optional,
    )


def _panel_rects(panels: tuple[Panel, ...]) -> dict[str, Rect]:
    return {p.name: Rect(*p.rect) for p in panels}


def _build_page(
    layout: FormLayout,
    layout_file: Path,
    view: Bound,
    design: tuple[tuple[Placement, ...], tuple[Any, ...], tuple[Panel, ...]],
    prefix: str = "",
) -> PageBuilder:
    """One page: every block expanded in its panel, then the page-level elements.

    Before anything is drawn each block's rectangle is checked against its panel (or the
    page) and against the blocks already placed, so a school's own arrangement file that
    overlaps or overflows is rejected with the entry that does it.
    """
    blocks, elements, panels = design
    pw, ph = page_size(layout.paper)
    page_rect = Rect(0.0, 0.0, pw, ph)
    areas = _panel_rects(panels)
    builder = PageBuilder(paper=page_rect, text_role=layout.text_role, layout_file=layout_file)
    placed: list[tuple[str, Rect]] = []
    for i, block in enumerate(blocks):
        where = f"{prefix}blocks[{i}]"
        if not block_enabled(block, view.flags):
            continue
        pattern = load_pattern(block.use, referenced_from=layout_file)
        options = resolve_options(pattern, block.options, layout_file, where)
        pattern_file = pattern_index()[block.use]
        if block.panel is not None:
            if block.panel not in areas:
                known = ", ".join(areas) or "none"
                raise LayoutError(str(layout_file), f"{where}.panel", f"unknown panel '{block.panel}' ({known})")
            area = areas[block.panel]
            right = area.right
        else:
            area = page_rect
            right = pw - layout.paper.margins[1]
        x, y = area.x + block.at[0], area.y + block.at[1]
        frame = Frame(x, y, pw, ph, options, pattern_file, f"{where}.size")
        size = block.size if block.size is not None else pattern.size
        w = frame.num(size[0], "w")
        h = frame.num(size[1], "h")
        if w <= 0:  # stretch to the right edge of the panel (or the right margin)
            w = right - x + w
        rect = Rect(x, y, w, h)
        _check_block(rect, area, block.panel, placed, layout_file, where)
        placed.append((where, rect))
        frame.w, frame.h = w, h
        for j, el in enumerate(pattern.elements):
            frame.where = f"elements[{j}] (placed by {layout_file.name} {where})"
            kinds.expand(el, frame, view, builder)
    page_frame = Frame(0.0, 0.0, pw, ph, {}, layout_file, "")
    for j, el in enumerate(elements):
        page_frame.where = f"{prefix}elements[{j}]"
        kinds.expand(el, page_frame, view, builder)
    return builder


def block_enabled(block: Placement, flags: frozenset[str]) -> bool:
    """A placement's ``when``: every listed flag set, or not set for ``!flag``."""
    if block.when is None:
        return True
    conditions = (block.when,) if isinstance(block.when, str) else block.when
    return all((c[1:] not in flags) if c.startswith("!") else (c in flags) for c in conditions)


_EPS = 0.01


def _check_block(
    rect: Rect, area: Rect, panel: str | None, placed: list[tuple[str, Rect]], file: Path, where: str
) -> None:
    if rect.w <= 0 or rect.h <= 0:
        raise LayoutError(str(file), where, f"block size {rect.w:g} x {rect.h:g} mm is empty")
    inside = (
        rect.x >= area.x - _EPS
        and rect.y >= area.y - _EPS
        and rect.right <= area.right + _EPS
        and rect.bottom <= area.bottom + _EPS
    )
    if not inside:
        what = f"panel '{panel}'" if panel else "the page"
        raise LayoutError(
            str(file),
            where,
            f"block ({rect.x:g}, {rect.y:g}, {rect.w:g} x {rect.h:g} mm) extends outside {what} "
            f"({area.x:g}, {area.y:g}, {area.w:g} x {area.h:g} mm)",
        )
    for other, r in placed:
        if (
            rect.x < r.right - _EPS
            and r.x < rect.right - _EPS
            and rect.y < r.bottom - _EPS
            and r.y < rect.bottom - _EPS
        ):
            raise LayoutError(str(file), where, f"block overlaps {other}")


def _check_reads(layout_file: Path, bound: Bound, log: ReadLog) -> None:
    """Every slot a layout read exists, and every value the binding gave was read (tracking.py)."""
    missing = sorted(log.missing_slots - META_SLOTS) + sorted(log.missing_lists)
    if missing:
        name = missing[0]
        known = sorted(set(bound.slots) | set(bound.lists))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = f"the binding provides no slot or list '{name}'{hint}; it provides: {', '.join(known)}"
        raise LayoutError(str(layout_file), name, message)
    read = log.slots | log.lists
    lost: list[tuple[str, str]] = []  # (where, data path)
    for name, (path, label) in bound.must_print.items():  # "a|b": either box will do
        if not any(alternative in read for alternative in name.split("|")):
            lost.append((path, f"{path}（{label}）"))
    groups = tuple(path for path, _ in lost)
    lost += [(u.where, u.path) for u in unread(bound, log) if not u.path.startswith(_children_of(groups))]
    if lost:
        shown = "、".join(text for _, text in lost[:8]) + (f" ほか{len(lost) - 8}件" if len(lost) > 8 else "")
        raise LayoutError(
            str(layout_file),
            lost[0][0],
            f"入力の次の項目を印字する欄がこの様式にありません（印字されずに消えます）: {shown}",
            paths=tuple(dict.fromkeys(text.partition("（")[0] for _, text in lost)),
        )


def _children_of(paths: tuple[str, ...]) -> tuple[str, ...]:
    """Prefixes of the data paths inside each path (``comments`` → ``comments[``, ``comments.``)."""
    return tuple(p + sep for p in paths for sep in ("[", ".")) or ("\0",)


def compile_document(layout_file: Path, bound: Bound, *, form_id: str, title: str | None = None) -> Compiled:
    layout = load_form_layout(layout_file)
    bound, log = tracked(bound)
    pw, ph = page_size(layout.paper)
    pages: list[Page] = []
    fits: list[tuple[str, FitOutcome]] = []
    errors: list[ErrorEntry] = []
    continued: list[Continued] = []
    if layout.pages:  # several distinct pages (e.g. both sides of a folded A3 通知表)
        chosen = [(k, p) for k, p in enumerate(layout.pages) if p.when is None or p.when in bound.flags]
        for k, spec in chosen:
            view = _page_bound(layout, bound, 0, 1)
            design = (spec.blocks, spec.elements, spec.panels)
            builder = _build_page(layout, layout_file, view, design, prefix=f"pages[{k}].")
            pages.append(builder.page(pw, ph))
            fits.extend(builder.fits)
            errors.extend(builder.errors)
            continued.extend(builder.continued)
        names = tuple(spec.name for _, spec in chosen)
    else:
        count = 1
        if layout.paginate is not None:
            rows = len(bound.lists.get(layout.paginate.source, []))
            count = max(1, math.ceil(rows / layout.paginate.per_page))
        for p in range(count):
            design = (layout.blocks, layout.elements, ())
            builder = _build_page(layout, layout_file, _page_bound(layout, bound, p, count), design)
            pages.append(builder.page(pw, ph))
            fits.extend(builder.fits)
            errors.extend(builder.errors)
            continued.extend(builder.continued)
        base = bound.sheet_name or layout.title
        names = tuple(f"{base}_{i + 1}" for i in range(count)) if count > 1 else (base,)
    if errors:
        raise FormDataError(errors, form_id=form_id)
    _check_reads(layout_file, bound, log)
    if continued:
        extra, extra_fits = continuation_pages(continued, bound, layout.title, pw, ph)
        pages.extend(extra)
        fits.extend(extra_fits)
        names = names + tuple(f"別紙{i + 1}" for i in range(len(extra)))
    doc = Document(
        form_id=form_id,
        title=title or layout.title,
        setup=PrintSetup(paper=layout.paper.size, orientation=layout.paper.orientation, margins=layout.paper.margins),
        pages=tuple(pages),
        layout_version=f"{layout.id}@{layout.version}",
        sheet_names=names,
    )
    return Compiled(document=doc, fits=tuple(fits), alerts=tuple(bound.alerts))
