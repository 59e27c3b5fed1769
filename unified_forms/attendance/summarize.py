"""The one attendance aggregate: 出欠の記録 (forms-spec P-12) for any period, from daily records.

Every form that prints 出欠の記録 — 出席簿 (month, 年間累計), 通知表 (term or month),
指導要録 and 調査書 (year) — calls :func:`summarize` or one of its period helpers, so the
numbers agree everywhere. Nothing else in the project computes attendance.

How each number is defined (R-ATT-1…8):

* 授業日数 — the class's 授業日 in the period on which the pupil was enrolled
  (転入: counted from the 転入 day; 転出: up to the last enrolled day).
* 出席停止・忌引等の日数 — SUSPENDED days + MOURNING days + the class's 学級閉鎖 days.
* 出席しなければならない日数 = 授業日数 − 出席停止・忌引等の日数.
* 欠席日数 — ABSENT days.
* 出席日数 = 出席しなければならない日数 − 欠席日数; 出席扱い (SCHOOL_APPROVED) days are
  therefore 出席, and counted separately for the 備考.
* 遅刻 / 早退 — days with the flag (a day with both counts once in each).
* 備考 — generated text, deterministic order: 学級閉鎖, 出席停止, 忌引, 出席扱い; within a
  group by first day in the period. E.g. 「インフルエンザに伴う学級閉鎖2日、出席停止（インフル
  エンザ）3日、忌引（祖父）2日、出席扱い（教育支援センター）4日」. Full-width brackets because
  the 備考 of the paper forms is written in full-width text.

Because every count is a sum over disjoint days, the counts of consecutive periods add up:
Σ months = Σ terms = 年度 (R-ATT-4); the tests check this on random calendars.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from unified_forms.attendance._validation import entry, label_of
from unified_forms.attendance.calendar import SchoolCalendar
from unified_forms.attendance.records import (
    AttendanceBook,
    AttendanceOptions,
    CellState,
    Code,
    PupilAttendance,
    SuspensionKind,
)
from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.models.attendance import AttendanceTotals

UNCLASSIFIED = "未分類"  # key for ABSENT/SUSPENDED/SCHOOL_APPROVED records without a kind
REMARK_SEPARATOR = "、"


class PeriodTotals(BaseModel):
    """The P-12 numbers of one period, as printed in every 出欠の記録 block."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lesson_days: int = Field(description="授業日数")
    suspension_days: int = Field(description="出席停止・忌引等の日数")
    required_days: int = Field(description="出席しなければならない日数")
    absence_days: int = Field(description="欠席日数")
    present_days: int = Field(description="出席日数")
    late: int | None = Field(default=None, description="遅刻")
    early_leave: int | None = Field(default=None, description="早退")
    stop_days: int | None = Field(default=None, description="出席停止（学級閉鎖を含む）: the 出席簿 prints it apart")
    mourning_days: int | None = Field(default=None, description="忌引: the 出席簿 prints it apart")


class AttendanceSummary(BaseModel):
    """One pupil's 出欠の記録 for [start, end], with the breakdown the forms print."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pupil_id: str
    start: date
    end: date
    lesson_days: int = Field(description="授業日数")
    suspension_days: int = Field(description="出席停止・忌引等の日数")
    required_days: int = Field(description="出席しなければならない日数")
    absence_days: int = Field(description="欠席日数")
    present_days: int = Field(description="出席日数")
    late: int = Field(description="遅刻")
    early_leave: int = Field(description="早退")
    stop_days: int = Field(description="出席停止（学級閉鎖を含む）")
    mourning_days: int = Field(description="忌引")
    class_closure_days: int = Field(description="学級閉鎖・学年閉鎖")
    school_approved_days: int = Field(description="出席扱い（出席日数に含む）")
    not_entered_days: int = Field(description="未入力の授業日（出席として数えている）")
    absence_by_kind: dict[str, int] = Field(description="欠席 by 病気/事故/その他/未分類")
    stop_by_kind: dict[str, int] = Field(description="出席停止 by kind (学級閉鎖 = 臨時休業)")
    approved_by_kind: dict[str, int] = Field(description="出席扱い by kind")
    remark_counts: dict[str, int] = Field(description="備考 items (label → days), in printed order")
    remarks: str = Field(description="備考 text")

    def totals(self) -> PeriodTotals:
        return PeriodTotals(
            lesson_days=self.lesson_days,
            suspension_days=self.suspension_days,
            required_days=self.required_days,
            absence_days=self.absence_days,
            present_days=self.present_days,
            late=self.late,
            early_leave=self.early_leave,
            stop_days=self.stop_days,
            mourning_days=self.mourning_days,
        )

    def as_attendance_totals(self) -> AttendanceTotals:
        """The shared input model of 出欠 totals (with 備考), as a form model would hold it."""
        return AttendanceTotals(
            lesson_days=self.lesson_days,
            suspension_days=self.suspension_days,
            absence_days=self.absence_days,
            late=self.late,
            early_leave=self.early_leave,
            remarks=self.remarks,
        )


# ---------------------------------------------------------------------- remarks
_GROUP_CLOSURE, _GROUP_SUSPENDED, _GROUP_MOURNING, _GROUP_APPROVED = range(4)


def _suspension_label(kind: str | None, reason: str | None) -> str:
    if kind == SuspensionKind.TEMPORARY_CLOSURE and reason:
        return f"{reason}に伴う臨時休業"
    if reason:
        return f"出席停止（{reason}）"
    if kind == SuspensionKind.CONDUCT:
        return "出席停止（学校教育法第35条）"
    if kind in (SuspensionKind.INFECTION, SuspensionKind.TEMPORARY_CLOSURE):
        return f"出席停止（{kind}）"
    return "出席停止"


def _approved_label(kind: str | None, reason: str | None) -> str:
    if kind and kind != "その他":
        return f"出席扱い（{kind}）"
    if reason:
        return f"出席扱い（{reason}）"
    return "出席扱い"


def _mourning_label(reason: str | None) -> str:
    return f"忌引（{reason}）" if reason else "忌引"


def remark_text(remark_counts: Mapping[str, int]) -> str:
    """「…2日、…3日」 from ordered (label → days)."""
    return REMARK_SEPARATOR.join(f"{label}{n}日" for label, n in remark_counts.items() if n)


# ---------------------------------------------------------------------- invariants
def _check_invariants(s: AttendanceSummary) -> None:
    """R-ATT-1…3 and the breakdowns; true by construction, so a failure is a bug here."""
    numbers = (
        s.lesson_days,
        s.suspension_days,
        s.required_days,
        s.absence_days,
        s.present_days,
        s.late,
        s.early_leave,
        s.school_approved_days,
        s.not_entered_days,
    )
    ok = (
        all(n >= 0 for n in numbers)
        and s.required_days == s.lesson_days - s.suspension_days  # R-ATT-1
        and s.present_days == s.required_days - s.absence_days  # R-ATT-2
        and s.suspension_days <= s.lesson_days  # R-ATT-3
        and s.absence_days <= s.required_days  # R-ATT-3
        and s.suspension_days == s.stop_days + s.mourning_days
        and s.class_closure_days <= s.stop_days
        and sum(s.absence_by_kind.values()) == s.absence_days
        and sum(s.stop_by_kind.values()) == s.stop_days
        and sum(s.approved_by_kind.values()) == s.school_approved_days
        and s.school_approved_days + s.not_entered_days <= s.present_days
        and max(s.late, s.early_leave) <= s.present_days
    )
    if not ok:
        raise AssertionError(f"attendance invariant broken for {s.pupil_id} {s.start}..{s.end}: {s!r}")


# ---------------------------------------------------------------------- the aggregate
def _closed_until(book: AttendanceBook) -> date | None:
    """Last day of the last closed month (None: nothing closed)."""
    through = book.options.closed_through
    if through is None:
        return None
    nxt = through + timedelta(days=1)
    if nxt.day == 1:  # closed_through is a month end
        return through
    return date(through.year, through.month, 1) - timedelta(days=1)


def summarize_book(book: AttendanceBook, start: date, end: date) -> dict[str, AttendanceSummary]:
    """Like :func:`summarize` on an already built book (reuse it for many periods)."""
    if end < start:
        raise FormDataError(entry("end", f"集計期間の終了日 {end} が開始日 {start} より前です"))
    w0, w1 = book.window(start, end)
    closure_idx = book.closure_idx
    closure_of = book.closure_of
    not_entered_mode = book.options.missing_day == "not_entered"
    closed_until = _closed_until(book)
    c_lo, c_hi = book.window(start, closed_until) if closed_until else (0, 0)
    out: dict[str, AttendanceSummary] = {}
    close_errors: list[ErrorEntry] = []
    for pos, cp in enumerate(book.compiled):
        lo = max(w0, cp.lo)
        hi = min(w1, cp.hi)
        if hi <= lo:
            lo = hi = w0
        lessons = hi - lo
        # 学級閉鎖 days of this pupil in the period, grouped per closure in date order.
        k0, k1 = bisect_left(closure_idx, lo), bisect_left(closure_idx, hi)
        closure_days = k1 - k0
        remark: dict[tuple[int, str], list[int]] = {}  # (group, label) -> [first idx, days]
        for k in range(k0, k1):
            c = closure_of[closure_idx[k]]
            key = (_GROUP_CLOSURE, f"{c.reason}に伴う{c.scope}")
            slot = remark.get(key)
            if slot is None:
                remark[key] = [closure_idx[k], 1]
            else:
                slot[1] += 1
        suspended = closure_days
        mourning = absent = approved = late = early = explicit_missing = 0
        absent_by: dict[str, int] = {}
        suspended_by: dict[str, int] = {SuspensionKind.TEMPORARY_CLOSURE.value: closure_days} if closure_days else {}
        approved_by: dict[str, int] = {}
        e0, e1 = bisect_left(cp.ev_idx, lo), bisect_left(cp.ev_idx, hi)
        ev_idx, ev = cp.ev_idx, cp.ev
        for e in range(e0, e1):
            code, kind, reason, is_late, is_early = ev[e]
            if is_late:
                late += 1
            if is_early:
                early += 1
            if code == Code.PRESENT:
                continue
            if code == Code.ABSENT:
                absent += 1
                key_kind = kind or UNCLASSIFIED
                absent_by[key_kind] = absent_by.get(key_kind, 0) + 1
                continue
            if code == Code.NOT_ENTERED:
                explicit_missing += 1
                continue
            if code == Code.SUSPENDED:
                suspended += 1
                key_kind = kind or UNCLASSIFIED
                suspended_by[key_kind] = suspended_by.get(key_kind, 0) + 1
                key = (_GROUP_SUSPENDED, _suspension_label(kind, reason))
            elif code == Code.MOURNING:
                mourning += 1
                key = (_GROUP_MOURNING, _mourning_label(reason))
            else:  # SCHOOL_APPROVED
                approved += 1
                key_kind = kind or UNCLASSIFIED
                approved_by[key_kind] = approved_by.get(key_kind, 0) + 1
                key = (_GROUP_APPROVED, _approved_label(kind, reason))
            slot = remark.get(key)
            if slot is None:
                remark[key] = [ev_idx[e], 1]
            else:
                slot[1] += 1
        not_entered = explicit_missing
        if not_entered_mode and lessons:
            r0, r1 = bisect_left(cp.recorded, lo), bisect_left(cp.recorded, hi)
            not_entered += lessons - closure_days - (r1 - r0)
        if c_hi > c_lo and (explicit_missing or not_entered_mode):
            missing = _missing_in(book, pos, max(lo, c_lo), min(hi, c_hi))
            if missing:
                close_errors.append(
                    entry(
                        f"{book.path}[{pos}].records",
                        f"締め済みの月に未入力の授業日があります: {missing[0]}"
                        + (f" ほか{len(missing) - 1}日" if len(missing) > 1 else ""),
                    )
                )
        sm = suspended + mourning
        required = lessons - sm
        ordered = sorted(remark.items(), key=lambda kv: (kv[0][0], kv[1][0], kv[0][1]))
        remark_counts = {label: slot[1] for (_, label), slot in ordered}
        summary = AttendanceSummary.model_construct(
            pupil_id=cp.pupil_id,
            start=start,
            end=end,
            lesson_days=lessons,
            suspension_days=sm,
            required_days=required,
            absence_days=absent,
            present_days=required - absent,
            late=late,
            early_leave=early,
            stop_days=suspended,
            mourning_days=mourning,
            class_closure_days=closure_days,
            school_approved_days=approved,
            not_entered_days=not_entered,
            absence_by_kind=absent_by,
            stop_by_kind=suspended_by,
            approved_by_kind=approved_by,
            remark_counts=remark_counts,
            remarks=remark_text(remark_counts),
        )
        _check_invariants(summary)
        out[cp.pupil_id] = summary
    if close_errors:
        raise FormDataError(close_errors)
    return out


def _missing_in(book: AttendanceBook, pos: int, lo: int, hi: int) -> list[date]:
    """未入力 lesson days of one pupil in lesson-index range [lo, hi) (cold path)."""
    if hi <= lo:
        return []
    return [
        book.lesson_days[i] for i in range(lo, hi) if book.cell(pos, book.lesson_days[i]).state is CellState.NOT_ENTERED
    ]


def summarize(
    calendar: SchoolCalendar,
    pupils: Sequence[PupilAttendance | dict[str, Any]],
    start: date,
    end: date,
    *,
    class_id: str,
    options: AttendanceOptions | None = None,
    path: str = "pupils",
) -> dict[str, AttendanceSummary]:
    """出欠の記録 of every pupil of ``class_id`` for the days ``start``…``end`` (inclusive).

    ``pupils`` are :class:`PupilAttendance` models or dicts of the same shape. Returns
    ``{pupil_id: AttendanceSummary}`` in input order. Pure: same input, same output.

    Raises :class:`~unified_forms.errors.FormDataError` naming the path (``pupils[4].
    records[2].date`` under ``path``) for a record on a day that is not a 授業日 of the
    class, outside the pupil's enrolment, on a 学級閉鎖 day, a duplicate day, a malformed
    record, or (with ``options.closed_through``) 未入力 days in a closed month.

    To summarize many periods of the same class, build an
    :class:`~unified_forms.attendance.records.AttendanceBook` once and call
    :func:`summarize_book` (this is what the helpers below do internally per call).
    """
    book = AttendanceBook(calendar, pupils, class_id=class_id, options=options, path=path)
    return summarize_book(book, start, end)


def summarize_month(book: AttendanceBook, year: int, month: int) -> dict[str, AttendanceSummary]:
    """月 totals (出席簿 当月, 通知表 per month)."""
    start, end = book.calendar.month_period(year, month)
    return summarize_book(book, start, end)


def summarize_term(book: AttendanceBook, term: str | int) -> dict[str, AttendanceSummary]:
    """学期 totals over the term's attendance window (honours the 出欠締め日)."""
    start, end = book.calendar.term_period(term)
    return summarize_book(book, start, end)


def summarize_year(book: AttendanceBook) -> dict[str, AttendanceSummary]:
    """年度 totals (指導要録, 調査書, 通知表 年間)."""
    return summarize_book(book, book.calendar.year_start, book.calendar.year_end)


def summarize_to_date(book: AttendanceBook, through: date) -> dict[str, AttendanceSummary]:
    """年間累計: from 4/1 of the 年度 through ``through`` (出席簿 年間累計 column)."""
    return summarize_book(book, book.calendar.year_start, through)


# ---------------------------------------------------------------------- totals-only input
_TOTAL_FIELDS = (
    "lesson_days",
    "suspension_days",
    "required_days",
    "absence_days",
    "present_days",
    "late",
    "early_leave",
    "stop_days",
    "mourning_days",
)


def _read(totals: Any, name: str) -> Any:
    if isinstance(totals, Mapping):
        return totals.get(name)
    return getattr(totals, name, None)


def check_totals(totals: Any, *, path: str = "attendance") -> PeriodTotals:
    """Validate P-12 totals given without daily records (systems that only keep totals).

    ``totals`` is a mapping or object (e.g. ``models.common.AttendanceTotals``, same field
    names) with ``lesson_days``, ``suspension_days``,
    ``absence_days`` and optionally ``required_days``/``present_days`` (derived when
    missing, checked when given), ``late``/``early_leave`` and the split of 出席停止・忌引等
    into ``stop_days`` (出席停止) and ``mourning_days`` (忌引): both must add up to it, and
    one given alone gives the other. Raises
    FormDataError with one entry per offending field (``{path}.absence_days`` …): not an
    integer, negative, 出停忌引 > 授業日数, 欠席 > 出席しなければならない日数, or a given
    derived value that breaks R-ATT-1/2. Returns the completed totals.
    """
    errs: list[ErrorEntry] = []
    vals: dict[str, int | None] = {}
    for name in _TOTAL_FIELDS:
        v = _read(totals, name)
        p = f"{path}.{name}"
        if v is None:
            if name in ("lesson_days", "suspension_days", "absence_days"):
                errs.append(entry(p, f"{label_of(p)}がありません"))
            vals[name] = None
            continue
        if isinstance(v, bool) or not isinstance(v, int):
            errs.append(entry(p, f"{label_of(p) or name}は整数で入力してください"))
            vals[name] = None
            continue
        if v < 0:
            errs.append(entry(p, f"{label_of(p) or name}が負の数です（{v}）"))
            vals[name] = None
            continue
        if name == "lesson_days" and v > 366:
            errs.append(entry(p, f"授業日数が多すぎます（{v} > 366）"))
        vals[name] = v
    lesson, sm, absent = vals["lesson_days"], vals["suspension_days"], vals["absence_days"]
    required = vals["required_days"]
    if lesson is not None and sm is not None:
        if sm > lesson:
            errs.append(
                entry(
                    f"{path}.suspension_days",
                    f"出席停止・忌引等の日数 {sm} が授業日数 {lesson} を超えています",
                )
            )
        elif required is not None and required != lesson - sm:
            errs.append(
                entry(
                    f"{path}.required_days",
                    f"出席しなければならない日数 {required} ≠ 授業日数 {lesson} − 出席停止・忌引等 {sm}",
                )
            )
        elif required is None:
            required = lesson - sm
    if required is not None and absent is not None:
        if absent > required:
            errs.append(
                entry(
                    f"{path}.absence_days",
                    f"欠席日数 {absent} が出席しなければならない日数 {required} を超えています",
                )
            )
        else:
            present = vals["present_days"]
            if present is not None and present != required - absent:
                errs.append(
                    entry(
                        f"{path}.present_days",
                        f"出席日数 {present} ≠ 出席しなければならない日数 {required} − 欠席日数 {absent}",
                    )
                )
    stop, mourn = _split(vals, sm, path, errs)
    present_days = vals["present_days"]
    for flag in ("late", "early_leave"):
        times = vals[flag]
        if times is not None and required is not None and absent is not None and absent <= required:
            limit = required - absent
            if times > limit:
                message = f"{label_of(flag)}の回数 {times} が出席日数 {limit} を超えています"
                errs.append(entry(f"{path}.{flag}", message))
    if errs:
        raise FormDataError(errs)
    assert lesson is not None and sm is not None and absent is not None and required is not None
    return PeriodTotals(
        lesson_days=lesson,
        suspension_days=sm,
        required_days=required,
        absence_days=absent,
        present_days=present_days if present_days is not None else required - absent,
        late=vals["late"],
        early_leave=vals["early_leave"],
        stop_days=stop,
        mourning_days=mourn,
    )


def _split(
    vals: dict[str, int | None], sm: int | None, path: str, errs: list[ErrorEntry]
) -> tuple[int | None, int | None]:
    """出席停止 and 忌引 from a total of 出席停止・忌引等 (both given: they must add up to it)."""
    stop, mourn = vals["stop_days"], vals["mourning_days"]
    if sm is None or (stop is None and mourn is None):
        return None, None
    if stop is not None and mourn is not None:
        if stop + mourn != sm:
            message = f"出席停止 {stop} + 忌引 {mourn} が出席停止・忌引等の日数 {sm} と一致しません"
            errs.append(entry(f"{path}.stop_days", message))
        return stop, mourn
    given, name = (stop, "stop_days") if stop is not None else (mourn, "mourning_days")
    assert given is not None
    if given > sm:
        errs.append(entry(f"{path}.{name}", f"{label_of(name)} {given} が出席停止・忌引等の日数 {sm} を超えています"))
        return None, None
    return (stop, sm - given) if stop is not None else (sm - given, mourn)


def check_totals_sum(parts: Sequence[Any], whole: Any, *, path: str = "attendance") -> None:
    """R-ATT-4 for totals-only input: Σ parts (months or terms) must equal the whole (year).

    Each of ``parts`` and ``whole`` is checked with :func:`check_totals` first (paths
    ``{path}.parts[i]…`` and ``{path}.total…``); then every field that all give is summed.
    """
    errs: list[ErrorEntry] = []
    checked: list[PeriodTotals] = []
    for i, part in enumerate(parts):
        try:
            checked.append(check_totals(part, path=f"{path}.parts[{i}]"))
        except FormDataError as exc:
            errs.extend(exc.errors)
    try:
        total = check_totals(whole, path=f"{path}.total")
    except FormDataError as exc:
        errs.extend(exc.errors)
        total = None
    if errs or total is None:
        raise FormDataError(errs)
    for name in _TOTAL_FIELDS:
        want = getattr(total, name)
        got = [getattr(p, name) for p in checked]
        if want is None or any(g is None for g in got):
            continue
        if sum(got) != want:
            p = f"{path}.total.{name}"
            errs.append(entry(p, f"{label_of(p) or name} {want} が各期間の合計 {sum(got)} と一致しません"))
    if errs:
        raise FormDataError(errs)


def add_totals(*parts: PeriodTotals) -> PeriodTotals:
    """Σ of consecutive periods' totals: 前月までの累計 + 当月 = 年間累計 (出席簿 from a monthly upload);
    Σ over the pupils of a class: the 延べ日数 of the 出席簿's 月計.

    Every P-12 number is a count of days, so the sum of consecutive, non-overlapping
    periods is the total of their union; R-ATT-1…3 hold for the sum when they hold for
    each part. ``late``/``early_leave``/``stop_days``/``mourning_days`` are summed only when
    every part knows them (None otherwise: an unknown part makes the total unknown, never
    silently smaller).
    """
    if not parts:
        raise ValueError("add_totals needs at least one period")

    def optional(name: str) -> int | None:
        values = [getattr(p, name) for p in parts]
        return None if any(v is None for v in values) else sum(values)

    return PeriodTotals(
        lesson_days=sum(p.lesson_days for p in parts),
        suspension_days=sum(p.suspension_days for p in parts),
        required_days=sum(p.required_days for p in parts),
        absence_days=sum(p.absence_days for p in parts),
        present_days=sum(p.present_days for p in parts),
        late=optional("late"),
        early_leave=optional("early_leave"),
        stop_days=optional("stop_days"),
        mourning_days=optional("mourning_days"),
    )


def attendance_rate(totals: PeriodTotals) -> Decimal | None:
    """出席率（％） = 出席日数 ÷ 出席しなければならない日数 × 100, 小数第1位に四捨五入.

    None when no day was required (a month without 授業日, or every day 出席停止): there is no
    rate to print, and printing 0.0 or 100.0 would be a claim. Exact decimal arithmetic, so the
    same days give the same printed rate everywhere.
    """
    if totals.required_days <= 0:
        return None
    rate = Decimal(totals.present_days * 100) / Decimal(totals.required_days)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
