"""Binding of the 健康診断票（歯・口腔）: one record row per 学年 with its 歯式 (参考様式, KENJA geometry).

The 歯の状態 counts are computed here from the tooth symbols (R-HLT-1) and 年齢 is the 満年齢 on
4月1日 of each 年度 (R-HLT-5), so no typed number can disagree with the chart it summarises. The
chart of each year comes from chart.py (the pupil's 右 on the viewer's left; the header prints
右 and 左). The その他の疾病及び異常 are coded findings printed with their wording.
"""

from __future__ import annotations

from unified_forms.families.health_checkup.card import card_slots
from unified_forms.families.health_checkup.chart import chart_rows, tooth_columns, tooth_labels
from unified_forms.families.health_checkup.dental import DentalExam, count_teeth
from unified_forms.families.health_checkup.findings import printed
from unified_forms.families.health_checkup.wording import month_day
from unified_forms.families.health_checkup.years import age_on_april_first
from unified_forms.forms.health_checkup_dental.model import HealthCheckupDentalInput
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_nendo


def _judgement(v: int | None, path: str) -> Slot:
    return "" if v is None else Value(str(v), path)


def _record(age_text: Value, d: DentalExam, base: str) -> Row:
    c = count_teeth(d.teeth)
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
    dentist = "\n".join(t for t in (d.dentist.remarks, month_day(d.dentist.date)) if t)
    row: Row = {
        "age": age_text,
        "jaw": _judgement(d.jaw, f"{base}.jaw"),
        "alignment": _judgement(d.alignment, f"{base}.alignment"),
        "plaque": _judgement(d.plaque, f"{base}.plaque"),
        "gingiva": _judgement(d.gingiva, f"{base}.gingiva"),
        "other": Value(printed(d.other), f"{base}.other"),
        "dentist": Value(dentist, f"{base}.dentist"),
        "measures": Value(d.measures, f"{base}.measures"),
    }
    if d.examined:
        row.update({k: Value(str(n), f"{base}.teeth") for k, n in counts.items()})
    return row


def bind(m: HealthCheckupDentalInput) -> Bound:
    years = {y.grade: (i, y) for i, y in enumerate(m.years)}
    records: list[Row] = []
    lists: dict[str, list[Row]] = {"tooth_columns": tooth_columns(), "tooth_labels": tooth_labels()}
    must_print: dict[str, tuple[str, str]] = {}
    seals: dict[str, Slot] = {}
    for g in range(1, 7):
        i, y = years.get(g, (-1, None))
        d = None if y is None else y.dental
        base = f"years[{i}].dental"
        # the 学校歯科医 印影 at the foot of the year's 所見・月日 cell (the layout's place of that row)
        seal = None if d is None else d.dentist.seal
        seals[f"dentist_seal_g{g}"] = Value(seal, f"{base}.dentist.seal") if seal else ""
        lists[f"teeth_g{g}"] = chart_rows(d, base)
        if g > m.grade_count:
            continue
        if y is None:
            records.append({})
            continue
        age = age_on_april_first(m.student.birth_date, y.fiscal_year)
        age_text = Value(f"{age}歳\n{format_nendo(y.fiscal_year)}", f"years[{i}].fiscal_year")
        records.append({"age": age_text} if d is None else _record(age_text, d, base))
        must_print.setdefault("dental_rows", (f"years[{i}]", "年度ごとの記録"))
        if d is not None and d.examined:
            must_print.setdefault(f"teeth_g{g}", (f"{base}.teeth", "歯式"))
    lists["dental_rows"] = records
    flags = frozenset({"six_years"}) if m.grade_count == 6 else frozenset()
    return Bound(
        slots={**card_slots(m), **seals},
        lists=lists,
        flags=flags,
        sheet_name="健康診断票（歯・口腔）",
        must_print=must_print,
    )
