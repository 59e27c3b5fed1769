"""One binding for every 指導要録: a validated record → the slots and lists its layout prints.

The 通知表 patterns (P-05 観点, P-06 道徳, P-07 外国語活動, P-10 行動) take their period columns
from the data, so here the periods are 第1〜6学年 (小) or 第1〜3学年 (中). Cells the MEXT model
does not have (社会 in 1年, 評定 in 1・2年, 生活 評定, クラブ活動 1〜3年) are 斜線 on every copy,
reached or not; cells of years not reached yet stay blank. 出欠 numbers pass through the
attendance package. The 学籍 fields keep their history (names.py), and what is printed struck
through is named in the render report. The variant (stage, kind) decides which parts exist.
"""

from __future__ import annotations

from typing import Any

from unified_forms.attendance import check_totals
from unified_forms.families.guidance_record.model import GuidanceRecordInput
from unified_forms.families.guidance_record.names import (
    address_slots,
    name_lines,
    name_slots,
    staff_lines,
    struck_alerts,
)
from unified_forms.families.guidance_record.stage import Stage
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.curriculum import BEHAVIOR_ITEMS
from unified_forms.models.wareki import format_date, format_nendo, to_full_width_digits
from unified_forms.patterns.attendance import ATTENDANCE_ITEMS
from unified_forms.patterns.dates import wareki

Years = dict[int, tuple[str, Any]]  # 学年 → (data path, year record)
SEAL_COLUMNS = 3  # 学年 per 押印 grid on 様式1 (two grids for 小学校, one for 中学校)


def grade_key(grade: int) -> str:
    return f"g{grade}"


def full_width(n: int) -> str:
    return to_full_width_digits(str(n))


def grade_label(grade: int) -> str:
    return f"第{full_width(grade)}学年"


def years_by_grade(m: GuidanceRecordInput) -> Years:
    return {y.grade: (f"years[{i}]", y) for i, y in enumerate(m.years)}


# --------------------------------------------------------------------------- 様式1


def _event_slots(m: GuidanceRecordInput) -> dict[str, Slot]:
    """P-03: each event pre-formatted (和暦, 学年, 事由); a 転学 puts the day before the receiving
    school accepted the pupil first and the day the pupil left beside it in brackets (別紙1)."""
    out: dict[str, Slot] = dict.fromkeys(("admission", "transfer_in", "leaving", "graduation", "next_school"), "")
    if (a := m.admission) is not None:
        lines = [f"{format_date(a.date)}　第{full_width(a.grade)}学年{a.kind}", a.note or ""]
        out["admission"] = Value(_join(lines), "admission")
    if (t := m.transfer_in) is not None:
        lines = [f"{format_date(t.date)}　第{full_width(t.grade)}学年転入学", t.previous_school, t.reason or ""]
        out["transfer_in"] = Value(_join(lines), "transfer_in")
    if (lv := m.leaving) is not None:
        if lv.kind == "転学":
            lines = [f"{format_date(lv.accepted_date)}　転学", f"（{format_date(lv.left_date)}）"]
        else:
            lines = [f"{format_date(lv.left_date)}　{lv.kind}"]
        if lv.destination:
            grade = f"　第{full_width(lv.grade)}学年に転入" if lv.grade else ""
            lines.append(f"{lv.destination}{grade}")
        lines.append(lv.reason or "")
        out["leaving"] = Value(_join(lines), "leaving")
    if m.graduation_date is not None:
        out["graduation"] = wareki(m.graduation_date, "graduation_date")
    if m.next_school:
        out["next_school"] = Value(m.next_school, "next_school")
    return out


def _join(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def _seal_rows(m: GuidanceRecordInput, grades: tuple[int, ...], years: Years) -> list[Row]:
    """P-04S: 年度, 校長氏名印 and 学級担任者氏名印 per 学年, each person with the months served."""
    nendo: Row = {"item": "年　度"}
    principal: Row = {"item": "校長氏名印"}
    teacher: Row = {"item": "学級担任者氏名印"}
    for g in grades:
        if g not in years:
            continue
        base, y = years[g]
        nendo[grade_key(g)] = Value(format_nendo(y.fiscal_year), f"{base}.fiscal_year")
        for row, field in ((principal, "principal"), (teacher, "teacher")):
            staff = getattr(y, field)
            if staff:
                text = staff_lines(staff, y.fiscal_year, alias=m.show_alias)
                row[grade_key(g)] = Value(text, f"{base}.{field}")
    return [nendo, principal, teacher]


def _class_rows(years: Years) -> list[Row]:
    kumi: Row = {"item": "学級"}
    number: Row = {"item": "整理番号"}
    for g, (base, y) in years.items():
        kumi[grade_key(g)] = Value(y.kumi, f"{base}.kumi")
        number[grade_key(g)] = Value(str(y.number), f"{base}.number")
    return [kumi, number]


# --------------------------------------------------------------------------- 様式2


def _subject_rows(stage: Stage, years: Years) -> list[Row]:
    """P-05: 教科 × 観点 (+ 評定) rows; 斜線 where the MEXT model has no cell or the school wrote "/"."""
    rows: list[Row] = []
    for subject in stage.subjects:
        found: dict[int, tuple[str, Any]] = {}
        for g, (base, y) in years.items():
            for i, s in enumerate(y.subjects):
                if s.name == subject:
                    found[g] = (f"{base}.subjects[{i}]", s)
        untaught = [grade_key(g) for g in stage.grades if g not in stage.taught_grades(subject)]
        for j, label in enumerate(stage.viewpoint_labels):
            row: Row = {"subject": subject, "viewpoint": label}
            slashed = list(untaught)
            for g, (path, s) in found.items():
                if s.viewpoints[j] == "/":
                    slashed.append(grade_key(g))
                elif s.viewpoints[j]:
                    row[grade_key(g)] = Value(s.viewpoints[j], f"{path}.viewpoints[{j}]")
            if slashed:
                row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        if subject in stage.no_hyotei:
            continue
        row = {"subject": subject, "viewpoint": "評定"}
        for g, (path, s) in found.items():
            if s.hyotei is not None:
                row[grade_key(g)] = Value(full_width(s.hyotei), f"{path}.hyotei")
        no_cell = [grade_key(g) for g in stage.grades if not stage.has_hyotei(subject, g)]
        if no_cell:
            row[SLASH_KEY] = " ".join(no_cell)
        rows.append(row)
    return rows


def _text_subject_rows(stage: Stage, years: Years) -> list[Row]:
    """P-14Y: the 知的障害教育の各教科 × 学年, each cell the 文章記述 headed by its 段階."""
    rows: list[Row] = [{"subject": s} for s in stage.descriptive_subjects]
    for g, (base, y) in years.items():
        for i, s in enumerate(y.subjects):
            row = rows[stage.descriptive_subjects.index(s.name)]
            text = f"［{s.level}］{s.text}" if s.level else s.text
            row[grade_key(g)] = Value(text, f"{base}.subjects[{i}]")
    return rows


def _text_rows(grades: tuple[int, ...], years: Years, field: str) -> list[Row]:
    """One row per 学年 with one text (道徳, 外国語活動, 交流及び共同学習)."""
    rows: list[Row] = []
    for g in grades:
        row: Row = {"term": grade_label(g)}
        if g in years:
            base, y = years[g]
            row["text"] = Value(getattr(y, field), f"{base}.{field}")
        rows.append(row)
    return rows


def _integrated_rows(stage: Stage, years: Years) -> list[Row]:
    rows: list[Row] = []
    for g in stage.integrated_grades:
        row: Row = {"term": grade_label(g)}
        if g in years and (study := years[g][1].integrated_study) is not None:
            base = years[g][0]
            for name in ("activity", "viewpoint", "evaluation"):
                row[name] = Value(getattr(study, name), f"{base}.integrated_study.{name}")
        rows.append(row)
    return rows


def _mark_rows(items: tuple[str, ...], years: Years, field: str, stage: Stage | None = None) -> list[Row]:
    """○ marks per item × 学年 (行動, 特別活動); with ``stage``, 特別活動 not held that year and
    marks written "/" are 斜線."""
    rows: list[Row] = []
    for k, item in enumerate(items):
        row: Row = {"item": item}
        slashed = [grade_key(g) for g in stage.grades if g not in stage.activity_grades(item)] if stage else []
        for g, (base, y) in years.items():
            marks = getattr(y, field)
            mark = marks[k] if k < len(marks) else ""
            if mark == "/":
                slashed.append(grade_key(g))
            elif mark:
                row[grade_key(g)] = Value(mark, f"{base}.{field}[{k}]")
        if slashed:
            row[SLASH_KEY] = " ".join(dict.fromkeys(slashed))
        rows.append(row)
    return rows


def _activity_rows(m: GuidanceRecordInput, years: Years) -> list[Row]:
    """P-09G: the ○ of each 内容 × 学年 and the school's 観点, one box spanning every row (a
    blank 観点 is a space, so that the empty box still spans the rows)."""
    viewpoint: Slot = Value(m.activity_viewpoint, "activity_viewpoint") if m.activity_viewpoint else " "
    rows = _mark_rows(m.stage.activities, years, "special_activities", m.stage)
    return [{**row, "viewpoint": viewpoint} for row in rows]


def _attendance_rows(stage: Stage, years: Years) -> list[Row]:
    """P-12G: one row per 学年 (forms-spec Appendix A), numbers from the attendance aggregate."""
    rows: list[Row] = []
    for g in stage.grades:
        row: Row = {"term": grade_label(g)}
        if g in years and (att := years[g][1].attendance) is not None:
            path = f"{years[g][0]}.attendance"
            totals = check_totals(att, path=path)
            for name, _label in ATTENDANCE_ITEMS:
                row[name] = Value(str(getattr(totals, name)), f"{path}.{name}")
            row["remarks"] = Value(att.remarks, f"{path}.remarks")
        rows.append(row)
    return rows


def _per_grade_slots(stage: Stage, years: Years, field: str, prefix: str) -> dict[str, Slot]:
    """``{prefix}_{g}`` (the text, blank for a year not reached) and ``{prefix}_label_{g}``."""
    out: dict[str, Slot] = {}
    for g in stage.grades:
        out[f"{prefix}_label_{g}"] = grade_label(g)
        out[f"{prefix}_{g}"] = Value(getattr(years[g][1], field), f"{years[g][0]}.{field}") if g in years else ""
    return out


# --------------------------------------------------------------------------- the whole record


def _school_lines(m: GuidanceRecordInput) -> Value:
    school = m.school
    lines = [school.name + (f"　{school.branch}" if school.branch else ""), school.address or ""]
    return Value(_join(lines), "school")


def _certification(m: GuidanceRecordInput) -> Slot:
    c = m.copy_certification
    if c is None:
        return ""
    principal = c.principal if c.principal is not None else m.school.principal.name
    text = f"{c.statement}　{format_date(c.certified_on)}　{m.school.name}長　{principal.full}"
    return Value(text, "copy_certification")


def bind(m: GuidanceRecordInput) -> Bound:
    """Slots and lists of any 指導要録 variant (the model class says which)."""
    stage, kind = m.stage, m.kind
    years = years_by_grade(m)
    student, guardian = m.student, m.guardian
    pupil_same = f"{stage.pupil}の欄に同じ"
    header = name_lines(student.name, alias=m.show_alias)
    slots: dict[str, Slot] = {
        **name_slots("student_name", student, "student", alias=m.show_alias),
        **address_slots("student_address", student, "student", default=""),
        **name_slots("guardian_name", guardian, "guardian", alias=m.show_alias),
        **address_slots("guardian_address", guardian, "guardian", default=pupil_same),
        "student_kana": Value(name_lines(student.name, kana=True), "student.name.kana_family"),
        "guardian_kana": Value(name_lines(guardian.name, kana=True), "guardian.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex"),
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
        "pre_enrollment": Value(m.pre_enrollment or "", "pre_enrollment"),
        "header_name": Value(header, "student.name"),
        "school_name": Value(m.school.name, "school.name"),
        "school_name_address": _school_lines(m),
        "learning_note": "",  # P-05 note line: the 通知表 fills it
        "certification": _certification(m),
        "continuation_subject": f"{stage.pupil}氏名　{student.name.full}　　{m.school.name}",
        **_event_slots(m),
        **_per_grade_slots(stage, years, "comments", "comment"),
    }
    grades_full: list[Row] = [{"key": grade_key(g), "label": grade_label(g)} for g in stage.grades]
    lists: dict[str, list[Row]] = {
        "grades": [{"key": grade_key(g), "label": full_width(g)} for g in stage.grades],
        "grades_full": grades_full,
        "class_rows": _class_rows(years),
        "moral_rows": _text_rows(stage.grades, years, "moral"),
        "integrated_rows": _integrated_rows(stage, years),
        "activity_rows": _activity_rows(m, years),
        "behavior_rows": _mark_rows(BEHAVIOR_ITEMS, years, "behavior"),
        "attendance_rows": _attendance_rows(stage, years),
    }
    for n, start in enumerate(range(0, len(stage.grades), SEAL_COLUMNS)):
        part = stage.grades[start : start + SEAL_COLUMNS]
        lists[f"grades_{'ab'[n]}"] = grades_full[start : start + SEAL_COLUMNS]
        lists[f"seal_rows_{'ab'[n]}"] = _seal_rows(m, part, years)
    if stage.foreign_activity_grades:
        lists["foreign_rows"] = _text_rows(stage.foreign_activity_grades, years, "foreign_activity")
    if kind.descriptive:
        lists["text_subject_rows"] = _text_subject_rows(stage, years)
        lists["exchange_rows"] = _text_rows(stage.grades, years, "exchange")
    else:
        lists["subject_rows"] = _subject_rows(stage, years)
    if kind.special:
        slots["disability"] = Value(m.disability_at_admission, "disability_at_admission")
        slots.update(_per_grade_slots(stage, years, "independent_activity", "independent"))
    return Bound(
        slots=slots,
        lists=lists,
        flags=frozenset({"certified_copy"} if m.copy_certification is not None else ()),
        sheet_name="指導要録",
        alerts=struck_alerts(m),
        must_print=_must_print(m),
    )


_PRINTED_BY = (
    ("subjects", "subject_rows|text_subject_rows", "各教科の学習の記録"),
    ("moral", "moral_rows", "特別の教科 道徳"),
    ("foreign_activity", "foreign_rows", "外国語活動の記録"),
    ("integrated_study", "integrated_rows", "総合的な学習の時間の記録"),
    ("special_activities", "activity_rows", "特別活動の記録"),
    ("behavior", "behavior_rows", "行動の記録"),
    ("attendance", "attendance_rows", "出欠の記録"),
    ("exchange", "exchange_rows", "交流及び共同学習"),
)


def _must_print(m: GuidanceRecordInput) -> dict[str, tuple[str, str]]:
    """Every record given must have a box in the layout used (shipped or a school's own)."""
    out: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        for field, source, label in _PRINTED_BY:
            value = getattr(y, field, None)
            if value and (not isinstance(value, list) or any(value)):
                out.setdefault(source, (f"years[{i}].{field}", label))
        if y.comments:
            out[f"comment_{y.grade}"] = (f"years[{i}].comments", "総合所見及び指導上参考となる諸事項")
        if getattr(y, "independent_activity", ""):
            out[f"independent_{y.grade}"] = (f"years[{i}].independent_activity", "自立活動の記録")
        seal = "seal_rows_a" if y.grade <= SEAL_COLUMNS else "seal_rows_b"
        out.setdefault(seal, (f"years[{i}].fiscal_year", "年度・校長氏名印・学級担任者氏名印"))
        out.setdefault("class_rows", (f"years[{i}].kumi", "学級・整理番号"))
    for name, path, label in (
        ("admission", "admission", "入学・編入学等"),
        ("transfer_in", "transfer_in", "転入学"),
        ("leaving", "leaving", "転学・退学等"),
        ("graduation", "graduation_date", "卒業"),
        ("next_school", "next_school", m.stage.next_label),
        ("pre_enrollment", "pre_enrollment", "入学前の経歴"),
        ("disability", "disability_at_admission", "入学時の障害の状態"),
        ("certification", "copy_certification", "写しの証明"),
    ):
        if getattr(m, path, None):
            out[name] = (path, label)
    return out
