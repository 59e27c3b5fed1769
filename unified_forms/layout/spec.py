"""The layout file format, as data: pydantic models that validate every YAML/JSON layout.

Layout files are the contract between a 教務 office that wants a different
arrangement and the code that prints it, so the format is closed
(``extra="forbid"``), versioned (``format_version``) and has a JSON Schema
(``layouts/layout.schema.json``, generated from these models). Nothing in a
layout file is ever executed: options are substituted by name (``"$name"``),
never evaluated.

Geometry: millimetres. Inside a pattern, element rectangles are relative to
the pattern instance's origin; a negative ``x`` counts from the instance's
right edge, and a ``w`` of zero or less stretches to the right edge minus
``-w``. This lets one header pattern serve A4 portrait and A3 landscape.

A layout file is untrusted data (a school's own arrangement, a file passed with
``--layout``), so every number is bounded here, once, at load: finite (no
``.nan``/``.inf``), lengths within the largest paper side, font sizes within
what a printed form can use, line widths within what a printer draws, counts
capped. Booleans are not numbers (``rows: true`` is refused, not read as 1).
What the compiler resolves from these numbers is checked against the page in
``kinds.expand``; nothing unbounded reaches the renderers.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

FORMAT_VERSION = 1

# Bounds of every number a layout file may hold (see the module docstring).
MAX_MM = 420.0  # the longest side of the largest paper (A3): no length or coordinate beyond it
MIN_FONT_PT, MAX_FONT_PT = 3.0, 72.0
MAX_LINE_PT = 10.0  # rule widths in points
MAX_COUNT = 500  # rows, lines per box, rows per page
MAX_PADDING_MM = 50.0

Real = Annotated[float, Strict()]  # a finite number (allow_inf_nan=False below), never a bool
Mm = Annotated[float, Strict(), Field(ge=-MAX_MM, le=MAX_MM)]
Length = Annotated[float, Strict(), Field(gt=0, le=MAX_MM)]
FontSize = Annotated[float, Strict(), Field(ge=MIN_FONT_PT, le=MAX_FONT_PT)]
LineWidth = Annotated[float, Strict(), Field(ge=0, le=MAX_LINE_PT, description="rule width in pt")]
Count = Annotated[int, Strict(), Field(ge=1, le=MAX_COUNT)]
Gray = Annotated[float, Strict(), Field(ge=0, le=1)]
Margin = Annotated[float, Strict(), Field(ge=0, le=100)]
OptionRef = Annotated[str, Field(pattern=r"^\$[A-Za-z_][A-Za-z0-9_]*$", description="a pattern option, $name")]
Number = Mm | OptionRef  # a number, or "$option" resolved at compile time
Align = Literal["left", "center", "right", "distribute"]
VAlign = Literal["top", "middle", "bottom"]
LineStyle = Literal["solid", "dashed", "dotted", "double"]
Overflow = Literal["shrink", "error", "continuation"]
Breaks = Literal["text", "label"]

# What a printed text is, for its smallest size and its line breaking. A label is a printed
# name of the form (教科名, 検査項目, a column heading; every static text unless it says
# otherwise); parent: text a family reads (通知表, 治療勧告書); legal: text of a legal record
# (指導要録, 出席簿, 調査書, 健康診断票); data: other data (codes and counts of internal lists).
Role = Literal["label", "parent", "legal", "data"]
ROLE_MIN_PT: Final = MappingProxyType({"label": 6.0, "parent": 6.0, "legal": 6.0, "data": 4.0})
"""The smallest size in pt a text of each role may print at: a box whose text would need less
is refused (FormDataError with its capacity) rather than shrunk below it, so a box that needs
less is redesigned. One table, so a school's arrangement cannot lower it box by box."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class FitSpec(_Spec):
    """How a text box copes with long text; never by cutting it."""

    min_size: FontSize = Field(6.0, description="smallest font size in pt before wrapping/continuing")
    wrap: bool = Field(False, description="allow several lines in the box")
    max_lines: Count | None = None
    line_height: Real = Field(1.25, ge=1.0, le=3.0, description="line pitch as a multiple of the size")
    overflow: Overflow = Field("error", description="what happens when min size is not enough")
    breaks: Breaks = Field(
        "text",
        description="label: break only after 「・」 (and separators), before an opening bracket or at a "
        "newline written into the text; else shrink the whole text on one line. Implied by role label",
    )


class RubySpec(_Spec):
    """ふりがな printed above the text (names): in its own band at the top of the box."""

    size: FontSize = Field(5.0, description="ruby font size in pt (shrinks to min_size to fit)")
    min_size: FontSize = 3.5
    band: Real = Field(0.38, gt=0, lt=0.7, description="share of the box height given to the ruby band")
    per_part: bool = Field(True, description="centre each part's kana over its part (姓 / 名) when given")


class TextStyle(_Spec):
    size: FontSize | OptionRef = Field(10.0, description="font size in pt (or $option)")
    align: Align = "left"
    valign: VAlign = "middle"
    vertical: bool = False
    padding: Real = Field(0.8, ge=0, le=MAX_PADDING_MM, description="inner margin in mm on each side")
    letter_spacing: Real = Field(0.0, ge=0, le=3, description="字間 added after each character, in em (titles)")
    fit: FitSpec = FitSpec()
    ruby: RubySpec | None = Field(None, description="print the value's ふりがな above it")
    role: Role | str | None = Field(
        None,
        description="label | parent | legal | data (or $option): the smallest size is ROLE_MIN_PT[role] "
        "(6 pt for labels, parents' text and legal records); label also breaks only between words. "
        "Unset: the form's text_role for data, label for printed labels when the form sets text_role",
    )
    strike: bool = Field(
        False, description="a line through each printed line: an entry superseded but kept (学籍 changes on 様式1)"
    )
    continued_mark: str | None = Field(
        None,
        description="printed small at the bottom right of the box when its text continues on a 別紙 "
        "(overflow: continuation), e.g. 「（別紙に続く）」; the text is fitted above it",
    )


class TextElement(_Spec):
    """A label printed on every form (``text``) or a value from the data (``slot``)."""

    kind: Literal["text"]
    rect: tuple[Number, Number, Number, Number]
    text: str | None = None
    slot: str | None = None
    label: str | None = Field(None, description="Japanese name of the field (continuation sheets, reports)")
    style: TextStyle = TextStyle()
    when: str | None = Field(None, description="only present when this option/flag is true")


class BoxElement(_Spec):
    """A rectangle outline (and optional shading)."""

    kind: Literal["box"]
    rect: tuple[Number, Number, Number, Number]
    width: LineWidth = 0.5
    style: LineStyle = "solid"
    sides: str = Field("tblr", pattern=r"^[tblr]*$", description="which sides are drawn")
    fill: Gray | None = Field(None, description="gray level, 0 black .. 1 white")
    when: str | None = None


class LineElement(_Spec):
    kind: Literal["line"]
    points: tuple[Number, Number, Number, Number]
    width: LineWidth = 0.5
    style: LineStyle = "solid"
    when: str | None = None


class Column(_Spec):
    """One column of a table: header label, the row field it prints, its width."""

    key: str = Field(description="field of each row object in the list slot")
    label: str
    width: Length | None = Field(None, description="mm; omit on one or more columns to share the rest")
    style: TextStyle = TextStyle(size=9.0, fit=FitSpec(min_size=5.0))
    header_style: TextStyle = TextStyle(size=9.0, align="center")
    when: str | None = Field(None, description="column printed only when this column option is chosen")


class TableElement(_Spec):
    """A grid with a header row and a fixed number of body rows filled from a list slot."""

    kind: Literal["table"]
    origin: tuple[Number, Number]
    width: Number
    source: str = Field(description="list slot whose items fill the rows")
    rows: Count
    row_height: Length
    header_height: Length
    columns: tuple[Column, ...] = Field(min_length=1)
    outer_width: LineWidth = 0.8
    inner_width: LineWidth = 0.3
    header_fill: Gray | None = Field(0.9)
    every: Count | None = Field(5, description="a slightly heavier rule after every N rows")
    when: str | None = None


class GridColumn(_Spec):
    """One column of a ``grid``: the row field it prints, its header label and width."""

    key: str = Field(description="field of each row object (or of each item of columns_from)")
    label: str = ""
    width: Length | None = Field(None, description="mm; omit to share the rest with the other flexible columns")
    span: bool = Field(False, description="merge consecutive rows with the same value into one cell (row groups)")
    vertical: bool | Literal["auto"] = Field(
        False, description="print the cell vertically; auto: when the (merged) cell is tall and narrow"
    )
    style: TextStyle = TextStyle(size=9.0, align="center", fit=FitSpec(min_size=5.0))
    header_style: TextStyle = TextStyle(size=8.0, align="center", fit=FitSpec(min_size=5.0))
    when: str | None = Field(None, description="column printed only when this option/flag is true")
    uniform: bool | str = Field(
        False,
        description="print every cell of this column at one size, the largest all of them fit at "
        "(one label size per block); or the name of a bool option/flag that says so",
    )


class GridElement(_Spec):
    """A matrix whose rows come from a list slot and whose data columns may come from data too.

    One kind serves 観点別学習状況 (教科 spanning its 観点 rows × 学期 columns), 行動の記録
    (10 items × 学期, ○), 出欠の記録 (items × 学期 or 月 columns), 特別活動 and 文章記述 blocks
    (学期 rows × one wide text column), 検印 (印 rows × 学期) — and, with ``columns_from`` naming
    a list of 学年 instead of 学期, the same patterns serve 指導要録 and 調査書.

    Columns, left to right: ``lead`` (labels such as 教科 and 観点; ``span`` merges a row group),
    then ``columns`` (static data columns), then one column per item of ``columns_from`` (a list
    slot whose items have ``key`` and ``label``; each row prints ``row[item.key]``), then ``tail``.
    Rows: ``rows`` fixed (blank rows printed) or, when omitted, exactly the data rows; their height
    is ``row_height`` or, when ``height`` is given, the height shared equally (``height`` <= 0
    stretches to the frame's bottom edge minus ``-height``). A row may list column keys in its
    ``_slash`` field (space separated): those cells get a diagonal 斜線 instead of text. A row whose
    ``_group_rule`` field is non-empty gets a heavier rule above it.
    ``source`` and ``columns_from`` accept ``$option``, so a pattern option can choose the list.
    """

    kind: Literal["grid"]
    origin: tuple[Number, Number] = (0.0, 0.0)
    width: Number = 0.0
    height: Number | None = None
    source: str = Field(description="list slot whose items fill the rows")
    lead: tuple[GridColumn, ...] = ()
    columns: tuple[GridColumn, ...] = ()
    columns_from: str | None = Field(None, description="list slot of {key, label} items: one data column each")
    column_width: Number | None = Field(None, description="width of each columns_from column (mm or $option)")
    cell_style: TextStyle = TextStyle(size=9.0, align="center", fit=FitSpec(min_size=5.0))
    tail: tuple[GridColumn, ...] = ()
    rows: Count | None = Field(None, description="fixed row count; omit for exactly the data rows")
    row_height: Length | None = None
    min_row_height: Length = Field(3.5, description="data rows squeezed below this are an error")
    header_height: Real = Field(7.0, ge=0, le=MAX_MM, description="0: no header row")
    header_label: str | None = Field(None, description="caption spanning the data columns (two-tier header)")
    header_fill: Gray | None = Field(0.92)
    lead_fill: Gray | None = Field(None, description="shade the lead (label) columns")
    outer_width: LineWidth = 0.8
    inner_width: LineWidth = 0.3
    group_width: LineWidth = Field(0.6, description="rule between row groups of a spanning lead column")
    when: str | None = None
    # columns_from refinements (P-19 集計表): which items print, their header style, their groups
    column_keys: str | tuple[str, ...] | None = Field(
        None,
        description="keys of the columns_from items to print, in this order (a list, or $option naming a list "
        "option); empty or omitted: every item. A key the data does not offer is a layout error.",
    )
    column_header_style: TextStyle | None = Field(
        None, description="header style of the columns_from columns (default: centred 8 pt, one line)"
    )
    group_height: float | None = Field(
        None,
        ge=0,
        description="height of the captions over consecutive columns_from items with the same `group` field "
        "(two-tier header); default half the header height",
    )
    uniform_headers: bool | str = Field(
        False,
        description="print the heads of the data columns (columns and columns_from) at one size, the largest "
        "all of them fit at (one label size per block); or the name of a bool option/flag that says so",
    )


class CalendarColumn(_Spec):
    """A fixed column of a ``calendar`` grid (番号, 氏名, a monthly total, 備考)."""

    key: str = Field(description="field of each row object")
    label: str = ""
    width: Number = Field(description="mm (or $option)")
    group: str | None = Field(None, description="caption over consecutive columns of the same group (当月, 年間累計)")
    style: TextStyle = TextStyle(size=8.0, align="center", padding=0.3, fit=FitSpec(min_size=4.5))
    header_style: TextStyle = TextStyle(
        size=6.5, align="center", padding=0.3, fit=FitSpec(min_size=4.0, wrap=True, line_height=1.05)
    )
    when: str | None = Field(None, description="column printed only when this option/flag is true")


class CalendarElement(_Spec):
    """P-17 月間カレンダーグリッド: lead columns, one column per calendar day, tail columns.

    Day columns come from ``days_from``, a list slot of exactly ``max_days`` items with the
    fields ``key`` (the row field of that day), ``label`` (day number), ``weekday`` (曜日),
    ``shade`` (non-empty: 休業日, the whole column is shaded), ``missing`` (non-empty: the day
    does not exist in this month; the column is struck) and ``week_start`` (non-empty: a
    heavier rule before the day). Body rows come from ``source`` (``rows`` of them are
    drawn, blank ones too); a row may list day keys in its ``_strike`` field (space separated):
    each run of consecutive listed days is struck through with one 斜線 (出席簿: days outside the
    pupil's enrolment). ``footer_source`` rows (per-day counts) follow the body; their
    ``label`` spans the first lead column over consecutive equal labels and ``sub`` fills
    the other lead columns. The day columns share whatever width lead and tail leave.
    """

    kind: Literal["calendar"]
    origin: tuple[Number, Number] = (0.0, 0.0)
    width: Number = 0.0
    source: str = Field(description="list slot of the body rows")
    days_from: str = Field(description="list slot of the day items")
    max_days: int = Field(31, ge=1, le=31)
    lead: tuple[CalendarColumn, ...] = ()
    tail: tuple[CalendarColumn, ...] = ()
    rows: Count | OptionRef = Field(description="body rows drawn (or $option)")
    row_height: Number
    day_height: Number = 6.0
    weekday_height: Number = 5.0
    group_height: Real = Field(4.0, ge=0, le=MAX_MM, description="height of the tail group captions inside the header")
    day_style: TextStyle = TextStyle(size=8.0, align="center", padding=0.2, fit=FitSpec(min_size=5.0))
    weekday_style: TextStyle = TextStyle(size=7.0, align="center", padding=0.2, fit=FitSpec(min_size=5.0))
    cell_style: TextStyle = TextStyle(size=8.0, align="center", padding=0.3, fit=FitSpec(min_size=4.0))
    footer_source: str | None = Field(None, description="list slot of per-day footer rows")
    footer_row_height: Number = 3.6
    footer_label_style: TextStyle = TextStyle(size=7.0, align="center", padding=0.3, fit=FitSpec(min_size=4.5))
    footer_style: TextStyle = TextStyle(size=6.5, align="center", padding=0.2, fit=FitSpec(min_size=4.0))
    shade: Gray = Field(0.86, description="gray of 休業日 columns")
    missing_shade: Gray = Field(0.72, description="gray of days the month does not have")
    header_fill: Gray | None = Field(0.94)
    every: Count | None = Field(5, description="a heavier rule after every N body rows")
    outer_width: LineWidth = 0.9
    inner_width: LineWidth = 0.25
    group_width: LineWidth = Field(0.6, description="rules between lead, days, tail and weeks")
    when: str | None = None


class ImageElement(_Spec):
    """A picture (校章, 公印, 学校医 印影) placed in ``rect``, keeping its aspect ratio, centred.

    ``slot``: an image given in the input (base64 PNG/JPEG, e.g. the 通知表's ``emblem``);
    ``file``: a PNG/JPEG file relative to the layout file that names it (a school's own
    arrangement; ``$option`` names a pattern option). With both, the input's image wins and the
    file is the default. Nothing is drawn when neither gives an image. In PDF/A mode an image
    with transparent pixels is flattened onto white when nothing else is drawn under it, and
    refused otherwise.
    """

    kind: Literal["image"]
    rect: tuple[Number, Number, Number, Number]
    slot: str | None = None
    file: str | None = Field(None, description="PNG/JPEG file relative to this layout file, or $option")
    align: Literal["left", "center", "right"] = "center"
    label: str | None = Field(None, description="Japanese name of the image (errors)")
    when: str | None = None


Element = Annotated[
    TextElement | BoxElement | LineElement | TableElement | GridElement | CalendarElement | ImageElement,
    Field(discriminator="kind"),
]


class OptionSpec(_Spec):
    type: Literal["number", "string", "bool", "list"]
    default: Any = None
    description: str = ""


class PatternFile(_Spec):
    """A reusable layout fragment (P-01 帳票ヘッダ, ...)."""

    format_version: Annotated[int, Strict(), Field(ge=1)]
    pattern: str = Field(description="pattern id, e.g. P-01")
    name: str
    version: str
    description: str = ""
    size: tuple[Number, Number] = Field(description="width and height in mm")
    options: dict[str, OptionSpec] = {}
    elements: tuple[Element, ...]


class Placement(_Spec):
    use: str = Field(description="pattern id (P-01) or pattern name (header)")
    at: tuple[Mm, Mm] = Field(description="mm from the page's (or the panel's) top-left corner")
    options: dict[str, Any] = {}
    panel: str | None = Field(None, description="name of the panel the block sits in; `at` is then panel-relative")
    size: tuple[Mm, Mm] | None = Field(
        None, description="override the pattern's size [w, h] in mm (w <= 0 stretches to the panel/margin)"
    )
    when: str | tuple[str, ...] | None = Field(
        None,
        description="block printed only when every flag holds ('!flag': when it is not set); flags come from "
        "the binding (e.g. foreign_activity for 小3・4). Overlap is checked among the blocks printed.",
    )


class Paginate(_Spec):
    source: str = Field(description="list slot split across pages")
    per_page: Count


class Paper(_Spec):
    size: Literal["A4", "A3", "B4", "B5"]
    orientation: Literal["portrait", "landscape"]
    margins: tuple[Margin, Margin, Margin, Margin] = (10.0, 10.0, 10.0, 10.0)


class Panel(_Spec):
    """A named area of a page (one A4 face of a folded A3 sheet); blocks placed in it must stay inside."""

    name: str
    rect: tuple[Mm, Mm, Length, Length] = Field(description="x, y, w, h in mm on the page")
    label: str = ""


class PageSpec(_Spec):
    """One distinct printed page (one side of a sheet) of a multi-page form."""

    name: str = Field(description="sheet name in XLSX, e.g. 表面")
    panels: tuple[Panel, ...] = ()
    blocks: tuple[Placement, ...] = ()
    elements: tuple[Element, ...] = ()
    when: str | None = Field(None, description="page printed only when this flag is set")


class FormLayout(_Spec):
    """A form: paper, pattern placements, how list data flows over pages.

    Either one page design (``blocks``/``elements``, repeated over pages by ``paginate``) or
    several distinct pages (``pages``: e.g. the two sides of a folded A3 通知表, each with its
    panels). ``arrangement`` names a 通知表 arrangement so that input can select it by name.
    Blocks are checked when the file is compiled: each must stay inside its panel (or the page)
    and blocks of one page must not overlap.
    """

    format_version: Annotated[int, Strict(), Field(ge=1)]
    id: str
    version: str
    title: str
    paper: Paper
    arrangement: str | None = Field(None, description="name a school selects, e.g. elementary_3term")
    terms: int | None = Field(None, ge=1, le=3, description="the 学期制 an arrangement is drawn for (2 or 3)")
    school_type: Literal["elementary", "junior_high", "compulsory"] | None = Field(
        None, description="the 学校種 an arrangement is drawn for"
    )
    description: str = ""
    text_role: Role | None = Field(
        None,
        description="role of this form's data text (parent: 通知表; legal: 出席簿, 調査書 …): its smallest "
        "size, and printed labels become role label; a box's own style.role wins",
    )
    paginate: Paginate | None = None
    blocks: tuple[Placement, ...] = ()
    elements: tuple[Element, ...] = ()
    pages: tuple[PageSpec, ...] = ()

    @model_validator(mode="after")
    def _one_design(self) -> FormLayout:
        if self.pages and (self.blocks or self.elements or self.paginate):
            _fault(("pages",), "give either pages or top-level blocks/elements/paginate, not both")
        if not self.pages and not self.blocks and not self.elements:
            _fault(("blocks",), "a form needs blocks, elements or pages")
        seen: set[str] = set()
        pw, ph = page_size(self.paper)
        for k, page in enumerate(self.pages):
            if page.name in seen:
                _fault(("pages", k, "name"), "page names must be unique")
            seen.add(page.name)
            panels: set[str] = set()
            for j, panel in enumerate(page.panels):
                if panel.name in panels:
                    _fault(("pages", k, "panels", j, "name"), f"panel names on page {k + 1} must be unique")
                panels.add(panel.name)
                x, y, w, h = panel.rect
                if x < 0 or y < 0 or x + w > pw + 0.01 or y + h > ph + 0.01:
                    _fault(("pages", k, "panels", j, "rect"), "the panel extends outside the paper")
        return self


def _fault(loc: tuple[str | int, ...], message: str) -> NoReturn:
    """A rule across entries, reported at the entry that breaks it (not at the file's top)."""
    error = PydanticCustomError("layout_rule", "{message}", {"message": message})
    raise ValidationError.from_exception_data("FormLayout", [InitErrorDetails(type=error, loc=loc, input=None)])


PAPER_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "B4": (257.0, 364.0),
    "B5": (182.0, 257.0),
}


def page_size(paper: Paper) -> tuple[float, float]:
    w, h = PAPER_MM[paper.size]
    return (h, w) if paper.orientation == "landscape" else (w, h)


def json_schema() -> dict[str, Any]:
    """One JSON Schema that accepts either a form layout or a pattern file."""
    form = FormLayout.model_json_schema()
    pattern = PatternFile.model_json_schema()
    defs: dict[str, Any] = {}
    for schema in (form, pattern):
        defs.update(schema.pop("$defs", {}))
    defs["FormLayout"] = form
    defs["PatternFile"] = pattern
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "unified_forms layout file",
        "description": f"format_version {FORMAT_VERSION}: a form layout (layouts/forms) or a pattern file",
        "oneOf": [{"$ref": "#/$defs/FormLayout"}, {"$ref": "#/$defs/PatternFile"}],
        "$defs": defs,
    }
