"""Every shipped sample is one sample school (samples/README.md; conformance.md 「Samples」).

The samples once contradicted each other (a 振替休業日 that was a lesson day elsewhere, 歯科検診
on three dates, 「２学期も」 on a 前期 card, 4年 教材 on a 3年 card). The data was fixed; these
tests keep it fixed: the same day is the same kind of day and the same event on every form,
cards speak in their own 学期制 and 学年, schools and staff are the README's, and every pupil's
学年 fits the 生年月日.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from formkit import all_samples, fresh_sample, pdf_text

import unified_forms as uf
from unified_forms.attendance.calendar import DayKind, SchoolCalendar
from unified_forms.models.school import SchoolType
from unified_forms.models.school_age import expected_grade

README = Path(__file__).resolve().parents[2] / "samples" / "README.md"
FY = 2025  # 令和7年度: every current-year sample (README)


def _stem_data(stem: str) -> tuple[str, dict[str, Any]]:
    """(form id, a fresh copy of the sample) of a sample stem (``report_card.elementary_2term``)."""
    form_id, _, variant = stem.partition(".")
    return form_id, fresh_sample(form_id, variant or None)


@functools.cache
def _pdf_text(stem: str, *, layout: bool = False) -> str:
    form_id, data = _stem_data(stem)
    pdf = uf.render_pdf(form_id, data)
    return pdf_text(pdf, squeeze=not layout, layout=layout)


def _stems(prefix: str) -> list[str]:
    return [stem for form_id, stem, _ in all_samples() if form_id.startswith(prefix)]


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _person(value: Any) -> str:
    """A name as the samples give it (「原田　敏之」, {"name": {family, given}}, {family, given}), unspaced."""
    if isinstance(value, dict):
        value = value.get("name", value)
        if isinstance(value, dict):
            value = value["family"] + value["given"]
    return re.sub(r"\s+", "", str(value))


# --------------------------------------------------------------------------- the README, parsed


def _full_school(short: str) -> str:
    """「湯田小」 → 「山口市立湯田小学校」 (the README's short names of its four schools)."""
    return f"山口市立{short}学校"


@functools.cache
def _readme() -> str:
    return README.read_text(encoding="utf-8")


@functools.cache
def _sections() -> dict[str, str]:
    parts = re.split(r"^## ", _readme(), flags=re.M)
    return {p.split("\n", 1)[0].strip(): p.split("\n", 1)[1] for p in parts[1:]}


@functools.cache
def readme_schools() -> dict[str, dict[str, Any]]:
    """School full name → code, 校長, {class label: 担任} (README's school sections and 通知表 table)."""
    schools: dict[str, dict[str, Any]] = {}
    for title, body in _sections().items():
        m = re.match(r"(山口市立\S+学校) \(", title)
        if m:
            code = re.search(r"学校コード `(\w+)`", body)
            principal = re.search(r"校長 (\S+ \S+?)[,、\n]", body)
            assert code and principal, title
            teachers: dict[str, str] = {}
            line = re.search(r"学級担任 \(令和7年度\): (.*?)(?=\n- |\Z)", body, flags=re.S)
            assert line, title
            for cls, name in re.findall(r"(\d年\d組|\S+学級) (?:\([^)]*\) )?(\S+ \S+?)(?=,|\s*$)", line.group(1)):
                teachers[cls] = name.replace(" ", "")
            schools[m.group(1)] = {
                "code": code.group(1),
                "principal": principal.group(1).replace(" ", ""),
                "teachers": teachers,
            }
    for short, code, principal in re.findall(r"(大内[小中]) `(\w+)` 校長 (\S+ \S+?)[,;、]", _readme()):
        schools[_full_school(short)] = {"code": code, "principal": principal.replace(" ", ""), "teachers": {}}
    for row in report_card_table().values():
        schools[row["school"]]["teachers"].setdefault(row["class"], row["teacher"])
    return schools


@functools.cache
def report_card_table() -> dict[str, dict[str, Any]]:
    """README 「通知表 samples」: sample stem → school, class, 担任, 交流学級, pupil number, name, 学年."""
    rows: dict[str, dict[str, Any]] = {}
    body = _sections()["通知表 samples (令和7年度)"]
    for stem, who, pupil in re.findall(r"^\| (report_card\S*) \| ([^|]+) \| ([^|]+) \|", body, flags=re.M):
        m = re.fullmatch(r"(\S+) (\S+) (\S+ \S+)(?: \(交流 (\S+)\))?", who.strip())
        p = re.fullmatch(r"(\d+) (\S+ \S+)(?: \((\d)年\))?", pupil.strip())
        assert m and p, (stem, who, pupil)
        rows[stem] = {
            "school": _full_school(m.group(1)),
            "class": m.group(2),
            "teacher": m.group(3).replace(" ", ""),
            "exchange": m.group(4),
            "number": int(p.group(1)),
            "pupil": p.group(2).replace(" ", ""),
            "grade": int(p.group(3)) if p.group(3) else int(m.group(2)[0]),
        }
    return rows


@functools.cache
def readme_attendance_periods() -> dict[str, list[tuple[date, date, int]]]:
    """README 「出欠 集計期間」: 湯田 / 大内 → (first day, last day, 授業日) per term."""
    line = re.search(r"出欠 集計期間: (.*?)\n\n", _readme(), flags=re.S)
    assert line
    out: dict[str, list[tuple[date, date, int]]] = {}
    for school, terms in re.findall(r"(湯田|大内) (.*?)(?=;|$)", line.group(1).replace("\n", " ")):
        for m1, d1, m2, d2, days in re.findall(r"(\d+)/(\d+)〜(\d+)/(\d+) \((\d+)", terms):
            start = date(FY if int(m1) >= 4 else FY + 1, int(m1), int(d1))
            end = date(FY if int(m2) >= 4 else FY + 1, int(m2), int(d2))
            out.setdefault(school, []).append((start, end, int(days)))
    return out


def test_the_readme_parses_into_the_schools_it_describes() -> None:
    """The parsers above read what README says (so the tests below compare with the README, not with nothing)."""
    s = readme_schools()
    assert set(s) == {"山口市立湯田小学校", "山口市立湯田中学校", "山口市立大内小学校", "山口市立大内中学校"}
    assert s["山口市立湯田小学校"]["principal"] == "國本正和" and s["山口市立湯田中学校"]["principal"] == "原田敏之"
    assert s["山口市立湯田小学校"]["teachers"]["3年1組"] == "山本由美"
    assert s["山口市立湯田小学校"]["teachers"]["あおぞら学級"] == "伊藤亮"
    assert s["山口市立湯田中学校"]["teachers"]["3年2組"] == "福田咲"
    assert s["山口市立大内小学校"] == {
        "code": "B135210001240",
        "principal": "末永恵",
        "teachers": {"3年2組": "西山直子"},
    }
    assert set(report_card_table()) == set(_stems("report_card"))
    assert [n for _, _, n in readme_attendance_periods()["湯田"]] == [72, 78, 50]
    assert [n for _, _, n in readme_attendance_periods()["大内"]] == [100, 100]


# --------------------------------------------------------------------------- calendars


@functools.cache
def school_calendar(school: str) -> SchoolCalendar:
    """The 年度 calendar of a README school.

    湯田小: the 行事予定's. 湯田中: 湯田小's without the 5/31 土曜授業 and the 6/2 振替休業日 (README).
    大内: README's 前期 4/7–10/10 and 後期 10/14–3/24 with 秋季休業 10/11–10/13, otherwise as 湯田
    (no sample carries a 大内 calendar, so the 2学期制 cards are checked against this one).
    """
    base = fresh_sample("event_schedule")["calendar"]
    if school == "山口市立湯田小学校":
        return SchoolCalendar.parse(base)
    if school == "山口市立湯田中学校":
        return SchoolCalendar.parse({**base, "extra_lesson_days": [], "non_school_days": []})
    autumn = {"start": f"{FY}-10-11", "end": f"{FY}-10-13", "name": "秋季休業"}
    terms = [
        {"name": "前期", "start": f"{FY}-04-01", "end": f"{FY}-10-13"},
        {"name": "後期", "start": f"{FY}-10-14", "end": f"{FY + 1}-03-31"},
    ]
    return SchoolCalendar.parse(
        {**base, "term_system": "2学期制", "terms": terms, "vacations": [*base["vacations"], autumn]}
    )


def _year_days() -> list[date]:
    cal = school_calendar("山口市立湯田小学校")
    return [date.fromordinal(n) for n in range(cal.year_start.toordinal(), cal.year_end.toordinal() + 1)]


CLASS_CLOSURES = {("3-1", date(FY + 1, 1, 27)), ("3-1", date(FY + 1, 1, 28))}  # README: 3年1組 1/27–1/28 only


def _calendars() -> list[tuple[str, str, str, SchoolCalendar]]:
    """(sample, school, class id, its calendar) of every sample that carries a 年度 calendar."""
    out = []
    for _, stem, _ in all_samples():
        data = _stem_data(stem)[1]
        cal = data.get("calendar") or _get(data, ("attendance", "calendar"))
        if cal is None:
            continue
        cls = data.get("class_id") or _get(data, ("attendance", "class_id")) or "0-0"
        out.append((stem, data["school"]["name"], cls, SchoolCalendar.parse(cal)))
    return out


def test_every_calendar_is_its_schools_calendar_day_by_day() -> None:
    """振替休業日, holidays, vacations and 授業日: the same kind of day on the 行事予定 (月間・年間), the
    出席簿 (both papers) and the 通知表 with daily records; 学級閉鎖 only where README has one."""
    seen = set()
    for stem, school, cls, cal in _calendars():
        ref = school_calendar(school)
        for d in _year_days():
            mine, want = cal.day_info(d, cls).kind, ref.day_info(d, cls).kind
            if (cls, d) in CLASS_CLOSURES:
                assert (mine, want) == (DayKind.CLASS_CLOSURE, DayKind.LESSON), (stem, d)
            else:
                assert mine == want, (stem, d, mine, want)
        seen.add(stem)
    assert {
        "event_schedule",
        "event_schedule.annual",
        "attendance_register",
        "attendance_register.a4",
        "report_card.elementary_3term_a4",
        "report_card.junior_high_3term",
    } <= seen


def test_the_school_calendar_is_the_readmes() -> None:
    """The reference itself: 6/2 a 休業日, 5/31 a 授業日 at 湯田小 and neither at 湯田中, 20 授業日 in June."""
    sho, chu = school_calendar("山口市立湯田小学校"), school_calendar("山口市立湯田中学校")
    assert sho.day_info(date(FY, 6, 2), "3-1").kind is DayKind.NON_SCHOOL
    assert sho.is_lesson_day(date(FY, 5, 31), "3-1") and not chu.is_lesson_day(date(FY, 5, 31), "2-1")
    assert chu.is_lesson_day(date(FY, 6, 2), "2-1")
    assert len(sho.lesson_days("3-1", date(FY, 6, 1), date(FY, 6, 30))) == 20
    assert len(sho.lesson_days("3-1", date(FY, 4, 1), date(FY, 5, 31))) == 38  # README: 4/1–5/31 has 38


@pytest.mark.parametrize("stem", ["event_schedule", "event_schedule.annual"])
def test_the_event_schedule_days_are_the_calendars_kinds_of_day(stem: str) -> None:
    """A day with a 日課 is a 授業日; a 振替休業日 or 休業 is not; 運動会 (土) is the extra 授業日."""
    cal = school_calendar("山口市立湯田小学校")
    days = {_d(day["date"]): day for day in _stem_data(stem)[1]["days"]}
    for d, day in days.items():
        text = "".join(day["events"])
        if "休業" in text:
            assert not cal.is_lesson_day(d, "3-1"), d
        else:
            assert cal.is_lesson_day(d, "3-1"), (d, text)
    if stem == "event_schedule":  # the month lists every 授業日 with its 日課
        june = {d for d, day in days.items() if day.get("daily_schedule")}
        assert june == set(cal.lesson_days("3-1", date(FY, 6, 1), date(FY, 6, 30)))


def test_the_attendance_registers_june_is_the_event_schedules() -> None:
    """The printed 出席簿 of June: as many 授業日 as the 月間 行事予定 has days with a 日課 (20), 6/2
    printed as a 休業日, no 臨時休業."""
    data, schedule = fresh_sample("attendance_register"), fresh_sample("event_schedule")
    assert data["month"] == schedule["month"] == 6 and not data["calendar"].get("school_closures")
    lesson_days = [day for day in schedule["days"] if day.get("daily_schedule")]
    text = re.sub(r"\s+", "", _pdf_text("attendance_register", layout=True))  # the header line as laid out
    assert f"当月授業日数{len(lesson_days)}日" in text and len(lesson_days) == 20
    assert "6月2日休業日" in text and "臨時休業" not in text


@pytest.mark.parametrize("stem", _stems("report_card"))
def test_the_cards_attendance_periods_and_lesson_days_are_the_schools(stem: str) -> None:
    """Each term's 出欠 集計期間 and 授業日数 on a 通知表 are README's and its school's calendar's."""
    _, data = _stem_data(stem)
    school = data["school"]["name"]
    terms = readme_attendance_periods()["大内" if "大内" in school else "湯田"]
    cal = school_calendar(school)
    cls = f"{data['homeroom']['grade']}-{data['homeroom']['kumi']}"
    if isinstance(data["attendance"], dict):  # daily records: the periods come from its own (checked) calendar
        own = SchoolCalendar.parse(data["attendance"]["calendar"])
        for start, end, days in terms:
            assert len(own.lesson_days(cls, start, end)) == days, (start, end)
        return
    periods = [(_d(p["start"]), _d(p["end"])) for p in data["attendance_periods"]]
    assert periods == [(s, e) for s, e, _ in terms][: len(periods)]
    for (start, end, days), row in zip(terms, data["attendance"], strict=False):
        assert row["lesson_days"] == days == len(cal.lesson_days(cls, start, end)), (stem, start)


def test_the_junior_high_counts_are_the_calendars() -> None:
    """湯田中 2年1組 (成績一覧表・個表) and the 調査書's 3年 count the 湯田中 授業日."""
    cal = school_calendar("山口市立湯田中学校")
    terms = readme_attendance_periods()["湯田"]
    per_term = [len(cal.lesson_days("2-1", s, e)) for s, e, _ in terms]
    grade_list = fresh_sample("grade_list")
    term = int(grade_list["term"][0]) - 1
    assert {s["attendance"]["lesson_days"] for s in grade_list["students"]} == {per_term[term]}
    sheet = fresh_sample("grade_sheet")
    assert [a["lesson_days"] for a in sheet["attendance"] if a] == per_term[
        : len([a for a in sheet["attendance"] if a])
    ]
    # 調査書 (made 12/18): 3年 counts the 1学期 and 2学期 of 令和7年度
    third = fresh_sample("transcript")["years"][-1]
    assert third["grade"] == 3 and third["attendance"]["lesson_days"] == per_term[0] + per_term[1]


# --------------------------------------------------------------------------- health check days

HEALTH_EVENTS = {  # event name on the 行事予定 → where a 令和7年度 health record keeps its date
    "身体測定": ("general", "measured_on"),
    "聴力検査": ("general", "hearing", "date"),
    "歯科検診": ("dental", "dentist", "date"),
    "内科検診": ("general", "doctor", "date"),
    "視力検査": ("general", "vision", "date"),
    "尿検査（一次）": ("general", "urine", "first", "date"),
    "尿検査（二次）": ("general", "urine", "second", "date"),
    "心臓検診": ("general", "heart", "ecg", "date"),
}
TRANSFERRED = (3, "1", 32)  # 吉村 結月, 転入 6/12: her 健康診断 is 大歳小's (README), not 湯田小's days


def _health_records() -> list[tuple[str, dict[str, Any]]]:
    """(sample, record) of every 湯田小 令和7年度 health record on every health sample."""
    out: list[tuple[str, dict[str, Any]]] = []
    for stem in ["dental_health_survey", "school_health_statistics"]:
        out += [(stem, r) for r in fresh_sample(stem)["records"]]
    for stem in ["health_checkup_general", "health_checkup_dental"]:
        out += [(stem, y) for y in fresh_sample(stem)["years"] if y["fiscal_year"] == FY]
    for stem in _stems("treatment_recommendation"):
        out.append((stem, _stem_data(stem)[1]["record"]))
    return [(s, r) for s, r in out if (r["grade"], r["kumi"], r["number"]) != TRANSFERRED]


def _health_dates() -> dict[str, set[date]]:
    dates: dict[str, set[date]] = {}
    for _, record in _health_records():
        for event, path in HEALTH_EVENTS.items():
            value = _get(record, path)
            if value is not None:
                dates.setdefault(event, set()).add(_d(value))
    return dates


def _scheduled(stem: str) -> dict[str, set[date]]:
    """Health event → the days the 行事予定 sample lists it on."""
    out: dict[str, set[date]] = {}
    for day in _stem_data(stem)[1]["days"]:
        for text in day["events"]:
            for event in HEALTH_EVENTS:
                if text.startswith(event):
                    out.setdefault(event, set()).add(_d(day["date"]))
    return out


def test_every_health_record_has_one_date_per_examination() -> None:
    """Across every health sample the school examined each item on one day (歯科検診: 6/3, not 6/3, 6/6, 6/10)."""
    dates = _health_dates()
    assert set(dates) == set(HEALTH_EVENTS)
    assert {e: len(d) for e, d in dates.items()} == dict.fromkeys(HEALTH_EVENTS, 1)
    assert dates["歯科検診"] == {date(FY, 6, 3)}
    assert len({s for s, _ in _health_records()}) == 2 + 2 + len(_stems("treatment_recommendation"))


@pytest.mark.parametrize("stem", ["event_schedule", "event_schedule.annual"])
def test_the_event_schedule_names_the_health_records_days(stem: str) -> None:
    """A 健康診断 item on the 行事予定 is on the day the health records say, and (月間) every record's
    day in that month is on the 行事予定 as that item."""
    scheduled, recorded = _scheduled(stem), _health_dates()
    assert {"歯科検診", "内科検診", "視力検査", "尿検査（一次）", "尿検査（二次）"} <= set(scheduled)
    for event, days in scheduled.items():
        assert days == recorded[event], (stem, event)
    month = _stem_data(stem)[1].get("month")
    if month:
        in_month = {e: d for e, ds in recorded.items() for d in ds if d.month == month}
        assert {e: next(iter(ds)) for e, ds in scheduled.items()} == in_month


def test_the_printed_monthly_schedule_has_the_health_days() -> None:
    """The 月間 行事予定 as printed: each row 「日 曜 行事」 of a health item is that item's day."""
    rows: dict[int, str] = {}
    for line in _pdf_text("event_schedule", layout=True).splitlines():
        m = re.match(r"\s*(\d{1,2})\s+[月火水木金土日]\s+(.*)", line)
        if m:
            rows[int(m.group(1))] = m.group(2)
    for event, days in _health_dates().items():
        for d in days:
            if d.month == 6:
                assert event in rows.get(d.day, ""), (event, d)
    assert "歯科検診" in rows[3] and not any("歯科検診" in t for day, t in rows.items() if day != 3)


@pytest.mark.parametrize("stem", _stems("treatment_recommendation"))
def test_each_printed_notice_names_the_day_of_its_examination(stem: str) -> None:
    """「令和7年6月3日に実施した歯科検診の結果」: that day is that examination on the 行事予定 and the records."""
    m = re.search(r"令和7年(\d+)月(\d+)日に実施した(\S+?)の結果", _pdf_text(stem))
    assert m, stem
    day, exam = date(FY, int(m.group(1)), int(m.group(2))), m.group(3)
    events = [e for e in HEALTH_EVENTS if e.startswith(exam)]
    assert events, exam
    held = [e for e in events if _health_dates()[e] == {day}]  # 尿検査: the 二次 (6/25) is the one notified
    assert held, (exam, day)
    annual = _scheduled("event_schedule.annual")
    assert all(annual[e] == {day} for e in held if e in annual)


# --------------------------------------------------------------------------- 通知表: 学期制 and 学年


_N_TERM = re.compile(r"[1-3１-３一二三]学期")
_TWO_TERMS = re.compile(r"[前後]期")


@pytest.mark.parametrize("stem", _stems("report_card"))
def test_a_card_speaks_in_its_own_term_system(stem: str) -> None:
    """A 2学期制 通知表 never prints 「N学期」 (its 所見 say 前期/後期: the 「２学期も」 slip); a 3学期制
    card never prints 前期/後期. Checked on the whole PDF text, 所見 included, and on the 所見 input."""
    _, data = _stem_data(stem)
    text = _pdf_text(stem)
    comments = "".join(data.get("comments", []))
    assert comments and re.sub(r"\s+", "", comments)[:30] in text  # the 所見 are in the text searched
    if data["term_system"] == "two_terms":
        assert not _N_TERM.search(text) and not _N_TERM.search(comments), _N_TERM.findall(text)
        assert "前期" in text and "後期" in text
    else:
        assert data["term_system"] == "three_terms"
        assert not _TWO_TERMS.search(text) and not _TWO_TERMS.search(comments), _TWO_TERMS.findall(text)
        assert "1学期" in text


# 教材 and units of the common textbooks (国語 光村図書, 算数・理科 東京書籍, 社会 the 3年/4年 地域学習,
# 道徳 the usual 教科書) by 小学校 学年. There is no machine-readable list of 教材 per 学年, so this is
# a table of the ones samples name and their best-known neighbours; add a 教材 here when a sample
# names a new one. The review found 「ごんぎつね」, 「わり算の筆算」 and the 浄水場 (4年) on the 3年 card.
TEXTBOOK_GRADE = {
    "「おおきなかぶ」": 1,
    "「くじらぐも」": 1,
    "「スイミー」": 2,
    "「お手紙」": 2,
    "「スーホの白い馬」": 2,
    "「まいごのかぎ」": 3,
    "「ちいちゃんのかげおくり」": 3,
    "「三年とうげ」": 3,
    "「モチモチの木」": 3,
    "「すがたをかえる大豆」": 3,
    "「こまを楽しむ」": 3,
    "「わり算」": 3,
    "「あまりのあるわり算」": 3,
    "「かけ算の筆算」": 3,
    "「まどガラスと魚」": 3,
    "「チョウを育てよう」": 3,
    "スーパーマーケット": 3,
    "「白いぼうし」": 4,
    "「一つの花」": 4,
    "「ごんぎつね」": 4,
    "「プラタナスの木」": 4,
    "「わり算の筆算」": 4,
    "「もののあたたまり方」": 4,
    "「ブラッドレーのせいきゅう書」": 4,
    "浄水場": 4,
    "「大造じいさんとガン」": 5,
    "「やまなし」": 6,
    "「海の命」": 6,
}


def _card_grade(stem: str, data: dict[str, Any]) -> int:
    """The 学年 of a card's pupil (特別支援学級: README's 学年, the one of the 交流学級)."""
    grade = data["homeroom"]["grade"]
    return int(grade) if str(grade).isdigit() else report_card_table()[stem]["grade"]


_ELEMENTARY_CARDS = [s for s in _stems("report_card") if _stem_data(s)[1]["homeroom"]["school_type"] == "elementary"]


@pytest.mark.parametrize("stem", [*_ELEMENTARY_CARDS, "weekly_plan"])
def test_the_texts_name_only_their_own_grades_materials(stem: str) -> None:
    """No 教材 of another 学年 is printed on a 小学校 通知表 (or the 3年 週案)."""
    _, data = _stem_data(stem)
    grade = data["homeroom"]["grade"] if stem == "weekly_plan" else _card_grade(stem, data)
    text = _pdf_text(stem)
    named = {m: g for m, g in TEXTBOOK_GRADE.items() if m in text}
    assert {m: g for m, g in named.items() if g != grade} == {}, (stem, grade)


def test_the_third_grade_card_has_third_grade_materials() -> None:
    """The 大内小 3年 card (the one that had 4年 教材) names its 3年 ones and none of the 4年 ones."""
    text = _pdf_text("report_card.elementary_2term")
    for material in ["「ちいちゃんのかげおくり」", "「まどガラスと魚」", "「わり算」", "スーパーマーケット"]:
        assert material in text
    for material in ["「ごんぎつね」", "「わり算の筆算」", "浄水場"]:
        assert material not in text
    fourth = _pdf_text("report_card")
    assert "「ごんぎつね」" in fourth and "「わり算の筆算」" in fourth  # the 4年 card keeps them


# --------------------------------------------------------------------------- schools and staff


@pytest.mark.parametrize("stem", _stems("report_card"))
def test_each_card_is_the_readme_row_of_its_school_class_and_pupil(stem: str) -> None:
    """School, code, 校長, class, 担任, 交流学級 and pupil as README's 通知表 table and staff lists, printed."""
    _, data = _stem_data(stem)
    row, school = report_card_table()[stem], readme_schools()[report_card_table()[stem]["school"]]
    assert data["school"]["name"] == row["school"] and data["school"]["code"] == school["code"]
    assert _person(data["school"]["principal"]) == school["principal"]
    grade, kumi = data["homeroom"]["grade"], data["homeroom"]["kumi"]
    assert row["class"] in (f"{grade}年{kumi}組", f"{kumi}学級")
    assert _person(data["teacher"]) == row["teacher"] == school["teachers"][row["class"]]
    if row["exchange"]:
        assert data["exchange_class"] == row["exchange"]
    assert (data["student"]["number"], _person(data["student"])) == (row["number"], row["pupil"])
    text = _pdf_text(stem)
    for printed in (row["school"], school["principal"], row["teacher"], row["pupil"]):
        assert printed in text, printed


def test_the_transcript_is_yuda_junior_highs_with_its_third_year_teacher() -> None:
    """調査書: 湯田中, its 校長, and the 記載者 one of the 3年 担任 of README (3年2組 福田 咲)."""
    data = fresh_sample("transcript")
    school = readme_schools()[data["school"]["name"]]
    assert data["school"]["code"] == school["code"] and _person(data["school"]["principal"]) == school["principal"]
    third = {cls: t for cls, t in school["teachers"].items() if cls.startswith("3年")}
    assert _person(data["recorder"]) in third.values()
    text = _pdf_text("transcript")
    assert data["school"]["name"] in text and school["principal"] in text and _person(data["recorder"]) in text


CURRENT_YEAR_SAMPLES = [s for f, s, _ in all_samples() if not f.startswith("guidance_record")]


@pytest.mark.parametrize("stem", CURRENT_YEAR_SAMPLES)
def test_every_current_year_sample_has_the_readme_school_principal_and_teacher(stem: str) -> None:
    """Every 令和7年度 sample's school is a README school with its code and 校長; a class's 担任 is README's."""
    _, data = _stem_data(stem)
    school = readme_schools()[data["school"]["name"]]
    assert data["school"]["code"] == school["code"]
    if "principal" in data["school"]:
        assert _person(data["school"]["principal"]) == school["principal"]
    homeroom, teacher = data.get("homeroom"), data.get("teacher")
    if homeroom and teacher:
        kumi = homeroom["kumi"]
        cls = f"{homeroom['grade']}年{kumi}組" if str(kumi).isdigit() else f"{kumi}学級"
        assert _person(teacher) == school["teachers"][cls], (stem, cls)


# --------------------------------------------------------------------------- 学年 and 生年月日


def _pupils_with_birth_dates() -> list[tuple[str, date, int, int, SchoolType, bool]]:
    """(where, 生年月日, 学年, 年度, 小/中, exempt) of every pupil-year that has both, on every sample."""
    out: list[tuple[str, date, int, int, SchoolType, bool]] = []
    for form_id, stem, _ in all_samples():
        data = _stem_data(stem)[1]
        kind = data.get("school_type") or _get(data, ("homeroom", "school_type"))
        if form_id.startswith(("guidance_record_junior_high", "transcript")):
            kind = "junior_high"
        elif form_id.startswith("guidance_record_elementary"):
            kind = "elementary"
        stype = SchoolType(kind) if kind else None
        student = data.get("student") or {}
        exempt_all = bool(data.get("off_age_reason") or student.get("off_age_reason"))
        if form_id == "roster":
            for s in data["students"]:
                out.append(
                    (
                        f"{stem}:{s['number']}",
                        _d(s["birth_date"]),
                        data["homeroom"]["grade"],
                        data["fiscal_year"],
                        stype,
                        bool(s.get("off_age_reason")),
                    )
                )
        elif form_id in ("dental_health_survey", "school_health_statistics"):
            for r in data["records"]:
                out.append(
                    (
                        f"{stem}:{r['grade']}-{r['kumi']}-{r['number']}",
                        _d(r["student"]["birth_date"]),
                        r["grade"],
                        r["fiscal_year"],
                        stype,
                        bool(r.get("off_age_reason")),
                    )
                )
        elif "birth_date" in student and "years" in data:
            if form_id == "transcript":  # 卒業見込 in March of 年度+1: the last year is 3年 of that 年度
                last = _d(data["graduation"]).year - 1
                years = [(y["grade"], last - (len(data["years"]) - i - 1)) for i, y in enumerate(data["years"])]
            else:
                years = [(y["grade"], y["fiscal_year"]) for y in data["years"]]
            for grade, fy in years:
                out.append((f"{stem}:{fy}", _d(student["birth_date"]), grade, fy, stype, exempt_all))
        elif "birth_date" in data:
            out.append(
                (stem, _d(data["birth_date"]), data["homeroom"]["grade"], data["fiscal_year"], stype, exempt_all)
            )
        for key in ("admission", "transfer_in"):
            entry = data.get(key)
            if entry and "birth_date" in student and "date" in entry:
                d = _d(entry["date"])
                fy = d.year if d.month >= 4 else d.year - 1
                out.append((f"{stem}:{key}", _d(student["birth_date"]), entry["grade"], fy, stype, exempt_all))
    return out


def test_every_pupils_grade_fits_the_birth_date() -> None:
    """学年 = the 学年 of the 生年月日 in that 年度 (school_age.expected_grade), unless off_age_reason says why."""
    pupils = _pupils_with_birth_dates()
    wrong = [
        (where, birth, grade, fy)
        for where, birth, grade, fy, stype, exempt in pupils
        if not exempt and expected_grade(birth, fy, stype) != grade
    ]
    assert wrong == []
    forms = {where.split(":")[0].split(".")[0] for where, *_ in pupils}
    assert {
        "roster",
        "dental_health_survey",
        "school_health_statistics",
        "health_checkup_general",
        "health_checkup_dental",
        "individual_support_plan",
        "transcript",
    } <= forms
    assert {f for f in forms if f.startswith("guidance_record")} == {
        f for f, _, _ in all_samples() if f.startswith("guidance_record")
    }
    assert len(pupils) > 190


def test_a_pupil_on_the_readme_class_list_is_the_same_everywhere() -> None:
    """README's 3年1組 table (番号, 氏名, 生年月日) is the 名簿's (the health records follow the 名簿, elsewhere)."""
    table = re.findall(r"^\| (\d+) \| (\S+)　(\S+) \| [^|]+ \| [男女] \| (\d{4}-\d{2}-\d{2}) \|", _readme(), flags=re.M)
    assert len(table) == 32
    roster = {s["number"]: s for s in fresh_sample("roster")["students"]}
    for number, family, given, birth in table:
        s = roster[int(number)]
        assert (s["name"]["family"], s["name"]["given"], s["birth_date"]) == (family, given, birth)


def test_the_transfer_out_dates_are_the_readmes() -> None:
    """中3 わかば学級 ファン ティ タン フオン: left 11/14, accepted by 観音中 11/17 (a Monday), 写し 11/20.

    The 指導要録's main entry is the day BEFORE the receiving school accepted the pupil (別紙1:
    「転学先の学校が受け入れた日の前日」), so the sample's ``accepted_date`` is 11/16 (a Sunday: the
    day before is whatever day it is), with the day she left in brackets."""
    line = re.search(r"left 令和7年(\d+)月(\d+)日, accepted there\s+(\d+)月(\d+)日", _readme())
    assert line
    left, accepted = date(FY, int(line[1]), int(line[2])), date(FY, int(line[3]), int(line[4]))
    assert accepted.weekday() < 5  # a school accepts a pupil on a school day
    leaving = fresh_sample("guidance_record_junior_high_special_non_intellectual")["leaving"]
    assert (_d(leaving["left_date"]), _d(leaving["accepted_date"])) == (left, accepted - timedelta(days=1))
