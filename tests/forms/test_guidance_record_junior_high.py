"""指導要録（中学校）: what only the 中学校 record of the 通常の学級 has (the family's rules are in
test_guidance_record_family.py). The sample (𠮷田 大翔, 3年) prints the nine 教科 with 評定 1〜5
in every year, no 外国語活動 and no クラブ活動, and only the 観点 the school wrote "/" are 斜線."""

from __future__ import annotations

import copy
import re

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given, settings
from hypothesis import strategies as st
from test_guidance_record_family import slashes

import unified_forms as uf
from unified_forms.families.guidance_record import JUNIOR_HIGH

FORM = "guidance_record_junior_high"


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)))


def test_pdf_text_has_the_junior_high_sections_only(text: str) -> None:
    for label in (*JUNIOR_HIGH.subjects, *JUNIOR_HIGH.activities, "中学校生徒指導要録", "進学先・就職先等",
                  "生徒の欄に同じ", "平成22年9月2日生", "第３学年", "山口県立山口高等学校"):  # fmt: skip
        assert label in text, label
    for absent in ("児童", "外国語活動", "図画工作", "クラブ活動", "第４学年"):
        assert absent not in text, absent
    assert "\U00020bb7田大翔" in text and "吉田" not in text  # 𠮷 is never folded to 吉
    years = fresh_sample(FORM)["years"]
    assert re.sub(r"\s+", "", years[2]["comments"]) in text  # 進路 and 部活動 in the 第3学年 所見


@pytest.mark.parametrize("value", [0, 6, "5"])
def test_bad_hyotei_is_reported_at_its_path(value: object) -> None:
    data = fresh_sample(FORM)
    data["years"][2]["subjects"][4]["hyotei"] = value
    assert "years[2].subjects[4].hyotei" in error_messages(FORM, data)


def test_hyotei_1_to_5_in_every_year_and_subject() -> None:
    data = fresh_sample(FORM)
    for y in data["years"]:
        for j, s in enumerate(y["subjects"]):
            s["hyotei"] = 1 + j % 5
    fields = texts_by_field(page_model(FORM, data))
    assert fields["years[0].subjects[4].hyotei"] == "５"
    assert fields["years[0].subjects[5].hyotei"] == "１"


def test_elementary_only_content_is_refused() -> None:
    data = fresh_sample(FORM)
    data["years"][0]["subjects"][0]["name"] = "生活"
    data["years"][1]["foreign_activity"] = "英語の歌"
    data["years"][2]["special_activities"].append("○")  # a 4th item (クラブ活動) does not exist
    data["years"][2]["grade"] = 4
    errors = error_messages(FORM, data)
    assert {"years[0].subjects[0].name", "years[1].foreign_activity", "years[2].special_activities"} <= set(errors)
    assert "years[2].grade" in errors
    data = fresh_sample(FORM)
    data["years"].append(copy.deepcopy(data["years"][0]))
    assert "years" in error_messages(FORM, data)  # at most three 学年


def test_only_the_viewpoints_written_slash_are_slashed() -> None:
    data = fresh_sample(FORM)
    assert slashes(page_model(FORM, data)) == 0  # every 教科 is taught in every 学年: no 斜線 from the model
    data["years"][0]["subjects"][3]["viewpoints"] = ["/", "A", "/"]
    doc = page_model(FORM, data)
    assert slashes(doc) == 2
    assert "years[0].subjects[3].viewpoints[0]" not in texts_by_field(doc)


_MARK = st.sampled_from(["A", "B", "C", "/", ""])


@settings(max_examples=15)
@given(
    grade=st.integers(1, 3),
    marks=st.lists(st.lists(_MARK, min_size=3, max_size=3), min_size=9, max_size=9),
    hyotei=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=9, max_size=9),
)
def test_any_valid_marks_print_where_given(grade: int, marks: list[list[str]], hyotei: list[int | None]) -> None:
    data = fresh_sample(FORM)
    year = data["years"][grade - 1]
    year["subjects"] = [
        {"name": s, "viewpoints": m, **({} if h is None else {"hyotei": h})}
        for s, m, h in zip(JUNIOR_HIGH.subjects, marks, hyotei, strict=True)
    ]
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    for j, s in enumerate(year["subjects"]):
        for k, v in enumerate(s["viewpoints"]):
            assert fields.get(f"years[{grade - 1}].subjects[{j}].viewpoints[{k}]", "") == ("" if v == "/" else v)
        h = s.get("hyotei")
        assert fields.get(f"years[{grade - 1}].subjects[{j}].hyotei", "") == ("" if h is None else "０１２３４５"[h])
    assert slashes(doc) == sum(m.count("/") for m in marks)
