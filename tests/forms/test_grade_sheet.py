"""成績個表 end to end: the sample (中学2年, 3学期制, 松﨑 with U+FA11) prints on one A4 portrait
sheet; the 総合 合計/平均 per 学期 are computed from the marks (never typed), 平均 excludes
missing values and rounds 四捨五入; rule breaks are FormDataErrors at their paths; 科目所見 and
備考 that do not fit are refused with their capacity."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, page_model, pdf_text, texts_by_field
from hypothesis import given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms.errors import FormDataError
from unified_forms.forms.grade_sheet.binding import round_half_up, term_totals

FORM = "grade_sheet"


def test_registered_as_a4_portrait() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "成績個表"
    assert info.paper == "A4 portrait"


def test_sample_is_one_deterministic_a4_sheet(rendered: tuple[bytes, str]) -> None:
    data = fresh_sample(FORM)
    assert data["homeroom"]["grade"] == 2 and data["homeroom"]["school_type"] == "junior_high"
    assert data["terms"] == ["1学期", "2学期", "3学期"]
    doc = page_model(FORM, data)
    assert len(doc.pages) == 1
    assert (doc.pages[0].width, doc.pages[0].height) == (210.0, 297.0)
    assert uf.render_pdf(FORM, data) == rendered[0]
    assert uf.render_xlsx(FORM, data) == uf.render_xlsx(FORM, data)


def test_pdf_text_has_header_name_sections_and_comments(rendered: tuple[bytes, str]) -> None:
    text = rendered[1]
    for s in (
        "成績個表",
        "令和7年度",
        "2年1組26番",
        "まつざきたくみ",
        "松本剛",
        "作成日令和7年12月19日",
        "成績の記録",
        "得点・学級平均",
        "総合",
        "出欠の記録",
        "科目所見",
        "備考",
        "評定合計",
        "得点平均",
        "技術・家庭",
        "61.3",
        "長距離走では自分のペースを保つことを目標に、粘り強く取り組みましょう。",
    ):
        assert s in text, s
    assert "松\ufa11" in text  # the compatibility ideograph comes back as given
    assert "松崎" not in text


def test_sample_totals_are_the_sums_of_the_marks() -> None:
    data = fresh_sample(FORM)
    fields = texts_by_field(page_model(FORM, data))
    h1 = [s["results"][0]["hyotei"] for s in data["subjects"]]
    s1 = [s["results"][0]["score"] for s in data["subjects"] if "score" in s["results"][0]]
    assert fields["totals.t1.hyotei_total"] == str(sum(h1)) == "29"
    assert fields["totals.t1.hyotei_average"] == "3.2"
    assert fields["totals.t1.score_total"] == str(sum(s1))
    assert fields["totals.t1.score_average"] == round_half_up(Decimal(sum(s1)) / len(s1), 1) == "62.0"
    assert "totals.t3.hyotei_total" not in fields  # 3学期 not yet assessed: blank, not 0
    assert fields["attendance[0].present_days"] == "71"


def test_round_half_up_not_bankers() -> None:
    assert round_half_up(Decimal("72.25"), 1) == "72.3"
    assert round_half_up(Decimal("3.45"), 1) == "3.5"
    assert round_half_up(Decimal("3.5"), 0) == "4"
    assert round_half_up(Decimal(10) / 3, 2) == "3.33"


def _data_with(hyotei: list[int | None], scores: list[int | None], decimals: int) -> dict[str, Any]:
    data = fresh_sample(FORM)
    data["terms"] = ["前期", "後期"]
    data["average_decimals"] = decimals
    data["attendance"] = data["ranks"] = []
    data["remarks"] = ""
    subjects = []
    for i, (h, s) in enumerate(zip(hyotei, scores, strict=True)):
        result: dict[str, Any] = {"viewpoints": ["A", "B", "/"]}
        if h is not None:
            result["hyotei"] = h
        if s is not None:
            result["score"] = s
        subjects.append({"name": f"教科{i}", "results": [result, {}]})
    data["subjects"] = subjects
    return data


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(0, 100))),
        min_size=1,
        max_size=10,
    ),
    st.integers(0, 2),
)
def test_totals_and_averages_exclude_missing_values(pairs: list[tuple[int | None, int | None]], decimals: int) -> None:
    hyotei = [h for h, _ in pairs]
    scores = [s for _, s in pairs]
    m = uf.validate(FORM, _data_with(hyotei, scores, decimals))
    totals = term_totals(m)  # type: ignore[arg-type]
    for name, values in (("hyotei", hyotei), ("score", scores)):
        given_ = [v for v in values if v is not None]
        if not given_:
            assert totals[0][f"{name}_total"] is None and totals[0][f"{name}_average"] is None
            continue
        mark = f"（{len(given_)}）" if len(given_) < len(values) else ""  # over fewer 教科: says so
        assert totals[0][f"{name}_total"] == f"{sum(given_)}{mark}"
        avg = Decimal((totals[0][f"{name}_average"] or "").removesuffix(mark))
        assert avg.as_tuple().exponent == -decimals
        assert abs(avg - Decimal(sum(given_)) / len(given_)) <= Decimal(1).scaleb(-decimals) / 2
    assert totals[1] == {"hyotei_total": None, "hyotei_average": None, "score_total": None, "score_average": None}


def test_workbook_totals_are_formulas_over_the_marks_that_have_a_value() -> None:
    """SUM and ROUND(AVERAGE) over the 評定 cells that hold a value, so the workbook recomputes
    the printed 合計・平均 (a blank 評定 is not in the total, as on paper); the （n） of a total
    over fewer 教科 is in the number format; 評定 and 得点 are numbers."""
    import io

    from openpyxl import load_workbook

    data = _data_with([4, None, 5], [80, 70, None], 2)
    ws = load_workbook(io.BytesIO(uf.render_xlsx(FORM, data))).worksheets[0]
    cells = {c.coordinate: c for r in ws.iter_rows() for c in r if c.value is not None}
    formulas = {ref: c for ref, c in cells.items() if isinstance(c.value, str) and c.value.startswith("=")}
    totals = sorted((c for c in formulas.values() if c.value.startswith("=SUM(")), key=lambda c: c.row)
    averages = sorted((c for c in formulas.values() if "AVERAGE" in c.value), key=lambda c: c.row)
    assert len(totals) == len(averages) == 2  # 評定 and 得点 of the 前期; the 後期 has no value: blank
    for total, average in zip(totals, averages, strict=True):
        refs = total.value[len("=SUM(") : -1].split(",")
        assert len(refs) == 2 and all(isinstance(cells[r].value, int) for r in refs)
        assert average.value == f'=IFERROR(ROUND(AVERAGE({",".join(refs)}),2),"")'
        assert total.number_format == '0"（2）"' and average.number_format == '0.00"（2）"'
    assert sorted(cells[r].value for r in totals[0].value[len("=SUM(") : -1].split(",")) == [4, 5]


def test_two_term_system_prints_two_columns(tmp_path: Path) -> None:
    data = _data_with([4, 5], [80, 91], 1)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "前期" in text and "後期" in text and "3学期" not in text
    fields = texts_by_field(page_model(FORM, data))
    assert fields["totals.t1.hyotei_average"] == "4.5"
    assert fields["totals.t1.score_average"] == "85.5"


def test_rule_breaks_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["subjects"][1]["results"] = data["subjects"][1]["results"][:2]
    data["subjects"][2]["name"] = "国語"
    data["subjects"][0]["results"][0]["hyotei"] = 6
    data["subjects"][0]["results"][1]["score"] = 101
    data["terms"] = ["1学期", "1学期", "3学期"]
    errors = error_messages(FORM, data)
    assert "subjects[0].results[0].hyotei" in errors
    assert "subjects[0].results[1].score" in errors


def test_shape_rules_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["subjects"][1]["results"] = data["subjects"][1]["results"][:2]
    data["subjects"][2]["name"] = "国語"
    data["terms"] = ["1学期", "1学期", "3学期"]
    errors = error_messages(FORM, data)
    assert "成績の数" in errors["subjects[1].results"]
    assert "2回" in errors["subjects[2].name"]
    assert "terms" in errors


def test_attendance_rules_go_through_check_totals() -> None:
    data = fresh_sample(FORM)
    data["attendance"][0] = {"lesson_days": 10, "suspension_days": 0, "absence_days": 11}
    errors = error_messages(FORM, data)
    assert any(p.startswith("attendance[0]") for p in errors)


def test_too_long_comment_is_refused_by_the_model() -> None:
    data = fresh_sample(FORM)
    data["subjects"][0]["comment"] = "あ" * 41
    assert "subjects[0].comment" in error_messages(FORM, data)


def test_remarks_that_do_not_fit_are_refused_with_capacity() -> None:
    data = fresh_sample(FORM)
    data["remarks"] = "\n".join(["行"] * 40)[:120]
    with pytest.raises(FormDataError) as info:
        uf.render_pdf(FORM, data)
    assert "備考" in str(info.value) or "remarks" in str(info.value)
    assert "字" in str(info.value)


def test_long_comment_within_the_limit_is_printed_whole(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    comment = "数学的な見方・考え方を働かせて問題を解決しようとする姿勢が見られました。次は説明も。"[:40]
    data["subjects"][2]["comment"] = comment
    text = pdf_text(uf.render_pdf(FORM, data))
    assert comment in text


# --- issue 13: 作成日, a total over fewer 教科 marked, 席次, 教科 labels set by design ---------


def test_the_sheet_matches_the_grade_list_of_its_class() -> None:
    """samples/README.md: the 個表 is of a 2年1組 pupil; its 2学期 評定 are the 一覧表's."""
    sheet, grades = fresh_sample(FORM), fresh_sample("grade_list")
    pupil = next(s for s in grades["students"] if s["number"] == sheet["student"]["number"])
    assert pupil["name"]["family"] + pupil["name"]["given"] == sheet["student"]["name"]["family"] + "拓海"
    assert {s["name"]: s["results"][1]["hyotei"] for s in sheet["subjects"]} == pupil["grades"]
    assert sheet["attendance"][1]["absence_days"] == pupil["attendance"]["absence_days"]


def test_a_total_over_fewer_subjects_is_marked_and_the_legend_explains_it() -> None:
    data = fresh_sample(FORM)
    del data["subjects"][6]["results"][1]["hyotei"]  # 保健体育 2学期: no 評定 yet
    fields = texts_by_field(page_model(FORM, data))
    hyotei = [s["results"][1].get("hyotei") for s in data["subjects"]]
    given_ = [h for h in hyotei if h is not None]
    assert fields["totals.t2.hyotei_total"] == f"{sum(given_)}（8）"
    assert fields["totals.t2.hyotei_average"] == f"{round_half_up(Decimal(sum(given_)) / 8, 1)}（8）"
    text = pdf_text(uf.render_pdf(FORM, data))
    assert f"{sum(given_)}（8）" in text and "（）内は値のある教科数" in text


def test_rank_is_printed_per_term_when_given() -> None:
    data = fresh_sample(FORM)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "席次14／3015／30" in text
    data["ranks"] = []
    assert "席次" not in pdf_text(uf.render_pdf(FORM, data))
    data["ranks"] = [{"rank": 31, "of": 30}]
    assert "ranks[0].rank" in error_messages(FORM, data)


def test_subject_labels_have_one_size_and_break_only_at_the_middle_dot() -> None:
    doc = page_model(FORM, fresh_sample(FORM))
    labels = [
        t for t in doc.pages[0].texts if t.field and t.field.startswith("subject_rows[") and ".subject" in t.field
    ]
    assert {t.size for t in labels} == {9.0}
    lines = {t.text: [ln.run.text for ln in t.lines] for t in labels}
    assert lines["技術・\n家庭"] == ["技術・", "家庭"]
    assert lines["保健体育"] == ["保健体育"] and lines["外国語"] == ["外国語"]
