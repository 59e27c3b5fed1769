"""What goes into a worksheet cell for a box of the page model: text, number, date or formula.

Free of openpyxl (only ``render/xlsx.py`` imports it), so the rules can be
tested on their own:

* Text is written exactly as ``TextBox.text`` (no normalisation; IVS and
  non-BMP kept), escaped so that Excel reads back the same characters, and
  never turned into a formula (see :func:`cell_value`).
* A box with a ``typed`` value holds that number or date, shown through the
  binding's number format (``"※"0`` for a 朱点 grade, ``[$-411]ggge"年"m"月"d"日"``
  for a 和暦 date), so that it sorts, sums and recomputes.
* A box with a ``typed`` formula holds an Excel formula over the cells where
  the referenced data paths landed (:func:`excel_formula`), with the printed
  value as the cached result.
* Letter-spaced titles (字間) get the spacing as spaces between their
  characters (:func:`letter_spaced`), so they keep their printed width.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from unified_forms.layout.page import WAREKI_DATE_FORMAT, Formula, Rect, TextBox
from unified_forms.text.font import load_font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.([0-9]+))?")
_NEGATIVE_ZERO = re.compile(r"-0(?:\.0+)?")
_MAX_NUMBER_DIGITS = 15  # Excel keeps 15 significant digits
_ESCAPED_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
PT_TO_MM = 25.4 / 72.0
IDEOGRAPHIC_SPACE = "\u3000"  # 1 em in IPAmj明朝


def ooxml_escape(text: str) -> str:
    """``text`` as an OOXML string value that Excel reads back as exactly ``text``."""
    if "_x" not in text and not _XML_UNSAFE.search(text):
        return text
    text = _ESCAPED_LITERAL.sub(r"_x005F_\1", text)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


@dataclass(frozen=True, slots=True)
class CellValue:
    value: str | int | float | dt.date
    number_format: str | None = None  # only for numbers and dates
    quote_prefix: bool = False


def cell_value(text: str, *, static: bool) -> CellValue:
    """What goes into the cell for a plain ``text``.

    A data (non-static) text that is a plain decimal number (``12``, ``-3``,
    ``0.5``; no leading zeros, no full-width digits, at most 15 digits) becomes
    a number with a format that prints exactly the same characters (``0.50``
    stays ``0.50``). Anything else is a string; one starting with ``= + - @``,
    tab or CR gets Excel's quote prefix so that editing it later does not turn
    it into a formula. Static labels always stay text.
    """
    if not static:
        m = _NUMBER.fullmatch(text)
        digits = sum(ch.isdigit() for ch in text)
        if m and digits <= _MAX_NUMBER_DIGITS and not _NEGATIVE_ZERO.fullmatch(text):
            decimals = m.group(1)
            if decimals is None:
                return CellValue(int(text), "0")
            return CellValue(float(text), "0." + "0" * len(decimals))
    return CellValue(ooxml_escape(text), quote_prefix=text.startswith(FORMULA_PREFIXES))


def typed_cell_value(box: TextBox) -> CellValue | None:
    """The cell value of a box with a typed number or date (None: write its text)."""
    typed = box.typed
    if typed is None or typed.formula is not None or typed.value is None:
        return None
    value = typed.value
    if isinstance(value, bool):  # a bool is an int to Python, never a grade or a count
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return CellValue(value, typed.number_format or WAREKI_DATE_FORMAT)
    if isinstance(value, int):
        return CellValue(value, typed.number_format or "0")
    return CellValue(float(value), typed.number_format or "General")


# ---------------------------------------------------------------- letter spacing


def _space_em() -> float:
    font = load_font()
    return font.h_advance(font.glyph_for(0x20) or 0) / font.units_per_em


def spacer(em: float) -> str:
    """Spaces about ``em`` wide in IPAmj明朝: full-width spaces (1 em) then ASCII ones (0.29 em)."""
    full = int(em + 0.15)
    narrow = round(max(em - full, 0.0) / _space_em())
    return IDEOGRAPHIC_SPACE * full + " " * narrow


def letter_spaced(box: TextBox) -> str:
    """A static one-line label printed with 字間 as text with the spacing typed in.

    ``distribute`` (均等割り) boxes keep their text: Excel's distributed alignment
    does that spacing itself. Data is never changed: only labels get spaces.
    """
    if not box.static or box.align == "distribute" or len(box.lines) != 1 or box.size <= 0:
        return box.text
    line = box.lines[0]
    em = line.spacing / (box.size * PT_TO_MM)
    gap = spacer(em) if line.spacing > 0 else ""
    if not gap or line.run.text != box.text:
        return box.text
    return gap.join(regex.findall(r"\X", box.text))


def spread_rect(box: TextBox) -> Rect | None:
    """Where a letter-spaced one-line data text is printed, for a cell with distributed alignment.

    Data keeps its exact characters (a name or a school's title never gets
    extra spaces), so a data text printed with 字間 gets a cell exactly as wide
    as its printed extent, and Excel's (and LibreOffice's) distributed
    alignment spreads it the way the PDF does. None for any other box.
    """
    if box.static or box.vertical or len(box.lines) != 1 or box.lines[0].spacing <= 0:
        return None
    line = box.lines[0]
    if len(line.run.glyphs) < 2:
        return None
    printed = line.run.width_mm(box.size) + line.spacing * (len(line.run.glyphs) - 1)
    return Rect(line.x, box.rect.y, printed, box.rect.h)


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell on a sheet: zero-based row and column."""

    sheet: str
    row: int
    col: int


def column_letter(col: int) -> str:
    """Zero-based column index → Excel letters (0 → A, 26 → AA)."""
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _ranges(refs: Sequence[CellRef], here: str) -> list[str]:
    """References as short as possible: runs of adjacent cells in one row or column become A1:C1."""
    out: list[str] = []
    i = 0
    while i < len(refs):
        first = refs[i]
        j = i
        step: tuple[int, int] | None = None
        while j + 1 < len(refs) and refs[j + 1].sheet == first.sheet:
            d = (refs[j + 1].row - refs[j].row, refs[j + 1].col - refs[j].col)
            if d not in ((0, 1), (1, 0)) or (step is not None and d != step):
                break
            step = d
            j += 1
        last = refs[j]
        prefix = "" if first.sheet == here else quote_sheet(first.sheet) + "!"
        a = f"{column_letter(first.col)}{first.row + 1}"
        b = f"{column_letter(last.col)}{last.row + 1}"
        out.append(prefix + (a if j == i else f"{a}:{b}"))
        i = j + 1
    return out


def excel_formula(formula: Formula, refs: Sequence[CellRef], here: str) -> str:
    """The Excel formula (without "=") computing ``formula`` over the cells ``refs``.

    ``sum`` → SUM, ``average`` → AVERAGE (both skip text such as "/"),
    ``difference`` → A1-SUM(B1:C1), ``percent`` → A1*100/B1, ``decimals``
    → ROUND (half away from zero: 四捨五入), ``require_all`` → blank until every
    referenced cell holds a number (COUNT, not COUNTA: a total that is itself still
    blank "" counts as missing). An average of no numbers or a percent of 0 is blank,
    never #DIV/0!.
    """
    args = ",".join(_ranges(refs, here))
    match formula.kind:
        case "sum" | "average":
            expr = f"{'SUM' if formula.kind == 'sum' else 'AVERAGE'}({args})"
        case "difference":
            first, *rest = _ranges(refs[:1], here) + _ranges(refs[1:], here)
            expr = f"{first}-SUM({','.join(rest)})" if rest else f"N({first})"
        case "percent":
            if len(refs) != 2:
                raise ValueError(f"a percent is of two cells, not {len(refs)}")
            part, whole = (_ranges([r], here)[0] for r in refs)
            expr = f"{part}*100/{whole}"
    if formula.decimals is not None:
        expr = f"ROUND({expr},{formula.decimals})"
    if formula.kind in ("average", "percent"):
        expr = f'IFERROR({expr},"")'
    if formula.require_all:
        expr = f'IF(COUNT({args})<{len(refs)},"",{expr})'
    return expr
