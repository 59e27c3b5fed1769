"""Placing one text in one box: choose the size, break lines, compute baselines.

This is where every text of every form is measured and positioned, once.
Renderers receive finished lines; they never re-fit (the silent cut in
Thinreports' ``CannotFit`` and WeasyPrint's draw-time ellipsis is what we avoid).
"""

from __future__ import annotations

from unified_forms.layout.fitbox import FitOutcome, fit_box
from unified_forms.layout.page import Rect, TextBox, TextLine
from unified_forms.layout.spec import TextStyle
from unified_forms.text.shape import shape

PT_TO_MM = 25.4 / 72.0
# IPAmj明朝: ascender 1802 / 2048 em, so the em box of a line sits this far above the baseline
ASCENT = 1802 / 2048


def place_text(
    rect: Rect,
    text: str,
    style: TextStyle,
    *,
    size: float,
    static: bool,
    path: str | None,
) -> tuple[TextBox, FitOutcome]:
    """Fit ``text`` in ``rect`` and position its lines; raises FormDataError if it cannot fit."""
    pad = style.padding
    inner_w = max(rect.w - 2 * pad, 0.5)
    inner_h = max(rect.h - 2 * min(pad, rect.h / 8), 0.5)
    outcome = fit_box(
        text,
        (inner_h, inner_w) if style.vertical else (inner_w, inner_h),
        style.fit,
        size=size,
        vertical=style.vertical,
        path=path,
    )
    lines = _vertical_lines(rect, outcome, style) if style.vertical else _horizontal_lines(rect, outcome, style)
    box = TextBox(
        rect=rect,
        text=text,
        size=outcome.size,
        lines=lines,
        align=style.align,
        valign=style.valign,
        vertical=style.vertical,
        static=static,
        field=path,
    )
    return box, outcome


def _horizontal_lines(rect: Rect, fit: FitOutcome, style: TextStyle) -> tuple[TextLine, ...]:
    size_mm = fit.size * PT_TO_MM
    pitch = size_mm * style.fit.line_height
    n = len(fit.lines)
    block = size_mm + pitch * (n - 1) if n else 0.0
    pad = style.padding
    pad_v = min(pad, rect.h / 8)
    if style.valign == "top":
        top = rect.y + pad_v
    elif style.valign == "bottom":
        top = rect.bottom - pad_v - block
    else:
        top = rect.y + (rect.h - block) / 2
    out: list[TextLine] = []
    for i, line in enumerate(fit.lines):
        run = shape(line)
        spacing = style.letter_spacing * size_mm
        width = run.width_mm(fit.size) + spacing * max(len(run.glyphs) - 1, 0)
        avail = rect.w - 2 * pad
        if style.align == "center":
            x = rect.x + (rect.w - width) / 2
        elif style.align == "right":
            x = rect.right - pad - width
        elif style.align == "distribute" and len(run.glyphs) > 1 and width < avail:
            x = rect.x + pad
            spacing = (avail - width) / (len(run.glyphs) - 1)
        elif style.align == "distribute":
            x = rect.x + (rect.w - width) / 2
        else:
            x = rect.x + pad
        out.append(TextLine(x=x, baseline=top + i * pitch + ASCENT * size_mm, run=run, spacing=spacing))
    return tuple(out)


def _vertical_lines(rect: Rect, fit: FitOutcome, style: TextStyle) -> tuple[TextLine, ...]:
    """Columns run right to left; each column is centred on its x."""
    size_mm = fit.size * PT_TO_MM
    pitch = size_mm * style.fit.line_height
    n = len(fit.lines)
    block_w = size_mm + pitch * (n - 1) if n else 0.0
    right = rect.x + (rect.w + block_w) / 2
    pad = style.padding
    avail = rect.h - 2 * pad
    out: list[TextLine] = []
    for i, line in enumerate(fit.lines):
        run = shape(line, vertical=True)
        length = run.width_mm(fit.size)
        spacing = 0.0
        if style.valign == "top" or style.align == "left":
            y = rect.y + pad
        elif style.valign == "bottom" or style.align == "right":
            y = rect.bottom - pad - length
        elif style.align == "distribute" and len(run.glyphs) > 1 and length < avail:
            y = rect.y + pad
            spacing = (avail - length) / (len(run.glyphs) - 1)
        else:
            y = rect.y + (rect.h - length) / 2
        x = right - size_mm / 2 - i * pitch
        out.append(TextLine(x=x, baseline=y, run=run, spacing=spacing))
    return tuple(out)
