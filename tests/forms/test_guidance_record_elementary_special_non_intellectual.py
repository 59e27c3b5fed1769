"""指導要録 小学校 特別支援学級（知的障がい以外）: the 小学校 record with its 観点・評定 pages, plus
入学時の障害の状態 and 自立活動 per 学年 on their own page. The sample (松浦 あかり, 3年 あおぞら学級)
came by 転入学 in 第2学年, and her name and her mother's changed: the record shows all of it."""

from __future__ import annotations

import pytest
from formkit import fresh_sample, page_model, pdf_text, texts_by_field

import unified_forms as uf
from unified_forms.families.guidance_record import ELEMENTARY

FORM = "guidance_record_elementary_special_non_intellectual"


@pytest.fixture(scope="module")
def pages() -> list[str]:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    return [pdf_text(pdf, page=n) for n in range(1, 5)]


def test_the_transfer_in_and_both_changes_of_name_are_on_yoshiki1(pages: list[str]) -> None:
    first = pages[0]
    assert "（特別支援学級知的障がい以外）" in first
    assert "令和6年9月2日第２学年転入学防府市立華城小学校" in first
    assert first.index("藤本あかり") < first.index("令和7年1月10日変更") < first.index("松浦あかり")
    assert first.index("藤本由紀") < first.index("松浦由紀")
    assert "山口県山口市湯田温泉一丁目8番5号" in first and "令和7年3月28日変更" in first


def test_the_viewpoint_pages_are_kept(pages: list[str]) -> None:
    for label in (*ELEMENTARY.subjects, "各教科の学習の記録", "評定", "主体的に学習に取り組む態度"):
        assert label in pages[1], label


def test_disability_and_independent_activities_have_their_own_page(pages: list[str]) -> None:
    data = fresh_sample(FORM)
    last = pages[3]
    assert "入学時の障害の状態" in last and "自立活動の記録" in last
    assert "自閉スペクトラム症（令和4年" in last
    for y in data["years"]:
        assert y["independent_activity"].splitlines()[0] in last
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[0].independent_activity"] == data["years"][0]["independent_activity"]
    assert fields["disability_at_admission"] == data["disability_at_admission"]


def test_a_long_independent_activity_goes_on_on_a_besshi() -> None:
    data = fresh_sample(FORM)
    data["years"][1]["independent_activity"] = "【結果】気持ちを落ち着ける方法を選び、授業に戻れた。" * 36
    doc = page_model(FORM, data)
    assert doc.sheet_names[-1] == "別紙1"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "自立活動（第3学年）（前ページからの続き）" in text
    page = doc.pages[3]
    assert "（別紙に続く）" in [t.text for t in page.texts]
