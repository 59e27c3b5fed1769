"""Validation = printing: ``validate`` answers "does it fit?" by fitting the form itself.

An entry screen built on ``uf.validate`` must warn the teacher about a 所見 or an address too
long for its box, not learn it when the PDF is printed. A table of capacities would drift from
the layout the first time someone moved a line, so there is none: the record is bound and its
form's layout file is compiled — the same binding, layout and text engine ``render_pdf`` runs —
and every text that would not fit is refused here with the very entry (path, label, message)
``render_pdf`` gives. Text that goes on on a 別紙 fits by definition.

The shipped layout of the form is used (a school's own file, given to ``render_pdf(layout=...)``,
is checked when it is rendered). Measuring needs IPAmj明朝: when no font can be found, the
check is left to rendering, which then fails with the font's own message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from unified_forms.errors import FontNotFoundError, FormDataError
from unified_forms.resources import data_dir

if TYPE_CHECKING:
    from unified_forms.families.guidance_record.model import GuidanceRecordInput


def layout_file(form_id: str) -> Path:
    """The shipped layout of a form (forms.Form.layout_file, for a form without variants)."""
    return data_dir("layouts") / "forms" / f"{form_id}.yaml"


def check_fits(m: GuidanceRecordInput) -> None:
    """Raise the FormDataError ``render_pdf`` would raise for text its boxes cannot hold."""
    from unified_forms.families.guidance_record.binding import bind
    from unified_forms.layout.compile import compile_document
    from unified_forms.text.font import load_font

    try:
        load_font()
    except FontNotFoundError:
        return
    try:
        compile_document(layout_file(m.form_id), bind(m), form_id=m.form_id)
    except FormDataError as exc:
        raise FormDataError(exc.errors) from None
