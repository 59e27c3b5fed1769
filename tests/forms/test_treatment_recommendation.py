"""治療勧告書 end to end, from the pupil's record of the year.

Conformance findings checked here: a 歯科 notice is signed by the 学校歯科医 (「学校医」 was
hard-coded); the reply slip offers 「治療完了（済）」 and the per-検査 extras (歯科 ブラッシング指導済,
視力 眼鏡処方); the results print structured from the record (tooth positions from the 歯式, 視力
A〜D with the legend, 聴力 ○ and dB, 尿 第1次・第2次); 検査 names as the 様式 has them (視力検査, not
視力検診). Both halves print the pupil exactly; the cut line is dashed; bad input names its field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from healthkit import too_small
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.families.health_checkup.dental import tooth_name
from unified_forms.layout.page import Document

FORM = "treatment_recommendation"
PUPIL = "髙橋"  # U+9AD9 はしごだか, must not become 高


def _texts(doc: Document, field: str) -> list[str]:
    return [t.text for p in doc.pages for t in p.texts if t.field == field]


def _all(doc: Document) -> str:
    return "".join(t.text for p in doc.pages for t in p.texts).replace("\n", "")


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)), layout=True, squeeze=False)


def test_a_dental_notice_is_signed_by_the_school_dentist(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    assert "学校歯科医西村ひとみ" in flat
    assert "学校医西村" not in flat
    data = fresh_sample(FORM, "vision")
    assert "学校医　岡田　健一" in _texts(page_model(FORM, data), "school_doctor")


def test_notice_names_guardian_pupil_school_and_exam(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    assert PUPIL in text and "高橋" not in text
    assert "4年2組14番髙橋陽菜保護者様" in flat
    for needle in ("令和7年6月10日", "山口市立湯田小学校", "校長國本正和"):
        assert needle in flat, needle
    assert re.search(r"受\s*診\s*の\s*お\s*す\s*す\s*め\s*（\s*歯\s*科\s*検\s*診\s*）", text)
    assert "令和7年6月3日に実施した歯科検診の結果" in flat  # the date of the 歯科検診, from the record


def test_dental_results_name_the_teeth_of_the_chart() -> None:
    data = fresh_sample(FORM)
    teeth = data["record"]["dental"]["teeth"]
    doc = page_model(FORM, data)
    decayed = [t for t, s in {**teeth["permanent"], **teeth["primary"]}.items() if s == "C"]
    assert _texts(doc, "record.dental.teeth")[0] in (
        "、".join(tooth_name(t) for t in decayed),
        "、".join(tooth_name(t) for t in reversed(decayed)),
    )
    assert _texts(doc, "record.dental.teeth")[:3] == ["上右6、下右E", "下左D", "下左6"]  # C, ×, CO
    assert _texts(doc, "record.dental.gingiva") == ["2 G（専門医による診断が必要）"]
    flat = _all(doc)
    for label in ("未処置歯（Ｃ）", "要注意乳歯（×）", "要観察歯（ＣＯ）", "歯肉の状態"):
        assert label in flat, label
    # the pupil's 歯式 beside them, every symbol at its tooth, with 右 and 左
    assert _texts(doc, "record.dental.teeth.permanent.UR6") == ["C"]
    assert _texts(doc, "record.dental.teeth.primary.LLD") == ["×"]
    assert "右" in flat and "左" in flat and "ＣＯ 要観察歯" in flat


def test_reply_slip_offers_treatment_completed_and_the_dental_extra() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    flat = _all(doc)
    slip = flat[flat.index("受診結果報告書") :]
    assert "診察結果異常なし治療完了（済）治療中経過観察要治療ブラッシング指導済その他" in slip
    vision = _all(page_model(FORM, fresh_sample(FORM, "vision")))
    assert "要治療眼鏡処方その他" in vision and "ブラッシング" not in vision
    urine = _all(page_model(FORM, fresh_sample(FORM, "urine")))
    assert "治療完了（済）" in urine and "眼鏡処方" not in urine


def test_vision_prints_letters_with_the_legend_and_the_exam_name_of_the_yoshiki() -> None:
    data = fresh_sample(FORM, "vision")
    doc = page_model(FORM, data)
    flat = _all(doc)
    assert "受診のおすすめ（視力検査）" in flat and "視力検診" not in flat
    eyes = data["record"]["general"]["vision"]
    fields = texts_by_field(doc)
    for side in ("right", "left"):
        naked = eyes[side]["naked"]
        want = "A" if naked >= 1.0 else "B" if naked >= 0.7 else "C" if naked >= 0.3 else "D"
        assert fields[f"record.general.vision.{side}.naked"] == want
    assert "A 1.0以上　B 1.0未満0.7以上　C 0.7未満0.3以上　D 0.3未満" in fields["legend"]


def test_hearing_prints_the_failed_screen_and_its_db() -> None:
    data = fresh_sample(FORM, "hearing")
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    ears = data["record"]["general"]["hearing"]
    failed = [s for s in ("right", "left") if ears[s]["screen"] == "fail"]
    assert failed
    for side in failed:
        assert fields[f"record.general.hearing.{side}.screen"] == "聴取できない（○）"
        assert fields[f"record.general.hearing.{side}.level_db"] == f"{ears[side]['level_db']}dB"
    assert "受診のおすすめ（聴力検査）" in _all(doc)


def test_urine_prints_the_first_and_the_second_round_in_rows_of_their_own() -> None:
    data = fresh_sample(FORM, "urine")
    doc = page_model(FORM, data)
    urine = data["record"]["general"]["urine"]
    first = {k: v for k, v in urine["first"].items() if k != "date"}
    second = {k: v for k, v in urine["second"].items() if k != "date"}
    boxes = {t.field: t for p in doc.pages for t in p.texts if t.field}
    for item, value in first.items():
        assert boxes[f"record.general.urine.first.{item}"].text == value
    for item, value in second.items():
        box = boxes[f"record.general.urine.second.{item}"]
        assert box.text == value
        assert box.rect.y > boxes[f"record.general.urine.first.{item}"].rect.y
    flat = _all(doc)
    assert "第１次（6月18日）" in flat and "第２次（6月25日）" in flat
    assert "令和7年6月25日に実施した尿検査" in flat  # the last round held


def test_reply_slip_below_a_dashed_cut_line_repeats_whose_it_is(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    slip = flat[flat.index("キリトリ線") :]
    assert "受診結果報告書（歯科検診）" in slip and "山口市立湯田小学校長様" in slip
    assert "4年2組番号14番氏名髙橋陽菜" in slip
    for label in ("診断名", "指示・留意事項", "受診日", "令和年月日", "医療機関名", "医師名", "印"):
        assert label in slip, label
    assert "令和7年6月27日までに学級担任へ提出してください" in slip


def test_cut_line_is_a_dashed_rule_across_the_page() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    (page,) = doc.pages
    dashed = [r for r in page.rules if r.style == "dashed"]
    assert dashed and all(r.y1 == r.y2 for r in dashed)
    assert len({r.y1 for r in dashed}) == 1
    assert min(r.x1 for r in dashed) <= 10.5 and max(r.x2 for r in dashed) >= 199.5
    notice = [t for t in page.texts if t.field == "recommendation"]
    slip = [t for t in page.texts if t.text.startswith("受診結果報告書")]
    assert notice[0].rect.bottom < dashed[0].y1 < slip[0].rect.y


@pytest.mark.parametrize("variant", [None, "vision", "hearing", "urine"])
def test_nothing_prints_under_6_pt(variant: str | None) -> None:
    assert too_small(page_model(FORM, fresh_sample(FORM, variant))) == []


def test_notice_later_than_21_days_is_an_alert_not_an_error() -> None:
    data = fresh_sample(FORM)
    assert api.render(FORM, data, "pdf").report.alerts == []
    data["issued_on"] = "2025-06-30"  # 27 days after 6/3
    data["return_by"] = None
    alerts = api.render(FORM, data, "pdf").report.alerts
    assert [a["code"] for a in alerts] == ["notice_after_21_days"] and alerts[0]["count"] == 27


def _drop(d: dict[str, Any], *keys: str) -> None:
    for k in keys:
        d.pop(k, None)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(issued_on="2025-06-02"), "issued_on"),  # before the 歯科検診 of 6/3
        (lambda d: d.update(return_by="2025-05-01"), "return_by"),
        (lambda d: d.update(exam_kind="皮膚科"), "exam_kind"),
        (lambda d: d["record"].update(number=0), "record.number"),
        (lambda d: _drop(d["record"], "dental"), "record.dental"),  # nothing to recommend from
        (lambda d: d["record"]["dental"]["dentist"].update(date=None), "record.dental.dentist.date"),
        (lambda d: d["record"]["dental"]["dentist"].update(date="2024-06-03"), "record.dental.dentist.date"),
        (lambda d: d.update(recommendation=""), "recommendation"),
        (lambda d: d.update(recommendation="あ" * 301), "recommendation"),
        (lambda d: d.update(school_doctor="あ" * 25), "school_doctor"),
        (lambda d: d.update(reply_options=["completed", "completed"]), "reply_options"),
        (lambda d: d.update(reply_options=["completed"]), "reply_options"),
        (lambda d: d.update(reply_options=["完了", "other"]), "reply_options[0]"),
        (lambda d: d["pupil"].update(family=""), "pupil.family"),
        (lambda d: d.update(exam_kind="色覚"), "remarks"),
    ],
)
def test_bad_input_names_the_field(change: Any, path: str) -> None:
    data = fresh_sample(FORM)
    change(data)
    errors = error_messages(FORM, data)
    assert path in errors, errors


def test_a_vision_notice_needs_the_vision_results() -> None:
    data = fresh_sample(FORM, "vision")
    data["record"]["general"]["vision"] = {}
    assert "record.general.vision" in error_messages(FORM, data)


def test_reply_options_can_be_the_schools_own_list() -> None:
    data = fresh_sample(FORM, "hearing")
    data["reply_options"] = ["normal", "needs_treatment", "observation", "other"]
    flat = _all(page_model(FORM, data))
    assert "診察結果異常なし要治療経過観察その他" in flat and "治療完了" not in flat


def test_long_paragraph_shrinks_whole_or_is_refused_with_its_capacity() -> None:
    data = fresh_sample(FORM)
    data["recommendation"] = "受診してください。" * 33  # 297 characters: shrinks, all printed
    assert "".join(_texts(page_model(FORM, data), "recommendation")).replace("\n", "") == data["recommendation"]
    data["recommendation"] = "\n".join(["受診してください。"] * 20)  # 20 lines cannot fit the box
    with pytest.raises(FormDataError) as info:
        page_model(FORM, data)
    (entry,) = [e for e in info.value.errors if e.path == "recommendation"]
    assert re.search(r"\d", entry.message)


def test_a_school_layout_without_the_results_refuses_the_record(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    text = shipped.read_text(encoding="utf-8").replace("source: results", "source: results_unused")
    own = tmp_path / "own.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "results" in info.value.message or "record" in set(info.value.paths)


_REMARK = st.text(alphabet="う歯未処置歯肉炎咬合不正ABC123（）・ 本", min_size=0, max_size=60)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(remarks=_REMARK)
def test_any_allowed_remark_prints_whole_or_is_refused_at_its_path(remarks: str) -> None:
    data = fresh_sample(FORM)
    data["remarks"] = remarks
    try:
        doc = page_model(FORM, data)
    except FormDataError as e:
        assert all(x.path == "remarks" for x in e.errors), e.errors
        return
    assert "".join(_texts(doc, "remarks")).replace("\n", "") == remarks


def test_same_input_same_bytes() -> None:
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == uf.render_pdf(FORM, fresh_sample(FORM))
    assert uf.render_xlsx(FORM, fresh_sample(FORM)) == uf.render_xlsx(FORM, fresh_sample(FORM))
    assert pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)))
