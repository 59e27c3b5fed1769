"""The workbook reopened with openpyxl (and, for borders inside merges, read from the raw XML)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from unified_forms.errors import FormDataError, LayoutError
from unified_forms.layout.page import Document, Fill, Page, PrintSetup, Rect, Rule, TextBox, TextLine
from unified_forms.render.grid import build_grid, column_width_to_mm, points_to_mm
from unified_forms.render.xlsx import (
    border_style,
    cell_value,
    ooxml_escape,
    render_xlsx,
    sheet_titles,
)
from unified_forms.text.shape import ShapedRun

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
IVS_KATSU = "葛\U000e0102"
FA11 = "\ufa11"
TSUCHI_YOSHI = "\U00020bb7"


def run(text: str) -> ShapedRun:
    return ShapedRun(text=text, glyphs=(), advance=0, units_per_em=2048)


def tb(x: float, y: float, w: float, h: float, text: str, size: float = 10.5, **kw: object) -> TextBox:
    return TextBox(rect=Rect(x, y, w, h), text=text, size=size, lines=(), **kw)  # type: ignore[arg-type]


def doc(*pages: Page, setup: PrintSetup | None = None, names: tuple[str, ...] = ()) -> Document:
    return Document(
        form_id="roster",
        title="名簿",
        setup=setup or PrintSetup(paper="A4", orientation="portrait"),
        pages=pages,
        sheet_names=names,
    )


def reopen(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def raw_borders(data: bytes, sheet: int = 1) -> dict[str, dict[str, str]]:
    """cell → {side: style}, straight from the XML (openpyxl's reader rebuilds merged cells' borders)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
        ws = ET.fromstring(z.read(f"xl/worksheets/sheet{sheet}.xml"))
    borders = []
    for b in styles.find("m:borders", NS) or []:
        sides = {}
        for child in b:
            style = child.get("style")
            if style:
                sides[child.tag.split("}")[1]] = style
        borders.append(sides)
    xfs = [int(xf.get("borderId", "0")) for xf in styles.find("m:cellXfs", NS) or []]
    out: dict[str, dict[str, str]] = {}
    for c in ws.iter(f"{{{NS['m']}}}c"):
        sides = borders[xfs[int(c.get("s", "0"))]]
        if sides:
            out[c.get("r", "")] = sides
    return out


# A 3 × 3 table of 20 × 10 mm cells at (10, 20) with a title box spanning its width.
def table_page() -> Page:
    texts = [tb(10, 10, 60, 10, "出席簿", static=True, align="center")]
    for r in range(3):
        for c in range(3):
            texts.append(tb(10 + 20 * c, 20 + 10 * r, 20, 10, f"{r}{c}", field=f"cells[{r}][{c}]"))
    rules = [Rule(10, 20 + 10 * r, 70, 20 + 10 * r, width=0.5) for r in range(4)]
    rules += [Rule(10 + 20 * c, 20, 10 + 20 * c, 50, width=0.5) for c in range(4)]
    return Page(width=210, height=297, rules=tuple(rules), texts=tuple(texts))


# ---------------------------------------------------------------- sheets


def test_one_sheet_per_page_named_from_document() -> None:
    wb = reopen(render_xlsx(doc(table_page(), table_page(), names=("4月", "5月"))))
    assert wb.sheetnames == ["4月", "5月"]


def test_sheets_numbered_without_names() -> None:
    wb = reopen(render_xlsx(doc(table_page(), table_page(), table_page(), names=("表紙",))))
    assert wb.sheetnames == ["表紙", "2", "3"]


def test_sheet_titles_respect_excel_rules() -> None:
    names = ("a/b:c*?[d]", "'quoted'", "x" * 40, "X" * 40, "History", "", "山" * 30 + "﨑" + IVS_KATSU)
    titles = sheet_titles(doc(*(Page(210, 297) for _ in names), names=names))
    assert titles[0] == "a_b_c___d_"
    assert titles[1] == "quoted"
    assert titles[2] == "x" * 31
    assert titles[3] == "X" * 27 + " (2)"  # Excel compares titles case-insensitively
    assert titles[4] != "History"
    assert titles[5] == "6"
    # 31 UTF-16 units, and the base + IVS pair is never split: it is dropped whole
    assert titles[6] == "山" * 30 + "﨑"
    for t in titles:
        assert len(t.encode("utf-16-le")) // 2 <= 31
    assert len({t.casefold() for t in titles}) == len(titles)


def test_sheet_title_keeps_non_bmp_pair_whole() -> None:
    (title,) = sheet_titles(doc(Page(210, 297), names=("山" * 30 + TSUCHI_YOSHI,)))
    assert title == "山" * 30  # 𠮷 needs two UTF-16 units and there is only one left


def test_document_without_pages_is_a_layout_error() -> None:
    with pytest.raises(LayoutError):
        render_xlsx(doc())


# ---------------------------------------------------------------- cells


def test_merged_ranges_follow_boxes() -> None:
    ws = reopen(render_xlsx(doc(table_page()))).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1"}
    assert ws["A1"].value == "出席簿"
    assert ws["B3"].value == 11


def test_values_numbers_and_text() -> None:
    page = Page(
        width=210,
        height=297,
        texts=(
            tb(0, 0, 10, 5, "12"),
            tb(10, 0, 10, 5, "-3", static=True),
            tb(20, 0, 10, 5, "-3"),
            tb(30, 0, 10, 5, "007"),
            tb(40, 0, 10, 5, "0.50"),
            tb(50, 0, 10, 5, "１２"),
            tb(60, 0, 10, 5, "12", static=True),
            tb(70, 0, 10, 5, "1234567890123456"),
            tb(80, 0, 10, 5, "-0"),
            tb(90, 0, 10, 5, "1e5"),
        ),
    )
    ws = reopen(render_xlsx(doc(page))).active
    row = [ws.cell(row=1, column=c) for c in range(1, 11)]
    assert row[0].value == 12 and row[0].data_type == "n"
    assert row[1].value == "-3" and row[1].data_type == "s"  # a static label stays text
    assert row[2].value == -3 and row[2].data_type == "n"
    assert row[3].value == "007"
    assert row[4].value == 0.5 and row[4].number_format == "0.00"  # prints "0.50" again
    assert row[5].value == "１２"
    assert row[6].value == "12"
    assert row[7].value == "1234567890123456"  # more digits than Excel keeps
    assert row[8].value == "-0"
    assert row[9].value == "1e5"


def test_leading_zero_text_in_table() -> None:
    ws = reopen(render_xlsx(doc(table_page()))).active
    # "00", "01", ... are not plain numbers and stay strings; "10", "11" ... are numbers
    assert ws["A2"].value == "00"
    assert ws["B2"].value == "01"
    assert ws["A3"].value == 10


@pytest.mark.parametrize("text", ["=SUM(A1)", "=HYPERLINK(\"http://x\")", "+81 83", "-A1", "@SUM(1)", "\t=1"])
def test_formula_like_text_is_never_a_formula(text: str) -> None:
    data = render_xlsx(doc(Page(210, 297, texts=(tb(0, 0, 30, 10, text, field="students[0].note"),))))
    cell = reopen(data).active["A1"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_exact_code_points_kept() -> None:
    name = f"山{FA11}　{IVS_KATSU}{TSUCHI_YOSHI}"
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(tb(0, 0, 40, 10, name),))))).active
    value = ws["A1"].value
    assert value == name
    assert "\ufa11" in value and "\u5d0e" not in value  # not normalised to 崎
    assert "葛\U000e0102" in value
    assert "\U00020bb7" in value


def test_font_and_size() -> None:
    page = Page(210, 297, texts=(tb(0, 0, 40, 10, "氏名", size=9.0), tb(40, 0, 40, 10, "山田", size=14.0)))
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].font.name == "IPAmj明朝"
    assert ws["A1"].font.sz == 9.0
    assert ws["B1"].font.name == "IPAmj明朝"
    assert ws["B1"].font.sz == 14.0


def test_alignment_wrap_and_vertical_text() -> None:
    two_lines = (TextLine(0, 5, run("一行目")), TextLine(0, 10, run("二行目")))
    page = Page(
        210,
        297,
        texts=(
            tb(0, 0, 40, 10, "氏名", align="distribute", valign="top"),
            TextBox(Rect(40, 0, 40, 10), "一行目二行目", 10.0, two_lines, align="right", valign="bottom"),
            tb(80, 0, 40, 10, "上\n下"),
            tb(120, 0, 10, 40, "縦書き", vertical=True, align="center"),
        ),
    )
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].alignment.horizontal == "distributed"
    assert ws["A1"].alignment.vertical == "top"
    assert not ws["A1"].alignment.wrap_text
    assert ws["B1"].alignment.horizontal == "right"
    assert ws["B1"].alignment.vertical == "bottom"
    assert ws["B1"].alignment.wrap_text is True
    assert ws["C1"].alignment.wrap_text is True
    assert ws["C1"].value == "上\n下"
    assert ws["D1"].alignment.textRotation == 255
    assert ws["D1"].alignment.vertical == "center"


def test_ruby_gets_its_own_cells_above_the_base() -> None:
    base = TextBox(
        rect=Rect(10, 10, 40, 14),
        text=f"{FA11}田",
        size=14,
        lines=(),
        ruby=(TextBox(rect=Rect(10, 10, 40, 4), text="さきた", size=6, lines=()),),
    )
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(base,))), furigana="cells")).active
    assert ws["A1"].value == "さきた"
    assert ws["A1"].font.sz == 6
    assert ws["A2"].value == f"{FA11}田"
    assert ws["A2"].font.sz == 14


def test_ruby_narrower_than_base_does_not_overlap_merges() -> None:
    base = TextBox(
        rect=Rect(10, 10, 60, 14),
        text="山田",
        size=14,
        lines=(),
        ruby=(TextBox(rect=Rect(20, 10, 20, 4), text="やまだ", size=6, lines=()),),
    )
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(base,))), furigana="cells")).active
    ranges = list(ws.merged_cells.ranges)
    cells = [set(r.cells) for r in ranges]
    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            assert not cells[i] & cells[j]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert sorted(values) == sorted(["山田", "やまだ"])


def test_fully_covered_box_keeps_its_text() -> None:
    page = Page(210, 297, texts=(tb(0, 0, 40, 10, "令和", static=True), tb(0, 0, 40, 10, "6年")))
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].value == "令和\n6年"
    assert ws["A1"].data_type == "s"


def test_text_longer_than_an_excel_cell_names_the_field() -> None:
    page = Page(210, 297, texts=(tb(0, 0, 40, 10, "あ" * 40000, field="remarks.general"),))
    with pytest.raises(FormDataError) as err:
        render_xlsx(doc(page))
    assert err.value.errors[0].path == "remarks.general"
    assert "40000" in str(err.value)


def test_control_characters_use_ooxml_escapes() -> None:
    assert ooxml_escape("a\rb") == "a_x000D_b"
    assert ooxml_escape("x_x000D_y") == "x_x005F_x000D_y"  # a literal stays literal in Excel
    assert ooxml_escape("a\x01b") == "a_x0001_b"
    assert ooxml_escape("普通\n\tの文") == "普通\n\tの文"
    data = render_xlsx(doc(Page(210, 297, texts=(tb(0, 0, 40, 10, "行1\r\n行2"),))))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "行1_x000D_\n行2" in z.read("xl/worksheets/sheet1.xml").decode()


def test_cell_value_rules() -> None:
    assert cell_value("30", static=False).value == 30
    assert cell_value("30", static=True).value == "30"
    assert cell_value("=1", static=False).quote_prefix
    assert cell_value("3.140", static=False).number_format == "0.000"


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",), blacklist_characters="\r\x00\ufffe\uffff", max_codepoint=0x2FFFF
        ).filter(lambda ch: ch in "\n\t" or ord(ch) >= 0x20),
        min_size=1,
        max_size=30,
    ).filter(lambda s: "_x" not in s)
)
def test_any_static_text_round_trips_exactly(text: str) -> None:
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(tb(0, 0, 40, 10, text, static=True),))))).active
    assert ws["A1"].value == text
    assert ws["A1"].data_type == "s"


# ---------------------------------------------------------------- borders and fills


def test_borders_where_rules_are() -> None:
    data = render_xlsx(doc(table_page()))
    ws = reopen(data).active
    # the table is rows 2..4, columns A..C; every inner and outer line is present
    for r in range(2, 5):
        for c in range(1, 4):
            cell = ws.cell(row=r, column=c)
            assert cell.border.top.style == "thin", cell.coordinate
            assert cell.border.left.style == "thin", cell.coordinate
        assert ws.cell(row=r, column=3).border.right.style == "thin"
    # the last horizontal rule is on the last edge of the grid: bottom of row 4
    for c in range(1, 4):
        assert ws.cell(row=4, column=c).border.bottom.style == "thin"
    # the title row has no rules of its own
    assert ws["A1"].border.top.style is None


def test_border_weights_and_styles() -> None:
    assert border_style(0.25, "solid") == "hair"
    assert border_style(0.5, "solid") == "thin"
    assert border_style(1.0, "solid") == "medium"
    assert border_style(2.0, "solid") == "thick"
    assert border_style(0.5, "dashed") == "dashed"
    assert border_style(1.2, "dashed") == "mediumDashed"
    assert border_style(0.5, "dotted") == "dotted"
    assert border_style(0.5, "double") == "double"
    page = Page(
        210,
        297,
        texts=(tb(0, 10, 20, 10, "a"), tb(20, 10, 20, 10, "b"), tb(40, 10, 20, 10, "c")),
        rules=(
            Rule(0, 10, 20, 10, width=2.0),
            Rule(20, 10, 40, 10, width=0.5, style="dashed"),
            Rule(40, 10, 60, 10, width=0.5, style="double"),
            Rule(0, 10, 60, 10, width=0.25),  # lighter rule over the same edge: heavier wins
        ),
    )
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].border.top.style == "thick"
    assert ws["B1"].border.top.style == "dashed"
    assert ws["C1"].border.top.style == "double"


def test_borders_along_merged_boxes_are_on_every_cell() -> None:
    # a tall box spanning 3 rows next to three small ones; a vertical rule between them
    texts = (tb(10, 10, 30, 30, "学年"), *(tb(40, 10 + 10 * i, 20, 10, str(i)) for i in range(3)))
    rules = (Rule(10, 10, 10, 40, width=1.0), Rule(40, 10, 40, 40), Rule(10, 10, 60, 10))
    data = render_xlsx(doc(Page(210, 297, texts=texts, rules=rules)))
    ws = reopen(data).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:A3"}
    raw = raw_borders(data)
    for r in (1, 2, 3):
        assert raw[f"A{r}"]["left"] == "medium"  # A2, A3 are merged cells: XML only
        assert raw[f"B{r}"]["left"] == "thin"
    assert raw["A1"]["top"] == "thin" and raw["B1"]["top"] == "thin"


def test_diagonal_rule_is_a_diagonal_border() -> None:
    texts = (tb(10, 10, 20, 10, "国語"), tb(30, 10, 20, 10, ""))
    rules = (Rule(30, 10, 50, 20),)  # 斜線 through the empty evaluation cell
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=texts, rules=rules)))).active
    assert ws["B1"].border.diagonal.style == "thin"
    assert ws["B1"].border.diagonalDown is True
    assert not ws["A1"].border.diagonalDown


def test_diagonal_over_free_cells_is_merged_into_one() -> None:
    rules = (Rule(10, 10, 10, 30), Rule(20, 10, 20, 30), Rule(30, 10, 30, 30), Rule(10, 30, 30, 10))
    ws = reopen(render_xlsx(doc(Page(210, 297, rules=rules)))).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:B1"}
    assert ws["A1"].border.diagonalUp is True


def test_fill_is_a_solid_gray() -> None:
    page = Page(
        210,
        297,
        texts=(tb(0, 0, 10, 10, "日"), tb(10, 0, 10, 10, "月")),
        fills=(Fill(Rect(10, 0, 10, 10), gray=0.85),),
    )
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["B1"].fill.fill_type == "solid"
    assert ws["B1"].fill.fgColor.rgb == "FFD9D9D9"
    assert ws["A1"].fill.fill_type is None


# ---------------------------------------------------------------- geometry and print setup


def test_column_widths_and_row_heights_reproduce_the_page() -> None:
    page = table_page()
    ws = reopen(render_xlsx(doc(page))).active
    g = build_grid(page)
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, g.n_cols + 1)]
    heights = [ws.row_dimensions[j].height for j in range(1, g.n_rows + 1)]
    half_px = 25.4 / 96 / 2  # Excel and LibreOffice draw whole pixels
    assert sum(column_width_to_mm(w) for w in widths) == pytest.approx(60.0, abs=half_px)
    assert sum(points_to_mm(h) for h in heights) == pytest.approx(40.0, abs=half_px)
    assert column_width_to_mm(widths[0]) == pytest.approx(20.0, abs=half_px)
    assert points_to_mm(heights[0]) == pytest.approx(10.0, abs=half_px)


@pytest.mark.parametrize(
    ("paper", "orientation", "code"),
    [("A4", "portrait", 9), ("A3", "landscape", 8), ("B4", "landscape", 12), ("B5", "portrait", 13)],
)
def test_print_setup(paper: str, orientation: str, code: int) -> None:
    setup = PrintSetup(paper=paper, orientation=orientation, margins=(15.0, 10.0, 12.7, 25.4))  # type: ignore[arg-type]
    ws: Worksheet = reopen(render_xlsx(doc(table_page(), setup=setup))).active
    assert ws.page_setup.paperSize == code
    assert ws.page_setup.orientation == orientation
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 1
    assert ws.print_area == "'1'!$A$1:$C$4"
    # the grid where the page has it (10, 10) .. (70, 50); right/bottom 1 mm slack for pixel rounding
    assert ws.page_margins.top == pytest.approx(10.0 / 25.4)
    assert ws.page_margins.left == pytest.approx(10.0 / 25.4)
    assert ws.page_margins.right == pytest.approx((210 - 70 - 1) / 25.4)
    assert ws.page_margins.bottom == pytest.approx((297 - 50 - 1) / 25.4)
    assert ws.page_setup.scale == 100
    assert not ws.print_options.horizontalCentered
    assert not ws.print_options.gridLines
    assert ws.sheet_view.showGridLines is False


def test_workbook_properties() -> None:
    wb = reopen(render_xlsx(doc(table_page())))
    assert wb.properties.title == "名簿"
    assert wb.properties.creator == "unified_forms"


def test_same_document_same_bytes() -> None:
    d = doc(table_page(), table_page(), names=("4月", "5月"))
    first = render_xlsx(d)
    second = render_xlsx(d)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core


def test_openpyxl_only_in_xlsx_renderer() -> None:
    import pathlib

    import unified_forms

    root = pathlib.Path(unified_forms.__file__).parent
    users = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import openpyxl" in p.read_text(encoding="utf-8") or "from openpyxl" in p.read_text(encoding="utf-8")
    )
    assert users and all(u == "render/xlsx.py" or u.startswith("render/xlsx_") for u in users)


box_strategy = st.builds(
    lambda x, y, w, h, n, static: tb(x, y, w, h, f"T{n}", static=static),
    x=st.integers(0, 15).map(lambda v: v * 10.0),
    y=st.integers(0, 20).map(lambda v: v * 5.0),
    w=st.integers(1, 6).map(lambda v: v * 10.0),
    h=st.integers(1, 4).map(lambda v: v * 5.0),
    n=st.integers(0, 10**6),
    static=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(box_strategy, min_size=1, max_size=20, unique_by=lambda b: b.text))
def test_overlapping_boxes_never_lose_text_or_overlap_merges(boxes: list[TextBox]) -> None:
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=tuple(boxes))))).active
    ranges = [set(r.cells) for r in ws.merged_cells.ranges]
    for i in range(len(ranges)):
        for j in range(i + 1, len(ranges)):
            assert not ranges[i] & ranges[j]
    pieces = [
        piece for row in ws.iter_rows() for c in row if c.value is not None for piece in str(c.value).split("\n")
    ]
    assert sorted(pieces) == sorted(b.text for b in boxes)


def test_tall_box_rows_stay_within_excel_limits() -> None:
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(tb(10, 10, 190, 270, "所見"),))))).active
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    assert all(h is not None and h <= 409 for h in heights)
    assert {str(r) for r in ws.merged_cells.ranges} == {f"A1:A{ws.max_row}"}


_SUBPROCESS_SCRIPT = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from unified_forms.layout.page import Document, Page, PrintSetup, Rect, Rule, TextBox
from unified_forms.render.xlsx import render_xlsx
texts = tuple(TextBox(Rect(10 + 12 * (i % 10), 10 + 6 * (i // 10), 12, 6), f"{i}", 9.0, ()) for i in range(60))
rules = tuple(Rule(10, 10 + 6 * r, 130, 10 + 6 * r, width=0.25 * (r % 4 + 1)) for r in range(7))
d = Document("roster", "名簿", PrintSetup("A3", "landscape"), (Page(420, 297, rules=rules, texts=texts),) * 2)
print(hashlib.sha256(render_xlsx(d)).hexdigest())
"""


def test_same_bytes_across_processes_and_hash_seeds() -> None:
    import os
    import pathlib
    import subprocess
    import sys

    import unified_forms

    root = str(pathlib.Path(unified_forms.__file__).parent.parent)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _SUBPROCESS_SCRIPT, root], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
