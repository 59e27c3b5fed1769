"""A clerk's workbook: typed numbers and dates, formulas with cached values, protection, ふりがな."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unified_forms.layout.bound import date_value, formula_value, number_value
from unified_forms.layout.page import (
    Document,
    Formula,
    Page,
    PrintSetup,
    Rect,
    TextBox,
    TextLine,
    Typed,
    wareki_format,
)
from unified_forms.render.grid import BASE_FONT_SIZE
from unified_forms.render.xlsx import phonetic_runs, render_xlsx
from unified_forms.render.xlsx_values import CellRef, excel_formula, letter_spaced, spacer, spread_rect
from unified_forms.text.shape import shape

GRADES = (3, 4, 5)
PATHS = tuple(f"students[0].grades.{s}" for s in ("国語", "社会", "数学"))


def tb(x: float, y: float, w: float, h: float, text: str, **kw: object) -> TextBox:
    return TextBox(rect=Rect(x, y, w, h), text=text, size=10.0, lines=(), **kw)  # type: ignore[arg-type]


def doc(*pages: Page, names: tuple[str, ...] = ()) -> Document:
    return Document("grade_list", "成績一覧表", PrintSetup("A4", "portrait"), pages, sheet_names=names)


def grade_row(grades: tuple[int | str, ...] = GRADES, shuten: int | None = 1) -> list[TextBox]:
    """国語 社会 数学 | 合計 平均, with the 社会 grade a 朱点."""
    texts = [tb(10, 10, 20, 10, "評定", static=True)]
    for i, (g, path) in enumerate(zip(grades, PATHS, strict=True)):
        typed = None
        text = str(g)
        if isinstance(g, int):
            mark = i == shuten
            typed = Typed(value=g, number_format='"※"0' if mark else None, mark="shuten" if mark else None)
            text = f"※{g}" if mark else text
        texts.append(tb(30 + 20 * i, 10, 20, 10, text, field=path, typed=typed))
    numbers = [g for g in grades if isinstance(g, int)]
    total = sum(numbers)
    texts.append(tb(90, 10, 20, 10, str(total), field="total", typed=Typed(total, formula=Formula("sum", PATHS))))
    avg = round(total / len(numbers), 1)
    average = Typed(avg, number_format="0.0", formula=Formula("average", PATHS, decimals=1))
    texts.append(tb(110, 10, 20, 10, f"{avg:.1f}", field="avg", typed=average))
    return texts


def sheet_xml(data: bytes, n: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


def reopen(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# ---------------------------------------------------------------- numbers, dates, marks


def test_grades_are_numbers_and_a_shuten_is_a_number_with_the_shuten_style() -> None:
    data = render_xlsx(doc(Page(210, 297, texts=tuple(grade_row()))))
    ws = reopen(data).active
    assert [ws.cell(row=1, column=c).value for c in (2, 3, 4)] == [3, 4, 5]
    assert ws["C1"].number_format == '"※"0'  # prints ※4, sums as 4
    assert ws["C1"].style == "朱点"
    assert "朱点" in reopen(data).named_styles


def test_dates_are_dates_in_wareki_with_their_words_in_the_format() -> None:
    v = date_value("記載日　令和6年4月1日", dt.date(2024, 4, 1), "issued_on", prefix="記載日　")
    page = Page(210, 297, texts=(tb(10, 10, 80, 10, v.text, field=v.path, typed=v.typed),))
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].value == dt.datetime(2024, 4, 1)
    assert ws["A1"].number_format == '[$-411]"記載日　"ggge"年"m"月"d"日"'
    assert wareki_format() == '[$-411]ggge"年"m"月"d"日"'
    assert date_value("", None, "x").typed is None


def test_number_value_keeps_the_printed_text_for_the_pdf() -> None:
    v = number_value("２０", 20, "grades.total")
    assert v.text == "２０" and v.typed is not None and v.typed.value == 20


# ---------------------------------------------------------------- formulas


def test_totals_and_averages_are_formulas_with_cached_values() -> None:
    data = render_xlsx(doc(Page(210, 297, texts=tuple(grade_row()))))
    ws = reopen(data).active
    assert ws["E1"].value == "=SUM(B1:D1)"
    assert ws["F1"].value == '=IFERROR(ROUND(AVERAGE(B1:D1),1),"")'
    assert ws["F1"].number_format == "0.0"
    xml = sheet_xml(data)
    assert "<f>SUM(B1:D1)</f><v>12</v>" in xml  # viewers that do not calculate see the total
    assert "<v>4.0</v>" in xml
    assert 'fullCalcOnLoad="1"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()


def test_formula_over_cells_on_another_sheet() -> None:
    first = Page(210, 297, texts=tuple(grade_row()[:-2]))
    class_total = tb(10, 10, 20, 10, "12", field="class.total", typed=Typed(12, formula=Formula("sum", PATHS)))
    data = render_xlsx(doc(first, Page(210, 297, texts=(class_total,)), names=("様式1", "様式2表")))
    assert reopen(data)["様式2表"]["A1"].value == "=SUM('様式1'!B1:D1)"


def test_a_formula_whose_cells_are_missing_keeps_its_printed_value() -> None:
    box = tb(10, 10, 20, 10, "12", field="total", typed=Typed(12, formula=Formula("sum", ("nowhere",))))
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(box,))))).active
    assert ws["A1"].value == 12


def test_blank_total_while_a_grade_is_missing() -> None:
    v = formula_value("", "sum", PATHS, None, "total", require_all=True)
    texts = [*grade_row()[:3], tb(70, 10, 20, 10, "", field=PATHS[2], typed=Typed())]  # 数学 not entered
    texts.append(tb(90, 10, 20, 10, v.text, field=v.path, typed=v.typed))
    data = render_xlsx(doc(Page(210, 297, texts=tuple(texts))))
    ws = reopen(data).active
    assert ws["D1"].value is None and ws["D1"].protection.locked is False  # an input cell
    assert ws["E1"].value == '=IF(COUNT(B1:D1)<3,"",SUM(B1:D1))'
    assert re.search(r'<c r="E1"[^>]* t="str"><f>[^<]*</f><v></v>', sheet_xml(data))


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30)), min_size=1, max_size=12, unique=True))
def test_excel_formula_lists_every_referenced_cell_once(cells: list[tuple[int, int]]) -> None:
    refs = [CellRef("様式1", r, c) for r, c in cells]
    text = excel_formula(Formula("sum", tuple(str(i) for i in range(len(refs)))), refs, "様式1")
    listed: list[tuple[int, int]] = []
    for part in text[len("SUM(") : -1].split(","):
        a, _, b = part.partition(":")
        ca, ra = re.fullmatch(r"([A-Z]+)([0-9]+)", a).groups()  # type: ignore[union-attr]
        cb, rb = re.fullmatch(r"([A-Z]+)([0-9]+)", b or a).groups()  # type: ignore[union-attr]
        col = lambda s: sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(s))) - 1  # noqa: E731
        for r in range(int(ra) - 1, int(rb)):
            for c in range(col(ca), col(cb) + 1):
                listed.append((r, c))
    assert sorted(listed) == sorted(cells)


def test_formula_on_another_sheet_quotes_its_name() -> None:
    refs = [CellRef("様式1 (2)", 0, 1), CellRef("様式1 (2)", 0, 2)]
    assert excel_formula(Formula("sum", ("a", "b")), refs, "here") == "SUM('様式1 (2)'!B1:C1)"


def test_difference_and_percent_formulas() -> None:
    """出席日数 = 授業日数 − 出席停止 − 忌引 − 欠席; 出席率 = 出席 × 100 ÷ 出席すべき, 四捨五入, never #DIV/0!."""
    refs = [CellRef("s", 0, c) for c in (0, 2, 3, 5)]
    assert excel_formula(Formula("difference", ("a", "b", "c", "d")), refs, "s") == "A1-SUM(C1:D1,F1)"
    assert excel_formula(Formula("difference", ("a",)), refs[:1], "s") == "N(A1)"
    percent = Formula("percent", ("p", "r"), decimals=1)
    assert excel_formula(percent, [CellRef("s", 4, 1), CellRef("t", 4, 0)], "s") == (
        "IFERROR(ROUND(B5*100/'t'!A5,1),\"\")"
    )
    with pytest.raises(ValueError, match="two cells"):
        excel_formula(Formula("percent", ("p",)), refs[:1], "s")


def test_difference_formula_in_a_workbook_with_its_cached_value() -> None:
    given = (("l", 20), ("s", 2), ("a", 1))  # 授業日数, 出席停止, 欠席
    counts = [tb(10 + 20 * i, 10, 20, 10, str(n), field=f"t.{k}") for i, (k, n) in enumerate(given)]
    v = formula_value("17", "difference", ("t.l", "t.s", "t.a"), 17, "t.present", number_format="0")
    data = render_xlsx(doc(Page(210, 297, texts=(*counts, tb(70, 10, 20, 10, v.text, field=v.path, typed=v.typed)))))
    assert reopen(data).active["D1"].value == "=A1-SUM(B1:C1)"
    assert "<f>A1-SUM(B1:C1)</f><v>17</v>" in sheet_xml(data)


# ---------------------------------------------------------------- protection, wrap, spacing


def test_labels_and_formulas_locked_input_cells_open() -> None:
    data = render_xlsx(doc(Page(210, 297, texts=tuple(grade_row()))))
    ws = reopen(data).active
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    assert ws["A1"].protection.locked is True  # 評定 (label)
    assert ws["B1"].protection.locked is False  # a grade
    assert ws["E1"].protection.locked is True  # the total's formula
    # an empty cell of the form (no box at all) is open too: its column's style
    assert re.search(r'<col [^>]*style="(\d+)"', sheet_xml(data))
    assert ws.column_dimensions["A"].protection.locked is False


def test_multi_line_text_boxes_wrap_even_when_the_sample_fits_one_line() -> None:
    page = Page(210, 297, texts=(tb(10, 10, 80, 30, "短い目標", field="goal", wrap=True, valign="top"),))
    ws = reopen(render_xlsx(doc(page))).active
    assert ws["A1"].alignment.wrap_text is True
    assert ws["A1"].alignment.vertical == "top"


def _spaced_line(text: str, size: float, em: float) -> TextLine:
    return TextLine(0, 5, shape(text), spacing=em * size * 25.4 / 72)


def test_letter_spaced_labels_get_spaces_and_data_keeps_its_text() -> None:
    label = TextBox(Rect(10, 10, 80, 10), "通知表", 20.0, (_spaced_line("通知表", 20.0, 1.0),), static=True)
    assert letter_spaced(label) == "通\u3000知\u3000表"
    thin = TextBox(Rect(10, 10, 80, 10), "学習", 9.0, (_spaced_line("学習", 9.0, 0.3),), static=True)
    assert letter_spaced(thin) == "学 習"
    assert spacer(0.1) == ""
    name = TextBox(Rect(10, 10, 80, 10), "山田", 16.0, (_spaced_line("山田", 16.0, 0.3),), field="name")
    assert letter_spaced(name) == "山田"
    extent = spread_rect(name)
    assert extent is not None and extent.w < 80  # its own cell, as wide as printed, distributed
    ws = reopen(render_xlsx(doc(Page(210, 297, texts=(label, name))))).active
    values = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    assert "通\u3000知\u3000表" in values
    assert values["山田"].alignment.horizontal == "distributed"


def test_default_font_is_ipamj_at_the_base_size() -> None:
    data = render_xlsx(doc(Page(210, 297, texts=tuple(grade_row()))))
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    first_font = re.search(r"<font>(.*?)</font>", styles, re.S)
    assert first_font and "IPAmj明朝" in first_font.group(1) and f'val="{BASE_FONT_SIZE:g}"' in first_font.group(1)
    assert "Calibri" not in styles


# ---------------------------------------------------------------- ふりがな


def name_box() -> TextBox:
    family = TextBox(Rect(20, 10, 15, 4), "やまだ", 5.0, ())
    given_ = TextBox(Rect(40, 10, 15, 4), "たろう", 5.0, ())
    return TextBox(Rect(10, 14, 60, 10), "山田\u3000太郎", 14.0, (), field="name", ruby=(given_, family))


def test_phonetic_runs_per_part_in_utf16_units() -> None:
    runs = phonetic_runs(name_box())
    assert [(r.start, r.end, r.kana) for r in runs] == [(0, 2, "やまだ"), (3, 5, "たろう")]
    box = TextBox(Rect(10, 14, 60, 10), "\U00020bb7野\u3000葛\U000e0102", 14.0, (), ruby=name_box().ruby)
    runs = phonetic_runs(box)
    assert [(r.start, r.end) for r in runs] == [(0, 3), (4, 7)]  # 𠮷 and the IVS are two units each


@pytest.mark.parametrize(("mode", "cells", "shown"), [("both", True, False), ("phonetic", False, True)])
def test_furigana_as_excels_phonetic_property(mode: str, cells: bool, shown: bool) -> None:
    data = render_xlsx(doc(Page(210, 297, texts=(name_box(),))), furigana=mode)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sst = z.read("xl/sharedStrings.xml").decode()
        assert "sharedStrings.xml" in z.read("xl/_rels/workbook.xml.rels").decode()
        assert "/xl/sharedStrings.xml" in z.read("[Content_Types].xml").decode()
    assert '<rPh sb="0" eb="2"><t>やまだ</t></rPh><rPh sb="3" eb="5"><t>たろう</t></rPh>' in sst
    assert 'type="Hiragana"' in sst
    assert (' ph="1"' in sheet_xml(data)) is shown
    wb = reopen(data)
    values = [c.value for row in wb.active.iter_rows() for c in row if c.value]
    assert "山田\u3000太郎" in values
    assert ("やまだ" in values) is cells


def test_furigana_cells_only_has_no_phonetic_part() -> None:
    data = render_xlsx(doc(Page(210, 297, texts=(name_box(),))), furigana="cells")
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_same_document_same_bytes_with_formulas_and_phonetic() -> None:
    d = doc(Page(210, 297, texts=(*grade_row(), name_box())))
    assert render_xlsx(d) == render_xlsx(d)


def test_no_sheet_is_named_after_a_pupil() -> None:
    import unified_forms as uf
    from tests.xlsx.libreoffice import samples

    for s in samples():
        names = reopen(uf.render_xlsx(s.form_id, s.data)).sheetnames
        pupils = [
            v
            for k in ("pupil", "student")
            if isinstance(s.data.get(k), dict)
            for v in (s.data[k].get("family"), (s.data[k].get("name") or {}).get("family"))
            if isinstance(v, str) and v
        ]
        assert not any(p in n for p in pupils for n in names), (s.stem, names)
