"""Turn free-form page geometry into a spreadsheet grid, without knowing about spreadsheets.

A worksheet can only place things on rows and columns, while the page model
places boxes anywhere in millimetres. Every edge that matters on the page (box
sides, fill sides, rule positions and endpoints) becomes a row or column
boundary, so each box covers a whole block of cells and each rule lies on cell
sides. Edges a hair apart (rounding in the layout, a 0.1 mm inset) are merged
first; otherwise they would produce unusable slivers of columns.

Kept free of openpyxl so the geometry can be tested (and property-tested) on
its own; ``render/xlsx.py`` only turns the result into cells.

Units. Row heights are points: ``pt = mm * 72 / 25.4``. Column widths are in
Excel's "character" unit, defined by the maximum digit width (MDW) of the
workbook's default font. We keep openpyxl's default Normal style (Calibri
11), whose MDW is 7 px at 96 dpi. ECMA-376 Part 1 §18.3.1.13 gives the pixel
width of a column of stored width ``w`` as ``trunc(((256*w + trunc(128/MDW))
/ 256) * MDW)``, i.e. ``px ≈ w * MDW`` (the 5 px cell padding is already
inside the stored value; it only matters when converting from a number of
characters typed in Excel's UI, ``w = trunc((chars*MDW + 5)/MDW*256)/256``).
So ``w = px / 7`` with ``px = mm * 96 / 25.4``. Excel snaps columns to whole
pixels when drawing; the sheet is printed fit-to-page, so that sub-pixel
rounding is the only error left.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from unified_forms.layout.page import Page, Rect, Rule

DEFAULT_TOLERANCE_MM = 0.3
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72.0
PIXELS_PER_INCH = 96.0
MAX_DIGIT_WIDTH_PX = 7.0  # Calibri 11, Excel's default Normal font
WIDTH_QUANTUM = 1.0 / 256.0  # Excel stores widths in 1/256 of a character
MAX_ROW_HEIGHT_PT = 409.0  # Excel refuses taller rows
MAX_COLUMN_WIDTH = 255.0  # Excel refuses wider columns (characters)


def mm_to_points(mm: float) -> float:
    """Row heights: Excel stores them in points."""
    return mm * POINTS_PER_INCH / MM_PER_INCH


def points_to_mm(pt: float) -> float:
    return pt * MM_PER_INCH / POINTS_PER_INCH


def mm_to_column_width(mm: float) -> float:
    """Excel column width (characters of the default font, padding included) for ``mm``."""
    px = mm * PIXELS_PER_INCH / MM_PER_INCH
    width = px / MAX_DIGIT_WIDTH_PX
    return round(width / WIDTH_QUANTUM) * WIDTH_QUANTUM


def column_width_to_mm(width: float) -> float:
    """Inverse of :func:`mm_to_column_width` (before Excel's whole-pixel snapping)."""
    return width * MAX_DIGIT_WIDTH_PX * MM_PER_INCH / PIXELS_PER_INCH


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
        """Excel column widths (see the module docstring for the unit)."""
        return tuple(mm_to_column_width(w) for w in self.column_widths_mm())

    def row_heights(self) -> tuple[float, ...]:
        """Excel row heights in points."""
        return tuple(mm_to_points(h) for h in self.row_heights_mm())

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


def page_edges(page: Page) -> tuple[list[float], list[float]]:
    """Every x and y on ``page`` that has to be a cell boundary."""
    xs: list[float] = []
    ys: list[float] = []

    def add_rect(r: Rect) -> None:
        xs.extend((r.x, r.right))
        ys.extend((r.y, r.bottom))

    for box in page.texts:
        add_rect(box.rect)
        for ruby in box.ruby:
            add_rect(ruby.rect)
    for fill in page.fills:
        add_rect(fill.rect)
    for rule in page.rules:
        rx, ry = rule_edges(rule)
        xs.extend(rx)
        ys.extend(ry)
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


MAX_ROW_MM = points_to_mm(MAX_ROW_HEIGHT_PT) - 0.01
MAX_COLUMN_MM = column_width_to_mm(MAX_COLUMN_WIDTH) - 0.01


def build_grid(page: Page, tolerance: float = DEFAULT_TOLERANCE_MM) -> Grid:
    """The grid of ``page``; an empty page gets one cell the size of the paper."""
    xs, ys = page_edges(page)
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
