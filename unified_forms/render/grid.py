"""Turn free-form page geometry into a spreadsheet grid, without knowing about spreadsheets.

A worksheet can only place things on rows and columns, while the page model
places boxes anywhere in millimetres. Every edge that matters on the page (box
sides, fill sides, rule positions and endpoints) becomes a row or column
boundary, so each box covers a whole block of cells and each rule lies on cell
sides. Edges a hair apart (rounding in the layout, a 0.1 mm inset) are merged
first; otherwise they would produce unusable slivers of columns.

Kept free of openpyxl so the geometry can be tested (and property-tested) on
its own; ``render/xlsx.py`` only turns the result into cells.

Units. Both Excel and LibreOffice lay a sheet out in whole pixels at 96 dpi:
a row height (stored in points) is snapped to a multiple of 0.75 pt, a column
width (stored in "characters") to whole pixels. A width of ``w`` characters is
``w * MDW`` pixels, MDW being the maximum digit width of the workbook's default
font (ECMA-376 Part 1 §18.3.1.13: ``trunc(((256*w + trunc(128/MDW)) / 256) *
MDW)`` px; the 5 px cell padding is already inside the stored value).

The default font is IPAmj明朝 at :data:`BASE_FONT_SIZE` (never Calibri, which
LibreOffice on Linux or a conversion server does not have), and the MDW comes
from IPAmj明朝's own metrics (:func:`max_digit_width_px`). Every boundary is
first placed on the nearest whole pixel from the grid's origin (each row and
column at least one pixel), so the snapping the applications do changes
nothing and the sizes add back up to the page within half a pixel (0.13 mm),
however many rows a form has.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from unified_forms.layout.page import Page, Rect, Rule, TextBox
from unified_forms.text.font import load_font

DEFAULT_TOLERANCE_MM = 0.3
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72.0
PIXELS_PER_INCH = 96.0
POINTS_PER_PIXEL = POINTS_PER_INCH / PIXELS_PER_INCH
# The workbook's default (Normal style) font size. IPAmj明朝's digits advance
# 1266/2048 em: at 8.5 pt that is 7.006 px at 96 dpi, so Excel (GDI rounds the
# 11.33 px em to 11 px: 6.8 -> 7 px) and LibreOffice (105.08 -> 105 twips = 7 px)
# agree on a 7 px digit, and no column moves between them. 8.5 pt also lies
# within the body sizes of the layouts (8 - 10 pt).
BASE_FONT_SIZE = 8.5
MAX_DIGIT_WIDTH_PX = 7.0  # of IPAmj明朝 at BASE_FONT_SIZE; checked by max_digit_width_px()
WIDTH_QUANTUM = 1.0 / 256.0  # Excel stores widths in 1/256 of a character
MAX_ROW_HEIGHT_PT = 409.0  # Excel refuses taller rows
MAX_COLUMN_WIDTH = 255.0  # Excel refuses wider columns (characters)


def mm_to_points(mm: float) -> float:
    """Row heights: Excel stores them in points."""
    return mm * POINTS_PER_INCH / MM_PER_INCH


def points_to_mm(pt: float) -> float:
    return pt * MM_PER_INCH / POINTS_PER_INCH


def max_digit_width_px(size: float = BASE_FONT_SIZE) -> float:
    """Widest of the digits 0-9 of the loaded font (IPAmj明朝) at ``size`` pt, in 96 dpi pixels."""
    font = load_font()
    advances = [font.h_advance(font.glyph_for(ord(d)) or 0) for d in "0123456789"]
    return max(advances) / font.units_per_em * size * PIXELS_PER_INCH / POINTS_PER_INCH


def mm_to_pixels(mm: float) -> float:
    return mm * PIXELS_PER_INCH / MM_PER_INCH


def pixels_to_mm(px: float) -> float:
    return px * MM_PER_INCH / PIXELS_PER_INCH


def pixels_to_column_width(px: int) -> float:
    """The stored column width (characters of the default font, 1/256 steps) that is ``px`` pixels."""
    return round(px / MAX_DIGIT_WIDTH_PX / WIDTH_QUANTUM) * WIDTH_QUANTUM


def column_width_to_pixels(width: float) -> int:
    """ECMA-376's rule: the whole pixels a column of stored width ``width`` is drawn with."""
    mdw = MAX_DIGIT_WIDTH_PX
    return math.trunc(((256 * width + math.trunc(128 / mdw)) / 256) * mdw)


def mm_to_column_width(mm: float) -> float:
    """Excel column width (characters of the default font, padding included) for ``mm``."""
    return pixels_to_column_width(round(mm_to_pixels(mm)))


def column_width_to_mm(width: float) -> float:
    """What a stored column width prints as, after the applications' whole-pixel snapping."""
    return pixels_to_mm(column_width_to_pixels(width))


def snap_to_pixels(edges: tuple[float, ...]) -> tuple[int, ...]:
    """Sizes in whole pixels of the gaps between ``edges`` (mm), each at least 1 px.

    Each boundary goes to the nearest pixel counted from the first edge, so the
    error never accumulates: the n-th boundary is within half a pixel of where
    it should be (more only where sub-pixel gaps had to be widened to 1 px).
    """
    sizes: list[int] = []
    at = 0
    for e in edges[1:]:
        target = round(mm_to_pixels(e - edges[0]))
        size = max(target - at, 1)
        sizes.append(size)
        at += size
    return tuple(sizes)


def mm_to_inches(mm: float) -> float:
    return mm / MM_PER_INCH


def cluster_edges(values: Iterable[float], tolerance: float = DEFAULT_TOLERANCE_MM) -> tuple[float, ...]:
    """Sorted boundaries with values no more than ``tolerance`` apart merged into one.

    A cluster starts at its smallest value and takes every following value
    within ``tolerance`` of that start; its boundary is the midpoint of the
    cluster, so every input value lies within ``tolerance / 2`` of its
    boundary and consecutive boundaries are more than ``tolerance / 2``
    apart (never zero-width columns).
    """
    ordered = sorted(v for v in values if math.isfinite(v))
    edges: list[float] = []
    start: float | None = None
    last = 0.0
    for v in ordered:
        if start is None:
            start = last = v
        elif v - start <= tolerance:
            last = v
        else:
            edges.append((start + last) / 2.0)
            start = last = v
    if start is not None:
        edges.append((start + last) / 2.0)
    return tuple(edges)


@dataclass(frozen=True, slots=True)
class CellSpan:
    """Zero-based, inclusive block of cells: rows ``row0..row1``, columns ``col0..col1``."""

    row0: int
    col0: int
    row1: int
    col1: int

    @property
    def is_single(self) -> bool:
        return self.row0 == self.row1 and self.col0 == self.col1

    @property
    def rows(self) -> range:
        return range(self.row0, self.row1 + 1)

    @property
    def cols(self) -> range:
        return range(self.col0, self.col1 + 1)

    def cells(self) -> Iterable[tuple[int, int]]:
        for r in self.rows:
            for c in self.cols:
                yield r, c

    def overlaps(self, other: CellSpan) -> bool:
        rows_apart = other.row1 < self.row0 or other.row0 > self.row1
        cols_apart = other.col1 < self.col0 or other.col0 > self.col1
        return not (rows_apart or cols_apart)


def _nearest(edges: tuple[float, ...], v: float) -> int:
    i = bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _cell_range(edges: tuple[float, ...], lo: float, hi: float) -> tuple[int, int]:
    """Indices of the first and last cell between boundaries nearest ``lo`` and ``hi``."""
    if len(edges) < 2:
        return 0, 0
    if hi < lo:
        lo, hi = hi, lo
    first = _nearest(edges, lo)
    last = _nearest(edges, hi) - 1
    cells = len(edges) - 1
    first = min(first, cells - 1)
    # a box thinner than the tolerance still gets one cell
    last = max(first, min(last, cells - 1))
    return first, last


@dataclass(frozen=True, slots=True)
class Grid:
    """Row and column boundaries of one page, mm from the page's top-left corner.

    Column ``i`` runs from ``xs[i]`` to ``xs[i + 1]``; row ``j`` from
    ``ys[j]`` to ``ys[j + 1]``. The grid starts at the first edge on the page,
    not at the paper edge: the empty margin is the print setup's business.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    tolerance: float = DEFAULT_TOLERANCE_MM

    @property
    def n_cols(self) -> int:
        return max(len(self.xs) - 1, 1)

    @property
    def n_rows(self) -> int:
        return max(len(self.ys) - 1, 1)

    def column_widths_mm(self) -> tuple[float, ...]:
        return tuple(b - a for a, b in itertools.pairwise(self.xs))

    def row_heights_mm(self) -> tuple[float, ...]:
        return tuple(b - a for a, b in itertools.pairwise(self.ys))

    def column_widths(self) -> tuple[float, ...]:
        """Excel column widths, whole pixels each (see the module docstring for the unit)."""
        return tuple(pixels_to_column_width(px) for px in snap_to_pixels(self.xs))

    def row_heights(self) -> tuple[float, ...]:
        """Excel row heights in points, whole pixels (0.75 pt) each."""
        return tuple(px * POINTS_PER_PIXEL for px in snap_to_pixels(self.ys))

    def col_edge(self, x: float) -> int:
        """Index of the column boundary nearest ``x``."""
        return _nearest(self.xs, x)

    def row_edge(self, y: float) -> int:
        """Index of the row boundary nearest ``y``."""
        return _nearest(self.ys, y)

    def cols_between(self, x1: float, x2: float) -> tuple[int, int]:
        return _cell_range(self.xs, x1, x2)

    def rows_between(self, y1: float, y2: float) -> tuple[int, int]:
        return _cell_range(self.ys, y1, y2)

    def span(self, rect: Rect) -> CellSpan:
        """The block of cells whose boundaries are ``rect``'s edges (within tolerance)."""
        c0, c1 = self.cols_between(rect.x, rect.right)
        r0, r1 = self.rows_between(rect.y, rect.bottom)
        return CellSpan(r0, c0, r1, c1)


def rule_edges(rule: Rule) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x values, y values) a rule contributes to the grid: its endpoints."""
    return (rule.x1, rule.x2), (rule.y1, rule.y2)


ExtraRects = Callable[[TextBox], Iterable[Rect]]


def page_edges(page: Page, extra: ExtraRects | None = None) -> tuple[list[float], list[float]]:
    """Every x and y on ``page`` that has to be a cell boundary (``extra``: more rects per box)."""
    xs: list[float] = []
    ys: list[float] = []

    def add_rect(r: Rect) -> None:
        xs.extend((r.x, r.right))
        ys.extend((r.y, r.bottom))

    for box in page.texts:
        add_rect(box.rect)
        for ruby in box.ruby:
            add_rect(ruby.rect)
        if extra is not None:
            for r in extra(box):
                add_rect(r)
    for fill in page.fills:
        add_rect(fill.rect)
    for rule in page.rules:
        rx, ry = rule_edges(rule)
        xs.extend(rx)
        ys.extend(ry)
    # nothing prints past the paper: a box drawn wider than the page must not widen the sheet
    # (its columns would push the print area off the paper and make fit-to-page shrink it)
    xs = [min(max(x, 0.0), page.width) for x in xs]
    ys = [min(max(y, 0.0), page.height) for y in ys]
    return xs, ys


def split_long_gaps(edges: tuple[float, ...], max_gap: float) -> tuple[float, ...]:
    """``edges`` with evenly spaced boundaries added so that no gap exceeds ``max_gap``.

    Excel has hard limits on one row's height and one column's width; a tall
    free-text box (所見) gets two or more rows, merged again by its span.
    """
    out: list[float] = []
    for a, b in itertools.pairwise(edges):
        out.append(a)
        parts = math.ceil((b - a) / max_gap)
        out.extend(a + (b - a) * k / parts for k in range(1, parts))
    if edges:
        out.append(edges[-1])
    return tuple(out)


# one pixel below the limits, so the whole-pixel snapping can never cross them
MAX_ROW_MM = points_to_mm(MAX_ROW_HEIGHT_PT) - pixels_to_mm(1.5)
MAX_COLUMN_MM = pixels_to_mm(MAX_COLUMN_WIDTH * MAX_DIGIT_WIDTH_PX) - pixels_to_mm(1.5)


def build_grid(page: Page, tolerance: float = DEFAULT_TOLERANCE_MM, extra: ExtraRects | None = None) -> Grid:
    """The grid of ``page``; an empty page gets one cell the size of the paper."""
    xs, ys = page_edges(page, extra)
    gx = cluster_edges(xs, tolerance)
    gy = cluster_edges(ys, tolerance)
    if len(gx) < 2:
        gx = cluster_edges([*gx, 0.0, page.width], tolerance)
    if len(gy) < 2:
        gy = cluster_edges([*gy, 0.0, page.height], tolerance)
    gx = split_long_gaps(gx, MAX_COLUMN_MM)
    gy = split_long_gaps(gy, MAX_ROW_MM)
    return Grid(xs=gx, ys=gy, tolerance=tolerance)


def largest_free_block(span: CellSpan, taken: Collection[tuple[int, int]]) -> CellSpan | None:
    """The largest block inside ``span`` with no cell in ``taken`` (``None`` if every cell is taken).

    Used when boxes overlap (a label inside a bigger box, ふりがな over a name):
    the later box keeps what is left instead of corrupting an existing merge.
    Classic maximal-rectangle-in-a-histogram scan, O(rows × cols); ties go to
    the block that starts highest, then leftmost.
    """
    width = span.col1 - span.col0 + 1
    heights = [0] * width
    best: tuple[int, int, int, int, int] | None = None  # (-area, row0, col0, row1, col1)
    for r in span.rows:
        for i, c in enumerate(span.cols):
            heights[i] = 0 if (r, c) in taken else heights[i] + 1
        stack: list[int] = []  # column indices with increasing heights
        for i in range(width + 1):
            h = heights[i] if i < width else 0
            while stack and heights[stack[-1]] >= h:
                top = stack.pop()
                height = heights[top]
                if height == 0:
                    continue
                left = stack[-1] + 1 if stack else 0
                cand = (-(height * (i - left)), r - height + 1, span.col0 + left, r, span.col0 + i - 1)
                if best is None or cand < best:
                    best = cand
            stack.append(i)
    if best is None:
        return None
    _, r0, c0, r1, c1 = best
    return CellSpan(r0, c0, r1, c1)
