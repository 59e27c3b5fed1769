"""The health samples are one school (samples/README.md): one record per pupil and year, everywhere.

The 健康診断票 pupil's 令和7年度 is her record in the school's file, each 治療勧告書 is printed from
a pupil's record in it, its 3年1組 is the class of the 名簿, and every date is the school's calendar.
"""

from __future__ import annotations

from typing import Any

import pytest
from formkit import fresh_sample

SCHOOL = "dental_health_survey"
CALENDAR = {  # samples/README.md, 「Health examinations」
    ("general", "measured_on"): "2025-04-15",
    ("general", "hearing", "date"): "2025-05-15",
    ("dental", "dentist", "date"): "2025-06-03",
    ("general", "doctor", "date"): "2025-06-05",
    ("general", "vision", "date"): "2025-06-11",
    ("general", "urine", "first", "date"): "2025-06-18",
    ("general", "heart", "ecg", "date"): "2025-06-19",
    ("general", "urine", "second", "date"): "2025-06-25",
}


def _seat(r: dict[str, Any]) -> tuple[int, str, int]:
    return (r["grade"], r["kumi"], r["number"])


def _get(r: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(r, dict) or key not in r:
            return None
        r = r[key]
    return r


@pytest.fixture(scope="module")
def school() -> dict[tuple[int, str, int], dict[str, Any]]:
    return {_seat(r): r for r in fresh_sample(SCHOOL)["records"]}


def test_one_class_per_grade_of_the_school(school: dict[tuple[int, str, int], dict[str, Any]]) -> None:
    classes = sorted({(g, k) for g, k, _ in school})
    assert classes == [(1, "1"), (2, "1"), (3, "1"), (4, "2"), (5, "1"), (6, "1")]


def test_the_cards_last_year_is_the_pupils_record(school: dict[tuple[int, str, int], dict[str, Any]]) -> None:
    card = fresh_sample("health_checkup_general")
    last = card["years"][-1]
    pupil = school[_seat(last)]
    assert pupil["student"] == card["student"]
    assert {k: v for k, v in pupil.items() if k != "student"} == last


@pytest.mark.parametrize("variant", [None, "vision", "hearing", "urine"])
def test_each_notice_is_printed_from_a_pupils_record(
    variant: str | None, school: dict[tuple[int, str, int], dict[str, Any]]
) -> None:
    notice = fresh_sample("treatment_recommendation", variant)
    pupil = school[_seat(notice["record"])]
    assert pupil["student"]["name"] == notice["pupil"]
    assert {k: v for k, v in pupil.items() if k != "student"} == notice["record"]
    issued = {ref["exam"]: ref["issued_on"] for ref in notice["record"].get("referrals", [])}
    assert issued[notice["exam_kind"]] == notice["issued_on"]  # the 治療勧告 the record keeps


def test_the_third_grade_is_the_class_of_the_roster(school: dict[tuple[int, str, int], dict[str, Any]]) -> None:
    roster = fresh_sample("roster")
    assert (roster["homeroom"]["grade"], roster["homeroom"]["kumi"]) == (3, "1")
    for s in roster["students"]:
        pupil = school[(3, "1", s["number"])]["student"]
        assert (pupil["name"]["family"], pupil["name"]["given"]) == (s["name"]["family"], s["name"]["given"])
        assert (pupil["sex"], pupil["birth_date"]) == (s["sex"], s["birth_date"])


def test_every_date_is_the_schools_calendar(school: dict[tuple[int, str, int], dict[str, Any]]) -> None:
    seen = 0
    for r in school.values():
        if _seat(r) == (3, "1", 32):  # 転入 6/12: her 健康診断 is the one of her former school (README)
            assert all(v is None or v < "2025-06-12" for v in (_get(r, p) for p in CALENDAR))
            continue
        for path, day in CALENDAR.items():
            value = _get(r, path)
            if value is not None:
                assert value == day, (_seat(r), path)
                seen += 1
    assert seen > 160 * 5


def test_the_two_survey_samples_hold_the_same_school() -> None:
    a, b = fresh_sample(SCHOOL), fresh_sample("school_health_statistics")
    assert a["records"] == b["records"] and a["school"] == b["school"] and a["fiscal_year"] == b["fiscal_year"]
