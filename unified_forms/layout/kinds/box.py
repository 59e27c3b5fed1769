"""``box``: a ruled rectangle, optionally shaded (label cells, 検印欄)."""

from __future__ import annotations

from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.page import Fill
from unified_forms.layout.spec import BoxElement


def expand(el: BoxElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    rect = frame.rect(el.rect)
    if el.fill is not None:
        out.fills.append(Fill(rect, el.fill))
    out.box(rect, el.width, el.style, el.sides)
