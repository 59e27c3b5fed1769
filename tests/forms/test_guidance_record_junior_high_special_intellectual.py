"""指導要録 中学校 特別支援学級（知的障がい）: the 各教科 of the 知的障害 中学部 curriculum (国語 …
職業・家庭, 外国語) as 文章記述 with their 段階, 総合 and 特別活動 and 交流及び共同学習 on the second
page, 自立活動 on the last. The sample (藤田 蒼, 2年 なのはな学級) has two years; the third prints blank."""

from __future__ import annotations

from formkit import fresh_sample, page_model, pdf_text, texts_by_field

import unified_forms as uf
from unified_forms.families.guidance_record import JUNIOR_HIGH

FORM = "guidance_record_junior_high_special_intellectual"


def test_nine_subjects_as_text_and_the_third_year_blank() -> None:
    data = fresh_sample(FORM)
    doc = page_model(FORM, data)
    table = pdf_text(uf.render_pdf(FORM, data), page=2)
    for subject in JUNIOR_HIGH.descriptive_subjects:
        assert subject in table, subject
    assert "［2段階］校内実習で接客の言葉づかいを身に付け" in table
    fields = texts_by_field(doc)
    assert not [f for f in fields if f.startswith("years[2]")]
    assert len(data["years"][0]["subjects"]) == len(JUNIOR_HIGH.descriptive_subjects) == 9


def test_integrated_study_activities_and_exchange_on_the_second_page() -> None:
    data = fresh_sample(FORM)
    text = pdf_text(uf.render_pdf(FORM, data), page=3)
    assert "総合的な学習の時間の記録" in text and "交流及び共同学習" in text and "外国語活動" not in text
    assert "職場体験学習" in text and data["years"][1]["exchange"] in text
    assert "よりよい生活や社会を築くための知識・技能" in text  # the school's 観点 of 特別活動
