"""健康診断票（一般） end to end, printed from the coded yearly records.

The sample prints one column per 学年 with the derived 年齢 (R-HLT-5) and 視力 letters (R-HLT-2),
身長・体重 with one decimal and the name exactly. The conformance findings are each checked here:
聴力 ○ means the pupil could NOT hear the screening tones and prints its 聴力レベル in dB (blank when
heard, 測定困難 printed); 尿 第1次 and 第2次 (蛋白・糖・潜血) and その他の検査 are rows of their own;
視力 prints 測定不能; coded findings print their wording with the free text; no row label breaks
inside a word or changes size; nothing prints under 6 pt.
"""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, qpdf_check, texts_by_field
from healthkit import broken_labels, pdf_images, seal_png, text_extent, too_small, xlsx_media
from hypothesis import given
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.families.health_checkup import age_on_april_first
from unified_forms.families.health_checkup.general import vision_letter
from unified_forms.layout.page import Document, PlacedImage, Rect, TextBox
from unified_forms.models.image import MAX_IMAGE_BYTES

FORM = "health_checkup_general"
LABEL_FIELD = re.compile(r"health_(long_|note_)?rows\[\d+\]\.(item|sub)$")


@pytest.fixture(scope="module")
def rendered() -> str:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    assert pdf.startswith(b"%PDF")
    return pdf_text(pdf)


def _labels(doc: Document) -> list[TextBox]:
    return [t for p in doc.pages for t in p.texts if t.field and LABEL_FIELD.search(t.field)]


def _row_of(doc: Document, label: str) -> TextBox:
    return next(t for t in _labels(doc) if t.text == label)


def _cell(doc: Document, field: str) -> TextBox:
    return next(t for p in doc.pages for t in p.texts if t.field == field)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "健康診断票（一般）"
    assert info.paper == "A4 portrait"


def test_sample_prints_name_exactly_and_every_item(rendered: str) -> None:
    sample = fresh_sample(FORM)
    name = sample["student"]["name"]
    assert name["family"] + name["given"] in rendered.replace("\u3000", "")
    assert "髙木" in rendered  # U+9AD9 kept, not folded to 高
    for label in ("年齢", "年度", "身長", "体重", "栄養状態", "脊柱・胸郭・四肢", "視力", "聴力", "結核", "心臓"):
        assert label in rendered, label
    for label in ("蛋白第１次", "蛋白第２次", "潜血第２次", "その他の検査", "学校医", "事後措置", "備考"):
        assert label in rendered, label
    for g in range(1, 7):
        assert f"第{chr(0xFF10 + g)}学年" in rendered
    assert "平成25年9月8日生" in rendered
    assert "令和2年度" in rendered and "令和7年度" in rendered


def test_ages_heights_and_vision_letters_are_derived() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    fields = texts_by_field(doc)
    ages = [t for p in doc.pages for t in p.texts if t.field and t.text.endswith("歳")]
    assert [t.text for t in ages] == ["6歳", "7歳", "8歳", "9歳", "10歳", "11歳"]
    assert all(t.field and t.field.endswith(".fiscal_year") for t in ages)
    assert fields["years[0].general.height_cm"] == "116.8"
    assert fields["years[5].general.weight_kg"] == "38.1"
    assert fields["years[0].general.vision.right"] == "A"  # 1.2
    assert fields["years[2].general.vision.right"] == "B"  # 0.8
    assert fields["years[3].general.vision.right"] == "C（A）"  # 0.5 (1.0)
    assert fields["years[5].general.vision.right"] == "D（A）"  # 0.2 (1.0)
    assert fields["years[5].general.vision.left"] == "C（A）"  # 0.3 (1.0)
    assert fields["years[0].general.doctor.date"] == "6月9日"


def test_a_failed_hearing_screen_prints_circle_and_db_as_the_yoshiki_says() -> None:
    """記入上の注意: ○ for a pupil who could NOT hear 1000 Hz 30 dB / 4000 Hz 25 dB, with the dB."""
    data = fresh_sample(FORM)
    assert data["years"][4]["general"]["hearing"]["left"] == {"screen": "fail", "level_db": 35}
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    assert fields["years[4].general.hearing.left"] == "○ 35dB"
    assert "years[4].general.hearing.right" not in fields  # heard: blank, not ○
    left = _cell(doc, "years[4].general.hearing.left")
    hearing_left = [t for t in _labels(doc) if t.text == "左"][1]  # 視力 左, then 聴力 左
    assert abs(left.rect.y - hearing_left.rect.y) < 0.01
    legend = " ".join(t.text for p in doc.pages for t in p.texts if t.static)
    assert "○ 1000Hz 30dB 又は 4000Hz 25dB を聴取できない者" in legend
    data["years"][4]["general"]["hearing"]["right"] = {"screen": "difficult"}
    data["years"][4]["general"]["hearing"]["left"] = {"screen": "fail"}
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[4].general.hearing.right"] == "測定困難"
    assert fields["years[4].general.hearing.left"] == "○"


def test_urine_second_round_and_other_tests_have_rows_of_their_own() -> None:
    data = fresh_sample(FORM)
    data["years"][4]["general"]["urine"]["other_tests"] = "腎臓検診 異常なし"
    doc = page_model(FORM, data)
    first = _cell(doc, "years[4].general.urine.first.blood")
    second = _cell(doc, "years[4].general.urine.second.blood")
    other = _cell(doc, "years[4].general.urine.other_tests")
    assert (first.text, second.text) == ("±", "−")
    assert first.rect.y < second.rect.y < other.rect.y  # three different rows
    for label, cell in (("潜血　第１次", first), ("潜血　第２次", second), ("その他の検査", other)):
        row = _row_of(doc, label)
        assert abs(row.rect.y - cell.rect.y) < 0.01 and abs(row.rect.h - cell.rect.h) < 0.01
    subs = [t.text for t in _labels(doc) if t.field and t.field.endswith(".sub")]
    assert [s for s in subs if "次" in s] == [
        "蛋白　第１次", "糖　　第１次", "潜血　第１次", "蛋白　第２次", "糖　　第２次", "潜血　第２次",
    ]  # fmt: skip


def test_vision_unmeasurable_and_coded_findings_print_their_wording() -> None:
    data = fresh_sample(FORM)
    g = data["years"][5]["general"]
    g["vision"]["right"] = {"naked": "unmeasurable"}
    g["ent"] = [{"code": "allergic_rhinitis", "text": "通年性"}]
    g["eye"] = [{"code": "eye_other", "text": "眼瞼下垂"}]
    g["other"] = [{"code": "asthma"}, {"code": "food_allergy", "text": "卵"}]
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[5].general.vision.right"] == "測定不能"
    assert fields["years[5].general.ent"] == "アレルギー性鼻炎（通年性）"
    assert fields["years[5].general.eye"] == "眼瞼下垂"  # the name of an 「その他」 is the text
    assert fields["years[5].general.other"] == "ぜん息、食物アレルギー（卵）"
    assert fields["years[4].general.ent"] == "アレルギー性鼻炎、耳垢栓塞（左）"


def test_row_labels_never_break_inside_a_word_and_share_one_size() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    labels = _labels(doc)
    words = {"脊柱・胸郭・四肢", "眼の疾病及び異常", "その他の疾病及び異常", "臨床医学的検査\n（心電図等）"}
    assert {t.text for t in labels} >= words
    assert broken_labels(labels) == []  # 「四/肢」, 「異/常」 were printed before
    assert {t.size for t in labels} == {6.5}


def test_nothing_prints_under_6_pt() -> None:
    assert too_small(page_model(FORM, fresh_sample(FORM))) == []


def test_one_decimal_is_printed_for_whole_numbers() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["general"]["height_cm"] = 117
    assert texts_by_field(page_model(FORM, data))["years[0].general.height_cm"] == "117.0"


def test_not_examined_items_print_slash_and_refuse_results() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    assert not any(f.startswith("years[1].general.heart.ecg") for f in texts_by_field(doc))
    assert sum(1 for page in doc.pages for r in page.rules if not r.static and r.y1 > r.y2) >= 5
    data = fresh_sample(FORM)
    data["years"][1]["general"]["heart"]["ecg"] = {"result": "normal"}
    assert "years[1].general.not_examined[0]" in error_messages(FORM, data)


def test_the_same_record_prints_both_cards() -> None:
    """One JSON per pupil: the 一般 and the 歯・口腔 票 are printed from the same input."""
    assert fresh_sample(FORM) == fresh_sample("health_checkup_dental")


def test_junior_high_has_three_columns() -> None:
    data = fresh_sample(FORM)
    data["school_type"] = "junior_high"
    data["student"]["birth_date"] = "2007-09-08"
    data["years"] = [dict(y, grade=g) for g, y in zip((1, 2, 3), data["years"][:3], strict=True)]
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "第３学年" in text and "第４学年" not in text


def _put(data: Any, path: str, value: Any) -> None:
    """Set ``value`` at a data path such as ``years[4].general.hearing.right.level_db``."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
    for p in parts[:-1]:
        data = data[p]
    data[parts[-1]] = value


_Y0 = "years[0].general"
_Y4 = "years[4].general"


@pytest.mark.parametrize(
    ("path", "where", "value"),
    [
        (f"{_Y0}.height_cm", f"{_Y0}.height_cm", 116.85),
        (f"{_Y0}.height_cm", f"{_Y0}.height_cm", 250.0),
        ("years[1].general.weight_kg", "years[1].general.weight_kg", 5),
        ("years[2].general.vision.right.naked", "years[2].general.vision.right.naked", 2.5),
        ("years[2].general.vision.right.naked", "years[2].general.vision.right.naked", "E"),
        (f"{_Y0}.urine.first.protein", f"{_Y0}.urine.first.protein", "++"),
        (f"{_Y0}.nutrition", f"{_Y0}.nutrition", "要注意"),
        (f"{_Y0}.ent[0].code", f"{_Y0}.ent", [{"code": "pollinosis"}]),
        (f"{_Y0}.ent", f"{_Y0}.ent", [{"code": "normal"}, {"code": "tonsil"}]),
        (f"{_Y0}.tuberculosis.guidance", f"{_Y0}.tuberculosis.guidance", "E4"),
        (f"{_Y0}.hearing.left.screen", f"{_Y0}.hearing.left.screen", "○"),
        (f"{_Y4}.hearing.right.level_db", f"{_Y4}.hearing.right.level_db", 30),  # dB without a failed screen
        (f"{_Y4}.urine.second.blood", f"{_Y4}.urine.first", None),  # a 2次 result without its 1次
        (f"{_Y0}.doctor.date", f"{_Y0}.doctor.date", "2021-05-01"),  # outside the 年度
        (f"{_Y0}.vision.date", f"{_Y0}.vision.date", "2019-06-12"),
        ("years[5].grade", "years[5].grade", 1),
        ("years[0].fiscal_year", "years[0]", {"grade": 1, "fiscal_year": 2016, "kumi": "1", "number": 12}),
        ("years[0].fiscal_year", "years[0]", {"grade": 1, "fiscal_year": 2019, "kumi": "1", "number": 12}),
        ("years[3].grade", "school_type", "junior_high"),
    ],
)
def test_rule_breaks_are_reported_at_their_path(path: str, where: str, value: Any) -> None:
    data = fresh_sample(FORM)
    _put(data, where, value)
    errors = error_messages(FORM, data)
    assert path in errors, errors
    assert errors[path]


def test_a_birth_date_that_contradicts_the_grade_needs_a_reason() -> None:
    data = fresh_sample(FORM)
    data["student"]["birth_date"] = "2014-09-08"  # a year younger: 5歳 in 第1学年
    assert "years[0].fiscal_year" in error_messages(FORM, data)
    data["student"]["off_age_reason"] = "就学猶予（1年）"
    data["student"]["birth_date"] = "2012-09-08"
    uf.validate(FORM, data)


def test_longest_texts_print_in_full_and_longer_ones_are_refused() -> None:
    data = fresh_sample(FORM)
    g = data["years"][0]["general"]
    g["notes"] = ("春季にアレルギー性鼻炎の症状あり。" * 4)[:60]
    g["measures"] = ("耳鼻咽喉科受診勧告。" * 3)[:30]
    g["other"] = [{"code": "other", "text": "漏斗胸・脊柱側わん症の疑い"}]
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[0].general.notes"] == g["notes"]
    assert fields["years[0].general.measures"] == g["measures"]
    assert fields["years[0].general.other"] == "漏斗胸・脊柱側わん症の疑い"
    g["measures"] = "あ" * 31
    g["other"][0]["text"] = "い" * 21
    errors = error_messages(FORM, data)
    assert "30" in errors["years[0].general.measures"]
    assert "20" in errors["years[0].general.other[0].text"]


_OWN_LAYOUT = """
format_version: 1
id: health_checkup_general
version: "school-1"
title: 健康診断票（一般）
paper: {size: A4, orientation: portrait, margins: [8, 8, 8, 8]}
blocks:
  - use: P-01
    at: [10, 8]
    size: [190, 24]
    options: {title: 健康診断票（一般）, show_class: false}
BLOCK
"""


def _own_layout(tmp_path: Path, block: str) -> Path:
    f = tmp_path / "own.yaml"
    f.write_text(_OWN_LAYOUT.replace("BLOCK", block), encoding="utf-8")
    return f


def test_text_that_cannot_fit_a_narrow_cell_is_an_error_not_cut(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["years"][0]["general"]["spine"] = [{"code": "scoliosis", "text": "経過観察中（整形外科）"}]
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[0].general.spine"] == "脊柱側わん症（経過観察中（整形外科））"  # shipped layout: fits
    narrow = _own_layout(tmp_path, "  - use: P-15\n    at: [10, 40]\n    size: [100, 236]")
    with pytest.raises(FormDataError) as info:
        api.compile_form(FORM, data, layout=narrow)
    assert "years[0].general.spine" in {e.path for e in info.value.errors}


def test_a_layout_without_the_grid_is_refused_not_dropped(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=_own_layout(tmp_path, ""))
    assert any(p.startswith("years[") for p in info.value.paths)


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2020, 12, 31)), st.integers(2015, 2035))
def test_age_is_the_age_on_april_first(birth: date, fiscal_year: int) -> None:
    april = date(fiscal_year, 4, 1)
    expected = april.year - birth.year - ((april.month, april.day) < (birth.month, birth.day))
    assert age_on_april_first(birth, fiscal_year) == expected


@given(st.integers(0, 200))
def test_vision_letter_thresholds(hundredths: int) -> None:
    value = hundredths / 100
    letter = vision_letter(value)
    assert letter == ("A" if value >= 1.0 else "B" if value >= 0.7 else "C" if value >= 0.3 else "D")
    assert vision_letter(letter) == letter


def test_xlsx_renders() -> None:
    assert uf.render_xlsx(FORM, fresh_sample(FORM))[:2] == b"PK"


# 学校医 印影 (conformance: KENJA prints the 学校医 印影 as an image on an e-signed record)
SEAL = seal_png()


def _with_seal(data: dict[str, Any], year: int, png: bytes = SEAL) -> dict[str, Any]:
    data["years"][year]["general"]["doctor"]["seal"] = base64.b64encode(png).decode("ascii")
    return data


def _junior_high(data: dict[str, Any]) -> dict[str, Any]:
    data["school_type"] = "junior_high"
    data["student"]["birth_date"] = "2007-09-08"
    data["years"] = [dict(y, grade=g) for g, y in zip((1, 2, 3), data["years"][:3], strict=True)]
    return data


def _inside(inner: Rect, outer: Rect) -> bool:
    return outer.x <= inner.x and inner.right <= outer.right and outer.y <= inner.y and inner.bottom <= outer.bottom


def _only_image(doc: Document) -> PlacedImage:
    (image,) = [i for page in doc.pages for i in page.images]
    return image


def test_no_seal_no_image() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    assert [i for page in doc.pages for i in page.images] == []
    assert pdf_images(uf.render_pdf(FORM, fresh_sample(FORM))) == []


@pytest.mark.parametrize(("junior", "year"), [(False, 0), (False, 2), (False, 5), (True, 0), (True, 1), (True, 2)])
def test_a_doctor_seal_prints_inside_that_years_date_cell(junior: bool, year: int) -> None:
    data = _with_seal(fresh_sample(FORM), year)
    if junior:
        data = _junior_high(data)
    doc = page_model(FORM, data)
    seal = _only_image(doc)
    assert seal.field == f"years[{year}].general.doctor.seal"
    date_cell = _cell(doc, f"years[{year}].general.doctor.date")
    assert _inside(seal.rect, date_cell.rect)
    assert seal.rect.h >= 6 and abs(seal.rect.w - seal.rect.h) < 1e-6  # small, square image kept square
    _, _, date_right, _ = text_extent(date_cell)
    assert date_right < seal.rect.x  # the 月日 stays legible beside the 印影
    assert date_cell.text and _cell(doc, f"years[{year}].general.doctor.remarks").text
    assert too_small(doc) == []
    pdf = uf.render_pdf(FORM, data)
    qpdf_check(pdf)
    assert pdf_images(pdf) == [(120, 120)]
    assert xlsx_media(uf.render_xlsx(FORM, data)) == [SEAL]


def test_a_long_date_and_a_wide_seal_still_fit_beside_each_other() -> None:
    data = _with_seal(fresh_sample(FORM), 1, seal_png(200, 120))
    data["years"][1]["general"]["doctor"]["date"] = "2021-12-31"
    doc = page_model(FORM, data)
    seal, date_cell = _only_image(doc), _cell(doc, "years[1].general.doctor.date")
    assert date_cell.text == "12月31日"
    assert _inside(seal.rect, date_cell.rect)
    assert text_extent(date_cell)[2] < seal.rect.x
    assert seal.rect.w / seal.rect.h == pytest.approx(200 / 120)


@pytest.mark.parametrize(
    "value",
    [
        base64.b64encode(b"not an image at all").decode("ascii"),
        "これは画像ではない",
        "A" * ((MAX_IMAGE_BYTES * 4) // 3 + 8),
        12345,
    ],
)
def test_a_seal_that_is_not_an_image_is_refused_at_its_path(value: Any) -> None:
    data = fresh_sample(FORM)
    data["years"][3]["general"]["doctor"]["seal"] = value
    errors = error_messages(FORM, data)
    assert "years[3].general.doctor.seal" in errors, errors
