"""Form id → everything needed to print it: model class, binding, layout file.

Adding a form is one entry here plus a model, a binding, a layout file and a
sample; the CLI, the docs and the batch printer find it through this table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from unified_forms.layout.bound import Bound
from unified_forms.resources import data_dir


@dataclass(frozen=True, slots=True)
class FormInfo:
    id: str
    title: str  # Japanese
    paper: str  # e.g. "A4 portrait"
    model_ref: str  # "module:Class"
    binder_ref: str  # "module:function" (model instance → Bound)
    layout: str  # file name in layouts/forms

    @property
    def model(self) -> type[BaseModel]:
        return _resolve(self.model_ref)  # type: ignore[no-any-return]

    @property
    def binder(self) -> Callable[[Any], Bound]:
        return _resolve(self.binder_ref)  # type: ignore[no-any-return]

    def layout_file(self, variant: str | None = None) -> Path:
        name = self.layout if variant is None else self.layout.replace(".yaml", f".{variant}.yaml")
        return data_dir("layouts") / "forms" / name

    @property
    def sample_file(self) -> Path:
        return data_dir("samples") / f"{self.id}.json"


def _resolve(ref: str) -> Any:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


_FORMS: tuple[FormInfo, ...] = (
    FormInfo(
        id="roster",
        title="名簿",
        paper="A4 portrait",
        model_ref="unified_forms.models.roster:RosterInput",
        binder_ref="unified_forms.forms.roster:bind",
        layout="roster.yaml",
    ),
    FormInfo(
        id="attendance_register",
        title="出席簿",
        paper="A3 landscape (A4 landscape option)",
        model_ref="unified_forms.models.attendance_register:AttendanceRegisterInput",
        binder_ref="unified_forms.forms.attendance_register:bind",
        layout="attendance_register.yaml",
    ),
    FormInfo(
        id="report_card",
        title="通知表（小・中学校）",
        paper="A3 landscape folded / A4",
        model_ref="unified_forms.models.report_card:ReportCardInput",
        binder_ref="unified_forms.forms.report_card:bind",
        layout="report_card.yaml",
    ),
    FormInfo(
        id="report_card_special_needs",
        title="通知表（特別支援学級）",
        paper="A3 landscape folded / A4",
        model_ref="unified_forms.models.report_card:ReportCardSpecialNeedsInput",
        binder_ref="unified_forms.forms.report_card:bind",
        layout="report_card_special_needs.yaml",
    ),
    FormInfo(
        id="guidance_record_elementary",
        title="指導要録（小学校）",
        paper="A4 portrait",
        model_ref="unified_forms.models.guidance_record_elementary:GuidanceRecordElementaryInput",
        binder_ref="unified_forms.forms.guidance_record_elementary:bind",
        layout="guidance_record_elementary.yaml",
    ),
    FormInfo(
        id="event_schedule",
        title="行事予定",
        paper="A4 portrait (年間: A3 landscape)",
        model_ref="unified_forms.models.event_schedule:EventScheduleInput",
        binder_ref="unified_forms.forms.event_schedule:bind",
        layout="event_schedule.yaml",
    ),
    FormInfo(
        id="weekly_plan",
        title="週案",
        paper="A4 landscape",
        model_ref="unified_forms.models.weekly_plan:WeeklyPlanInput",
        binder_ref="unified_forms.forms.weekly_plan:bind",
        layout="weekly_plan.yaml",
    ),
    FormInfo(
        id="guidance_record_junior_high",
        title="指導要録（中学校）",
        paper="A4 portrait",
        model_ref="unified_forms.models.guidance_record_junior_high:GuidanceRecordJuniorHighInput",
        binder_ref="unified_forms.forms.guidance_record_junior_high:bind",
        layout="guidance_record_junior_high.yaml",
    ),
    FormInfo(
        id="treatment_recommendation",
        title="治療勧告書",
        paper="A4 portrait with reply slip",
        model_ref="unified_forms.models.treatment_recommendation:TreatmentRecommendationInput",
        binder_ref="unified_forms.forms.treatment_recommendation:bind",
        layout="treatment_recommendation.yaml",
    ),
    FormInfo(
        id="transcript",
        title="調査書",
        paper="A4 portrait",
        model_ref="unified_forms.models.transcript:TranscriptInput",
        binder_ref="unified_forms.forms.transcript:bind",
        layout="transcript.yaml",
    ),
    FormInfo(
        id="health_checkup_general",
        title="健康診断票（一般）",
        paper="A4 portrait",
        model_ref="unified_forms.models.health_checkup_general:HealthCheckupGeneralInput",
        binder_ref="unified_forms.forms.health_checkup_general:bind",
        layout="health_checkup_general.yaml",
    ),
    FormInfo(
        id="grade_sheet",
        title="成績個表",
        paper="A4 portrait",
        model_ref="unified_forms.models.grade_sheet:GradeSheetInput",
        binder_ref="unified_forms.forms.grade_sheet:bind",
        layout="grade_sheet.yaml",
    ),
    FormInfo(
        id="health_checkup_dental",
        title="健康診断票（歯・口腔）",
        paper="A4 portrait",
        model_ref="unified_forms.models.health_checkup_dental:HealthCheckupDentalInput",
        binder_ref="unified_forms.forms.health_checkup_dental:bind",
        layout="health_checkup_dental.yaml",
    ),
    FormInfo(
        id="grade_list",
        title="成績一覧表",
        paper="A3 landscape",
        model_ref="unified_forms.models.grade_list:GradeListInput",
        binder_ref="unified_forms.forms.grade_list:bind",
        layout="grade_list.yaml",
    ),
    FormInfo(
        id="individual_support_plan",
        title="個別の教育支援計画",
        paper="A4 portrait",
        model_ref="unified_forms.models.individual_plan:IndividualSupportPlanInput",
        binder_ref="unified_forms.forms.individual_plan:bind_support",
        layout="individual_support_plan.yaml",
    ),
    FormInfo(
        id="individual_instruction_plan",
        title="個別の指導計画",
        paper="A4 portrait",
        model_ref="unified_forms.models.individual_plan:IndividualInstructionPlanInput",
        binder_ref="unified_forms.forms.individual_plan:bind_instruction",
        layout="individual_instruction_plan.yaml",
    ),
)

REGISTRY: dict[str, FormInfo] = {f.id: f for f in _FORMS}


def get(form_id: str) -> FormInfo:
    try:
        return REGISTRY[form_id]
    except KeyError:
        known = ", ".join(REGISTRY)
        raise KeyError(f"unknown form id '{form_id}' (known: {known})") from None
