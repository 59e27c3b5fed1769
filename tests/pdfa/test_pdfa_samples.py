"""Every sample as PDF/A-2b, the 調査書 as PDF/A-3b: the in-suite checker (pdfa_check.py) and qpdf."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdfa_check import check_pdfa
from pdfa_kit import every_sample, load, transcript_pdf

import unified_forms as uf

SAMPLES = every_sample()


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=[s for _, s, _ in SAMPLES])
def test_every_sample_is_pdfa_2b(form_id: str, stem: str, path: Path) -> None:
    pdf = uf.render_pdf(form_id, load(path), pdfa=True, embed_data=False)
    report = check_pdfa(pdf, part=2)
    assert not report.problems, "\n".join(report.problems)
    # the clauses we rely on were all looked at (a checker that silently skipped would pass anything)
    assert {"6.1.2-1", "6.2.3-1", "6.2.11.5-1", "6.2.11.7-1", "6.6.4-1", "6.6.3-1", "qpdf"} <= report.checked


def test_the_transcript_is_pdfa_3b_with_its_data_by_default() -> None:
    report = check_pdfa(transcript_pdf(), part=3)
    assert not report.problems, "\n".join(report.problems)
    assert {"6.8-2", "6.8-4", "uf-1"} <= report.checked


@pytest.mark.parametrize("form_id", [f.id for f in uf.forms()])
def test_every_form_can_embed_its_data(form_id: str) -> None:
    data = uf.sample(form_id)
    pdf = uf.render_pdf(form_id, data, embed_data=True)
    report = check_pdfa(pdf, part=3)
    assert not report.problems, "\n".join(report.problems)
    env = uf.extract_data(pdf)
    assert env["form_id"] == form_id
    assert uf.validate(form_id, env["data"]) == uf.validate(form_id, data)
    assert uf.render_pdf(form_id, env["data"], embed_data=True) == pdf, "re-rendered from the extracted data"


def test_pdfa_output_is_deterministic_and_dated_from_the_data() -> None:
    data = uf.sample("transcript")
    a = uf.render_pdf("transcript", data, pdfa=True, embed_data=False)
    assert a == uf.render_pdf("transcript", data, pdfa=True, embed_data=False)
    with pikepdf.open(io.BytesIO(a)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
        assert meta["xmp:CreateDate"].startswith(data["created"])
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:" + data["created"].replace("-", ""))


def test_a_form_without_a_date_has_none() -> None:
    pdf = uf.render_pdf("roster", uf.sample("roster"), pdfa=True)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/CreationDate" not in doc.docinfo
        assert "xmp:CreateDate" not in doc.open_metadata()


def test_plain_pdf_is_unchanged_by_default() -> None:
    """Without pdfa the writer adds nothing: no output intent, no metadata (other forms than the 調査書)."""
    pdf = uf.render_pdf("roster", uf.sample("roster"))
    assert b"/OutputIntents" not in pdf and b"/Metadata" not in pdf and b"/CIDSet" not in pdf


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_pdfa_keeps_the_text() -> None:
    data = uf.sample("roster")
    plain = _text(uf.render_pdf("roster", data))
    assert data["school"]["name"] in plain
    assert _text(uf.render_pdf("roster", data, pdfa=True)) == plain


def test_xlsx_refuses_pdfa() -> None:
    with pytest.raises(ValueError, match="PDF"):
        uf.render("roster", uf.sample("roster"), "xlsx", pdfa=True)
