"""Layout file + bound data → resolved Document (pages of rules, fills and placed text).

The compiler is generic: it knows the primitive kinds of spec.py, not any
form. Patterns are expanded at their placement with their options, list
slots are split over pages, and every text is fitted once (place.py).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.bound import Bound, as_value
from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.load import layouts_dir, load_form_layout, load_pattern
from unified_forms.layout.page import Document, Fill, Page, PrintSetup, Rect, Rule, TextBox
from unified_forms.layout.place import place_text
from unified_forms.layout.spec import (
    BoxElement,
    Element,
    FormLayout,
    LineElement,
    Number,
    OptionSpec,
    PatternFile,
    TableElement,
    TextElement,
    page_size,
)


@dataclass(slots=True)
class _Frame:
    """Where an element list is being expanded: origin, size, options, the file for errors."""

    x: float
    y: float
    w: float
    h: float
    options: dict[str, Any]
    file: Path
    where: str

    def num(self, value: Number, what: str) -> float:
        if isinstance(value, str):
            if not value.startswith("$") or value[1:] not in self.options:
                raise LayoutError(str(self.file), f"{self.where}.{what}", f"'{value}' is not a known option")
            got = self.options[value[1:]]
            if not isinstance(got, int | float) or isinstance(got, bool):
                raise LayoutError(str(self.file), f"{self.where}.{what}", f"option '{value}' is not a number")
            return float(got)
        return float(value)

    def rect(self, r: tuple[Number, Number, Number, Number], what: str = "rect") -> Rect:
        x, y, w, h = (self.num(v, what) for v in r)
        if x < 0:
            x = self.w + x
        if w <= 0:
            w = self.w - x + w
        return Rect(self.x + x, self.y + y, w, h)

    def enabled(self, when: str | None, flags: frozenset[str]) -> bool:
        if when is None:
            return True
        if when in self.options:
            return bool(self.options[when])
        return when in flags


@dataclass(slots=True)
class _PageBuilder:
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    texts: list[TextBox] = field(default_factory=list)
    fits: list[tuple[str, FitOutcome]] = field(default_factory=list)
    errors: list[ErrorEntry] = field(default_factory=list)

    def text(self, rect: Rect, text: str, el_style: Any, *, static: bool, path: str | None) -> None:
        if not text:
            return
        size = float(el_style.size) if not isinstance(el_style.size, str) else 10.0
        try:
            box, outcome = place_text(rect, text, el_style, size=size, static=static, path=path)
        except FormDataError as exc:
            self.errors.extend(exc.errors)
            return
        self.texts.append(box)
        if path:
            self.fits.append((path, outcome))

    def box(self, r: Rect, width: float, style: Any, sides: str = "tblr", static: bool = True) -> None:
        if "t" in sides:
            self.rules.append(Rule(r.x, r.y, r.right, r.y, width, style, static))
        if "b" in sides:
            self.rules.append(Rule(r.x, r.bottom, r.right, r.bottom, width, style, static))
        if "l" in sides:
            self.rules.append(Rule(r.x, r.y, r.x, r.bottom, width, style, static))
        if "r" in sides:
            self.rules.append(Rule(r.right, r.y, r.right, r.bottom, width, style, static))

    def page(self, w: float, h: float) -> Page:
        digest = hashlib.sha256()
        for rule in self.rules:
            digest.update(repr(rule).encode())
        for fill in self.fills:
            digest.update(repr(fill).encode())
        for t in self.texts:
            if t.static:
                digest.update(repr((t.rect, t.text, t.size, t.align, t.vertical)).encode())
        return Page(
            width=w,
            height=h,
            rules=tuple(self.rules),
            fills=tuple(self.fills),
            texts=tuple(self.texts),
            template_key=digest.hexdigest()[:16],
        )


def resolve_options(pattern: PatternFile, given: dict[str, Any], file: Path, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in given:
        if name not in pattern.options:
            known = ", ".join(sorted(pattern.options)) or "none"
            raise LayoutError(
                str(file), f"{where}.options.{name}", f"pattern {pattern.pattern} has no option '{name}' ({known})"
            )
    for name, spec in pattern.options.items():
        value = given.get(name, spec.default)
        _check_option(spec, value, file, f"{where}.options.{name}")
        out[name] = value
    return out


def _check_option(spec: OptionSpec, value: Any, file: Path, where: str) -> None:
    ok = {
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
    }[spec.type]
    if value is None:
        raise LayoutError(str(file), where, "option is required")
    if not ok:
        raise LayoutError(str(file), where, f"expected a {spec.type}, got {type(value).__name__}")


def _expand(el: Element, frame: _Frame, bound: Bound, out: _PageBuilder) -> None:
    if not frame.enabled(el.when, bound.flags):
        return
    if isinstance(el, TextElement):
        rect = frame.rect(el.rect)
        if el.text is not None:
            text = el.text
            if text.startswith("$") and text[1:] in frame.options:
                text = str(frame.options[text[1:]])
            out.text(rect, text, el.style, static=True, path=None)
        elif el.slot is not None:
            value = as_value(bound.slots.get(el.slot))
            out.text(rect, value.text, el.style, static=False, path=value.path or el.slot)
    elif isinstance(el, BoxElement):
        rect = frame.rect(el.rect)
        if el.fill is not None:
            out.fills.append(Fill(rect, el.fill))
        out.box(rect, el.width, el.style, el.sides)
    elif isinstance(el, LineElement):
        x1, y1, x2, y2 = (frame.num(v, "points") for v in el.points)
        x1, x2 = (frame.w + v if v < 0 else v for v in (x1, x2))
        out.rules.append(Rule(frame.x + x1, frame.y + y1, frame.x + x2, frame.y + y2, el.width, el.style))
    elif isinstance(el, TableElement):
        _expand_table(el, frame, bound, out)


def _column_widths(el: TableElement, columns: list[Any], total: float, frame: _Frame) -> list[float]:
    fixed = sum(c.width for c in columns if c.width is not None)
    flex = [c for c in columns if c.width is None]
    rest = total - fixed
    if rest < -0.01 or (flex and rest <= 0):
        raise LayoutError(str(frame.file), frame.where, f"table columns need {fixed:g} mm but only {total:g} mm fit")
    share = rest / len(flex) if flex else 0.0
    return [c.width if c.width is not None else share for c in columns]


def _expand_table(el: TableElement, frame: _Frame, bound: Bound, out: _PageBuilder) -> None:
    ox, oy = (frame.num(v, "origin") for v in el.origin)
    x0, y0 = frame.x + ox, frame.y + oy
    total = frame.num(el.width, "width")
    if total <= 0:
        total = frame.w - ox + total
    columns = [c for c in el.columns if c.when is None or c.when in bound.flags or bool(frame.options.get(c.when))]
    widths = _column_widths(el, columns, total, frame)
    height = el.header_height + el.rows * el.row_height
    if el.header_fill is not None:
        out.fills.append(Fill(Rect(x0, y0, total, el.header_height), el.header_fill))
    out.box(Rect(x0, y0, total, height), el.outer_width, "solid")
    out.rules.append(Rule(x0, y0 + el.header_height, x0 + total, y0 + el.header_height, el.outer_width * 0.75))
    for r in range(1, el.rows):
        y = y0 + el.header_height + r * el.row_height
        w = el.inner_width * 1.8 if el.every and r % el.every == 0 else el.inner_width
        out.rules.append(Rule(x0, y, x0 + total, y, w))
    x = x0
    for i, (col, cw) in enumerate(zip(columns, widths, strict=True)):
        if i:
            out.rules.append(Rule(x, y0, x, y0 + height, el.inner_width))
        out.text(Rect(x, y0, cw, el.header_height), col.label, col.header_style, static=True, path=None)
        x += cw
    rows = bound.lists.get(el.source, [])
    if len(rows) > el.rows:
        raise LayoutError(str(frame.file), frame.where, f"{len(rows)} rows given for a table of {el.rows}")
    for r, row in enumerate(rows):
        y = y0 + el.header_height + r * el.row_height
        x = x0
        for col, cw in zip(columns, widths, strict=True):
            value = as_value(row.get(col.key))
            out.text(Rect(x, y, cw, el.row_height), value.text, col.style, static=False, path=value.path)
            x += cw


@dataclass(frozen=True, slots=True)
class Compiled:
    document: Document
    fits: tuple[tuple[str, FitOutcome], ...]


def layout_path(form_id: str, variant: str | None = None) -> Path:
    name = f"{form_id}.yaml" if not variant else f"{form_id}.{variant}.yaml"
    return layouts_dir() / "forms" / name


def compile_document(layout_file: Path, bound: Bound, *, form_id: str, title: str | None = None) -> Compiled:
    layout: FormLayout = load_form_layout(layout_file)
    pw, ph = page_size(layout.paper)
    count = 1
    if layout.paginate is not None:
        rows = len(bound.lists.get(layout.paginate.source, []))
        count = max(1, math.ceil(rows / layout.paginate.per_page))
    pages: list[Page] = []
    fits: list[tuple[str, FitOutcome]] = []
    errors: list[ErrorEntry] = []
    for p in range(count):
        view = bound
        if layout.paginate is not None:
            view = bound.page_view(layout.paginate.source, p, layout.paginate.per_page, count)
        else:
            view = Bound(
                slots={**bound.slots, "page_no": "1", "page_count": "1", "page_label": "1 / 1"},
                lists=bound.lists,
                flags=bound.flags,
                sheet_name=bound.sheet_name,
            )
        builder = _PageBuilder()
        for i, block in enumerate(layout.blocks):
            where = f"blocks[{i}]"
            pattern = load_pattern(block.use, referenced_from=layout_file)
            options = resolve_options(pattern, block.options, layout_file, where)
            pat_file = _pattern_file(block.use)
            probe = _Frame(block.at[0], block.at[1], pw, ph, options, pat_file, "size")
            w = probe.num(pattern.size[0], "size")
            h = probe.num(pattern.size[1], "size")
            if w <= 0:
                w = pw - layout.paper.margins[1] - block.at[0] + w
            frame = _Frame(block.at[0], block.at[1], w, h, options, pat_file, "")
            for j, el in enumerate(pattern.elements):
                frame.where = f"elements[{j}] (placed by {layout_file.name} {where})"
                _expand(el, frame, view, builder)
        page_frame = _Frame(0.0, 0.0, pw, ph, {}, layout_file, "")
        for j, el in enumerate(layout.elements):
            page_frame.where = f"elements[{j}]"
            _expand(el, page_frame, view, builder)
        pages.append(builder.page(pw, ph))
        fits.extend(builder.fits)
        errors.extend(builder.errors)
    if errors:
        raise FormDataError(errors, form_id=form_id)
    setup = PrintSetup(paper=layout.paper.size, orientation=layout.paper.orientation, margins=layout.paper.margins)
    names = tuple(
        f"{bound.sheet_name or layout.title}_{i + 1}" if count > 1 else (bound.sheet_name or layout.title)
        for i in range(count)
    )
    doc = Document(
        form_id=form_id,
        title=title or layout.title,
        setup=setup,
        pages=tuple(pages),
        layout_version=f"{layout.id}@{layout.version}",
        sheet_names=names,
    )
    return Compiled(document=doc, fits=tuple(fits))


def _pattern_file(name: str) -> Path:
    from unified_forms.layout.load import pattern_index

    return pattern_index()[name]
