"""週案 end to end: the grid prints every cell whole, 時数 are counted from the cells, dates agree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from formkit import fresh_sample, page_model, pdf_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.forms.weekly_plan.binding import weekly_hours
from unified_forms.forms.weekly_plan.model import WeeklyPlanInput
from unified_forms.layout.page import Document

FORM = "weekly_plan"


def _texts(doc: Document, field: str) -> str:
    return "".join(t.text for p in doc.pages for t in p.texts if t.field == field)


@pytest.fixture(scope="module")
def text() -> str:
    return pdf_text(uf.render_pdf(FORM, fresh_sample(FORM)), layout=True, squeeze=False)


def test_header_prints_week_period_class_and_teacher_exactly(text: str) -> None:
    assert re.search(r"週\s*案", text)
    for needle in ("令和7年度", "第10週", "令和7年6月9日（月）〜6月13日（金）", "3年1組", "山口市立湯田小学校"):
        assert needle in text, needle
    assert re.search(r"山本\s+由美", text)  # samples/README.md: 3年1組 担任
    for label in ("校長", "教頭", "週の反省", "来週の予定", "授業時数", "帰りの会", "6校時", "管理職コメント"):
        assert label in re.sub(r"\s+", "", text), label


def test_every_day_column_and_event_is_printed(text: str) -> None:
    flat = re.sub(r"\s+", "", text)
    for day in ("6月9日（月）", "6月10日（火）", "6月11日（水）", "6月12日（木）", "6月13日（金）"):
        assert day in flat
    assert "6月14日" not in flat
    for event in ("視力検査（3年は2校時）", "プール開き（3校時）", "参観日（5校時）・学級懇談会"):
        assert event in flat


def test_each_cell_prints_subject_and_whole_unit() -> None:
    data = fresh_sample(FORM)
    doc = page_model(FORM, data)
    for d, day in enumerate(data["days"]):
        for p, lesson in enumerate(day["periods"]):
            printed = _texts(doc, f"days[{d}].periods[{p}]")
            extra = "".join(
                f"{mark}：{lesson[key]}" for mark, key in (("準", "materials"), ("評", "evaluation")) if key in lesson
            )
            assert printed.replace("\n", "") == (lesson["subject"] + lesson["unit"]).replace("\n", "") + extra


def test_hours_are_counted_from_the_cells_and_added_to_last_weeks_total(text: str) -> None:
    model = WeeklyPlanInput.model_validate(fresh_sample(FORM))
    hours = weekly_hours(model)
    assert hours["国語"] == 6 and hours["算数"] == 5 and hours["図画工作"] == 2 and hours["学校行事"] == 1
    assert sum(hours.values()) == 28  # 6 + 6 + 5 + 6 + 5 校時; 朝の会・帰りの会 not counted
    assert re.search(r"教科等\s+今週\s+累計", text)
    assert re.search(r"国語\s+6\s+57\s+245\s+58\s+−1\n", text)  # 51 + 6; 57 − 58
    assert re.search(r"計\s+28\s+238\s+1010\s+238\s+±0\n", text)  # 210 + 28


def test_without_last_weeks_totals_the_cumulative_column_stays_blank() -> None:
    data = fresh_sample(FORM)
    del data["cumulative_before"]
    doc = page_model(FORM, data)
    assert _texts(doc, "hours_rows[0].week") == "6"
    assert _texts(doc, "hours_rows[0].total") == _texts(doc, "hours_rows[0].difference") == ""
    assert _texts(doc, "hours_rows[0].planned") == "58"  # the plan stays, the 過不足 needs a 累計


def test_half_periods_count_half() -> None:
    data = fresh_sample(FORM)
    data["days"][1]["periods"][5] = {"subject": "学級活動", "hours": 0.5}
    model = WeeklyPlanInput.model_validate(data)
    assert weekly_hours(model)["学級活動"] == 1.5


def test_saturday_is_an_extra_column() -> None:
    data = fresh_sample(FORM)
    data["days"].append({"event": "土曜授業（参観日）", "periods": [{"subject": "国語", "unit": "音読発表会"}]})
    doc = page_model(FORM, data)
    flat = "".join(t.text for p in doc.pages for t in p.texts)
    assert "6月14日（土）" in flat and "〜6月14日（土）" in flat
    assert "音読発表会" in _texts(doc, "days[5].periods[0]")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(week_start="2025-06-10"), "week_start"),
        (lambda d: d.update(week_start="2026-03-30"), "week_start"),
        (lambda d: d["days"][0]["periods"][0].update(hours=0.3), "days[0].periods[0].hours"),
        (lambda d: d["days"][1]["periods"].append({"subject": "国語"}), "days[1].periods"),
        (lambda d: d["days"][2]["periods"][0].update(subject=""), "days[2].periods[0].subject"),
        (lambda d: d["days"][2]["periods"][0].update(unit="あ" * 41), "days[2].periods[0].unit"),
        (lambda d: d["days"][2]["periods"][0].update(unit="単元\nねらい\n準備物"), "days[2].periods[0].unit"),
        (lambda d: d.update(days=d["days"][:4]), "days"),
        (lambda d: d["cumulative_before"].update(国語=-1), "cumulative_before.国語"),
    ],
)
def test_bad_input_names_the_field(change: Any, path: str) -> None:
    data = fresh_sample(FORM)
    change(data)
    with pytest.raises(FormDataError) as info:
        uf.validate(FORM, data)
    assert path in {e.path for e in info.value.errors}, info.value.errors


def test_a_school_layout_without_the_reflection_box_refuses_the_reflection(tmp_path: Path) -> None:
    shipped = uf.registry.get(FORM).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "slot: reflection" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert "reflection" in set(info.value.paths)
    data = fresh_sample(FORM)
    del data["reflection"]
    assert api.compile_form(FORM, data, layout=own).document.pages


_UNIT = st.text(alphabet="あいうえお漢字学習ねらいABC123（）・", min_size=0, max_size=39).flatmap(
    lambda t: st.integers(0, len(t)).map(lambda i: t[:i] + "\n" + t[i:] if t else t)
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(_UNIT, min_size=36, max_size=36))
def test_any_allowed_unit_is_printed_whole_or_refused_at_its_cell(units: list[str]) -> None:
    data = fresh_sample(FORM)
    del data["cumulative_before"], data["annual_plan"], data["plan_to_date"]
    data["days"].append({"periods": []})
    for d in range(6):
        data["days"][d]["periods"] = [{"subject": "総合的な学習の時間", "unit": units[d * 6 + p]} for p in range(6)]
    try:
        doc = page_model(FORM, data)
    except FormDataError as e:  # never cut: the cell that cannot hold its text is named
        assert all(re.fullmatch(r"days\[[0-5]\]\.periods\[[0-5]\]", x.path) for x in e.errors), e.errors
        return
    for d in range(6):
        for p in range(6):
            expected = "総合的な学習の時間" + units[d * 6 + p].strip()
            printed = _texts(doc, f"days[{d}].periods[{p}]")
            assert printed.replace("\n", "") == expected.replace("\n", "")
    assert _texts(doc, "hours_rows[0].week") == "36"


def test_same_input_same_bytes() -> None:
    assert uf.render_pdf(FORM, fresh_sample(FORM)) == uf.render_pdf(FORM, fresh_sample(FORM))
    assert uf.render_xlsx(FORM, fresh_sample(FORM)) == uf.render_xlsx(FORM, fresh_sample(FORM))


# --- issue 13: 標準（計画）時数 and 過不足, 準備物・評価, 日課・下校, 管理職コメント -----------------


def _hours_table(text: str) -> dict[str, list[str]]:
    """教科等 → [今週, 累計, 年間計画, 計画累計, 過不足] as printed (pdftotext -layout)."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = re.search(r"(\S+)\s+(\d+(?:\.5)?)\s+(\d+(?:\.5)?)\s+(\d+)\s+(\d+(?:\.5)?)\s+([+−±][\d.]+)\s*$", line)
        if m:
            rows[m.group(1)] = list(m.groups()[1:])
    return rows


def test_plan_columns_and_the_difference_re_add(text: str) -> None:
    data = fresh_sample(FORM)
    table = _hours_table(text)
    week = weekly_hours(WeeklyPlanInput.model_validate(data))
    assert set(table) == {*data["annual_plan"], "計"}
    for name, (this_week, total, annual, planned, diff) in table.items():
        if name == "計":
            continue
        assert float(this_week) == week.get(name, 0)
        assert float(total) == data["cumulative_before"][name] + week.get(name, 0)
        assert (int(annual), float(planned)) == (data["annual_plan"][name], data["plan_to_date"][name])
        assert float(diff.replace("−", "-").replace("±", "")) == float(total) - float(planned)
    total_row = table["計"]
    for column in range(4):
        assert float(total_row[column]) == sum(float(r[column]) for n, r in table.items() if n != "計")
    assert float(total_row[4].replace("−", "-").replace("±", "")) == float(total_row[1]) - float(total_row[3])
    assert "過不足＝累計−計画累計" in re.sub(r"\s+", "", text)
    assert int(total_row[2]) == 980 + data["annual_plan"]["学校行事"]  # 別表第一 3年 標準 980 + 学校行事


def test_total_difference_is_left_blank_when_a_subject_has_no_plan() -> None:
    data = fresh_sample(FORM)
    del data["plan_to_date"]["学校行事"]
    doc = page_model(FORM, data)
    last = len(data["annual_plan"])  # the 計 row
    totals = {t.text for p in doc.pages for t in p.texts if t.field and t.field.startswith(f"hours_rows[{last}].")}
    assert "計" in totals and not any(x.startswith(("+", "−", "±")) for x in totals)


def test_a_plan_to_date_above_the_year_is_refused() -> None:
    data = fresh_sample(FORM)
    data["plan_to_date"]["国語"] = 246
    with pytest.raises(FormDataError) as info:
        uf.validate(FORM, data)
    assert "plan_to_date.国語" in {e.path for e in info.value.errors}


def test_schedule_per_day_materials_evaluation_and_principal_comment_are_printed() -> None:
    data = fresh_sample(FORM)
    flat = pdf_text(uf.render_pdf(FORM, data))
    assert "日課・下校" in flat
    for day in data["days"]:
        hh, mm = day["dismissal"].split(":")
        assert f"{day['daily_schedule']}{int(hh)}:{mm}下校" in flat
    assert "準：虫めがね・観察カード" in flat and "評：発想や構想（作品）" in flat
    assert "準＝準備物" in flat and "評＝評価" in flat
    assert re.sub(r"\s+", "", data["principal_comment"]) in flat
    del data["principal_comment"]
    labels = {t.text for p in page_model(FORM, data).pages for t in p.texts}
    assert "管理職コメント" in labels  # the box stays for a handwritten comment


def test_the_week_agrees_with_the_june_event_schedule() -> None:
    """samples/README.md: 週案 第10週 and the 行事予定 of June describe the same days."""
    plan, schedule = fresh_sample(FORM), fresh_sample("event_schedule")
    by_date = {d["date"]: d for d in schedule["days"]}
    for i, day in enumerate(plan["days"]):
        date = f"2025-06-{9 + i:02d}"
        entry = by_date[date]
        assert (day["daily_schedule"], day["dismissal"]) == (entry["daily_schedule"], entry["dismissal"]), date
        assert day["event"].replace("・", "、") in "、".join(entry["events"]) or day["event"] in entry["events"], date
    assert "2025-06-02" in schedule["calendar"]["non_school_days"]  # the 振替休業日 is not a lesson day
