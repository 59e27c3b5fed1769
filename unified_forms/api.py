"""The public Python API of api-contract.md; everything else in the package is internal.

Each call runs the one-way pipeline: dict → model → binding → layout →
page model → renderer. Validation and fitting errors surface as
FormDataError with field paths; nothing is printed partially.
"""

from __future__ import annotations

import functools
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
    from unified_forms.render.pdfa import Archive
    from unified_forms.report import RenderReport
    from unified_forms.text.preflight import PreflightIssue

# The pipeline's modules (pydantic models, layout compiler, text engine, renderers) are imported
# by the calls that need them, so ``import unified_forms`` stays cheap for a CLI that only lists
# forms or a batch parent that only hands records to workers.


def forms() -> list[FormInfo]:
    """Every form this installation can print, in the order of the prefecture's form list.

    Each :class:`FormInfo` has the form's ``id`` (what every other call takes), its Japanese
    ``title`` and its ``paper``. The list is derived from the form packages found at import time,
    so a form added to the library appears here, in the CLI and in these docs without other edits.

    :returns: a new list (changing it changes nothing in the library).
    """
    return list(registry.REGISTRY.values())


def model(form_id: str) -> type[BaseModel]:
    """The pydantic model class of a form's input.

    Use it to build the input in Python with type checking (``uf.model("roster")(**data)``) or to
    read the fields; an instance can be passed to every call instead of a dict. Validation rules
    are the model's, and :func:`schema` is generated from it.

    :param form_id: a form id from :func:`forms`, e.g. ``"roster"``.
    :raises KeyError: the id is not a form (the message lists the known ids).
    """
    return registry.get(form_id).model


def schema(form_id: str) -> dict[str, Any]:
    """The JSON Schema of the form's input: every rule it can state, and the others listed
    (``x-rules`` and the descriptions; see unified_forms.models.json_schema)."""
    from unified_forms.models.json_schema import input_schema

    return input_schema(model(form_id))


@functools.cache
def _schema(form_id: str) -> dict[str, Any]:
    """The schema once per process (its digest is the version written into embedded data)."""
    return schema(form_id)


def sample(form_id: str) -> dict[str, Any]:
    """The shipped sample input of a form, as parsed from ``samples/<form_id>.json``.

    A complete, valid input with made-up pupils of the sample schools: the quickest way to see
    what a form takes (``uf.render_pdf(id, uf.sample(id))``) and a template for your own data.
    Each call returns a fresh dict, safe to modify. Variant samples (other layouts, e.g. a 2学期制
    通知表) are the ``samples/<form_id>.<variant>.json`` files next to it.

    :param form_id: a form id from :func:`forms`.
    :raises KeyError: the id is not a form.
    """
    with registry.get(form_id).sample_file.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def validate(form_id: str, data: dict[str, Any] | BaseModel) -> BaseModel:
    """Check an input against the form's rules without printing; returns the validated model.

    Every problem is reported at once, each with its field path (``students[3].name.family``),
    the field's Japanese label and a Japanese message that does not repeat personal data. Text
    is kept exactly as given (never normalised). For the 指導要録 validation also fits every text
    into the form's shipped layout, so a text too long for its box is refused here with the entry
    ``render_pdf`` would give; for the other forms (and for a school's own ``layout=``) such a
    text is reported by the render calls.

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict (parsed JSON) or an instance of :func:`model`.
    :returns: an instance of the form's model.
    :raises FormDataError: the input breaks a rule; ``.errors`` lists every problem.
    :raises KeyError: the id is not a form.
    """
    from unified_forms.models.errors_map import validate_model

    return validate_model(model(form_id), data, form_id=form_id)


def preflight(
    form_id: str, data: dict[str, Any] | BaseModel, *, font: str | os.PathLike[str] | None = None
) -> list[PreflightIssue]:
    """Every character or sequence of the input that IPAmj明朝 cannot print exactly (empty: all exact).

    Run it before printing names from a system that may hold 外字 (private-use characters) or
    variation sequences the font lacks. Each issue names the field path, the position (in
    grapheme clusters), the code points and the reason; the PDF would print a substitute glyph
    there (and the render report lists it). Nothing is validated or laid out.

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict or a model instance.
    :param font: the font file to check against (default: the font the renderer would use).
    :raises FontNotFoundError: no IPAmj明朝 was found.
    """
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

    For tools that inspect a form without printing it (tests, previews, a school checking its
    own arrangement): the result's ``document`` is the page model (every box, line and text with
    its position in millimetres and its fitted size), ``fits`` and ``alerts`` feed the render
    report. :func:`render` is this plus a renderer.

    ``layout`` is a school's own layout file (e.g. a 通知表 arrangement) used instead of the
    shipped one; it is checked like any shipped file (LayoutError names the file and entry).

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict or a model instance.
    :param font: the IPAmj明朝 file for this call (default: ``UNIFIED_FORMS_FONT``, then system folders).
    :param layout: a layout file to print with instead of the form's shipped one.
    :raises FormDataError: the input breaks a rule or a text cannot fit its box.
    :raises LayoutError: the layout file cannot be used, or would leave given data unprinted.
    :raises FontNotFoundError: no IPAmj明朝 was found.
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
    """What :func:`render` returns: the file's bytes and the report of how it was printed."""

    data: bytes
    report: RenderReport


def render(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    format: Literal["pdf", "xlsx"] = "pdf",
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
    pdfa: bool = False,
    embed_data: bool | None = None,
) -> RenderResult:
    """Render and return the bytes together with the render report.

    The report (``result.report.as_dict()``) says, per text field (by data path, no personal
    text), the size chosen, the line count and whether it shrank, wrapped or continued on a
    別紙; every character printed with a substitute glyph; and the binding's alerts (連続欠席 …).
    The same input gives byte-identical output.

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict or a model instance.
    :param format: ``"pdf"`` or ``"xlsx"``.
    :param font: the IPAmj明朝 file for this call (default: ``UNIFIED_FORMS_FONT``, then system folders).
    :param layout: a layout file to print with instead of the form's shipped one.
    :param pdfa: PDF only: an archival PDF/A-2b file (sRGB output intent, XMP metadata).
    :param embed_data: PDF only: embed the validated input as JSON (a PDF/A-3b file that
        :func:`extract_data` reads back). ``None``: the form's default (on for the 調査書).
    :raises FormDataError: the input breaks a rule or a text cannot fit its box.
    :raises LayoutError: the layout file cannot be used.
    :raises FontNotFoundError: no IPAmj明朝 was found.
    :raises ValueError: an unknown ``format``, or ``pdfa``/``embed_data`` asked of a workbook.
    """
    from unified_forms.report import build_report

    if format == "xlsx" and (pdfa or embed_data):
        raise ValueError("pdfa and embed_data apply to PDF output only")
    instance = validate(form_id, data)
    compiled = compile_form(form_id, instance, font=font, layout=layout)
    if format == "pdf":
        from unified_forms.render.pdf import render_pdf as _pdf

        out = _pdf(compiled.document, archive=archive(form_id, instance, pdfa=pdfa, embed_data=embed_data))
    elif format == "xlsx":
        from unified_forms.render.xlsx import render_xlsx as _xlsx

        out = _xlsx(compiled.document)
    else:
        raise ValueError(f"unknown format '{format}' (pdf or xlsx)")
    return RenderResult(out, build_report(compiled.document, compiled.fits, compiled.alerts))


def archive(form_id: str, instance: BaseModel, *, pdfa: bool, embed_data: bool | None) -> Archive | None:
    """What the PDF writer needs for PDF/A (None: a plain PDF); ``embed_data`` None: the form's default."""
    info = registry.get(form_id)
    embed = info.embed_data_by_default if embed_data is None else embed_data
    if not (pdfa or embed):
        return None
    from unified_forms import __version__
    from unified_forms.render.embed import archive_for

    return archive_for(
        form_id, instance, embed=embed, schema=_schema(form_id), library_version=__version__, title=info.title
    )


def render_pdf(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
    pdfa: bool = False,
    embed_data: bool | None = None,
) -> bytes:
    """A complete PDF of the form: IPAmj明朝 embedded (only the glyphs used), text extractable as given.

    Names print with their exact glyphs (IVS, 﨑, 𠮷) and copy back out of the PDF as the same
    code points. A text that does not fit is shrunk, wrapped or continued on a 別紙 — never cut;
    if it cannot fit even so, nothing is printed and :class:`FormDataError` names the field, its
    capacity and the actual length. Same input, same bytes.

    ``pdfa=True`` makes an archival PDF/A-2b file (for the 20-year 指導要録); ``embed_data=True``
    puts the validated input inside as JSON (PDF/A-3b; the 調査書 does so unless
    ``embed_data=False``), read back by :func:`extract_data`.

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict or a model instance.
    :param font: the IPAmj明朝 file for this call (default: ``UNIFIED_FORMS_FONT``, then system folders).
    :param layout: a layout file to print with instead of the form's shipped one.
    :param pdfa: an archival PDF/A-2b file.
    :param embed_data: embed the input (PDF/A-3b); ``None``: the form's default.
    :raises FormDataError: the input breaks a rule or a text cannot fit its box.
    :raises LayoutError: the layout file cannot be used.
    :raises FontNotFoundError: no IPAmj明朝 was found.
    """
    return render(form_id, data, "pdf", font=font, layout=layout, pdfa=pdfa, embed_data=embed_data).data


def render_xlsx(
    form_id: str,
    data: dict[str, Any] | BaseModel,
    *,
    font: str | os.PathLike[str] | None = None,
    layout: str | os.PathLike[str] | None = None,
) -> bytes:
    """A complete Excel workbook of the form, made from the same laid-out pages as the PDF.

    One sheet per page with the PDF's boxes, rules, text and paper setup, in IPAmj明朝; numbers
    and dates as typed cells, totals as formulas, labels and frame protected (no password) while
    input cells stay editable. See the Excel output guide for what a clerk gets.

    :param form_id: a form id from :func:`forms`.
    :param data: the input as a dict or a model instance.
    :param font: the IPAmj明朝 file used to lay the text out (default: ``UNIFIED_FORMS_FONT``, then system folders).
    :param layout: a layout file to print with instead of the form's shipped one.
    :raises FormDataError: the input breaks a rule or a text cannot fit its box.
    :raises LayoutError: the layout file cannot be used.
    :raises FontNotFoundError: no IPAmj明朝 was found.
    """
    return render(form_id, data, "xlsx", font=font, layout=layout).data


def extract_data(pdf: bytes) -> dict[str, Any]:
    """The input a PDF was printed from, when it was printed with its data (``embed_data``; the 調査書).

    Returns the envelope: ``form_id``, ``schema`` (``id`` and ``version``), ``library_version``
    and ``data`` (the validated input, normalised: ``uf.render_pdf(env["form_id"], env["data"])``
    prints the same PDF again with the same library and font). The file is checked first: it
    must carry our embedded data, be unchanged since printing (the SHA-256 of the data and of the
    file's content recorded in its XMP metadata, and the trailer's /ID) and its data must still
    validate against the form's rules.

    :param pdf: the bytes of the PDF file.
    :raises ExtractError: no embedded data, the file or its data changed after printing, or the
        data does not validate (the message says which, in one line).
    """
    from unified_forms.extract import extract_data as _extract

    return _extract(pdf)
