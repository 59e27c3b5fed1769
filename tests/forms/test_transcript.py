"""調査書 end to end: the sample (a 3年生, 渡邊) prints on one A4 portrait sheet; the 評定合計 are
the sums of the 評定 (5教科 国・社・数・理・外, 9教科, 3年間) for any 評定; 観点 B is never printed
(only A and C, R-EVAL-4); rule breaks are FormDataErrors at their paths; text that does not fit
its box is refused with its capacity, since a 調査書 has no 別紙."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.forms.transcript.model import BEHAVIOR_ITEMS, FIVE_SUBJECTS, SUBJECTS
from unified_forms.layout.page import Document, Rule

FORM = "transcript"
FW = "０１２３４５６７８９"


def _fw(n: int) -> str:
    return "".join(FW[int(c)] for c in str(n))


def _slashes(doc: Document) -> int:
    return sum(1 for page in doc.pages for r in page.rules if isinstance(r, Rule) and not r.static)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "調査書"
    assert info.paper == "A4 portrait"


def test_sample_is_one_deterministic_a4_sheet_of_a_third_year(rendered: tuple[bytes, str]) -> None:
    data = fresh_sample(FORM)
    assert [y["grade"] for y in data["years"]] == [1, 2, 3]
    assert data["student"]["name"]["family"] == "渡邊"
    doc = page_model(FORM, data)
    assert len(doc.pages) == 1
    assert (doc.pages[0].width, doc.pages[0].height) == (210.0, 297.0)
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == rendered[0]


def test_pdf_text_has_every_section(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    for label in (
        "調査書",
        "※受検番号",
        "志願校",
        "山口県立山口高等学校",
        "第一志願",
        "理数科",
        "第二志願",
        "普通科",
        "D135220000013",
        "わたなべゆい",
        "渡邊結衣",
        "平成22年6月14日生",
        "令和8年3月卒業見込",
        "各教科の学習の記録",
        "評定合計",
        "３年間計",
        "行動の記録",
        "出欠の記録",
        "主な欠席理由",
        "風邪による発熱のため3日欠席した。",
        "特別活動等の記録",
        "生徒会書記",
        "総合的な学習の時間の記録",
        "避難経路",
        "総合所見",
        "特記事項",
        "英語検定準２級取得",
        "令和7年12月18日",
        "C135210000016",
        "所在地",
        "山口県山口市湯田温泉五丁目2番1号",
        "原田敏之",
        "福田咲",
        "公印",
    ):
        assert label in text, label
    for subject in SUBJECTS:
        assert subject in text, subject
    for absent in ("外国語活動", "第４学年", "図画工作", "児童", "活動１年"):
        assert absent not in text, absent


def test_names_print_exactly(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["student"]["name"]["family"] = "葛\U000e0102西"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "葛\U000e0102西結衣" in text
    assert "渡辺" not in pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)))  # 邊 never folded


def test_sample_totals_in_the_pdf(rendered: tuple[bytes, str]) -> None:
    years = fresh_sample(FORM)["years"]
    five = [sum(s["hyotei"] for s in y["subjects"] if s["name"] in FIVE_SUBJECTS) for y in years]
    nine = [sum(s["hyotei"] for s in y["subjects"]) for y in years]
    assert five == [20, 22, 23] and nine == [34, 36, 40]
    text = rendered[1]
    assert "５教科" + "".join(_fw(n) for n in [*five, sum(five)]) in text
    assert "９教科" + "".join(_fw(n) for n in [*nine, sum(nine)]) in text


_HYOTEI = st.lists(st.lists(st.integers(1, 5), min_size=9, max_size=9), min_size=3, max_size=3)


@settings(max_examples=25, deadline=None)
@given(hyotei=_HYOTEI)
def test_totals_are_the_sums_of_any_hyotei(hyotei: list[list[int]]) -> None:
    data = fresh_sample(FORM)
    for year, marks in zip(data["years"], hyotei, strict=True):
        for s in year["subjects"]:
            s["hyotei"] = marks[SUBJECTS.index(s["name"])]
    fields = texts_by_field(page_model(FORM, data))
    five_idx = [SUBJECTS.index(s) for s in FIVE_SUBJECTS]
    five = [sum(m[i] for i in five_idx) for m in hyotei]
    nine = [sum(m) for m in hyotei]
    for g in range(3):
        assert fields[f"totals.five.g{g + 1}"] == _fw(five[g])
        assert fields[f"totals.nine.g{g + 1}"] == _fw(nine[g])
    assert fields["totals.five.total"] == _fw(sum(five))
    assert fields["totals.nine.total"] == _fw(sum(nine))
    assert 15 <= sum(five) <= 75 and 27 <= sum(nine) <= 135


_MARK = st.sampled_from(["A", "B", "C", "/", ""])


@settings(max_examples=20, deadline=None)
@given(marks=st.lists(st.lists(_MARK, min_size=3, max_size=3), min_size=9, max_size=9), grade=st.integers(1, 3))
def test_b_is_never_printed_a_and_c_always(marks: list[list[str]], grade: int) -> None:
    data = fresh_sample(FORM)
    year = data["years"][grade - 1]
    for s in year["subjects"]:
        s["viewpoints"] = marks[SUBJECTS.index(s["name"])]
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    assert "B" not in fields.values()
    for j, s in enumerate(year["subjects"]):
        for k, v in enumerate(s["viewpoints"]):
            path = f"years[{grade - 1}].subjects[{j}].viewpoints[{k}]"
            assert fields.get(path, "") == (v if v in ("A", "C") else ""), path
    assert _slashes(doc) == sum(m.count("/") for m in marks)


def test_b_in_the_sample_is_blank(rendered: tuple[bytes, str]) -> None:
    data = fresh_sample(FORM)
    fields = texts_by_field(page_model(FORM, data))
    b_paths = [
        f"years[{i}].subjects[{j}].viewpoints[{k}]"
        for i, y in enumerate(data["years"])
        for j, s in enumerate(y["subjects"])
        for k, v in enumerate(s["viewpoints"])
        if v == "B"
    ]
    assert len(b_paths) > 20
    assert not [p for p in b_paths if p in fields]
    assert "B" not in rendered[1].replace("D135220000013", "")


def test_missing_hyotei_is_slashed_and_its_totals_blank() -> None:
    data = fresh_sample(FORM)
    del data["years"][1]["subjects"][2]["hyotei"]  # 2年 数学
    data["special_notes"] = "第２学年の数学は長期欠席のため評定なし。"
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    assert "years[1].subjects[2].hyotei" not in fields
    assert _slashes(doc) == 1
    for key in ("five.g2", "nine.g2", "five.total", "nine.total"):
        assert fields.get(f"totals.{key}", "") == "", key  # nothing printed (a spreadsheet keeps the formula)
    assert fields["totals.five.g1"] == "２０" and fields["totals.nine.g3"] == "４０"


def test_first_year_only_prints_its_column() -> None:
    data = fresh_sample(FORM)
    data["years"] = data["years"][:1]
    fields = texts_by_field(page_model(FORM, data))
    assert not [f for f in fields if f.startswith(("years[1]", "years[2]"))]
    assert fields["totals.five.g1"] == "２０"
    assert "totals.five.total" not in fields


@pytest.mark.parametrize("value", [0, 6, "5", 4.0])
def test_bad_hyotei_is_reported_at_its_path(value: object) -> None:
    data = fresh_sample(FORM)
    data["years"][2]["subjects"][4]["hyotei"] = value
    assert "years[2].subjects[4].hyotei" in error_messages(FORM, data)


def test_rule_breaks_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["years"][2]["subjects"][0]["viewpoints"][1] = "D"
    data["years"][2]["behavior"][3] = "×"
    data["years"][0]["subjects"][1]["name"] = "国語"
    data["years"][1]["attendance"]["absence_days"] = 500
    data["application"]["school_code"] = "D135220000010"
    errors = error_messages(FORM, data)
    assert "years[2].subjects[0].viewpoints[1]" in errors
    assert "years[2].behavior[3]" in errors
    assert "国語が2回" in errors["years[0].subjects[1].name"]
    assert "years[1].attendance.absence_days" in errors
    assert "application.school_code" in errors
    data = fresh_sample(FORM)
    data["application"]["second"] = {"department": "理数科"}
    assert "application.second" in error_messages(FORM, data)  # the same 学科 twice
    data = fresh_sample(FORM)
    data["years"][1]["grade"] = 1
    data["graduation"] = "2000-03-01"
    errors = error_messages(FORM, data)
    assert "years[1].grade" in errors
    assert "graduation" in errors
    data = fresh_sample(FORM)
    data["years"] = []
    del data["application"]["first"]
    errors = error_messages(FORM, data)
    assert {"years", "application.first"} <= set(errors)


def test_each_grade_is_checked_against_the_birth_date_unless_a_reason_is_given() -> None:
    """The 卒業（見込）の年度 is 第3学年; a 生徒 a year younger than the 学年 says why (not printed)."""
    data = fresh_sample(FORM)
    data["student"]["birth_date"] = "2011-06-14"  # 令和7年度 中2, but the record says 3年 (卒業見込 2026-03)
    errors = error_messages(FORM, data)
    assert set(errors) == {"years[0].grade", "years[1].grade", "years[2].grade"}
    assert errors["years[2].grade"] == (
        "生年月日（平成23年6月14日）からは令和7年度の中学校第2学年ですが、学年は3になっています"
        "（就学猶予・下学年編入などはその理由を入力してください）"
    )
    assert "令和5年度の中学校第0学年" in errors["years[0].grade"]
    data["student"]["off_age_reason"] = "就学猶予（1年）"
    assert uf.validate(FORM, data).student.off_age_reason == "就学猶予（1年）"
    assert "就学猶予" not in pdf_text(uf.render_pdf(FORM, data))  # declared not printed
    data = fresh_sample(FORM)
    data["years"] = data["years"][:2]
    data["years"][1]["grade"] = 3  # 1年 and 3年 only: the 2年 record is missing, but 3年 is right
    assert uf.validate(FORM, data)
    data["graduation"] = "2027-03-01"  # 卒業見込 a year later: every 学年 is a year early
    assert set(error_messages(FORM, data)) == {"years[0].grade", "years[1].grade"}


def test_attendance_numbers_come_from_the_totals(rendered: tuple[bytes, str]) -> None:
    years = fresh_sample(FORM)["years"]
    present = "".join(
        str(y["attendance"]["lesson_days"] - y["attendance"]["suspension_days"] - y["attendance"]["absence_days"])
        for y in years
    )
    text = rendered[1]
    assert "授業日数201200150" in text
    assert f"出席日数{present}" in text
    assert "主な欠席理由" in text and "通院のため1日欠席した。" in text


def test_behavior_marks_at_their_paths() -> None:
    data = fresh_sample(FORM)
    fields = texts_by_field(page_model(FORM, data))
    for i, y in enumerate(data["years"]):
        for k, mark in enumerate(y["behavior"]):
            assert fields.get(f"years[{i}].behavior[{k}]", "") == mark
    assert len(BEHAVIOR_ITEMS) == 10


def test_sex_can_be_left_off(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["print_sex"] = False
    doc = page_model(FORM, data)
    assert "student.sex" not in texts_by_field(doc)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "性別" not in text and "女" not in text


def test_long_comment_shrinks_in_full(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["comments"] = "進路について保護者と相談を重ね、自分の適性を見つめて目標を定めた。" * 7  # 231 字
    doc = page_model(FORM, data)
    assert len(doc.pages) == 1
    box = next(t for t in doc.pages[0].texts if t.field == "comments")
    assert "".join(line.run.text for line in box.lines) == data["comments"]
    assert box.size < 9


def test_text_beyond_the_box_is_refused_with_its_capacity() -> None:
    data = fresh_sample(FORM)
    data["special_notes"] = "\n".join(f"{i}．資格取得" for i in range(1, 9))  # 8 lines: 11 mm holds 3 at 6 pt
    with pytest.raises(FormDataError) as info:
        page_model(FORM, data)
    err = next(e for e in info.value.errors if e.path == "special_notes")
    assert "まで印刷できます" in err.message, err.message
    data = fresh_sample(FORM)
    data["comments"] = "あ" * 241
    assert "comments" in error_messages(FORM, data)


def test_a_school_layout_without_the_comment_box_refuses_comments(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "slot: comments" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "comments" in set(info.value.paths)


def test_xlsx_renders_one_sheet() -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(uf.render_xlsx(FORM, fresh_sample(FORM))))
    assert wb.sheetnames == ["調査書"]


# --------------------------------------------------------------------------- issue 13: the prefecture's shape


def test_one_school_with_first_and_second_choice_and_an_unused_second_slashed() -> None:
    data = fresh_sample(FORM)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert text.count("山口県立山口高等学校") == 1  # one 志願校, two 学科
    fields = texts_by_field(page_model(FORM, data))
    assert (fields["application.first.department"], fields["application.second.department"]) == ("理数科", "普通科")
    assert _slashes(page_model(FORM, data)) == 0
    data["application"]["second"] = None
    doc = page_model(FORM, data)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "第二志願" in text and "普通科" not in text  # the row stays, empty
    (slash,) = [r for r in doc.pages[0].rules if not r.static]
    second = next(t for t in doc.pages[0].texts if t.text == "第二志願")
    assert second.rect.y <= min(slash.y1, slash.y2) and max(slash.y1, slash.y2) <= second.rect.bottom + 0.01
    full = page_model(FORM, fresh_sample(FORM))
    shape = [(r.x1, r.y1, r.x2, r.y2) for r in full.pages[0].rules if r.static]
    assert shape == [(r.x1, r.y1, r.x2, r.y2) for r in doc.pages[0].rules if r.static]  # same block


def test_totals_header_is_not_activities_and_the_address_prints() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    labels = [t.text for t in doc.pages[0].texts if t.static]
    assert "区　分" in labels and "活　動" not in labels
    assert texts_by_field(doc)["school.address"] == "山口県山口市湯田温泉五丁目2番1号"
    # every input field prints but the reason that only lifts the 学年/生年月日 check (as on the 名簿)
    assert set(uf.registry.get(FORM).not_printed) == {"student.off_age_reason"}


def test_integrated_study_per_year() -> None:
    data = fresh_sample(FORM)
    fields = texts_by_field(page_model(FORM, data))
    for i, y in enumerate(data["years"]):
        assert fields[f"years[{i}].integrated_study"] == y["integrated_study"]


def test_labels_are_one_size_per_block_and_never_broken_inside_a_word() -> None:
    from test_typesetting import typesetting_problems

    doc = page_model(FORM, fresh_sample(FORM))
    assert typesetting_problems(FORM, doc) == []
    texts = doc.pages[0].texts
    behavior = [t for t in texts if (t.field or "").startswith("behavior_rows[") and t.field.endswith(".item")]
    subjects = [t for t in texts if (t.field or "").startswith("subject_rows[") and t.field.endswith(".subject")]
    viewpoints = [t for t in texts if (t.field or "").startswith("subject_rows[") and t.field.endswith(".viewpoint")]
    assert len(behavior) == 10 and len({t.size for t in behavior}) == 1 and behavior[0].size >= 8
    assert len(subjects) == 9 and len({t.size for t in subjects}) == 1
    assert len({t.size for t in viewpoints}) == 1
    lines = {t.text: [ln.run.text for ln in t.lines] for t in subjects}
    assert lines["技術・家庭"] == ["技術・", "家庭"] and lines["保健\n体育"] == [
        "保健",
        "体育",
    ]  # never 「技｜術・｜家庭」


def test_main_absence_reason_holds_a_sentence_at_6_pt_or_more() -> None:
    data = fresh_sample(FORM)
    reason = "インフルエンザによる出席停止の後、体調不良が続き医師の指示で5日間自宅療養した。"  # 40 字
    data["years"][2]["attendance"]["remarks"] = reason
    doc = page_model(FORM, data)
    box = next(t for t in doc.pages[0].texts if t.field == "years[2].attendance.remarks")
    assert "".join(ln.run.text for ln in box.lines) == reason and box.size >= 6
