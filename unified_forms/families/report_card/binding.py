"""Binding of the 通知表: model → slots and lists that the pattern library prints.

Every per-term block becomes a list whose columns are the school's terms (``terms``:
1学期…3学期 or 前期・後期), so the pattern files never know the 学期制. Terms not reached
yet are printed blank, never as 0; cells that are deliberately not evaluated (1年生 1学期,
``/`` marks) become 斜線. 出欠 numbers come from the attendance aggregate only, and the 集計期間
(from the calendar's 授業日, or the input's ``attendance_periods``) heads them on every
arrangement. The 修了証 prints only on the last term's card and only with its date (flag
``certificate``). 個別の目標（めあて） and the 文章記述 of the 特別支援学級 print per 教科等 and 学期
(``goal_subject_rows``, P-14G).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unified_forms.attendance import AttendanceBook, PeriodTotals, SchoolCalendar, check_totals, summarize_book
from unified_forms.attendance.summarize import summarize_month, summarize_term
from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.families.report_card.arrangements import arrangements, printed_lists
from unified_forms.families.report_card.model import (
    SCALE_LEGEND,
    SLASH_MARKS,
    DailyAttendance,
    LearningMode,
    ReportCardInput,
    ReportCardSpecialNeedsInput,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.common import SchoolType
from unified_forms.models.wareki import to_full_width_digits
from unified_forms.patterns.attendance import ATTENDANCE_ITEMS, LATE_ITEMS, AttendanceColumn, attendance_rows
from unified_forms.patterns.dates import wareki

ITEMS = ATTENDANCE_ITEMS + LATE_ITEMS  # the 通知表 prints 遅刻・早退 too
MODE_LABEL = {
    LearningMode.REGULAR: "",
    LearningMode.LOWER_GRADE: "※",
    LearningMode.INTELLECTUAL: "",
    LearningMode.COMBINED: "",
}


def _key(t: int) -> str:
    return f"t{t + 1}"


def term_labels(m: ReportCardInput) -> list[str]:
    return list(m.term_names) if m.term_names else list(m.term_system.default_names)


def _mark(value: str | None, path: str) -> Slot:
    if value is None or value in SLASH_MARKS:
        return ""
    return Value(value, path)


def _subject_rows(m: ReportCardInput) -> list[Row]:
    rows: list[Row] = []
    n = m.term_count
    hyotei_rows = m.prints_hyotei and not (m.school_type is SchoolType.ELEMENTARY and m.homeroom.grade < 3)
    for i, s in enumerate(m.subjects):
        if s.mode.descriptive:
            continue
        name = Value(s.name + MODE_LABEL[s.mode], f"subjects[{i}].name")
        for j, vp in enumerate(s.viewpoints):
            base = f"subjects[{i}].viewpoints[{j}]"
            row: Row = {"subject": name, "viewpoint": Value(vp.label, f"{base}.label")}
            slashed = [_key(t - 1) for t in m.unevaluated_terms if t <= n]
            for t, mark in enumerate(vp.marks):
                row[_key(t)] = _mark(mark, f"{base}.marks[{t}]")
                if mark in SLASH_MARKS:
                    slashed.append(_key(t))
            if m.year_end:
                row["year"] = _mark(vp.year, f"{base}.year")
                if vp.year in SLASH_MARKS:
                    slashed.append("year")
            row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        if hyotei_rows:
            row = {"subject": name, "viewpoint": "評定"}
            slashed = [_key(t - 1) for t in m.unevaluated_terms if t <= n]
            for t, h in enumerate(s.hyotei):
                row[_key(t)] = Value(str(h), f"subjects[{i}].hyotei[{t}]") if h is not None else ""
            if m.year_end and s.hyotei_year is not None:
                row["year"] = Value(str(s.hyotei_year), f"subjects[{i}].hyotei_year")
            row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
    return rows


def _goal_subject_rows(m: ReportCardInput, labels: Sequence[str]) -> list[Row]:
    """Per 教科等 and 学期 the めあて and the 学習のようす: every 文章記述 教科等 and every 教科 with めあて."""
    rows: list[Row] = []
    for i, s in enumerate(m.subjects):
        if not (s.mode.descriptive or any(s.goals) or any(s.texts)):
            continue
        name = Value(s.name + MODE_LABEL[s.mode], f"subjects[{i}].name")
        for t, label in enumerate(labels):
            row: Row = {"subject": name, "term": label}
            if t < len(s.goals) and s.goals[t]:
                row["goal"] = Value(s.goals[t] or "", f"subjects[{i}].goals[{t}]")
            if t < len(s.texts) and s.texts[t]:
                row["text"] = Value(s.texts[t] or "", f"subjects[{i}].texts[{t}]")
            rows.append(row)
    return rows


def _text_subject_rows(m: ReportCardInput) -> list[Row]:
    rows: list[Row] = []
    for i, s in enumerate(m.subjects):
        if not s.mode.descriptive:
            continue
        row: Row = {"subject": Value(s.name, f"subjects[{i}].name")}
        for t, text in enumerate(s.texts):
            row[_key(t)] = Value(text or "", f"subjects[{i}].texts[{t}]")
        rows.append(row)
    return rows


def _per_term_rows(labels: Sequence[str], texts: Sequence[str | None], field: str) -> list[Row]:
    return [
        {"term": label, "text": Value(texts[t] or "", f"{field}[{t}]") if t < len(texts) else ""}
        for t, label in enumerate(labels)
    ]


Daily = tuple[SchoolCalendar, AttendanceBook, str]


def _daily(m: ReportCardInput) -> Daily | None:
    """The pupil's checked daily records (calendar, book, pupil id), built once per document."""
    att = m.attendance
    if not isinstance(att, DailyAttendance):
        return None
    cal = SchoolCalendar.parse(att.calendar, path="attendance.calendar")
    if len(cal.terms) != m.term_count:
        raise FormDataError(
            ErrorEntry("attendance.calendar.terms", f"学校暦の学期の数が{m.term_system.label}と合いません"),
            form_id=m.form_id,
        )
    book = AttendanceBook(cal, [att.pupil], class_id=att.class_id, path="attendance.pupils")
    return cal, book, book.pupils[0].pupil_id


def _attendance_totals(
    m: ReportCardInput, daily: Daily | None
) -> tuple[list[PeriodTotals], PeriodTotals | None, list[str]]:
    """Per reached term (and the total so far) from the attendance aggregate."""
    att = m.attendance
    if att is None:
        return [], None, []
    if daily is not None:
        _cal, book, pid = daily
        summaries = [summarize_term(book, t)[pid] for t in range(m.current_term)]
        so_far = summarize_book(book, summaries[0].start, summaries[-1].end)[pid]
        return [s.totals() for s in summaries], so_far.totals(), [s.remarks for s in summaries]
    assert not isinstance(att, DailyAttendance)  # _daily made ``daily`` of those; here they are totals
    parts = [check_totals(a, path=f"attendance[{t}]") for t, a in enumerate(att)]
    if not parts:
        return [], None, []
    summed = {name: sum(getattr(p, name) for p in parts) for name in ("lesson_days", "suspension_days", "absence_days")}
    for flag in ("late", "early_leave"):
        values = [getattr(p, flag) for p in parts]
        if all(v is not None for v in values):
            summed[flag] = sum(values)
    whole = check_totals(summed, path="attendance")
    return parts, whole, [a.remarks for a in att]


def _span(first: date, last: date) -> str:
    return f"{first.month}月{first.day}日〜{last.month}月{last.day}日"


def _attendance_periods(m: ReportCardInput, daily: Daily | None) -> tuple[list[Slot], str]:
    """The 集計期間 of each reached term and of the whole so far (「4月7日〜7月18日」).

    From daily records: the term's attendance window (出欠締め日 honoured) narrowed to the class's
    first and last 授業日 in it, the days a parent can count. From totals: as the school gave it."""
    if daily is not None:
        cal, book, _pid = daily
        spans: list[tuple[date, date]] = []
        for t in range(m.current_term):
            start, end = cal.term_period(t)
            days = [d for d in book.lesson_days if start <= d <= end]
            spans.append((days[0], days[-1]) if days else (start, end))
        return [_span(*sp) for sp in spans], _span(spans[0][0], spans[-1][1]) if spans else ""
    periods = m.attendance_periods
    texts: list[Slot] = [Value(_span(p.start, p.end), f"attendance_periods[{t}]") for t, p in enumerate(periods)]
    return texts, _span(periods[0].start, periods[-1].end) if periods else ""


def _month_attendance(
    m: ReportCardInput, daily: Daily | None, labels: Sequence[str]
) -> tuple[list[Row], list[Row], list[Row]]:
    """Per-month columns (4月…3月 + 計) from daily records, up to the end of the current term,
    and the 備考 of those months gathered per term (one row a term, 「4月　欠席（病気）2日」),
    printed at a parent's size instead of in a 10 mm month cell.

    Only daily records can be split by month; with per-term totals the month rows stay empty
    and an arrangement that prints them is refused by check_arrangement."""
    cols: list[Row] = []
    if daily is None:
        return cols, [], []
    cal, book, pid = daily
    periods = cal.term_periods()
    last_day = periods[min(m.current_term, len(cal.terms)) - 1][2]
    values: dict[str, PeriodTotals] = {}
    by_term: list[list[str]] = [[] for _ in labels]
    for y, mo in cal.months():
        start, _ = cal.month_period(y, mo)
        key = f"m{mo}"
        cols.append({"key": key, "label": f"{mo}月"})
        if start <= last_day:
            month = summarize_month(book, y, mo)[pid]
            values[key] = month.totals()
            term = next((t for t, p in enumerate(periods) if p[1] <= start <= p[2]), len(labels) - 1)
            if month.remarks:
                by_term[term].append(f"{mo}月　{month.remarks}")
    cols.append({"key": "total", "label": "計"})
    values["total"] = summarize_book(book, cal.year_start, last_day)[pid].totals()
    columns = [AttendanceColumn(key, totals) for key, totals in values.items()]
    remark_rows: list[Row] = [
        {"term": label, "text": "　".join(texts)} for label, texts in zip(labels, by_term, strict=True)
    ]
    return cols, attendance_rows(columns, items=ITEMS, remarks_label=None), remark_rows


def _attendance_rows(m: ReportCardInput, daily: Daily | None, labels: Sequence[str]) -> tuple[list[Row], list[Row]]:
    """出欠 per term (+ 計) headed by the 集計期間, and the 備考 per term in rows of their own:
    a 備考 is a sentence for parents, which a cell of the numbers table printed at 4.5 pt."""
    parts, whole, remarks = _attendance_totals(m, daily)
    columns = [AttendanceColumn(_key(t), p, f"attendance[{t}]") for t, p in enumerate(parts)]
    if whole is not None:
        columns.append(AttendanceColumn("total", whole))
    rows = attendance_rows(columns, items=ITEMS, remarks_label=None)
    remark_rows: list[Row] = [
        {"term": labels[t], "text": text if daily is not None else Value(text, f"attendance[{t}].remarks")}
        for t, text in enumerate(remarks)
    ]
    periods, total = _attendance_periods(m, daily)
    if periods:
        first: Row = {"item": "集計期間", "total": total}
        first.update({_key(t): text for t, text in enumerate(periods)})
        rows.insert(0, first)
    return rows, remark_rows


def _learning_notes(m: ReportCardInput) -> list[str]:
    notes: list[str] = []
    if m.unevaluated_terms:
        notes.append("１年生は、１学期の学習の評価はいたしません。")
    if any(s.mode is LearningMode.LOWER_GRADE for s in m.subjects):
        notes.append("※は、下学年の目標・内容で学習している教科です。")
    return notes


_PRINTED_BY = {
    "moral": "moral_rows",
    "foreign_language_activity": "foreign_rows",
    "integrated_study": "integrated_rows",
    "comments": "comment_rows",
    "special_activities": "activity_rows",
    "behavior": "behavior_rows",
    "independent_activities": "independent_rows",
    "exchange_notes": "exchange_rows",
}


def flags_of(m: ReportCardInput) -> frozenset[str]:
    """Flags that switch blocks and columns of an arrangement (``when`` in the layout files)."""
    flags = {m.school_type.value, f"grade_{m.homeroom.grade}"}
    elementary = m.school_type is SchoolType.ELEMENTARY
    if m.prints_hyotei:
        flags.add("hyotei")
    if m.year_end:
        flags.add("year_end")
    if elementary and m.homeroom.grade in (3, 4):
        flags.add("foreign_activity")  # 外国語活動 is 小3・4 only
    if not elementary or m.homeroom.grade >= 3:
        flags.add("integrated_study")  # 総合的な学習の時間 from 小3
    if isinstance(m, ReportCardSpecialNeedsInput):
        flags.add("special_needs")
    if m.prints_certificate:
        flags.add("certificate")  # the last term's card, dated: never an undated 修了証
    return frozenset(flags)


def check_arrangement(m: ReportCardInput, flags: frozenset[str]) -> None:
    """The named arrangement exists and suits the data (学期制, 学校種). That the layout actually
    used has a block for every text given is checked by the compiler (``must_print``)."""
    errors: list[ErrorEntry] = []
    known = {a.name: a for a in arrangements(m.form_id)}
    arr = known.get(m.arrangement)
    if arr is None:
        message = f"様式「{m.arrangement}」はありません（{'、'.join(known)}）"
        raise FormDataError(ErrorEntry("arrangement", message, "様式（配置）"), form_id=m.form_id)
    if arr.terms is not None and arr.terms != m.term_count:
        errors.append(ErrorEntry("term_system", f"様式「{arr.name}」は{arr.terms}学期制用です", "学期制"))
    if arr.school_type is not None and arr.school_type != m.school_type.value:
        errors.append(ErrorEntry("homeroom.school_type", f"様式「{arr.name}」は{arr.school_label}用です", "学校種"))
    months = "attendance_month_rows" in printed_lists(arr.file, flags)
    if months and m.attendance is not None and not isinstance(m.attendance, DailyAttendance):
        message = f"様式「{arr.name}」は月別の出欠を印字するので、日々の出欠記録（calendar と pupil）が必要です"
        errors.append(ErrorEntry("attendance", message, "出欠の記録"))
    if errors:
        raise FormDataError(errors, form_id=m.form_id)


def bind(m: ReportCardInput) -> Bound:
    flags = flags_of(m)
    check_arrangement(m, flags)
    daily = _daily(m)
    labels = term_labels(m)
    n = m.term_count
    # names the input gave (term_names) carry their path: a name too long for its column names it
    terms: list[Row] = [
        {"key": _key(t), "label": Value(labels[t], f"term_names[{t}]") if m.term_names else labels[t]}
        for t in range(n)
    ]
    year_label = "学年末"
    terms_year: list[Row] = [*terms, {"key": "year", "label": year_label}] if m.year_end else terms
    att_cols: list[Row] = [*terms, {"key": "total", "label": "計"}]
    grade = m.homeroom.grade
    grade_text = to_full_width_digits(str(grade))
    slots: dict[str, Slot] = {
        "title": Value(m.title, "title"),
        "fiscal_year": m.fiscal_year.label,
        "school_name": Value(m.school.name, "school.name"),
        "school_emblem": Value(m.emblem or "", "emblem"),  # P-04's image (issue 16)
        "principal": Value(m.school.principal.name.full_with_alias, "school.principal.name"),
        "teacher": Value(m.teacher.name.full_with_alias, "teacher.name"),
        "class_label": m.homeroom.label,
        "grade_label": f"第{grade_text}学年",
        "kumi_label": m.homeroom.kumi_label,
        "student_number": f"{m.student.number}番",
        "student_name": Value(m.student.name.full_with_alias, "student.name"),
        "student_kana": Value(m.student.name.kana_hiragana, "student.name.kana_family"),
        "scale_legend": SCALE_LEGEND[m.scale],
        "hyotei_legend": f"評定…{m.hyotei_max}段階（{m.hyotei_max}が最も高い）" if m.prints_hyotei else "",
        "learning_note": "　".join(_learning_notes(m)),
        "certificate": f"第{grade_text}学年の課程を修了したことを証する。",
        "completion_date": wareki(m.completion_date) if m.prints_certificate and m.completion_date else "",
        "attendance_period": f"集計期間　{_attendance_periods(m, daily)[1]}" if m.attendance is not None else "",
        "class_name": "",  # 特別支援学級 only (below)
        "exchange_class": "",
    }
    lists: dict[str, list[Row]] = {
        "terms": terms,
        "terms_year": terms_year,
        "att_cols": att_cols,
        "term_rows": [{"term": label} for label in labels],
        "subject_rows": _subject_rows(m),
        "text_subject_rows": _text_subject_rows(m),
        "goal_subject_rows": _goal_subject_rows(m, labels),
        "moral_rows": _per_term_rows(labels, m.moral, "moral"),
        "foreign_rows": _per_term_rows(labels, m.foreign_language_activity, "foreign_language_activity"),
        "integrated_rows": _per_term_rows(labels, m.integrated_study, "integrated_study"),
        "comment_rows": _per_term_rows(labels, m.comments, "comments"),
    }
    lists["attendance_rows"], lists["attendance_remark_rows"] = _attendance_rows(m, daily, labels)
    lists["month_cols"], lists["attendance_month_rows"], lists["attendance_month_remark_rows"] = _month_attendance(
        m, daily, labels
    )
    activity_rows: list[Row] = []
    for i, a in enumerate(m.special_activities):
        row: Row = {"item": Value(a.item, f"special_activities[{i}].item")}
        for t, text in enumerate(a.terms):
            row[_key(t)] = Value(text or "", f"special_activities[{i}].terms[{t}]")
        activity_rows.append(row)
    lists["activity_rows"] = activity_rows
    behavior_rows: list[Row] = []
    for i, b in enumerate(m.behavior):
        row = {"item": Value(b.item, f"behavior[{i}].item")}
        for t, mark in enumerate(b.marks):
            row[_key(t)] = Value(mark or "", f"behavior[{i}].marks[{t}]")
        behavior_rows.append(row)
    lists["behavior_rows"] = behavior_rows
    lists["independent_rows"] = []  # 特別支援学級 only (below)
    lists["exchange_rows"] = []
    if isinstance(m, ReportCardSpecialNeedsInput):
        slots["class_name"] = Value(m.class_name, "class_name")
        slots["exchange_class"] = Value(f"交流学級　{m.exchange_class}" if m.exchange_class else "", "exchange_class")
        independent: list[Row] = []
        for t in range(n):
            act = m.independent_activities[t] if t < len(m.independent_activities) else None
            base = f"independent_activities[{t}]"
            independent.append(
                {
                    "term": labels[t],
                    "goal": Value(act.goal, f"{base}.goal") if act else "",
                    "text": Value(act.evaluation, f"{base}.evaluation") if act else "",
                }
            )
        lists["independent_rows"] = independent
        lists["exchange_rows"] = _per_term_rows(labels, m.exchange_notes, "exchange_notes")
    # 出欠 from daily records prints per 学期 or per 月, whichever the arrangement has: each is
    # optional, and must_print's "attendance_rows|attendance_month_rows" asks for one of them.
    optional = {"text_subject_rows", "goal_subject_rows"}  # either prints the 文章記述 (must_print asks for one)
    if daily is not None:  # per term or per month, with their 備考
        optional |= {"attendance_rows", "attendance_month_rows"}
        optional |= {"attendance_remark_rows", "attendance_month_remark_rows"}
    return Bound(
        slots=slots,
        lists=lists,
        flags=flags,
        sheet_name=m.homeroom.label,
        must_print=_must_print(m),
        optional=frozenset(optional),
    )


def _must_print(m: ReportCardInput) -> dict[str, tuple[str, str]]:
    """Every text or mark given must have a box in the layout used (shipped or the school's own)."""
    out: dict[str, tuple[str, str]] = {}
    for name, slot in _PRINTED_BY.items():
        value = getattr(m, name, None)
        if value and any(value):
            out[slot] = (name, type(m).model_fields[name].title or name)
    for i, subj in enumerate(m.subjects):
        if subj.mode.descriptive:
            out.setdefault("goal_subject_rows|text_subject_rows", (f"subjects[{i}].texts", "文章で評価する教科等"))
        else:
            out.setdefault("subject_rows", (f"subjects[{i}].mode", "観点別に評価する教科"))
        if any(subj.goals) or (any(subj.texts) and not subj.mode.descriptive):
            out.setdefault("goal_subject_rows", (f"subjects[{i}].goals", "個別の目標（めあて）"))
    if isinstance(m.attendance, DailyAttendance):  # per term or per month, whichever the layout has
        out["attendance_rows|attendance_month_rows"] = ("attendance", "出欠の記録")
    elif m.attendance is not None:
        out["attendance_rows"] = ("attendance", "出欠の記録")
        if any(a.remarks for a in m.attendance):
            out["attendance_remark_rows"] = ("attendance", "出欠の備考")
    return out
