"""Binding of the 健康診断票（一般）: 検査項目 in rows, one column per 学年 (参考様式 and KENJA geometry).

Everything printed that the 養護教諭 does not type is derived here, so every copy of the 票 says the
same: 年齢 is the 満年齢 on 4月1日 of each 年度 (R-HLT-5), 視力 values become A〜D (R-HLT-2, 裸眼 left
of the parentheses and 矯正 inside, 測定不能), 聴力 prints ○ for an ear that could NOT hear the
screening tones with its 聴力レベル (the 記入上の注意; blank for an ear that heard them), coded
findings print their wording with the free text beside it, 尿 prints the 第1次 and the 第2次 round
and その他の検査 in rows of their own, 身長・体重 one decimal (R-HLT-3). Items a year marks 未実施
print 斜線; a year not reached prints blank.

Row labels carry their own line breaks (at 「・」 or between words, never inside one) and the
layout prints them all at one size, so no label breaks as 「四/肢」 or shrinks alone.
"""

from __future__ import annotations

from collections.abc import Callable

from unified_forms.families.health_checkup.card import card_slots
from unified_forms.families.health_checkup.findings import printed
from unified_forms.families.health_checkup.general import GeneralExam
from unified_forms.families.health_checkup.record import HealthYear
from unified_forms.families.health_checkup.wording import (
    ecg_cell,
    eye_cell,
    hearing_cell,
    month_day,
    nutrition_cell,
    tuberculosis_cell,
)
from unified_forms.families.health_checkup.years import age_on_april_first
from unified_forms.forms.health_checkup_general.model import HealthCheckupGeneralInput
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.common import ClassRef
from unified_forms.models.wareki import format_nendo, to_full_width_digits

Cell = Callable[[GeneralExam], tuple[str, str]]  # → (text, path inside the year's "general")


def _key(grade: int) -> str:
    return f"g{grade}"


def _decimal(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


def _urine(round_: str, item: str) -> Cell:
    def cell(g: GeneralExam) -> tuple[str, str]:
        r = getattr(g.urine, round_)
        value = None if r is None else getattr(r, item)
        return (value or "", f"urine.{round_}.{item}")

    return cell


# (row key, 項目, sub-label, the 未実施 item that slashes the row, the cell of a year's 一般)
_ITEMS: tuple[tuple[str, str, str, str | None, Cell], ...] = (
    ("height", "身　長", "（cm）", None, lambda g: (_decimal(g.height_cm), "height_cm")),
    ("weight", "体　重", "（kg）", None, lambda g: (_decimal(g.weight_kg), "weight_kg")),
    ("nutrition", "栄養状態", "", "nutrition", lambda g: (nutrition_cell(g.nutrition), "nutrition")),
    ("spine", "脊柱・胸郭・四肢", "", "spine", lambda g: (printed(g.spine), "spine")),
    ("vision_r", "視　力\n裸眼（矯正）", "右", "vision", lambda g: (eye_cell(g.vision.right), "vision.right")),
    ("vision_l", "視　力\n裸眼（矯正）", "左", "vision", lambda g: (eye_cell(g.vision.left), "vision.left")),
    ("eye", "眼の疾病及び異常", "", "eye", lambda g: (printed(g.eye), "eye")),
    ("hearing_r", "聴　力", "右", "hearing", lambda g: (hearing_cell(g.hearing.right), "hearing.right")),
    ("hearing_l", "聴　力", "左", "hearing", lambda g: (hearing_cell(g.hearing.left), "hearing.left")),
    ("ent", "耳鼻咽頭疾患", "", "ent", lambda g: (printed(g.ent), "ent")),
    ("skin", "皮膚疾患", "", "skin", lambda g: (printed(g.skin), "skin")),
    ("tb", "結　核", "疾病及び異常", "tuberculosis", lambda g: (tuberculosis_cell(g.tuberculosis), "tuberculosis")),
    (
        "tb_guidance",
        "結　核",
        "指導区分",
        "tuberculosis",
        lambda g: (g.tuberculosis.guidance or "", "tuberculosis.guidance"),
    ),
    ("ecg", "心　臓", "臨床医学的検査\n（心電図等）", "ecg", lambda g: (ecg_cell(g.heart.ecg), "heart.ecg")),
    ("heart", "心　臓", "疾病及び異常", "heart", lambda g: (printed(g.heart.findings), "heart.findings")),
    ("heart_guidance", "心　臓", "指導区分", "heart", lambda g: (g.heart.guidance or "", "heart.guidance")),
    ("u1_protein", "尿", "蛋白　第１次", "urine", _urine("first", "protein")),
    ("u1_sugar", "尿", "糖　　第１次", "urine", _urine("first", "sugar")),
    ("u1_blood", "尿", "潜血　第１次", "urine", _urine("first", "blood")),
    ("u2_protein", "尿", "蛋白　第２次", "urine", _urine("second", "protein")),
    ("u2_sugar", "尿", "糖　　第２次", "urine", _urine("second", "sugar")),
    ("u2_blood", "尿", "潜血　第２次", "urine", _urine("second", "blood")),
    ("urine_other", "尿", "その他の検査", "urine", lambda g: (g.urine.other_tests, "urine.other_tests")),
    ("other", "その他の疾病及び異常", "", None, lambda g: (printed(g.other), "other")),
)
_DOCTOR_ITEMS: tuple[tuple[str, str, str, str | None, Cell], ...] = (
    ("doctor", "学校医", "所　見", None, lambda g: (g.doctor.remarks, "doctor.remarks")),
    ("doctor_date", "学校医", "月　日", None, lambda g: (month_day(g.doctor.date), "doctor.date")),
    ("measures", "事後措置", "", None, lambda g: (g.measures, "measures")),
)
_NOTE_ITEMS: tuple[tuple[str, str, str, str | None, Cell], ...] = (
    ("notes", "備　考", "", None, lambda g: (g.notes, "notes")),
)


def _year_cells(y: HealthYear, base: str, age: int) -> list[Row]:
    """The three rows every year has even when its 一般 was not entered: 年齢, 年度, 組・番号."""
    kumi = ClassRef(grade=y.grade, kumi=y.kumi).kumi_label
    return [
        {"age": Value(f"{age}歳", f"{base}.fiscal_year")},
        {"nendo": Value(format_nendo(y.fiscal_year), f"{base}.fiscal_year")},
        {"class": Value(f"{kumi}{y.number}番", f"{base}.kumi")},
    ]


def _head_rows(m: HealthCheckupGeneralInput) -> list[Row]:
    rows: list[Row] = [{"item": "年　齢"}, {"item": "年　度"}, {"item": "組・番号"}]
    for i, y in enumerate(m.years):
        age = age_on_april_first(m.student.birth_date, y.fiscal_year)
        for row, cell in zip(rows, _year_cells(y, f"years[{i}]", age), strict=True):
            (value,) = cell.values()
            row[_key(y.grade)] = value
    return rows


def _rows(m: HealthCheckupGeneralInput, items: tuple[tuple[str, str, str, str | None, Cell], ...]) -> list[Row]:
    rows: list[Row] = []
    for _key_name, item, sub, exam, cell in items:
        row: Row = {"item": item, "sub": sub}
        slashed: list[str] = []
        for i, y in enumerate(m.years):
            g = y.general
            if g is None:
                continue
            if exam is not None and exam in g.not_examined:
                slashed.append(_key(y.grade))
                continue
            text, path = cell(g)
            if text:
                row[_key(y.grade)] = Value(text, f"years[{i}].general.{path}")
        if slashed:
            row[SLASH_KEY] = " ".join(slashed)
        rows.append(row)
    return rows


def _seal_slots(m: HealthCheckupGeneralInput) -> dict[str, Slot]:
    """The 学校医 印影 of each year, in the slot the layout places at the right end of its 月日 cell.

    The layout has six seal places, one per column of a 6-year 票; a 3-year column is two of those
    wide, so its seal goes to the place of its right half (第1学年 → 2, 第2学年 → 4, 第3学年 → 6).
    """
    slots: dict[str, Slot] = {f"doctor_seal_{k}": "" for k in range(1, 7)}
    per_column = 6 // m.grade_count
    for i, y in enumerate(m.years):
        seal = None if y.general is None else y.general.doctor.seal
        if seal:
            slots[f"doctor_seal_{y.grade * per_column}"] = Value(seal, f"years[{i}].general.doctor.seal")
    return slots


def bind(m: HealthCheckupGeneralInput) -> Bound:
    grades: list[Row] = [
        {"key": _key(g), "label": f"第{to_full_width_digits(str(g))}学年"} for g in range(1, m.grade_count + 1)
    ]
    lists: dict[str, list[Row]] = {
        "grades": grades,
        "health_rows": _head_rows(m) + _rows(m, _ITEMS),
        "health_long_rows": _rows(m, _DOCTOR_ITEMS),
        "health_note_rows": _rows(m, _NOTE_ITEMS),
    }
    must_print: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        must_print.setdefault("health_rows", (f"years[{i}]", "年度ごとの記録"))
        g = y.general
        if g is not None and (g.doctor.remarks or g.doctor.date or g.measures):
            must_print.setdefault("health_long_rows", (f"years[{i}].general.doctor", "学校医・事後措置"))
        if g is not None and g.notes:
            must_print.setdefault("health_note_rows", (f"years[{i}].general.notes", "備考"))
    return Bound(
        slots={**card_slots(m), **_seal_slots(m)}, lists=lists, sheet_name="健康診断票（一般）", must_print=must_print
    )
