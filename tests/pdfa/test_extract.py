"""Reading the data back: round trip byte for byte, and refusal of every altered or invalid file."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfa_kit import transcript_pdf

import unified_forms as uf
from unified_forms.render.embed import archive_for, envelope_bytes
from unified_forms.render.pdf import render_pdf


def _json_span(pdf: bytes) -> tuple[int, int]:
    start = pdf.index(b'{\n "format": "unified-forms/embedded-data"')
    return start, pdf.index(b"\nendstream", start)


def test_round_trip_is_byte_for_byte() -> None:
    pdf = transcript_pdf()
    env = uf.extract_data(pdf)
    assert env["form_id"] == "transcript"
    assert env["schema"]["id"] == "urn:unified-forms:schema:transcript"
    assert env["schema"]["version"].startswith("sha256:")
    assert env["library_version"] == uf.__version__
    model = uf.validate("transcript", env["data"])
    assert model == uf.validate("transcript", uf.sample("transcript"))
    assert uf.render_pdf("transcript", env["data"]) == pdf
    assert uf.render_pdf("transcript", model) == pdf


def test_names_survive_exactly() -> None:
    """Variation sequences and compatibility ideographs come back as the same code points."""
    data = uf.sample("transcript")
    data["student"]["name"]["family"] = "髙﨑"
    data["student"]["name"]["given"] = "葛\U000e0101𠮷"
    env = uf.extract_data(uf.render_pdf("transcript", data))
    assert env["data"]["student"]["name"]["family"] == "髙﨑"
    assert env["data"]["student"]["name"]["given"] == "葛\U000e0101𠮷"


def test_embedded_file_is_declared_as_pdfa3_data() -> None:
    with pikepdf.open(io.BytesIO(transcript_pdf())) as pdf:
        (spec,) = list(pdf.Root.AF)
        assert spec.AFRelationship == pikepdf.Name.Data
        assert str(spec.UF) == "transcript.json"
        stream = spec.EF.F
        assert str(stream.Subtype) == "/application/json"
        assert json.loads(stream.read_bytes())["form_id"] == "transcript"
        assert pdf.open_metadata().pdfa_status == "3B"
        xmp = str(pdf.open_metadata())
        assert hashlib.sha256(stream.read_bytes()).hexdigest() in xmp


def _refused(pdf: bytes, reason: str) -> str:
    with pytest.raises(uf.ExtractError) as info:
        uf.extract_data(pdf)
    assert info.value.reason == reason, str(info.value)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_changed_grade_is_refused() -> None:
    pdf = transcript_pdf()
    start, end = _json_span(pdf)
    body = pdf[start:end]
    changed = body.replace(b'"hyotei": 4', b'"hyotei": 5', 1)
    assert changed != body
    assert "印刷後に変更されています" in _refused(pdf[:start] + changed + pdf[end:], "altered")


def test_a_change_consistent_with_the_data_checksum_is_still_refused() -> None:
    """Whoever edits the JSON and its SHA-256 in the XMP still breaks the content checksum and the /ID."""
    pdf = transcript_pdf()
    start, end = _json_span(pdf)
    body = pdf[start:end]
    changed = body.replace(b'"hyotei": 4', b'"hyotei": 5', 1)
    old, new = hashlib.sha256(body).hexdigest().encode(), hashlib.sha256(changed).hexdigest().encode()
    forged = (pdf[:start] + changed + pdf[end:]).replace(old, new)
    assert new in forged
    _refused(forged, "altered")


def test_a_changed_page_is_refused() -> None:
    pdf = transcript_pdf()
    m = re.search(rb"/Filter /FlateDecode /Length (\d+) >>\nstream\n", pdf)
    assert m is not None
    at = m.end() + 5
    tampered = pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1 :]
    _refused(tampered, "altered")


def test_an_incremental_update_is_refused() -> None:
    pdf = transcript_pdf()
    xref_at = int(re.findall(rb"startxref\n(\d+)", pdf)[-1])
    update = b"\n1 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    offset = len(pdf) + 1
    tail = (
        update
        + b"xref\n1 1\n%010d 00000 n \ntrailer\n<< /Size 2 /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (offset, xref_at, len(pdf) + len(update))
    )
    _refused(pdf + tail, "altered")


def test_a_file_rewritten_by_another_tool_is_refused() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(transcript_pdf())) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(uf.ExtractError) as info:
        uf.extract_data(out.getvalue())
    assert info.value.reason in ("unreadable", "altered")


def test_data_that_breaks_the_schema_is_refused() -> None:
    """A file whose checksums are right but whose data the form's rules refuse (made with the writer itself)."""
    instance = uf.validate("transcript", uf.sample("transcript"))
    archive = archive_for("transcript", instance, embed=True, schema=uf.schema("transcript"), library_version="x")
    assert archive.attachment is not None
    env = json.loads(archive.attachment.data)
    env["data"]["years"][0]["subjects"][0]["hyotei"] = 9
    bad = dataclasses.replace(archive, attachment=dataclasses.replace(archive.attachment, data=envelope_bytes(env)))
    pdf = render_pdf(uf.compile_form("transcript", instance).document, archive=bad)
    message = _refused(pdf, "invalid")
    assert "years[0].subjects[0].hyotei" in message


def test_a_pdf_without_data_says_so() -> None:
    assert "埋め込みデータがありません" in _refused(uf.render_pdf("roster", uf.sample("roster")), "no_data")
    _refused(uf.render_pdf("roster", uf.sample("roster"), pdfa=True), "no_data")
    _refused(uf.render_pdf("transcript", uf.sample("transcript"), embed_data=False), "no_data")


def test_not_a_pdf() -> None:
    _refused(b"hello", "unreadable")
    _refused(transcript_pdf()[:5000], "unreadable")


@settings(max_examples=60)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_single_byte_change_is_refused_or_harmless(position: int, xor: int) -> None:
    """Flip any byte: the file is refused, never read as data that differs from what was printed."""
    pdf = transcript_pdf()
    at = position % len(pdf)
    tampered = pdf[:at] + bytes([pdf[at] ^ xor]) + pdf[at + 1 :]
    try:
        env = uf.extract_data(tampered)
    except uf.ExtractError:
        return
    assert env == uf.extract_data(pdf)  # e.g. a changed byte inside the final trailer's whitespace
