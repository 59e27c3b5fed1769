"""One module per primitive kind, one protocol: ``expand(element, frame, bound, out)``.

The compiler dispatches on the element's ``kind``; adding a kind is a spec
class in spec.py, a module here and one line in ``EXPANDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.kinds import box, calendar, grid, line, table, text

Expander = Callable[[Any, Frame, Bound, PageBuilder], None]

EXPANDERS: dict[str, Expander] = {
    "text": text.expand,
    "box": box.expand,
    "line": line.expand,
    "table": table.expand,
    "grid": grid.expand,
    "calendar": calendar.expand,
}


def expand(element: Any, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    if not frame.enabled(getattr(element, "when", None), bound.flags):
        return
    out.frame = frame
    EXPANDERS[element.kind](element, frame, bound, out)
