"""Bindings of the 個別の教育支援計画 and the 個別の指導計画: model → slots and grid rows.

Both plans are mostly long free text written by teachers and parents. The binding passes every
text through whole, with its data path, and lists it in ``must_print`` so that a school's own
layout without a box for, say, 保護者の願い is refused instead of silently dropping it; the
layout decides how a box fits and continues the rest on a 別紙. The 指導計画's 評価 columns come
from the data (2 or 3 学期), like the 通知表's period columns, so one layout serves both 学期制.
"""

from __future__ import annotations

from unified_forms.families.individual_plan.model import (
    IndividualInstructionPlanInput,
    IndividualSupportPlanInput,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_date
from unified_forms.patterns.dates import wareki
from unified_forms.patterns.header import header_slots

DATE_BLANK = "令和　　年　　月　　日"


def _date(d: object) -> str:
    return format_date(d) if d is not None else ""  # type: ignore[arg-type]


def _common(m: IndividualSupportPlanInput | IndividualInstructionPlanInput) -> dict[str, Slot]:
    slots = header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on)
    slots |= {
        "pupil_name": Value(m.pupil.full, "pupil"),
        "pupil_kana": Value(m.pupil.kana_hiragana, "pupil"),
        "created_by": Value(m.created_by.name.full, "created_by"),
        "created_on": wareki(m.created_on),
    }
    return slots


def _must(
    model: type[IndividualSupportPlanInput] | type[IndividualInstructionPlanInput], **slots: str
) -> dict[str, tuple[str, str]]:
    fields = model.model_fields
    return {slot: (path, fields[path].title or path) for slot, path in slots.items()}


def bind_support(m: IndividualSupportPlanInput) -> Bound:
    slots = _common(m)
    diagnoses = "\n".join(
        d.name
        + "".join(f"（{x}）" for x in (d.institution, _date(d.diagnosed_on) and f"{_date(d.diagnosed_on)}診断") if x)
        for d in m.diagnoses
    )
    guardian = m.consent.guardian
    slots |= {
        "birth_date": _date(m.birth_date),
        "diagnoses": Value(diagnoses, "diagnoses"),
        "wish_self": Value(m.wish_self, "wish_self"),
        "wish_guardian": Value(m.wish_guardian, "wish_guardian"),
        "present_state": Value(m.present_state, "present_state"),
        "long_term_goal": Value(m.long_term_goal, "long_term_goal"),
        "accommodations": Value(m.accommodations, "accommodations"),
        "handover": Value(m.handover or "", "handover"),
        "consent_date": _date(m.consent.agreed_on) or DATE_BLANK,
        "guardian_name": Value(guardian.full if guardian else "", "consent.guardian"),
        "review_on": _date(m.review_on),
    }
    agencies: list[Row] = [
        {
            "name": Value(a.name, f"agencies[{i}].name"),
            "kind": a.kind.value,
            "contact_person": Value(a.contact_person or "", f"agencies[{i}].contact_person"),
            "phone": Value(a.phone or "", f"agencies[{i}].phone"),
            "support": Value(a.support, f"agencies[{i}].support"),
        }
        for i, a in enumerate(m.agencies)
    ]
    return Bound(
        slots=slots,
        lists={"agencies": agencies},
        sheet_name="個別の教育支援計画",  # neutral: a pupil's name never names a sheet
        must_print=_must(
            IndividualSupportPlanInput,
            pupil_name="pupil",
            wish_self="wish_self",
            wish_guardian="wish_guardian",
            present_state="present_state",
            long_term_goal="long_term_goal",
            agencies="agencies",
            accommodations="accommodations",
            handover="handover",
        ),
    )


def bind_instruction(m: IndividualInstructionPlanInput) -> Bound:
    slots = _common(m)
    slots["annual_goal"] = Value(m.annual_goal, "annual_goal")
    terms: list[Row] = [{"key": f"t{t}", "label": f"評価（{t}学期）"} for t in range(1, m.terms + 1)]
    rows: list[Row] = []
    for i, a in enumerate(m.areas):
        row: Row = {
            "area": Value(a.area, f"areas[{i}].area"),
            "goal": Value(a.goal, f"areas[{i}].goal"),
            "method": Value(a.method, f"areas[{i}].method"),
        }
        for t, text in enumerate(a.evaluations):
            row[f"t{t + 1}"] = Value(text or "", f"areas[{i}].evaluations[{t}]")
        rows.append(row)
    return Bound(
        slots=slots,
        lists={"areas": rows, "terms": terms},
        sheet_name="個別の指導計画",  # neutral: a pupil's name never names a sheet
        must_print=_must(IndividualInstructionPlanInput, pupil_name="pupil", annual_goal="annual_goal", areas="areas"),
    )
