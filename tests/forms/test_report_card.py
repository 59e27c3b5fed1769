"""通知表 end to end: every shipped arrangement renders its sample, the PDF text carries every
subject, 観点 value and 出欠 number, and bad marks are reported at their path."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from formkit import pdf_text

import unified_forms as uf
from unified_forms import api
from unified_forms.attendance import AttendanceBook, SchoolCalendar, summarize_month, summarize_term
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.families.report_card.arrangements import arrangements
from unified_forms.layout.page import Document

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {
    "elementary_3term": ("report_card", "report_card.json"),
    "elementary_2term": ("report_card", "report_card.elementary_2term.json"),
    "elementary_3term_a4": ("report_card", "report_card.elementary_3term_a4.json"),
    "junior_high_3term": ("report_card", "report_card.junior_high_3term.json"),
    "junior_high_2term": ("report_card", "report_card.junior_high_2term.json"),
    "intellectual": ("report_card_special_needs", "report_card_special_needs.json"),
    "non_intellectual": ("report_card_special_needs", "report_card_special_needs.non_intellectual.json"),
}


def _sample(name: str) -> tuple[str, dict[str, Any]]:
    form_id, file = SAMPLES[name]
    return form_id, json.loads((ROOT / "samples" / file).read_text(encoding="utf-8"))


def _doc(form_id: str, data: dict[str, Any]) -> Document:
    return api.compile_form(form_id, data).document


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, str]]:
    out: dict[str, tuple[bytes, str]] = {}
    for name in SAMPLES:
        form_id, data = _sample(name)
        pdf = uf.render_pdf(form_id, data)
        out[name] = (pdf, pdf_text(pdf))
    return out


def test_every_shipped_arrangement_has_a_sample() -> None:
    shipped = {a.name for f in ("report_card", "report_card_special_needs") for a in arrangements(f)}
    assert shipped == set(SAMPLES)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_renders_its_pages(name: str, rendered: dict[str, tuple[bytes, str]]) -> None:
    form_id, data = _sample(name)
    assert data["arrangement"] == name
    doc = _doc(form_id, data)
    if name.endswith("_a4"):  # one A4 portrait page per panel
        assert len(doc.pages) == 4 and (doc.setup.paper, doc.setup.orientation) == ("A4", "portrait")
        assert doc.sheet_names == ("表紙", "学習", "生活", "家庭から・修了証")
    else:  # both sides of one folded A3 sheet
        assert len(doc.pages) == 2 and (doc.setup.paper, doc.setup.orientation) == ("A3", "landscape")
        assert doc.sheet_names == ("外側（表紙・裏表紙）", "内側（学習・生活）")
    assert rendered[name][0].startswith(b"%PDF")
    assert uf.render_xlsx(form_id, data)[:2] == b"PK"


@pytest.mark.parametrize("name", list(SAMPLES))
def test_pdf_text_has_subjects_marks_and_attendance(name: str, rendered: dict[str, tuple[bytes, str]]) -> None:
    form_id, data = _sample(name)
    text = rendered[name][1]
    model = uf.validate(form_id, data)
    for s in data["subjects"]:
        assert s["name"] in text, s["name"]
        for vp in s.get("viewpoints", []):
            assert vp["label"] in text
            for mark in [*vp["marks"], vp.get("year")]:
                if mark:
                    assert mark in text
        for t in s.get("texts", []):
            assert re.sub(r"\s+", "", t)[:20] in text
    for row in data.get("special_activities", []):
        for t in row["terms"]:
            assert t in text
    # 出欠: the numbers printed are the aggregate's numbers
    att = data["attendance"]
    if isinstance(att, list):
        for a in att:
            assert str(a["lesson_days"]) in text and str(a["absence_days"]) in text
    else:
        cal = SchoolCalendar.parse(att["calendar"])
        book = AttendanceBook(cal, [att["pupil"]], class_id=att["class_id"])
        pid = att["pupil"]["pupil_id"]
        if name.endswith("_a4"):  # 出欠 per month
            fields = _fields(_doc(form_id, data))
            for y, mo in cal.months():
                s = summarize_month(book, y, mo)[pid]
                assert fields[f"attendance_month_rows[0].m{mo}"] == str(s.lesson_days)
                assert fields[f"attendance_month_rows[4].m{mo}"] == str(s.present_days)
        else:
            for t in range(model.current_term):  # type: ignore[attr-defined]
                s = summarize_term(book, t)[pid]
                assert str(s.lesson_days) in text and str(s.present_days) in text
    # the exact IPAmj names come back out of the PDF
    name_full = data["student"]["name"]["family"]
    assert name_full in text


def _fields(doc: Document) -> dict[str, str]:
    return {t.field: t.text for p in doc.pages for t in p.texts if t.field}


def _column_labels(doc: Document) -> list[str]:
    return [t.text for p in doc.pages for t in p.texts if t.static]


def test_two_term_arrangement_has_no_third_term_column() -> None:
    doc = _doc(*_sample("elementary_2term"))
    labels = _column_labels(doc)
    assert "前期" in labels and "後期" in labels
    assert not any("3学期" in t for p in doc.pages for t in (x.text for x in p.texts))


def test_three_term_arrangement_prints_three_term_columns() -> None:
    labels = _column_labels(_doc(*_sample("elementary_3term")))
    assert {"1学期", "2学期", "3学期"} <= set(labels)


def test_two_term_data_on_three_term_arrangement_is_rejected() -> None:
    _, data = _sample("elementary_2term")
    data["arrangement"] = "elementary_3term"
    with pytest.raises(FormDataError) as exc:
        api.compile_form("report_card", data)
    assert [e.path for e in exc.value.errors] == ["term_system"]


def test_intellectual_mode_subject_has_no_abc_cell() -> None:
    form_id, data = _sample("intellectual")
    doc = _doc(form_id, data)
    fields = _fields(doc)
    for i, s in enumerate(data["subjects"]):
        mine = [f for f in fields if f.startswith(f"subjects[{i}].")]
        if s.get("mode") in ("intellectual", "combined"):
            assert not [f for f in mine if ".viewpoints" in f or ".hyotei" in f]
            assert any(".texts[" in f for f in mine)
            # the subject name is printed once: in the 文章記述 block, not as a 観点 row group
            assert sum(1 for p in doc.pages for t in p.texts if t.field == f"subjects[{i}].name") == 1
        else:
            assert any(".viewpoints[" in f for f in mine)
    bad = copy.deepcopy(data)
    bad["subjects"][0]["viewpoints"] = [{"label": "知識・技能", "marks": ["○"]}]
    with pytest.raises(FormDataError) as exc:
        uf.validate(form_id, bad)
    assert "subjects[0].viewpoints" in [e.path for e in exc.value.errors]


def test_terms_not_reached_print_blank() -> None:
    form_id, data = _sample("intellectual")  # current_term 2 of 3
    fields = _fields(_doc(form_id, data))
    assert "attendance[1].lesson_days" in fields
    assert not [f for f in fields if f.startswith("attendance[2]")]
    assert not [f for f in fields if ".texts[2]" in f or f.startswith("comments[2]")]


def test_first_grade_first_term_is_slashed() -> None:
    _, data = _sample("elementary_3term")
    data["homeroom"]["grade"] = 1
    data["hyotei"] = False
    data["no_evaluation_first_term"] = True
    data.pop("foreign_language_activity")  # 1年生: no 外国語活動 nor 総合 block
    data.pop("integrated_study")
    for s in data["subjects"]:
        s.pop("hyotei", None)
        for vp in s["viewpoints"]:
            vp["marks"][0] = None
    doc = _doc("report_card", data)
    fields = _fields(doc)
    assert not [f for f in fields if re.match(r"subjects\[\d+\]\.viewpoints\[\d+\]\.marks\[0\]", f)]
    texts = [t.text for p in doc.pages for t in p.texts]
    assert "１年生は、１学期の学習の評価はいたしません。" in texts
    dynamic_rules = [r for p in doc.pages for r in p.rules if not r.static]
    assert len(dynamic_rules) >= 3 * len(data["subjects"])  # one 斜線 per 観点 cell of 1学期
    data["subjects"][0]["viewpoints"][0]["marks"][0] = "できる"
    with pytest.raises(FormDataError) as exc:
        uf.validate("report_card", data)
    assert [e.path for e in exc.value.errors] == ["subjects[0].viewpoints[0].marks[0]"]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["subjects"][0].__setitem__("hyotei", [3, 4, 3]), "subjects[0].hyotei[1]"),
        (
            lambda d: d["subjects"][2]["viewpoints"][1]["marks"].__setitem__(0, "A"),
            "subjects[2].viewpoints[1].marks[0]",
        ),
        (lambda d: d["subjects"][1]["viewpoints"][0]["marks"].append("できる"), "subjects[1].viewpoints[0].marks[3]"),
        (lambda d: d["comments"].append("四つ目の学期"), "comments[3]"),
        (lambda d: d["behavior"][0]["marks"].__setitem__(1, "×"), "behavior[0].marks[1]"),
        (lambda d: d.__setitem__("arrangement", "no_such_arrangement"), "arrangement"),
        (lambda d: d["attendance"][1].__setitem__("absence_days", 99), "attendance[1].absence_days"),
    ],
)
def test_bad_values_are_reported_at_their_path(mutate: Any, path: str) -> None:
    _, data = _sample("elementary_3term")
    mutate(data)
    with pytest.raises(FormDataError) as exc:
        uf.render_pdf("report_card", data)
    assert path in [e.path for e in exc.value.errors], exc.value.errors


def test_junior_high_hyotei_range_and_scale() -> None:
    _, data = _sample("junior_high_3term")
    data["subjects"][0]["hyotei"][0] = 6
    data["subjects"][1]["viewpoints"][0]["marks"][0] = "よくできる"
    with pytest.raises(FormDataError) as exc:
        uf.validate("report_card", data)
    paths = [e.path for e in exc.value.errors]
    assert "subjects[0].hyotei[0]" in paths and "subjects[1].viewpoints[0].marks[0]" in paths


def test_two_term_school_has_no_third_term_value() -> None:
    _, data = _sample("elementary_2term")
    data["subjects"][0]["viewpoints"][0]["marks"].append("◎")
    with pytest.raises(FormDataError) as exc:
        uf.validate("report_card", data)
    assert [e.path for e in exc.value.errors] == ["subjects[0].viewpoints[0].marks[2]"]
    assert "2学期制" in exc.value.errors[0].message


def test_daily_records_feed_the_attendance_block() -> None:
    _, data = _sample("junior_high_3term")
    doc = _doc("report_card", data)
    fields = _fields(doc)
    att = data["attendance"]
    cal = SchoolCalendar.parse(att["calendar"])
    book = AttendanceBook(cal, [att["pupil"]], class_id=att["class_id"])
    for t in range(3):
        s = summarize_term(book, t)["s15"]
        assert fields[f"attendance[{t}].lesson_days"] == str(s.lesson_days)
        assert fields[f"attendance[{t}].suspension_days"] == str(s.suspension_days)
        assert fields[f"attendance[{t}].present_days"] == str(s.present_days)
        assert fields.get(f"attendance_remark_rows[{t}].text", "") == s.remarks
    bad = copy.deepcopy(data)
    bad["attendance"]["pupil"]["records"].append({"date": "2025-08-11", "status": "ABSENT"})
    with pytest.raises(FormDataError) as exc:
        uf.render_pdf("report_card", bad)
    n = len(bad["attendance"]["pupil"]["records"]) - 1
    assert [e.path for e in exc.value.errors] == [f"attendance.pupil.records[{n}].date"]


def test_same_input_same_bytes() -> None:
    form_id, data = _sample("intellectual")
    assert uf.render_pdf(form_id, data) == uf.render_pdf(form_id, data)


def test_custom_arrangement_file(tmp_path: Path) -> None:
    src = (ROOT / "layouts" / "forms" / "report_card.yaml").read_text(encoding="utf-8")
    lines = [ln for ln in src.splitlines() if "use: P-07" not in ln and "use: P-06" not in ln]
    # a school without 外国語活動 on its 通知表 gives 道徳 the room instead
    at = next(i for i, ln in enumerate(lines) if "use: P-08" in ln)
    lines.insert(at + 1, "      - {use: P-06, panel: learning, at: [12, 217], size: [186, 68]}")
    mine = tmp_path / "my_school.yaml"
    mine.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, data = _sample("elementary_3term")
    data.pop("foreign_language_activity")
    doc = api.compile_form("report_card", data, layout=mine).document
    assert len(doc.pages) == 2
    texts = [t.text for p in doc.pages for t in p.texts]
    assert "外国語活動" not in texts and "特別の教科　道徳" in texts


@pytest.mark.parametrize(
    ("grade", "blocks"),
    [
        (1, {"特別の教科　道徳"}),
        (4, {"総合的な学習の時間", "外国語活動", "特別の教科　道徳"}),
        (5, {"総合的な学習の時間", "特別の教科　道徳"}),
    ],
)
def test_blocks_follow_the_grade(grade: int, blocks: set[str]) -> None:
    _, data = _sample("elementary_3term")
    data["homeroom"]["grade"] = grade
    if grade < 3:
        data["hyotei"] = False
        for s in data["subjects"]:
            s.pop("hyotei", None)
        data.pop("integrated_study")
    if grade != 4:
        data.pop("foreign_language_activity")
    doc = _doc("report_card", data)
    texts = {t.text for p in doc.pages for t in p.texts if t.static}
    assert {"総合的な学習の時間", "外国語活動", "特別の教科　道徳"} & texts == blocks
    moral = next(t for p in doc.pages for t in p.texts if t.text == "特別の教科　道徳")
    assert moral.rect.y < 297
    if grade == 5:  # 外国語活動 text for a 5年生 has no block: an error, not dropped
        data["foreign_language_activity"] = ["アルファベットを書きました。"]
        with pytest.raises(LayoutError) as exc:
            api.compile_form("report_card", data)
        assert exc.value.paths == ("foreign_language_activity",)


def test_month_attendance_needs_daily_records() -> None:
    _, data = _sample("elementary_3term_a4")
    _, totals = _sample("elementary_3term")
    data["attendance"] = totals["attendance"]
    data["attendance_periods"] = totals["attendance_periods"]
    with pytest.raises(FormDataError) as exc:
        api.compile_form("report_card", data)
    assert [e.path for e in exc.value.errors] == ["attendance"]


# --------------------------------------------------------------------------- issue 13


def test_junior_high_two_term_arrangement() -> None:
    form_id, data = _sample("junior_high_2term")
    doc = _doc(form_id, data)
    text = pdf_text(uf.render_pdf(form_id, data))
    for needle in ("大内中学校", "前期", "後期", "学年末", "評定…5段階", "髙木", "河野"):
        assert needle in text, needle
    fields = _fields(doc)
    assert fields["subjects[0].hyotei[0]"] == "5"
    assert len(doc.pages) == 2
    for name, change, path in (
        ("junior_high_2term", {"term_system": "three_terms", "current_term": 1}, "term_system"),
        ("elementary_2term", {"homeroom": {"school_type": "junior_high", "grade": 2, "kumi": "1"}}, "homeroom"),
    ):
        _, other = _sample("junior_high_2term")
        bad = {**other, "arrangement": name, **change}
        with pytest.raises(FormDataError) as exc:
            api.compile_form(form_id, bad)
        assert any(e.path.startswith(path) for e in exc.value.errors), exc.value.errors


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("elementary_3term", "1月8日〜3月24日"),
        ("elementary_2term", "10月14日〜3月24日"),
        ("elementary_3term_a4", "集計期間4月7日〜3月24日"),
        ("junior_high_3term", "9月1日〜12月24日"),
        ("junior_high_2term", "4月7日〜10月10日"),
        ("intellectual", "9月1日〜12月24日"),
        ("non_intellectual", "4月7日〜7月18日"),
    ],
)
def test_the_attendance_period_is_printed_on_every_arrangement(
    name: str, period: str, rendered: dict[str, tuple[bytes, str]]
) -> None:
    assert period in rendered[name][1]
    assert "集計期間" in rendered[name][1]


def test_attendance_period_from_the_calendar_for_daily_records() -> None:
    _, data = _sample("junior_high_3term")
    doc = _doc("report_card", data)
    row = next(t for t in doc.pages[1].texts if t.text == "集計期間")
    same_row = sorted((t.rect.x, t.text) for t in doc.pages[1].texts if abs(t.rect.y - row.rect.y) < 0.01)
    assert [text for _, text in same_row] == [
        "集計期間",
        "4月7日〜7月18日",
        "9月1日〜12月24日",
        "1月8日〜3月24日",
        "4月7日〜3月24日",
    ]


def test_attendance_periods_are_checked() -> None:
    _, data = _sample("elementary_3term")
    data["attendance_periods"] = data["attendance_periods"][:2]
    assert "attendance_periods" in _errors("report_card", data)
    _, data = _sample("elementary_3term")
    data["attendance_periods"][1]["start"] = "2025-07-01"
    assert "attendance_periods[1].start" in _errors("report_card", data)
    _, data = _sample("junior_high_3term")
    data["attendance_periods"] = [{"start": "2025-04-07", "end": "2025-07-18"}]
    assert "attendance_periods" in _errors("report_card", data)  # daily records: from the calendar


def _errors(form_id: str, data: dict[str, Any]) -> set[str]:
    with pytest.raises(FormDataError) as exc:
        uf.validate(form_id, data)
    return {e.path for e in exc.value.errors}


def test_special_needs_intellectual_has_activities_and_goals_per_subject(
    rendered: dict[str, tuple[bytes, str]],
) -> None:
    form_id, data = _sample("intellectual")
    text = rendered["intellectual"][1]
    assert "特別活動" in text and "黒板係" in text and "学習発表会（発表）" in text
    assert "個別の目標（めあて）" in text
    fields = _fields(_doc(form_id, data))
    for i, s in enumerate(data["subjects"]):
        for t, goal in enumerate(s.get("goals", [])):
            assert fields[f"subjects[{i}].goals[{t}]"] == goal
        for t, body in enumerate(s.get("texts", [])):
            assert fields[f"subjects[{i}].texts[{t}]"] == body


def test_goals_on_the_non_intellectual_card_too(rendered: dict[str, tuple[bytes, str]]) -> None:
    _, data = _sample("non_intellectual")
    goals = [g for s in data["subjects"] for g in s.get("goals", []) if g]
    assert len(goals) == 3
    for goal in goals:
        assert goal in rendered["non_intellectual"][1]


def test_goals_belong_to_the_special_needs_card() -> None:
    _, data = _sample("elementary_3term")
    data["subjects"][0]["goals"] = ["漢字を正しく書く。"]
    assert "subjects[0].goals" in _errors("report_card", data)


@pytest.mark.parametrize("name", ["junior_high_2term", "intellectual", "non_intellectual"])
def test_no_certificate_on_a_mid_year_card(name: str, rendered: dict[str, tuple[bytes, str]]) -> None:
    text = rendered[name][1]
    assert "修了証" not in text.replace(" ", "").replace("　", "") and "課程を修了" not in text


def test_the_certificate_only_with_its_date_on_the_last_card(rendered: dict[str, tuple[bytes, str]]) -> None:
    assert "修了証" in rendered["elementary_3term"][1].replace("　", "")
    assert "第４学年の課程を修了したことを証する。" in rendered["elementary_3term"][1]
    assert "令和8年3月24日" in rendered["elementary_3term"][1]
    form_id, data = _sample("elementary_3term")
    del data["completion_date"]
    assert "課程を修了" not in pdf_text(uf.render_pdf(form_id, data))  # never undated
    _, mid = _sample("junior_high_2term")
    mid["completion_date"] = "2026-03-24"
    assert "completion_date" in _errors("report_card", mid)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_parents_read_nothing_below_6_pt(name: str) -> None:
    from test_typesetting import typesetting_problems

    form_id, data = _sample(name)
    doc = _doc(form_id, data)
    assert typesetting_problems(form_id, doc) == []
    assert min(t.size for page in doc.pages for t in page.texts) >= 6.0
    names = [t for page in doc.pages for t in page.texts if re.fullmatch(r"subjects\[\d+\]\.name", t.field or "")]
    by_column: dict[float, set[float]] = {}
    for t in names:  # P-05 and P-14G columns: one label size each
        by_column.setdefault(round(t.rect.w, 1), set()).add(t.size)
    assert names and all(len(sizes) == 1 for sizes in by_column.values()), by_column


def test_a_long_attendance_remark_prints_for_parents_at_6_pt_or_more() -> None:
    form_id, data = _sample("elementary_3term")
    remark = "出席停止（インフルエンザ）3日、忌引（祖母）2日、出席扱い（教育支援センター）4日"
    data["attendance"][1]["remarks"] = remark
    doc = _doc(form_id, data)
    box = next(t for t in doc.pages[1].texts if t.field == "attendance[1].remarks")
    assert box.size >= 6 and "".join(ln.run.text for ln in box.lines) == remark


def test_one_input_base_for_the_family() -> None:
    from unified_forms.families.report_card.model import ReportCardInput, ReportCardSpecialNeedsInput

    assert ReportCardSpecialNeedsInput.__mro__[1] is ReportCardInput
    extra = set(ReportCardSpecialNeedsInput.model_fields) - set(ReportCardInput.model_fields)
    assert extra == {"class_name", "exchange_class", "independent_activities", "exchange_notes"}
    assert set(ReportCardInput.TERM_LISTS) < set(ReportCardSpecialNeedsInput.TERM_LISTS)
