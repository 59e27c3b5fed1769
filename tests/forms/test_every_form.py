"""What every form must do, checked over every form and every shipped sample (the form test kit).

A new form gets these checks by existing: renders to a PDF that qpdf accepts and to a workbook,
prints every free text its sample carries (or declares it not printed in ``Form.not_printed``),
prints no text below the floor size, and keeps its resolved page model equal to the golden
snapshot (``UF_UPDATE_GOLDEN=1 python -m pytest tests/forms/test_every_form.py`` rewrites the
snapshots after a deliberate change; the diff is then reviewed like code).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from formkit import all_samples, golden_file, input_strings, page_snapshot, pdf_text, qpdf_check, squeezed, xlsx_strings

import unified_forms as uf

SAMPLES = all_samples()
IDS = [stem for _, stem, _ in SAMPLES]
FLOOR_PT = 4.0  # no printed text anywhere below this size


@functools.cache
def _rendered(form_id: str, stem: str) -> tuple[dict[str, Any], Any, bytes, bytes]:
    path = dict(((f, s), p) for f, s, p in SAMPLES)[(form_id, stem)]
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    compiled = uf.compile_form(form_id, data)
    pdf = uf.render_pdf(form_id, data)
    xlsx = uf.render_xlsx(form_id, data)
    return data, compiled, pdf, xlsx


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_renders_a_pdf_qpdf_accepts_and_a_workbook(form_id: str, stem: str, path: Path) -> None:
    _data, compiled, pdf, xlsx = _rendered(form_id, stem)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    qpdf_check(pdf)
    assert xlsx[:2] == b"PK"
    assert compiled.document.pages


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_every_free_text_of_the_sample_is_printed(form_id: str, stem: str, path: Path) -> None:
    data, _compiled, pdf, xlsx = _rendered(form_id, stem)
    form = uf.registry.get(form_id)
    printed = pdf_text(pdf)
    cells = squeezed("".join(xlsx_strings(xlsx)))
    missing_pdf, missing_xlsx = [], []
    for field, text in input_strings(data):
        if form.is_not_printed(field):
            continue
        if not _printed_in(squeezed(text), printed):
            missing_pdf.append(field)
        if squeezed(text) not in cells:
            missing_xlsx.append(field)
    assert not missing_pdf, f"input text not found in the PDF: {missing_pdf}"
    assert not missing_xlsx, f"input text not found in the workbook: {missing_xlsx}"


def _printed_in(text: str, printed: str) -> bool:
    """The text is in the PDF whole, or its head on the form and its rest continued on a 別紙."""
    return text in printed or any(text[:i] in printed and text[i:] in printed for i in range(1, len(text)))


def _with_aliases(data: Any, found: list[tuple[str, str]], path: str = "") -> Any:
    """The sample with a distinct 通称 on every name object (a dict with ``family``)."""
    if isinstance(data, dict):
        out = {k: _with_aliases(v, found, f"{path}.{k}" if path else k) for k, v in data.items()}
        if "family" in data and "alias" not in data:
            alias = "通称" + "".join("〇一二三四五六七八九"[int(d)] for d in f"{len(found):03d}")
            out["alias"] = alias
            found.append((f"{path}.alias", alias))
        return out
    if isinstance(data, list):
        return [_with_aliases(v, found, f"{path}[{i}]") for i, v in enumerate(data)]
    return data


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_every_name_prints_its_alias(form_id: str, stem: str, path: Path) -> None:
    """PersonName.alias (通称) is printed wherever its name is, or declared not printed."""
    data, _compiled, _pdf, _xlsx = _rendered(form_id, stem)
    aliases: list[tuple[str, str]] = []
    pdf = uf.render_pdf(form_id, _with_aliases(data, aliases))
    printed = pdf_text(pdf)
    form = uf.registry.get(form_id)
    missing = [p for p, alias in aliases if alias not in printed and not form.is_not_printed(p)]
    assert not missing, f"通称 not printed: {missing}"


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_no_text_is_printed_below_the_floor_size(form_id: str, stem: str, path: Path) -> None:
    _data, compiled, _pdf, _xlsx = _rendered(form_id, stem)
    small = [
        (t.field or t.text[:10], t.size)
        for page in compiled.document.pages
        for t in page.texts
        if t.size < FLOOR_PT or any(r.size < FLOOR_PT for r in t.ruby)
    ]
    assert not small


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_the_page_model_matches_its_golden_snapshot(form_id: str, stem: str, path: Path) -> None:
    _data, compiled, _pdf, _xlsx = _rendered(form_id, stem)
    snapshot = page_snapshot(compiled.document)
    golden = golden_file(stem)
    if os.environ.get("UF_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.write_text(snapshot, encoding="utf-8")
        if not os.environ.get("UF_UPDATE_GOLDEN"):
            pytest.fail(f"{golden.name} did not exist and was written: commit it")
    assert snapshot == golden.read_text(encoding="utf-8"), f"{golden.name} differs (UF_UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=IDS)
def test_the_sample_validates_against_the_published_json_schema(form_id: str, stem: str, path: Path) -> None:
    """uf.schema is the contract school systems code against: every shipped sample must pass a standard
    validator (Draft 2020-12, formats asserted), compact inputs (a 校長 as a string …) included."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = uf.schema(form_id)
    jsonschema.Draft202012Validator.check_schema(schema)
    check = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = [f"{e.json_path}: {e.message[:200]}" for e in check.iter_errors(data)]
    assert not problems
