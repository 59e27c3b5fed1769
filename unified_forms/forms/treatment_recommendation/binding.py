"""Binding of the 治療勧告書: one 検査 of the pupil's record → the notice and the P-20 reply slip.

The results are not typed on the notice: they are read from the record, structured per 検査 the way
the 様式 records them (forms-spec §4.15(d)3) — 歯科: the tooth positions of each symbol from the
歯式 (「上右6」 = 上顎 右側 第一大臼歯) and the 0/1/2 judgements that need a dentist, with the pupil's
歯式 drawn beside them; 視力: 右・左 × 裸眼・矯正 as A〜D with the legend; 聴力: ○ for an ear that
could not hear 1000 Hz 30 dB / 4000 Hz 25 dB and its 聴力レベル; 尿: the 第1次 and 第2次 rounds ×
蛋白・糖・潜血. Each printed result keeps the record's path, so a result too long for its cell is
reported where it was typed.

The pupil's 学年・組・番号・氏名 print on both halves (the slip is cut off and must still say whose it
is). A notice later than 21 days after the 検査 is an alert in the render report, never a refusal.
"""

from __future__ import annotations

from typing import Any

from unified_forms.families.health_checkup.chart import chart_rows, tooth_columns, tooth_labels
from unified_forms.families.health_checkup.codes import ExamKind
from unified_forms.families.health_checkup.dental import DentalExam, tooth_name
from unified_forms.families.health_checkup.findings import Finding, printed
from unified_forms.families.health_checkup.general import GeneralExam
from unified_forms.families.health_checkup.wording import (
    HEARING_LEGEND,
    TOOTH_LEGEND,
    URINE_LEGEND,
    VISION_LEGEND,
    ecg_cell,
    month_day,
    nutrition_cell,
    tuberculosis_cell,
    vision_value,
)
from unified_forms.forms.treatment_recommendation.model import NOTICE_DAYS, TreatmentRecommendationInput
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_date
from unified_forms.patterns.dates import wareki

Table = tuple[list[Row], list[Row], str]  # (result columns, result rows, legend)
_ONE_COLUMN: list[Row] = [{"key": "v", "label": "結　果"}]

_JUDGEMENT_WORDING = {
    "jaw": ("顎関節", {1: "1 定期的観察が必要", 2: "2 専門医による診断が必要"}),
    "alignment": ("歯列・咬合", {1: "1 定期的観察が必要", 2: "2 専門医による診断が必要"}),
    "plaque": ("歯垢の状態", {1: "1 若干の付着あり", 2: "2 相当の付着あり"}),
    "gingiva": ("歯肉の状態", {1: "1 GO（定期的観察が必要）", 2: "2 G（専門医による診断が必要）"}),
}


def _teeth(d: DentalExam, base: str, label: str, *symbols: str) -> list[Row]:
    teeth = d.teeth.teeth_with(*symbols)
    if not teeth:
        return []
    return [{"label": label, "v": Value("、".join(tooth_name(t) for t in teeth), f"{base}.teeth")}]


def _dental(d: DentalExam, base: str) -> Table:
    rows = _teeth(d, base, "未処置歯（Ｃ）", "C")
    rows += _teeth(d, base, "要注意乳歯（×）", "×")
    rows += _teeth(d, base, "要観察歯（ＣＯ）", "CO")
    for key, (label, wording) in _JUDGEMENT_WORDING.items():
        value = getattr(d, key)
        if value:
            rows.append({"label": label, "v": Value(wording[value], f"{base}.{key}")})
    if d.other and printed(d.other) and d.other[0].code != "normal":
        rows.append({"label": "その他の疾病・異常", "v": Value(printed(d.other), f"{base}.other")})
    if d.dentist.remarks:
        rows.append({"label": "学校歯科医の所見", "v": Value(d.dentist.remarks, f"{base}.dentist.remarks")})
    return _ONE_COLUMN, rows, TOOTH_LEGEND


def _vision(g: GeneralExam, base: str) -> Table:
    columns: list[Row] = [{"key": "naked", "label": "裸眼視力"}, {"key": "corrected", "label": "矯正視力"}]
    rows: list[Row] = []
    for side, label in (("right", "右"), ("left", "左")):
        eye = getattr(g.vision, side)
        row: Row = {"label": label}
        for key in ("naked", "corrected"):
            text = vision_value(getattr(eye, key))
            if text:
                row[key] = Value(text, f"{base}.vision.{side}.{key}")
        rows.append(row)
    return columns, rows, f"視力　{VISION_LEGEND}"


def _hearing(g: GeneralExam, base: str) -> Table:
    columns: list[Row] = [
        {"key": "screen", "label": "1000Hz 30dB・4000Hz 25dB"},
        {"key": "level", "label": "聴力レベル"},
    ]
    screen_words = {"pass": "聴取できた", "fail": "聴取できない（○）", "difficult": "測定困難"}
    rows: list[Row] = []
    for side, label in (("right", "右"), ("left", "左")):
        ear = getattr(g.hearing, side)
        row: Row = {"label": label}
        if ear.screen is not None:
            row["screen"] = Value(screen_words[ear.screen], f"{base}.hearing.{side}.screen")
        if ear.level_db is not None:
            row["level"] = Value(f"{ear.level_db}dB", f"{base}.hearing.{side}.level_db")
        rows.append(row)
    return columns, rows, f"聴力　{HEARING_LEGEND}"


def _urine(g: GeneralExam, base: str) -> Table:
    items = (("protein", "蛋白"), ("sugar", "糖"), ("blood", "潜血"))
    columns: list[Row] = [{"key": k, "label": label} for k, label in items]
    rows: list[Row] = []
    for key, label in (("first", "第１次"), ("second", "第２次")):
        r = getattr(g.urine, key)
        if r is None:
            continue
        when = month_day(r.date)
        row: Row = {"label": f"{label}（{when}）" if when else label}
        for item in ("protein", "sugar", "blood"):
            value = getattr(r, item)
            if value is not None:
                row[item] = Value(value, f"{base}.urine.{key}.{item}")
        rows.append(row)
    if g.urine.other_tests:
        rows.append({"label": "その他の検査", "protein": Value(g.urine.other_tests, f"{base}.urine.other_tests")})
    return columns, rows, f"尿　{URINE_LEGEND}"


def _findings_row(label: str, items: list[Finding] | None, path: str) -> list[Row]:
    if not items or all(f.code == "normal" for f in items):
        return []
    return [{"label": label, "v": Value(printed(items), path)}]


def _general(kind: ExamKind, g: GeneralExam, base: str) -> Table:
    rows: list[Row] = []
    if kind == ExamKind.HEART:
        if g.heart.ecg.result or g.heart.ecg.text:
            rows.append({"label": "心電図", "v": Value(ecg_cell(g.heart.ecg), f"{base}.heart.ecg")})
        rows += _findings_row("心臓の疾病及び異常", g.heart.findings, f"{base}.heart.findings")
    elif kind == ExamKind.TUBERCULOSIS:
        if tuberculosis_cell(g.tuberculosis):
            rows.append({"label": "結核", "v": Value(tuberculosis_cell(g.tuberculosis), f"{base}.tuberculosis")})
    elif kind == ExamKind.EYE:
        rows += _findings_row("眼の疾病及び異常", g.eye, f"{base}.eye")
    elif kind == ExamKind.ENT:
        rows += _findings_row("耳鼻咽頭疾患", g.ent, f"{base}.ent")
    elif kind == ExamKind.LOCOMOTOR:
        rows += _findings_row("脊柱・胸郭・四肢", g.spine, f"{base}.spine")
    elif kind == ExamKind.INTERNAL:
        if g.nutrition not in (None, "normal"):
            rows.append({"label": "栄養状態", "v": Value(nutrition_cell(g.nutrition), f"{base}.nutrition")})
        rows += _findings_row("脊柱・胸郭・四肢", g.spine, f"{base}.spine")
        rows += _findings_row("皮膚疾患", g.skin, f"{base}.skin")
        rows += _findings_row("その他の疾病及び異常", g.other, f"{base}.other")
    if kind != ExamKind.DENTAL and g.doctor.remarks and kind in (ExamKind.INTERNAL, ExamKind.HEART):
        rows.append({"label": "学校医の所見", "v": Value(g.doctor.remarks, f"{base}.doctor.remarks")})
    return _ONE_COLUMN, rows, ""


def results(m: TreatmentRecommendationInput) -> Table:
    """The structured results of the notice's 検査, read from the record."""
    r = m.record
    if m.dental and r.dental is not None:
        return _dental(r.dental, "record.dental")
    g = r.general
    if g is None or m.exam_kind == ExamKind.COLOR_VISION:
        return _ONE_COLUMN, [], ""
    base = "record.general"
    if m.exam_kind == ExamKind.VISION:
        return _vision(g, base)
    if m.exam_kind == ExamKind.HEARING:
        return _hearing(g, base)
    if m.exam_kind == ExamKind.URINE:
        return _urine(g, base)
    return _general(m.exam_kind, g, base)


def _alerts(m: TreatmentRecommendationInput) -> list[dict[str, Any]]:
    if not m.late_days or m.exam_date is None:
        return []
    days = (m.issued_on - m.exam_date).days
    return [
        {
            "code": "notice_after_21_days",
            "message": f"検査日から{days}日後の発行です（施行規則第9条: {NOTICE_DAYS}日以内に通知）",
            "path": "issued_on",
            "count": days,
        }
    ]


def bind(m: TreatmentRecommendationInput) -> Bound:
    exam = m.exam_label
    school = m.school.name
    when = "" if m.exam_date is None else f"{format_date(m.exam_date)}に実施した"
    columns, rows, legend = results(m)
    slots: dict[str, Slot] = {
        "issued_on": wareki(m.issued_on),
        "class_label": m.homeroom.label,
        "pupil_number": f"{m.record.number}番",
        "pupil_name": Value(m.pupil.full_with_alias, "pupil"),
        "school_name": Value(school, "school.name"),
        "principal": Value(f"校長　{m.school.principal.name.full_with_alias}", "school.principal"),
        "title": Value(f"受診のおすすめ（{exam}）", "exam_name"),
        "intro": Value(f"{when}{exam}の結果、下記のとおり受診をおすすめします。", "exam_name"),
        "clinic": f"受診先　{m.clinic_label}" if m.clinic is None else Value(f"受診先　{m.clinic}", "clinic"),
        "legend": legend,
        "remarks": Value(m.remarks, "remarks"),
        "recommendation": Value(m.recommendation, "recommendation"),
        "school_doctor": Value(f"{m.doctor_title}　{m.school_doctor}", "school_doctor"),
        "reply_title": Value(f"受診結果報告書（{exam}）", "exam_name"),
        "reply_to": Value(f"{school}長　様", "school.name"),
        "return_note": _return_note(m),
    }
    options: list[Row] = [{"key": f"o{i}", "label": o.wording} for i, o in enumerate(m.replies)]
    lists: dict[str, list[Row]] = {
        "result_columns": columns,
        "results": rows,
        "reply_options": options,
        "reply_marks": [{"label": "○印"}],
        "tooth_columns": tooth_columns(),
        "tooth_labels": tooth_labels(),
        "teeth": chart_rows(m.record.dental if m.dental else None, "record.dental"),
    }
    return Bound(
        slots=slots,
        lists=lists,
        flags=frozenset({"dental" if m.dental else "general_exam"}),
        sheet_name=f"{m.homeroom.label}{m.record.number}番",
        alerts=_alerts(m),
        must_print=_must_print(),
    )


def _return_note(m: TreatmentRecommendationInput) -> str:
    by = f"{format_date(m.return_by)}までに" if m.return_by else ""
    return f"受診後、この報告書を医療機関で記入していただき、{by}学級担任へ提出してください。"


def _must_print() -> dict[str, tuple[str, str]]:
    """The pupil, the results, the paragraph and the signing doctor must have a box in any layout used."""
    fields = TreatmentRecommendationInput.model_fields
    return {
        "pupil_name": ("pupil", fields["pupil"].title or "pupil"),
        "results": ("record", fields["record"].title or "record"),
        "recommendation": ("recommendation", fields["recommendation"].title or "recommendation"),
        "school_doctor": ("school_doctor", fields["school_doctor"].title or "school_doctor"),
    }
