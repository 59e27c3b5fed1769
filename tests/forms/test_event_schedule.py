"""行事予定 (月間) end to end: the sample prints one A4 page with every event, 曜日 and the
授業日数 counted by the school calendar; days that are not 授業日 are shaded and holidays
named; bad dates and text that cannot fit are FormDataErrors at their data paths."""

from __future__ import annotations

import calendar as stdcal
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from formkit import error_messages, fresh_sample, pdf_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.attendance import SchoolCalendar
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.layout.page import Page
from unified_forms.registry import get

FORM = "event_schedule"
SHADE = 0.86
TOP, ROW = 44.0, 7.0  # first day row and row pitch of the shipped layout


def _page(data: dict[str, Any]) -> Page:
    (page,) = api.compile_form(FORM, data).document.pages
    return page


def _shaded_days(page: Page) -> set[int]:
    return {round((f.rect.y - TOP) / ROW) + 1 for f in page.fills if f.gray == SHADE and f.rect.w == 180}


def _by_field(page: Page) -> dict[str, str]:
    return {t.field: t.text for t in page.texts if t.field}


def _lesson_days_box(page: Page) -> str:
    """The value cell right of 「月の授業日数」 in the footer."""
    (box,) = [t for t in page.texts if (t.rect.x, t.rect.y) == (41, 264)]
    return box.text


def _month(data: dict[str, Any], month: int) -> dict[str, Any]:
    data["month"] = month
    data["days"] = []
    data["calendar"]["extra_lesson_days"] = []
    data["calendar"]["non_school_days"] = []
    return data


def test_registered_with_title_and_paper() -> None:
    info = {f.id: f for f in uf.forms()}[FORM]
    assert info.title == "行事予定"
    assert info.paper == "A4 portrait (年間: A3 landscape)"
    assert get(FORM).layout_file().is_file()


def test_sample_is_one_a4_portrait_page_and_deterministic(rendered: tuple[bytes, str]) -> None:
    pdf, _ = rendered
    assert pdf == uf.render_pdf(FORM, fresh_sample(FORM))
    page = _page(fresh_sample(FORM))
    assert (page.width, page.height) == (210, 297)
    assert uf.render_xlsx(FORM, fresh_sample(FORM)) == uf.render_xlsx(FORM, fresh_sample(FORM))


def test_pdf_text_has_header_every_event_and_the_weekdays(rendered: tuple[bytes, str]) -> None:
    _, text = rendered
    for word in ("行事予定", "6月", "令和7年度", "山口市立湯田小学校", "作成日令和7年5月26日", "月の授業日数"):
        assert word in text
    for d in fresh_sample(FORM)["days"]:
        for ev in d["events"]:
            assert re.sub(r"\s+", "", ev) in text
    assert "雨の日の過ごし方を考えよう" in text
    assert "15:40下校" in text and "水曜日課14:50下校" in text
    # 2025-06-01 is a Sunday, 06-30 a Monday
    assert "1日2月" in text and "30月" in text


def test_lesson_days_are_counted_by_the_school_calendar(rendered: tuple[bytes, str]) -> None:
    _, text = rendered
    cal = SchoolCalendar.parse(fresh_sample(FORM)["calendar"])
    counted = len(cal.lesson_days("any-class", date(2025, 6, 1), date(2025, 6, 30)))
    # 21 weekdays − 振替休業日 6/2 (of the 5/31 運動会): samples/README.md
    assert counted == 20
    # static labels come first in the text stream; the count follows the last 行事 row
    assert f"{counted}日雨の日の過ごし方" in text
    assert _lesson_days_box(_page(fresh_sample(FORM))) == f"{counted}日"


def test_weekends_and_days_off_are_shaded_the_saturday_lesson_day_is_not() -> None:
    shaded = _shaded_days(_page(fresh_sample(FORM)))
    assert shaded == {1, 2, 7, 8, 14, 15, 21, 22, 28, 29}
    data = _month(fresh_sample(FORM), 5)
    data["calendar"]["extra_lesson_days"] = ["2025-05-31"]  # 運動会 (土)
    assert 31 not in _shaded_days(_page(data)) and 24 in _shaded_days(_page(data))


def test_national_holidays_are_named_and_shaded(tmp_path: Path) -> None:
    data = _month(fresh_sample(FORM), 5)
    data["days"] = [{"date": "2025-05-02", "events": ["遠足（1・2年）"]}]
    page = _page(data)
    assert {3, 4, 5, 6} <= _shaded_days(page)
    text = pdf_text(uf.render_pdf(FORM, data))
    for name in ("【憲法記念日】", "【みどりの日】", "【こどもの日】", "【みどりの日振替休日】"):
        assert name in text
    assert "遠足（1・2年）" in text
    # May 2025: 22 weekdays, 3 of them holidays (5/5, 5/6 …); the footer says what the calendar counts
    cal = SchoolCalendar.parse(data["calendar"])
    assert _lesson_days_box(page) == f"{len(cal.lesson_days('x', date(2025, 5, 1), date(2025, 5, 31)))}日"


def test_vacation_days_carry_the_vacation_name_and_holidays_inside_keep_theirs() -> None:
    data = _month(fresh_sample(FORM), 8)
    page = _page(data)
    assert _shaded_days(page) == set(range(1, 32))
    texts = [t.text for t in page.texts]
    assert texts.count("【夏季休業】") == 30 and texts.count("【山の日】") == 1  # 8/11 is 山の日
    assert _lesson_days_box(page) == "0日"
    text = pdf_text(uf.render_pdf(FORM, _month(fresh_sample(FORM), 7)))
    assert "【海の日】" in text and "【夏季休業】" in text  # 7/21 inside 夏季休業 (7/19–8/31)


@pytest.mark.parametrize(("month", "missing"), [(6, 1), (7, 0), (2, 3)])
def test_rows_past_the_month_end_are_struck(month: int, missing: int) -> None:
    data = _month(fresh_sample(FORM), month)
    page = _page(data)
    diagonals = [r for r in page.rules if r.x1 == 15 and r.x2 == 195 and r.y1 != r.y2]
    assert len(diagonals) == missing
    year = 2026 if month <= 3 else 2025
    days = stdcal.monthrange(year, month)[1]
    assert [t.text for t in page.texts if t.text == str(days)]


def test_schedule_column_only_when_some_day_gives_one(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    for d in data["days"]:
        d.pop("daily_schedule", None)
        d.pop("dismissal", None)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "日課・下校" not in text
    assert "プール開き（3校時）" in text


def test_long_events_shrink_and_print_in_full(tmp_path: Path) -> None:
    data = fresh_sample(FORM)
    long = ["第1回 学校運営協議会（会議室 15時30分から 地域の皆様）"[:40], "6年 修学旅行説明会（保護者対象・体育館）"]
    data["days"][0]["events"] = long
    page = _page(data)
    box = next(t for t in page.texts if t.field == "days[0].events")
    assert box.text == "　".join(long)
    assert box.size < 9.5 or len(box.lines) > 1
    text = pdf_text(uf.render_pdf(FORM, data))
    for ev in long:
        assert re.sub(r"\s+", "", ev) in text


def test_events_that_cannot_fit_are_an_error_at_their_path() -> None:
    data = fresh_sample(FORM)
    data["days"][2]["events"] = ["運動会の全体練習と係活動の打合せ（体育館・運動場）" * 1] * 6
    with pytest.raises(FormDataError) as info:
        uf.render_pdf(FORM, data)
    assert info.value.errors[0].path == "days[2].events"


def test_bad_dates_and_times_are_reported_at_their_paths() -> None:
    data = fresh_sample(FORM)
    data["days"][0]["date"] = "2025-07-01"
    data["days"][2]["date"] = data["days"][1]["date"]
    errs = error_messages(FORM, data)
    assert "2025年6月の日付ではありません" in errs["days[0].date"]
    assert "二度" in errs["days[2].date"]
    data = fresh_sample(FORM)
    data["days"][3]["dismissal"] = "25:00"
    data["days"][4]["events"] = [""]
    errs = error_messages(FORM, data)
    assert set(errs) == {"days[3].dismissal", "days[4].events[0]"}


def test_calendar_year_and_inner_calendar_errors_keep_their_paths() -> None:
    data = fresh_sample(FORM)
    data["calendar"]["fiscal_year"] = 2024
    for t in data["calendar"]["terms"]:
        t["start"] = t["start"].replace("2025", "2024").replace("2026", "2025")
        t["end"] = t["end"].replace("2025", "2024").replace("2026", "2025")
    data["calendar"]["vacations"] = []
    data["calendar"]["extra_lesson_days"] = []
    data["calendar"]["non_school_days"] = []
    assert "calendar.fiscal_year" in error_messages(FORM, data)
    data = fresh_sample(FORM)
    data["calendar"]["vacations"][0]["end"] = "2025-03-01"
    assert any(p.startswith("calendar.vacations[0]") for p in error_messages(FORM, data))


def test_text_is_printed_exactly_without_normalisation() -> None:
    data = fresh_sample(FORM)
    data["school"]["name"] = "山口市立\ufa11山小学校"
    data["days"][0]["events"] = ["葛\U000e0102城先生 着任式"]
    fields = _by_field(_page(data))
    assert fields["school.name"] == "山口市立\ufa11山小学校"
    assert fields["days[0].events"] == "葛\U000e0102城先生 着任式"


def test_a_layout_without_a_notes_box_refuses_given_notes(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    lines = get(FORM).layout_file().read_text(encoding="utf-8").splitlines()
    own.write_text("\n".join(ln for ln in lines if "slot: notes" not in ln) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(FORM, fresh_sample(FORM), layout=own)
    assert info.value.paths[0] == "notes"
    data = fresh_sample(FORM)
    del data["notes"]
    api.compile_form(FORM, data, layout=own)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    month=st.sampled_from([4, 5, 6, 7, 9, 10, 11, 12, 1, 2, 3]),
    offs=st.sets(st.integers(0, 30), max_size=5),
)
def test_shading_and_count_agree_with_the_calendar(month: int, offs: set[int]) -> None:
    data = _month(fresh_sample(FORM), month)
    year = 2026 if month <= 3 else 2025
    n = stdcal.monthrange(year, month)[1]
    first = date(year, month, 1)
    data["calendar"]["non_school_days"] = sorted({(first + timedelta(days=o % n)).isoformat() for o in offs})
    cal = SchoolCalendar.parse(data["calendar"])
    lessons = {d.day for d in cal.lesson_days("x", first, date(year, month, n))}
    page = _page(data)
    assert _shaded_days(page) == set(range(1, n + 1)) - lessons
    assert _lesson_days_box(page) == f"{len(lessons)}日"


# ---------------------------------------------------------------------------- 年間 (A3 landscape)


def _annual() -> dict[str, Any]:
    return fresh_sample(FORM, "annual")


def test_annual_is_one_a3_landscape_page_with_every_month_and_event() -> None:
    data = _annual()
    page = _page(data)
    assert (page.width, page.height) == (420, 297)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "年間行事予定" in text and "令和7年4月1日現在" in text
    assert "".join(f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)) in text
    for d in data["days"]:
        for ev in d["events"]:
            assert re.sub(r"\s+", "", ev) in text
    for word in (
        "【憲法記念日】",
        "【春分の日】",
        "【海の日】",
        "【山の日】",
        "【元日】",
        "【夏季休業】",
        "【冬季休業】",
    ):
        assert word in text, word


def test_annual_weekday_has_its_own_column_apart_from_the_event_text() -> None:
    data = _annual()
    page = _page(data)
    fields = _by_field(page)
    assert fields["days[0].events"] == "始業式 着任式"  # 4/7: no 曜日 run into the text
    weekday = [t for t in page.texts if t.text == "月" and t.rect.w == 4.5]
    assert weekday and all(t.size == 7 for t in page.texts if t.rect.w == 4.5 and t.text in "月火水木金土日")
    april_7 = next(t for t in page.texts if t.field == "days[0].events")
    left = [t for t in page.texts if t.rect.w == 4.5 and abs(t.rect.y - april_7.rect.y) < 0.01]
    assert any(t.text == "月" and t.rect.right <= april_7.rect.x + 0.01 for t in left)


def test_annual_holidays_inside_vacations_are_named_and_the_vacation_once_a_month() -> None:
    texts = [t.text for t in _page(_annual()).texts]
    assert texts.count("【夏季休業】") == 2  # 7/19 and 8/1, not every day
    assert texts.count("【冬季休業】") == 2  # 12/25 and 1/2 (1/1 is 元日)
    for name in ("【海の日】", "【山の日】", "【元日】"):
        assert texts.count(name) == 1, name


def test_annual_counts_each_month_and_adds_up_the_year() -> None:
    data = _annual()
    page = _page(data)
    cal = SchoolCalendar.parse(data["calendar"])
    counts = [len(cal.lesson_days("x", *cal.month_period(y, m))) for y, m in cal.months()]
    printed = [t.text for t in page.texts if re.fullmatch(r"\d+日", t.text)]
    assert printed[:12] == [f"{c}日" for c in counts]
    assert printed[12] == f"{sum(counts)}日" == f"{len(cal.lesson_days('x'))}日" == "200日"
    terms = next(t.text for t in page.texts if t.text.startswith("（1学期"))
    per_term = [int(n) for n in re.findall(r"(\d+)日", terms)]
    assert per_term == [72, 78, 50] and sum(per_term) == sum(counts)
    text = pdf_text(uf.render_pdf(FORM, data))
    assert "年間授業日数" in text and "16日200日（1学期72日・2学期78日・3学期50日）" in text
    shaded = {
        (round((f.rect.x - 21) / 32.25) + 1, round((f.rect.y - 41) / 7.3) + 1) for f in page.fills if f.gray == SHADE
    }
    expected = {
        (col, d.day)
        for col, (y, m) in enumerate(cal.months(), start=1)
        for d in (i.date for i in cal.month_days(y, m, "x") if not i.is_lesson_day)
    }
    assert shaded == expected
    assert (2, 31) not in shaded and (3, 2) in shaded  # 5/31 運動会 (土) is a lesson day, 6/2 振替休業日 is not
    # 4/31, 6/31, 9/31, 11/31 and 2/29–31 are struck in both the 曜 and the 行事 column
    slashes = [r for r in page.rules if r.y1 != r.y2 and r.x1 != r.x2]
    assert len(slashes) == 2 * (4 + 3)


def test_annual_has_no_monthly_life_goal_and_checks_its_inputs() -> None:
    text = pdf_text(uf.render_pdf(FORM, _annual()))
    assert "生活目標" not in text
    data = _annual()
    data["life_goal"] = "雨の日の過ごし方を考えよう"
    assert "生活目標" in error_messages(FORM, data)["life_goal"]
    data = _annual()
    data["month"] = 6
    assert "month" in error_messages(FORM, data)
    data = _annual()
    data["days"][0]["date"] = "2026-04-01"
    assert "令和7年度" in error_messages(FORM, data)["days[0].date"]
    data = fresh_sample(FORM)
    del data["month"]
    assert "month" in error_messages(FORM, data)


def test_monthly_and_annual_samples_share_one_calendar() -> None:
    """samples/README.md: one school, one calendar; June's days agree between the two sheets."""
    monthly, annual = fresh_sample(FORM), _annual()
    assert monthly["calendar"] == annual["calendar"]
    june = {d["date"]: d["events"] for d in monthly["days"]}
    for d in annual["days"]:
        if d["date"].startswith("2025-06"):
            assert set(d["events"]) <= {e.split("（")[0] for e in june[d["date"]]} | set(june[d["date"]]), d["date"]


@pytest.mark.parametrize("variant", [None, "annual"])
def test_parents_read_no_text_below_6pt_and_labels_break_only_where_designed(variant: str | None) -> None:
    """The 行事予定 goes home to parents (学校だより): every printed text ≥ 6 pt; a label that takes
    two lines does so at the break the layout or binding put there (授業／日数), never inside a word."""
    doc = api.compile_form(FORM, fresh_sample(FORM, variant)).document
    texts = [t for p in doc.pages for t in p.texts]
    assert min(t.size for t in texts) >= 6
    for t in texts:
        if len(t.lines) > 1 and (t.static or t.field is None or t.field.endswith(".day")):
            assert "\n" in t.text, t.text
