"""和暦: exact era boundaries, 元年, 年度 labels and a parse round trip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unified_forms.models.wareki import (
    ERAS,
    era_of,
    format_date,
    format_nendo,
    format_year,
    format_year_month,
    nendo_end,
    nendo_of,
    nendo_start,
    parse_wareki,
    to_full_width_digits,
    to_wareki,
)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2025, 4, 1), "令和7年4月1日"),
        (date(2026, 3, 31), "令和8年3月31日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1868, 10, 23), "明治元年10月23日"),
    ],
)
def test_format_date_table(d: date, expected: str) -> None:
    assert format_date(d) == expected


def test_gannen_off_prints_1() -> None:
    assert format_date(date(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert format_nendo(2019, gannen=False) == "令和1年度"


def test_birthday_suffix_and_full_width() -> None:
    assert format_date(date(2012, 8, 15), suffix="生") == "平成24年8月15日生"
    assert format_date(date(2025, 4, 1), full_width=True) == "令和７年４月１日"
    assert to_full_width_digits("R7.4.1") == "R７.４.１"


def test_short_style() -> None:
    assert format_date(date(2019, 5, 1), style="short") == "R1.5.1"
    assert format_date(date(2019, 4, 30), style="short") == "H31.4.30"
    assert format_date(date(1989, 1, 7), style="short") == "S64.1.7"


def test_year_and_year_month() -> None:
    assert format_year_month(date(2019, 5, 31)) == "令和元年5月"
    assert format_year_month(date(2025, 12, 1), full_width=True) == "令和７年１２月"
    assert format_year(date(2019, 4, 30)) == "平成31年"


def test_nendo_boundaries() -> None:
    assert nendo_of(date(2026, 3, 31)) == 2025
    assert nendo_of(date(2026, 4, 1)) == 2026
    assert nendo_of(date(2025, 4, 1)) == 2025
    assert nendo_start(2025) == date(2025, 4, 1)
    assert nendo_end(2025) == date(2026, 3, 31)
    # Appendix C: 2026-03-31 prints 令和8年 but belongs to 令和7年度
    assert format_date(date(2026, 3, 31)) == "令和8年3月31日"
    assert format_nendo(nendo_of(date(2026, 3, 31))) == "令和7年度"


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2025, "令和7年度"),
        (2019, "令和元年度"),  # began on 平成31年4月1日, but schools print 令和元年度
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),  # 平成 began in the following calendar year
        (2020, "令和2年度"),
    ],
)
def test_format_nendo(year: int, label: str) -> None:
    assert format_nendo(year) == label


def test_before_meiji_rejected() -> None:
    with pytest.raises(ValueError):
        era_of(date(1868, 10, 22))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("令和７年４月１日", date(2025, 4, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("平成24年8月15日生", date(2012, 8, 15)),
    ],
)
def test_parse_wareki(text: str, expected: date) -> None:
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    "text",
    ["平成32年1月1日", "昭和64年1月8日", "令和元年4月30日", "令和0年5月1日", "令和7年2月30日", "7/4/1"],
)
def test_parse_wareki_rejects_out_of_era(text: str) -> None:
    with pytest.raises(ValueError):
        parse_wareki(text)


dates = st.dates(min_value=date(1926, 12, 25), max_value=date(2100, 12, 31))


@given(dates, st.booleans(), st.booleans())
def test_round_trip(d: date, gannen: bool, full_width: bool) -> None:
    w = to_wareki(d)
    assert w.era.start <= d
    assert w.year >= 1
    following = [e for e in ERAS if e.start > w.era.start]
    if following:
        assert d < following[0].start
    assert parse_wareki(format_date(d, gannen=gannen, full_width=full_width)) == d
    assert parse_wareki(format_date(d, style="short")) == d


@given(dates)
def test_nendo_contains_date(d: date) -> None:
    n = nendo_of(d)
    assert nendo_start(n) <= d <= nendo_end(n)
    assert nendo_end(n) + timedelta(days=1) == nendo_start(n + 1)
