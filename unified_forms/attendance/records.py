"""Daily attendance records, and their compiled form that every count and mark is read from.

A record stores *what happened* (semantic status, kind, reason, 遅刻/早退 flags), never
the printed mark: marks are legend configuration (legend.py) and totals are derived
(summarize.py). A 授業日 without a record means 出席 by default; a school that wants
every day confirmed sets ``missing_day="not_entered"`` and such days become 未入力,
which is an error once the month is closed.

:class:`AttendanceBook` checks every record against the calendar once (records on a
non-授業日, outside the pupil's enrolment, or on a 学級閉鎖 day are FormDataError naming
``pupils[i].records[j].date``) and turns the records into sorted integer arrays
indexed by the class's lesson-day number. Counting over any period is then a few
bisections plus a walk over the pupil's non-ordinary days only: a year for 600 pupils
is milliseconds, with no pydantic object touched in the hot loop.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from unified_forms.attendance._validation import entry, parse
from unified_forms.attendance.calendar import ClassClosure, SchoolCalendar
from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.models.base import MAX_TEXT_CODEPOINTS
from unified_forms.models.dates import IsoDate
from unified_forms.models.text import text_rules


class Status(StrEnum):
    """Semantic daily status (forms-spec §4.2(e) model)."""

    PRESENT = "PRESENT"  # 出席
    ABSENT = "ABSENT"  # 欠席 (kind: AbsenceKind)
    SUSPENDED = "SUSPENDED"  # 出席停止 (kind: SuspensionKind)
    MOURNING = "MOURNING"  # 忌引 (reason: 続柄)
    SCHOOL_APPROVED = "SCHOOL_APPROVED"  # 出席扱い (kind: ApprovedKind)
    NOT_ENTERED = "NOT_ENTERED"  # 未入力: an explicit placeholder


class AbsenceKind(StrEnum):
    SICK = "病気"
    ACCIDENT = "事故"
    OTHER = "その他"


class SuspensionKind(StrEnum):
    INFECTION = "感染症"  # 学校保健安全法 第19条
    CONDUCT = "性行不良"  # 学校教育法 第35条
    TEMPORARY_CLOSURE = "臨時休業"  # 学校保健安全法 第20条 (学級閉鎖等)
    OTHER = "その他"


class ApprovedKind(StrEnum):
    SCHOOL_EVENT = "学校行事"
    SUPPORT_CENTER = "教育支援センター"
    ICT_HOME_LEARNING = "ICT等自宅学習"
    SYNCHRONOUS_REMOTE = "同時双方向授業"
    OTHER = "その他"


STATUS_LABELS: dict[Status, str] = {
    Status.PRESENT: "出席",
    Status.ABSENT: "欠席",
    Status.SUSPENDED: "出席停止",
    Status.MOURNING: "忌引",
    Status.SCHOOL_APPROVED: "出席扱い",
    Status.NOT_ENTERED: "未入力",
}

_KINDS: dict[Status, type[StrEnum] | None] = {
    Status.PRESENT: None,
    Status.ABSENT: AbsenceKind,
    Status.SUSPENDED: SuspensionKind,
    Status.MOURNING: None,
    Status.SCHOOL_APPROVED: ApprovedKind,
    Status.NOT_ENTERED: None,
}


class DailyRecord(BaseModel):
    """One pupil's attendance on one 授業日.

    ``kind`` must belong to the status: 病気/事故/その他 for ABSENT, 感染症/性行不良/臨時休業/
    その他 for SUSPENDED, 学校行事/教育支援センター/ICT等自宅学習/同時双方向授業/その他 for
    SCHOOL_APPROVED. ``reason`` is free text: the 欠席理由, the disease (インフルエンザ), or
    for MOURNING the 続柄 (祖父). ``late``/``early_leave`` only go with a day the pupil
    attended (PRESENT or SCHOOL_APPROVED); both may be set on the same day.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CODEPOINTS)

    date: IsoDate
    status: Status = Status.PRESENT
    kind: Annotated[str, *text_rules(20)] | None = None
    reason: Annotated[str, *text_rules(100)] | None = None
    late: bool = False
    early_leave: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> DailyRecord:
        """種別はその出欠の状態に使えるものだけ、遅刻・早退は出席した日だけ。"""
        errs: list[ErrorEntry] = []
        kinds = _KINDS[self.status]
        if self.kind is not None:
            if kinds is None:
                errs.append(entry("kind", f"{STATUS_LABELS[self.status]}には種別を指定できません"))
            elif self.kind not in {k.value for k in kinds}:
                allowed = "、".join(k.value for k in kinds)
                label = STATUS_LABELS[self.status]
                errs.append(entry("kind", f"{label}の種別は {allowed} のいずれかです"))
        attended = self.status in (Status.PRESENT, Status.SCHOOL_APPROVED)
        if self.late and not attended:
            errs.append(entry("late", f"遅刻は出席した日にだけ付けられます（{STATUS_LABELS[self.status]}）"))
        if self.early_leave and not attended:
            errs.append(entry("early_leave", f"早退は出席した日にだけ付けられます（{STATUS_LABELS[self.status]}）"))
        if errs:
            raise FormDataError(errs)
        return self


class PupilAttendance(BaseModel):
    """A pupil's records for the 年度 and enrolment window (転入: enrolled_from, 転出: enrolled_to)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CODEPOINTS)

    pupil_id: Annotated[str, *text_rules(40, required=True)]
    enrolled_from: IsoDate | None = Field(default=None, description="first enrolled day (転入日); None: whole year")
    enrolled_to: IsoDate | None = Field(default=None, description="last enrolled day (転出); None: whole year")
    records: list[DailyRecord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _window(self) -> PupilAttendance:
        """在籍期間の終わりは始まり以後。"""
        if self.enrolled_from and self.enrolled_to and self.enrolled_to < self.enrolled_from:
            raise FormDataError(
                entry("enrolled_to", f"在籍終了日 {self.enrolled_to} が在籍開始日 {self.enrolled_from} より前です")
            )
        return self


class AttendanceOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CODEPOINTS)

    missing_day: Literal["present", "not_entered"] = Field(
        default="present", description="授業日 without a record: 出席, or 未入力 (error in a closed month)"
    )
    closed_through: IsoDate | None = Field(
        default=None, description="締め日: months ending on or before this date are closed"
    )

    def month_closed(self, year: int, month: int) -> bool:
        if self.closed_through is None:
            return False
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return nxt.toordinal() - 1 <= self.closed_through.toordinal()


class Code(IntEnum):
    """Compact status codes used in the compiled arrays (hot path)."""

    PRESENT = 0
    ABSENT = 1
    SUSPENDED = 2
    MOURNING = 3
    SCHOOL_APPROVED = 4
    NOT_ENTERED = 5


_CODE_OF: dict[Status, Code] = {
    Status.PRESENT: Code.PRESENT,
    Status.ABSENT: Code.ABSENT,
    Status.SUSPENDED: Code.SUSPENDED,
    Status.MOURNING: Code.MOURNING,
    Status.SCHOOL_APPROVED: Code.SCHOOL_APPROVED,
    Status.NOT_ENTERED: Code.NOT_ENTERED,
}

# (code, kind, reason, late, early_leave): one non-ordinary day of one pupil.
Event = tuple[int, str | None, str | None, bool, bool]


class CellState(StrEnum):
    """What one cell of the 出席簿 grid shows for a pupil on a calendar day."""

    NO_SCHOOL = "NO_SCHOOL"  # not a 授業日 for the class: blank (column shaded)
    NOT_ENROLLED = "NOT_ENROLLED"  # before 転入 / after 転出: blank, not counted
    CLASS_CLOSURE = "CLASS_CLOSURE"  # 学級閉鎖: 出席停止 (臨時休業)
    PRESENT = "PRESENT"
    ABSENT = "ABSENT"
    SUSPENDED = "SUSPENDED"
    MOURNING = "MOURNING"
    SCHOOL_APPROVED = "SCHOOL_APPROVED"
    NOT_ENTERED = "NOT_ENTERED"


_STATE_OF_CODE: dict[int, CellState] = {
    Code.PRESENT: CellState.PRESENT,
    Code.ABSENT: CellState.ABSENT,
    Code.SUSPENDED: CellState.SUSPENDED,
    Code.MOURNING: CellState.MOURNING,
    Code.SCHOOL_APPROVED: CellState.SCHOOL_APPROVED,
    Code.NOT_ENTERED: CellState.NOT_ENTERED,
}


@dataclass(frozen=True, slots=True)
class DayCell:
    """A printable day of a pupil: the state plus the details the legend and 備考 need."""

    date: date
    state: CellState
    kind: str | None = None
    reason: str | None = None
    late: bool = False
    early_leave: bool = False


@dataclass(slots=True)
class CompiledPupil:
    pupil_id: str
    lo: int  # first enrolled lesson index (inclusive)
    hi: int  # last enrolled lesson index + 1
    recorded: list[int]  # sorted lesson indices with any record
    ev_idx: list[int]  # sorted lesson indices of non-ordinary days
    ev: list[Event]  # parallel to ev_idx


class AttendanceBook:
    """A class's checked, compiled attendance for one 年度: the input of every count.

    Build it once (``AttendanceBook(calendar, pupils, class_id=...)``) and ask it for
    any period; :func:`unified_forms.attendance.summarize` does exactly that.
    """

    def __init__(
        self,
        calendar: SchoolCalendar,
        pupils: Sequence[PupilAttendance | dict[str, Any]],
        *,
        class_id: str,
        options: AttendanceOptions | None = None,
        path: str = "pupils",
    ) -> None:
        self.calendar = calendar
        self.class_id = class_id
        self.options = options or AttendanceOptions()
        self.path = path
        self.lesson_days: tuple[date, ...] = calendar.class_lesson_days(class_id)
        self.index_of: dict[date, int] = {d: i for i, d in enumerate(self.lesson_days)}
        closures = calendar.class_closure_days(class_id)
        self.closure_idx: list[int] = [self.index_of[d] for d in closures]
        self.closure_of: dict[int, ClassClosure] = {self.index_of[d]: c for d, c in closures.items()}
        parsed: list[PupilAttendance] = []
        errors: list[ErrorEntry] = []
        for i, p in enumerate(pupils):
            try:
                parsed.append(parse(PupilAttendance, p, f"{path}[{i}]"))
            except FormDataError as exc:
                errors.extend(exc.errors)
        if errors:
            raise FormDataError(errors)
        self.pupils: list[PupilAttendance] = parsed
        self.compiled: list[CompiledPupil] = []
        seen_ids: set[str] = set()
        for i, p in enumerate(parsed):
            if p.pupil_id in seen_ids:
                errors.append(entry(f"{path}[{i}].pupil_id", f"児童生徒ID {p.pupil_id} が重複しています"))
            seen_ids.add(p.pupil_id)
            self.compiled.append(self._compile(i, p, errors))
        if errors:
            raise FormDataError(errors)
        self.position: dict[str, int] = {p.pupil_id: i for i, p in enumerate(parsed)}

    # ------------------------------------------------------------------ compile
    def window(self, start: date, end: date) -> tuple[int, int]:
        """Lesson-index range [lo, hi) of the 授業日 in [start, end]."""
        return bisect_left(self.lesson_days, start), bisect_right(self.lesson_days, end)

    def _compile(self, i: int, p: PupilAttendance, errors: list[ErrorEntry]) -> CompiledPupil:
        cal = self.calendar
        lo, hi = self.window(p.enrolled_from or cal.year_start, p.enrolled_to or cal.year_end)
        recorded: list[int] = []
        events: list[tuple[int, Event]] = []
        seen: dict[date, int] = {}
        for j, r in enumerate(p.records):
            where = f"{self.path}[{i}].records[{j}].date"
            d = r.date
            if d in seen:
                errors.append(entry(where, f"{d} の記録が重複しています（records[{seen[d]}] と同じ日）"))
                continue
            seen[d] = j
            idx = self.index_of.get(d)
            if idx is None:
                info = cal.day_info(d, self.class_id)
                why = f"{info.kind.value}（{info.label}）" if info.label else info.kind.value
                errors.append(entry(where, f"{d} は授業日ではありません: {why}"))
                continue
            if not lo <= idx < hi:
                errors.append(entry(where, f"{d} は在籍期間外です（転入・転出）"))
                continue
            if idx in self.closure_of:
                c = self.closure_of[idx]
                errors.append(
                    entry(where, f"{d} は{c.scope}（{c.reason}）の日です: 出席停止として自動で数えるため記録は不要です")
                )
                continue
            recorded.append(idx)
            code = _CODE_OF[r.status]
            if code != Code.PRESENT or r.late or r.early_leave:
                events.append((idx, (int(code), r.kind, r.reason, r.late, r.early_leave)))
        recorded.sort()
        events.sort(key=lambda e: e[0])
        return CompiledPupil(
            pupil_id=p.pupil_id,
            lo=lo,
            hi=hi,
            recorded=recorded,
            ev_idx=[e[0] for e in events],
            ev=[e[1] for e in events],
        )

    # ------------------------------------------------------------------ cells
    def cell(self, pupil: int | str, d: date) -> DayCell:
        """The printable state of one pupil (position or id) on one calendar day."""
        cp = self.compiled[pupil if isinstance(pupil, int) else self.position[pupil]]
        idx = self.index_of.get(d)
        if idx is None:
            return DayCell(date=d, state=CellState.NO_SCHOOL)
        if not cp.lo <= idx < cp.hi:
            return DayCell(date=d, state=CellState.NOT_ENROLLED)
        closure = self.closure_of.get(idx)
        if closure is not None:
            return DayCell(
                date=d,
                state=CellState.CLASS_CLOSURE,
                kind=SuspensionKind.TEMPORARY_CLOSURE.value,
                reason=closure.reason,
            )
        k = bisect_left(cp.ev_idx, idx)
        if k < len(cp.ev_idx) and cp.ev_idx[k] == idx:
            code, kind, reason, late, early = cp.ev[k]
            return DayCell(date=d, state=_STATE_OF_CODE[code], kind=kind, reason=reason, late=late, early_leave=early)
        if self.options.missing_day == "not_entered":
            k = bisect_left(cp.recorded, idx)
            if not (k < len(cp.recorded) and cp.recorded[k] == idx):
                return DayCell(date=d, state=CellState.NOT_ENTERED)
        return DayCell(date=d, state=CellState.PRESENT)

    def month_cells(self, year: int, month: int) -> list[list[DayCell]]:
        """Per pupil (input order), one DayCell per calendar day of the month (1…28–31)."""
        days = [info.date for info in self.calendar.month_days(year, month, self.class_id)]
        return [[self.cell(i, d) for d in days] for i in range(len(self.compiled))]

    def daily_counts(self, d: date, pupils: Iterable[int | str] | None = None) -> dict[str, int]:
        """Per-day footer numbers (在籍, 出席, 欠席, 出停忌引) over all or some pupils (e.g. 男子)."""
        chosen = range(len(self.compiled)) if pupils is None else pupils
        counts = {"enrolled": 0, "present": 0, "absent": 0, "suspended_mourning": 0, "not_entered": 0}
        if d not in self.index_of:
            return counts
        for p in chosen:
            c = self.cell(p, d)
            if c.state is CellState.NOT_ENROLLED:
                continue
            counts["enrolled"] += 1
            if c.state in (CellState.PRESENT, CellState.SCHOOL_APPROVED):
                counts["present"] += 1
            elif c.state is CellState.ABSENT:
                counts["absent"] += 1
            elif c.state is CellState.NOT_ENTERED:
                counts["not_entered"] += 1
            else:
                counts["suspended_mourning"] += 1
        return counts
