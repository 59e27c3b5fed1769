"""治療勧告書 end to end: both halves print the pupil exactly, findings whole, a dashed cut line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from formkit import fresh_sample, page_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.layout.page import Document

FORM = "treatment_recommendation"
PUPIL = "髙橋"  # U+9AD9 はしごだか, must not become 高


def _texts(doc: Document, field: str) -> list[str]:
    return [t.text for p in doc.pages for t in p.texts if t.field == field]


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tr") / "t.pdf"
    path.write_bytes(uf.render_pdf(FORM, fresh_sample(FORM)))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_notice_names_guardian_pupil_school_and_exam(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    assert PUPIL in text and "高橋" not in text
    assert "4年2組15番髙橋陽菜保護者様" in flat
    for needle in ("令和7年5月26日", "山口市立湯田小学校", "校長國本正和", "学校医吉富英明"):
        assert needle in flat, needle
    assert re.search(r"受\s*診\s*の\s*お\s*す\s*す\s*め\s*（\s*歯\s*科\s*検\s*診\s*）", text)
    assert "令和7年5月14日に実施した歯科検診の結果" in flat


def test_findings_are_checked_items_with_their_clinic(text: str) -> None:
    assert re.search(r"検査\s+所見\s+受診先", text)
    assert re.search(r"歯科\s+■う歯（未処置 2本）\s+■歯肉炎\s+歯科医院", text)


def test_paragraph_is_the_input_text_whole() -> None:
    data = fresh_sample(FORM)
    doc = page_model(FORM, data)
    assert "".join(_texts(doc, "recommendation")).replace("\n", "") == data["recommendation"].replace("\n", "")


def test_reply_slip_below_a_dashed_cut_line(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    cut = flat.index("キリトリ線")
    slip = flat[cut:]
    assert "受診結果報告書（歯科検診）" in slip and "山口市立湯田小学校長様" in slip
    assert "4年2組番号15番氏名髙橋陽菜" in slip  # the slip travels alone: whose it is, again
    assert "診察結果異常なし要治療治療中経過観察その他" in slip
    for label in ("診断名", "指示・留意事項", "受診日", "令和年月日", "医療機関名", "医師名", "印"):
        assert label in slip, label
    assert "令和7年6月20日までに学級担任へ提出してください" in slip


def test_cut_line_is_a_dashed_rule_across_the_page() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    (page,) = doc.pages
    dashed = [r for r in page.rules if r.style == "dashed"]
    assert dashed and all(r.y1 == r.y2 for r in dashed)
    assert len({r.y1 for r in dashed}) == 1
    assert min(r.x1 for r in dashed) <= 10.5 and max(r.x2 for r in dashed) >= 199.5
    label = next(t for t in page.texts if t.text == "キリトリ線")
    assert abs(label.rect.y + label.rect.h / 2 - dashed[0].y1) < 1
    slip = [t for t in page.texts if t.text.startswith("受診結果報告書")]
    notice = [t for t in page.texts if t.field == "recommendation"]
    assert notice[0].rect.bottom < dashed[0].y1 < slip[0].rect.y


def test_reply_options_come_from_the_data() -> None:
    data = fresh_sample(FORM)
    data.update(exam_kind="聴力", findings=[{"exam": "聴力", "items": ["右 1000Hz 35dB"], "clinic": "耳鼻咽喉科"}])
    data["reply_options"] = ["正常範囲", "要治療", "経過観察", "その他"]
    flat = "".join(t.text for p in page_model(FORM, data).pages for t in p.texts)
    assert "正常範囲" in flat and "異常なし" not in flat and "受診結果報告書（聴力検診）" in flat


def test_notice_later_than_21_days_is_an_alert_not_an_error() -> None:
    data = fresh_sample(FORM)
    assert api.render(FORM, data, "pdf").report.alerts == []
    data["issued_on"] = "2025-06-10"  # 27 days after 5/14
    alerts = api.render(FORM, data, "pdf").report.alerts
    assert [a["code"] for a in alerts] == ["notice_after_21_days"] and alerts[0]["count"] == 27


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(exam_date="2025-05-27"), "exam_date"),
        (lambda d: d.update(return_by="2025-05-01"), "return_by"),
        (lambda d: d.update(exam_kind="皮膚科"), "exam_kind"),
        (lambda d: d.update(number=0), "number"),
        (lambda d: d.update(findings=[]), "findings"),
        (lambda d: d["findings"][0].update(items=[]), "findings[0].items"),
        (lambda d: d["findings"][0]["items"].append("歯肉炎"), "findings[0].items"),
        (lambda d: d["findings"][0]["items"].__setitem__(1, "あ" * 25), "findings[0].items[1]"),
        (lambda d: d["findings"][0].update(clinic=""), "findings[0].clinic"),
        (lambda d: d.update(recommendation=""), "recommendation"),
        (lambda d: d.update(recommendation="あ" * 301), "recommendation"),
        (lambda d: d.update(school_doctor="あ" * 25), "school_doctor"),
        (lambda d: d.update(reply_options=["異常なし", "異常なし"]), "reply_options"),
        (lambda d: d.update(reply_options=["異常なし"]), "reply_options"),
        (lambda d: d["pupil"].update(family=""), "pupil.family"),
    ],
)
def test_bad_input_names_the_field(change: Any, path: str) -> None:
    data = fresh_sample(FORM)
    change(data)
    with pytest.raises(FormDataError) as info:
        uf.validate(FORM, data)
    assert path in {e.path for e in info.value.errors}, info.value.errors


def test_long_paragraph_shrinks_whole_or_is_refused_with_its_capacity() -> None:
    data = fresh_sample(FORM)
    data["recommendation"] = "受診してください。" * 33  # 297 characters: shrinks, all printed
    assert "".join(_texts(page_model(FORM, data), "recommendation")).replace("\n", "") == data["recommendation"]
    data["recommendation"] = "\n".join(["受診してください。"] * 20)  # 20 lines cannot fit the box
    with pytest.raises(FormDataError) as info:
        page_model(FORM, data)
    (entry,) = [e for e in info.value.errors if e.path == "recommendation"]
    assert re.search(r"\d", entry.message)


def test_a_school_layout_without_the_paragraph_box_refuses_it(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "slot: recommendation" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "recommendation" in set(info.value.paths)


_ITEM = st.text(alphabet="う歯未処置歯肉炎咬合不正ABC123（）・ 本", min_size=1, max_size=24).filter(str.strip)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(_ITEM, min_size=1, max_size=4, unique=True))
def test_any_allowed_findings_print_whole_or_are_refused_at_their_path(items: list[str]) -> None:
    data = fresh_sample(FORM)
    data["findings"][0]["items"] = items
    try:
        doc = page_model(FORM, data)
    except FormDataError as e:
        assert all(x.path == "findings[0].items" for x in e.errors), e.errors
        return
    printed = "".join(_texts(doc, "findings[0].items")).replace("\n", "")
    assert printed == "　".join(f"■{i}" for i in items)


def test_same_input_same_bytes() -> None:
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == uf.render_pdf(FORM, fresh_sample(FORM))
    assert uf.render_xlsx(FORM, fresh_sample(FORM)) == uf.render_xlsx(FORM, fresh_sample(FORM))
