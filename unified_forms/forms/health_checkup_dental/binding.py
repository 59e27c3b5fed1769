"""Binding of the 健康診断票（歯・口腔）: one record row per 学年 with its 歯式 (KENJA 歯・口腔 geometry).

The 歯の状態 counts are computed here from the tooth symbols (R-HLT-1) and 年齢 is the 満年齢 on
4月1日 of each 年度 (R-HLT-5), so no typed number can disagree with the chart it summarises. The
chart of each year is four tooth rows (上 永久歯, 上 乳歯, 下 乳歯, 下 永久歯) over 16 positions,
patient's right on the viewer's left; 乳歯 E…A sit under the 永久歯 5…1 that replace them.
"""

from __future__ import annotations

from unified_forms.families.health_checkup import age_on_april_first
from unified_forms.forms.health_checkup_dental.model import (
    PRIMARY_LETTERS,
    DentalYear,
    HealthCheckupDentalInput,
    count_teeth,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_nendo
from unified_forms.patterns.dates import wareki

# print positions left to right: patient's right 8…1, then left 1…8
POSITIONS: tuple[str, ...] = tuple(f"r{n}" for n in range(8, 0, -1)) + tuple(f"l{n}" for n in range(1, 9))


def _tooth_columns() -> list[Row]:
    return [{"key": p, "label": ""} for p in POSITIONS]


def _tooth_labels() -> list[Row]:
    permanent: Row = {"label": "永"}
    primary: Row = {"label": "乳"}
    for p in POSITIONS:
        n = int(p[1])
        permanent[p] = str(n)
        if n <= 5:
            primary[p] = PRIMARY_LETTERS[n - 1]
    return [permanent, primary]


def _chart(y: DentalYear | None, base: str) -> list[Row]:
    """Four tooth rows of one year; a year not reached gives four blank rows."""
    rows: list[Row] = [{"label": "上永"}, {"label": "上乳"}, {"label": "下乳"}, {"label": "下永"}]
    if y is None:
        return rows
    for row, jaw, kind in ((0, "U", "permanent"), (1, "U", "primary"), (2, "L", "primary"), (3, "L", "permanent")):
        teeth = y.teeth.permanent if kind == "permanent" else y.teeth.primary
        for tooth, symbol in teeth.items():
            if tooth[0] != jaw:
                continue
            n = int(tooth[2]) if kind == "permanent" else PRIMARY_LETTERS.index(tooth[2]) + 1
            side = "r" if tooth[1] == "R" else "l"
            rows[row][f"{side}{n}"] = Value(symbol, f"{base}.teeth.{kind}.{tooth}")
    return rows


def _judgement(v: int | None, path: str) -> Slot:
    return "" if v is None else Value(str(v), path)


def _record(m: HealthCheckupDentalInput, y: DentalYear, base: str) -> Row:
    age = age_on_april_first(m.student.birth_date, y.fiscal_year)
    c = count_teeth(y.teeth)
    counts = {
        "pp": c.primary_present,
        "pd": c.primary_decayed,
        "pt": c.primary_treated,
        "pc": c.primary_caution,
        "dp": c.permanent_present,
        "dd": c.permanent_decayed,
        "dt": c.permanent_treated,
        "dl": c.permanent_lost,
        "co": c.observation,
    }
    d = y.dentist.date
    dentist = "\n".join(t for t in (y.dentist.remarks, "" if d is None else f"{d.month}月{d.day}日") if t)
    row: Row = {
        "age": Value(f"{age}歳\n{format_nendo(y.fiscal_year)}", f"{base}.fiscal_year"),
        "jaw": _judgement(y.jaw, f"{base}.jaw"),
        "alignment": _judgement(y.alignment, f"{base}.alignment"),
        "plaque": _judgement(y.plaque, f"{base}.plaque"),
        "gingiva": _judgement(y.gingiva, f"{base}.gingiva"),
        "other": Value(y.other_disease, f"{base}.other_disease"),
        "dentist": Value(dentist, f"{base}.dentist"),
        "measures": Value(y.measures, f"{base}.measures"),
    }
    row.update({k: Value(str(n), f"{base}.teeth") for k, n in counts.items()})
    return row


def bind(m: HealthCheckupDentalInput) -> Bound:
    student, school = m.student, m.school
    years = {y.grade: (f"years[{i}]", y) for i, y in enumerate(m.years)}
    records: list[Row] = []
    lists: dict[str, list[Row]] = {"tooth_columns": _tooth_columns(), "tooth_labels": _tooth_labels()}
    for g in range(1, 7):
        base, y = years.get(g, (f"years[{g}]", None))
        lists[f"teeth_g{g}"] = _chart(y, base)
        if g <= m.grade_count:
            records.append({} if y is None else _record(m, y, base))
    lists["dental_rows"] = records
    slots: dict[str, Slot] = {
        "fiscal_year": "",
        "school_name": Value(school.name, "school.name"),
        "created": "",  # P-01 作成日: this form has none
        "student_name": Value(student.name.full, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "sex": Value(student.sex.label, "student.sex"),
        "birth_date": wareki(student.birth_date, "student.birth_date", suffix="生"),
    }
    must_print: dict[str, tuple[str, str]] = {}
    for i, y in enumerate(m.years):
        must_print.setdefault("dental_rows", (f"years[{i}]", "年度ごとの記録"))
        must_print.setdefault(f"teeth_g{y.grade}", (f"years[{i}].teeth", "歯式"))
    flags = frozenset({"six_years"}) if m.grade_count == 6 else frozenset()
    return Bound(slots=slots, lists=lists, flags=flags, sheet_name="健康診断票（歯・口腔）", must_print=must_print)
