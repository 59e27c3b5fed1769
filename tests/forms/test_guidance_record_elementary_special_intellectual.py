"""指導要録 小学校 特別支援学級（知的障がい）: the 各教科 of the 知的障害 curriculum (生活・国語・算数・
音楽・図画工作・体育) as 文章記述 with their 段階, no 観点 or 評定 cells, 交流及び共同学習 per 学年,
and the 自立活動 page. The sample (齋藤 湊, 4年 ひまわり学級) had two 担任 in 第2学年."""

from __future__ import annotations

from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field

import unified_forms as uf
from unified_forms.families.guidance_record import ELEMENTARY

FORM = "guidance_record_elementary_special_intellectual"


def test_the_subjects_print_as_text_with_their_level() -> None:
    data = fresh_sample(FORM)
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    for i, y in enumerate(data["years"]):
        for j, s in enumerate(y["subjects"]):
            assert fields[f"years[{i}].subjects[{j}]"] == f"［{s['level']}］{s['text']}"
    table = pdf_text(uf.render_pdf(FORM, data), page=2)
    for subject in ELEMENTARY.descriptive_subjects:
        assert subject in table
    assert "評定" not in table and "知識・技能" not in table  # no 観点別学習状況 on this record


def test_exchange_and_the_other_records_are_on_the_second_page() -> None:
    data = fresh_sample(FORM)
    text = pdf_text(uf.render_pdf(FORM, data), page=3)
    for heading in ("外国語活動の記録", "総合的な学習の時間の記録", "特別活動の記録", "交流及び共同学習"):
        assert heading in text, heading
    for y in data["years"]:
        assert y["exchange"] in text


def test_a_mid_year_change_of_teacher_prints_both_with_their_months() -> None:
    text = pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)), page=1)
    assert "森由紀子（4月～9月）大田久美（10月～3月）" in text
    assert "（特別支援学級知的障がい）" in text


def test_subjects_of_the_regular_curriculum_or_marks_are_refused() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["subjects"][0]["name"] = "社会"
    data["years"][1]["subjects"][1]["viewpoints"] = ["A", "B", "B"]
    data["years"][2]["subjects"][2]["name"] = data["years"][2]["subjects"][3]["name"]
    errors = error_messages(FORM, data)
    assert {"years[0].subjects[0].name", "years[1].subjects[1].viewpoints", "years[2].subjects[3].name"} <= set(errors)


def test_a_subject_text_too_long_for_its_cell_is_refused_by_validate() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["subjects"][0]["text"] = "手順表を見ながら自分で準備を進めた。" * 12
    errors = error_messages(FORM, data)
    assert "この欄には" in errors["years[0].subjects[0]"]
