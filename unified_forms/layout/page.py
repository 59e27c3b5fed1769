"""The resolved page model: the only thing renderers ever see.

Everything here is final: positions in millimetres from the top-left corner of
the page, font sizes in points, text already shaped and broken into lines.
A renderer that needs to measure, shape or fit something has found a bug in
the layout stage, not a reason to decide on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from unified_forms.models.image import ImageData
from unified_forms.text.shape import ShapedRun

Align = Literal["left", "center", "right", "distribute"]
VAlign = Literal["top", "middle", "bottom"]
LineStyle = Literal["solid", "dashed", "dotted", "double"]


@dataclass(frozen=True, slots=True)
class Rect:
    """A box in mm; ``y`` grows downwards from the top edge of the page."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight printed line from (x1, y1) to (x2, y2), mm."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5  # pt
    style: LineStyle = "solid"
    static: bool = True  # part of the form's chrome, not of the data


@dataclass(frozen=True, slots=True)
class Fill:
    """A shaded area (休業日 columns, 斜線 cells are rules, not fills)."""

    rect: Rect
    gray: float = 0.85  # 0 black .. 1 white
    static: bool = True


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line. For horizontal text (x, baseline) is the pen start;
    for vertical text (x, baseline) is the centre of the column at the top
    edge of the first glyph, and glyphs advance downwards."""

    x: float
    baseline: float
    run: ShapedRun
    # extra spacing in mm added after every glyph (均等割り / distribute)
    spacing: float = 0.0


FormulaKind = Literal["sum", "average", "difference", "percent"]


def wareki_format(prefix: str = "", suffix: str = "") -> str:
    """Excel number format of a date in 和暦 (令和6年4月1日), with literal text around it.

    The locale tag comes first: LibreOffice reads ``[$-411]`` only at the start.
    """
    lit = [f'"{t.replace(chr(34), "”")}"' if t else "" for t in (prefix, suffix)]
    return f'[$-411]{lit[0]}ggge"年"m"月"d"日"{lit[1]}'


WAREKI_DATE_FORMAT = wareki_format()
# an integer shown in full-width digits (２０), as Japanese forms print 評定 and 合計 (Excel and LibreOffice)
FULL_WIDTH_INTEGER_FORMAT = "[$-411][DBNum3]0"


@dataclass(frozen=True, slots=True)
class Formula:
    """A value a spreadsheet should compute from other boxes, named by their data paths.

    ``sum`` / ``average`` of the numbers among ``paths`` (text such as "/" 評定しない
    is left out, as the binding's own arithmetic does); ``difference``: the first
    path's number minus the sum of the others (出席日数 = 授業日数 − 出席停止 − 忌引 − 欠席);
    ``percent``: the first over the second × 100, blank when the second is 0 or empty
    (出席率); ``decimals`` rounds half up
    (四捨五入) to that many places; ``require_all`` leaves the result blank while any
    of ``paths`` is still empty, so a total is never shown over fewer subjects.
    Renderers that print (PDF) ignore it: the box's ``text`` is the computed value.
    """

    kind: FormulaKind
    paths: tuple[str, ...]
    decimals: int | None = None
    require_all: bool = False


@dataclass(frozen=True, slots=True)
class Typed:
    """What a spreadsheet cell holds for a box instead of its printed text.

    ``value`` is the number or date the text shows (a 評定 2 printed "※2", a date
    printed in 和暦); ``number_format`` is a hint in Excel's format-code syntax
    that shows the value as the text does (``"※"0``, ``[$-411]ggge"年"m"月"d"日"``);
    ``mark`` names a look the cell should get (e.g. ``"shuten"``, the 朱点 marker).
    With ``formula`` the cell computes its value; ``value`` is then the cached
    result for viewers that do not calculate.
    """

    value: int | float | dt.date | None = None
    number_format: str | None = None
    mark: str | None = None
    formula: Formula | None = None


@dataclass(frozen=True, slots=True)
class TextBox:
    """A text placed in a box. ``text`` is the full value exactly as given
    (for spreadsheets and reports); ``lines`` is what the PDF prints."""

    rect: Rect
    text: str
    size: float  # pt
    lines: tuple[TextLine, ...]
    align: Align = "left"
    valign: VAlign = "middle"
    vertical: bool = False
    static: bool = False  # a printed label of the form (chrome)
    field: str | None = None  # data path for reports and errors
    ruby: tuple[TextBox, ...] = ()  # ふりがな placed above the base text
    typed: Typed | None = None  # the typed value / formula behind ``text`` (spreadsheets only)
    wrap: bool = False  # a multi-line text box: its style may break lines (a clerk's longer text wraps)
    color: str | None = None  # "RRGGBB" of a text printed in colour (朱点); None: black
    role: str | None = None  # label / parent / legal / data when the layout gives one (layout/roles.py)
    strike: bool = False  # struck through (a superseded entry kept on record); the lines are also rules
    # the layout element (and its part: a table's header row, a grid's column) that placed this text:
    # one block prints its labels at one size (issue 13). For checks and reports, never drawn, and
    # left out of ==: equal chrome on two pages (one PDF template) stays equal whatever placed it
    block: str | None = dataclasses.field(default=None, compare=False)  # (``field`` is a box attribute here)


@dataclass(frozen=True, slots=True)
class PlacedImage:
    """A picture (校章, 印影) drawn in ``rect`` (mm; already fitted to the image's aspect ratio).

    ``field`` is the data path of an image given in the input, or the layout file's image name.
    Renderers draw it above everything else on the page.
    """

    rect: Rect
    image: ImageData
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    width: float  # mm
    height: float  # mm
    rules: tuple[Rule, ...] = ()
    fills: tuple[Fill, ...] = ()
    texts: tuple[TextBox, ...] = ()
    # identifies the static chrome so renderers may draw it once and reuse it
    template_key: str = ""
    images: tuple[PlacedImage, ...] = ()  # issue 16: drawn last (layout/kinds/image.py)


@dataclass(frozen=True, slots=True)
class PrintSetup:
    paper: Literal["A4", "A3", "B4", "B5"]
    orientation: Literal["portrait", "landscape"]
    margins: tuple[float, float, float, float] = (10.0, 10.0, 10.0, 10.0)  # mm t, r, b, l


@dataclass(frozen=True, slots=True)
class Document:
    form_id: str
    title: str
    setup: PrintSetup
    pages: tuple[Page, ...]
    layout_version: str = ""
    sheet_names: tuple[str, ...] = field(default=())
