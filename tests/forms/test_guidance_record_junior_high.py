"""指導要録（中学校） end to end: the sample (a 3年生, 𠮷田) prints on 様式1 + 様式2 表・裏 with the
nine 教科, every 観点 and 評定 1〜5, 出欠 numbers and the name exactly; rule breaks are
FormDataErrors at their paths; a long 所見 goes on in full on a 別紙; years not reached print blank."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import LayoutError
from unified_forms.forms.guidance_record_junior_high.model import SPECIAL_ACTIVITY_ITEMS, SUBJECTS, VIEWPOINTS
from unified_forms.layout.page import Document, Rule

FORM = "guidance_record_junior_high"


def _slashes(doc: Document) -> int:
    return sum(1 for page in doc.pages for r in page.rules if isinstance(r, Rule) and not r.static)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    return pdf, pdf_text(pdf)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "指導要録（中学校）"
    assert info.paper == "A4 portrait"


def test_sample_is_a_third_year_student_with_three_years() -> None:
    data = fresh_sample(FORM)
    assert [y["grade"] for y in data["years"]] == [1, 2, 3]
    assert data["student"]["name"]["family"] == "\U00020bb7田"


def test_sample_is_three_a4_pages_and_deterministic(rendered: tuple[bytes, str]) -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    assert len(doc.pages) == 3
    assert doc.sheet_names == ("様式1（学籍）", "様式2（指導）表", "様式2（指導）裏")
    assert all((p.width, p.height) == (210.0, 297.0) for p in doc.pages)
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == rendered[0]


def test_pdf_text_has_every_subject_and_section(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    for subject in (*SUBJECTS, *SPECIAL_ACTIVITY_ITEMS):
        assert subject in text, subject
    for label in (
        "中学校生徒指導要録",
        "様式1（学籍に関する記録）",
        "進学先・就職先等",
        "各教科の学習の記録",
        "特別の教科",
        "総合的な学習の時間の記録",
        "特別活動の記録",
        "行動の記録",
        "総合所見及び指導上参考となる諸事項",
        "出欠の記録",
        "校長氏名印",
        "学級担任者氏名印",
        "平成22年9月2日生",
        "生徒の欄に同じ",
        "第３学年",
        "山口県立山口高等学校",
    ):
        assert label in text, label
    for absent in ("児童", "外国語活動", "図画工作", "クラブ活動", "第４学年"):
        assert absent not in text, absent


def test_name_prints_exactly_with_the_supplementary_kanji(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    assert "\U00020bb7田大翔" in text
    assert "吉田" not in text  # never folded to the common 吉


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
            assert fields[f"{base}.hyotei"] == "０１２３４５"[subject["hyotei"]]
    assert count == 3 * 9 * 3
    assert {y["subjects"][j]["hyotei"] for y in data["years"] for j in range(9)} >= {3, 4, 5}


def test_attendance_numbers_and_comments_in_pdf_text(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    years = fresh_sample(FORM)["years"]
    lesson = "".join(str(y["attendance"]["lesson_days"]) for y in years)
    present = "".join(
        str(y["attendance"]["lesson_days"] - y["attendance"]["suspension_days"] - y["attendance"]["absence_days"])
        for y in years
    )
    assert f"授業日数{lesson}" in text
    assert f"出席日数{present}" in text
    assert "インフルエンザによる出席停止2日" in text
    assert re.sub(r"\s+", "", years[2]["comments"]) in text  # 進路 and 部活動 in the 第3学年 所見


def test_ivs_name_round_trips(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["student"]["name"]["family"] = "葛\U000e0102西"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "葛\U000e0102西大翔" in text


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
    assert "years[0].subjects[0].name" in errors
    assert "years[1].foreign_activity" in errors
    assert "years[2].special_activities" in errors
    assert "years[2].grade" in errors
    data = fresh_sample(FORM)
    data["years"].append(copy.deepcopy(data["years"][0]))
    assert "years" in error_messages(FORM, data)  # at most three 学年


def test_bad_marks_and_duplicates_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["years"][2]["subjects"][0]["viewpoints"][1] = "D"
    data["years"][2]["behavior"][3] = "×"
    data["years"][1]["special_activities"][0] = "A"
    data["years"][0]["subjects"][1]["name"] = "国語"
    errors = error_messages(FORM, data)
    assert "years[2].subjects[0].viewpoints[1]" in errors
    assert "years[2].behavior[3]" in errors
    assert "years[1].special_activities[0]" in errors
    assert "国語が2回" in errors["years[0].subjects[1].name"]


def test_attendance_rules_and_duplicate_grade() -> None:
    data = fresh_sample(FORM)
    data["years"][1]["attendance"]["absence_days"] = 500
    assert "years[1].attendance.absence_days" in error_messages(FORM, data)
    data = fresh_sample(FORM)
    data["years"][1]["grade"] = 1
    assert "years[1].grade" in error_messages(FORM, data)


def test_years_not_reached_print_blank_and_slash_only_where_marked() -> None:
    partial = fresh_sample(FORM)
    partial["years"] = partial["years"][:1]  # a 1年生
    del partial["graduation_date"], partial["next_school"]
    doc = page_model(FORM, partial)
    fields = texts_by_field(doc)
    assert not [f for f in fields if f.startswith(("years[1]", "years[2]"))]
    assert "令和5年度" in fields.values() and "令和6年度" not in fields.values()
    assert _slashes(doc) == 0  # every 教科 is taught in every 学年: no 斜線 from the model
    partial["years"][0]["subjects"][3]["viewpoints"] = ["/", "A", "/"]
    slashed = page_model(FORM, partial)
    assert _slashes(slashed) == 2
    assert "years[0].subjects[3].viewpoints[0]" not in texts_by_field(slashed)


def test_long_comment_continues_on_a_besshi_in_full(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    long_text = "".join(
        f"第{i}文。進路について保護者と相談を重ね、自分の適性を見つめて目標を定めた。" for i in range(1, 40)
    )
    data["years"][2]["comments"] = long_text
    doc = page_model(FORM, data)
    assert len(doc.pages) >= 4
    assert doc.sheet_names[3] == "別紙1"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "総合所見（第3学年）（前ページからの続き）" in text
    box = next(t for p in doc.pages[:3] for t in p.texts if t.field == "years[2].comments")
    in_box = "".join(line.run.text for line in box.lines)
    assert in_box and long_text.startswith(in_box) and len(in_box) < len(long_text)
    besshi = [t.text for p in doc.pages[3:] for t in p.texts if t.field == "years[2].comments"]
    assert in_box + "".join(besshi) == long_text


def test_a_school_layout_without_the_comment_boxes_refuses_comments(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "slot: comment_" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    paths = set(info.value.paths)
    assert {f"years[{i}].comments" for i in range(3)} <= paths


def test_xlsx_renders_three_sheets() -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(uf.render_xlsx(FORM, fresh_sample(FORM))))
    assert wb.sheetnames[:3] == ["様式1（学籍）", "様式2（指導）表", "様式2（指導）裏"]


_MARK = st.sampled_from(["A", "B", "C", "/", ""])


@settings(max_examples=15, deadline=None)
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
        for s, m, h in zip(SUBJECTS, marks, hyotei, strict=True)
    ]
    doc = page_model(FORM, data)
    fields = texts_by_field(doc)
    for j, s in enumerate(year["subjects"]):
        for k, v in enumerate(s["viewpoints"]):
            path = f"years[{grade - 1}].subjects[{j}].viewpoints[{k}]"
            assert fields.get(path, "") == ("" if v == "/" else v), (path, VIEWPOINTS[k])
        h = s.get("hyotei")
        assert fields.get(f"years[{grade - 1}].subjects[{j}].hyotei", "") == ("" if h is None else "０１２３４５"[h])
    assert _slashes(doc) == sum(m.count("/") for m in marks)
