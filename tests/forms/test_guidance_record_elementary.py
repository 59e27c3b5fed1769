"""指導要録（小学校）: what only the 小学校 record of the 通常の学級 has (the family's rules are in
test_guidance_record_family.py). The sample (髙木 凜, 6年) prints every 教科, 観点 value and
評定; the MEXT model's 斜線 (社会 1・2年, 評定 1・2年, 生活 評定, クラブ活動 1〜3年) are on every copy,
reached or not; 評定 only from 第3学年 and never for 生活."""

from __future__ import annotations

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given, settings
from hypothesis import strategies as st
from test_guidance_record_family import slashes

import unified_forms as uf
from unified_forms.families.guidance_record import ELEMENTARY

FORM = "guidance_record_elementary"


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)))


def test_pdf_text_has_every_subject_section_and_the_name_exactly(text: str) -> None:
    for label in (*ELEMENTARY.subjects, "小学校児童指導要録", "外国語活動の記録", "児童の欄に同じ", "平成25年9月8日"):
        assert label in text, label
    assert "\u9ad9木凜" in text and "\u9ad8木" not in text  # 髙 is never folded to 高


def test_the_sample_shows_a_move_and_a_mid_year_change_of_principal(text: str) -> None:
    assert "山口県山口市湯田温泉二丁目5番3号" in text and "令和5年8月20日変更" in text
    assert "河野正弘（4月～9月）田村節子（10月～3月）" in text


def test_every_viewpoint_mark_and_hyotei_is_printed_at_its_path() -> None:
    data = fresh_sample(FORM)
    fields = texts_by_field(page_model(FORM, data))
    count = 0
    for i, year in enumerate(data["years"]):
        for j, subject in enumerate(year["subjects"]):
            base = f"years[{i}].subjects[{j}]"
            for k, mark in enumerate(subject["viewpoints"]):
                assert fields[f"{base}.viewpoints[{k}]"] == mark
                count += 1
            if "hyotei" in subject:
                assert fields[f"{base}.hyotei"] == "０１２３"[subject["hyotei"]]
    assert count > 100


def test_hyotei_only_from_grade_3_and_never_for_seikatsu() -> None:
    data = fresh_sample(FORM)
    data["years"][1]["subjects"][0]["hyotei"] = 2  # 第2学年 国語
    seikatsu = next(j for j, s in enumerate(data["years"][0]["subjects"]) if s["name"] == "生活")
    data["years"][0]["subjects"][seikatsu]["hyotei"] = 3
    data["years"][5]["subjects"][0]["hyotei"] = 4
    errors = error_messages(FORM, data)
    assert "years[1].subjects[0].hyotei" in errors and "years[5].subjects[0].hyotei" in errors
    assert "生活" in errors[f"years[0].subjects[{seikatsu}].hyotei"]


def test_subjects_and_activities_outside_their_years_are_refused() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["subjects"].append({"name": "社会", "viewpoints": ["A", "", "/"]})
    data["years"][0]["foreign_activity"] = "英語の歌"
    data["years"][1]["integrated_study"] = {"activity": "まちたんけん"}
    errors = error_messages(FORM, data)
    n = len(data["years"][0]["subjects"]) - 1
    assert f"years[0].subjects[{n}].viewpoints[0]" in errors
    assert {"years[0].foreign_activity", "years[1].integrated_study"} <= set(errors)


def test_the_slashes_of_the_reference_form_are_on_every_copy_reached_or_not() -> None:
    partial = fresh_sample(FORM)
    partial["years"] = partial["years"][:4]  # a 4年生
    del partial["graduation_date"], partial["next_school"]
    printed = slashes(page_model(FORM, partial))
    assert printed == slashes(page_model(FORM, fresh_sample(FORM)))
    expected = sum(3 * (6 - len(ELEMENTARY.taught_grades(s))) for s in ELEMENTARY.subjects)
    graded = [s for s in ELEMENTARY.subjects if s != "生活"]
    expected += sum(6 - len([g for g in ELEMENTARY.taught_grades(s) if g >= 3]) for s in graded)
    assert printed == expected + 3  # and クラブ活動 第1〜3学年


_MARK = st.sampled_from(["A", "B", "C", "/", ""])


@settings(max_examples=15)
@given(grade=st.integers(1, 6), marks=st.lists(st.lists(_MARK, min_size=3, max_size=3), min_size=10, max_size=10))
def test_any_valid_marks_print_where_given(grade: int, marks: list[list[str]]) -> None:
    data = fresh_sample(FORM)
    year = data["years"][grade - 1]
    year["subjects"] = [
        {"name": s, "viewpoints": m if grade in ELEMENTARY.taught_grades(s) else ["/" if v == "/" else "" for v in m]}
        for s, m in zip(ELEMENTARY.subjects, marks, strict=True)
    ]
    fields = texts_by_field(page_model(FORM, data))
    for j, s in enumerate(year["subjects"]):
        for k, v in enumerate(s["viewpoints"]):
            path = f"years[{grade - 1}].subjects[{j}].viewpoints[{k}]"
            assert fields.get(path, "") == ("" if v == "/" else v), path
