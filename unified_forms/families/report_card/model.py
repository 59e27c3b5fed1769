"""通知表 input (forms-spec §4.5, §4.6): one pupil, one 年度, the terms reached so far.

A 通知表 has no legal format, so what varies between schools is data, not code: the
arrangement (which patterns, on which panels), the 学期制, the wording of the 観点 scale,
whether 小学校 prints 評定, whether 1年生 are evaluated in 1学期. The model checks
every value against those choices and reports it at its path (a 観点 value not in the
scale, a 評定 out of range, a value for a term the school does not have or has not reached),
because a wrong mark on a report card goes home to a family.

出欠 is either daily records (``attendance.records`` + ``attendance.calendar``: the
attendance aggregate computes each term) or per-term totals (checked by the aggregate's
``check_totals``); nothing here adds attendance up by itself. The 集計期間 of each term is
printed on every arrangement: from the calendar for daily records, from
``attendance_periods`` for totals.

One input base for the family (issue 17): ``ReportCardSpecialNeedsInput`` only adds the
特別支援学級 fields; every per-term list of both is checked by the same loop (``TERM_LISTS``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, Strict, model_validator

from unified_forms.errors import FormDataError
from unified_forms.models.common import (
    AttendanceTotals,
    ClassRef,
    FiscalYear,
    InputModel,
    IsoDate,
    PersonName,
    School,
    SchoolType,
    Teacher,
    TermSystem,
    text_rules,
)
from unified_forms.models.errors_map import RuleViolations, path_loc
from unified_forms.models.image import Base64Image

SCALES: dict[str, tuple[str, ...]] = {
    "symbols": ("◎", "○", "△"),
    "words": ("よくできる", "できる", "もう少し"),
    "letters": ("A", "B", "C"),
}
SCALE_LEGEND: dict[str, str] = {
    "symbols": "◎…よくできる　○…できる　△…もう少しがんばろう",
    "words": "よくできる…十分満足できる　できる…おおむね満足できる　もう少し…努力を要する",
    "letters": "A…十分満足できる　B…おおむね満足できる　C…努力を要する",
}
SLASH_MARKS = ("/", "／")
BEHAVIOR_MARKS = ("○", "◎", "")

Scale = Literal["symbols", "words", "letters"]
ArrangementName = Annotated[str, Strict(), Field(pattern=r"^[a-z0-9_]{1,40}$")]
Mark = str | None
ShortText = Annotated[str, *text_rules(20)]
LabelText = Annotated[str, *text_rules(24, required=True)]
TermText = Annotated[str, *text_rules(320, multiline=True)]
GoalText = Annotated[str, *text_rules(80, multiline=True)]


class LearningMode(StrEnum):
    """学習形態 of one subject in a 特別支援学級 (§4.6(e))."""

    REGULAR = "regular"  # 通常の教育課程（交流学級など）
    LOWER_GRADE = "lower_grade"  # 下学年の目標・内容
    INTELLECTUAL = "intellectual"  # 知的障害教育の各教科（文章記述）
    COMBINED = "combined"  # 各教科等を合わせた指導（生活単元学習など、文章記述）

    @property
    def descriptive(self) -> bool:
        """Evaluated by 文章記述 only: no 観点 (A/B/C) and no 評定 cells."""
        return self in (LearningMode.INTELLECTUAL, LearningMode.COMBINED)


class Viewpoint(InputModel):
    """One 観点 row of a subject: its label and a mark per term (+ 学年末)."""

    label: LabelText = Field(title="観点")
    marks: list[Mark] = Field(default=[], title="学期ごとの評価", description="1学期から順に。空欄は null")
    year: Mark = Field(default=None, title="学年末の評価")


class Subject(InputModel):
    name: Annotated[str, *text_rules(12, required=True)] = Field(title="教科名")
    mode: LearningMode = Field(default=LearningMode.REGULAR, title="学習形態")
    goals: list[GoalText | None] = Field(
        default=[], title="個別の目標（めあて）（学期ごと）", description="特別支援学級の通知表で印字する"
    )
    viewpoints: list[Viewpoint] = Field(default=[], max_length=5, title="観点")
    hyotei: list[Annotated[int, Strict()] | None] = Field(default=[], title="評定（学期ごと）")
    hyotei_year: Annotated[int, Strict()] | None = Field(default=None, title="評定（学年末）")
    texts: list[TermText | None] = Field(default=[], title="文章による評価（学期ごと）")


class BehaviorItem(InputModel):
    item: LabelText = Field(title="行動の記録の項目")
    marks: list[Mark] = Field(default=[], title="学期ごとの評価（○）")


class ActivityRow(InputModel):
    """特別活動: 係活動, 委員会活動, クラブ活動 ... with the text of each term."""

    item: Annotated[str, *text_rules(10, required=True)] = Field(title="特別活動の項目")
    terms: list[Annotated[str, *text_rules(40)] | None] = Field(default=[], title="学期ごとの内容")


class IndependentActivity(InputModel):
    """自立活動 (P-13) of one term: 目標 and 評価 (文章)."""

    goal: Annotated[str, *text_rules(80, multiline=True)] = Field(default="", title="自立活動の目標")
    evaluation: Annotated[str, *text_rules(200, multiline=True)] = Field(default="", title="自立活動の評価")


class DailyAttendance(InputModel):
    """出欠 as daily records; the attendance aggregate computes every term (and month)."""

    calendar: dict[str, Any] = Field(title="学校暦", description="unified_forms.attendance.SchoolCalendar の形")
    class_id: str = Field(title="学級ID")
    pupil: dict[str, Any] = Field(title="児童生徒の出欠記録", description="PupilAttendance の形")


class AttendancePeriod(InputModel):
    """出欠の集計期間 of one term (e.g. 4/7〜7/18), printed with the 出欠の記録."""

    start: IsoDate = Field(title="開始日")
    end: IsoDate = Field(title="終了日")


class Student(InputModel):
    name: PersonName = Field(title="氏名")
    number: Annotated[int, Strict(), Field(ge=1, le=99)] = Field(title="出席番号")


class ReportCardInput(InputModel):
    """Input of the 通知表 (`report_card`)."""

    arrangement: ArrangementName = Field(
        default="elementary_3term", title="様式（配置）", description="unified-forms layouts で一覧"
    )
    title: Annotated[str, *text_rules(10, required=True)] = Field(default="通知表", title="表題")
    fiscal_year: FiscalYear = Field(title="年度")
    school: School = Field(title="学校")
    homeroom: ClassRef = Field(title="学級")
    teacher: Teacher = Field(title="学級担任")
    student: Student = Field(title="児童生徒")
    term_system: TermSystem = Field(default=TermSystem.THREE, title="学期制")
    term_names: list[Annotated[str, *text_rules(6, required=True)]] | None = Field(default=None, title="学期名")
    current_term: Annotated[int, Strict(), Field(ge=1, le=3)] = Field(title="現在の学期")
    year_end: bool = Field(default=False, title="学年末の欄", description="学年末の評価・評定を印字する")
    scale: Scale = Field(default="words", title="観点の評価の表し方")
    hyotei: bool = Field(default=False, title="評定を印字する", description="小学校3〜6年の学校選択。中学校は常に印字")
    no_evaluation_first_term: bool = Field(default=False, title="1年生の1学期は評価しない")
    subjects: list[Subject] = Field(min_length=1, max_length=16, title="各教科")
    moral: list[TermText | None] = Field(default=[], title="特別の教科 道徳")
    foreign_language_activity: list[TermText | None] = Field(default=[], title="外国語活動")
    integrated_study: list[TermText | None] = Field(default=[], title="総合的な学習の時間")
    special_activities: list[ActivityRow] = Field(default=[], max_length=5, title="特別活動")
    behavior: list[BehaviorItem] = Field(default=[], max_length=10, title="行動の記録")
    comments: list[TermText | None] = Field(default=[], title="所見")
    attendance: list[AttendanceTotals] | DailyAttendance | None = Field(default=None, title="出欠の記録")
    attendance_periods: list[AttendancePeriod] = Field(
        default=[],
        title="出欠の集計期間（学期ごと）",
        description="出欠を学期ごとの合計で入力するときの各学期の集計期間。日々の記録のときは学校暦から求める",
    )
    emblem: Base64Image | None = Field(
        default=None, title="校章", description="表紙に印刷する校章（PNG または JPEG を base64 で）"
    )
    completion_date: IsoDate | None = Field(
        default=None, title="修了の日付", description="最後の学期の通知表だけ（修了証はこの日付で印字する）"
    )

    # per-term lists checked alike (index = 学期); the 特別支援学級 model adds its own
    TERM_LISTS: ClassVar[tuple[str, ...]] = ("moral", "foreign_language_activity", "integrated_study", "comments")

    # ------------------------------------------------------------------ derived
    @property
    def term_count(self) -> int:
        return self.term_system.term_count

    @property
    def school_type(self) -> SchoolType:
        return self.homeroom.school_type

    @property
    def hyotei_max(self) -> int:
        return 5 if self.school_type is SchoolType.JUNIOR_HIGH else 3

    @property
    def prints_hyotei(self) -> bool:
        return self.school_type is SchoolType.JUNIOR_HIGH or self.hyotei

    @property
    def is_last_term(self) -> bool:
        return self.current_term == self.term_count

    @property
    def prints_certificate(self) -> bool:
        """修了証 only on the card of the last term, and only dated (never an undated 修了証)."""
        return self.is_last_term and self.completion_date is not None

    @property
    def unevaluated_terms(self) -> frozenset[int]:
        """1-based terms whose 観点/評定 cells are 斜線 (1年生 1学期 when the school says so)."""
        if self.no_evaluation_first_term and self.homeroom.grade == 1:
            return frozenset({1})
        return frozenset()

    @property
    def layout_variant(self) -> str | None:
        """Layout file variant: ``report_card.<arrangement>.yaml``; the default arrangement is
        ``report_card.yaml``. Whether the arrangement exists and suits the data (学期制, 学校種,
        a block for every text given) is checked by the binding, which may read layout files."""
        return None if self.arrangement == self.default_arrangement else self.arrangement

    form_id: ClassVar[str] = "report_card"
    default_arrangement: ClassVar[str] = "elementary_3term"

    # ------------------------------------------------------------------ rules
    @model_validator(mode="after")
    def _rules(self) -> ReportCardInput:
        """現在の学期 ≤ 学期の数、学期名は学期の数だけ、観点の評価は評価の尺度（scale）の記号、
        文章記述の教科に観点・評定は付けない、評定は設定（hyotei）と学年（小学校は3年から）が許すときだけで1〜最大値、
        学年末の評価は学年末の欄がある様式の最後の学期だけ、1年生1学期を評価しない設定ならその学期の観点は空欄、
        学期ごとの欄は学期の数までで現在の学期まで、行動の記録は ○ か空欄、日ごとの出欠は学校暦と出欠の規則どおり、
        学習形態は特別支援学級の通知表だけ。"""
        v = RuleViolations(type(self).__name__)
        n = self.term_count
        if self.current_term > n:
            v.add("current_term", f"{self.term_system.label}の学期は{n}つです", value=self.current_term)
        if self.term_names is not None and len(self.term_names) != n:
            v.add("term_names", f"{self.term_system.label}では学期名を{n}つ指定してください")
        allowed = SCALES[self.scale]
        scale_help = "・".join(allowed)
        for i, s in enumerate(self.subjects):
            base: tuple[str | int, ...] = ("subjects", i)
            if s.mode.descriptive:
                if any(m not in (None, "") for vp in s.viewpoints for m in [*vp.marks, vp.year]):
                    v.add((*base, "viewpoints"), "文章記述で評価する教科に観点の評価は付けられません")
                if any(h is not None for h in s.hyotei) or s.hyotei_year is not None:
                    v.add((*base, "hyotei"), "文章記述で評価する教科に評定は付けられません")
            for j, vp in enumerate(s.viewpoints):
                for t, mark in enumerate(vp.marks):
                    where = (*base, "viewpoints", j, "marks", t)
                    self._check_term(v, where, t)
                    if mark in (None, "") or mark in SLASH_MARKS:
                        continue
                    if mark not in allowed:
                        v.add(where, f"観点の評価は {scale_help} のいずれかです", value=mark)
                    elif t + 1 in self.unevaluated_terms:
                        v.add(where, "1年生の1学期は評価しない設定です")
                if vp.year not in (None, "", *SLASH_MARKS):
                    where = (*base, "viewpoints", j, "year")
                    if vp.year not in allowed:
                        v.add(where, f"観点の評価は {scale_help} のいずれかです", value=vp.year)
                    elif not self.year_end:
                        v.add(where, "学年末の欄がない様式です（year_end）")
                    elif self.current_term < n:
                        v.add(where, "学年末の評価は最後の学期に入力します")
            hyotei_given = any(h is not None for h in s.hyotei) or s.hyotei_year is not None
            if hyotei_given and not self.prints_hyotei:
                v.add((*base, "hyotei"), "評定を印字しない設定です（hyotei）")
            elif hyotei_given and self.school_type is SchoolType.ELEMENTARY and self.homeroom.grade < 3:
                v.add((*base, "hyotei"), "小学校の評定は3〜6年だけです")
            top = self.hyotei_max
            for t, h in enumerate(s.hyotei):
                self._check_term(v, (*base, "hyotei", t), t)
                if h is not None and not 1 <= h <= top:
                    v.add((*base, "hyotei", t), f"評定は1〜{top}です", value=h)
            if s.hyotei_year is not None and not 1 <= s.hyotei_year <= top:
                v.add((*base, "hyotei_year"), f"評定は1〜{top}です", value=s.hyotei_year)
            for field in ("texts", "goals"):
                for t, _ in enumerate(getattr(s, field)):
                    self._check_term(v, (*base, field, t), t)
        for name in self.TERM_LISTS:
            for t, _ in enumerate(getattr(self, name)):
                self._check_term(v, (name, t), t)
        for i, row in enumerate(self.special_activities):
            for t, _ in enumerate(row.terms):
                self._check_term(v, ("special_activities", i, "terms", t), t)
        for i, b in enumerate(self.behavior):
            for t, mark in enumerate(b.marks):
                self._check_term(v, ("behavior", i, "marks", t), t)
                if mark is not None and mark not in BEHAVIOR_MARKS:
                    v.add(("behavior", i, "marks", t), "行動の記録は ○ か空欄です", value=mark)
        if isinstance(self.attendance, list):
            for t, _ in enumerate(self.attendance):
                self._check_term(v, ("attendance", t), t)
        elif isinstance(self.attendance, DailyAttendance):
            self._check_daily(v, self.attendance)
        self._check_periods(v)
        if self.completion_date is not None and not self.is_last_term:
            v.add(
                "completion_date",
                f"修了の日付は最後の学期（{self.term_count}学期目）の通知表に入力します（現在は{self.current_term}学期目）",
            )
        self._extra_rules(v)
        v.raise_if_any()
        return self

    def _check_daily(self, v: RuleViolations, att: DailyAttendance) -> None:
        """Daily records are checked by the attendance aggregate itself (same paths as at print)."""
        from unified_forms.attendance import AttendanceBook, SchoolCalendar

        try:
            cal = SchoolCalendar.parse(att.calendar, path="attendance.calendar")
            AttendanceBook(cal, [att.pupil], class_id=att.class_id, path="attendance.pupils")
        except FormDataError as exc:
            for e in exc.errors:
                loc = path_loc(e.path)
                if loc[:3] == ("attendance", "pupils", 0):  # the aggregate's list of one pupil is our `pupil`
                    loc = ("attendance", "pupil", *loc[3:])
                v.add(loc, e.message)
            return
        if len(cal.terms) != self.term_count:
            v.add(("attendance", "calendar", "terms"), f"学校暦の学期の数が{self.term_system.label}と合いません")

    def _check_periods(self, v: RuleViolations) -> None:
        """集計期間 for totals: one per term given, in order, inside the 年度, not overlapping."""
        if isinstance(self.attendance, list) and len(self.attendance_periods) != len(self.attendance):
            v.add(
                "attendance_periods",
                f"出欠の合計を入力した{len(self.attendance)}学期分の集計期間（4/7〜7/18 など）を入力してください"
                "（集計期間は通知表に印字します）",
            )
        if not self.attendance_periods:
            return
        if isinstance(self.attendance, DailyAttendance):
            v.add("attendance_periods", "日々の出欠記録のときは集計期間を学校暦から求めます（指定できません）")
            return
        year = self.fiscal_year
        previous = None
        for t, period in enumerate(self.attendance_periods):
            where: tuple[str | int, ...] = ("attendance_periods", t)
            self._check_term(v, where, t)
            if period.end < period.start:
                v.add((*where, "end"), "集計期間の終了日が開始日より前です")
            elif not (year.contains(period.start) and year.contains(period.end)):
                v.add(where, f"集計期間が{year.label}の外にあります")
            elif previous is not None and period.start <= previous:
                v.add((*where, "start"), "集計期間が前の学期の集計期間と重なっています")
            previous = period.end

    def _check_term(self, v: RuleViolations, where: tuple[str | int, ...], t: int) -> None:
        """Index ``t`` (0-based) must be a term of the system that has been reached."""
        n = self.term_count
        if t >= n:
            v.add(where, f"{self.term_system.label}なので{t + 1}学期目はありません（学期は{n}つ）")
        elif t >= self.current_term:
            v.add(where, f"まだ{t + 1}学期目になっていません（現在の学期は{self.current_term}）")

    def _extra_rules(self, v: RuleViolations) -> None:
        """What only the 特別支援学級 通知表 prints (its model overrides this)."""
        for i, s in enumerate(self.subjects):
            if s.mode is not LearningMode.REGULAR:
                v.add(
                    ("subjects", i, "mode"), "学習形態は特別支援学級の通知表（report_card_special_needs）で指定します"
                )
            if any(s.goals):
                v.add(("subjects", i, "goals"), "個別の目標（めあて）は特別支援学級の通知表で指定します")


class ReportCardSpecialNeedsInput(ReportCardInput):
    """Input of the 通知表（特別支援学級） (`report_card_special_needs`)."""

    form_id: ClassVar[str] = "report_card_special_needs"
    default_arrangement: ClassVar[str] = "intellectual"

    arrangement: ArrangementName = Field(
        default="intellectual", title="様式（配置）", description="unified-forms layouts で一覧"
    )
    class_name: Annotated[str, *text_rules(12, required=True)] = Field(title="在籍学級", description="例: ひまわり学級")
    exchange_class: Annotated[str, *text_rules(12)] | None = Field(default=None, title="交流学級")
    independent_activities: list[IndependentActivity] = Field(default=[], title="自立活動")
    exchange_notes: list[TermText | None] = Field(default=[], title="交流及び共同学習の様子")

    TERM_LISTS: ClassVar[tuple[str, ...]] = (*ReportCardInput.TERM_LISTS, "independent_activities", "exchange_notes")

    def _extra_rules(self, v: RuleViolations) -> None:
        """Every 学習形態 and めあて is allowed here."""
