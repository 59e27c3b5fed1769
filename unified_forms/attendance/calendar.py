"""The school calendar of one 年度: which days are 授業日, for which class, and in which term.

Every 出欠の記録 in the project is counted over 授業日, so the calendar decides the
denominator for the 出席簿, the 通知表 and the 指導要録 alike. Two kinds of closure
must not be confused (forms-spec §4.2(f), R-ATT-5/6):

* a school-wide 臨時休業 (typhoon, snow) removes the day: it is not a 授業日 for anyone;
* a 学級閉鎖 / 学年閉鎖 keeps the day as a 授業日 for the class and gives every enrolled
  pupil 出席停止・忌引等 for it (kind 臨時休業, with the reason, e.g. インフルエンザ).

Precedence (documented because schools ask): a day is a 授業日 when it lies in the
年度, is not a school-wide closure, not in ``non_school_days``, not in a long vacation,
and either falls on a ``school_weekdays`` weekday that is not a national holidays
(``jpholiday``) or is listed in ``extra_lesson_days`` (土曜授業, 日曜参観 ...). An extra
lesson day may not also be declared a vacation/closure day: that contradiction is an
error instead of a silent choice. ``class_days_off`` removes a day for listed classes only
(e.g. 6年 振替休業日 after a weekend 修学旅行).

Terms (2学期制 前期/後期 or 3学期制) must tile the 年度. A term's attendance may close
before the term ends (``attendance_closing``, the 出欠締め日 used for the 通知表); the
lesson days after it are counted in the next term, so terms still partition the year
and Σ terms = year (R-ATT-4).
"""

from __future__ import annotations

import calendar as _stdcal
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal

import jpholiday
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from unified_forms.attendance._validation import entry, parse
from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.models.base import MAX_TEXT_CODEPOINTS
from unified_forms.models.dates import IsoDate
from unified_forms.models.text import ClassIdText, ReasonText, TermNameText, text_rules


class _Model(BaseModel):
    """Input of the calendar: every date within what prints as 和暦 (IsoDate), every text bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CODEPOINTS)


class TermSystem(StrEnum):
    THREE = "3学期制"
    TWO = "2学期制"


DEFAULT_TERM_NAMES: dict[TermSystem, tuple[str, ...]] = {
    TermSystem.THREE: ("1学期", "2学期", "3学期"),
    TermSystem.TWO: ("前期", "後期"),
}


class Term(_Model):
    name: TermNameText = Field(description="学期名（1学期、前期 …）")
    start: IsoDate
    end: IsoDate
    attendance_closing: IsoDate | None = Field(
        default=None,
        description="出欠締め日: last day counted for this term; later days count in the next term",
    )


class DateRange(_Model):
    start: IsoDate
    end: IsoDate
    name: ReasonText = Field(default="", description="e.g. 夏季休業")

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        """終了日は開始日以後。"""
        if self.end < self.start:
            raise FormDataError(entry("end", f"終了日 {self.end} が開始日 {self.start} より前です"))
        return self


class SchoolClosure(_Model):
    """School-wide 臨時休業: the day is not a 授業日 for anyone."""

    date: IsoDate
    reason: ReasonText = ""


class ClassClosure(_Model):
    """学級閉鎖 / 学年閉鎖: lesson days in [start, end] stay 授業日 and count as 出席停止."""

    class_ids: list[ClassIdText] = Field(min_length=1)
    start: IsoDate
    end: IsoDate
    reason: Annotated[str, *text_rules(40, required=True)] = Field(description="e.g. インフルエンザ")
    scope: Literal["学級閉鎖", "学年閉鎖"] = "学級閉鎖"

    @model_validator(mode="after")
    def _ordered(self) -> ClassClosure:
        """終了日は開始日以後。"""
        if self.end < self.start:
            raise FormDataError(entry("end", f"終了日 {self.end} が開始日 {self.start} より前です"))
        return self


class ClassDaysOff(_Model):
    """Days that are not 授業日 for some classes only (振替休業 after a class event)."""

    class_ids: list[ClassIdText] = Field(min_length=1)
    start: IsoDate
    end: IsoDate
    name: ReasonText = ""

    @model_validator(mode="after")
    def _ordered(self) -> ClassDaysOff:
        """終了日は開始日以後。"""
        if self.end < self.start:
            raise FormDataError(entry("end", f"終了日 {self.end} が開始日 {self.start} より前です"))
        return self


class DayKind(StrEnum):
    """Why a calendar day is or is not a 授業日 (for shading and the 休業日 row)."""

    LESSON = "授業日"
    CLASS_CLOSURE = "学級閉鎖"  # still a 授業日
    WEEKEND = "週休日"
    HOLIDAY = "祝日"
    VACATION = "長期休業"
    NON_SCHOOL = "休業日"
    SCHOOL_CLOSURE = "臨時休業"
    CLASS_DAY_OFF = "学級休業日"
    OUTSIDE_YEAR = "年度外"


class DayInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: date
    kind: DayKind
    label: str = ""  # holiday name, vacation name, closure reason

    @property
    def is_lesson_day(self) -> bool:
        return self.kind in (DayKind.LESSON, DayKind.CLASS_CLOSURE)


@lru_cache(maxsize=64)
def national_holidays(fiscal_year: int) -> dict[date, str]:
    """Japanese national holidays (incl. 振替休日) from 4/1 to 3/31 of the 年度."""
    start, end = date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)
    return {d: name for d, name in jpholiday.between(start, end)}


class _Memo(dict[Any, Any]):
    """Derived data (lesson-day lists, day sets) cached on a calendar.

    Never part of the calendar's identity: two equal calendars stay equal whether or not
    one of them has answered a question yet, and copies start empty.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Memo)

    __hash__ = None

    def __copy__(self) -> _Memo:
        return _Memo()

    def __deepcopy__(self, memo: dict[int, Any]) -> _Memo:
        return _Memo()


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class SchoolCalendar(_Model):
    """One school's 年度 calendar. Construct with :meth:`parse` to get FormDataError paths."""

    fiscal_year: int = Field(ge=1990, le=2200, description="年度 (西暦): 4/1 of this year to 3/31 next year")
    term_system: TermSystem = TermSystem.THREE
    terms: list[Term]
    school_weekdays: list[int] = Field(default=[0, 1, 2, 3, 4], description="0=月 … 6=日")
    extra_lesson_days: list[IsoDate] = Field(default_factory=list, description="土曜授業など")
    vacations: list[DateRange] = Field(default_factory=list)
    non_school_days: list[IsoDate] = Field(default_factory=list, description="振替休業日・開校記念日など")
    school_closures: list[SchoolClosure] = Field(default_factory=list)
    class_closures: list[ClassClosure] = Field(default_factory=list)
    class_days_off: list[ClassDaysOff] = Field(default_factory=list)

    _cache: _Memo = PrivateAttr(default_factory=_Memo)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> SchoolCalendar:
        """Copies never share the derived-data cache, and an ``update`` is validated like input."""
        if update:
            return type(self).parse({**self.model_dump(), **update})
        copied = super().model_copy(deep=deep)
        copied._cache = _Memo()
        return copied

    # ------------------------------------------------------------------ construction
    @classmethod
    def parse(cls, data: Any, path: str = "calendar") -> SchoolCalendar:
        """Validate a dict (from JSON); every problem becomes a FormDataError entry under ``path``."""
        return parse(cls, data, path)

    @classmethod
    def typical(
        cls,
        fiscal_year: int,
        term_system: TermSystem = TermSystem.THREE,
        **extra: Any,
    ) -> SchoolCalendar:
        """A plausible calendar for demos and tests (not an official Yamaguchi calendar).

        Vacations: 春季 4/1–4/7, 夏季 7/21–8/31, 冬季 12/26–1/7, 学年末 3/25–3/31.
        """
        y = fiscal_year
        if term_system is TermSystem.THREE:
            terms = [
                Term(name="1学期", start=date(y, 4, 1), end=date(y, 8, 31)),
                Term(name="2学期", start=date(y, 9, 1), end=date(y, 12, 31)),
                Term(name="3学期", start=date(y + 1, 1, 1), end=date(y + 1, 3, 31)),
            ]
        else:
            terms = [
                Term(name="前期", start=date(y, 4, 1), end=date(y, 10, 11)),
                Term(name="後期", start=date(y, 10, 12), end=date(y + 1, 3, 31)),
            ]
        vacations = [
            DateRange(start=date(y, 4, 1), end=date(y, 4, 7), name="春季休業"),
            DateRange(start=date(y, 7, 21), end=date(y, 8, 31), name="夏季休業"),
            DateRange(start=date(y, 12, 26), end=date(y + 1, 1, 7), name="冬季休業"),
            DateRange(start=date(y + 1, 3, 25), end=date(y + 1, 3, 31), name="学年末休業"),
        ]
        fields: dict[str, Any] = {
            "fiscal_year": y,
            "term_system": term_system,
            "terms": terms,
            "vacations": vacations,
        }
        fields.update(extra)
        return cls.model_validate(fields)

    @model_validator(mode="after")
    def _consistent(self) -> SchoolCalendar:
        """日付はすべて年度内、学期の数は学期制どおりで年度の初日から最終日まで順に続く、
        授業をする曜日は0（月）〜6（日）、休業日と臨時の授業日は重ならない。"""
        problems = self._problems()
        if problems:
            raise FormDataError(problems)
        return self

    def _problems(self) -> list[ErrorEntry]:
        errs: list[ErrorEntry] = []
        y0, y1 = self.year_start, self.year_end

        def inside(d: date, path: str) -> None:
            if not (y0 <= d <= y1):
                errs.append(entry(path, f"{d} は{self.fiscal_year}年度（{y0}〜{y1}）の外です"))

        expected = 3 if self.term_system is TermSystem.THREE else 2
        if len(self.terms) != expected:
            errs.append(entry("terms", f"{self.term_system.value}では学期は{expected}つです（{len(self.terms)}つ）"))
        cursor = y0
        for i, term in enumerate(self.terms):
            if term.start != cursor:
                errs.append(entry(f"terms[{i}].start", f"学期は {cursor} から始まる必要があります（{term.start}）"))
            if term.end < term.start:
                errs.append(entry(f"terms[{i}].end", f"終了日 {term.end} が開始日 {term.start} より前です"))
            if term.attendance_closing is not None and not (term.start <= term.attendance_closing <= term.end):
                errs.append(
                    entry(
                        f"terms[{i}].attendance_closing",
                        f"出欠締め日 {term.attendance_closing} が学期（{term.start}〜{term.end}）の外です",
                    )
                )
            cursor = term.end + timedelta(days=1)
        if self.terms and self.terms[-1].end != y1:
            errs.append(entry(f"terms[{len(self.terms) - 1}].end", f"最後の学期は {y1} に終わる必要があります"))
        for i, wd in enumerate(self.school_weekdays):
            if not 0 <= wd <= 6:
                errs.append(entry(f"school_weekdays[{i}]", f"曜日は0（月）〜6（日）です（{wd}）"))
        for i, r in enumerate(self.vacations):
            inside(r.start, f"vacations[{i}].start")
            inside(r.end, f"vacations[{i}].end")
        for i, d in enumerate(self.non_school_days):
            inside(d, f"non_school_days[{i}]")
        for i, c in enumerate(self.school_closures):
            inside(c.date, f"school_closures[{i}].date")
        for i, cc in enumerate(self.class_closures):
            inside(cc.start, f"class_closures[{i}].start")
            inside(cc.end, f"class_closures[{i}].end")
        for i, off in enumerate(self.class_days_off):
            inside(off.start, f"class_days_off[{i}].start")
            inside(off.end, f"class_days_off[{i}].end")
        removed = self._removed_days()
        for i, d in enumerate(self.extra_lesson_days):
            inside(d, f"extra_lesson_days[{i}]")
            if d in removed:
                errs.append(entry(f"extra_lesson_days[{i}]", f"{d} は{removed[d][1]}と重複しています"))
        if errs:
            return errs
        # Lesson days after the last term's 締め日 would belong to no term.
        last = self.terms[-1]
        if last.attendance_closing is not None:
            after = [d for d in self._school_lesson_days() if d > last.attendance_closing]
            if after:
                errs.append(
                    entry(
                        f"terms[{len(self.terms) - 1}].attendance_closing",
                        f"最後の学期の出欠締め日の後に授業日があります（{after[0]} ほか{len(after)}日）",
                    )
                )
        return errs

    # ------------------------------------------------------------------ basic facts
    @property
    def year_start(self) -> date:
        return date(self.fiscal_year, 4, 1)

    @property
    def year_end(self) -> date:
        return date(self.fiscal_year + 1, 3, 31)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of the 年度 in order: April … March."""
        y = self.fiscal_year
        return [(y, m) for m in range(4, 13)] + [(y + 1, m) for m in range(1, 4)]

    def month_period(self, year: int, month: int) -> tuple[date, date]:
        return date(year, month, 1), date(year, month, _stdcal.monthrange(year, month)[1])

    def term_periods(self) -> list[tuple[str, date, date]]:
        """(name, first day, last day) of each term's attendance window; they tile the 年度."""
        out: list[tuple[str, date, date]] = []
        cursor = self.year_start
        for i, term in enumerate(self.terms):
            last = i == len(self.terms) - 1
            end = self.year_end if last else (term.attendance_closing or term.end)
            out.append((term.name, cursor, end))
            cursor = end + timedelta(days=1)
        return out

    def term_period(self, term: str | int) -> tuple[date, date]:
        """Attendance window of a term by name (「2学期」) or 0-based index."""
        periods = self.term_periods()
        if isinstance(term, int):
            if not 0 <= term < len(periods):
                raise FormDataError(entry("term", f"学期番号 {term} はありません（0〜{len(periods) - 1}）"))
            return periods[term][1], periods[term][2]
        for name, start, end in periods:
            if name == term:
                return start, end
        names = "、".join(p[0] for p in periods)
        raise FormDataError(entry("term", f"学期「{term}」はありません（{names}）"))

    # ------------------------------------------------------------------ day classification
    def _removed_days(self) -> dict[date, tuple[DayKind, str]]:
        """School-wide non-lesson days that override weekdays and extra lesson days."""
        key = "removed"
        if key not in self._cache:
            removed: dict[date, tuple[DayKind, str]] = {}
            for r in self.vacations:
                for d in _days(r.start, r.end):
                    removed[d] = (DayKind.VACATION, r.name)
            for d in self.non_school_days:
                removed[d] = (DayKind.NON_SCHOOL, "")
            for c in self.school_closures:
                removed[c.date] = (DayKind.SCHOOL_CLOSURE, c.reason)
            self._cache[key] = removed
        return self._cache[key]

    def _school_day_kind(self, d: date) -> tuple[DayKind, str]:
        if not (self.year_start <= d <= self.year_end):
            return DayKind.OUTSIDE_YEAR, ""
        removed = self._removed_days().get(d)
        if removed is not None:
            return removed
        if d in self._extra_set():
            return DayKind.LESSON, ""
        holiday = national_holidays(self.fiscal_year).get(d)
        if holiday is not None:
            return DayKind.HOLIDAY, holiday
        if d.weekday() not in self.school_weekdays:
            return DayKind.WEEKEND, ""
        return DayKind.LESSON, ""

    def _extra_set(self) -> frozenset[date]:
        if "extra" not in self._cache:
            self._cache["extra"] = frozenset(self.extra_lesson_days)
        return self._cache["extra"]

    def _school_lesson_days(self) -> tuple[date, ...]:
        if "school_lessons" not in self._cache:
            self._cache["school_lessons"] = tuple(
                d for d in _days(self.year_start, self.year_end) if self._school_day_kind(d)[0] is DayKind.LESSON
            )
        return self._cache["school_lessons"]

    def _class_off(self, class_id: str) -> dict[date, str]:
        key = ("off", class_id)
        if key not in self._cache:
            off: dict[date, str] = {}
            for o in self.class_days_off:
                if class_id in o.class_ids:
                    for d in _days(o.start, o.end):
                        off[d] = o.name
            self._cache[key] = off
        return self._cache[key]

    def class_lesson_days(self, class_id: str) -> tuple[date, ...]:
        """All 授業日 of the 年度 for ``class_id``, sorted (computed once, then cached)."""
        key = ("lessons", class_id)
        if key not in self._cache:
            off = self._class_off(class_id)
            self._cache[key] = tuple(d for d in self._school_lesson_days() if d not in off)
        return self._cache[key]

    def lesson_days(self, class_id: str, start: date | None = None, end: date | None = None) -> list[date]:
        """授業日 of ``class_id`` in [start, end] (inclusive; defaults: the whole 年度)."""
        days = self.class_lesson_days(class_id)
        lo = 0 if start is None else bisect_left(days, start)
        hi = len(days) if end is None else bisect_right(days, end)
        return list(days[lo:hi])

    def is_lesson_day(self, d: date, class_id: str) -> bool:
        return d in self._lesson_set(class_id)

    def _lesson_set(self, class_id: str) -> frozenset[date]:
        key = ("lesson_set", class_id)
        if key not in self._cache:
            self._cache[key] = frozenset(self.class_lesson_days(class_id))
        return self._cache[key]

    def class_closure_days(self, class_id: str) -> dict[date, ClassClosure]:
        """学級閉鎖 days of ``class_id`` that are 授業日 (closures on holidays change nothing)."""
        key = ("closures", class_id)
        if key not in self._cache:
            lessons = self._lesson_set(class_id)
            out: dict[date, ClassClosure] = {}
            for cc in self.class_closures:
                if class_id in cc.class_ids:
                    for d in _days(cc.start, cc.end):
                        if d in lessons and d not in out:
                            out[d] = cc
            self._cache[key] = dict(sorted(out.items()))
        return self._cache[key]

    def day_info(self, d: date, class_id: str) -> DayInfo:
        """What kind of day ``d`` is for ``class_id`` (for the 出席簿 calendar head)."""
        kind, label = self._school_day_kind(d)
        if kind is DayKind.LESSON:
            off = self._class_off(class_id)
            if d in off:
                return DayInfo(date=d, kind=DayKind.CLASS_DAY_OFF, label=off[d])
            closure = self.class_closure_days(class_id).get(d)
            if closure is not None:
                return DayInfo(date=d, kind=DayKind.CLASS_CLOSURE, label=closure.reason)
        return DayInfo(date=d, kind=kind, label=label)

    def month_days(self, year: int, month: int, class_id: str) -> list[DayInfo]:
        """Every calendar day of the month (1…28–31) with its kind, for the P-17 grid."""
        first, last = self.month_period(year, month)
        return [self.day_info(d, class_id) for d in _days(first, last)]
