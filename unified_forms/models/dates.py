"""Counts, ISO dates and the 年度 (fiscal year from 4月1日 to 3月31日).

Counts (日数, 回数, 学年) are strict integers: ``true`` or ``"3"`` is an error, not 1 or 3. Dates
are ISO ``YYYY-MM-DD`` strings (or ``datetime.date``), printed as 和暦 by :mod:`unified_forms.models.wareki`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    Strict,
)
from pydantic_core import core_schema

from unified_forms.models.text import invalid
from unified_forms.models.wareki import format_nendo, nendo_end, nendo_start

Count = Annotated[int, Strict(), Field(ge=0)]
"""A non-negative integer count (日数, 回数); booleans and numeric strings are rejected."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# What the forms can print and compute with: 和暦 starts with 明治 (wareki.py rejects earlier
# days), and the last 年度 FiscalYear accepts ends on 2101-03-31. A date outside is refused at
# validation, so that it cannot crash the renderer (1868-10-22) or date arithmetic (9999-12-31
# plus a week overflows). The one place for the range: the check and the schema derive from it.
DATE_MIN = date(1868, 10, 23)
DATE_MAX = date(2101, 3, 31)
# YYYY-MM-DD from 1868-10-23 to 2101-03-31, ASCII digits, so that a standard JSON Schema validator
# holds the range too (x-minimum-date / x-maximum-date say it in words).
DATE_PATTERN = (
    r"^(?:1868-(?:10-(?:2[3-9]|3[01])|1[12]-[0-9]{2})|1869-[0-9]{2}-[0-9]{2}|18[7-9][0-9]-[0-9]{2}-[0-9]{2}"
    r"|(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}|2100-[0-9]{2}-[0-9]{2}|2101-0[1-3]-[0-9]{2})$"
)


def check_date_range(v: date) -> date:
    if not DATE_MIN <= v <= DATE_MAX:
        raise invalid(
            "date_range", f"日付は {DATE_MIN.isoformat()}（明治改元）から {DATE_MAX.isoformat()} までで入力してください"
        )
    return v


def _parse_iso_date(v: Any) -> Any:
    if isinstance(v, datetime):
        raise invalid("date_has_time", "日付は YYYY-MM-DD で入力してください（時刻は不要です）")
    if isinstance(v, date):
        return check_date_range(v)
    if isinstance(v, str):
        if not _ISO_DATE.fullmatch(v):
            raise invalid("date_format", "日付は YYYY-MM-DD 形式で入力してください（例: 2025-04-01）")
        try:
            parsed = date.fromisoformat(v)
        except ValueError:
            raise invalid("date_invalid", "存在しない日付です") from None
        return check_date_range(parsed)
    raise invalid("date_format", "日付は YYYY-MM-DD 形式の文字列で入力してください")


DATE_SCHEMA: dict[str, Any] = {
    "minLength": 10,
    "maxLength": 10,
    "pattern": DATE_PATTERN,
    "x-minimum-date": DATE_MIN.isoformat(),
    "x-maximum-date": DATE_MAX.isoformat(),
}

IsoDate = Annotated[date, BeforeValidator(_parse_iso_date), Field(json_schema_extra=DATE_SCHEMA)]
"""A calendar date given as ``"YYYY-MM-DD"`` between DATE_MIN and DATE_MAX; printed as 和暦 by the forms
(wareki.format_date)."""


class FiscalYear(int):
    """年度 as the Gregorian year it starts in (2025 = 2025-04-01 … 2026-03-31), 1989..2100.

    Input and JSON are a plain integer; the value behaves as an ``int`` and adds the label and the
    first/last day. ``label`` follows wareki.format_nendo: 2019 → 「令和元年度」.
    """

    MIN: ClassVar[int] = 1989
    MAX: ClassVar[int] = 2100

    def __new__(cls, year: int) -> FiscalYear:
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError("FiscalYear needs an int")
        if not cls.MIN <= year <= cls.MAX:
            raise ValueError(f"年度は {cls.MIN}〜{cls.MAX} の範囲です")
        return super().__new__(cls, year)

    @property
    def label(self) -> str:
        return format_nendo(int(self))

    def format(self, *, gannen: bool = True, full_width: bool = False) -> str:
        return format_nendo(int(self), gannen=gannen, full_width=full_width)

    @property
    def start(self) -> date:
        return nendo_start(int(self))

    @property
    def end(self) -> date:
        return nendo_end(int(self))

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.int_schema(strict=True, ge=cls.MIN, le=cls.MAX),
            serialization=core_schema.plain_serializer_function_ser_schema(int, return_schema=core_schema.int_schema()),
        )
