"""指導要録 中学校 特別支援学級（知的障がい以外）: the 中学校 record with its 観点・評定 pages, plus
入学時の障害の状態 and 自立活動 (第1〜3学年). The sample (ファン ティ タン フオン, 通称 中村 フオン,
3年 わかば学級) left by 転学 in November; the record is the 写し sent to the receiving school."""

from __future__ import annotations

import pytest
from formkit import fresh_sample, page_model, pdf_text

import unified_forms as uf
from unified_forms.families.guidance_record import JUNIOR_HIGH

FORM = "guidance_record_junior_high_special_non_intellectual"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return uf.render_pdf(FORM, fresh_sample(FORM))


def test_the_transfer_is_entered_as_the_reference_form_asks(pdf: bytes) -> None:
    first = pdf_text(pdf, page=1)
    entry = "令和7年11月16日転学（令和7年11月14日）広島市立観音中学校広島県広島市西区第３学年に転入保護者の転勤のため"
    assert entry in first
    assert "卒業" in first and "令和8年3月" not in first  # no 卒業 for a pupil who left


def test_the_registered_name_prints_with_the_alias_on_every_page(pdf: bytes) -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    for n in range(1, len(doc.pages) + 1):
        assert "ファンティタンフオン（中村フオン）" in pdf_text(pdf, page=n), n
    assert "ファンヴァンミン（中村ミン）" in pdf_text(pdf, page=1)


def test_every_page_of_the_copy_is_certified(pdf: bytes) -> None:
    for n in range(1, 5):
        footer = "この写しは原本と相違ないことを証明する。令和7年11月20日山口市立湯田中学校長原田敏之"
        assert footer in pdf_text(pdf, page=n)


def test_viewpoints_and_the_three_independent_activity_boxes(pdf: bytes) -> None:
    assert all(s in pdf_text(pdf, page=2) for s in JUNIOR_HIGH.subjects)
    last = pdf_text(pdf, page=4)
    assert "第１学年" in last and "第３学年" in last and "第４学年" not in last
    assert "聴覚からの情報の処理に時間がかかり" in last
