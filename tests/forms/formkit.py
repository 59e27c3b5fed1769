"""The form test kit: what every form's tests need, written once.

``test_every_form.py`` runs the checks every form must pass over every form and every shipped
sample; a form's own test file keeps only what is specific to that form and takes its sample,
PDF text, page model and error paths from here.
"""

from __future__ import annotations

import copy
import functools
import io
import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import unified_forms as uf
from unified_forms.errors import FormDataError
from unified_forms.layout.page import Document

GOLDEN = Path(__file__).resolve().parent / "golden"


def fresh_sample(form_id: str, variant: str | None = None) -> dict[str, Any]:
    """A fresh copy of a shipped sample (``variant``: ``samples/<id>.<variant>.json``)."""
    if variant is None:
        return copy.deepcopy(uf.sample(form_id))
    path = uf.registry.get(form_id).sample_file.with_name(f"{form_id}.{variant}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def all_samples() -> list[tuple[str, str, Path]]:
    """(form id, sample stem, file) of every shipped sample of every form, main samples first."""
    return [(f.id, stem, path) for f in uf.forms() for stem, path in f.sample_files()]


def page_model(form_id: str, data: dict[str, Any], **kwargs: Any) -> Document:
    return uf.compile_form(form_id, data, **kwargs).document


def texts_by_field(document: Document) -> dict[str, str]:
    """Printed text per data path (the last box wins where a path prints twice)."""
    return {t.field: t.text for page in document.pages for t in page.texts if t.field}


def error_messages(form_id: str, data: dict[str, Any]) -> dict[str, str]:
    """Path → message of every error ``validate`` reports (the test fails if there is none)."""
    with pytest.raises(FormDataError) as info:
        uf.validate(form_id, data)
    return {e.path: e.message for e in info.value.errors}


def pdf_text(
    pdf: bytes, *, raw: bool = True, squeeze: bool = True, page: int | None = None, layout: bool = False
) -> str:
    """The text poppler extracts (as a reader's copy-paste would), whitespace removed by default;
    ``layout``: in the page's physical layout (``pdftotext -layout``: columns stay columns)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        mode = ["-layout"] if layout else ["-raw"] if raw else []
        cmd = ["pdftotext", *mode, *(["-f", str(page), "-l", str(page)] if page else [])]
        out = subprocess.run([*cmd, f.name, "-"], check=True, capture_output=True).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out) if squeeze else out


def own_layout(form_id: str, path: Path, line_start: str, line: str) -> Path:
    """A school's copy of the form's shipped layout at ``path``, with the first line that starts
    (after its indent) with ``line_start`` replaced by ``line`` (same indent)."""
    shipped = uf.registry.get(form_id).layout_file().read_text(encoding="utf-8")
    first = shipped.index(line_start)
    path.write_text(shipped[:first] + line + shipped[shipped.index("\n", first) :], encoding="utf-8")
    return path


def qpdf_check(pdf: bytes) -> str:
    """qpdf --check output; raises if qpdf finds the file damaged."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        done = subprocess.run(["qpdf", "--check", f.name], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def xlsx_strings(xlsx: bytes) -> list[str]:
    """Every string cell value of every sheet, in sheet and row order."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    return [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def input_strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every free text the input holds: strings with a non-ASCII character.

    ASCII strings are codes (``male``, ``elementary_3term``), dates and ids, printed as
    something else (男, 和暦) or not at all; free text (names, addresses, 所見) is Japanese.
    Paths use ``[]`` for list indexes so they compare with ``Form.not_printed``.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield from input_strings(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for value in data:
            yield from input_strings(value, f"{path}[]")
    elif isinstance(data, str) and not data.isascii() and not _DATE.match(data):
        yield path, data


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@functools.cache
def _golden_dir() -> Path:
    GOLDEN.mkdir(exist_ok=True)
    return GOLDEN


def page_snapshot(document: Document) -> str:
    """The resolved page model as diffable JSON lines: what a renderer is told to draw.

    One line per page header, text box (rect, size, each line's pen position and text), rule
    and fill, rounded to 0.01 mm / pt. The golden files hold this for every shipped sample,
    so a change anywhere in the engine that moves or changes a printed thing shows up as a diff.
    """

    def r(v: float) -> float:
        return round(v + 0.0, 2)

    out = [json.dumps({"form": document.form_id, "layout": document.layout_version, "sheets": document.sheet_names})]
    for n, page in enumerate(document.pages):
        out.append(json.dumps({"page": n + 1, "size": [r(page.width), r(page.height)]}))
        for t in page.texts:
            lines = [[r(ln.x), r(ln.baseline), ln.run.text] for ln in t.lines]
            ruby = [[r(x.rect.x), r(x.rect.y), r(x.size), x.text] for x in t.ruby]
            box = [r(t.rect.x), r(t.rect.y), r(t.rect.w), r(t.rect.h)]
            item = {"t": box, "size": r(t.size), "lines": lines, "field": t.field, "static": t.static}
            if t.vertical:
                item["vertical"] = True
            if ruby:
                item["ruby"] = ruby
            if t.color:
                item["color"] = t.color
            out.append(json.dumps(item, ensure_ascii=False))
        for rule in page.rules:
            line = [r(rule.x1), r(rule.y1), r(rule.x2), r(rule.y2)]
            out.append(json.dumps({"r": line, "w": rule.width, "s": rule.style}))
        for fill in page.fills:
            box = [r(fill.rect.x), r(fill.rect.y), r(fill.rect.w), r(fill.rect.h)]
            out.append(json.dumps({"f": box, "gray": fill.gray}))
    return "\n".join(out) + "\n"


def golden_file(stem: str) -> Path:
    return _golden_dir() / f"{stem}.jsonl"
