"""The high school's import table: one row per applicant from the 調査書 PDFs a junior high sent.

Why a table of our own: each March a high school types every 調査書 into its 入試 system. The
PDFs carry their data (render/embed.py), so the 入試 office runs ``unified-forms extract`` over
the folder and imports one CSV (a spreadsheet opens it) or one JSON Lines file (a program reads
it). The columns are what the 入試 system needs to rank and check: the applicant, the junior
high, the 志願, the 5教科 and 9教科 評定合計 per 学年 and over the 3年間 (computed by the same
function that printed them, never retyped), every 評定, and the 出欠 per 学年. 受検番号 is not
part of a 調査書: it is blank, or given per file by the high school (``--numbers``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unified_forms.forms.transcript.binding import TOTAL_KEY, totals
from unified_forms.forms.transcript.model import GRADES, SUBJECTS, TranscriptInput

TOTAL_LABELS = {"five": "5教科", "nine": "9教科"}
ATTENDANCE_LABELS = (
    "授業日数",
    "出席停止・忌引等の日数",
    "出席しなければならない日数",
    "欠席日数",
    "出席日数",
    "主な欠席理由",
)


def _grade_label(g: int) -> str:
    return f"第{g}学年"


def columns() -> list[str]:
    """CSV header, in order."""
    cols = [
        "ファイル",
        "受検番号",
        "氏名",
        "ふりがな",
        "性別",
        "生年月日",
        "中学校",
        "中学校コード",
        "志願校",
        "志願校コード",
        "第一志願",
        "第二志願",
        "卒業年月",
        "卒業区分",
    ]
    for label in TOTAL_LABELS.values():
        cols += [f"{_grade_label(g)} {label}合計" for g in GRADES]
        cols.append(f"3年間 {label}合計")
    for g in GRADES:
        cols += [f"{_grade_label(g)} {s} 評定" for s in SUBJECTS]
    for g in GRADES:
        cols += [f"{_grade_label(g)} {k}" for k in ATTENDANCE_LABELS]
    cols += ["記載日", "記載責任者"]
    return cols


def _blank(v: int | None) -> str:
    return "" if v is None else str(v)


def row(m: TranscriptInput, *, file: str, number: str = "") -> dict[str, str]:
    """One applicant's row (every value a string; a missing 評定 or total is blank)."""
    a = m.application
    out: dict[str, str] = {
        "ファイル": file,
        "受検番号": number,
        "氏名": m.student.name.full,
        "ふりがな": m.student.name.kana_full,
        "性別": m.student.sex.label,
        "生年月日": m.student.birth_date.isoformat(),
        "中学校": m.school.name,
        "中学校コード": m.school.code or "",
        "志願校": a.school_name,
        "志願校コード": a.school_code or "",
        "第一志願": a.first.label,
        "第二志願": a.second.label if a.second is not None else "",
        "卒業年月": f"{m.graduation:%Y-%m}",
        "卒業区分": m.graduation_kind,
    }
    t = totals(m)
    for name, label in TOTAL_LABELS.items():
        for g in GRADES:
            out[f"{_grade_label(g)} {label}合計"] = _blank(t[name][f"g{g}"])
        out[f"3年間 {label}合計"] = _blank(t[name][TOTAL_KEY])
    years = {y.grade: y for y in m.years}
    for g in GRADES:
        given: dict[str, int | None] = {s.name: s.hyotei for s in years[g].subjects} if g in years else {}
        for s in SUBJECTS:
            out[f"{_grade_label(g)} {s} 評定"] = _blank(given.get(s))
    for g in GRADES:
        att = years[g].attendance if g in years else None
        values = (
            ("", "", "", "", "", "")
            if att is None
            else (
                str(att.lesson_days),
                str(att.suspension_days),
                str(att.required_days),
                str(att.absence_days),
                str(att.present_days),
                att.remarks,
            )
        )
        for k, v in zip(ATTENDANCE_LABELS, values, strict=True):
            out[f"{_grade_label(g)} {k}"] = v
    out["記載日"] = m.created.isoformat()
    out["記載責任者"] = m.recorder.name.full
    return out


def json_line(env: Mapping[str, Any], *, file: str, number: str = "") -> dict[str, Any]:
    """One JSON Lines record: the file, the 受検番号 and the whole envelope (form, schema, data)."""
    return {"file": file, "exam_number": number or None, **env}
