"""出席簿 (forms-spec §4.2): one class, one month, from daily records or from totals only.

The sheet is the source of every 出欠の記録, so its input must be the same facts the
aggregate counts from: the school calendar and each pupil's daily records, checked by
building an :class:`~unified_forms.attendance.AttendanceBook` while the input is
validated. A record on a day that is not a 授業日 (a school-wide 臨時休業), outside the
pupil's enrolment, or on a 学級閉鎖 day is then a FormDataError at
``pupils[i].records[j].date`` before anything is laid out.

Some school systems only keep totals. They may give ``totals`` (当月) and
``cumulative`` (年間累計) per pupil instead of records; those are checked against the
P-12 rules (``check_totals``) and, when the calendar is given, 授業日数 must equal the
calendar's count for the pupil's enrolment, so a closure day counted as a 授業日 is an
error too. Such a sheet prints the totals and an empty daily grid: the marks are not
known, and inventing them would be a hard-coded result.

The usual monthly upload carries only this month's records, and a day without a record
counts as present, so 年間累計 summed over the records alone would count every earlier
month as fully attended. Such a system gives ``prior`` per pupil (totals from 4/1 to the
end of the previous month, checked like ``totals`` and against the calendar's 授業日);
年間累計 is then prior + this month, and records before the month are refused so no day
is counted twice. Without ``prior`` and without any record before the month (not April,
pupil enrolled before the month) the earlier months are simply unknown: the binding
leaves 年間累計 blank and says so in the render report rather than print a guess.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import (
    Field,
    PrivateAttr,
    Strict,
    WrapValidator,
    model_validator,
)

from unified_forms.attendance import (
    DEFAULT_LEGEND,
    AttendanceBook,
    AttendanceOptions,
    DailyRecord,
    Legend,
    PeriodTotals,
    SchoolCalendar,
    check_totals,
)
from unified_forms.errors import FormDataError
from unified_forms.models.common import (
    ClassIdText,
    ClassRef,
    FiscalYear,
    InputModel,
    IsoDate,
    PersonName,
    School,
    Sex,
    Teacher,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations, keep_inner_paths, path_loc

Paper = Literal["A3", "A4"]
Count = Annotated[int, Strict()]  # range checked by check_totals, so the message names the P-12 rule


class TotalsInput(InputModel):
    """出欠の記録 given as numbers (systems without daily records). Derived values are optional."""

    lesson_days: Count = Field(title="授業日数")
    suspension_days: Count = Field(default=0, title="出席停止・忌引等の日数")
    required_days: Count | None = Field(default=None, title="出席しなければならない日数")
    absence_days: Count = Field(default=0, title="欠席日数")
    present_days: Count | None = Field(default=None, title="出席日数")
    late: Count | None = Field(default=None, title="遅刻")
    early_leave: Count | None = Field(default=None, title="早退")
    stop_days: Count | None = Field(
        default=None, title="出席停止の日数", description="出席停止・忌引等のうち出席停止（学級閉鎖を含む）"
    )
    mourning_days: Count | None = Field(default=None, title="忌引の日数", description="出席停止・忌引等のうち忌引")
    remarks: Annotated[str, *text_rules(200, multiline=True)] = Field(default="", title="備考")


class RegisterPupil(InputModel):
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")
    name: PersonName = Field(title="氏名")
    sex: Sex = Field(title="性別")
    pupil_id: str | None = Field(default=None, min_length=1, max_length=40, title="児童生徒ID")
    enrolled_from: IsoDate | None = Field(default=None, title="在籍開始日（転入日）")
    enrolled_to: IsoDate | None = Field(default=None, title="在籍終了日（転出日）")
    records: Annotated[list[DailyRecord], WrapValidator(keep_inner_paths)] = Field(
        default_factory=list, title="出欠記録"
    )
    totals: TotalsInput | None = Field(default=None, title="当月の出欠（合計のみの入力）")
    cumulative: TotalsInput | None = Field(default=None, title="年間累計（合計のみの入力）")
    prior: TotalsInput | None = Field(
        default=None,
        title="前月までの累計（当月分の記録のみの入力）",
        description=(
            "日ごとの記録が当月分だけのとき、4月1日から前月末までの出欠の合計。"
            "年間累計 = 前月までの累計 + 当月。省略して前月以前の記録もないと（4月を除き）年間累計は空欄になる"
        ),
    )
    remarks: Annotated[str, *text_rules(60, multiline=True)] | None = Field(default=None, title="備考（手書き分）")

    @property
    def id(self) -> str:
        return self.pupil_id or f"no{self.number:02d}"


class AttendanceRegisterInput(InputModel):
    """Input of the 出席簿 (`attendance_register`): one class, one month."""

    fiscal_year: FiscalYear = Field(title="年度")
    month: Annotated[int, Strict(), Field(ge=1, le=12)] = Field(title="月")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    class_id: ClassIdText | None = Field(
        default=None, title="学級ID", description="学級閉鎖の class_ids で使う識別子（省略時は「学年-組」）"
    )
    teacher: Teacher = Field(title="学級担任")
    calendar: Annotated[SchoolCalendar | None, WrapValidator(keep_inner_paths)] = Field(
        default=None, title="学校暦", description="日ごとの記録を使うときは必須。合計のみの入力でも授業日数の照合に使う"
    )
    pupils: list[RegisterPupil] = Field(min_length=1, max_length=200, title="児童生徒")
    legend: Annotated[Legend, WrapValidator(keep_inner_paths)] = Field(default=DEFAULT_LEGEND, title="凡例（処理記号）")
    options: Annotated[AttendanceOptions, WrapValidator(keep_inner_paths)] = Field(
        default=AttendanceOptions(), title="集計の設定"
    )
    absence_alert: Literal["unjustified", "all"] = Field(
        default="unjustified",
        title="連続欠席の通知対象",
        description="unjustified: 病気・事故以外の欠席; all: すべての欠席",
    )
    absence_in_remarks: bool = Field(
        default=True, title="備考に欠席の内訳を書く", description="「欠席（病気）2日」を集計の備考に続けて印字する"
    )
    paper: Paper = Field(default="A3", title="用紙", description="A3 横（既定）または A4 横")
    notes: Annotated[str, *text_rules(120, multiline=True)] | None = Field(default=None, title="記事")
    created_on: IsoDate | None = Field(default=None, title="作成日")

    _book: AttendanceBook | None = PrivateAttr(default=None)
    _prior: dict[str, PeriodTotals] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        """Equal when the input data is equal; the checked book is derived from it, not compared."""
        if not isinstance(other, AttendanceRegisterInput):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = InputModel.__hash__

    # ------------------------------------------------------------------ derived facts
    @property
    def year(self) -> int:
        """Calendar year of the month (1–3月 belong to the next year of the 年度)."""
        return int(self.fiscal_year) + (1 if self.month <= 3 else 0)

    @property
    def month_first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def attendance_class_id(self) -> str:
        return self.class_id or f"{self.homeroom.grade}-{self.homeroom.kumi}"

    @property
    def totals_only(self) -> bool:
        return any(p.totals is not None for p in self.pupils)

    @property
    def layout_variant(self) -> str | None:
        return None if self.paper == "A3" else "a4"

    @property
    def book(self) -> AttendanceBook | None:
        """The checked attendance of the class (None for totals-only input)."""
        return self._book

    @property
    def prior_totals(self) -> dict[str, PeriodTotals]:
        """Checked 前月までの累計 by pupil id (only pupils that gave ``prior``)."""
        return dict(self._prior)

    @property
    def records_before_month(self) -> bool:
        """True when some pupil has a record before this month: the upload covers the earlier months."""
        first = self.month_first
        return any(r.date < first for p in self.pupils for r in p.records)

    def earlier_months_known(self, p: RegisterPupil) -> bool:
        """Whether 4/1 … the end of last month can be summed from the records for ``p``.

        True in April, for a pupil enrolled from this month on, and when the records reach
        back before the month; otherwise a missing day would count as present.
        """
        first = self.month_first
        if first <= date(int(self.fiscal_year), 4, 1):
            return True
        if p.enrolled_from is not None and p.enrolled_from >= first:
            return True
        return self.records_before_month

    # ------------------------------------------------------------------ checks
    @model_validator(mode="after")
    def _consistent(self) -> AttendanceRegisterInput:
        """出席番号と児童生徒IDは重複しない、学校暦の年度は出席簿の年度と同じ、
        日ごとの記録なら学校暦が必要で記録は学校暦の授業日・出欠の規則どおり（前月までの累計も）、
        合計のみの入力なら全員の当月の合計があり日ごとの記録はない。"""
        v = RuleViolations("AttendanceRegisterInput")
        seen: dict[int, int] = {}
        ids: dict[str, int] = {}
        for i, p in enumerate(self.pupils):
            if p.number in seen:
                v.add(("pupils", i, "number"), f"出席番号{p.number}が重複しています（{seen[p.number] + 1}人目と同じ）")
            seen.setdefault(p.number, i)
            if p.id in ids:
                v.add(("pupils", i, "pupil_id"), f"児童生徒IDが重複しています（{ids[p.id] + 1}人目と同じ）")
            ids.setdefault(p.id, i)
        if self.calendar is not None and self.calendar.fiscal_year != int(self.fiscal_year):
            v.add(("calendar", "fiscal_year"), f"学校暦の年度（{self.calendar.fiscal_year}）が出席簿の年度と違います")
        v.raise_if_any()
        if self.totals_only:
            self._check_totals_input(v)
        else:
            self._build_book(v)
        v.raise_if_any()
        return self

    def _build_book(self, v: RuleViolations) -> None:
        if self.calendar is None:
            v.add("calendar", "日ごとの出欠記録から出席簿を作るには学校暦が必要です")
            return
        for i, p in enumerate(self.pupils):
            if p.cumulative is not None:
                message = "年間累計は日ごとの記録から集計します（合計のみの入力でだけ指定できます）"
                v.add(("pupils", i, "cumulative"), message)
            if p.prior is not None:
                self._check_prior(i, p, v)
        if v:
            return
        pupils = [
            {"pupil_id": p.id, "enrolled_from": p.enrolled_from, "enrolled_to": p.enrolled_to, "records": p.records}
            for p in self.pupils
        ]
        try:
            self._book = AttendanceBook(
                self.calendar, pupils, class_id=self.attendance_class_id, options=self.options, path="pupils"
            )
        except FormDataError as exc:
            for e in exc.errors:
                v.add(path_loc(e.path), e.message)

    def _check_prior(self, i: int, p: RegisterPupil, v: RuleViolations) -> None:
        """前月までの累計: P-12 rules, the calendar's 授業日 before the month, no overlap with records."""
        assert p.prior is not None and self.calendar is not None
        first = self.month_first
        for j, r in enumerate(p.records):
            if r.date < first:
                v.add(
                    ("pupils", i, "records", j, "date"),
                    f"前月までの累計（prior）を指定したときは当月より前の記録（{r.date}）は指定できません"
                    "（同じ日を二重に数えるため）",
                )
        if p.prior.remarks:
            message = "前月までの累計の備考は印字されません（当月の備考に書いてください）"
            v.add(("pupils", i, "prior", "remarks"), message)
        try:
            checked = check_totals(p.prior, path=f"pupils[{i}].prior")
        except FormDataError as exc:
            for e in exc.errors:
                v.add(path_loc(e.path), e.message)
            return
        lo = max(self.calendar.year_start, p.enrolled_from or date.min)
        hi = first - timedelta(days=1)
        if p.enrolled_to is not None:
            hi = min(hi, p.enrolled_to)
        expected = len(self.calendar.lesson_days(self.attendance_class_id, lo, hi)) if lo <= hi else 0
        if checked.lesson_days != expected:
            v.add(
                ("pupils", i, "prior", "lesson_days"),
                f"前月までの授業日数 {checked.lesson_days} が学校暦の4月1日から前月末までの授業日数 {expected} と"
                "一致しません（在籍期間・臨時休業を確認してください）",
            )
            return
        self._prior[p.id] = checked

    def _check_totals_input(self, v: RuleViolations) -> None:
        lessons: list[date] | None = None
        if self.calendar is not None:
            first = self.month_first
            last = self.calendar.month_period(self.year, self.month)[1]
            lessons = self.calendar.lesson_days(self.attendance_class_id, first, last)
        for i, p in enumerate(self.pupils):
            if p.records:
                v.add(("pupils", i, "records"), "合計のみの入力では日ごとの記録は指定できません（どちらか一方）")
            if p.prior is not None:
                message = "合計のみの入力では前月までの累計ではなく年間累計（cumulative）を指定してください"
                v.add(("pupils", i, "prior"), message)
            if p.totals is None:
                v.add(("pupils", i, "totals"), "合計のみの入力では全員の当月の合計が必要です")
                continue
            checked = {}
            for part in ("totals", "cumulative"):
                given = getattr(p, part)
                if given is None:
                    continue
                try:
                    checked[part] = check_totals(given, path=f"pupils[{i}].{part}")
                except FormDataError as exc:
                    for e in exc.errors:
                        v.add(path_loc(e.path), e.message)
            month, year = checked.get("totals"), checked.get("cumulative")
            if month is not None and year is not None:
                for name in ("lesson_days", "suspension_days", "required_days", "absence_days", "present_days"):
                    if getattr(year, name) < getattr(month, name):
                        v.add(
                            ("pupils", i, "cumulative", name),
                            f"年間累計 {getattr(year, name)} が当月 {getattr(month, name)} より小さくなっています",
                        )
            if month is not None and lessons is not None:
                lo = p.enrolled_from or date.min
                hi = p.enrolled_to or date.max
                expected = sum(1 for d in lessons if lo <= d <= hi)
                if month.lesson_days != expected:
                    v.add(
                        ("pupils", i, "totals", "lesson_days"),
                        f"授業日数 {month.lesson_days} が学校暦の授業日数 {expected} と一致しません"
                        "（臨時休業・休業日を授業日に数えていないか確認してください）",
                    )
