"""Bindings of the 個別の教育支援計画 and the 個別の指導計画: model → slots and grid rows.

Both plans are mostly long free text written by teachers and parents. The binding passes every
text through whole, with its data path, and lists it in ``must_print`` so that a school's own
layout without a box for, say, 保護者の願い is refused instead of silently dropping it; the
layout decides how a box fits and continues the rest on a 別紙.

The 指導計画 prints one sheet per 学期 (``term<N>_rows``: 教科等 × 目標・手立て・評価, then the
次学期への課題 and the 保護者との共有 of that 学期); its 学期 come from the data (2 or 3; 前期・後期
or 1〜3学期), the flags ``term3`` / ``two_terms`` choose the pages, so one layout serves both
学期制. Boxes a teacher or a guardian fills in by hand (評価 not yet written, 確認日, 署名) stay
printed empty rather than disappear.
"""

from __future__ import annotations

from datetime import date

from unified_forms.families.individual_plan.model import (
    Diagnosis,
    Handbook,
    IndividualInstructionPlanInput,
    IndividualSupportPlanInput,
)
from unified_forms.layout.bound import Bound, Row, Slot, Value
from unified_forms.models.wareki import format_date
from unified_forms.patterns.dates import wareki
from unified_forms.patterns.header import header_slots

DATE_BLANK = "令和　　年　　月　　日"


def _date(d: date | None) -> str:
    return format_date(d) if d is not None else ""


def _dated(d: date | None, path: str | None = None) -> Slot:
    """A date in 和暦 (a spreadsheet date) or the blank 「令和　年　月　日」 to fill in by hand."""
    return wareki(d, path) if d is not None else DATE_BLANK


def _common(m: IndividualSupportPlanInput | IndividualInstructionPlanInput) -> dict[str, Slot]:
    slots = header_slots(m.fiscal_year, m.school, m.homeroom, m.teacher, m.created_on)
    slots |= {
        "pupil_name": Value(m.pupil.full_with_alias, "pupil"),
        "pupil_kana": Value(m.pupil.kana_hiragana, "pupil"),
        "created_by": Value(m.created_by.name.full_with_alias, "created_by"),
        "created_on": wareki(m.created_on),
    }
    return slots


def _must(
    model: type[IndividualSupportPlanInput] | type[IndividualInstructionPlanInput], **slots: str
) -> dict[str, tuple[str, str]]:
    fields = model.model_fields
    return {slot: (path, fields[path].title or path) for slot, path in slots.items()}


def _diagnosis(d: Diagnosis) -> str:
    dated = _date(d.diagnosed_on) and f"{_date(d.diagnosed_on)}診断"
    return d.name + "".join(f"（{x}）" for x in (d.institution, dated) if x)


def _handbook(h: Handbook) -> str:
    issued = f"（{_date(h.issued_on)}交付）" if h.issued_on else ""
    return f"{h.kind.value}" + (f"　{h.grade}" if h.grade else "") + issued


def bind_support(m: IndividualSupportPlanInput) -> Bound:
    slots = _common(m)
    guardian = m.consent.guardian
    evaluation = m.evaluation
    slots |= {
        "sex": m.sex.label if m.sex is not None else "",
        "birth_date": _date(m.birth_date),
        "exchange_class": m.exchange_class.label if m.exchange_class is not None else "",
        "coordinator": Value(m.coordinator.name.full_with_alias if m.coordinator else "", "coordinator"),
        "diagnoses": Value("\n".join(_diagnosis(d) for d in m.diagnoses), "diagnoses"),
        "handbooks": Value("　／　".join(_handbook(h) for h in m.handbooks), "handbooks"),
        "history": Value(m.history or "", "history"),
        "wish_self": Value(m.wish_self, "wish_self"),
        "wish_guardian": Value(m.wish_guardian, "wish_guardian"),
        "present_state": Value(m.present_state, "present_state"),
        "long_term_goal": Value(m.long_term_goal, "long_term_goal"),
        "short_term_goal": Value(m.short_term_goal or "", "short_term_goal"),
        "school_support": Value(m.school_support or "", "school_support"),
        "home_support": Value(m.home_support or "", "home_support"),
        "accommodations": Value(m.accommodations, "accommodations"),
        "evaluation": Value(evaluation.text if evaluation else "", "evaluation.text"),
        "evaluator": Value(
            evaluation.evaluator.name.full_with_alias if evaluation and evaluation.evaluator else "",
            "evaluation.evaluator",
        ),
        "evaluated_on": _dated(evaluation.evaluated_on if evaluation else None),
        "handover": Value(m.handover or "", "handover"),
        "consent_date": _date(m.consent.agreed_on) or DATE_BLANK,
        "guardian_name": Value(guardian.full_with_alias if guardian else "", "consent.guardian"),
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
    meetings: list[Row] = [
        {
            "held_on": wareki(x.held_on, f"meetings[{i}].held_on"),
            "participants": Value(x.participants, f"meetings[{i}].participants"),
            "record": Value(x.record, f"meetings[{i}].record"),
        }
        for i, x in enumerate(m.meetings)
    ]
    return Bound(
        slots=slots,
        lists={"agencies": agencies, "meetings": meetings},
        sheet_name="個別の教育支援計画",  # neutral: a pupil's name never names a sheet
        must_print=_must(
            IndividualSupportPlanInput,
            pupil_name="pupil",
            history="history",
            wish_self="wish_self",
            wish_guardian="wish_guardian",
            present_state="present_state",
            long_term_goal="long_term_goal",
            short_term_goal="short_term_goal",
            school_support="school_support",
            home_support="home_support",
            agencies="agencies",
            accommodations="accommodations",
            meetings="meetings",
            evaluation="evaluation",
            handover="handover",
        ),
    )


def area_label(area: str) -> str:
    """The 教科等 as its row label: 「自立活動」 and its 区分 on two lines, never broken inside a word.

    The layout's 教科等 column holds 「（コミュニケーション）」, the longest 区分 (NISE), at the label size.
    """
    head, bracket, rest = area.partition("（")
    return f"{head}\n{bracket}{rest}" if head and bracket else area


def bind_instruction(m: IndividualInstructionPlanInput) -> Bound:
    slots = _common(m)
    slots["annual_goal"] = Value(m.annual_goal, "annual_goal")
    slots["present_state"] = Value(m.present_state or "", "present_state")
    lists: dict[str, list[Row]] = {
        "area_goals": [
            {
                "area": Value(area_label(a.area), f"areas[{i}].area"),
                "annual_goal": Value(a.annual_goal or "", f"areas[{i}].annual_goal"),
            }
            for i, a in enumerate(m.areas)
        ]
    }
    for t, name in enumerate(m.term_names):
        key = f"term{t + 1}"
        slots[f"{key}_title"] = f"個別の指導計画（{name}）"
        last = t == len(m.term_names) - 1
        slots[f"{key}_next_label"] = "次年度への課題" if last else "次学期への課題"
        slots[f"{key}_share_text"] = f"{name}の指導計画と評価について説明を受け、確認しました。"
        rows: list[Row] = []
        for i, a in enumerate(m.areas):
            row: Row = {"area": Value(area_label(a.area), f"areas[{i}].area")}
            plan = a.terms[t] if t < len(a.terms) else None
            if plan is not None:
                base = f"areas[{i}].terms[{t}]"
                row |= {
                    "goal": Value(plan.goal, f"{base}.goal"),
                    "method": Value(plan.method, f"{base}.method"),
                    "evaluation": Value(plan.evaluation or "", f"{base}.evaluation"),
                }
            rows.append(row)
        lists[f"{key}_rows"] = rows
        review = m.reviews[t] if t < len(m.reviews) else None
        slots[f"{key}_next_steps"] = Value(review.next_steps or "" if review else "", f"reviews[{t}].next_steps")
        shared_on = review.shared_on if review else None
        slots[f"{key}_shared_on"] = _dated(shared_on, f"reviews[{t}].shared_on" if shared_on else None)
    for t in range(len(m.term_names), 3):  # the third 学期's page is not printed in a 2学期制 year
        lists[f"term{t + 1}_rows"] = []
        slots |= {f"term{t + 1}_{k}": "" for k in ("title", "next_label", "share_text", "next_steps", "shared_on")}
    return Bound(
        slots=slots,
        lists=lists,
        flags=frozenset({"term3"} if m.terms == 3 else ()),
        sheet_name="個別の指導計画",  # neutral: a pupil's name never names a sheet
        must_print=_must(
            IndividualInstructionPlanInput,
            pupil_name="pupil",
            present_state="present_state",
            annual_goal="annual_goal",
            area_goals="areas",
        ),
    )
