"""名簿 end to end: names survive the PDF exactly, the page is what a class roster looks like."""

from __future__ import annotations

import copy
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import unified_forms as uf
from unified_forms.errors import FormDataError

IVS_NAME = "葛\U000e0102西"
NAMES = ["髙橋", "\ufa11山", "\U00020bb7田", "渡邊", IVS_NAME]


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return uf.sample("roster")


@pytest.fixture(scope="module")
def pdf(sample: dict[str, Any]) -> bytes:
    return uf.render_pdf("roster", sample)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_sample_is_a_class_of_32_with_names_that_need_ipamj(sample: dict[str, Any]) -> None:
    families = [s["name"]["family"] for s in sample["students"]]
    assert len(families) == 32
    for name in NAMES:
        assert name in families
    assert "\u5d0e山" not in families  # 﨑 was not normalised to 崎 on the way in


def test_sample_is_the_class_list_of_samples_readme(sample: dict[str, Any]) -> None:
    """samples/README.md: one 3年1組 for the 名簿, the 出席簿 and the 週案 (番号, 氏名, 性別, 生年月日)."""
    readme = (Path(uf.registry.get("roster").sample_file).parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## 湯田小 3年1組")[1].split("\n## ")[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines() if re.match(r"\| \d", line)]
    listed = {(int(r[0]), r[1], "male" if r[3] == "男" else "female", r[4]) for r in rows}
    printed = {
        (s["number"], f"{s['name']['family']}\u3000{s['name']['given']}", s["sex"], s["birth_date"])
        for s in sample["students"]
    }
    assert printed == listed and len(listed) == 32


def test_names_round_trip_through_pdf_text(pdf: bytes, tmp_path: Path) -> None:
    by_poppler = _pdftotext(pdf, tmp_path)
    by_pypdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for text in (by_poppler, by_pypdf):
        for name in NAMES:
            assert name in text, name
        assert "\u5d0e山" not in text


def test_every_pupil_and_header_value_is_printed(sample: dict[str, Any], pdf: bytes, tmp_path: Path) -> None:
    text = _pdftotext(pdf, tmp_path)
    text = re.sub(r"[ \t]+", "", text)
    for s in sample["students"]:
        assert s["name"]["given"] in text
    assert re.search(r"学\s*級\s*名\s*簿", text)  # letter-spaced title
    for needle in ("令和7年度", "山口市立湯田小学校", "3年1組", "由美", "作成日", "16人", "32人"):
        assert needle in text
    assert "平成28年" in text and "平成29年" in text


def test_pdf_is_valid_and_deterministic(sample: dict[str, Any], pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert uf.render_pdf("roster", copy.deepcopy(sample)) == pdf
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.title == "学級名簿"


def test_xlsx_is_deterministic(sample: dict[str, Any]) -> None:
    assert uf.render_xlsx("roster", sample) == uf.render_xlsx("roster", copy.deepcopy(sample))


def test_more_than_40_pupils_continue_on_a_second_page_with_the_header(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["numbering"] = "free"
    extra = copy.deepcopy(data["students"][:10])
    for i, s in enumerate(extra):
        s["number"] = 33 + i
        s["name"]["kana_family"] = "わ" * 3 + "ん" * (i + 1)
    data["students"] += extra
    doc = uf.compile_form("roster", data).document
    assert len(doc.pages) == 2
    for page in doc.pages:
        texts = [t.text for t in page.texts]
        assert "学級名簿" in texts and "3年1組" in texts and "42人" in texts
    assert doc.pages[0].template_key == doc.pages[1].template_key
    numbers = [t.text for t in doc.pages[1].texts if t.field is None and t.text.isdigit()]
    assert "41" in numbers and "42" in numbers


def test_optional_columns_follow_the_column_chooser(sample: dict[str, Any]) -> None:
    def labels(columns: list[str]) -> list[str]:
        data = {**sample, "columns": columns}
        return [t.text for t in uf.compile_form("roster", data).document.pages[0].texts if t.static]

    assert "住　所" not in labels([]) and "備　考" not in labels([])
    assert {"住　所", "保護者氏名", "備　考"} <= set(labels(["address", "guardian", "remarks"]))


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["students"][3].update(number=d["students"][2]["number"]), "students[3].number"),
        (lambda d: d["students"][0]["name"].update(family=""), "students[0].name.family"),
        (lambda d: d["students"][1].update(birth_date="2016-02-30"), "students[1].birth_date"),
        (lambda d: d["students"][2]["name"].update(kana_family="Sato"), "students[2].name.kana_family"),
        (lambda d: d.update(numbering="girls_first"), "students["),
        (lambda d: d["students"][1].update(birth_date="2017-04-02"), "students[1].birth_date"),  # a 2年 birth date
        (lambda d: d["students"][1].update(birth_date="2016-04-01"), "students[1].birth_date"),  # a 4年 birth date
        (lambda d: d["students"][4].update(nickname="x"), "students[4].nickname"),
    ],
)
def test_bad_input_names_the_path(sample: dict[str, Any], mutate: Any, path: str) -> None:
    data = copy.deepcopy(sample)
    mutate(data)
    with pytest.raises(FormDataError) as info:
        uf.validate("roster", data)
    assert any(e.path.startswith(path) for e in info.value.errors), info.value.errors
    assert path.split("[")[0] in str(info.value)


def test_grade_is_checked_against_the_birth_date_unless_a_reason_is_given(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["students"][1]["birth_date"] = "2017-09-12"  # a 2年 birth date in 3年1組
    with pytest.raises(FormDataError) as info:
        uf.validate("roster", data)
    (entry,) = info.value.errors
    assert entry.path == "students[1].birth_date"
    assert "第2学年" in entry.message and "学年は3" in entry.message
    data["students"][1]["off_age_reason"] = "就学猶予（1年）"
    assert uf.validate("roster", data)
    data["homeroom"]["grade"] = 4  # every other pupil is now a year off
    assert len(error_paths := {e.path for e in _errors(data)}) == 31 and "students[1].birth_date" not in error_paths


def _errors(data: dict[str, Any]) -> list[Any]:
    with pytest.raises(FormDataError) as info:
        uf.validate("roster", data)
    return list(info.value.errors)


def test_error_entries_carry_the_japanese_label(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["students"][0]["name"]["family"] = ""
    with pytest.raises(FormDataError) as info:
        uf.validate("roster", data)
    assert info.value.errors[0].label == "氏名（姓）"


def test_a_name_too_long_for_its_cell_is_an_error_not_a_cut(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["columns"] = ["address"]
    data["students"][0]["address"] = "山口県山口市" + "大字" * 27
    with pytest.raises(FormDataError) as info:
        uf.render_pdf("roster", data)
    entry = info.value.errors[0]
    assert entry.path == "students[0].address"
    assert "字" in entry.message and "入力は" in entry.message


def test_xlsx_reopens_with_names_fonts_merges_and_print_setup(sample: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    data = copy.deepcopy(sample)
    data["students"][0]["remarks"] = "=1+1"  # must stay text, never a formula
    wb = load_workbook(io.BytesIO(uf.render_xlsx("roster", data)))
    (ws,) = wb.worksheets
    values = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    for name in ("髙橋\u3000朝陽", "\ufa11山\u3000芽依", "\U00020bb7田\u3000樹", IVS_NAME + "\u3000大和"):
        assert name in values, name
        assert values[name].font.name == "IPAmj明朝"
    formula = values["=1+1"]
    assert formula.data_type == "s"
    assert ws.merged_cells.ranges, "boxes spanning several grid cells are merged"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area
