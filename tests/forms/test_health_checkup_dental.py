"""健康診断票（歯・口腔） end to end, printed from the coded yearly records (the same JSON as the 一般).

The sample prints one row per 学年 with its 歯式 and the 歯の状態 counts derived from the tooth symbols
(R-HLT-1, checked by hypothesis over random charts), 年齢 on 4月1日 (R-HLT-5) and the name exactly;
the 歯式 carries 右 and 左 (the pupil's); 「CO」 and every other text print at 6 pt or more; no header
label breaks inside a word; an unknown symbol or a symbol on the wrong kind of tooth is a FormDataError
at the tooth's own path."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, qpdf_check
from healthkit import broken_labels, pdf_images, seal_png, static_labels, text_extent, too_small, xlsx_media
from hypothesis import given
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms.errors import FormDataError
from unified_forms.families.health_checkup.dental import (
    PERMANENT_TEETH,
    PRIMARY_TEETH,
    SYMBOLS,
    DentalFormula,
    count_teeth,
    successor,
)
from unified_forms.layout.page import Document, TextBox
from unified_forms.models.image import MAX_IMAGE_BYTES

FORM = "health_checkup_dental"


def _by_field(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for page in doc.pages:
        for t in page.texts:
            if t.field:
                out.setdefault(t.field, []).append(t.text)
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> str:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    assert pdf.startswith(b"%PDF")
    return pdf_text(pdf)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "健康診断票（歯・口腔）"
    assert info.paper == "A4 portrait"


def test_sample_prints_name_exactly_legend_and_every_year(rendered: str) -> None:
    assert "髙木" in rendered  # U+9AD9 kept, not folded to 高
    for label in ("顎関節", "歯列・咬合", "歯垢", "歯肉", "歯式", "歯の状態", "要観察歯", "事後措置", "学校歯科医"):
        assert label in rendered
    assert "要注意乳歯" in rendered and "喪失歯" in rendered
    assert "平成25年9月8日生" in rendered
    for age, nendo in zip(range(6, 12), range(2, 8), strict=True):
        assert f"{age}歳令和{nendo}年度" in rendered
    assert "矯正治療中" in rendered and "舌小帯異常" in rendered
    assert "右" in rendered and "左" in rendered


def test_counts_are_derived_from_the_chart() -> None:
    data = fresh_sample(FORM)
    fields = _by_field(page_model(FORM, data))
    for i, y in enumerate(data["years"]):
        c = count_teeth(DentalFormula.model_validate(y["dental"]["teeth"]))
        printed = fields[f"years[{i}].dental.teeth"]
        expected = [
            c.primary_present, c.primary_decayed, c.primary_treated, c.primary_caution,
            c.permanent_present, c.permanent_decayed, c.permanent_treated, c.permanent_lost, c.observation,
        ]  # fmt: skip
        assert sorted(printed) == sorted(str(n) for n in expected)
    first = count_teeth(DentalFormula.model_validate(data["years"][0]["dental"]["teeth"]))
    assert (first.primary_present, first.primary_decayed, first.primary_treated) == (18, 2, 1)
    assert first.permanent_present == 6


def test_each_tooth_prints_at_its_path() -> None:
    data = fresh_sample(FORM)
    fields = _by_field(page_model(FORM, data))
    assert fields["years[0].dental.teeth.primary.URD"] == ["C"]
    assert fields["years[1].dental.teeth.permanent.UR6"] == ["CO"]
    assert fields["years[5].dental.teeth.permanent.LL7"] == ["CO"]


def test_the_chart_says_which_side_is_the_pupils_right() -> None:
    """The 歯式 is drawn as the examiner sees it: the pupil's 右 (UR8…UR1) on the left of the page."""
    doc = page_model(FORM, fresh_sample(FORM))
    labels = {t.text: t for t in static_labels(doc)}
    right, left = labels["右"], labels["左"]
    ur6 = next(t for p in doc.pages for t in p.texts if t.field == "years[1].dental.teeth.permanent.UR6")
    ll7 = next(t for p in doc.pages for t in p.texts if t.field == "years[5].dental.teeth.permanent.LL7")
    assert right.rect.x < ur6.rect.x < ll7.rect.x < left.rect.right
    assert right.rect.right < left.rect.x


def test_co_and_every_label_print_at_6_pt_or_more_without_a_break_inside_a_word() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    co = [t for p in doc.pages for t in p.texts if t.text == "CO"]
    assert co and min(t.size for t in co) >= 6  # 4 pt before
    assert too_small(doc) == []
    headers = [t for t in static_labels(doc) if len(t.text) < 20]
    assert {"その他の\n疾病及び\n異常", "歯列・咬合", "要観察歯"} <= {t.text for t in headers}
    assert broken_labels(headers) == []  # 「異/常」 before
    chart_header = [t for t in headers if t.rect.y >= 56 and t.rect.bottom <= 74.01 and t.text != "歯　　式"]
    assert len(chart_header) > 20 and {t.size for t in chart_header} == {6.5}  # one block, one size


@given(
    permanent=st.dictionaries(st.sampled_from(PERMANENT_TEETH), st.sampled_from([s for s in SYMBOLS if s != "×"])),
    primary=st.dictionaries(st.sampled_from(PRIMARY_TEETH), st.sampled_from([s for s in SYMBOLS if s != "△"])),
)
def test_counts_over_random_charts(permanent: dict[str, str], primary: dict[str, str]) -> None:
    primary = {t: s for t, s in primary.items() if successor(t) not in permanent}
    c = count_teeth(DentalFormula.model_validate({"permanent": permanent, "primary": primary}))
    p, d = list(primary.values()), list(permanent.values())
    assert c.primary_present == len(p)
    assert c.permanent_present + c.permanent_lost == len(d)
    assert c.permanent_lost == sum(1 for s in d if s == "△")
    assert c.primary_decayed + c.permanent_decayed == sum(1 for s in p + d if s == "C")
    assert c.primary_treated + c.permanent_treated == sum(1 for s in p + d if s == "○")
    assert c.primary_caution == sum(1 for s in p if s == "×")
    assert c.observation == sum(1 for s in p + d if s == "CO")
    assert 0 <= c.primary_present <= 20 and 0 <= c.permanent_present <= 32


def test_unknown_symbol_is_refused_at_its_tooth() -> None:
    data = fresh_sample(FORM)
    data["years"][2]["dental"]["teeth"]["permanent"]["UL3"] = "X"
    errors = error_messages(FORM, data)
    assert any(p.startswith("years[2].dental.teeth.permanent") and "UL3" in p for p in errors), errors


def test_symbol_on_wrong_kind_of_tooth_and_double_position() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["dental"]["teeth"]["permanent"]["UR6"] = "×"
    data["years"][0]["dental"]["teeth"]["primary"]["ULC"] = "△"
    data["years"][1]["dental"]["teeth"]["primary"]["LRA"] = "/"  # LR1 is already there
    errors = error_messages(FORM, data)
    assert "years[0].dental.teeth.permanent.UR6" in errors
    assert "years[0].dental.teeth.primary.ULC" in errors
    assert "years[1].dental.teeth.primary.LRA" in errors


def test_year_rules() -> None:
    data = fresh_sample(FORM)
    data["years"][4]["dental"]["dentist"]["date"] = "2030-05-01"
    data["years"][5]["dental"]["plaque"] = 3
    data["years"][5]["dental"]["other"] = [{"code": "tongue_tie"}]
    errors = error_messages(FORM, data)
    assert "years[4].dental.dentist.date" in errors
    assert any(p.startswith("years[5].dental.plaque") for p in errors)
    assert "years[5].dental.other[0].code" in errors
    data = fresh_sample(FORM)
    data["years"][3]["grade"] = 3
    message = error_messages(FORM, data)["years[3].grade"]
    assert "重複" in message or "2つ" in message


def test_junior_high_has_three_rows_and_too_long_text_is_refused() -> None:
    data = fresh_sample(FORM)
    data["school_type"] = "junior_high"
    data["years"] = [dict(y, grade=g) for g, y in zip((1, 2, 3), data["years"][3:], strict=True)]
    data["student"]["birth_date"] = "2010-09-08"
    fields = _by_field(page_model(FORM, data))
    assert "years[2].dental.teeth.permanent.LL7" in fields
    data["years"][0]["dental"]["dentist"]["remarks"] = "癒" * 21
    assert "years[0].dental.dentist.remarks" in error_messages(FORM, data)
    data["years"][0]["dental"]["dentist"]["remarks"] = "\n".join(["癒合歯"] * 8)
    with pytest.raises(FormDataError):
        uf.validate(FORM, data)  # one line only


def test_a_year_without_a_dental_record_prints_its_age_and_a_blank_chart() -> None:
    data = fresh_sample(FORM)
    del data["years"][2]["dental"]
    fields = _by_field(page_model(FORM, data))
    assert fields["years[2].fiscal_year"] == ["8歳\n令和4年度"]
    assert not any(f.startswith("years[2].dental") for f in fields)


# 学校歯科医 印影 (conformance: KENJA prints the 学校医 印影 as an image on an e-signed record)
SEAL = seal_png()


def _seal(data: dict[str, Any], year: int) -> dict[str, Any]:
    data["years"][year]["dental"]["dentist"]["seal"] = base64.b64encode(SEAL).decode("ascii")
    return data


def _box(doc: Document, field: str) -> TextBox:
    return next(t for p in doc.pages for t in p.texts if t.field == field)


def test_no_seal_no_image() -> None:
    assert [i for p in page_model(FORM, fresh_sample(FORM)).pages for i in p.images] == []
    assert pdf_images(uf.render_pdf(FORM, fresh_sample(FORM))) == []


@pytest.mark.parametrize(("junior", "year"), [(False, 0), (False, 3), (False, 5), (True, 0), (True, 2)])
def test_a_dentist_seal_prints_at_the_foot_of_that_years_cell(junior: bool, year: int) -> None:
    data = fresh_sample(FORM)
    if junior:
        data["school_type"] = "junior_high"
        data["years"] = [dict(y, grade=g) for g, y in zip((1, 2, 3), data["years"][3:], strict=True)]
        data["student"]["birth_date"] = "2010-09-08"
    # the longest 所見 the model takes and the widest 月日: the 印影 still leaves them clear
    record = data["years"][year]
    record["dental"]["dentist"].update(remarks="歯" * 20, date=f"{record['fiscal_year']}-12-31")
    doc = page_model(FORM, _seal(data, year))
    (seal,) = [i for p in doc.pages for i in p.images]
    assert seal.field == f"years[{year}].dental.dentist.seal"
    cell = _box(doc, f"years[{year}].dental.dentist")
    r, c = seal.rect, cell.rect
    assert c.x <= r.x and r.right <= c.right and c.y <= r.y and r.bottom <= c.bottom
    assert r.h >= 8 and r.w == pytest.approx(r.h)
    assert cell.text.endswith("12月31日") and text_extent(cell)[3] < r.y  # 所見・月日 above the 印影
    assert too_small(doc) == []
    pdf = uf.render_pdf(FORM, data)
    qpdf_check(pdf)
    assert pdf_images(pdf) == [(120, 120)]
    assert xlsx_media(uf.render_xlsx(FORM, data)) == [SEAL]


@pytest.mark.parametrize(
    "value",
    [base64.b64encode(b"GIF89a....").decode("ascii"), "not base64!", "A" * ((MAX_IMAGE_BYTES * 4) // 3 + 8)],
)
def test_a_seal_that_is_not_an_image_is_refused_at_its_path(value: str) -> None:
    data = fresh_sample(FORM)
    data["years"][1]["dental"]["dentist"]["seal"] = value
    errors = error_messages(FORM, data)
    assert "years[1].dental.dentist.seal" in errors, errors
