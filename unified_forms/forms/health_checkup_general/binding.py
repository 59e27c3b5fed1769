"""Binding of the 健康診断票（一般）: items in rows, one column per 学年 (KENJA 一般 geometry).

Everything printed that the 養護教諭 does not type is derived here, so every copy of the 票 says
the same: 年齢 is the 満年齢 on 4月1日 of each 年度 (R-HLT-5), 視力 values become the letters
A〜D (R-HLT-2, 裸眼 left of the parentheses and 矯正 inside), 身長・体重 print with one decimal
(R-HLT-3). Items a year marks 未実施 print 斜線; a year not reached prints blank.
"""

from __future__ import annotations

from unified_forms.families.health_checkup import age_on_april_first
from unified_forms.forms.health_checkup_general.model import (
    Eye,
    HealthCheckupGeneralInput,
    YearExam,
    vision_letter,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.wareki import format_nendo, to_full_width_digits
from unified_forms.patterns.dates import wareki


def _key(grade: int) -> str:
    return f"g{grade}"


def _fw(n: int) -> str:
    return to_full_width_digits(str(n))


def _eye(eye: Eye) -> str:
    naked = "" if eye.naked is None else vision_letter(eye.naked)
    corrected = "" if eye.corrected is None else f"（{vision_letter(eye.corrected)}）"
    return naked + corrected


# (row key, 項目, sub-label, the 未実施 item that slashes the row's cells or None)
_ITEMS: tuple[tuple[str, str, str, str | None], ...] = (
    ("age", "年　齢", "", None),
    ("nendo", "年　度", "", None),
    ("class", "組・番号", "", None),
    ("height", "身長", "(cm)", None),
    ("weight", "体重", "(kg)", None),
    ("nutrition", "栄養状態", "", "nutrition"),
    ("spine", "脊柱・胸郭・四肢", "", "spine"),
    ("vision_r", "視　力", "右　裸眼(矯正)", "vision"),
    ("vision_l", "視　力", "左　裸眼(矯正)", "vision"),
    ("hearing_r", "聴　力", "右", "hearing"),
    ("hearing_l", "聴　力", "左", "hearing"),
    ("eye", "眼の疾病及び異常", "", "eye"),
    ("ent", "耳鼻咽頭疾患", "", "ent"),
    ("skin", "皮膚疾患", "", "skin"),
    ("tb_finding", "結　核", "疾病及び異常", "tuberculosis"),
    ("tb_guidance", "結　核", "指導区分", "tuberculosis"),
    ("heart_ecg", "心　臓", "臨床医学的検査（心電図等）", "ecg"),
    ("heart_finding", "心　臓", "疾病及び異常", "heart"),
    ("heart_guidance", "心　臓", "指導区分", "heart"),
    ("urine_protein", "尿", "蛋白", "urine"),
    ("urine_sugar", "尿", "糖", "urine"),
    ("urine_blood", "尿", "潜血", "urine"),
    ("other", "その他の疾病及び異常", "", None),
)


def _cells(y: YearExam, base: str, age: int) -> dict[str, Value]:
    cells: dict[str, tuple[str, str]] = {
        "age": (f"{age}歳", "fiscal_year"),
        "nendo": (format_nendo(y.fiscal_year), "fiscal_year"),
        "class": (f"{y.kumi}組{y.number}番", "kumi"),
        "height": ("" if y.height_cm is None else f"{y.height_cm:.1f}", "height_cm"),
        "weight": ("" if y.weight_kg is None else f"{y.weight_kg:.1f}", "weight_kg"),
        "nutrition": (y.nutrition or "", "nutrition"),
        "spine": (y.spine, "spine"),
        "vision_r": (_eye(y.vision.right), "vision.right"),
        "vision_l": (_eye(y.vision.left), "vision.left"),
        "hearing_r": (y.hearing.right or "", "hearing.right"),
        "hearing_l": (y.hearing.left or "", "hearing.left"),
        "eye": (y.eye_disease, "eye_disease"),
        "ent": (y.ent_disease, "ent_disease"),
        "skin": (y.skin_disease, "skin_disease"),
        "tb_finding": (y.tuberculosis.finding, "tuberculosis.finding"),
        "tb_guidance": (y.tuberculosis.guidance or "", "tuberculosis.guidance"),
        "heart_ecg": (y.heart.ecg, "heart.ecg"),
        "heart_finding": (y.heart.finding, "heart.finding"),
        "heart_guidance": (y.heart.guidance or "", "heart.guidance"),
        "urine_protein": (y.urine.protein or "", "urine.protein"),
        "urine_sugar": (y.urine.sugar or "", "urine.sugar"),
        "urine_blood": (y.urine.blood or "", "urine.blood"),
        "other": (y.other_disease, "other_disease"),
        "doctor": (_doctor(y), "doctor"),
        "measures": (y.measures, "measures"),
        "notes": (y.notes, "notes"),
    }
    return {k: Value(text, f"{base}.{path}") for k, (text, path) in cells.items() if text}


def _doctor(y: YearExam) -> str:
    d = y.doctor.date
    when = "" if d is None else f"{d.month}月{d.day}日"
    return "\n".join(t for t in (y.doctor.remarks, when) if t)


def _rows(m: HealthCheckupGeneralInput, items: tuple[tuple[str, str, str, str | None], ...]) -> list[Row]:
    years = {y.grade: (f"years[{i}]", y) for i, y in enumerate(m.years)}
    computed = {
        g: _cells(y, base, age_on_april_first(m.student.birth_date, y.fiscal_year)) for g, (base, y) in years.items()
    }
    rows: list[Row] = []
    for key, item, sub, exam in items:
        row: Row = {"item": item, "sub": sub}
        slashed: list[str] = []
        for g, (_base, y) in years.items():
            if exam is not None and exam in y.not_examined:
                slashed.append(_key(g))
            elif key in computed[g]:
                row[_key(g)] = computed[g][key]
        if slashed:
            row[SLASH_KEY] = " ".join(slashed)
        rows.append(row)
    return rows


_LONG_ITEMS: tuple[tuple[str, str, str, str | None], ...] = (
    ("doctor", "学校医", "所見・月日", None),
    ("measures", "事後措置", "", None),
)
_NOTE_ITEMS: tuple[tuple[str, str, str, str | None], ...] = (("notes", "備　考", "", None),)


def bind(m: HealthCheckupGeneralInput) -> Bound:
    student, school = m.student, m.school
    grades = [{"key": _key(g), "label": f"第{_fw(g)}学年"} for g in range(1, m.grade_count + 1)]
    slots: dict[str, Slot] = {
        "fiscal_year": "",
        "school_name": Value(school.name, "school.name"),
        "created": "",  # P-01 作成日: this form has none
        "student_name": Value(student.name.full, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex"),
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
    }
    lists: dict[str, list[Row]] = {
        "grades": grades,
        "health_rows": _rows(m, _ITEMS),
        "health_long_rows": _rows(m, _LONG_ITEMS),
        "health_note_rows": _rows(m, _NOTE_ITEMS),
    }
    must_print: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        must_print.setdefault("health_rows", (f"years[{i}]", "年度ごとの記録"))
        if y.doctor.remarks or y.doctor.date or y.measures:
            must_print.setdefault("health_long_rows", (f"years[{i}].doctor", "学校医・事後措置"))
        if y.notes:
            must_print.setdefault("health_note_rows", (f"years[{i}].notes", "備考"))
    return Bound(slots=slots, lists=lists, sheet_name="健康診断票（一般）", must_print=must_print)
