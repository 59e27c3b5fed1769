"""健康診断票（一般） end to end: the sample prints one column per 学年 with the derived 年齢
(R-HLT-5) and 視力 letters (R-HLT-2), 身長・体重 with one decimal and the name exactly; rule breaks
are FormDataErrors at their paths; 未実施 items print 斜線; text too long for its cell is an error
naming the field, never cut."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.families.health_checkup import age_on_april_first
from unified_forms.forms.health_checkup_general.model import vision_letter

FORM = "health_checkup_general"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> str:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    assert pdf.startswith(b"%PDF")
    return pdf_text(pdf)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "健康診断票（一般）"
    assert info.paper == "A4 portrait"


def test_sample_prints_name_exactly_and_every_item(rendered: str) -> None:
    sample = fresh_sample(FORM)
    name = sample["student"]["name"]
    assert name["family"] + name["given"] in rendered.replace("\u3000", "")
    assert "髙木" in rendered  # U+9AD9 kept, not folded to 高
    for label in ("年齢", "年度", "身長", "体重", "栄養状態", "視力", "聴力", "結核", "心臓", "尿", "事後措置", "備考"):
        assert label in rendered
    for g in range(1, 7):
        assert f"第{chr(0xFF10 + g)}学年" in rendered
    assert "平成25年9月8日生" in rendered
    assert "令和2年度" in rendered and "令和7年度" in rendered


def test_ages_heights_and_vision_letters_are_derived() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    fields = texts_by_field(doc)
    # born 2013-09-08: 満6歳 on 2020-04-01 … 満11歳 on 2025-04-01, printed at the 年度's path
    ages = [t.text for page in doc.pages for t in page.texts if t.field and t.text.endswith("歳")]
    assert all(
        t.field.endswith(".fiscal_year") for page in doc.pages for t in page.texts if t.field and t.text.endswith("歳")
    )
    assert ages == ["6歳", "7歳", "8歳", "9歳", "10歳", "11歳"]
    assert fields["years[0].height_cm"] == "116.8"
    assert fields["years[5].weight_kg"] == "38.1"
    assert fields["years[0].vision.right"] == "A"  # 1.2
    assert fields["years[2].vision.right"] == "B"  # 0.8
    assert fields["years[3].vision.right"] == "C（A）"  # 0.5 (1.0)
    assert fields["years[5].vision.right"] == "D（A）"  # 0.2 (1.0)
    assert fields["years[5].vision.left"] == "C（A）"  # 0.3 (1.0)
    assert fields["years[0].doctor"] == "異常なし\n5月14日"


def test_one_decimal_is_printed_for_whole_numbers() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["height_cm"] = 117
    assert texts_by_field(page_model(FORM, data))["years[0].height_cm"] == "117.0"


def test_not_examined_items_print_slash_and_refuse_results() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    assert not any(f.startswith("years[1].heart.ecg") for f in texts_by_field(doc))
    assert sum(1 for page in doc.pages for r in page.rules if not r.static and r.y1 > r.y2) >= 5
    data = fresh_sample(FORM)
    data["years"][1]["heart"]["ecg"] = "異常なし"
    assert "years[1].not_examined[0]" in error_messages(FORM, data)


def test_junior_high_has_three_columns(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["school_type"] = "junior_high"
    data["years"] = data["years"][:3]
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "第３学年" in text and "第４学年" not in text


@pytest.mark.parametrize(
    ("path", "mutate"),
    [
        ("years[0].height_cm", lambda d: d["years"][0].update(height_cm=116.85)),
        ("years[0].height_cm", lambda d: d["years"][0].update(height_cm=250.0)),
        ("years[1].weight_kg", lambda d: d["years"][1].update(weight_kg=5)),
        ("years[2].vision.right.naked", lambda d: d["years"][2]["vision"]["right"].update(naked=2.5)),
        ("years[2].vision.right.naked", lambda d: d["years"][2]["vision"]["right"].update(naked="E")),
        ("years[0].urine.protein", lambda d: d["years"][0]["urine"].update(protein="++")),
        ("years[0].tuberculosis.guidance", lambda d: d["years"][0]["tuberculosis"].update(guidance="E4")),
        ("years[0].hearing.left", lambda d: d["years"][0]["hearing"].update(left="30dB")),
        ("years[0].doctor.date", lambda d: d["years"][0]["doctor"].update(date="2021-05-01")),
        ("years[5].grade", lambda d: d["years"][5].update(grade=1)),
        ("years[0].fiscal_year", lambda d: d["years"][0].update(fiscal_year=2016, doctor={})),
        ("years[5].fiscal_year", lambda d: d["years"][5].update(fiscal_year=2020, doctor={})),
        ("years[3].grade", lambda d: (d.update(school_type="junior_high"), d["years"][3])),
    ],
)
def test_rule_breaks_are_reported_at_their_path(path: str, mutate: Any) -> None:
    data = fresh_sample(FORM)
    mutate(data)
    errors = error_messages(FORM, data)
    assert path in errors, errors
    assert errors[path]


def test_longest_texts_print_in_full_and_longer_ones_are_refused() -> None:
    data = fresh_sample(FORM)
    y = data["years"][0]
    y["notes"] = ("春季にアレルギー性鼻炎の症状あり。" * 4)[:60]
    y["measures"] = ("耳鼻咽喉科受診勧告。" * 3)[:30]
    y["other_disease"] = "漏斗胸・脊柱側わん症の疑いで経過観察中"[:20]
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[0].notes"] == y["notes"]
    assert fields["years[0].measures"] == y["measures"]
    assert fields["years[0].other_disease"] == y["other_disease"]
    y["measures"] = "あ" * 31
    y["other_disease"] = "い" * 21
    errors = error_messages(FORM, data)
    assert "30" in errors["years[0].measures"]
    assert "20" in errors["years[0].other_disease"]


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
    data["years"][0]["spine"] = "側わん症の疑いあり経過観察中（整形外科）"
    assert texts_by_field(page_model(FORM, data))["years[0].spine"] == data["years"][0]["spine"]  # shipped layout: fits
    narrow = _own_layout(tmp_path, "  - use: P-15\n    at: [10, 40]\n    size: [100, 235]")
    with pytest.raises(FormDataError) as info:
        api.compile_form(FORM, data, layout=narrow)
    assert "years[0].spine" in {e.path for e in info.value.errors}


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
