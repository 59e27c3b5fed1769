"""Binding of the 指導要録（小学校）: one pupil's six years → 学年 columns for the shared patterns.

The 通知表 patterns (P-05 観点, P-06 道徳, P-07 外国語活動, P-09 特別活動, P-10 行動, P-12 出欠)
take their period columns from the data, so here the periods are 第1〜6学年. Cells the MEXT
model does not have (社会 in 1年, 評定 in 1・2年, 生活 評定) are 斜線 on every copy, reached or
not; cells of years not reached yet stay blank. 出欠 numbers pass through the attendance package.
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
from unified_forms.forms.guidance_record_elementary.model import (
    BEHAVIOR_ITEMS,
    SPECIAL_ACTIVITY_ITEMS,
    SUBJECTS,
    VIEWPOINTS,
    GuidanceRecordElementaryInput,
    has_hyotei,
    taught_grades,
)
from unified_forms.layout.bound import Bound, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.wareki import format_nendo
from unified_forms.patterns.dates import wareki

GRADES = range(1, 7)


def _subject_rows(m: GuidanceRecordElementaryInput) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for subject in SUBJECTS:
        taught = taught_grades(subject)
        marks: dict[int, tuple[str, list[str], int | None]] = {}
        for g, (base, y) in years.items():
            for i, s in enumerate(y.subjects):
                if s.name == subject:
                    marks[g] = (f"{base}.subjects[{i}]", list(s.viewpoints), s.hyotei)
        for j, label in enumerate(VIEWPOINTS):
            row: Row = {"subject": subject, "viewpoint": label}
            slashed = [grade_key(g) for g in GRADES if g not in taught]
            for g, (path, vps, _h) in marks.items():
                if vps[j] == "/":
                    slashed.append(grade_key(g))
                elif vps[j]:
                    row[grade_key(g)] = Value(vps[j], f"{path}.viewpoints[{j}]")
            row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        if subject == "生活":
            continue
        row = {"subject": subject, "viewpoint": "評定"}
        for g, (path, _v, hyotei) in marks.items():
            if hyotei is not None:
                row[grade_key(g)] = Value(full_width(hyotei), f"{path}.hyotei")
        row[SLASH_KEY] = " ".join(grade_key(g) for g in GRADES if not has_hyotei(subject, g))
        rows.append(row)
    return rows


def _text_rows(m: GuidanceRecordElementaryInput, grades: range | tuple[int, ...], field: str) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for g in grades:
        row: Row = {"term": grade_label(g)}
        if g in years:
            base, y = years[g]
            row["text"] = Value(getattr(y, field), f"{base}.{field}")
        rows.append(row)
    return rows


def _integrated_rows(m: GuidanceRecordElementaryInput) -> list[Row]:
    years = years_by_grade(m)
    rows: list[Row] = []
    for g in range(3, 7):
        row: Row = {"term": grade_label(g)}
        if g in years and years[g][1].integrated_study is not None:
            base, y = years[g]
            study = y.integrated_study
            assert study is not None
            for name in ("activity", "viewpoint", "evaluation"):
                row[name] = Value(getattr(study, name), f"{base}.integrated_study.{name}")
        rows.append(row)
    return rows


def _seal_rows(m: GuidanceRecordElementaryInput, grades: range) -> list[Row]:
    years = years_by_grade(m)
    nendo: Row = {"item": "年　度"}
    principal: Row = {"item": "校長氏名印"}
    teacher: Row = {"item": "学級担任者氏名印"}
    for g in grades:
        if g not in years:
            continue
        base, y = years[g]
        nendo[grade_key(g)] = Value(format_nendo(y.fiscal_year), f"{base}.fiscal_year")
        if y.principal is not None:
            principal[grade_key(g)] = Value(y.principal.name.full, f"{base}.principal")
        if y.teacher is not None:
            teacher[grade_key(g)] = Value(y.teacher.name.full, f"{base}.teacher")
    return [nendo, principal, teacher]


def bind(m: GuidanceRecordElementaryInput) -> Bound:
    grades_full: list[Row] = [{"key": grade_key(g), "label": grade_label(g)} for g in GRADES]
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
        "guardian_address": Value(guardian.address, "guardian.address") if guardian.address else "児童の欄に同じ",
        "pre_enrollment": Value(m.pre_enrollment or "", "pre_enrollment"),
        "school_name": Value(school.name, "school.name"),
        "learning_note": "",  # P-05 note line: the 通知表 fills it
        "school_name_address": Value("\n".join(school_lines), "school"),
        "continuation_subject": f"児童氏名　{student.name.full}　　{school.name}",
        **event_slots(m),
    }
    years = years_by_grade(m)
    for g in GRADES:
        slots[f"comment_label_{g}"] = grade_label(g)
        slots[f"comment_{g}"] = ""  # a 学年 not reached yet: its box prints blank
        if g in years:
            base, y = years[g]
            slots[f"comment_{g}"] = Value(y.comments, f"{base}.comments")
    lists: dict[str, list[Row]] = {
        "grades": [{"key": grade_key(g), "label": full_width(g)} for g in GRADES],
        "grades_full": grades_full,
        "grades_a": grades_full[:3],
        "grades_b": grades_full[3:],
        "class_rows": class_rows(m),
        "seal_rows_a": _seal_rows(m, range(1, 4)),
        "seal_rows_b": _seal_rows(m, range(4, 7)),
        "subject_rows": _subject_rows(m),
        "moral_rows": _text_rows(m, GRADES, "moral"),
        "foreign_rows": _text_rows(m, (3, 4), "foreign_activity"),
        "integrated_rows": _integrated_rows(m),
        "activity_rows": mark_rows(m, SPECIAL_ACTIVITY_ITEMS, "special_activities"),
        "behavior_rows": mark_rows(m, BEHAVIOR_ITEMS, "behavior"),
        "attendance_rows": attendance_rows_by_grade(m),
    }
    return Bound(slots=slots, lists=lists, sheet_name="指導要録", must_print=_must_print(m))


_PRINTED_BY = (
    ("subjects", "subject_rows", "各教科の学習の記録"),
    ("moral", "moral_rows", "特別の教科 道徳"),
    ("foreign_activity", "foreign_rows", "外国語活動の記録"),
    ("integrated_study", "integrated_rows", "総合的な学習の時間の記録"),
    ("special_activities", "activity_rows", "特別活動の記録"),
    ("behavior", "behavior_rows", "行動の記録"),
    ("attendance", "attendance_rows", "出欠の記録"),
)


def _must_print(m: GuidanceRecordElementaryInput) -> dict[str, tuple[str, str]]:
    """Every record given must have a box in the layout used (shipped or a school's own)."""
    out: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        for field, source, label in _PRINTED_BY:
            value = getattr(y, field)
            if value and (not isinstance(value, list) or any(value)):
                out.setdefault(source, (f"years[{i}].{field}", label))
        if y.comments:
            out[f"comment_{y.grade}"] = (f"years[{i}].comments", "総合所見及び指導上参考となる諸事項")
        out.setdefault("seal_rows_a" if y.grade <= 3 else "seal_rows_b", (f"years[{i}].fiscal_year", "年度"))
        out.setdefault("class_rows", (f"years[{i}].kumi", "学級・整理番号"))
    for name, path, label in (
        ("admission", "admission", "入学・編入学等"),
        ("transfer_in", "transfer_in", "転入学"),
        ("leaving", "leaving", "転学・退学等"),
        ("graduation", "graduation_date", "卒業"),
        ("next_school", "next_school", "進学先"),
        ("pre_enrollment", "pre_enrollment", "入学前の経歴"),
    ):
        if getattr(m, path):
            out[name] = (path, label)
    return out
