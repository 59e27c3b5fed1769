"""The Excel rendering of a resolved page model.

Schools keep editing and re-using these forms in Excel, so the workbook is a
real grid, not a picture: every box of the page becomes a (merged) block of
cells holding the box's exact text, every printed line becomes a cell border,
and printing the sheet gives the page back (fit to one sheet of the right
paper). The geometry (which rows and columns exist) is decided in
``render/grid.py``; this module only translates it into openpyxl objects and is
the only place that imports openpyxl.

Decisions worth knowing:

* Values are written exactly as ``TextBox.text`` — no normalisation, IVS and
  non-BMP characters kept. Every string cell is forced to the string type, so
  a value such as ``=HYPERLINK(...)`` can never become a formula; values
  starting with ``= + - @``, tab or CR also get Excel's quote prefix, so
  editing the cell later does not turn them into formulas either.
* A non-static box whose whole text is a plain decimal number (``12``,
  ``-3``, ``0.5``; no leading zeros, no full-width digits, at most 15 digits)
  becomes a number, with a number format that prints exactly the same
  characters (``0.50`` stays ``0.50``), so counts such as 出席日数 can be
  summed in Excel. Static labels always stay text.
* Characters XML cannot carry (CR, other C0 controls) are written with the
  OOXML ``_xHHHH_`` escape, and a literal ``_xHHHH_`` in the data is
  protected as ``_x005F_xHHHH_``, so Excel shows exactly the given text.
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

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass

import regex
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.page import Document, Fill, Page, Rect, Rule, TextBox
from unified_forms.render.grid import (
    CellSpan,
    Grid,
    build_grid,
    largest_free_block,
    mm_to_inches,
)

FONT_NAME = "IPAmj明朝"
SHIFTJIS_CHARSET = 128  # tells Excel the font is a Japanese one
CREATOR = "unified_forms"
FIXED_TIMESTAMP = dt.datetime(1980, 1, 1, 0, 0, 0)
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
MAX_CELL_CHARS = 32767  # Excel's limit on the length of one cell's text
MAX_SHEET_TITLE = 31  # UTF-16 code units

PAPER_SIZES: dict[str, int] = {"A4": 9, "A3": 8, "B4": 12, "B5": 13}

_HALIGN = {"left": "left", "center": "center", "right": "right", "distribute": "distributed"}
_VALIGN = {"top": "top", "middle": "center", "bottom": "bottom"}
# vertical (縦書き) text runs down the column: ``align`` places it along the column
_ALONG_COLUMN = {"left": "top", "center": "center", "right": "bottom", "distribute": "distributed"}
_VERTICAL_ACROSS = "center"
STACKED_TEXT_ROTATION = 255

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.([0-9]+))?")
_NEGATIVE_ZERO = re.compile(r"-0(?:\.0+)?")
_MAX_NUMBER_DIGITS = 15  # Excel keeps 15 significant digits
_ESCAPED_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[:\\/?*\[\]\x00-\x1f]")


# ---------------------------------------------------------------- values


def ooxml_escape(text: str) -> str:
    """``text`` as an OOXML string value that Excel reads back as exactly ``text``."""
    if "_x" not in text and not _XML_UNSAFE.search(text):
        return text
    text = _ESCAPED_LITERAL.sub(r"_x005F_\1", text)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


@dataclass(frozen=True, slots=True)
class CellValue:
    value: str | int | float
    number_format: str | None = None  # only for numbers
    quote_prefix: bool = False


def cell_value(text: str, *, static: bool) -> CellValue:
    """What goes into the cell for ``text`` (see the module docstring for the rules)."""
    if not static:
        m = _NUMBER.fullmatch(text)
        digits = sum(ch.isdigit() for ch in text)
        if m and digits <= _MAX_NUMBER_DIGITS and not _NEGATIVE_ZERO.fullmatch(text):
            decimals = m.group(1)
            if decimals is None:
                return CellValue(int(text), "0")
            return CellValue(float(text), "0." + "0" * len(decimals))
    return CellValue(ooxml_escape(text), quote_prefix=text.startswith(FORMULA_PREFIXES))


# ---------------------------------------------------------------- sheet names


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


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


AlignmentKey = tuple[str, str, int | None, bool]
BorderKey = tuple[str | None, str | None, str | None, str | None, str | None, bool, bool]


@dataclass(slots=True)
class _CellStyle:
    """Everything a cell's look depends on, collected first and applied once."""

    font_size: float | None = None
    alignment: AlignmentKey | None = None
    number_format: str | None = None
    quote_prefix: bool = False
    gray: int | None = None  # 0..255
    border: BorderKey | None = None

    def key(self) -> tuple[object, ...]:
        return (self.font_size, self.alignment, self.number_format, self.quote_prefix, self.gray, self.border)


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
        if look.font_size is not None:
            cell.font = Font(name=FONT_NAME, size=look.font_size, charset=SHIFTJIS_CHARSET)
        if look.alignment is not None:
            horizontal, vertical, rotation, wrap = look.alignment
            cell.alignment = Alignment(
                horizontal=horizontal, vertical=vertical, text_rotation=rotation or 0, wrap_text=wrap or None
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
        self.arrays[key] = copy(cell._style)


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class _Placed:
    span: CellSpan
    texts: list[str]
    box: TextBox


def _area(grid: Grid, box: TextBox) -> int:
    span = grid.span(box.rect)
    return (span.row1 - span.row0 + 1) * (span.col1 - span.col0 + 1)


def _boxes(page: Page) -> list[TextBox]:
    out: list[TextBox] = []
    for box in page.texts:
        out.extend(box.ruby)  # ふりがな first: it sits in its own small cells
        out.append(box)
    return out


def _alignment(box: TextBox, wrap: bool) -> AlignmentKey:
    if box.vertical:
        return (_VERTICAL_ACROSS, _ALONG_COLUMN[box.align], STACKED_TEXT_ROTATION, wrap)
    return (_HALIGN[box.align], _VALIGN[box.valign], None, wrap)


class _SheetWriter:
    def __init__(self, ws: Worksheet, page: Page, form_id: str, styles: _StyleCache) -> None:
        self.ws = ws
        self.page = page
        self.form_id = form_id
        self.styles = styles
        self.grid = build_grid(page)
        self.taken: dict[tuple[int, int], _Placed] = {}
        self.placed: list[_Placed] = []
        self.merged: dict[tuple[int, int, int, int], _Placed] = {}
        self.looks: dict[tuple[int, int], _CellStyle] = {}

    def _look(self, cell: tuple[int, int]) -> _CellStyle:
        look = self.looks.get(cell)
        if look is None:
            look = self.looks[cell] = _CellStyle()
        return look

    # -- geometry
    def _dimensions(self) -> None:
        for i, width in enumerate(self.grid.column_widths(), start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        for j, height in enumerate(self.grid.row_heights(), start=1):
            self.ws.row_dimensions[j].height = round(height, 4)

    # -- text
    def _place_texts(self) -> None:
        boxes = _boxes(self.page)
        order = sorted(range(len(boxes)), key=lambda i: (_area(self.grid, boxes[i]), i))
        for i in order:
            box = boxes[i]
            if box.static and box.text == "":
                continue
            span = self.grid.span(box.rect)
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

    def _write_texts(self) -> None:
        for placed in self.placed:
            box, span = placed.box, placed.span
            combined = len(placed.texts) > 1
            text = "\n".join(t for t in placed.texts if t) if combined else placed.texts[0]
            if len(text) > MAX_CELL_CHARS:
                raise FormDataError(
                    ErrorEntry(
                        path=box.field or "",
                        message=(
                            f"text of {len(text)} characters exceeds Excel's cell limit of {MAX_CELL_CHARS}"
                        ),
                    ),
                    form_id=self.form_id,
                )
            if not span.is_single:
                self._merge(span)
            look = self._look((span.row0, span.col0))
            if text != "":
                value = cell_value(text, static=box.static or combined)
                cell = self.ws.cell(row=span.row0 + 1, column=span.col0 + 1)
                cell.value = value.value
                if isinstance(value.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                look.number_format = value.number_format
                look.quote_prefix = value.quote_prefix
            look.font_size = box.size
            wrap = len(box.lines) > 1 or "\n" in text or "\r" in text or combined
            look.alignment = _alignment(box, wrap)

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

    def _apply_looks(self) -> None:
        for (r, c), look in sorted(self.looks.items(), key=lambda item: item[0]):
            self.styles.apply(self.ws.cell(row=r + 1, column=c + 1), look)

    # -- print setup
    def _print_setup(self, doc: Document) -> None:
        ws, setup = self.ws, doc.setup
        ws.page_setup.paperSize = PAPER_SIZES[setup.paper]
        ws.page_setup.orientation = setup.orientation
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        top, right, bottom, left = (mm_to_inches(m) for m in setup.margins)
        ws.page_margins = PageMargins(
            left=left, right=right, top=top, bottom=bottom, header=top / 2, footer=bottom / 2
        )
        ws.print_options.horizontalCentered = True
        ws.print_options.gridLines = False
        ws.sheet_view.showGridLines = False
        last = f"{get_column_letter(self.grid.n_cols)}{self.grid.n_rows}"
        ws.print_area = f"A1:{last}"

    def write(self, doc: Document) -> None:
        self._dimensions()
        self._place_texts()
        plan = self._plan_rules(self.page.rules)  # may merge free cells under a 斜線
        self._write_texts()
        self._plan_fills(self.page.fills)
        self._plan_borders(plan)
        self._apply_looks()
        self._print_setup(doc)


def rule_rect(rule: Rule) -> Rect:
    x, y = min(rule.x1, rule.x2), min(rule.y1, rule.y2)
    return Rect(x, y, abs(rule.x2 - rule.x1), abs(rule.y2 - rule.y1))


# ---------------------------------------------------------------- workbook


def _deterministic_zip(data: bytes) -> bytes:
    """Re-zip with fixed entry dates/attributes and a fixed order ([Content_Types].xml first)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix permissions below, same on every platform
            info.external_attr = 0o100644 << 16
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


def render_xlsx(doc: Document) -> bytes:
    """The workbook of ``doc``: one worksheet per page; same Document, same bytes."""
    if not doc.pages:
        raise LayoutError(doc.form_id, "pages", "the document has no pages to put on a worksheet")
    wb = Workbook()
    wb.remove(wb.active)
    styles = _StyleCache()
    for page, title in zip(doc.pages, sheet_titles(doc), strict=True):
        ws = wb.create_sheet(title=title)
        _SheetWriter(ws, page, doc.form_id, styles).write(doc)
    wb.properties.title = doc.title
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = None
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not save_workbook(): it stamps the wall clock into the file
    return _deterministic_zip(buf.getvalue())
