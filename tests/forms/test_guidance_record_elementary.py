"""指導要録（小学校） end to end: the sample prints on 様式1 + 様式2 表・裏 with every 教科, 観点
value, 出欠 number and the name exactly; rule breaks are FormDataErrors at their paths; a long
所見 goes on in full on a 別紙; years not reached print blank while 斜線 cells stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import LayoutError
from unified_forms.forms.guidance_record_elementary.model import SUBJECTS, VIEWPOINTS, taught_grades
from unified_forms.layout.page import Document, Rule

FORM = "guidance_record_elementary"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    pdf = uf.render_pdf(FORM, fresh_sample(FORM))
    return pdf, pdf_text(pdf)


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "指導要録（小学校）"
    assert info.paper == "A4 portrait"


def test_sample_is_three_a4_pages_and_deterministic(rendered: tuple[bytes, str]) -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    assert len(doc.pages) == 3
    assert doc.sheet_names == ("様式1（学籍）", "様式2（指導）表", "様式2（指導）裏")
    assert all((p.width, p.height) == (210.0, 297.0) for p in doc.pages)
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == rendered[0]


def test_pdf_text_has_every_subject_viewpoint_and_section(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    for subject in SUBJECTS:
        assert subject in text, subject
    for label in (
        "小学校児童指導要録",
        "様式1（学籍に関する記録）",
        "各教科の学習の記録",
        "特別の教科",
        "外国語活動の記録",
        "総合的な学習の時間の記録",
        "特別活動の記録",
        "行動の記録",
        "総合所見及び指導上参考となる諸事項",
        "出欠の記録",
        "校長氏名印",
        "学級担任者氏名印",
        "平成25年6月15日生",
        "児童の欄に同じ",
    ):
        assert label in text, label


def test_name_prints_exactly_with_fa11(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    assert "\ufa11山陽菜" in text
    assert "\u5d0e山" not in text  # never normalised to 崎


def test_every_viewpoint_mark_and_hyotei_is_printed_at_its_path(rendered: tuple[bytes, str]) -> None:
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


def test_attendance_numbers_in_pdf_text(rendered: tuple[bytes, str]) -> None:
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


def test_ivs_name_round_trips(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["student"]["name"]["family"] = "葛\U000e0102西"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "葛\U000e0102西陽菜" in text


def test_bad_hyotei_is_reported_at_its_path() -> None:
    data = fresh_sample(FORM)
    data["years"][5]["subjects"][0]["hyotei"] = 4
    assert "years[5].subjects[0].hyotei" in error_messages(FORM, data)


def test_hyotei_only_from_grade_3_and_never_for_seikatsu() -> None:
    data = fresh_sample(FORM)
    data["years"][1]["subjects"][0]["hyotei"] = 2  # 第2学年 国語
    seikatsu = next(j for j, s in enumerate(data["years"][0]["subjects"]) if s["name"] == "生活")
    data["years"][0]["subjects"][seikatsu]["hyotei"] = 3
    errors = error_messages(FORM, data)
    assert "years[1].subjects[0].hyotei" in errors
    assert f"years[0].subjects[{seikatsu}].hyotei" in errors
    assert "生活" in errors[f"years[0].subjects[{seikatsu}].hyotei"]


def test_bad_marks_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["years"][2]["subjects"][0]["viewpoints"][1] = "D"
    data["years"][2]["behavior"][3] = "×"
    data["years"][2]["special_activities"][0] = "A"
    data["years"][0]["subjects"].append({"name": "社会", "viewpoints": ["A", "", "/"]})
    data["years"][0]["foreign_activity"] = "英語の歌"
    errors = error_messages(FORM, data)
    assert "years[2].subjects[0].viewpoints[1]" in errors
    assert "years[2].behavior[3]" in errors
    assert "years[2].special_activities[0]" in errors
    n = len(data["years"][0]["subjects"]) - 1
    assert f"years[0].subjects[{n}].viewpoints[0]" in errors
    assert "years[0].foreign_activity" in errors


def test_attendance_rules_are_checked() -> None:
    data = fresh_sample(FORM)
    data["years"][3]["attendance"]["absence_days"] = 500
    assert "years[3].attendance.absence_days" in error_messages(FORM, data)


def test_duplicate_grade_is_refused() -> None:
    data = fresh_sample(FORM)
    data["years"][1]["grade"] = 1
    assert "years[1].grade" in error_messages(FORM, data)


def _slashes(doc: Document) -> int:
    return sum(1 for page in doc.pages for r in page.rules if isinstance(r, Rule) and not r.static)


def test_years_not_reached_print_blank_but_keep_the_slashes() -> None:
    full = fresh_sample(FORM)
    partial = fresh_sample(FORM)
    partial["years"] = partial["years"][:4]  # a 4年生
    del partial["graduation_date"], partial["next_school"]
    doc = page_model(FORM, partial)
    fields = texts_by_field(doc)
    assert not [f for f in fields if f.startswith(("years[4]", "years[5]"))]
    assert "令和5年度" in fields.values() and "令和6年度" not in fields.values()
    # 斜線 cells of the MEXT model (社会 1・2年, 評定 1・2年 …) are the same on both copies
    assert _slashes(doc) == _slashes(page_model(FORM, full))
    expected = sum(3 * (6 - len(taught_grades(s))) for s in SUBJECTS)
    expected += sum(6 - len([g for g in taught_grades(s) if g >= 3]) for s in SUBJECTS if s != "生活")
    assert _slashes(doc) == expected


def test_long_comment_continues_on_a_besshi_in_full(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    long_text = "".join(
        f"第{i}文。授業では自分の考えを友達に分かりやすく伝えようと工夫を重ねた。" for i in range(1, 25)
    )
    data["years"][4]["comments"] = long_text
    doc = page_model(FORM, data)
    assert len(doc.pages) >= 4
    assert doc.sheet_names[3] == "別紙1"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "別紙" in text
    assert "総合所見（第5学年）（前ページからの続き）" in text
    # every character of the comment is printed: what the box holds, then the rest on the 別紙
    box = next(t for p in doc.pages[:3] for t in p.texts if t.field == "years[4].comments")
    in_box = "".join(line.run.text for line in box.lines)
    assert in_box and long_text.startswith(in_box) and len(in_box) < len(long_text)
    head, _, tail = text.partition("総合所見（第5学年）（前ページからの続き）")
    assert in_box in head
    assert long_text[len(in_box) :] in tail
    besshi = [t.text for p in doc.pages[3:] for t in p.texts if t.field == "years[4].comments"]
    assert in_box + "".join(besshi) == long_text


def test_a_school_layout_without_the_comment_box_refuses_comments(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "P-11G" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    paths = set(info.value.paths)
    assert {f"years[{i}].comments" for i in range(6)} <= paths


def test_xlsx_renders_three_sheets() -> None:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(uf.render_xlsx(FORM, fresh_sample(FORM))))
    assert wb.sheetnames[:3] == ["様式1（学籍）", "様式2（指導）表", "様式2（指導）裏"]


_MARK = st.sampled_from(["A", "B", "C", "/", ""])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grade=st.integers(1, 6), marks=st.lists(st.lists(_MARK, min_size=3, max_size=3), min_size=10, max_size=10))
def test_any_valid_marks_print_where_given(grade: int, marks: list[list[str]]) -> None:
    data = fresh_sample(FORM)
    year = data["years"][grade - 1]
    year["subjects"] = [
        {"name": s, "viewpoints": m if grade in taught_grades(s) else ["/" if v == "/" else "" for v in m]}
        for s, m in zip(SUBJECTS, marks, strict=True)
    ]
    fields = texts_by_field(page_model(FORM, data))
    for j, s in enumerate(year["subjects"]):
        for k, v in enumerate(s["viewpoints"]):
            path = f"years[{grade - 1}].subjects[{j}].viewpoints[{k}]"
            assert fields.get(path, "") == ("" if v == "/" else v), (path, VIEWPOINTS[k])
