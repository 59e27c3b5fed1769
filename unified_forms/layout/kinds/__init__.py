"""One module per primitive kind, one protocol: ``expand(element, frame, bound, out)``.

The compiler dispatches on the element's ``kind``; adding a kind is a spec
class in spec.py, a module here and one line in ``EXPANDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unified_forms.errors import LayoutError
from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.kinds import box, calendar, grid, image, line, table, text

Expander = Callable[[Any, Frame, Bound, PageBuilder], None]

EXPANDERS: dict[str, Expander] = {
    "text": text.expand,
    "box": box.expand,
    "line": line.expand,
    "table": table.expand,
    "grid": grid.expand,
    "calendar": calendar.expand,
    "image": image.expand,
}


def expand(element: Any, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    if not frame.enabled(getattr(element, "when", None), bound.flags):
        return
    out.frame = frame
    before = (len(out.texts), len(out.rules), len(out.fills))
    EXPANDERS[element.kind](element, frame, bound, out)
    if out.paper is not None:
        _check_on_page(out, before, frame)


_TOLERANCE = 0.5  # mm: a rule drawn exactly on the paper edge is on the page


def _check_on_page(out: PageBuilder, before: tuple[int, int, int], frame: Frame) -> None:
    """Everything an element drew lies on the paper: a box placed off the page prints nothing,
    which for a data box is a silent loss (a school's arrangement with ``origin: [5000, 5000]``)."""
    assert out.paper is not None
    page = out.paper
    xs: list[float] = []
    ys: list[float] = []
    for t in out.texts[before[0] :]:
        xs += (t.rect.x, t.rect.right)
        ys += (t.rect.y, t.rect.bottom)
    for r in out.rules[before[1] :]:
        xs += (r.x1, r.x2)
        ys += (r.y1, r.y2)
    for f in out.fills[before[2] :]:
        xs += (f.rect.x, f.rect.right)
        ys += (f.rect.y, f.rect.bottom)
    if not xs:
        return
    if min(xs) < page.x - _TOLERANCE or max(xs) > page.right + _TOLERANCE or min(ys) < page.y - _TOLERANCE or (
        max(ys) > page.bottom + _TOLERANCE
    ):
        raise LayoutError(
            str(frame.file),
            frame.where,
            f"drawn at x {min(xs):g}..{max(xs):g}, y {min(ys):g}..{max(ys):g} mm, outside the "
            f"{page.w:g} x {page.h:g} mm page: nothing placed there would print",
        )
