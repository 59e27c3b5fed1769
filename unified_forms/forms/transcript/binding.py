"""Binding of the 調査書: one snapshot → the 指導要録 中学校 patterns with 学年 columns.

The sheet is the 指導要録's content seen by a high school, so P-05, P-10, P-11 and P-12 print it
with 第1〜3学年 from the data. Two things differ and are decided here, not in the layout:
観点 B prints blank (only A and C are written, R-EVAL-4), and the 評定合計 — 5教科 (国・社・数・
理・外) and 9教科 per 学年 and over the 3年間 — are summed from the 評定 (R-EVAL-5/6). A total
whose 評定 are not all given (a 斜線) prints blank rather than a misleading partial sum.
出欠 numbers pass through the attendance package (R-ATT), as on every form.

The 志願 block is the 山口県 shared shape: one 志願校 (name, 学校コード) with a 第一志願 and a
第二志願 学科・コース row; without a 第二志願 its row is slashed, never dropped. 教科 and 行動 labels
are labels (role label, one size per block); 保健体育 gets a designed break (保健｜体育) for the
narrow 教科 column. 特別活動等, 総合的な学習の時間 and 主な欠席理由 print per 学年 in one
full-width table, so a 欠席理由 can be a sentence.
"""

from __future__ import annotations

from unified_forms.attendance import check_totals
from unified_forms.forms.transcript.model import (
    BEHAVIOR_ITEMS,
    FIVE_SUBJECTS,
    GRADES,
    SUBJECTS,
    VIEWPOINTS,
    TranscriptInput,
    YearRecord,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value, formula_value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.layout.page import FULL_WIDTH_INTEGER_FORMAT, Typed
from unified_forms.models.wareki import format_year_month, to_full_width_digits
from unified_forms.patterns.attendance import AttendanceColumn, attendance_rows
from unified_forms.patterns.dates import wareki

TOTAL_KEY = "total"
PRINTED_VIEWPOINT_MARKS = ("A", "C")  # R-EVAL-4: B is left blank
# designed break points of 教科 names in the narrow 教科 column (a label breaks only there or at 「・」)
SUBJECT_LABELS = {"保健体育": "保健\n体育"}


def _key(grade: int) -> str:
    return f"g{grade}"


def _fw(n: int) -> str:
    return to_full_width_digits(str(n))


def _years(m: TranscriptInput) -> dict[int, tuple[str, YearRecord]]:
    return {y.grade: (f"years[{i}]", y) for i, y in enumerate(m.years)}


def group_total(year: YearRecord, subjects: tuple[str, ...]) -> int | None:
    """Σ 評定 of ``subjects`` in ``year``, or None when any of them has no 評定."""
    given: dict[str, int | None] = {s.name: s.hyotei for s in year.subjects}
    values = [given.get(name) for name in subjects]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def totals(m: TranscriptInput) -> dict[str, dict[str, int | None]]:
    """評定合計 keyed by "five"/"nine", then by 学年 key and "total" (3年間)."""
    years = _years(m)
    out: dict[str, dict[str, int | None]] = {}
    for name, subjects in (("five", FIVE_SUBJECTS), ("nine", SUBJECTS)):
        per: dict[str, int | None] = {
            _key(g): group_total(years[g][1], subjects) if g in years else None for g in GRADES
        }
        values = list(per.values())
        per[TOTAL_KEY] = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        out[name] = per
    return out


def _subject_rows(m: TranscriptInput) -> list[Row]:
    years = _years(m)
    rows: list[Row] = []
    for name in SUBJECTS:
        subject = SUBJECT_LABELS.get(name, name)
        found: dict[int, tuple[str, list[str], int | None]] = {}
        for g, (base, y) in years.items():
            for i, s in enumerate(y.subjects):
                if s.name == name:
                    found[g] = (f"{base}.subjects[{i}]", list(s.viewpoints), s.hyotei)
        for j, label in enumerate(VIEWPOINTS):
            row: Row = {"subject": subject, "viewpoint": label}
            slashed: list[str] = []
            for g, (path, vps, _h) in found.items():
                if vps[j] == "/":
                    slashed.append(_key(g))
                elif vps[j] in PRINTED_VIEWPOINT_MARKS:
                    row[_key(g)] = Value(vps[j], f"{path}.viewpoints[{j}]")
            if slashed:
                row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        row = {"subject": subject, "viewpoint": "評定"}
        slashed = []
        for g, (path, _v, hyotei) in found.items():
            if hyotei is None:
                slashed.append(_key(g))
            else:  # printed full-width (２); in a spreadsheet a number shown full-width
                row[_key(g)] = Value(_fw(hyotei), f"{path}.hyotei", typed=Typed(hyotei, FULL_WIDTH_INTEGER_FORMAT))
        if slashed:
            row[SLASH_KEY] = " ".join(slashed)
        rows.append(row)
    return rows


def _hyotei_paths(m: TranscriptInput, subjects: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Per 学年 key: the data paths of the 評定 a 評定合計 adds up (only where all are given)."""
    out: dict[str, tuple[str, ...]] = {}
    for g, (base, y) in _years(m).items():
        index: dict[str, int] = {s.name: i for i, s in enumerate(y.subjects)}
        if all(name in index for name in subjects):
            out[_key(g)] = tuple(f"{base}.subjects[{index[name]}].hyotei" for name in subjects)
    return out


def _total_rows(m: TranscriptInput) -> list[Row]:
    """評定合計 rows; in a spreadsheet each is a formula over the 評定 cells (3年間: over the 学年 totals)."""
    rows: list[Row] = []
    for name, label, subjects in (("five", "５教科", FIVE_SUBJECTS), ("nine", "９教科", SUBJECTS)):
        row: Row = {"item": label}
        paths = _hyotei_paths(m, subjects)
        per_year = tuple(f"totals.{name}.{_key(g)}" for g in GRADES if _key(g) in paths)
        for key, value in totals(m)[name].items():
            text = _fw(value) if value is not None else ""
            sources = paths.get(key) if key != TOTAL_KEY else (per_year if len(per_year) == len(GRADES) else None)
            if sources:
                path = f"totals.{name}.{key}"
                fmt = FULL_WIDTH_INTEGER_FORMAT
                row[key] = formula_value(text, "sum", sources, value, path, require_all=True, number_format=fmt)
            elif value is not None:
                row[key] = Value(text, f"totals.{name}.{key}")
        rows.append(row)
    return rows


def _year_rows(m: TranscriptInput) -> list[Row]:
    """Per 学年: 特別活動等の記録, 総合的な学習の時間の記録 and the 主な欠席理由."""
    years = _years(m)
    rows: list[Row] = []
    for g in GRADES:
        row: Row = {"grade": f"{_fw(g)}年"}
        if g in years:
            base, y = years[g]
            row["activities"] = Value(y.special_activities, f"{base}.special_activities")
            row["integrated"] = Value(y.integrated_study, f"{base}.integrated_study")
            if y.attendance is not None:
                row["absence_reason"] = Value(y.attendance.remarks, f"{base}.attendance.remarks")
        rows.append(row)
    return rows


def _behavior_rows(m: TranscriptInput) -> list[Row]:
    years = _years(m)
    rows: list[Row] = []
    for k, item in enumerate(BEHAVIOR_ITEMS):
        row: Row = {"item": item}
        for g, (base, y) in years.items():
            if k < len(y.behavior) and y.behavior[k]:
                row[_key(g)] = Value(y.behavior[k], f"{base}.behavior[{k}]")
        rows.append(row)
    return rows


def _attendance_rows(m: TranscriptInput) -> list[Row]:
    columns = [
        AttendanceColumn(_key(g), check_totals(y.attendance, path=f"{base}.attendance"), f"{base}.attendance")
        for g, (base, y) in _years(m).items()
        if y.attendance is not None
    ]
    return attendance_rows(columns, remarks_label=None)  # 主な欠席理由: in the per-学年 table


def _choice_rows(m: TranscriptInput) -> list[Row]:
    """第一志願 and 第二志願 学科・コース; an unused 第二志願 keeps its row, slashed."""
    a = m.application
    rows: list[Row] = [{"rank": "第一志願", "course": Value(a.first.label, "application.first.department")}]
    if a.second is not None:
        rows.append({"rank": "第二志願", "course": Value(a.second.label, "application.second.department")})
    else:
        rows.append({"rank": "第二志願", SLASH_KEY: "course"})
    return rows



def bind(m: TranscriptInput) -> Bound:
    student, school = m.student, m.school
    slots: dict[str, Slot] = {
        "student_name": Value(student.name.full_with_alias, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex") if m.print_sex else "",
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
        "graduation": Value(f"{format_year_month(m.graduation)}　{m.graduation_kind}", "graduation"),
        "school_name": Value(school.name, "school.name"),
        "school_address": Value(school.address or "", "school.address"),
        "application_school": Value(m.application.school_name, "application.school_name"),
        "application_code": Value(m.application.school_code or "", "application.school_code"),
        "learning_note": "",  # P-05 note line: the 通知表 fills it
        "school_code": Value(school.code or "", "school.code"),
        "principal": Value(school.principal.name.full_with_alias, "school.principal"),
        "recorder": Value(m.recorder.name.full_with_alias, "recorder"),
        "created": wareki(m.created, "created"),
        "comments": Value(m.comments, "comments"),
        "special_notes": Value(m.special_notes, "special_notes"),
    }
    grades: list[Row] = [{"key": _key(g), "label": f"{_fw(g)}年"} for g in GRADES]
    lists: dict[str, list[Row]] = {
        "grades": grades,
        "total_cols": [*grades, {"key": TOTAL_KEY, "label": "３年間計"}],
        "choice_rows": _choice_rows(m),
        "subject_rows": _subject_rows(m),
        "total_rows": _total_rows(m),
        "year_rows": _year_rows(m),
        "behavior_rows": _behavior_rows(m),
        "attendance_rows": _attendance_rows(m),
    }
    flags = frozenset({"show_sex"} if m.print_sex else set())
    return Bound(slots=slots, lists=lists, flags=flags, sheet_name="調査書", must_print=_must_print(m))


def _must_print(m: TranscriptInput) -> dict[str, tuple[str, str]]:
    """Every record given must have a box in the layout used (shipped or a school's own)."""
    out: dict[str, tuple[str, str]] = {"choice_rows": ("application", "志願校の学科・コース")}
    for i, y in enumerate(m.years):
        for field, source, label in (
            ("subjects", "subject_rows", "各教科の学習の記録"),
            ("special_activities", "year_rows", "特別活動等の記録"),
            ("integrated_study", "year_rows", "総合的な学習の時間の記録"),
            ("behavior", "behavior_rows", "行動の記録"),
            ("attendance", "attendance_rows", "出欠の記録"),
        ):
            value = getattr(y, field)
            if value and (not isinstance(value, list) or any(value)):
                out.setdefault(source, (f"years[{i}].{field}", label))
    if any(y.subjects for y in m.years):
        out["total_rows"] = ("years", "評定合計")
    for name, label in (("comments", "総合所見"), ("special_notes", "特記事項")):
        if getattr(m, name):
            out[name] = (name, label)
    return out
