"""``line``: a single rule; negative x counts from the frame's right edge like rects."""

from __future__ import annotations

from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import Rule
from unified_forms.layout.spec import LineElement


def expand(el: LineElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    x1, y1, x2, y2 = (frame.num(v, "points") for v in el.points)
    x1, x2 = (frame.w + v if v < 0 else v for v in (x1, x2))
    out.rules.append(Rule(frame.x + x1, frame.y + y1, frame.x + x2, frame.y + y2, el.width, el.style))
