"""``text``: a printed label of the form (chrome) or a value from a slot (data)."""

from __future__ import annotations

from unified_forms.layout.bound import Bound, as_value
from unified_forms.layout.build import Frame, PageBuilder
from unified_forms.layout.spec import TextElement


def expand(el: TextElement, frame: Frame, bound: Bound, out: PageBuilder) -> None:
    rect = frame.rect(el.rect)
    if el.text is not None:
        out.text(rect, frame.text(el.text), el.style, static=True, path=None, block="text")
    elif el.slot is not None:
        value = as_value(bound.slots.get(el.slot))
        out.text(
            rect,
            value.text,
            el.style,
            static=False,
            path=value.path or el.slot,
            label=el.label or "",
            ruby=value.ruby,
            ruby_parts=value.ruby_parts,
            typed=value.typed,
            color=value.color,
            block="text",
        )
