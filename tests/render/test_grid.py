"""Geometry of the spreadsheet grid: boxes land on whole cells, sizes add back up to the page."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.layout.page import Fill, Page, Rect, Rule, TextBox
from unified_forms.render import grid as grid_module
from unified_forms.render.grid import (
    BASE_FONT_SIZE,
    DEFAULT_TOLERANCE_MM,
    MAX_DIGIT_WIDTH_PX,
    MAX_ROW_HEIGHT_PT,
    CellSpan,
    build_grid,
    cluster_edges,
    column_width_to_mm,
    column_width_to_pixels,
    largest_free_block,
    max_digit_width_px,
    mm_to_column_width,
    mm_to_points,
    pixels_to_column_width,
    points_to_mm,
    split_long_gaps,
)

TOL = DEFAULT_TOLERANCE_MM


def box(x: float, y: float, w: float, h: float, text: str = "x") -> TextBox:
    return TextBox(rect=Rect(x, y, w, h), text=text, size=10.0, lines=())


# ---------------------------------------------------------------- edges


def test_cluster_merges_close_edges_to_their_midpoint() -> None:
    assert cluster_edges([10.0, 10.2, 30.0, 29.9, 50.0]) == pytest.approx((10.1, 29.95, 50.0))


def test_cluster_keeps_edges_further_apart_than_the_tolerance() -> None:
    assert cluster_edges([0.0, 0.31, 0.62]) == pytest.approx((0.0, 0.31, 0.62))


def test_cluster_does_not_chain_a_drift_into_one_huge_edge() -> None:
    # ten values 0.1 mm apart span 0.9 mm: not one edge
    edges = cluster_edges([i * 0.1 for i in range(10)])
    assert len(edges) >= 3


@given(st.lists(st.floats(min_value=0, max_value=420, allow_nan=False), min_size=1, max_size=60))
def test_cluster_every_value_near_its_edge_and_edges_separated(values: list[float]) -> None:
    edges = cluster_edges(values)
    assert list(edges) == sorted(edges)
    for a, b in itertools.pairwise(edges):
        assert b - a > TOL / 2
    for v in values:
        assert min(abs(v - e) for e in edges) <= TOL / 2 + 1e-9


def test_page_edges_come_from_texts_ruby_fills_and_rules() -> None:
    base = TextBox(
        rect=Rect(20, 40, 60, 12),
        text="山田",
        size=12,
        lines=(),
        ruby=(TextBox(rect=Rect(20, 36, 60, 4), text="やまだ", size=6, lines=()),),
    )
    page = Page(
        width=210,
        height=297,
        texts=(base,),
        fills=(Fill(Rect(90, 40, 10, 12)),),
        rules=(Rule(10, 100, 150, 100), Rule(120, 5, 120, 60)),
    )
    g = build_grid(page)
    assert g.xs == pytest.approx((10, 20, 80, 90, 100, 120, 150))
    assert g.ys == pytest.approx((5, 36, 40, 52, 60, 100))


def test_empty_page_is_paper_sized() -> None:
    g = build_grid(Page(width=210, height=297))
    assert g.xs == (0.0, 210.0)
    assert g.ys[0] == 0.0 and g.ys[-1] == 297.0  # in rows no taller than Excel allows


def test_lone_rule_still_has_two_edges_each_way() -> None:
    g = build_grid(Page(width=210, height=297, rules=(Rule(50, 20, 50, 80),)))
    assert len(g.xs) >= 2 and len(g.ys) >= 2
    assert 50.0 in g.xs


# ---------------------------------------------------------------- spans


def test_span_of_boxes_on_a_table() -> None:
    texts = tuple(box(10 + 20 * c, 30 + 8 * r, 20, 8) for r in range(3) for c in range(4))
    wide = box(10, 54, 80, 16)  # a box spanning the whole table width, two rows high
    half = box(10, 70, 40, 8)
    g = build_grid(Page(width=210, height=297, texts=(*texts, wide, half)))
    assert g.span(texts[5].rect) == CellSpan(1, 1, 1, 1)
    assert g.span(wide.rect) == CellSpan(3, 0, 3, 3)
    assert g.span(half.rect) == CellSpan(4, 0, 4, 1)


def test_span_tolerates_rounding_noise() -> None:
    a = box(10.0, 10.0, 20.0, 10.0)
    b = box(30.1, 10.05, 19.9, 9.9)  # touching a, with 0.1 mm noise
    g = build_grid(Page(width=210, height=297, texts=(a, b)))
    assert g.n_cols == 2 and g.n_rows == 1
    assert g.span(a.rect) == CellSpan(0, 0, 0, 0)
    assert g.span(b.rect) == CellSpan(0, 1, 0, 1)


def test_box_thinner_than_tolerance_still_gets_a_cell() -> None:
    thin = box(50, 10, 0.1, 10)
    g = build_grid(Page(width=210, height=297, texts=(box(10, 10, 40, 10), thin)))
    s = g.span(thin.rect)
    assert s.col0 == s.col1 and 0 <= s.col0 < g.n_cols


def _non_overlapping(rects: list[Rect]) -> list[Rect]:
    kept: list[Rect] = []
    for r in rects:
        if all(r.right <= k.x or k.right <= r.x or r.bottom <= k.y or k.bottom <= r.y for k in kept):
            kept.append(r)
    return kept


rect_strategy = st.builds(
    Rect,
    x=st.floats(min_value=0, max_value=180, allow_nan=False),
    y=st.floats(min_value=0, max_value=260, allow_nan=False),
    w=st.floats(min_value=1.0, max_value=60, allow_nan=False),
    h=st.floats(min_value=1.0, max_value=40, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(rect_strategy, min_size=1, max_size=25))
def test_every_rect_maps_to_cells_whose_boundaries_are_its_edges(raw: list[Rect]) -> None:
    rects = _non_overlapping(raw)
    page = Page(width=300, height=320, texts=tuple(TextBox(r, "t", 10.0, ()) for r in rects))
    g = build_grid(page)
    spans = []
    for r in rects:
        s = g.span(r)
        spans.append(s)
        assert 0 <= s.col0 <= s.col1 < g.n_cols
        assert 0 <= s.row0 <= s.row1 < g.n_rows
        assert g.xs[s.col0] == pytest.approx(r.x, abs=TOL)
        assert g.xs[s.col1 + 1] == pytest.approx(r.right, abs=TOL)
        assert g.ys[s.row0] == pytest.approx(r.y, abs=TOL)
        assert g.ys[s.row1 + 1] == pytest.approx(r.bottom, abs=TOL)
    # disjoint boxes never fight over a cell (no overlapping merges in Excel)
    for a, b in itertools.combinations(spans, 2):
        assert not a.overlaps(b)


# ---------------------------------------------------------------- units


def test_row_height_points() -> None:
    assert mm_to_points(25.4) == pytest.approx(72.0)
    assert points_to_mm(mm_to_points(7.5)) == pytest.approx(7.5)


def test_column_width_unit_is_ipamj_max_digit_width() -> None:
    # IPAmj明朝 at the base size: its digits are 7 px wide at 96 dpi, whole pixels in Excel and LibreOffice
    assert max_digit_width_px(BASE_FONT_SIZE) == pytest.approx(MAX_DIGIT_WIDTH_PX, abs=0.01)
    assert mm_to_column_width(7 * 25.4 / 96) == pytest.approx(1.0)
    # Excel's default column (64 px) is stored as 9.140625 characters of a 7 px digit
    assert column_width_to_mm(9.140625) == pytest.approx(64 * 25.4 / 96, abs=0.01)
    # stored in 1/256 character steps
    assert (mm_to_column_width(12.345) * 256) == pytest.approx(round(mm_to_column_width(12.345) * 256))


@given(st.integers(1, 255 * 7))
def test_stored_width_is_drawn_with_exactly_its_pixels(px: int) -> None:
    assert column_width_to_pixels(pixels_to_column_width(px)) == px


@settings(max_examples=100, deadline=None)
@given(st.lists(rect_strategy, min_size=1, max_size=25))
def test_summed_widths_and_heights_reproduce_page_geometry(raw: list[Rect]) -> None:
    rects = _non_overlapping(raw)
    g = build_grid(Page(width=300, height=320, texts=tuple(TextBox(r, "t", 10.0, ()) for r in rects)))
    half_px = 25.4 / 96 / 2
    widths = [column_width_to_mm(w) for w in g.column_widths()]
    heights = [points_to_mm(h) for h in g.row_heights()]
    assert all(w > 0 for w in widths) and all(h > 0 for h in heights)
    assert all(h / 0.75 == pytest.approx(round(h / 0.75)) for h in g.row_heights())  # whole pixels
    forced = [0.0, 0.0]  # sub-pixel gaps widened to one pixel push later edges by at most that
    for sizes, edges, k in ((widths, g.xs, 0), (heights, g.ys, 1)):
        at = edges[0]
        for i, size in enumerate(sizes, start=1):
            at += size
            if edges[i] - edges[i - 1] < 2 * half_px:
                forced[k] += 2 * half_px
            # no drift: every boundary within half a pixel of where the page has it
            assert at == pytest.approx(edges[i], abs=half_px + forced[k] + 1e-9)


# ---------------------------------------------------------------- free blocks


def test_largest_free_block_avoids_taken_top_row() -> None:
    span = CellSpan(0, 0, 3, 4)
    taken = {(0, 1), (0, 2), (0, 3)}  # ふりがな cells over the middle of a name box
    assert largest_free_block(span, taken) == CellSpan(1, 0, 3, 4)


def test_largest_free_block_none_when_all_taken() -> None:
    span = CellSpan(2, 2, 3, 3)
    assert largest_free_block(span, set(span.cells())) is None


def test_largest_free_block_whole_span_when_nothing_taken() -> None:
    span = CellSpan(1, 2, 4, 6)
    assert largest_free_block(span, {(0, 0), (9, 9)}) == span


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 6),
    st.sets(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=20),
)
def test_largest_free_block_matches_brute_force(rows: int, cols: int, taken: set[tuple[int, int]]) -> None:
    span = CellSpan(0, 0, rows - 1, cols - 1)
    got = largest_free_block(span, taken)
    best = 0
    for r0, r1 in itertools.combinations_with_replacement(range(rows), 2):
        for c0, c1 in itertools.combinations_with_replacement(range(cols), 2):
            block = CellSpan(r0, c0, r1, c1)
            if not any(cell in taken for cell in block.cells()):
                best = max(best, (r1 - r0 + 1) * (c1 - c0 + 1))
    if best == 0:
        assert got is None
    else:
        assert got is not None
        assert not any(cell in taken for cell in got.cells())
        assert (got.row1 - got.row0 + 1) * (got.col1 - got.col0 + 1) == best
        assert span.row0 <= got.row0 <= got.row1 <= span.row1
        assert span.col0 <= got.col0 <= got.col1 <= span.col1


def test_grid_module_is_pure_geometry() -> None:
    tree = ast.parse(Path(grid_module.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "openpyxl" not in imported
    assert "reportlab" not in imported


def test_tall_box_is_split_into_rows_excel_accepts() -> None:
    tall = box(10, 10, 190, 270)  # a whole-page 所見 box: 765 pt, Excel's limit is 409 pt
    g = build_grid(Page(width=210, height=297, texts=(tall,)))
    assert all(h <= MAX_ROW_HEIGHT_PT for h in g.row_heights())
    assert g.n_rows == 2
    s = g.span(tall.rect)
    assert (s.row0, s.row1) == (0, g.n_rows - 1)
    assert g.ys[0] == 10 and g.ys[-1] == 280


def test_split_long_gaps_keeps_edges() -> None:
    assert split_long_gaps((0.0, 10.0, 100.0), 40.0) == pytest.approx((0.0, 10.0, 40.0, 70.0, 100.0))
    assert split_long_gaps((5.0,), 1.0) == (5.0,)
