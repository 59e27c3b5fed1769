"""``table``: header row + a fixed number of body rows filled from a list slot.

Blank rows are printed too (a paper roster has room for late arrivals); more
rows than the table holds is a layout/pagination bug, reported as such.
"""

from __future__ import annotations

from unified_forms.errors import LayoutError
from unified_forms.layout.bound import Bound, as_value
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import Fill, Rect, Rule
from unified_forms.layout.spec import Column, TableElement


def column_widths(columns: list[Column], total: float, frame: Frame) -> list[float]:
    """Fixed widths as given; columns without a width share what is left equally."""
    fixed = sum(c.width for c in columns if c.width is not None)
    flex = [c for c in columns if c.width is None]
    rest = total - fixed
    if rest < -0.01 or (flex and rest <= 0):
        raise LayoutError(str(frame.file), frame.where, f"table columns need {fixed:g} mm but only {total:g} mm fit")
    share = rest / len(flex) if flex else 0.0
    return [c.width if c.width is not None else share for c in columns]


def expand(el: TableElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    ox, oy = (frame.num(v, "origin") for v in el.origin)
    x0, y0 = frame.x + ox, frame.y + oy
    total = frame.num(el.width, "width")
    if total <= 0:
        total = frame.w - ox + total
    columns = [c for c in el.columns if frame.enabled(c.when, bound.flags)]
    widths = column_widths(columns, total, frame)
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
        out.text(Rect(x, y0, cw, el.header_height), col.label, col.header_style, static=True, path=None, block="header")
        x += cw
    rows = bound.lists.get(el.source, [])
    if len(rows) > el.rows:
        raise LayoutError(str(frame.file), frame.where, f"{len(rows)} rows given for a table of {el.rows}")
    for r, row in enumerate(rows):
        y = y0 + el.header_height + r * el.row_height
        x = x0
        for col, cw in zip(columns, widths, strict=True):
            value = as_value(row.get(col.key))
            out.text(
                Rect(x, y, cw, el.row_height),
                value.text,
                col.style,
                static=False,
                path=value.path,
                label=col.label,
                ruby=value.ruby,
                ruby_parts=value.ruby_parts,
                typed=value.typed,
                block=f"column {col.key}",
            )
            x += cw
