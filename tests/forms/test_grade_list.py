"""成績一覧表 end to end: every 評定 printed with its 朱点 marker, totals computed, bad data refused."""

from __future__ import annotations

import copy
import re
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from formkit import fresh_sample, pdf_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.forms.grade_list.binding import average, bind
from unified_forms.forms.grade_list.model import ELEMENTARY_SUBJECTS, JUNIOR_HIGH_SUBJECTS, GradeListInput

FORM = "grade_list"


def _pdf_text(data: dict[str, Any], tmp_path: Path) -> str:
    return pdf_text(uf.render_pdf(FORM, data), layout=True, squeeze=False)


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _pdf_text(fresh_sample(FORM), tmp_path_factory.mktemp("gl"))


def _row(m: GradeListInput, number: int) -> dict[str, str]:
    rows = bind(m).lists["students"]
    row = next(r for r in rows if str(r.get("number")) == str(number))
    return {k: (v.text if hasattr(v, "text") else str(v)) for k, v in row.items()}


def test_registry_entry_is_a3_landscape() -> None:
    info = uf.registry.get(FORM)
    assert (info.title, info.paper) == ("成績一覧表", "A3 landscape")


def test_header_and_every_pupil_are_printed_exactly(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    for needle in (
        "成績一覧表",
        "令和7年度",
        "山口市立湯田中学校",
        "2年1組",
        "2学期",
        "松本剛",
        "校長",
        "教頭",
        "担任",
    ):
        assert needle in flat, needle
    data = fresh_sample(FORM)
    for s in data["students"]:
        assert s["name"]["family"] + s["name"]["given"] in flat
    assert "\U00020bb7人" in flat and "松﨑" in flat and "髙橋" in flat  # no normalisation
    assert "吉人" not in flat and "松崎" not in flat and "高橋" not in flat
    for label in (*JUNIOR_HIGH_SUBJECTS, "5教科合計", "5教科平均", "9教科合計", "9教科平均", "学級合計", "学級平均"):
        assert label in flat, label
    assert "朱点（2以下）" in flat


def test_sample_totals_and_markers() -> None:
    data = fresh_sample(FORM)
    m = uf.validate(FORM, data)
    assert isinstance(m, GradeListInput)
    s = data["students"][12]  # 美術 "/"
    row = _row(m, s["number"])
    numbers = [g for g in s["grades"].values() if g != "/"]
    assert row["all_total"] == f"{sum(numbers)}（8）"  # a 9教科合計 over 8 教科 says so
    assert row["all_avg"] == f"{average(numbers)}（8）"
    assert "s5" in row["_slash"].split()
    for j, name in enumerate(JUNIOR_HIGH_SUBJECTS):
        g = s["grades"][name]
        if g == "/":
            assert row[f"s{j}"] == ""
        else:
            assert row[f"s{j}"] == (f"※{g}" if g <= 2 else str(g))
    core = [s["grades"][n] for n in ("国語", "社会", "数学", "理科", "外国語")]
    assert row["core_total"] == str(sum(core))
    att = s["attendance"]
    assert row["absence_days"] == str(att["absence_days"])
    assert row["present_days"] == str(att["lesson_days"] - att["suspension_days"] - att["absence_days"])


def test_average_rounds_half_up() -> None:
    assert average([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) == "2.0"  # 1.95 → 2.0
    assert average([3, 4, 4, 4]) == "3.8"  # 3.75 → 3.8 (banker's would give 3.8 too)
    assert average([2, 3, 3, 3, 3, 3, 3, 3]) == "2.9"  # 2.875 → 2.9
    assert average([1, 2, 2, 2, 2, 2, 2, 2]) == "1.9"  # 1.875
    assert average([2, 3]) == "2.5"
    assert average([1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) == "1.9"  # 1.9
    assert average([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5]) == "4.1"  # 4.05 → 4.1 (half up)
    assert average([]) == ""


def _half_up(f: Fraction) -> str:
    tenths = (f * 10 * 2 + 1) // 2  # floor(x*10 + 0.5) for non-negative x
    return f"{tenths // 10}.{tenths % 10}"


_GRADE = st.one_of(st.integers(min_value=1, max_value=5), st.just("/"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_GRADE, min_size=9, max_size=9), min_size=1, max_size=45))
def test_totals_and_averages_match_a_reference(grades: list[list[int | str]]) -> None:
    data = fresh_sample(FORM)
    base = data["students"][0]
    base["scores"] = {}
    data["students"] = []
    data["reference_averages"] = []
    for i, gs in enumerate(grades):
        s = copy.deepcopy(base)
        s["number"] = i + 1
        s["grades"] = dict(zip(JUNIOR_HIGH_SUBJECTS, gs, strict=True))
        data["students"].append(s)
    m = uf.validate(FORM, data)
    rows = bind(m).lists["students"]
    assert len(rows) == len(grades) + 2 + 5  # pupils, 学級合計・学級平均, 評定分布 5 … 1
    text = [{k: (v.text if hasattr(v, "text") else str(v)) for k, v in r.items()} for r in rows]
    for gs, row in zip(grades, text, strict=False):
        nums = [g for g in gs if g != "/"]
        assert isinstance(nums, list)
        mark = f"（{len(nums)}）" if len(nums) < 9 else ""
        if nums:
            assert row["all_total"] == f"{sum(nums)}{mark}"  # type: ignore[arg-type]
            assert row["all_avg"] == _half_up(Fraction(sum(nums), len(nums))) + mark  # type: ignore[arg-type]
        else:
            assert row["all_total"] == row["all_avg"] == ""
        assert row["_slash"].split() == [f"s{j}" for j, g in enumerate(gs) if g == "/"]
    sums, means = text[len(grades)], text[len(grades) + 1]
    distribution = text[len(grades) + 2 :]
    for j in range(9):
        counts = [int(r[f"s{j}"]) for r in distribution]
        assert counts == [sum(1 for gs in grades if gs[j] == g) for g in (5, 4, 3, 2, 1)]
    assert sums["name"] == "学級合計" and means["name"] == "学級平均"
    for j in range(9):
        col = [gs[j] for gs in grades if gs[j] != "/"]
        assert sums[f"s{j}"] == (str(sum(col)) if col else "")  # type: ignore[arg-type]
        assert means[f"s{j}"] == (_half_up(Fraction(sum(col), len(col))) if col else "")  # type: ignore[arg-type]
    api.compile_form(FORM, data)  # every sheet of this shape fits


def test_missing_grade_leaves_the_pupil_totals_blank() -> None:
    data = fresh_sample(FORM)
    del data["students"][0]["grades"]["国語"]
    row = _row(uf.validate(FORM, data), data["students"][0]["number"])
    assert row["s0"] == "" and row["all_total"] == row["all_avg"] == row["core_total"] == ""


def test_elementary_class_gets_the_elementary_subjects(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    data["homeroom"] = {"school_type": "elementary", "grade": 6, "kumi": "1"}
    data["threshold"] = 1
    data["reference_averages"] = data["tests"] = []
    for s in data["students"]:
        s["grades"] = {name: 1 + (s["number"] + j) % 3 for j, name in enumerate(ELEMENTARY_SUBJECTS)}
        s["scores"] = {}
    flat = re.sub(r"\s+", "", _pdf_text(data, tmp_path))
    assert "算数" in flat and "図画工作" in flat and "数学" not in flat and "美術" not in flat
    assert "9教科合計" in flat and "5教科平均" in flat and "朱点（1以下）" in flat


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["students"][3]["grades"].__setitem__("美術", 6), "students[3].grades.美術"),
        (lambda d: d["students"][4]["grades"].__setitem__("書写", 3), "students[4].grades.書写"),
        (lambda d: d["students"][5].__setitem__("number", 1), "students[5].number"),
        (lambda d: d.__setitem__("threshold", 5), "threshold"),
        (
            lambda d: d["students"][6]["attendance"].__setitem__("absence_days", 90),
            "students[6].attendance.absence_days",
        ),
        (lambda d: d.__setitem__("subjects", ["国語", "国語"]), "subjects"),
        (lambda d: d["homeroom"].__setitem__("school_type", "elementary"), "students[0].grades.社会"),
        (lambda d: d.__setitem__("term", ""), "term"),
        (lambda d: d["homeroom"].update(school_type="elementary", grade=2), "homeroom.grade"),
        (lambda d: d["students"][0]["scores"].__setitem__("国語", [50]), "students[0].scores.国語"),
        (lambda d: d["students"][0]["scores"].__setitem__("書写", [50, 60]), "students[0].scores.書写"),
        (lambda d: d["students"][0]["scores"]["国語"].__setitem__(0, 101), "students[0].scores.国語[0]"),
        (lambda d: d.__setitem__("tests", ["中間", "中間"]), "tests"),
        (lambda d: d.__setitem__("threshold_color", "blue"), "threshold_color"),
        (
            lambda d: d["reference_averages"][0]["averages"].__setitem__("書写", 3.0),
            "reference_averages[0].averages.書写",
        ),
        (
            lambda d: d["reference_averages"][0]["averages"].__setitem__("国語", 5.5),
            "reference_averages[0].averages.国語",
        ),
    ],
)
def test_bad_data_is_refused_at_its_path(change: Any, path: str) -> None:
    data = fresh_sample(FORM)
    change(data)
    with pytest.raises(FormDataError) as info:
        uf.validate(FORM, data)
    assert path in {e.path for e in info.value.errors}, info.value.errors


def test_a_layout_without_the_grid_refuses_the_pupils(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file().read_text(encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(shipped.replace("source: students", "source: nobody"), encoding="utf-8")
    with pytest.raises(LayoutError) as info:  # a list the binding does not have: the typo is named
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert info.value.where == "nobody"
    own.write_text(shipped.replace("source: students", "source: subjects"), encoding="utf-8")
    with pytest.raises(LayoutError) as info:  # the pupils' list read by no box: every pupil would vanish
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "students" in info.value.paths


def test_xlsx_holds_the_grades() -> None:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(uf.render_xlsx(FORM, fresh_sample(FORM))))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "学級平均" in {str(c.value) for c in cells}
    # a 朱点 評定 is the number, shown as ※2 by its cell style; totals and averages are formulas
    assert any(c.value == 2 and c.number_format == '"※"0' and c.style == "朱点" for c in cells)
    assert any(str(c.value).startswith("=IF(COUNT(") for c in cells)
    assert any(str(c.value).startswith("=SUM(") for c in cells)


# --- issue 13: 評定分布, totals over fewer 教科, 朱点 in red, 席次, 学年平均, 素点 ------------------


def _line(text: str, label: str) -> list[str]:
    """The cells of the printed row that starts with ``label`` (pdftotext -layout)."""
    line = next(ln for ln in text.splitlines() if ln.strip().startswith(label) or f" {label} " in ln)
    return line.split(label, 1)[1].split()


def test_distribution_rows_count_the_pupils_at_each_grade_and_re_add_the_class_average(text: str) -> None:
    data = fresh_sample(FORM)
    sums, means = _line(text, "学級合計"), _line(text, "学級平均")
    for j, name in enumerate(JUNIOR_HIGH_SUBJECTS):
        grades = [s["grades"][name] for s in data["students"] if s["grades"][name] != "/"]
        counts = [int(_line(text, f"評定{g}の人数")[j]) for g in (5, 4, 3, 2, 1)]
        assert counts == [grades.count(g) for g in (5, 4, 3, 2, 1)], name
        assert sum(counts) == len(grades)  # Σ of the 分布 is the number of pupils with a 評定
        assert int(sums[j]) == sum(g * c for g, c in zip((5, 4, 3, 2, 1), counts, strict=True))
        assert means[j] == _half_up(Fraction(int(sums[j]), sum(counts)))


def test_a_total_over_fewer_subjects_is_marked_and_explained(text: str) -> None:
    data = fresh_sample(FORM)
    slashed = [s for s in data["students"] if "/" in s["grades"].values()]
    assert slashed  # the sample shows the case
    for s in slashed:
        numbers = [g for g in s["grades"].values() if g != "/"]
        row = _line(text, s["name"]["given"])
        assert f"{sum(numbers)}（8）" in row and f"{average(numbers)}（8）" in row
    flat = re.sub(r"\s+", "", text)
    assert "合計・平均の（）内は評定のある教科数（「/」のある生徒）" in flat


def _coloured(doc: Any) -> dict[str, str | None]:
    return {t.field: t.color for p in doc.pages for t in p.texts if t.field and ".grades." in t.field}


def test_shuten_is_red_with_its_mark_or_black_with_its_mark() -> None:
    from formkit import page_model

    data = fresh_sample(FORM)
    assert data["threshold_color"] == "red"
    colours = _coloured(page_model(FORM, data))
    texts = {t.field: t.text for p in page_model(FORM, data).pages for t in p.texts if t.field}
    for field, colour in colours.items():
        marked = texts[field].startswith("※")
        assert colour == ("C00000" if marked else None), field
    assert any(c for c in colours.values())
    data["threshold_color"] = "black"
    assert not any(_coloured(page_model(FORM, data)).values())


def test_red_reaches_the_pdf_content_and_the_workbook(tmp_path: Path) -> None:
    import io

    import openpyxl

    data = fresh_sample(FORM)
    pdf = tmp_path / "g.pdf"
    pdf.write_bytes(uf.render_pdf(FORM, data))
    plain = tmp_path / "plain.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(plain)], check=True)
    assert b" 0.753 0 0 rg" in plain.read_bytes()  # C00000, then back to black (0 g)
    wb = openpyxl.load_workbook(io.BytesIO(uf.render_xlsx(FORM, data)))
    marked = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.number_format == '"※"0']
    assert marked and all(c.font.color is not None and c.font.color.rgb == "FFC00000" for c in marked)


def test_ranks_are_computed_over_complete_totals_with_ties_sharing_a_rank(text: str) -> None:
    data = fresh_sample(FORM)
    assert data["show_rank"]
    totals = {s["number"]: sum(s["grades"].values()) for s in data["students"] if "/" not in s["grades"].values()}
    ordered = sorted(totals.values(), reverse=True)
    for s in data["students"]:
        row = _line(text, s["name"]["given"])
        if s["number"] in totals:  # 9教科合計, 9教科平均, 9教科席次 follow the 5教科 group
            assert row[-6:-3] == [str(totals[s["number"]]), row[-5], str(ordered.index(totals[s["number"]]) + 1)]
        else:
            assert "（8）" in row[-5]
    flat = re.sub(r"\s+", "", text)
    assert "5教科席次" in flat and "9教科席次" in flat and "同点は同順位" in flat
    data["show_rank"] = False
    assert "席次" not in "".join(t.text for p in api.compile_form(FORM, data).document.pages for t in p.texts)


def test_reference_averages_are_printed_under_the_class_average(text: str) -> None:
    data = fresh_sample(FORM)
    (ref,) = data["reference_averages"]
    cells = _line(text, ref["label"])
    assert cells == [f"{ref['averages'][n]:.1f}" for n in JUNIOR_HIGH_SUBJECTS]


def test_scores_sheet_prints_every_score_per_test_with_totals_and_class_averages(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    pdf = uf.render_pdf(FORM, data)
    raw = pdf_text(pdf, layout=True, squeeze=False, page=2)
    assert "成" in raw and re.search(r"素\s*点", raw)
    header = re.sub(r"\s+", "", raw)
    assert "中間国語" in header or ("中間" in header and "期末" in header)
    for s in data["students"]:
        row = _line(raw, s["name"]["given"])
        for k in range(2):
            got = [v[k] for n, v in s["scores"].items() if v[k] is not None]
            subjects = [
                n
                for n in JUNIOR_HIGH_SUBJECTS
                if any(x["scores"].get(n, [None, None])[k] is not None for x in data["students"])
            ]
            mark = f"（{len(got)}）" if len(got) < len(subjects) else ""
            assert f"{sum(got)}{mark}" in row, (s["number"], k)
    means = _line(raw, "学級平均")
    mid = [s["scores"]["国語"][0] for s in data["students"]]
    assert means[0] == _half_up(Fraction(sum(mid), len(mid)))
    data["tests"] = []
    for s in data["students"]:
        s["scores"] = {}
    assert len(api.compile_form(FORM, data).document.pages) == 1
