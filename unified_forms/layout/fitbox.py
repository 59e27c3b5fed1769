"""The bridge between a layout's fit policy and the text engine: one call per text box.

Layout code asks "what size and which lines?" and gets an answer that keeps
every character (the lines, plus the rest for a continuation sheet where the
layout allows one), or a FormDataError that names the field, its capacity at
the minimum size and the actual length. Nothing is ever clipped. Measuring,
禁則 line breaking and the size search live in text/ (fit.py, breaking.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from unified_forms import caches
from unified_forms.errors import FormDataError
from unified_forms.layout.spec import FitSpec
from unified_forms.text.fit import FitSpec as EngineSpec
from unified_forms.text.fit import Overflow as EngineOverflow
from unified_forms.text.fit import fit_text
from unified_forms.text.font import FontFace, load_font
from unified_forms.text.measure import font_measurer
from unified_forms.text.shape import shape


@dataclass(frozen=True, slots=True)
class FitOutcome:
    size: float
    lines: tuple[str, ...]
    shrank: bool
    wrapped: bool
    remainder: str = ""  # text that continues on a continuation sheet
    overhang: float = 0.0  # mm a hanging 句読点 (ぶら下げ) reaches past the right edge


_HARD_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
MM_PER_PT = 25.4 / 72.0


# engine specs by the identity of the layout's (immutable) spec, see caches.IdentityMemo
_ENGINE_SPECS: caches.IdentityMemo[FitSpec, EngineSpec] = caches.IdentityMemo(
    "layout.fitbox: engine specs", limit=1024, per_text=False
)


def engine_spec(spec: FitSpec, size: float) -> EngineSpec:
    """The layout's policy in the text engine's terms (memoised per spec object and size).

    In a layout file ``overflow: error`` and ``shrink`` both shrink to
    ``min_size`` first and then fail with the field's capacity (the engine's
    ``shrink``); ``continuation`` hands the rest to a 別紙.
    """
    hit = _ENGINE_SPECS.lookup(spec, (size,))
    return hit if hit is not None else _ENGINE_SPECS.store(spec, (size,), _engine_spec(spec, size))


def _engine_spec(spec: FitSpec, size: float) -> EngineSpec:
    # the layout's "error" shrinks to min_size first, then refuses: the engine's "shrink" (its "error" never shrinks)
    overflow: EngineOverflow = "continuation" if spec.overflow == "continuation" else "shrink"
    return EngineSpec(
        max_size=size,
        min_size=min(spec.min_size, size),
        wrap=spec.wrap or overflow == "continuation",
        max_lines=spec.max_lines,
        line_height=spec.line_height,
        overflow=overflow,
        breaks=spec.breaks,
    )


def fit_box(
    text: str,
    box: tuple[float, float],
    spec: FitSpec,
    *,
    size: float,
    vertical: bool = False,
    path: str | None = None,
    label: str = "",
    allow_continuation: bool = True,
    face: FontFace | None = None,
    cache: bool = True,
) -> FitOutcome:
    """Largest size in [spec.min_size, size] at which ``text`` fits ``box`` (w, h mm; for vertical
    text w is the column length), with 禁則 line breaking; raises FormDataError otherwise.
    ``face``: the current font when the caller has it at hand. ``cache=False``: a data value,
    most likely never seen again (a pupil's address), not worth a cache entry."""
    if not text:
        return FitOutcome(size=size, lines=(), shrank=False, wrapped=False)
    if face is None:
        face = load_font()
    if not vertical and _HARD_BREAKS.isdisjoint(text):
        # most cells: one line that fits at the layout size; the engine would find the same
        run = shape(text, face=face)
        if run.advance / run.units_per_em * size * MM_PER_PT <= box[0] and box[1] >= size * MM_PER_PT:
            return FitOutcome(size=size, lines=(text,), shrank=False, wrapped=False)
    if not cache:
        return _fit(text, box, spec, size, vertical, path, label, allow_continuation, face)
    try:  # the same text in the same box fits the same way: labels, dates, 男/女 repeat on every page
        return _fit_cached(text, box, spec, size, vertical, allow_continuation, face)
    except FormDataError:
        pass  # recomputed below so that the error names this field, not the first one cached
    return _fit(text, box, spec, size, vertical, path, label, allow_continuation, face)


@functools.lru_cache(maxsize=8192)
def _fit_cached(
    text: str,
    box: tuple[float, float],
    spec: FitSpec,
    size: float,
    vertical: bool,
    allow_continuation: bool,
    face: FontFace,  # measuring depends on the font in use
) -> FitOutcome:
    return _fit(text, box, spec, size, vertical, None, "", allow_continuation, face)


caches.register_lru("layout.fitbox: fit per text and box", _fit_cached)


def _fit(
    text: str,
    box: tuple[float, float],
    spec: FitSpec,
    size: float,
    vertical: bool,
    path: str | None,
    label: str,
    allow_continuation: bool,
    face: FontFace | None = None,
) -> FitOutcome:
    result = fit_text(
        text,
        box[0],
        box[1],
        engine_spec(spec, size),
        font_measurer(face, vertical=vertical),
        path or "",
        label=label,
        allow_continuation=allow_continuation,
    )
    return FitOutcome(
        size=result.size_pt,
        lines=tuple(result.texts),
        shrank=result.shrank,
        wrapped=result.wrapped,
        remainder=result.continued,
        overhang=result.overhang_mm,
    )
