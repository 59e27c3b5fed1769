"""How wide a grapheme is, in em, fast enough to re-break a 所見 at every trial font size.

Fitting re-breaks the same text many times (bisection over font sizes, ten
thousand 所見 in a batch), so measuring must cost a dictionary lookup, not a
shaping call. A grapheme's advance does not depend on its neighbours in IPAmj
明朝 (no kerning, no contextual forms in horizontal Japanese text), so each
distinct grapheme is shaped once with HarfBuzz and its advance cached.

Widths are in em (= points at a 1 pt font size); callers scale by the size.

The fast path: most Japanese text has no combining marks or selectors, so every
code point is its own grapheme and segmentation (the expensive ``\\X`` regex)
can be skipped. A per-code-point table answers NaN for any code point that
could join a neighbour (Extend, ZWJ, SpacingMark, Prepend, Hangul jamo,
regional indicators, CR); a NaN poisons the running sum. Only then is ``\\X``
run, and only on small windows: from the code point before each run of such
code points to the one after it. Between two code points that cannot join,
UAX #29 always breaks, so the windows' edges are cluster boundaries and the
result is identical to segmenting the whole text (a hypothesis test proves it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING, Protocol

import regex

from unified_forms import caches
from unified_forms.text.graphemes import graphemes

if TYPE_CHECKING:
    from unified_forms.text.font import FontFace

#: The reference character for "one full-width character" in capacities (字).
FULL_WIDTH = "\u3000"

#: The one NaN object the code-point table stores for "may join": found by identity with list.index.
_JOINS = float("nan")

_MAY_JOIN = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=Prepend}"
    r"\p{Grapheme_Cluster_Break=L}\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}"
    r"\p{Grapheme_Cluster_Break=LV}\p{Grapheme_Cluster_Break=LVT}"
    r"\p{Grapheme_Cluster_Break=Regional_Indicator}\p{Grapheme_Cluster_Break=CR}]"
)


class Measurer(Protocol):
    """Advances of grapheme clusters in em (points at 1 pt)."""

    def advance(self, grapheme: str) -> float:
        """Advance of one grapheme cluster, in em."""
        ...

    def segment(self, text: str) -> tuple[Sequence[str], list[float]]:
        """``(clusters, cumulative)``: the grapheme clusters of ``text`` and the running
        sum of their advances, ``cumulative[0] == 0.0`` and ``len(cumulative) == len(clusters) + 1``."""
        ...


class _AdvanceCache(dict[str, float]):
    """grapheme → advance; computes and remembers on first use."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[str], float]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> float:
        value = float(self._compute(key))
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"advance of {key!r} must be a finite non-negative number, got {value!r}")
        self[key] = value
        return value


class _CodePointCache(dict[str, float]):
    """code point → advance, or NaN if the code point may join a neighbouring cluster."""

    __slots__ = ("_advances",)

    def __init__(self, advances: _AdvanceCache) -> None:
        super().__init__()
        self._advances = advances

    def __missing__(self, key: str) -> float:
        value = _JOINS if _MAY_JOIN.match(key) else self._advances[key]
        self[key] = value
        return value


class CachedMeasurer:
    """A :class:`Measurer` over any per-grapheme advance function, with a cache.

    ``advance_em(grapheme)`` is called at most once per distinct grapheme.
    Tests use it with fake advance functions; :func:`font_measurer` with HarfBuzz.
    """

    def __init__(self, advance_em: Callable[[str], float]) -> None:
        self._advances = _AdvanceCache(advance_em)
        self._code_points = _CodePointCache(self._advances)

    def advance(self, grapheme: str) -> float:
        return self._advances[grapheme]

    def segment(self, text: str) -> tuple[Sequence[str], list[float]]:
        lookup = self._code_points.__getitem__
        cumulative = list(accumulate(map(lookup, text), initial=0.0))
        if cumulative[-1] == cumulative[-1]:  # not NaN: every code point is its own cluster
            return text, cumulative
        values = list(map(lookup, text))
        clusters: list[str] = []
        advances: list[float] = []
        n = len(text)
        pos = 0  # text[:pos] is done
        j = values.index(_JOINS)  # identity match: the table stores one NaN object
        while True:
            a = max(j - 1, pos)
            b = j + 2  # window text[a:b]: the code point before the joiner, the joiner, the one after
            while True:  # extend over joiners whose windows overlap this one
                try:
                    j = values.index(_JOINS, b - 1)
                except ValueError:
                    j = n  # no joiner left
                    break
                if j - 1 >= b:
                    break
                b = j + 2
            b = min(b, n)
            clusters.extend(text[pos:a])
            advances.extend(values[pos:a])
            window = graphemes(text[a:b])
            clusters.extend(window)
            advances.extend(map(self._advances.__getitem__, window))
            pos = b
            if j >= n:
                break
        clusters.extend(text[pos:])
        advances.extend(values[pos:])
        return clusters, list(accumulate(advances, initial=0.0))

    def width(self, text: str) -> float:
        """Sum of the advances of the graphemes of ``text``, in em."""
        return self.segment(text)[1][-1]

    @property
    def cached(self) -> int:
        """Number of distinct graphemes measured so far."""
        return len(self._advances)


def shaped_advance_em(grapheme: str, vertical: bool = False, face: FontFace | None = None) -> float:
    """Advance of one grapheme as HarfBuzz shapes it with IPAmj明朝 (``face``), in em.

    This is what prints: a selector the font lacks adds no width (the base is
    printed), a code point the font lacks is measured as the placeholder 〓.
    """
    # imported on first use: measuring with other advance functions (tests, the fake
    # measurers of validation) must not need HarfBuzz or the 46 MB font
    from unified_forms.text.shape import shape

    run = shape(grapheme, vertical=vertical, face=face)
    return abs(run.advance) / run.units_per_em


def font_measurer(face: FontFace | None = None, vertical: bool = False) -> CachedMeasurer:
    """The measurer for ``face`` (default: the current IPAmj明朝), one per face and direction per process."""
    if face is None:
        from unified_forms.text.font import load_font

        face = load_font()
    return _measurer_for(face, vertical)


_MEASURERS: dict[tuple[FontFace, bool], CachedMeasurer] = {}


def _measurer_for(face: FontFace, vertical: bool) -> CachedMeasurer:
    m = _MEASURERS.get((face, vertical))
    if m is None:
        fresh = CachedMeasurer(partial(shaped_advance_em, vertical=vertical, face=face))
        m = _MEASURERS.setdefault((face, vertical), fresh)
    return m


caches.register(
    "text.measure: advance per grapheme",
    size=lambda: sum(m.cached for m in list(_MEASURERS.values())),
    clear=_MEASURERS.clear,
    per_text=False,
)
