"""Binding of the 成績一覧表: 評定 cells with the 朱点 marker, 合計・平均 and 学級合計・平均.

Every derived number is computed here from the typed 評定 so the sheet cannot disagree with
itself (R-EVAL-6): 合計 = Σ 評定, 平均 = 合計 / 評定のある教科数 — "/" (評定しない) cells are
left out of both, and an empty cell (not yet entered) leaves the pupil's 合計・平均 blank
rather than printing a number over fewer subjects. 平均 has one decimal, 四捨五入 (not
banker's rounding). The page model has no colour, so 朱点 (評定 ≤ threshold) is printed as a
※ before the value and explained in the legend. For spreadsheets every 評定 is a number (a
朱点 one with the 朱点 style), an empty one an input cell, and every 合計・平均 a formula
over the cells of the paths it was computed from, so a clerk's change recomputes. 出欠 numbers go through
attendance.check_totals, the same R-ATT rules as every other form.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from unified_forms.attendance import check_totals
from unified_forms.forms.grade_list.model import CORE_SUBJECTS, GradeListInput
from unified_forms.layout.bound import Bound, Slot, Value, formula_value
from unified_forms.layout.page import Typed
from unified_forms.patterns.header import header_slots

MARK = "※"
MARKED_FORMAT = f'"{MARK}"0'  # a 朱点 評定 in a spreadsheet: the number, shown as ※2


def _sum_value(total: int | None, paths: list[str], path: str, *, whole: bool = False) -> Slot:
    """A printed 合計 that a spreadsheet computes from ``paths`` (``whole``: blank until all are entered)."""
    if not paths:
        return str(total) if total is not None else ""
    text = str(total) if total is not None else ""
    return formula_value(text, "sum", tuple(paths), total, path, require_all=whole, number_format="0")


def _average_value(text: str, paths: list[str], path: str, *, whole: bool = False) -> Slot:
    """A printed 平均 (one decimal, 四捨五入) that a spreadsheet computes from ``paths``."""
    if not paths:
        return text
    value = float(text) if text else None
    return formula_value(
        text, "average", tuple(paths), value, path, decimals=1, require_all=whole, number_format="0.0"
    )


def average(values: Sequence[int]) -> str:
    """Mean to one decimal, 四捨五入; blank for no values."""
    if not values:
        return ""
    mean = Decimal(sum(values)) / Decimal(len(values))
    return str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def pupil_totals(grades: dict[str, int | str], subjects: Sequence[str]) -> tuple[int, str] | None:
    """(合計, 平均) over ``subjects`` excluding "/"; None when a 評定 is still missing."""
    values: list[int] = []
    for name in subjects:
        g = grades.get(name)
        if g is None:
            return None
        if g != "/":
            values.append(int(g))
    if not values:
        return None
    return sum(values), average(values)


def bind(m: GradeListInput) -> Bound:
    subjects = m.subject_list
    core = [s for s in subjects if s in CORE_SUBJECTS]
    keys = {name: f"s{j}" for j, name in enumerate(subjects)}
    columns: list[dict[str, Slot]] = [{"key": keys[s], "label": s} for s in subjects]
    columns += [
        {"key": "core_total", "label": f"{len(core)}教科合計"},
        {"key": "core_avg", "label": f"{len(core)}教科平均"},
        {"key": "all_total", "label": f"{len(subjects)}教科合計"},
        {"key": "all_avg", "label": f"{len(subjects)}教科平均"},
    ]
    per_subject: dict[str, list[int]] = {s: [] for s in subjects}
    per_total: dict[str, list[int]] = {"core_total": [], "all_total": []}
    absences: list[int] = []
    # data paths of the cells each class row adds up (spreadsheet formulas)
    subject_paths: dict[str, list[str]] = {s: [] for s in subjects}
    total_paths: dict[str, list[str]] = {"core_total": [], "all_total": []}
    absence_paths: list[str] = []
    rows: list[dict[str, Slot]] = []
    for i in sorted(range(len(m.students)), key=lambda i: m.students[i].number):
        s = m.students[i]
        base = f"students[{i}]"
        row: dict[str, Slot] = {"number": str(s.number), "name": Value(s.name.full, f"{base}.name")}
        slashed: list[str] = []
        for name in subjects:
            g = s.grades.get(name)
            if g == "/":
                slashed.append(keys[name])
                row[keys[name]] = ""
            elif g is None:
                row[keys[name]] = Value("", f"{base}.grades.{name}", typed=Typed())  # an input cell
                subject_paths[name].append(f"{base}.grades.{name}")
            else:
                per_subject[name].append(g)
                subject_paths[name].append(f"{base}.grades.{name}")
                marked = m.threshold is not None and g <= m.threshold
                typed = Typed(value=g, number_format=MARKED_FORMAT, mark="shuten") if marked else Typed(value=g)
                row[keys[name]] = Value(f"{MARK}{g}" if marked else str(g), f"{base}.grades.{name}", typed=typed)
        row["_slash"] = " ".join(slashed)
        for prefix, subset in (("core", core), ("all", subjects)):
            totals = pupil_totals(dict(s.grades), subset) if subset else None
            paths = [f"{base}.grades.{name}" for name in subset if s.grades.get(name) != "/"]
            total_path = f"{base}.{prefix}_total"
            row[f"{prefix}_total"] = _sum_value(totals[0] if totals else None, paths, total_path, whole=True)
            mean = totals[1] if totals else ""
            row[f"{prefix}_avg"] = _average_value(mean, paths, f"{base}.{prefix}_avg", whole=True)
            if totals:
                per_total[f"{prefix}_total"].append(totals[0])
            if paths:
                total_paths[f"{prefix}_total"].append(total_path)
        if s.attendance is not None:
            t = check_totals(s.attendance, path=f"{base}.attendance")
            row["required_days"] = str(t.required_days)
            row["absence_days"] = Value(str(t.absence_days), f"{base}.attendance.absence_days")
            row["present_days"] = str(t.present_days)
            absences.append(t.absence_days)
            absence_paths.append(f"{base}.attendance.absence_days")
        rows.append(row)
    sums: dict[str, Slot] = {"name": "学級合計", "_group_rule": "1"}
    means: dict[str, Slot] = {"name": "学級平均"}
    for name in subjects:
        got = per_subject[name]
        sums[keys[name]] = _sum_value(sum(got) if got else None, subject_paths[name], f"class_total.{name}")
        means[keys[name]] = _average_value(average(got), subject_paths[name], f"class_average.{name}")
    for key, values in per_total.items():
        sums[key] = _sum_value(sum(values) if values else None, total_paths[key], f"class_total.{key}")
        means[key] = _average_value(average(values), total_paths[key], f"class_average.{key}")
    if absences:
        sums["absence_days"] = _sum_value(sum(absences), absence_paths, "class_total.absence_days")
        means["absence_days"] = _average_value(average(absences), absence_paths, "class_average.absence_days")
    rows += [sums, means]
    legend = "「/」は評定しない教科（合計・平均に含めない）。平均は小数第2位を四捨五入。"
    if m.threshold is not None:
        legend = f"朱点（{m.threshold}以下）：{MARK}印を付けた評定。" + legend
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on),
        "term": Value(m.term, "term"),
        "threshold": f"{m.threshold}以下" if m.threshold is not None else "",
        "legend": legend,
    }
    return Bound(
        slots=slots,
        lists={"students": rows, "subjects": columns},
        sheet_name=m.homeroom.label,
        must_print={"students": ("students", "児童生徒"), "term": ("term", "学期")},
    )
