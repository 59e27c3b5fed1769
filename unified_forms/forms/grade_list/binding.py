"""Binding of the 成績一覧表: 評定 cells with the 朱点 marker, 合計・平均・席次, 学級合計・平均, 評定分布.

Every derived number is computed here from the typed 評定 so the sheet cannot disagree with
itself (R-EVAL-6): 合計 = Σ 評定, 平均 = 合計 / 評定のある教科数 — "/" (評定しない) cells are
left out of both, and an empty cell (not yet entered) leaves the pupil's 合計・平均 blank
rather than printing a number over fewer subjects. A total that *is* over fewer 教科 because
of a "/" says so: 「26（8）」 is a 9教科合計 over 8 教科, and the legend explains the mark.
平均 has one decimal, 四捨五入 (not banker's rounding). 朱点 (評定 ≤ threshold) always
carries a ※ before the value — the cue that survives a monochrome copy — and is printed red
when the school asks for it. 席次 ranks the pupils whose total is over every 教科 (同点は同順位);
a pupil with a "/" has no rank, as his total is not comparable. The 評定分布 rows count the
pupils at each 評定 per 教科, so Σ of a column is the number of pupils with a 評定 and the
学級平均 can be re-added from the sheet. 出欠 numbers go through attendance.check_totals, the
same R-ATT rules as every other form. 素点 (per test × 教科) go to a second sheet with each
test's 合計 and the 学級平均 per column.

For spreadsheets every 評定 and 素点 is a number (a 朱点 one with the 朱点 style), an empty 評定
an input cell, and every 合計・平均 a formula over the cells of the paths it was computed from,
so a clerk's change recomputes; a total over fewer 教科 keeps its 「（8）」 in its number format.
The 評定分布 and 席次 are printed numbers (a spreadsheet's COUNTIF/RANK are not formulas the
page model carries).
"""

from __future__ import annotations

from collections.abc import Sequence

from unified_forms.attendance import check_totals
from unified_forms.families.grades import fewer_format, mean_text, over_fewer
from unified_forms.forms.grade_list.model import CORE_SUBJECTS, GradeListInput, GradeListStudent
from unified_forms.layout.bound import Bound, Row, Slot, Value, formula_value, number_value
from unified_forms.layout.page import Typed
from unified_forms.patterns.header import header_slots

MARK = "※"
MARKED_FORMAT = f'"{MARK}"0'  # a 朱点 評定 in a spreadsheet: the number, shown as ※2
RED = "C00000"  # a dark red: still a dark gray on a monochrome copy, next to the ※ that carries the meaning


def _sum_value(total: int | None, paths: list[str], path: str, *, whole: bool = False, of: int = 0) -> Slot:
    """A printed 合計 that a spreadsheet computes from ``paths`` (``whole``: blank until all are entered).

    ``of``: the number of 教科 the column stands for; a total over fewer paths is marked 「（n）」.
    """
    text = over_fewer(str(total), len(paths), of) if total is not None else ""
    if not paths:
        return text
    number_format = fewer_format("0", len(paths), of)
    return formula_value(text, "sum", tuple(paths), total, path, require_all=whole, number_format=number_format)


def _average_value(mean: str, paths: list[str], path: str, *, whole: bool = False, of: int = 0) -> Slot:
    """A printed 平均 (one decimal, 四捨五入) that a spreadsheet computes from ``paths``."""
    text = over_fewer(mean, len(paths), of)
    if not paths:
        return text
    value = float(mean) if mean else None
    return formula_value(
        text,
        "average",
        tuple(paths),
        value,
        path,
        decimals=1,
        require_all=whole,
        number_format=fewer_format("0.0", len(paths), of),
    )


def average(values: Sequence[int | float]) -> str:
    """Mean to one decimal, 四捨五入; blank for no values."""
    return mean_text(values, 1)


def pupil_totals(grades: dict[str, int | str], subjects: Sequence[str]) -> tuple[int, str, int] | None:
    """(合計, 平均, 評定のある教科数) over ``subjects`` excluding "/"; None when a 評定 is still missing."""
    values: list[int] = []
    for name in subjects:
        g = grades.get(name)
        if g is None:
            return None
        if g != "/":
            values.append(int(g))
    if not values:
        return None
    return sum(values), average(values), len(values)


def ranks(totals: dict[int, int]) -> dict[int, int]:
    """席次 of each key by its total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(totals.values(), reverse=True)
    return {key: ordered.index(total) + 1 for key, total in totals.items()}


def _grade_cell(m: GradeListInput, g: int, path: str) -> Value:
    marked = m.threshold is not None and g <= m.threshold
    if not marked:
        return Value(str(g), path, typed=Typed(value=g))
    typed = Typed(value=g, number_format=MARKED_FORMAT, mark="shuten")
    return Value(f"{MARK}{g}", path, typed=typed, color=RED if m.threshold_color == "red" else None)


def _columns(m: GradeListInput, keys: dict[str, str], core: list[str]) -> list[Row]:
    # subject names the input gave carry their path: a name too long for its column names it
    columns: list[Row] = [
        {"key": keys[s], "label": Value(s, f"subjects[{j}]") if m.subjects is not None else s}
        for j, s in enumerate(m.subject_list)
    ]
    for prefix, n in (("core", len(core)), ("all", len(m.subject_list))):
        columns += [
            {"key": f"{prefix}_total", "label": f"{n}教科合計"},
            {"key": f"{prefix}_avg", "label": f"{n}教科平均"},
        ]
        if m.show_rank:
            columns.append({"key": f"{prefix}_rank", "label": f"{n}教科席次"})
    return columns


def _distribution_rows(m: GradeListInput, keys: dict[str, str], per_subject: dict[str, list[int]]) -> list[Row]:
    """評定分布: one row per 評定 (5 … 1), the number of pupils at it in each 教科."""
    rows: list[Row] = []
    for g in range(m.max_grade, 0, -1):
        row: Row = {"name": f"評定{g}の人数"}
        if g == m.max_grade:
            row["_group_rule"] = "1"
        for name in m.subject_list:
            row[keys[name]] = f"{per_subject[name].count(g)}"
        rows.append(row)
    return rows


def _reference_rows(m: GradeListInput, keys: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    for k, ref in enumerate(m.reference_averages):
        row: Row = {"name": Value(ref.label, f"reference_averages[{k}].label")}
        for name, value in ref.averages.items():
            path = f"reference_averages[{k}].averages.{name}"
            row[keys[name]] = number_value(average([value]), value, path, number_format="0.0")
        rows.append(row)
    return rows


def _pupil_row(m: GradeListInput, i: int, s: GradeListStudent, keys: dict[str, str], core: list[str]) -> Row:
    base = f"students[{i}]"
    row: Row = {"number": str(s.number), "name": Value(s.name.full_with_alias, f"{base}.name")}
    slashed: list[str] = []
    for name in m.subject_list:
        g = s.grades.get(name)
        if g == "/":
            slashed.append(keys[name])
            row[keys[name]] = ""
        elif g is None:
            row[keys[name]] = Value("", f"{base}.grades.{name}", typed=Typed())  # an input cell
        else:
            row[keys[name]] = _grade_cell(m, g, f"{base}.grades.{name}")
    row["_slash"] = " ".join(slashed)
    for prefix, subset in (("core", core), ("all", list(m.subject_list))):
        totals = pupil_totals(dict(s.grades), subset) if subset else None
        paths = _grade_paths(base, s, subset)
        total, mean = (totals[0], totals[1]) if totals else (None, "")
        n = len(subset)
        row[f"{prefix}_total"] = _sum_value(total, paths, f"{base}.{prefix}_total", whole=True, of=n)
        row[f"{prefix}_avg"] = _average_value(mean, paths, f"{base}.{prefix}_avg", whole=True, of=n)
    if s.attendance is not None:
        t = check_totals(s.attendance, path=f"{base}.attendance")
        row["required_days"] = str(t.required_days)
        row["absence_days"] = Value(str(t.absence_days), f"{base}.attendance.absence_days")
        row["present_days"] = str(t.present_days)
    return row


def _grade_paths(base: str, s: GradeListStudent, subset: Sequence[str]) -> list[str]:
    """Data paths of the 評定 cells a pupil's total adds up ("/" left out, empty ones kept)."""
    return [f"{base}.grades.{name}" for name in subset if s.grades.get(name) != "/"]


def _add_ranks(m: GradeListInput, order: list[int], rows: list[Row], core: list[str]) -> None:
    for prefix, subset in (("core", core), ("all", list(m.subject_list))):
        complete: dict[int, int] = {}
        for r, i in enumerate(order):
            totals = pupil_totals(dict(m.students[i].grades), subset) if subset else None
            if totals is not None and totals[2] == len(subset):
                complete[r] = totals[0]
        for r, rank in ranks(complete).items():
            rows[r][f"{prefix}_rank"] = str(rank)


def _legend(m: GradeListInput) -> str:
    parts = []
    if m.threshold is not None:
        red = "（赤字）" if m.threshold_color == "red" else ""
        parts.append(f"朱点（{m.threshold}以下）：{MARK}印を付けた評定{red}。")
    parts.append("「/」は評定しない教科（合計・平均に含めない）。")
    parts.append("合計・平均の（　）内は評定のある教科数（「/」のある生徒）。平均は小数第2位を四捨五入。")
    if m.show_rank:
        parts.append("席次は全教科の評定がそろった生徒の合計の順（同点は同順位）。")
    return "".join(parts)


def bind(m: GradeListInput) -> Bound:
    subjects = m.subject_list
    core = [s for s in subjects if s in CORE_SUBJECTS]
    keys = {name: f"s{j}" for j, name in enumerate(subjects)}
    order = sorted(range(len(m.students)), key=lambda i: m.students[i].number)
    rows = [_pupil_row(m, i, m.students[i], keys, core) for i in order]
    if m.show_rank:
        _add_ranks(m, order, rows, core)
    per_subject = {name: [g for s in m.students if isinstance(g := s.grades.get(name), int)] for name in subjects}
    # data paths of the cells each class row adds up (spreadsheet formulas)
    subject_paths = {
        n: [f"students[{i}].grades.{n}" for i in order if m.students[i].grades.get(n) != "/"] for n in subjects
    }
    per_total: dict[str, list[int]] = {"core_total": [], "all_total": []}
    total_paths: dict[str, list[str]] = {"core_total": [], "all_total": []}
    for i in order:
        for prefix, subset in (("core", core), ("all", list(subjects))):
            totals = pupil_totals(dict(m.students[i].grades), subset) if subset else None
            if totals is not None:
                per_total[f"{prefix}_total"].append(totals[0])
            if any(m.students[i].grades.get(n) != "/" for n in subset):
                total_paths[f"{prefix}_total"].append(f"students[{i}].{prefix}_total")
    with_attendance = [i for i in order if m.students[i].attendance is not None]
    absences = [check_totals(m.students[i].attendance).absence_days for i in with_attendance]
    absence_paths = [f"students[{i}].attendance.absence_days" for i in with_attendance]
    sums: Row = {"name": "学級合計", "_group_rule": "1"}
    means: Row = {"name": "学級平均"}
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
    rows += [sums, means, *_reference_rows(m, keys), *_distribution_rows(m, keys, per_subject)]
    score_columns, score_rows = _score_sheet(m, order)
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on),
        "term": Value(m.term, "term"),
        "threshold": f"{m.threshold}以下" if m.threshold is not None else "",
        "legend": _legend(m),
        "score_legend": "合計の（　）内は受験した教科数（その合計は学級平均に含めない）。平均は小数第2位を四捨五入。",
    }
    must_print = {"students": ("students", "児童生徒"), "term": ("term", "学期")}
    if score_rows:
        must_print["score_rows"] = ("students", "素点")
    return Bound(
        slots=slots,
        lists={
            "students": rows,
            "subjects": _columns(m, keys, core),
            "score_rows": score_rows,
            "score_columns": score_columns,
        },
        flags=frozenset({"scores"} if score_rows else ()),
        sheet_name=m.homeroom.label,
        must_print=must_print,
    )


def _score_sheet(m: GradeListInput, order: list[int]) -> tuple[list[Row], list[Row]]:
    """素点: one column per test × 教科 that has a score, then the test's 合計; 学級平均 last."""
    columns: list[Row] = []
    tested: list[tuple[int, list[str]]] = []
    for k, test in enumerate(m.tests):
        names = [n for n in m.subject_list if any(_score(s, n, k) is not None for s in m.students)]
        if not names:
            continue
        tested.append((k, names))
        columns += [{"key": f"p{k}_{j}", "label": f"{test}\n{n}"} for j, n in enumerate(names)]
        columns.append({"key": f"p{k}_total", "label": f"{test}\n合計"})
    if not tested:
        return [], []
    rows: list[Row] = []
    column_values: dict[str, list[int]] = {}
    column_paths: dict[str, list[str]] = {}
    for i in order:
        s = m.students[i]
        row: Row = {"number": str(s.number), "name": Value(s.name.full_with_alias, f"students[{i}].name")}
        for k, names in tested:
            taken: list[int] = []
            paths: list[str] = []
            for j, name in enumerate(names):
                score = _score(s, name, k)
                if score is not None:
                    path = f"students[{i}].scores.{name}[{k}]"
                    row[f"p{k}_{j}"] = number_value(str(score), score, path)
                    column_values.setdefault(f"p{k}_{j}", []).append(score)
                    column_paths.setdefault(f"p{k}_{j}", []).append(path)
                    taken.append(score)
                    paths.append(path)
            total_path = f"students[{i}].test_total[{k}]"
            row[f"p{k}_total"] = _sum_value(sum(taken) if taken else None, paths, total_path, of=len(names))
            if len(taken) == len(names):  # a total over fewer 教科 would pull the class mean down
                column_values.setdefault(f"p{k}_total", []).append(sum(taken))
                column_paths.setdefault(f"p{k}_total", []).append(total_path)
        rows.append(row)
    means: Row = {"name": "学級平均", "_group_rule": "1"}
    for key, values in column_values.items():
        means[key] = _average_value(average(values), column_paths[key], f"score_average.{key}")
    return columns, [*rows, means]


def _score(s: GradeListStudent, subject: str, test: int) -> int | None:
    scores = s.scores.get(subject)
    return scores[test] if scores is not None and test < len(scores) else None
