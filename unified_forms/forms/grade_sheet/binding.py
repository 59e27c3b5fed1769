"""Binding of the 成績個表: one 生徒's results → P-01, P-05, a 得点 grid, P-09, P-11, P-12.

The 学期 columns come from the data, so one layout prints 2学期制 and 3学期制. The 総合 rows
(評定 and 得点, 合計 and 平均 per 学期) are computed here and nowhere typed (§4.4(e) 総合平均):
平均 counts only the 教科 that have a value — a "/" 観点 or a missing 評定/得点 is left out, not
taken as 0 (§4.4(f)) — and is rounded 四捨五入 with Decimal, because float rounding turns 72.25
into 72.2. A 合計 or 平均 over fewer 教科 than the sheet has says so (「33（8）」, as on the
成績一覧表) and the legend under 総合 explains the mark. 出欠 numbers pass through the attendance
package's check_totals, as on every form.

For spreadsheets every 評定 and 得点 is a number and every 総合 合計・平均 a formula over the cells
of the values it was computed from (SUM; ROUND of AVERAGE to ``average_decimals``, 四捨五入), so a
clerk's change of a mark recomputes the 総合; the 「（8）」 of a total over fewer 教科 is part of
its number format. Only the cells that hold a value are referenced — the formula gives exactly
the printed number, and a 教科 left blank is not in the total, as on the paper.

教科 labels are set by design, not squeezed: the 教科 column holds four characters at the label
size, and a longer name breaks at its 「・」 (技術・／家庭), never inside a word.
"""

from __future__ import annotations

from decimal import Decimal

from unified_forms.attendance import check_totals
from unified_forms.families.grades import decimal_format, fewer_format, over_fewer, round_half_up
from unified_forms.forms.grade_sheet.model import GradeSheetInput
from unified_forms.layout.bound import Bound, Row, Slot, Value, formula_value, number_value
from unified_forms.layout.kinds.grid import SLASH_KEY
from unified_forms.models.curriculum import VIEWPOINTS
from unified_forms.patterns.attendance import AttendanceColumn, attendance_rows
from unified_forms.patterns.header import header_slots


def _key(i: int) -> str:
    return f"t{i + 1}"


__all__ = ["bind", "round_half_up", "subject_label", "term_totals"]

LABEL_CHARS = 4  # characters of the 教科 column at its label size


def subject_label(name: str) -> str:
    """The 教科 name as printed in the 教科 column: broken after 「・」 when it is longer than the column."""
    if len(name) <= LABEL_CHARS or "・" not in name:
        return name
    return name.replace("・", "・\n")


def term_totals(m: GradeSheetInput) -> list[dict[str, str | None]]:
    """Per 学期: 評定合計/平均 and 得点合計/平均 over the 教科 that have a value (None: no value)."""
    return [{name: None if v is None else v.text for name, v in per.items()} for per in _term_values(m)]


def _term_values(m: GradeSheetInput) -> list[dict[str, Value | None]]:
    """term_totals as printed values that a spreadsheet recomputes from the marks' cells."""
    out: list[dict[str, Value | None]] = []
    n = len(m.subjects)
    for t in range(len(m.terms)):
        row: dict[str, Value | None] = {}
        for name in ("hyotei", "score"):
            given = [
                (v, f"subjects[{i}].results[{t}].{name}")
                for i, s in enumerate(m.subjects)
                if (v := getattr(s.results[t], name)) is not None
            ]
            if not given:
                row[f"{name}_total"] = row[f"{name}_average"] = None
                continue
            total = sum(v for v, _ in given)
            paths = tuple(p for _, p in given)
            path = f"totals.{_key(t)}.{name}"
            row[f"{name}_total"] = formula_value(
                over_fewer(str(total), len(given), n),
                "sum",
                paths,
                total,
                f"{path}_total",
                number_format=fewer_format("0", len(given), n),
            )
            average = round_half_up(Decimal(total) / len(given), m.average_decimals)
            row[f"{name}_average"] = formula_value(
                over_fewer(average, len(given), n),
                "average",
                paths,
                float(average),
                f"{path}_average",
                decimals=m.average_decimals,
                number_format=fewer_format(decimal_format(m.average_decimals), len(given), n),
            )
        out.append(row)
    return out


def _viewpoint_rows(m: GradeSheetInput) -> list[Row]:
    rows: list[Row] = []
    for i, s in enumerate(m.subjects):
        for j, label in enumerate(VIEWPOINTS):
            row: Row = {"subject": subject_label(s.name), "viewpoint": label}
            slashed: list[str] = []
            for t, r in enumerate(s.results):
                if j < len(r.viewpoints):
                    if r.viewpoints[j] == "/":
                        slashed.append(_key(t))
                    else:
                        row[_key(t)] = Value(r.viewpoints[j], f"subjects[{i}].results[{t}].viewpoints[{j}]")
            if slashed:
                row[SLASH_KEY] = " ".join(slashed)
            rows.append(row)
        row = {"subject": subject_label(s.name), "viewpoint": "評定"}
        for t, r in enumerate(s.results):
            if r.hyotei is not None:
                row[_key(t)] = number_value(str(r.hyotei), r.hyotei, f"subjects[{i}].results[{t}].hyotei")
        rows.append(row)
    return rows


def _score_rows(m: GradeSheetInput) -> list[Row]:
    rows: list[Row] = []
    for i, s in enumerate(m.subjects):
        row: Row = {"item": s.name}
        for t, r in enumerate(s.results):
            if r.score is not None:
                row[f"{_key(t)}s"] = number_value(str(r.score), r.score, f"subjects[{i}].results[{t}].score")
            if r.class_average is not None:
                row[f"{_key(t)}a"] = Value(f"{r.class_average:.1f}", f"subjects[{i}].results[{t}].class_average")
        rows.append(row)
    return rows


def _summary_rows(m: GradeSheetInput) -> list[Row]:
    totals = _term_values(m)
    rows: list[Row] = []
    for name, label in (
        ("hyotei_total", "評定合計"),
        ("hyotei_average", "評定平均"),
        ("score_total", "得点合計"),
        ("score_average", "得点平均"),
    ):
        row: Row = {"item": label}
        for t, per in enumerate(totals):
            value = per[name]
            if value is not None:
                row[_key(t)] = value
        rows.append(row)
    if any(r is not None for r in m.ranks):
        ranks: Row = {"item": "席次"}
        for t, r in enumerate(m.ranks):
            if r is not None:
                ranks[_key(t)] = Value(f"{r.rank}／{r.of}", f"ranks[{t}]")
        rows.append(ranks)
    return rows


def _attendance_rows(m: GradeSheetInput) -> list[Row]:
    columns = [
        AttendanceColumn(_key(t), check_totals(a, path=f"attendance[{t}]"), f"attendance[{t}]")
        for t, a in enumerate(m.attendance)
        if a is not None
    ]
    return attendance_rows(columns, remarks_label=None)


def bind(m: GradeSheetInput) -> Bound:
    student = m.student
    slots: dict[str, Slot] = {
        **header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on),
        "student_number": Value(f"{m.homeroom.label}　{student.number}番", "student.number"),
        "student_name": Value(student.name.full_with_alias, "student.name"),
        "student_kana": Value(student.name.kana_hiragana, "student.name.kana_family"),
        "remarks": Value(m.remarks, "remarks"),
        "scale_legend": "観点…A・B・C　評定…5段階",
        "summary_legend": "（　）内は値のある教科数。平均は四捨五入。",
    }
    terms: list[Row] = [{"key": _key(t), "label": Value(name, f"terms[{t}]")} for t, name in enumerate(m.terms)]
    score_cols: list[Row] = []
    for t, name in enumerate(m.terms):
        score_cols += [
            {"key": f"{_key(t)}s", "label": Value(f"{name}\n得点", f"terms[{t}]")},
            {"key": f"{_key(t)}a", "label": Value(f"{name}\n平均", f"terms[{t}]")},
        ]
    lists: dict[str, list[Row]] = {
        "terms": terms,
        "score_cols": score_cols,
        "subject_rows": _viewpoint_rows(m),
        "score_rows": _score_rows(m),
        "summary_rows": _summary_rows(m),
        "comment_rows": [
            {"term": s.name, "text": Value(s.comment, f"subjects[{i}].comment")} for i, s in enumerate(m.subjects)
        ],
        "attendance_rows": _attendance_rows(m),
    }
    return Bound(slots=slots, lists=lists, flags=frozenset(), sheet_name="成績個表", must_print=_must_print(m))


def _must_print(m: GradeSheetInput) -> dict[str, tuple[str, str]]:
    """Every record given must have a box in the layout used (shipped or a school's own)."""
    out: dict[str, tuple[str, str]] = {
        "subject_rows": ("subjects", "成績の記録"),
        "summary_rows": ("subjects", "総合"),
    }
    if any(r.score is not None or r.class_average is not None for s in m.subjects for r in s.results):
        out["score_rows"] = ("subjects", "得点・学級平均")
    if any(s.comment for s in m.subjects):
        out["comment_rows"] = ("subjects", "科目所見")
    if any(a is not None for a in m.attendance):
        out["attendance_rows"] = ("attendance", "出欠の記録")
    if m.remarks:
        out["remarks"] = ("remarks", "備考")
    return out
