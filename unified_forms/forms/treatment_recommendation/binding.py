"""Binding of the 治療勧告書: model → the notice to the guardian and the P-20 reply slip.

The pupil's 学年・組・番号・氏名 are bound once and printed on both halves, because the slip is cut
off and must still say whose it is. 所見 are printed as checked items (■) per 検査 next to their
受診先. The reply slip's option columns come from the data (P-20 takes them from a list slot), so
a specialty with its own options needs no layout of its own. A notice later than 21 days after the
exam is an alert in the render report, never a refusal.
"""

from __future__ import annotations

from typing import Any

from unified_forms.forms.treatment_recommendation.model import NOTICE_DAYS, TreatmentRecommendationInput
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_date
from unified_forms.patterns.dates import wareki

CHECK = "■"


def _finding_rows(m: TreatmentRecommendationInput) -> list[Row]:
    return [
        {
            "exam": Value(f.exam, f"findings[{i}].exam"),
            "items": Value("　".join(f"{CHECK}{item}" for item in f.items), f"findings[{i}].items"),
            "clinic": Value(f.clinic, f"findings[{i}].clinic"),
        }
        for i, f in enumerate(m.findings)
    ]


def _alerts(m: TreatmentRecommendationInput) -> list[dict[str, Any]]:
    if not m.late_days:
        return []
    days = (m.issued_on - m.exam_date).days
    return [
        {
            "code": "notice_after_21_days",
            "message": f"検診日から{days}日後の発行です（施行規則第9条: {NOTICE_DAYS}日以内に通知）",
            "path": "issued_on",
            "count": days,
        }
    ]


def bind(m: TreatmentRecommendationInput) -> Bound:
    exam = m.exam_label
    school = m.school.name
    slots: dict[str, Slot] = {
        "issued_on": wareki(m.issued_on),
        "class_label": m.homeroom.label,
        "pupil_number": f"{m.number}番",
        "pupil_name": Value(m.pupil.full, "pupil"),
        "school_name": Value(school, "school.name"),
        "principal": Value(f"校長　{m.school.principal.name.full}", "school.principal"),
        "title": Value(f"受診のおすすめ（{exam}）", "exam_name"),
        "exam_name": Value(exam, "exam_name"),
        "exam_date": wareki(m.exam_date),
        "intro": Value(
            f"{format_date(m.exam_date)}に実施した{exam}の結果、下記のとおり受診をおすすめします。", "exam_name"
        ),
        "recommendation": Value(m.recommendation, "recommendation"),
        "school_doctor": Value(f"学校医　{m.school_doctor}", "school_doctor"),
        "reply_title": Value(f"受診結果報告書（{exam}）", "exam_name"),
        "reply_to": Value(f"{school}長　様", "school.name"),
        "return_note": _return_note(m),
    }
    options: list[Row] = [
        {"key": f"o{i}", "label": Value(o, f"reply_options[{i}]")} for i, o in enumerate(m.reply_options)
    ]
    lists: dict[str, list[Row]] = {
        "findings": _finding_rows(m),
        "reply_options": options,
        "reply_marks": [{"label": "○印"}],
    }
    return Bound(
        slots=slots,
        lists=lists,
        sheet_name=f"{m.homeroom.label}{m.number}番",
        alerts=_alerts(m),
        must_print=_must_print(),
        optional=frozenset({"exam_name"}),  # the shipped layout prints it inside title, intro and reply_title
    )


def _return_note(m: TreatmentRecommendationInput) -> str:
    by = f"{format_date(m.return_by)}までに" if m.return_by else ""
    return f"受診後、この報告書を医療機関で記入していただき、{by}学級担任へ提出してください。"


def _must_print() -> dict[str, tuple[str, str]]:
    """The pupil, the findings, the paragraph and the 学校医 must have a box in any layout used."""
    fields = TreatmentRecommendationInput.model_fields
    return {
        "pupil_name": ("pupil", fields["pupil"].title or "pupil"),
        "findings": ("findings", fields["findings"].title or "findings"),
        "recommendation": ("recommendation", fields["recommendation"].title or "recommendation"),
        "school_doctor": ("school_doctor", fields["school_doctor"].title or "school_doctor"),
    }
