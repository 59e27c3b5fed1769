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
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_VERSION = 1

Number = float | str  # a number, or "$option" resolved at compile time
Align = Literal["left", "center", "right", "distribute"]
VAlign = Literal["top", "middle", "bottom"]
LineStyle = Literal["solid", "dashed", "dotted", "double"]
Overflow = Literal["shrink", "error", "continuation"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FitSpec(_Spec):
    """How a text box copes with long text; never by cutting it."""

    min_size: float = Field(6.0, gt=0, description="smallest font size in pt before wrapping/continuing")
    wrap: bool = Field(False, description="allow several lines in the box")
    max_lines: int | None = Field(None, ge=1)
    line_height: float = Field(1.25, ge=1.0, le=3.0, description="line pitch as a multiple of the size")
    overflow: Overflow = Field("error", description="what happens when min size is not enough")


class TextStyle(_Spec):
    size: Number = 10.0
    align: Align = "left"
    valign: VAlign = "middle"
    vertical: bool = False
    padding: float = Field(0.8, ge=0, description="inner margin in mm on each side")
    letter_spacing: float = Field(0.0, ge=0, le=3, description="字間 added after each character, in em (titles)")
    fit: FitSpec = FitSpec()


class TextElement(_Spec):
    """A label printed on every form (``text``) or a value from the data (``slot``)."""

    kind: Literal["text"]
    rect: tuple[Number, Number, Number, Number]
    text: str | None = None
    slot: str | None = None
    style: TextStyle = TextStyle()
    when: str | None = Field(None, description="only present when this option/flag is true")


class BoxElement(_Spec):
    """A rectangle outline (and optional shading)."""

    kind: Literal["box"]
    rect: tuple[Number, Number, Number, Number]
    width: float = 0.5
    style: LineStyle = "solid"
    sides: str = Field("tblr", pattern=r"^[tblr]*$", description="which sides are drawn")
    fill: float | None = Field(None, ge=0, le=1, description="gray level, 0 black .. 1 white")
    when: str | None = None


class LineElement(_Spec):
    kind: Literal["line"]
    points: tuple[Number, Number, Number, Number]
    width: float = 0.5
    style: LineStyle = "solid"
    when: str | None = None


class Column(_Spec):
    """One column of a table: header label, the row field it prints, its width."""

    key: str = Field(description="field of each row object in the list slot")
    label: str
    width: float | None = Field(None, gt=0, description="mm; omit on one or more columns to share the rest")
    style: TextStyle = TextStyle(size=9.0, fit=FitSpec(min_size=5.0))
    header_style: TextStyle = TextStyle(size=9.0, align="center")
    when: str | None = Field(None, description="column printed only when this column option is chosen")


class TableElement(_Spec):
    """A grid with a header row and a fixed number of body rows filled from a list slot."""

    kind: Literal["table"]
    origin: tuple[Number, Number]
    width: Number
    source: str = Field(description="list slot whose items fill the rows")
    rows: int = Field(ge=1)
    row_height: float = Field(gt=0)
    header_height: float = Field(gt=0)
    columns: tuple[Column, ...] = Field(min_length=1)
    outer_width: float = 0.8
    inner_width: float = 0.3
    header_fill: float | None = Field(0.9, ge=0, le=1)
    every: int | None = Field(5, ge=1, description="a slightly heavier rule after every N rows")
    when: str | None = None


Element = Annotated[TextElement | BoxElement | LineElement | TableElement, Field(discriminator="kind")]


class OptionSpec(_Spec):
    type: Literal["number", "string", "bool", "list"]
    default: Any = None
    description: str = ""


class PatternFile(_Spec):
    """A reusable layout fragment (P-01 帳票ヘッダ, ...)."""

    format_version: int
    pattern: str = Field(description="pattern id, e.g. P-01")
    name: str
    version: str
    description: str = ""
    size: tuple[Number, Number] = Field(description="width and height in mm")
    options: dict[str, OptionSpec] = {}
    elements: tuple[Element, ...]


class Placement(_Spec):
    use: str = Field(description="pattern id (P-01) or pattern name (header)")
    at: tuple[float, float]
    options: dict[str, Any] = {}


class Paginate(_Spec):
    source: str = Field(description="list slot split across pages")
    per_page: int = Field(ge=1)


class Paper(_Spec):
    size: Literal["A4", "A3", "B4", "B5"]
    orientation: Literal["portrait", "landscape"]
    margins: tuple[float, float, float, float] = (10.0, 10.0, 10.0, 10.0)


class FormLayout(_Spec):
    """A form: paper, pattern placements, how list data flows over pages."""

    format_version: int
    id: str
    version: str
    title: str
    paper: Paper
    paginate: Paginate | None = None
    blocks: tuple[Placement, ...]
    elements: tuple[Element, ...] = ()


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
