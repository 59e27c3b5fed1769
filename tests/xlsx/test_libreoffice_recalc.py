"""A clerk changes a 評定 in the workbook; LibreOffice recalculates the 合計 and 平均.

Per form with totals (成績一覧表, 成績個表, 出席簿): one number changed in its cell, the
workbook recalculated headless, the new total read back as shown — and the untouched
workbook recalculated shows exactly what its cached (printed) results show.

The cell is changed in the sheet's XML and the stale cached results are left in
place, as a clerk's edit in a viewer that does not calculate would leave them: the
new 合計 can only come from LibreOffice evaluating the formulas (its profile set to
recalculate on load; Excel does so anyway: the workbook asks for ``fullCalcOnLoad``). LibreOffice also
prints the typed values as the PDF does (※4 for a 朱点 grade, 和暦 dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from tests.render.test_xlsx_clerk import doc, grade_row, tb
from tests.xlsx.libreoffice import needs_soffice, soffice_convert
from unified_forms.layout.bound import date_value
from unified_forms.layout.page import Page
from unified_forms.render.xlsx import render_xlsx

pytestmark = needs_soffice
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"  # UTF-8, cells as shown


def set_cell(data: bytes, ref: str, value: int, sheet: int = 1) -> bytes:
    """``data`` with the number in cell ``ref`` replaced, nothing else touched (cached results stay)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    name = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == name:
                xml, n = re.subn(rf'(<c r="{ref}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value}\g<2>", body.decode())
                assert n == 1, f"no number in {ref}"
                body = xml.encode()
            dst.writestr(item, body)
    return out.getvalue()


def as_shown(xlsx: Path, tmp: Path) -> list[list[str]]:
    soffice_convert([xlsx], CSV_UTF8, tmp / "csv", tmp / "profile", recalculate=True)
    text = (tmp / "csv" / f"{xlsx.stem}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_changed_grade_recalculates_total_and_average(tmp_path: Path) -> None:
    issued = date_value("令和6年4月1日", dt.date(2024, 4, 1), "issued_on", prefix="記載日　")
    texts = (*grade_row(), tb(10, 30, 80, 10, issued.text, field=issued.path, typed=issued.typed))
    data = render_xlsx(doc(Page(210, 297, texts=texts)))
    assert "<f>SUM(B1:D1)</f><v>12</v>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    xlsx = tmp_path / "edited.xlsx"
    xlsx.write_bytes(set_cell(data, "B1", 5))  # 国語 3 → 5
    rows = as_shown(xlsx, tmp_path)
    assert rows[0][:6] == ["評定", "5", "※4", "5", "14", "4.7"]  # 合計 12 → 14, 平均 4.0 → 4.7
    assert "記載日　令和6年4月1日" in rows[2]


def test_grade_list_sample_recalculates_after_a_changed_grade(tmp_path: Path) -> None:
    import openpyxl

    import unified_forms as uf

    data = uf.render_xlsx("grade_list", uf.sample("grade_list"))
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    total = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=IF(COUNT(")
    )
    first = re.search(r"SUM\(([A-Z]+[0-9]+)", total.value)
    assert first is not None
    grade = ws[first.group(1)]
    assert isinstance(grade.value, int)
    new = grade.value + 1 if grade.value < 5 else grade.value - 1
    cached = re.search(rf'<c r="{total.coordinate}"[^>]*><f>[^<]*</f><v>([0-9]+)</v>', sheet_text(data))
    assert cached is not None
    xlsx = tmp_path / "grade_list.xlsx"
    xlsx.write_bytes(set_cell(data, grade.coordinate, new))
    rows = as_shown(xlsx, tmp_path)
    got = rows[total.row - 1][total.column - 1]
    assert int(got) == int(cached.group(1)) + (new - grade.value), f"{total.coordinate} {total.value}"


def sheet_text(data: bytes, sheet: int = 1) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{sheet}.xml").decode()


def test_transcript_hyotei_are_integers_shown_full_width(tmp_path: Path) -> None:
    import openpyxl

    import unified_forms as uf

    data = uf.render_xlsx("transcript", uf.sample("transcript"))
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows() for c in row]
    hyotei = [c for c in cells if isinstance(c.value, int) and c.number_format == "[$-411][DBNum3]0"]
    assert len(hyotei) >= 9 * 3  # 9 教科 × 3 学年, none of them the text '２０'
    assert not any(isinstance(c.value, str) and c.value.isdigit() for c in cells)
    xlsx = tmp_path / "transcript.xlsx"
    xlsx.write_bytes(data)
    shown = {v for row in as_shown(xlsx, tmp_path) for v in row}
    assert {"２０", "１１０"} <= shown  # 評定合計 as printed: full-width digits


# ---------------------------------------------------------------- 成績個表, 出席簿


def first_sheet_formulas(data: bytes) -> dict[str, str]:
    """Coordinate → formula (without "=") of every formula cell on the workbook's first sheet."""
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return {c.coordinate: c.value[1:] for row in ws.iter_rows() for c in row if str(c.value).startswith("=")}


def cell_number(data: bytes, ref: str) -> int:
    """The number (or a formula's cached number) stored in cell ``ref`` of the first sheet."""
    found = re.search(rf'<c r="{ref}"[^>]*>(?:<f>[^<]*</f>)?<v>(-?[0-9]+)</v>', sheet_text(data))
    assert found is not None, ref
    return int(found.group(1))


def shown(rows: list[list[str]], ref: str) -> str:
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    assert m is not None
    col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(m.group(1)))) - 1
    row = rows[int(m.group(2)) - 1]
    return row[col] if col < len(row) else ""


def as_printed_and_recalculated(data: bytes, edited: bytes, tmp: Path) -> tuple[list[list[str]], ...]:
    """The first sheet as shown: cached results, recalculated, and the ``edited`` copy recalculated."""
    (tmp / "cached.xlsx").write_bytes(data)
    (tmp / "recalc.xlsx").write_bytes(data)
    (tmp / "edited.xlsx").write_bytes(edited)
    soffice_convert([tmp / "cached.xlsx"], CSV_UTF8, tmp / "csv", tmp / "profile")
    recalculated = [tmp / "recalc.xlsx", tmp / "edited.xlsx"]
    soffice_convert(recalculated, CSV_UTF8, tmp / "csv", tmp / "profile_r", recalculate=True)

    def read(stem: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO((tmp / "csv" / f"{stem}.csv").read_text(encoding="utf-8"))))

    return read("cached"), read("recalc"), read("edited")


def test_grade_sheet_total_and_average_recalculate_after_a_changed_hyotei(tmp_path: Path) -> None:
    from decimal import Decimal

    import unified_forms as uf
    from unified_forms.families.grades import round_half_up

    data = uf.render_xlsx("grade_sheet", uf.sample("grade_sheet"))
    formulas = first_sheet_formulas(data)
    total = next(ref for ref, f in formulas.items() if f.startswith("SUM("))
    refs = formulas[total][len("SUM(") : -1].split(",")
    average = next(ref for ref, f in formulas.items() if f == f'IFERROR(ROUND(AVERAGE({",".join(refs)}),1),"")')
    grade = cell_number(data, refs[0])
    new = grade + 1 if grade < 5 else grade - 1
    cached, recalc, edited = as_printed_and_recalculated(data, set_cell(data, refs[0], new), tmp_path)
    assert recalc == cached  # every formula gives the printed 合計・平均, （n） and all
    new_total = cell_number(data, total) + new - grade
    assert shown(edited, refs[0]) == str(new)
    assert shown(edited, total) == str(new_total)
    assert shown(edited, average) == round_half_up(Decimal(new_total) / len(refs), 1)


def test_attendance_register_days_and_month_totals_recalculate_after_a_changed_absence(tmp_path: Path) -> None:
    """The day marks are counted by the binding (their meaning is the legend's, not a cell's);
    the clerk corrects a pupil's 欠席日数 and his 出席日数 and the 月計 follow."""
    from decimal import ROUND_HALF_UP, Decimal

    import unified_forms as uf

    data = uf.render_xlsx("attendance_register", uf.sample("attendance_register"))
    formulas = first_sheet_formulas(data)
    # the pupil's 出席日数: 授業日数 − SUM(出席停止:忌引, 欠席)
    present, f = next((ref, f) for ref, f in formulas.items() if re.fullmatch(r"[A-Z]+[0-9]+-SUM\([^)]*,[^)]*\)", f))
    absence = f[f.rindex(",") + 1 : -1]
    row = int(re.sub("[A-Z]+", "", present))
    col = lambda ref: re.sub("[0-9]+", "", ref)  # noqa: E731
    # 月計 rows: the SUMs over the 欠席 and 出席 columns that include the pupil's row, and the 出席率 beside them
    in_range = lambda f, c: any(  # noqa: E731
        col(a) == c and int(a[len(c) :]) <= row <= int((b or a)[len(c) :])
        for a, _, b in (part.partition(":") for part in f[len("SUM(") : -1].split(","))
    )
    absent_sums = [ref for ref, f in formulas.items() if f.startswith("SUM(") and in_range(f, col(absence))]
    present_sums = [ref for ref, f in formulas.items() if f.startswith("SUM(") and in_range(f, col(present))]
    assert len(absent_sums) == len(present_sums) == 2  # his sex's row and 計
    rates = {ref: f for ref, f in formulas.items() if f.startswith("IFERROR(ROUND(")}
    days = cell_number(data, absence)
    new = days + 1
    cached, recalc, edited = as_printed_and_recalculated(data, set_cell(data, absence, new), tmp_path)
    assert recalc == cached  # every formula gives the printed number
    assert shown(edited, present) == str(cell_number(data, present) - 1)
    for ref in absent_sums:
        assert shown(edited, ref) == str(cell_number(data, ref) + 1)
    for ref in present_sums:
        assert shown(edited, ref) == str(cell_number(data, ref) - 1)
        rate = next(r for r, f in rates.items() if f.startswith(f"IFERROR(ROUND({ref}*100/"))
        required = cell_number(data, rates[rate].split("/")[1].split(",")[0])
        expected = (Decimal((cell_number(data, ref) - 1) * 100) / required).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert shown(edited, rate) == str(expected)
