"""Placing one text in one box: choose the size, break lines, compute baselines.

This is where every text of every form is measured and positioned, once.
Renderers receive finished lines; they never re-fit (the silent cut in
Thinreports' ``CannotFit`` and WeasyPrint's draw-time ellipsis is what we avoid).
"""

from __future__ import annotations

import functools
from dataclasses import replace

from unified_forms import caches
from unified_forms.errors import FormDataError
from unified_forms.layout.fitbox import FitOutcome, fit_box
from unified_forms.layout.page import Rect, TextBox, TextLine
from unified_forms.layout.spec import FitSpec, RubySpec, TextStyle
from unified_forms.text.font import FontFace, load_font
from unified_forms.text.shape import ShapedRun, shape

PT_TO_MM = 25.4 / 72.0
MM_PER_PT = PT_TO_MM
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
    label: str = "",
    allow_continuation: bool = True,
    ruby: str | None = None,
    ruby_parts: tuple[tuple[str, str], ...] = (),
    role: str | None = None,
    face: FontFace | None = None,
    try_fast: bool = True,
    block: str | None = None,
) -> tuple[TextBox, FitOutcome]:
    """Fit ``text`` in ``rect`` and position its lines; raises FormDataError if it cannot fit.

    With ``style.ruby`` and a ruby text, the top band of the box holds the
    ふりがな (per part — 姓 over 姓, 名 over 名 — when the parts are known and
    fit, else centred over the whole name) and the text sits below it.
    ``face``: the current font, when the caller already has it (one look-up per page).
    ``try_fast=False``: the caller already knows the one-line fast path does not apply.
    ``block``: recorded on the box (``TextBox.block``), set here rather than by copying the box.
    """
    if face is None:
        face = load_font()
    if try_fast:
        placed = fast_text(rect, text, style, size, static, path, ruby, ruby_parts, face, role, block)
        if placed is not None:
            return placed
    has_ruby = style.ruby is not None and (ruby or any(k for _, k in ruby_parts))
    if has_ruby and not style.vertical:
        assert style.ruby is not None  # has_ruby says so; for the type checker
        band = rect.h * style.ruby.band
        base_rect = Rect(rect.x, rect.y + band, rect.w, rect.h - band)
        box, outcome = place_text(
            base_rect,
            text,
            style.model_copy(update={"ruby": None}),
            size=size,
            static=static,
            path=path,
            label=label,
            role=role,
            face=face,
        )
        ruby_boxes = _place_ruby(
            Rect(rect.x, rect.y, rect.w, band), box, style, style.ruby, ruby, ruby_parts, path, face
        )
        return replace(box, ruby=ruby_boxes), outcome
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
        label=label,
        allow_continuation=allow_continuation,
        face=face,
        cache=static,
    )
    if static:  # a label: the same lines in the same place on every page (cached, the same objects)
        lines = (_vertical_lines if style.vertical else _horizontal_lines)(rect, outcome, style, face)
    elif style.vertical:  # a data value: most likely never seen again, not worth a cache entry
        lines = _vertical_lines.__wrapped__(rect, outcome, style, face)
    else:
        lines = _position_lines(rect, outcome.size, style, tuple(shape(line, face=face) for line in outcome.lines))
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
        wrap=style.fit.wrap,
        role=role,
        block=block,
    )
    return box, outcome


#: False turns the one-line fast path off (tests compare both paths).
FAST_PATH = True


def fast_text(
    rect: Rect,
    text: str,
    style: TextStyle,
    size: float,
    static: bool,
    path: str | None,
    ruby: str | None,
    ruby_parts: tuple[tuple[str, str], ...],
    face: FontFace,
    role: str | None = None,
    block: str | None = None,
) -> tuple[TextBox, FitOutcome] | None:
    """``place_text``'s answer when the one-line fast path applies (a data value, horizontal, no
    ふりがな, one line of independent characters that fits); None otherwise."""
    if static or not FAST_PATH or style.vertical:
        return None
    if style.ruby is not None and (ruby or any(k for _, k in ruby_parts)):
        return None
    return _one_line(rect, text, style, size, path, face, role, block)


def _one_line(
    rect: Rect,
    text: str,
    style: TextStyle,
    size: float,
    path: str | None,
    face: FontFace,
    role: str | None = None,
    block: str | None = None,
) -> tuple[TextBox, FitOutcome] | None:
    """The common box in one pass: one line of independent characters that fits at the layout size.

    What the general path decides for such a text, without its caches: fit_box's
    own shortcut (the width from the characters' advances, no line breaking, no
    size search) and the same line position. None: take the general path.
    """
    table = face.char_table
    total = sum(map(table.advance.__getitem__, text))  # NaN if any character is dependent (newlines too)
    if total != total or not text:
        return None
    pad = style.padding
    h = rect.h
    pad_v = min(pad, h / 8)
    inner_w = max(rect.w - 2 * pad, 0.5)
    inner_h = max(h - 2 * pad_v, 0.5)
    upem = face.units_per_em
    if not (total / upem * size * MM_PER_PT <= inner_w and inner_h >= size * MM_PER_PT):
        return None
    # int(): font units (ints) once no NaN is among them; the run's advance is an int on either path
    run = ShapedRun(text, tuple(map(table.glyph.__getitem__, text)), int(total), upem, False, face.key, True)
    outcome = FitOutcome(size, (text,), False, False)
    align, valign = style.align, style.valign
    if style.letter_spacing or align == "distribute":
        lines = _position_lines(rect, size, style, (run,))
    else:  # _position_lines for one line without spacing, the same arithmetic inline
        size_mm = size * PT_TO_MM
        if valign == "top":
            top = rect.y + pad_v
        elif valign == "bottom":
            top = rect.y + h - pad_v - size_mm
        else:
            top = rect.y + (h - size_mm) / 2
        if align == "center":
            x = rect.x + (rect.w - total / upem * size * 25.4 / 72.0) / 2
        elif align == "right":
            x = rect.x + rect.w - pad - total / upem * size * 25.4 / 72.0
        else:
            x = rect.x + pad
        lines = (TextLine(x, top + ASCENT * size_mm, run, 0.0),)
    # positional: this runs for almost every data value of every page
    box = TextBox(
        rect, text, size, lines, align, valign, False, False, path, (), None, style.fit.wrap, None, role, block=block
    )
    return box, outcome


@functools.lru_cache(maxsize=8192)  # the same label in the same box sits in the same place on every page
def _horizontal_lines(rect: Rect, fit: FitOutcome, style: TextStyle, face: FontFace) -> tuple[TextLine, ...]:
    return _position_lines(rect, fit.size, style, tuple(shape(line, face=face) for line in fit.lines))


def _position_lines(rect: Rect, size: float, style: TextStyle, runs: tuple[ShapedRun, ...]) -> tuple[TextLine, ...]:
    """Pen start and baseline of each horizontal line (one function for the fast and the general path)."""
    size_mm = size * PT_TO_MM
    pitch = size_mm * style.fit.line_height
    n = len(runs)
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
    for i, run in enumerate(runs):
        spacing = style.letter_spacing * size_mm
        width = run.width_mm(size) + spacing * max(len(run.glyphs) - 1, 0)
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


@functools.lru_cache(maxsize=4096)
def _vertical_lines(rect: Rect, fit: FitOutcome, style: TextStyle, face: FontFace) -> tuple[TextLine, ...]:
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
        run = shape(line, vertical=True, face=face)
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


caches.register_lru("layout.place: horizontal lines per text and box", _horizontal_lines)
caches.register_lru("layout.place: vertical lines per text and box", _vertical_lines)


def _place_ruby(
    band: Rect,
    base: TextBox,
    style: TextStyle,
    spec: RubySpec,
    whole: str | None,
    parts: tuple[tuple[str, str], ...],
    path: str | None,
    face: FontFace,
) -> tuple[TextBox, ...]:
    ruby_path = f"{path}（ふりがな）" if path else None
    ruby_style = _ruby_style(spec.size, spec.min_size)
    if spec.per_part and parts and len(base.lines) == 1:
        try:
            return _per_part(band, base, parts, ruby_style, ruby_path, face)
        except FormDataError:
            pass  # a part's kana is wider than its room: fall back to one ruby over the whole name
    kana = whole if whole else "\u3000".join(k for _, k in parts if k)
    if base.lines:
        line = base.lines[0]
        width = line.run.width_mm(base.size) + line.spacing * max(len(line.run.glyphs) - 1, 0)
        centre = line.x + width / 2
    else:
        centre = band.x + band.w / 2
    half = min(centre - band.x, band.right - centre)
    room = Rect(centre - half, band.y, 2 * half, band.h)
    if kana and half * 2 < band.w * 0.6:  # text near an edge: use the whole band rather than squeeze
        room = band
    box, _ = place_text(room, kana, ruby_style, size=spec.size, static=False, path=ruby_path, face=face)
    return (box,)


@functools.lru_cache(maxsize=64)
def _ruby_style(size: float, min_size: float) -> TextStyle:
    return TextStyle(size=size, align="center", valign="bottom", padding=0.2, fit=FitSpec(min_size=min_size))


def _per_part(
    band: Rect,
    base: TextBox,
    parts: tuple[tuple[str, str], ...],
    style: TextStyle,
    path: str | None,
    face: FontFace,
) -> tuple[TextBox, ...]:
    """Each part's kana centred over that part, in the room between its neighbours."""
    line = base.lines[0]
    extents: list[tuple[float, float]] = []
    x = line.x
    for part, _ in parts:
        run = shape(part, face=face)
        w = run.width_mm(base.size) + line.spacing * len(run.glyphs)
        extents.append((x, x + w))
        x += w
    boxes: list[TextBox] = []
    for i, ((_, kana), (x0, x1)) in enumerate(zip(parts, extents, strict=True)):
        if not kana:
            continue
        left = band.x if i == 0 else (extents[i - 1][1] + x0) / 2
        right = band.right if i == len(parts) - 1 else (x1 + extents[i + 1][0]) / 2
        centre = (x0 + x1) / 2
        half = min(centre - left, right - centre)
        room = Rect(centre - half, band.y, 2 * half, band.h)
        box, _ = place_text(room, kana, style, size=float(style.size), static=False, path=path, face=face)
        boxes.append(box)
    return tuple(boxes)
