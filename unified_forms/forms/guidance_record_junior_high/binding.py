"""Binding of the 指導要録（中学校）: one 生徒's three years → 学年 columns for the shared patterns.

The 小学校 record's patterns take their 学年 columns from the data, so here the same P-04H, P-05,
P-06, P-08G, P-09, P-10 and P-12 print 第1〜3学年. Every 教科 is taught and graded in every year,
so no cell is 斜線 by the model — only a 観点 the school marks "/" is. Cells of years not reached
stay blank. 出欠 numbers pass through the attendance package (R-ATT).
"""

from __future__ import annotations

from unified_forms.families.guidance_record import (
    Row,
    attendance_rows_by_grade,
    class_rows,
    event_slots,
    full_width,
    grade_key,
    grade_label,
    mark_rows,
    years_by_grade,
)
from unified_forms.forms.guidance_record_junior_high.model import (
    BEHAVIOR_ITEMS,
    GRADES,
    SPECIAL_ACTIVITY_ITEMS,
    SUBJECTS,
    VIEWPOINTS,
    GuidanceRecordJuniorHighInput,
)
from unified_forms.layout.bound import Bound, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.wareki import format_nendo
from unified_forms.patterns.dates import wareki

COMMENT_LABEL = "総合所見及び指導上参考となる諸事項"


def _subject_rows(m: GuidanceRecordJuniorHighInput) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for subject in SUBJECTS:
        found: dict[int, tuple[str, list[str], int | None]] = {}
        for g, (base, y) in years.items():
            for i, s in enumerate(y.subjects):
                if s.name == subject:
                    found[g] = (f"{base}.subjects[{i}]", list(s.viewpoints), s.hyotei)
        for j, label in enumerate(VIEWPOINTS):
            row: Row = {"subject": subject, "viewpoint": label}
            slashed: list[str] = []
            for g, (path, vps, _h) in found.items():
                if vps[j] == "/":
                    slashed.append(grade_key(g))
                elif vps[j]:
                    row[grade_key(g)] = Value(vps[j], f"{path}.viewpoints[{j}]")
            if slashed:
                row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        row = {"subject": subject, "viewpoint": "評定"}
        for g, (path, _v, hyotei) in found.items():
            if hyotei is not None:
                row[grade_key(g)] = Value(full_width(hyotei), f"{path}.hyotei")
        rows.append(row)
    return rows


def _moral_rows(m: GuidanceRecordJuniorHighInput) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for g in GRADES:
        row: Row = {"term": grade_label(g)}
        if g in years:
            base, y = years[g]
            row["text"] = Value(y.moral, f"{base}.moral")
        rows.append(row)
    return rows


def _integrated_rows(m: GuidanceRecordJuniorHighInput) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for g in GRADES:
        row: Row = {"term": grade_label(g)}
        if g in years and (study := years[g][1].integrated_study) is not None:
            base = years[g][0]
            for name in ("activity", "viewpoint", "evaluation"):
                row[name] = Value(getattr(study, name), f"{base}.integrated_study.{name}")
        rows.append(row)
    return rows


def _seal_rows(m: GuidanceRecordJuniorHighInput) -> list[Row]:
    nendo: Row = {"item": "年　度"}
    principal: Row = {"item": "校長氏名印"}
    teacher: Row = {"item": "学級担任者氏名印"}
    for g, (base, y) in years_by_grade(m).items():
        nendo[grade_key(g)] = Value(format_nendo(y.fiscal_year), f"{base}.fiscal_year")
        if y.principal is not None:
            principal[grade_key(g)] = Value(y.principal.name.full, f"{base}.principal")
        if y.teacher is not None:
            teacher[grade_key(g)] = Value(y.teacher.name.full, f"{base}.teacher")
    return [nendo, principal, teacher]


def bind(m: GuidanceRecordJuniorHighInput) -> Bound:
    student, guardian, school = m.student, m.guardian, m.school
    school_lines = [school.name + (f"　{school.branch}" if school.branch else "")]
    if school.address:
        school_lines.append(school.address)
    slots: dict[str, Slot] = {
        "student_name": Value(student.name.full, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex"),
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
        "student_address": Value(student.address or "", "student.address"),
        "guardian_name": Value(guardian.name.full, "guardian.name"),
        "guardian_kana": Value(guardian.name.kana_hiragana, "guardian.name.kana_family"),
        "guardian_address": Value(guardian.address, "guardian.address") if guardian.address else "生徒の欄に同じ",
        "pre_enrollment": Value(m.pre_enrollment or "", "pre_enrollment"),
        "school_name": Value(school.name, "school.name"),
        "learning_note": "",  # P-05 note line: the 通知表 fills it
        "school_name_address": Value("\n".join(school_lines), "school"),
        "continuation_subject": f"生徒氏名　{student.name.full}　　{school.name}",
        **event_slots(m),
    }
    years = years_by_grade(m)
    for g in GRADES:
        slots[f"comment_label_{g}"] = grade_label(g)
        slots[f"comment_{g}"] = ""  # a 学年 not reached yet: its box prints blank
        if g in years:
            base, y = years[g]
            slots[f"comment_{g}"] = Value(y.comments, f"{base}.comments")
    grades_full: list[Row] = [{"key": grade_key(g), "label": grade_label(g)} for g in GRADES]
    lists: dict[str, list[Row]] = {
        "grades": [{"key": grade_key(g), "label": full_width(g)} for g in GRADES],
        "grades_full": grades_full,
        "class_rows": class_rows(m),
        "seal_rows": _seal_rows(m),
        "subject_rows": _subject_rows(m),
        "moral_rows": _moral_rows(m),
        "integrated_rows": _integrated_rows(m),
        "activity_rows": mark_rows(m, SPECIAL_ACTIVITY_ITEMS, "special_activities"),
        "behavior_rows": mark_rows(m, BEHAVIOR_ITEMS, "behavior"),
        "attendance_rows": attendance_rows_by_grade(m),
    }
    return Bound(slots=slots, lists=lists, sheet_name="指導要録", must_print=_must_print(m))


_PRINTED_BY = (
    ("subjects", "subject_rows", "各教科の学習の記録"),
    ("moral", "moral_rows", "特別の教科 道徳"),
    ("integrated_study", "integrated_rows", "総合的な学習の時間の記録"),
    ("special_activities", "activity_rows", "特別活動の記録"),
    ("behavior", "behavior_rows", "行動の記録"),
    ("attendance", "attendance_rows", "出欠の記録"),
)


def _must_print(m: GuidanceRecordJuniorHighInput) -> dict[str, tuple[str, str]]:
    """Every record given must have a box in the layout used (shipped or a school's own)."""
    out: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        for field, source, label in _PRINTED_BY:
            value = getattr(y, field)
            if value and (not isinstance(value, list) or any(value)):
                out.setdefault(source, (f"years[{i}].{field}", label))
        if y.comments:
            out[f"comment_{y.grade}"] = (f"years[{i}].comments", COMMENT_LABEL)
        out.setdefault("seal_rows", (f"years[{i}].fiscal_year", "年度"))
        out.setdefault("class_rows", (f"years[{i}].kumi", "学級・整理番号"))
    for name, path, label in (
        ("admission", "admission", "入学・編入学等"),
        ("transfer_in", "transfer_in", "転入学"),
        ("leaving", "leaving", "転学・退学等"),
        ("graduation", "graduation_date", "卒業"),
        ("next_school", "next_school", "進学先・就職先等"),
        ("pre_enrollment", "pre_enrollment", "入学前の経歴"),
    ):
        if getattr(m, path):
            out[name] = (path, label)
    return out
