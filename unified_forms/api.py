"""The public Python API of api-contract.md; everything else in the package is internal.

Each call runs the one-way pipeline: dict → model → binding → layout →
page model → renderer. Validation and fitting errors surface as
FormDataError with field paths; nothing is printed partially.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from unified_forms import registry
from unified_forms.registry import FormInfo

if TYPE_CHECKING:
    from pydantic import BaseModel

    from unified_forms.layout.compile import Compiled
    from unified_forms.report import RenderReport
    from unified_forms.text.preflight import PreflightIssue

# The pipeline's modules (pydantic models, layout compiler, text engine, renderers) are imported
# by the calls that need them, so ``import unified_forms`` stays cheap for a CLI that only lists
# forms or a batch parent that only hands records to workers.


def forms() -> list[FormInfo]:
    return list(registry.REGISTRY.values())


def model(form_id: str) -> type[BaseModel]:
    return registry.get(form_id).model


def schema(form_id: str) -> dict[str, Any]:
    return model(form_id).model_json_schema(by_alias=True)


def sample(form_id: str) -> dict[str, Any]:
    with registry.get(form_id).sample_file.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def validate(form_id: str, data: dict[str, Any] | BaseModel) -> BaseModel:
    from unified_forms.models.errors_map import validate_model

    return validate_model(model(form_id), data, form_id=form_id)


def preflight(
    form_id: str, data: dict[str, Any] | BaseModel, *, font: str | os.PathLike[str] | None = None
) -> list[PreflightIssue]:
    """Every character or sequence of the input that IPAmj明朝 cannot print exactly (empty: all exact)."""
    from unified_forms.text.font import use_font
    from unified_forms.text.preflight import preflight_data

    registry.get(form_id)
    with use_font(font):
        return preflight_data(data)


def compile_form(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
) -> Compiled:
    """Validate, bind and lay out: the resolved pages every renderer reads.

    ``layout`` is a school's own layout file (e.g. a 通知表 arrangement) used instead of the
    shipped one; it is checked like any shipped file (LayoutError names the file and entry).
    """
    from unified_forms.layout.compile import compile_document
    from unified_forms.text.font import use_font

    info = registry.get(form_id)
    instance = validate(form_id, data)
    bound = info.binder(instance)
    if layout is not None:
        layout_file = Path(layout).resolve()
    else:
        layout_file = info.layout_file(getattr(instance, "layout_variant", None))
    with use_font(font):
        return compile_document(layout_file, bound, form_id=form_id)


@dataclass(frozen=True, slots=True)
class RenderResult:
    data: bytes
    report: RenderReport


def render(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    format: Literal["pdf", "xlsx"] = "pdf",
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
) -> RenderResult:
    """Render and return the bytes together with the render report."""
    from unified_forms.report import build_report

    compiled = compile_form(form_id, data, font=font, layout=layout)
    if format == "pdf":
        from unified_forms.render.pdf import render_pdf as _pdf

        out = _pdf(compiled.document)
    elif format == "xlsx":
        from unified_forms.render.xlsx import render_xlsx as _xlsx

        out = _xlsx(compiled.document)
    else:
        raise ValueError(f"unknown format '{format}' (pdf or xlsx)")
    return RenderResult(out, build_report(compiled.document, compiled.fits, compiled.alerts))


def render_pdf(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
) -> bytes:
    return render(form_id, data, "pdf", font=font, layout=layout).data


def render_xlsx(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
) -> bytes:
    return render(form_id, data, "xlsx", font=font, layout=layout).data
