"""The rules of the 指導要録 (MEXT 別紙1–5, forms-spec §4.7(f), §7), checked where the data is typed.

Each function collects every violation at its own path (RuleViolations) and raises them
together, so a school system learns about all of them at once:

* per 学年: a 教科 twice, 観点 marks for a 教科 not taught that year, 評定 outside its years or
  for 生活, 外国語活動 outside 3・4年, 総合 before its first year, ○ for a 特別活動 not held that
  year (クラブ活動 1〜3年), 校長・学級担任 periods outside the 年度 or overlapping;
* per record: a 学年 or a 年度 twice (or 年度 not rising with the 学年), a 学年 that is not the
  one the 生年月日 gives in that 年度 (models/school_age.py; ``student.off_age_reason`` lifts it),
  入学 and 転入学 in the same 学年, 入学 not in the first 学年, changes of 氏名・住所 not in date
  order or before birth;
* 転学: the day before the receiving school accepted (main entry) is required, and the day the
  pupil left (bracketed) cannot come after the day of acceptance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from unified_forms.models.errors_map import RuleViolations
from unified_forms.models.school_age import check_grade_fits_birth

if TYPE_CHECKING:
    from unified_forms.families.guidance_record.model import GuidanceRecordInput, StaffTerm
    from unified_forms.families.guidance_record.stage import Kind, Stage


def check_year(y: Any, stage: Stage, kind: Kind) -> None:
    """The rules of one 学年 of the record."""
    v = RuleViolations("YearRecord")
    g = y.grade
    seen: set[str] = set()
    for i, s in enumerate(y.subjects):
        if s.name in seen:
            v.add(("subjects", i, "name"), f"{s.name}が2回あります")
        seen.add(s.name)
        if kind.descriptive:
            continue
        if g not in stage.taught_grades(s.name):
            for j, mark in enumerate(s.viewpoints):
                if mark not in ("", "/"):
                    v.add(("subjects", i, "viewpoints", j), f"{s.name}は第{g}学年にはありません（斜線か空欄）")
        if s.hyotei is not None and not stage.has_hyotei(s.name, g):
            why = (
                f"{s.name}には評定はありません"
                if s.name in stage.no_hyotei
                else f"第{g}学年の{s.name}には評定はありません"
            )
            v.add(("subjects", i, "hyotei"), f"{why}（評定は第{stage.hyotei_from}学年から）", value=s.hyotei)
    if getattr(y, "foreign_activity", "") and g not in stage.foreign_activity_grades:
        grades = "・".join(str(x) for x in stage.foreign_activity_grades)
        v.add("foreign_activity", f"外国語活動は第{grades}学年のみです")
    if y.integrated_study is not None and g < stage.integrated_from:
        v.add("integrated_study", f"総合的な学習の時間は第{stage.integrated_from}学年からです")
    for k, mark in enumerate(y.special_activities):
        item = stage.activities[k]
        if mark == "○" and g not in stage.activity_grades(item):
            v.add(("special_activities", k), f"{item}は第{g}学年にはありません（斜線か空欄）")
    for field in ("principal", "teacher"):
        _check_staff(v, field, getattr(y, field), y.fiscal_year)
    v.raise_if_any()


def _check_staff(v: RuleViolations, field: str, staff: Sequence[StaffTerm], fiscal_year: Any) -> None:
    """Each period inside the 年度, in order, not overlapping; with two people, each has one."""
    previous_end = None
    for i, t in enumerate(staff):
        for name, d in (("served_from", t.served_from), ("served_until", t.served_until)):
            if d is not None and not fiscal_year.contains(d):
                v.add(
                    (field, i, name),
                    f"{fiscal_year.label}（{fiscal_year.start}〜{fiscal_year.end}）の日付ではありません",
                )
        if t.served_from and t.served_until and t.served_from > t.served_until:
            v.add((field, i, "served_until"), "担当終了日が担当開始日より前です")
        if len(staff) > 1 and t.served_from is None and t.served_until is None:
            v.add((field, i), "年度の途中で交代したときは、担当開始日か担当終了日を入れてください")
        start = t.served_from
        if previous_end is not None and start is not None and start <= previous_end:
            v.add((field, i, "served_from"), "前の人の担当期間と重なっています")
        previous_end = t.served_until or previous_end


def check_leaving(lv: Any) -> None:
    """別紙1: 転学 is entered on the day before the receiving school accepted, with the day the
    pupil left in brackets; a 退学 has only the day the 校長 accepted it."""
    v = RuleViolations("Leaving")
    if lv.kind == "転学":
        if lv.accepted_date is None:
            v.add("accepted_date", "転学では転学先の学校が受け入れた日の前日が必要です（主の欄に記入する日）")
        elif lv.left_date > lv.accepted_date + timedelta(days=1):
            v.add(
                "left_date", "学校を去った日が、転学先の学校が受け入れた日より後になっています", value=str(lv.left_date)
            )
    elif lv.accepted_date is not None:
        v.add("accepted_date", "退学には転学先の受入れ日はありません（退学を認めた日を left_date に）")
    v.raise_if_any()


def check_record(m: GuidanceRecordInput) -> None:
    """The rules across the whole record (years, events, changes)."""
    v = RuleViolations(type(m).__name__)
    by_grade: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for i, y in enumerate(m.years):
        if y.grade in by_grade:
            v.add(("years", i, "grade"), f"第{y.grade}学年の記録が2つあります（{by_grade[y.grade] + 1}番目と同じ）")
        elif y.fiscal_year in by_year:
            other = m.years[by_year[y.fiscal_year]]
            v.add(
                ("years", i, "fiscal_year"),
                f"{y.fiscal_year.label}の記録が2つあります（第{other.grade}学年と第{y.grade}学年）",
                value=int(y.fiscal_year),
            )
        by_grade.setdefault(y.grade, i)
        by_year.setdefault(y.fiscal_year, i)
        check_grade_fits_birth(
            v,
            birth=m.student.birth_date,
            grade=y.grade,
            fiscal_year=int(y.fiscal_year),
            school_type=m.stage.school_type,
            birth_path=("years", i, "grade"),
            exempt=m.student.off_age_reason is not None,
        )
    ordered = sorted(range(len(m.years)), key=lambda i: m.years[i].grade)
    for before, after in pairwise(ordered):
        a, b = m.years[before], m.years[after]
        if a.grade < b.grade and b.fiscal_year < a.fiscal_year:
            v.add(("years", after, "fiscal_year"), f"第{b.grade}学年の年度が第{a.grade}学年の年度より前です")
    _check_events(v, m)
    for who in ("student", "guardian"):
        _check_history(v, who, getattr(m, who), m.student.birth_date)
    v.raise_if_any()


def _check_events(v: RuleViolations, m: GuidanceRecordInput) -> None:
    a, t = m.admission, m.transfer_in
    first = m.stage.grades[0]
    if a is not None and a.kind == "入学" and a.grade != first:
        v.add(("admission", "grade"), f"入学は第{first}学年です（途中の学年からは編入学か転入学）", value=a.grade)
    if a is not None and t is not None:
        if a.grade == t.grade:
            message = f"入学・編入学と転入学が同じ第{t.grade}学年にあります（学年の途中で来た児童生徒は転入学のみ）"
            v.add(("admission", "grade"), message, value=a.grade)
            v.add(("transfer_in", "grade"), message, value=t.grade)
        if t.date <= a.date:
            v.add(("transfer_in", "date"), "転入学の日が入学・編入学の日より前です", value=str(t.date))
    came = max((e.date for e in (a, t) if e is not None), default=None)
    if m.leaving is not None and came is not None and m.leaving.left_date < came:
        v.add(("leaving", "left_date"), "学校を去った日が入学・転入学の日より前です", value=str(m.leaving.left_date))
    if m.graduation_date is not None and came is not None and m.graduation_date <= came:
        v.add("graduation_date", "卒業の日が入学・転入学の日より前です", value=str(m.graduation_date))
    if m.graduation_date is not None and m.leaving is not None:
        v.add("graduation_date", "転学・退学した児童生徒に卒業の日があります")


def _check_history(v: RuleViolations, who: str, person: Any, born: Any) -> None:
    for field in ("name_changes", "address_changes"):
        previous = born
        for k, c in enumerate(getattr(person, field)):
            if c.changed_on <= previous:
                why = "生年月日" if previous == born else "前の変更"
                v.add(
                    (who, field, k, "changed_on"),
                    f"変更年月日が{why}より前です（古い順に入力）",
                    value=str(c.changed_on),
                )
            previous = max(previous, c.changed_on)
