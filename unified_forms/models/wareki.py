"""和暦 (Japanese era) dates for printing.

Why this module exists: the forms store ISO Gregorian dates but print 元号 years, and the paper
forms must never carry a pre-printed era (forms-spec §2.1, R-DATE-1). The era boundaries below are
the exact first days of each era, so 1989-01-07 is 昭和64年 and 1989-01-08 is 平成元年, 2019-04-30
is 平成31年 and 2019-05-01 is 令和元年.

Conventions decided here (each one is a keyword option so a form can choose otherwise):

* First year of an era prints as 「元年」 (``gannen=True``); ``gannen=False`` prints 「1年」.
* Digits are 算用数字, half-width by default; ``full_width=True`` gives ０-９.
* 年度 (school / fiscal year, April 1 – March 31) ``N`` is labelled with the era year of
  **31 December of N**. This is the convention of 公文書 and of school forms: 2019年度 (which began
  on 2019-04-01, still 平成31年) is 「令和元年度」, while 1988年度 (ending 1989-03-31 in 平成) stays
  「昭和63年度」 because 平成 began in the following calendar year.
* 明治 is counted from 1868-10-23 (the Gregorian day of the 改元); dates before 1873 were written in
  the lunisolar calendar on real documents, which we do not convert. Earlier dates are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "ERAS",
    "Era",
    "Wareki",
    "era_of",
    "format_date",
    "format_nendo",
    "format_year",
    "format_year_month",
    "nendo_end",
    "nendo_of",
    "nendo_start",
    "parse_wareki",
    "to_full_width_digits",
    "to_wareki",
]


@dataclass(frozen=True, slots=True)
class Era:
    name: str  # 「令和」
    letter: str  # 「R」, used by the short style R7.4.1
    start: date  # first day of the era (inclusive)


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)

_ERA_BY_NAME = {e.name: e for e in ERAS}
_ERA_BY_LETTER = {e.letter: e for e in ERAS}


def _era_end(era: Era) -> date | None:
    """Last day of ``era`` (inclusive), or None for the current era."""
    i = ERAS.index(era)
    return ERAS[i + 1].start - timedelta(days=1) if i + 1 < len(ERAS) else None


@dataclass(frozen=True, slots=True)
class Wareki:
    era: Era
    year: int  # 1 for 元年

    @property
    def era_name(self) -> str:
        return self.era.name

    def year_text(self, *, gannen: bool = True, full_width: bool = False) -> str:
        """「元」 or the year number, without 「年」."""
        if self.year == 1 and gannen:
            return "元"
        return _digits(str(self.year), full_width)

    def label(self, *, gannen: bool = True, full_width: bool = False) -> str:
        """「令和7年」."""
        return f"{self.era.name}{self.year_text(gannen=gannen, full_width=full_width)}年"


_FW_TABLE = str.maketrans("0123456789", "０１２３４５６７８９")
_HW_TABLE = str.maketrans("０１２３４５６７８９", "0123456789")


def to_full_width_digits(text: str) -> str:
    """Replace ASCII digits 0-9 by full-width ０-９ (nothing else changes)."""
    return text.translate(_FW_TABLE)


def _digits(text: str, full_width: bool) -> str:
    return to_full_width_digits(text) if full_width else text


def era_of(d: date) -> Era:
    """The era in force on ``d``; ValueError before 明治 (1868-10-23)."""
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError("明治改元（1868-10-23）より前の日付です")  # never the date itself: it may be a birth date


def to_wareki(d: date) -> Wareki:
    era = era_of(d)
    return Wareki(era, d.year - era.start.year + 1)


def format_date(
    d: date,
    *,
    gannen: bool = True,
    style: Literal["kanji", "short"] = "kanji",
    suffix: str = "",
    full_width: bool = False,
) -> str:
    """「令和元年5月1日」 (kanji) or 「R1.5.1」 (short), followed by ``suffix`` (e.g. 「生」).

    The short style always prints the year as a number (「R1」, never 「R元」): 元 only makes sense
    next to the era name.
    """
    w = to_wareki(d)
    if style == "kanji":
        text = f"{w.label(gannen=gannen)}{d.month}月{d.day}日"
    elif style == "short":
        text = f"{w.era.letter}{w.year}.{d.month}.{d.day}"
    else:  # pragma: no cover - guarded by the Literal type
        raise ValueError(f"unknown style {style!r}")
    return _digits(text, full_width) + suffix


def format_year(d: date, *, gannen: bool = True, full_width: bool = False) -> str:
    """「令和7年」."""
    return to_wareki(d).label(gannen=gannen, full_width=full_width)


def format_year_month(d: date, *, gannen: bool = True, full_width: bool = False) -> str:
    """「令和7年4月」."""
    w = to_wareki(d)
    return f"{w.label(gannen=gannen, full_width=full_width)}{_digits(str(d.month), full_width)}月"


def nendo_of(d: date) -> int:
    """The 年度 (April – March) containing ``d``, as the Gregorian year it starts in."""
    return d.year if d.month >= 4 else d.year - 1


def nendo_start(year: int) -> date:
    return date(year, 4, 1)


def nendo_end(year: int) -> date:
    return date(year + 1, 3, 31)


def format_nendo(year: int, *, gannen: bool = True, full_width: bool = False) -> str:
    """「令和7年度」 for 2025; 「令和元年度」 for 2019 (era year of 31 December, see module doc)."""
    w = to_wareki(date(year, 12, 31))
    return f"{w.label(gannen=gannen, full_width=full_width)}度"


_KANJI_RE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<year>元|\d{1,2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
)
_SHORT_RE = re.compile(
    r"(?P<era>[MTSHR])\s*(?P<year>\d{1,2})\s*[./]\s*(?P<month>\d{1,2})\s*[./]\s*(?P<day>\d{1,2})"
)


def parse_wareki(text: str) -> date:
    """Inverse of :func:`format_date`: 「令和元年5月1日」, 「令和1年5月1日」, 「R1.5.1」 (full-width
    digits and a trailing 「生」 are accepted). The date must lie inside the named era: 「平成32年1月1日」 and
    「昭和64年1月8日」 are errors, not silently moved to the next era.
    """
    src = text.translate(_HW_TABLE).strip()
    if src.endswith("生"):
        src = src[:-1].rstrip()
    m = _KANJI_RE.fullmatch(src)
    if m:
        era = _ERA_BY_NAME[m["era"]]
    else:
        m = _SHORT_RE.fullmatch(src.upper())
        if not m:
            raise ValueError("和暦の日付として読めません（例: 令和7年4月1日, R7.4.1）")
        era = _ERA_BY_LETTER[m["era"]]
    year = 1 if m["year"] == "元" else int(m["year"])
    if year < 1:
        raise ValueError("和暦の年は1以上です")
    try:
        d = date(era.start.year + year - 1, int(m["month"]), int(m["day"]))
    except ValueError as exc:
        raise ValueError(f"存在しない日付です: {exc}") from None
    end = _era_end(era)
    if d < era.start or (end is not None and d > end):
        raise ValueError(f"{era.name}{year}年{d.month}月{d.day}日は{era.name}の期間外です")
    return d
