"""The Excel rendering of a resolved page model: prints like the PDF, edits like a clerk's sheet.

Schools keep editing and re-using these forms in Excel, so the workbook is a
real grid, not a picture: every box of the page becomes a (merged) block of
cells, every printed line becomes a cell border, and printing the sheet gives
the page back at the PDF's size. The geometry (which rows and columns exist,
in whole pixels) is decided in ``render/grid.py``, the cell values in
``render/xlsx_values.py``, what openpyxl cannot write in
``render/xlsx_package.py``; the ``render/xlsx*.py`` modules are the only
place that imports openpyxl.

Print fidelity:

* The workbook's default (Normal) font is IPAmj明朝 at ``BASE_FONT_SIZE``, so
  column widths (stored in characters of that font) mean the same in Excel
  and in LibreOffice on a server without Calibri.
* Page margins put the grid exactly where the PDF has it (top/left from the
  page model; right/bottom a millimetre smaller so pixel rounding can never
  push a column onto a second page). Fit-to-page stays on only as a safety
  net: at 100 % the sheet already fits, so nothing is shrunk.
* Letter-spaced labels (字間) get the spacing as spaces.

A clerk's workbook:

* Numbers are numbers, dates are dates (和暦 number format), a 朱点 grade is
  the number with the "朱点" cell style; totals and averages are formulas over
  the cells their data paths landed in, with the printed values cached.
* Multi-line text boxes wrap and start at the top, so a longer text a clerk
  types stays visible.
* Every sheet is protected without a password: labels and formulas are
  locked, every other cell (data, empty input cells) is not; the printed
  frame (borders) cannot be reformatted.
* ふりがな are Excel's phonetic property of the name cell and, by default,
  also small cells above it as the PDF prints them (LibreOffice neither shows
  nor keeps phonetic runs); see :func:`render_xlsx`.

Decisions worth knowing:

* Text is written exactly as ``TextBox.text`` (IVS, non-BMP kept); see
  ``xlsx_values.cell_value`` for when a plain data text becomes a number.
* Boxes that overlap (a label inside a larger box, ふりがな drawn inside the
  name box) must not produce overlapping merges, which Excel rejects as a
  corrupt file. Smaller boxes are placed first; a larger box keeps the
  largest block of cells still free. A box with no free cell left appends its
  text (after a line break) to the cell covering it, so no text is lost.
* Rules become borders: a horizontal rule is the top border of the cells
  below it, a vertical rule the left border of the cells to its right (the
  bottom / right border on the last edge of the grid). The heavier border wins
  when two rules meet on one cell side. A rule that is neither horizontal nor
  vertical becomes a diagonal (斜線) over the cells it crosses: one merged
  diagonal when the block is free or is exactly one box, else a diagonal in
  each of its cells.
* Output bytes depend only on the Document: fixed workbook dates and a
  re-written zip with fixed entry dates and a fixed entry order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import Literal

import regex

# The same workbook bytes on every machine: openpyxl writes through lxml when lxml happens to be
# installed (pikepdf brings it) and through the standard library otherwise, with different bytes.
# Ask for the standard library's writer before openpyxl is first imported (an application that
# imported openpyxl earlier keeps its choice; the workbook is equally valid, only its bytes differ).
os.environ.setdefault("OPENPYXL_LXML", "False")

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.page import Document, Fill, Formula, Page, Rect, Rule, TextBox
from unified_forms.render.grid import (
    BASE_FONT_SIZE,
    CellSpan,
    build_grid,
    largest_free_block,
    mm_to_inches,
)
from unified_forms.render.xlsx_package import PhoneticRun, SheetPatch, finish, utf16_len
from unified_forms.render.xlsx_values import (
    CellRef,
    CellValue,
    cell_value,
    excel_formula,
    letter_spaced,
    ooxml_escape,
    spread_rect,
    typed_cell_value,
)

__all__ = ["CellValue", "border_style", "cell_value", "ooxml_escape", "render_xlsx", "sheet_titles"]

FONT_NAME = "IPAmj明朝"
SHIFTJIS_CHARSET = 128  # tells Excel the font is a Japanese one
ROMAN_FAMILY = 1  # a serif (明朝) face, for font substitution
CREATOR = "unified_forms"
FIXED_TIMESTAMP = dt.datetime(1980, 1, 1, 0, 0, 0)
MAX_CELL_CHARS = 32767  # Excel's limit on the length of one cell's text
MAX_SHEET_TITLE = 31  # UTF-16 code units
# right/bottom margins this much smaller than the PDF's: whole-pixel rounding never spills a page
MARGIN_SLACK_MM = 1.0

PAPER_SIZES: dict[str, int] = {"A4": 9, "A3": 8, "B4": 12, "B5": 13}
# Typed.mark → the workbook's named cell style that carries it
MARK_STYLES: dict[str, str] = {"shuten": "朱点"}

Furigana = Literal["both", "phonetic", "cells"]

_HALIGN = {"left": "left", "center": "center", "right": "right", "distribute": "distributed"}
_VALIGN = {"top": "top", "middle": "center", "bottom": "bottom"}
# vertical (縦書き) text runs down the column: ``align`` places it along the column
_ALONG_COLUMN = {"left": "top", "center": "center", "right": "bottom", "distribute": "distributed"}
_VERTICAL_ACROSS = "center"
STACKED_TEXT_ROTATION = 255

_SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]\x00-\x1f]")
_WORD = re.compile(r"[^\s\u3000]+")


# ---------------------------------------------------------------- sheet names


def _utf16_len(s: str) -> int:
    return utf16_len(s)


def _truncate(title: str, limit: int) -> str:
    """At most ``limit`` UTF-16 units, never splitting a grapheme (base + IVS, surrogate pair)."""
    out: list[str] = []
    used = 0
    for g in regex.findall(r"\X", title):
        n = _utf16_len(g)
        if used + n > limit:
            break
        out.append(g)
        used += n
    return "".join(out)


def sheet_titles(doc: Document) -> list[str]:
    """One valid, unique Excel sheet title per page.

    From ``doc.sheet_names`` where given, else "1", "2", ...; characters Excel
    forbids (``: \\ / ? * [ ]``) become ``_``, leading/trailing apostrophes go,
    titles are cut to 31 UTF-16 units at a grapheme boundary, "History" is
    reserved by Excel, and duplicates (case-insensitive) get " (2)", " (3)".
    """
    titles: list[str] = []
    seen: set[str] = set()
    for i in range(len(doc.pages)):
        raw = doc.sheet_names[i] if i < len(doc.sheet_names) else ""
        title = _SHEET_FORBIDDEN.sub("_", raw).strip().strip("'")
        if not title:
            title = str(i + 1)
        title = _truncate(title, MAX_SHEET_TITLE).rstrip("'")
        if title.casefold() == "history":
            title = title + "_"
        base, n = title, 2
        while title.casefold() in seen:
            suffix = f" ({n})"
            title = _truncate(base, MAX_SHEET_TITLE - len(suffix)) + suffix
            n += 1
        seen.add(title.casefold())
        titles.append(title)
    return titles


# ---------------------------------------------------------------- borders


_BORDER_RANK = {
    "hair": 1,
    "dotted": 2,
    "dashed": 3,
    "thin": 4,
    "mediumDashed": 5,
    "medium": 6,
    "double": 7,
    "thick": 8,
}


def border_style(width_pt: float, style: str) -> str:
    """Excel border style for a rule ``width_pt`` thick in ``style``."""
    if style == "double":
        return "double"
    if style == "dotted":
        return "dotted"
    if style == "dashed":
        return "dashed" if width_pt <= 0.8 else "mediumDashed"
    if width_pt <= 0.3:
        return "hair"
    if width_pt <= 0.8:
        return "thin"
    if width_pt <= 1.5:
        return "medium"
    return "thick"


@dataclass(slots=True)
class _CellBorders:
    sides: dict[str, str]
    diagonal: str | None = None
    diagonal_down: bool = False
    diagonal_up: bool = False


class _BorderPlan:
    """Border sides per cell, heavier style winning, applied once at the end."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], _CellBorders] = {}

    def _get(self, cell: tuple[int, int]) -> _CellBorders:
        entry = self.cells.get(cell)
        if entry is None:
            entry = self.cells[cell] = _CellBorders(sides={})
        return entry

    def side(self, cell: tuple[int, int], side: str, style: str) -> None:
        entry = self._get(cell)
        old = entry.sides.get(side)
        if old is None or _BORDER_RANK[style] > _BORDER_RANK[old]:
            entry.sides[side] = style

    def diagonal(self, cell: tuple[int, int], style: str, *, down: bool) -> None:
        entry = self._get(cell)
        if entry.diagonal is None or _BORDER_RANK[style] > _BORDER_RANK[entry.diagonal]:
            entry.diagonal = style
        if down:
            entry.diagonal_down = True
        else:
            entry.diagonal_up = True


# ---------------------------------------------------------------- styles


AlignmentKey = tuple[str, str, int | None, bool, int]  # horizontal, vertical, rotation, wrap, indent
BorderKey = tuple[str | None, str | None, str | None, str | None, str | None, bool, bool]


@dataclass(slots=True)
class _CellStyle:
    """Everything a cell's look depends on, collected first and applied once."""

    font_size: float | None = None
    font_color: str | None = None  # "RRGGBB" (朱点); None: the default black
    alignment: AlignmentKey | None = None
    number_format: str | None = None
    quote_prefix: bool = False
    gray: int | None = None  # 0..255
    border: BorderKey | None = None
    locked: bool = False  # labels and formulas; every other cell is open for input
    named: str | None = None  # the workbook's named style (朱点)

    strike: bool = False  # a struck-through entry (学籍 changes): the font's strikethrough

    def key(self) -> tuple[object, ...]:
        key = (
            self.font_size,
            self.font_color,
            self.alignment,
            self.number_format,
            self.quote_prefix,
            self.gray,
            self.border,
            self.locked,
            self.named,
        )
        return (*key, True) if self.strike else key


class _StyleCache:
    """Workbook-wide: one style record per distinct look.

    openpyxl hashes every Font/Border/Fill object each time one is assigned,
    which dominates the run time on forms with thousands of ruled cells. A
    look is built once through the public attributes and then copied as the
    cell's style array (``cell._style = copy(other._style)``, openpyxl's own
    documented way of copying a style).
    """

    def __init__(self) -> None:
        self.arrays: dict[tuple[object, ...], StyleArray] = {}
        self.sides: dict[str, Side] = {}

    def _side(self, style: str | None) -> Side:
        if style is None:
            return Side()
        side = self.sides.get(style)
        if side is None:
            side = self.sides[style] = Side(style=style, color="FF000000")
        return side

    def apply(self, cell: Cell | MergedCell, look: _CellStyle) -> None:
        key = look.key()
        cached = self.arrays.get(key)
        if cached is not None:
            cell._style = copy(cached)
            return
        if look.named is not None:
            cell.style = look.named
        if look.font_size is not None:
            cell.font = _font(look.font_size, look.font_color, strike=look.strike)
        if look.alignment is not None:
            horizontal, vertical, rotation, wrap, indent = look.alignment
            cell.alignment = Alignment(
                horizontal=horizontal,
                vertical=vertical,
                text_rotation=rotation or 0,
                wrap_text=wrap or None,
                indent=indent,
            )
        if look.number_format is not None:
            cell.number_format = look.number_format
        if look.quote_prefix:
            cell.quotePrefix = True
        if look.gray is not None:
            color = f"FF{look.gray:02X}{look.gray:02X}{look.gray:02X}"
            cell.fill = PatternFill(fill_type="solid", fgColor=color, bgColor=color)
        if look.border is not None:
            left, right, top, bottom, diagonal, down, up = look.border
            cell.border = Border(
                left=self._side(left),
                right=self._side(right),
                top=self._side(top),
                bottom=self._side(bottom),
                diagonal=self._side(diagonal),
                diagonalDown=down or None,
                diagonalUp=up or None,
            )
        cell.protection = Protection(locked=look.locked)
        self.arrays[key] = copy(cell._style)


def _font(size: float, color: str | None = None, *, strike: bool = False) -> Font:
    """``color``: "RRGGBB" of a coloured text (朱点); None keeps the default black. ``strike``: struck through."""
    return Font(
        name=FONT_NAME,
        size=size,
        charset=SHIFTJIS_CHARSET,
        family=ROMAN_FAMILY,
        color=f"FF{color}" if color else None,
        strike=strike or None,
    )


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class _Placed:
    span: CellSpan
    texts: list[str]
    box: TextBox


@dataclass(frozen=True, slots=True)
class _FormulaCell:
    """A formula waiting for every sheet to be placed (it may refer to cells on other sheets)."""

    sheet: int
    cell: CellRef
    formula: Formula
    cached: int | float | str


def _union(rects: Iterable[Rect]) -> Rect:
    rs = list(rects)
    x0, y0 = min(r.x for r in rs), min(r.y for r in rs)
    x1, y1 = max(r.right for r in rs), max(r.bottom for r in rs)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _box_rect(box: TextBox, furigana: Furigana) -> Rect:
    """Where a box goes: with phonetic ふりがな, a name cell takes its ruby band too;
    a letter-spaced data text takes just its printed extent (see ``spread_rect``)."""
    if furigana == "phonetic" and box.ruby:
        return _union([box.rect, *(r.rect for r in box.ruby)])
    return spread_rect(box) or box.rect


def _extra_edges(box: TextBox) -> tuple[Rect, ...]:
    spread = spread_rect(box)
    return () if spread is None else (spread,)


def phonetic_runs(box: TextBox) -> tuple[PhoneticRun, ...]:
    """The ruby boxes of ``box`` as phonetic runs over its text (UTF-16 offsets, as Excel counts).

    Per part when there is one ruby box per word of the text (姓 / 名, split at
    spaces), else one run of all the kana over the whole text.
    """
    rubies = sorted((r for r in box.ruby if r.text), key=lambda r: r.rect.x)
    if not rubies:
        return ()
    words = list(_WORD.finditer(box.text))
    if len(words) == len(rubies):
        return tuple(
            PhoneticRun(utf16_len(box.text[: w.start()]), utf16_len(box.text[: w.end()]), r.text)
            for w, r in zip(words, rubies, strict=True)
        )
    return (PhoneticRun(0, utf16_len(box.text), "\u3000".join(r.text for r in rubies)),)


def _alignment(box: TextBox, wrap: bool, spread: bool = False) -> AlignmentKey:
    """The box's alignment; ``spread``: a letter-spaced data text, distributed over its printed extent."""
    if box.vertical:
        return (_VERTICAL_ACROSS, _ALONG_COLUMN[box.align], STACKED_TEXT_ROTATION, wrap, 0)
    if spread:
        return ("distributed", _VALIGN[box.valign], None, wrap, 0)
    return (_HALIGN[box.align], _VALIGN[box.valign], None, wrap, 0)


class _SheetWriter:
    def __init__(
        self, ws: Worksheet, page: Page, form_id: str, styles: _StyleCache, book: _Book, index: int
    ) -> None:
        self.ws = ws
        self.page = page
        self.form_id = form_id
        self.styles = styles
        self.book = book
        self.index = index
        self.grid = build_grid(page, extra=_extra_edges)
        self.taken: dict[tuple[int, int], _Placed] = {}
        self.placed: list[_Placed] = []
        self.merged: dict[tuple[int, int, int, int], _Placed] = {}
        self.looks: dict[tuple[int, int], _CellStyle] = {}
        self.patch = SheetPatch()

    def _look(self, cell: tuple[int, int]) -> _CellStyle:
        look = self.looks.get(cell)
        if look is None:
            look = self.looks[cell] = _CellStyle()
        return look

    def _span(self, box: TextBox) -> CellSpan:
        return self.grid.span(_box_rect(box, self.book.furigana))

    # -- geometry
    def _dimensions(self) -> None:
        unlocked = Protection(locked=False)
        for i, width in enumerate(self.grid.column_widths(), start=1):
            dim = self.ws.column_dimensions[get_column_letter(i)]
            dim.width = width
            dim.protection = unlocked  # empty cells of the form are input cells
        for j, height in enumerate(self.grid.row_heights(), start=1):
            self.ws.row_dimensions[j].height = round(height, 4)

    # -- text
    def _boxes(self) -> list[TextBox]:
        out: list[TextBox] = []
        for box in self.page.texts:
            if self.book.furigana != "phonetic":
                out.extend(box.ruby)  # ふりがな first: it sits in its own small cells
            out.append(box)
        return out

    def _place_texts(self) -> None:
        boxes = self._boxes()
        spans = [self._span(b) for b in boxes]
        area = [(s.row1 - s.row0 + 1) * (s.col1 - s.col0 + 1) for s in spans]
        for i in sorted(range(len(boxes)), key=lambda i: (area[i], i)):
            box, span = boxes[i], spans[i]
            if box.static and box.text == "":
                continue
            block: CellSpan | None = span
            if any(cell in self.taken for cell in span.cells()):
                block = largest_free_block(span, self.taken.keys())
            if block is None:
                if box.text:
                    owner = self.taken[(span.row0, span.col0)]
                    owner.texts.append(box.text)
                continue
            placed = _Placed(block, [box.text], box)
            self.placed.append(placed)
            if not block.is_single:
                self.merged[(block.row0, block.col0, block.row1, block.col1)] = placed
            for cell in block.cells():
                self.taken[cell] = placed

    def _merge(self, span: CellSpan) -> None:
        self.ws.merge_cells(
            start_row=span.row0 + 1, start_column=span.col0 + 1, end_row=span.row1 + 1, end_column=span.col1 + 1
        )

    def _check_length(self, box: TextBox, text: str) -> None:
        if len(text) > MAX_CELL_CHARS:
            raise FormDataError(
                ErrorEntry(
                    path=box.field or "",
                    message=f"text of {len(text)} characters exceeds Excel's cell limit of {MAX_CELL_CHARS}",
                ),
                form_id=self.form_id,
            )

    def _write_texts(self) -> None:
        for placed in self.placed:
            box, span = placed.box, placed.span
            combined = len(placed.texts) > 1
            text = "\n".join(t for t in placed.texts if t) if combined else placed.texts[0]
            self._check_length(box, text)
            if not span.is_single:
                self._merge(span)
            anchor = (span.row0, span.col0)
            look = self._look(anchor)
            ref = CellRef(self.ws.title, span.row0, span.col0)
            if box.field and not combined:
                self.book.cells.setdefault(box.field, ref)
            typed = None if combined else box.typed
            if typed is not None and typed.formula is not None:
                self.book.formulas.append(_FormulaCell(self.index, ref, typed.formula, _cached(box)))
                look.number_format = typed.number_format
                look.locked = True
            elif text != "":
                value = (None if combined else typed_cell_value(box)) or cell_value(
                    letter_spaced(box) if not combined else text, static=box.static or combined
                )
                cell = self.ws.cell(row=span.row0 + 1, column=span.col0 + 1)
                cell.value = value.value
                if isinstance(value.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                look.number_format = value.number_format
                look.quote_prefix = value.quote_prefix
                look.locked = box.static
                if self.book.furigana != "cells" and box.ruby and not combined and isinstance(value.value, str):
                    runs = phonetic_runs(box)
                    if runs:
                        font_id = self.book.phonetic_font(min(r.size for r in box.ruby))
                        shown = self.book.furigana == "phonetic"
                        ref_a1 = f"{get_column_letter(span.col0 + 1)}{span.row0 + 1}"
                        self.patch.phonetic[ref_a1] = (font_id, runs, shown)
            if typed is not None and typed.mark in MARK_STYLES:
                look.named = self.book.named_style(typed.mark, typed.number_format)
            look.font_size = box.size
            look.font_color = box.color
            look.strike = box.strike
            wrap = box.wrap or len(box.lines) > 1 or "\n" in text or "\r" in text or combined
            spread = not combined and spread_rect(box) is not None
            look.alignment = _alignment(box, wrap, spread)

    # -- fills
    def _plan_fills(self, fills: Iterable[Fill]) -> None:
        for fill in fills:
            level = max(0, min(255, round(fill.gray * 255)))
            for cell in self.grid.span(fill.rect).cells():
                self._look(cell).gray = level

    # -- rules
    def _plan_rules(self, rules: Sequence[Rule]) -> _BorderPlan:
        plan = _BorderPlan()
        grid = self.grid
        n_rows, n_cols = grid.n_rows, grid.n_cols
        for rule in rules:
            style = border_style(rule.width, rule.style)
            ex1, ex2 = grid.col_edge(rule.x1), grid.col_edge(rule.x2)
            ey1, ey2 = grid.row_edge(rule.y1), grid.row_edge(rule.y2)
            if ey1 == ey2 and ex1 == ex2:
                continue  # shorter than the grid tolerance: nothing to draw on a cell side
            if ey1 == ey2:  # horizontal
                c0, c1 = grid.cols_between(rule.x1, rule.x2)
                row, side = (ey1, "top") if ey1 < n_rows else (n_rows - 1, "bottom")
                for c in range(c0, c1 + 1):
                    plan.side((row, c), side, style)
            elif ex1 == ex2:  # vertical
                r0, r1 = grid.rows_between(rule.y1, rule.y2)
                col, side = (ex1, "left") if ex1 < n_cols else (n_cols - 1, "right")
                for r in range(r0, r1 + 1):
                    plan.side((r, col), side, style)
            else:
                self._plan_diagonal(plan, rule, style)
        return plan

    def _plan_diagonal(self, plan: _BorderPlan, rule: Rule, style: str) -> None:
        grid = self.grid
        c0, c1 = grid.cols_between(rule.x1, rule.x2)
        r0, r1 = grid.rows_between(rule.y1, rule.y2)
        # y grows downwards: a line falling left to right is Excel's diagonalDown
        down = (rule.x2 - rule.x1) * (rule.y2 - rule.y1) > 0
        span = CellSpan(r0, c0, r1, c1)
        if span.is_single or (r0, c0, r1, c1) in self.merged:
            plan.diagonal((r0, c0), style, down=down)
            return
        if not any(cell in self.taken for cell in span.cells()):
            self._merge(span)
            placed = _Placed(span, [""], TextBox(rect=rule_rect(rule), text="", size=0, lines=()))
            self.merged[(r0, c0, r1, c1)] = placed
            for cell in span.cells():
                self.taken[cell] = placed
            plan.diagonal((r0, c0), style, down=down)
            return
        for cell in span.cells():
            plan.diagonal(cell, style, down=down)

    def _plan_borders(self, plan: _BorderPlan) -> None:
        for cell, entry in plan.cells.items():
            sides = entry.sides
            self._look(cell).border = (
                sides.get("left"),
                sides.get("right"),
                sides.get("top"),
                sides.get("bottom"),
                entry.diagonal,
                entry.diagonal_down,
                entry.diagonal_up,
            )

    def apply_looks(self) -> None:
        for (r, c), look in sorted(self.looks.items(), key=lambda item: item[0]):
            self.styles.apply(self.ws.cell(row=r + 1, column=c + 1), look)

    # -- print setup
    def _print_setup(self, doc: Document) -> None:
        ws, setup, g = self.ws, doc.setup, self.grid
        ws.page_setup.paperSize = PAPER_SIZES[setup.paper]
        ws.page_setup.orientation = setup.orientation
        ws.page_setup.scale = 100
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        # the grid where the PDF has it: its first edge is the page's top/left margin
        top, left = g.ys[0], g.xs[0]
        right = max(self.page.width - g.xs[-1] - MARGIN_SLACK_MM, 0.0)
        bottom = max(self.page.height - g.ys[-1] - MARGIN_SLACK_MM, 0.0)
        top, right, bottom, left = (mm_to_inches(m) for m in (top, right, bottom, left))
        ws.page_margins = PageMargins(
            left=left, right=right, top=top, bottom=bottom, header=top / 2, footer=bottom / 2
        )
        ws.print_options.gridLines = False
        ws.sheet_view.showGridLines = False
        last = f"{get_column_letter(g.n_cols)}{g.n_rows}"
        ws.print_area = f"A1:{last}"
        ws.protection.sheet = True  # no password: locks labels, formulas and the printed frame

    def write(self, doc: Document) -> None:
        self._dimensions()
        self._place_texts()
        plan = self._plan_rules(self.page.rules)  # may merge free cells under a 斜線
        self._write_texts()
        self._plan_fills(self.page.fills)
        self._plan_borders(plan)
        self._place_images()
        self._print_setup(doc)

    # -- pictures (issue 16: 校章, 印影)
    def _place_images(self) -> None:
        """Each picture floats over the cells at its page position and size, its bytes as given."""
        from openpyxl.drawing.image import Image as SheetImage
        from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
        from openpyxl.drawing.xdr import XDRPositiveSize2D

        for placed in self.page.images:
            r = placed.rect
            col, col_off = _anchor(self.grid.xs, r.x)
            row, row_off = _anchor(self.grid.ys, r.y)
            picture = SheetImage(io.BytesIO(placed.image.data))
            corner = AnchorMarker(
                col=col, colOff=round(col_off * EMU_PER_MM), row=row, rowOff=round(row_off * EMU_PER_MM)
            )
            picture.anchor = OneCellAnchor(
                _from=corner,
                ext=XDRPositiveSize2D(round(r.w * EMU_PER_MM), round(r.h * EMU_PER_MM)),
            )
            self.ws.add_image(picture)


EMU_PER_MM = 36_000


def _anchor(edges: tuple[float, ...], v: float) -> tuple[int, float]:
    """(cell index, offset in mm) of position ``v`` on a grid with boundaries ``edges``."""
    i = max(0, min(bisect.bisect_right(edges, v) - 1, len(edges) - 2))
    return i, max(0.0, v - edges[i])


def _cached(box: TextBox) -> int | float | str:
    """A formula's result as printed: the binding's number, else the text's number, else blank."""
    value = box.typed.value if box.typed is not None else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    parsed = cell_value(box.text, static=False).value
    return parsed if isinstance(parsed, int | float) else ""


def rule_rect(rule: Rule) -> Rect:
    x, y = min(rule.x1, rule.x2), min(rule.y1, rule.y2)
    return Rect(x, y, abs(rule.x2 - rule.x1), abs(rule.y2 - rule.y1))


# ---------------------------------------------------------------- workbook


@dataclass(slots=True)
class _Book:
    """Workbook-wide state: where each data path landed, formulas to write, named styles, fonts."""

    wb: Workbook
    furigana: Furigana
    cells: dict[str, CellRef] = field(default_factory=dict)
    formulas: list[_FormulaCell] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)
    phonetic_fonts: dict[float, int] = field(default_factory=dict)

    def named_style(self, mark: str, number_format: str | None) -> str:
        name = MARK_STYLES[mark]
        if name not in self.named:
            style = NamedStyle(name=name, font=_font(BASE_FONT_SIZE), number_format=number_format or "General")
            style.protection = Protection(locked=False)
            self.wb.add_named_style(style)
            self.named[name] = name
        return name

    def phonetic_font(self, size: float) -> int:
        """Index in styles.xml of the font the ふりがな of a cell is shown in."""
        if size not in self.phonetic_fonts:
            self.phonetic_fonts[size] = self.wb._fonts.add(_font(size))
        return self.phonetic_fonts[size]

    def write_formulas(self, sheets: Sequence[_SheetWriter]) -> None:
        """Every formula over the cells of its paths; one with a path not on any sheet keeps its value."""
        for f in self.formulas:
            writer = sheets[f.sheet]
            cell = writer.ws.cell(row=f.cell.row + 1, column=f.cell.col + 1)
            refs = [self.cells.get(p) for p in f.formula.paths]
            if not refs or any(r is None for r in refs):
                cell.value = f.cached if f.cached != "" else None
                continue
            cell.value = "=" + excel_formula(f.formula, [r for r in refs if r is not None], f.cell.sheet)
            ref = f"{get_column_letter(f.cell.col + 1)}{f.cell.row + 1}"
            writer.patch.cached[ref] = f.cached


def _workbook() -> Workbook:
    """An empty workbook whose default (Normal) font is IPAmj明朝 at the base size, not Calibri."""
    wb = Workbook()
    wb.remove(wb.active)
    base = _font(BASE_FONT_SIZE)
    wb._fonts = IndexedList([base])  # font 0 is the one column widths are measured in
    wb._named_styles["Normal"].font = base
    wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice recompute every formula on open
    return wb


def render_xlsx(doc: Document, *, furigana: Furigana = "both") -> bytes:
    """The workbook of ``doc``: one worksheet per page; same Document, same bytes.

    ふりがな: ``"both"`` (default) prints them in small cells above the name, as
    the PDF does, and also stores them as the name cell's phonetic property
    (Excel's PHONETIC(), sorting by reading; not shown twice). ``"phonetic"``
    has only the property, shown in the name cell (Excel draws it; LibreOffice
    7 neither shows nor keeps phonetic runs). ``"cells"``: only the small cells.
    """
    if not doc.pages:
        raise LayoutError(doc.form_id, "pages", "the document has no pages to put on a worksheet")
    wb = _workbook()
    book = _Book(wb, furigana)
    styles = _StyleCache()
    sheets: list[_SheetWriter] = []
    for i, (page, title) in enumerate(zip(doc.pages, sheet_titles(doc), strict=True)):
        writer = _SheetWriter(wb.create_sheet(title=title), page, doc.form_id, styles, book, i)
        writer.write(doc)
        sheets.append(writer)
    book.write_formulas(sheets)
    for writer in sheets:
        writer.apply_looks()
    wb.properties.title = doc.title
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = None
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not save_workbook(): it stamps the wall clock into the file
    return finish(buf.getvalue(), [w.patch for w in sheets])
