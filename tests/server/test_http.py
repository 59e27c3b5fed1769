"""The HTTP service against the library: same bytes, same errors, JSON everywhere, no personal data logged."""

from __future__ import annotations

import base64
import functools
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

import unified_forms as uf
from unified_forms.errors import FormDataError

from .conftest import Server

SAMPLES = [(f.id, stem, path) for f in uf.forms() for stem, path in f.sample_files()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@functools.cache
def sample_bytes(path: Path) -> bytes:
    return path.read_bytes()


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_bytes(path))
    return data


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def assert_errors_shape(response: httpx.Response, status: int) -> list[dict[str, str]]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    body = response.json()
    assert body["errors"], body
    for e in body["errors"]:
        assert set(e) == {"path", "label", "message"}
        assert all(isinstance(v, str) for v in e.values())
    errors: list[dict[str, str]] = body["errors"]
    return errors


@pytest.mark.parametrize(("form_id", "stem", "path"), SAMPLES, ids=[s for _, s, _ in SAMPLES])
def test_every_sample_renders_over_http_exactly_as_the_library(
    client: httpx.Client, form_id: str, stem: str, path: Path
) -> None:
    data = load(path)
    pdf = client.post(f"/forms/{form_id}/pdf", content=sample_bytes(path))
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    expected = uf.render(form_id, data, "pdf")
    assert pdf.content == expected.data
    header = pdf.headers["x-render-report"]
    assert header.isascii() and len(header) <= 4096
    summary = json.loads(header)
    assert summary["pages"] == expected.report.pages and summary["form_id"] == form_id
    assert summary["continued"] == [f.path for f in expected.report.fields if f.continued][: len(summary["continued"])]

    xlsx = client.post(f"/forms/{form_id}/xlsx", content=sample_bytes(path))
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"] == XLSX
    assert xlsx.content == uf.render_xlsx(form_id, data)


def test_report_envelope_carries_the_whole_report_and_the_document(client: httpx.Client) -> None:
    data = uf.sample("attendance_register")
    expected = uf.render("attendance_register", data, "pdf")
    r = client.post("/forms/attendance_register/pdf?report=1", json=data)
    assert r.status_code == 200
    body = r.json()
    assert body["format"] == "pdf" and body["media_type"] == "application/pdf"
    assert base64.b64decode(body["data"]) == expected.data
    assert body["report"] == json.loads(json.dumps(expected.report.as_dict()))
    assert [a["code"] for a in body["report"]["alerts"]] == ["month_not_closed", "consecutive_absence"]
    # The header carries the same alerts, ASCII-escaped.
    plain = client.post("/forms/attendance_register/pdf", json=data)
    assert json.loads(plain.headers["x-render-report"])["alerts"] == body["report"]["alerts"]


def broken_inputs(form_id: str) -> list[dict[str, Any]]:
    data = uf.sample(form_id)
    fields = uf.model(form_id).model_fields
    required = next(f.alias or name for name, f in fields.items() if f.is_required())
    return [
        {},
        {**data, "項目外": 1},
        {**data, required: [1, 2]},
        {k: v for k, v in data.items() if k != required},
    ]


@pytest.mark.parametrize("form_id", [f.id for f in uf.forms()])
def test_validation_errors_are_the_library_errors(client: httpx.Client, form_id: str) -> None:
    for data in broken_inputs(form_id):
        with pytest.raises(FormDataError) as raised:
            uf.validate(form_id, data)
        expected = [e.as_dict() for e in raised.value.errors]
        for endpoint in ("validate", "pdf", "xlsx"):
            r = client.post(f"/forms/{form_id}/{endpoint}", json=data)
            assert assert_errors_shape(r, 422) == expected


def test_valid_input_validates(client: httpx.Client) -> None:
    r = client.post("/forms/transcript/validate", json=uf.sample("transcript"))
    assert r.status_code == 200 and r.json() == {"ok": True, "form_id": "transcript"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "本文が空です"),
        (b"  \n", "本文が空です"),
        (b"\xff\xfe{}", "UTF-8ではありません"),
        (b'{"fiscal_year": 2025,', "JSONとして読めません"),
        (b"[1, 2]", "JSONオブジェクトでなければなりません（配列"),
        (b'"text"', "JSONオブジェクトでなければなりません（文字列"),
        (b"[" * 100_000 + b"]" * 100_000, "入れ子が深すぎます"),
        (b"NaN", "JSONオブジェクトでなければなりません"),
    ],
)
def test_a_body_that_is_not_one_json_object_is_422(client: httpx.Client, body: bytes, message: str) -> None:
    for endpoint in ("validate", "pdf", "xlsx", "preflight"):
        errors = assert_errors_shape(client.post(f"/forms/roster/{endpoint}", content=body), 422)
        assert errors[0]["path"] == "" and message in errors[0]["message"], errors


def test_a_utf8_bom_is_accepted(client: httpx.Client) -> None:
    r = client.post("/forms/roster/validate", content=b"\xef\xbb\xbf" + json.dumps(uf.sample("roster")).encode())
    assert r.status_code == 200, r.text


def test_unknown_form_route_and_method_are_json_404_405(client: httpx.Client) -> None:
    for method, url in [
        ("GET", "/forms/nope/schema"),
        ("GET", "/forms/nope/sample"),
        ("POST", "/forms/nope/validate"),
        ("POST", "/forms/nope/pdf"),
        ("POST", "/forms/nope/xlsx"),
        ("POST", "/forms/nope/preflight"),
        ("POST", "/forms/nope/batch"),
    ]:
        errors = assert_errors_shape(client.request(method, url, content=b"{}"), 404)
        assert "nope" in errors[0]["message"] and errors[0]["path"] == "form_id"
    assert_errors_shape(client.get("/no/such/route"), 404)
    assert_errors_shape(client.get("/forms/roster/pdf"), 405)
    assert_errors_shape(client.get("/forms/roster/sample?variant=nope"), 404)
    assert_errors_shape(client.post("/forms/roster/pdf?report=maybe", json=uf.sample("roster")), 422)


def test_a_body_over_the_limit_is_413_before_it_is_read(client: httpx.Client) -> None:
    big = b'{"x": "' + b"a" * (8 * 1024 * 1024) + b'"}'
    errors = assert_errors_shape(client.post("/forms/roster/validate", content=big), 413)
    assert "上限" in errors[0]["message"]

    def chunks() -> Any:  # no Content-Length: counted while streaming
        for _ in range(9):
            yield b"a" * (1024 * 1024)

    assert_errors_shape(client.post("/forms/roster/validate", content=chunks()), 413)


def test_schema_sample_forms_and_openapi(client: httpx.Client) -> None:
    forms = client.get("/forms").json()
    assert [f["id"] for f in forms] == [f.id for f in uf.forms()]
    assert next(f for f in forms if f["id"] == "report_card")["samples"] == [
        s.split(".", 1)[1] for s, _ in uf.registry.get("report_card").sample_files()[1:]
    ]
    for f in uf.forms():
        assert client.get(f"/forms/{f.id}/schema").json() == json.loads(json.dumps(uf.schema(f.id)))
        assert client.get(f"/forms/{f.id}/sample").json() == uf.sample(f.id)
        for stem, path in f.sample_files()[1:]:
            variant = stem.split(".", 1)[1]
            assert client.get(f"/forms/{f.id}/sample", params={"variant": variant}).json() == load(path)
    served = client.get("/openapi.json")
    from unified_forms.server.openapi import openapi_json

    assert served.content == openapi_json()  # the document test_fuzz.py fuzzes is the one served
    doc = served.json()
    assert doc["openapi"].startswith("3.1")
    for f in uf.forms():
        for op in ("validate", "pdf", "xlsx", "preflight", "batch"):
            assert f"/forms/{f.id}/{op}" in doc["paths"]
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["workers"]["size"] == 2 and health["workers"]["alive"] == 2


def test_openapi_refs_all_resolve(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    text = json.dumps(doc)
    assert '"#/$defs/' not in text
    schemas = doc["components"]["schemas"]

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [node["$ref"]] if "$ref" in node else [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    for ref in refs(doc):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    # a form's body schema in the document still validates the form's own samples
    jsonschema = pytest.importorskip("jsonschema")
    for f in uf.forms():
        body = doc["paths"][f"/forms/{f.id}/pdf"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        check = jsonschema.Draft202012Validator({**body, "components": doc["components"]})
        for _stem, path in f.sample_files():
            assert check.is_valid(load(path)), f.id


def test_preflight_is_the_library_preflight(client: httpx.Client) -> None:
    data = uf.sample("roster")
    clean = client.post("/forms/roster/preflight", json=data).json()
    assert clean == {"ok": True, "form_id": "roster", "issues": []}
    data["students"][0]["name"]["family"] = "\U0002a6b2\U000f0000"  # a non-font character, private use plane 15
    r = client.post("/forms/roster/preflight", json=data)
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is False
    assert body["issues"] == [i.as_dict() for i in uf.preflight("roster", data)]


def jsonl(records: list[Any], extra: dict[int, bytes] | None = None) -> bytes:
    lines = []
    for i, rec in enumerate(records):
        if extra and i in extra:
            lines.append(extra[i])
        lines.append(json.dumps(rec, ensure_ascii=False).encode())
    return b"\n".join(lines) + b"\n"


def test_batch_zip_has_every_record_in_order_and_a_report(client: httpx.Client) -> None:
    base = uf.sample("roster")
    records = []
    for k in range(1, 6):
        rec = json.loads(json.dumps(base))
        rec["homeroom"]["kumi"] = str(k)
        records.append(rec)
    bad = json.loads(json.dumps(base))
    bad["students"][2]["number"] = 0
    records.insert(3, {**bad, "id": "bad-one"})
    body = jsonl(records, {1: b"{not json", 2: b"   "})
    r = client.post("/forms/roster/batch", content=body, headers={"content-type": "application/jsonl"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    names = archive.namelist()
    assert names[-1] == "report.json" and len(names) == 6
    report = json.loads(archive.read("report.json"))
    assert report["rendered"] == 5 and report["failed"] == 2
    assert [f["line"] for f in report["failures"]] == [2, 6]  # blank line 4 is skipped, not counted as a record
    assert report["failures"][1]["id"] == "bad-one"
    with pytest.raises(FormDataError) as raised:
        uf.validate("roster", bad)
    assert report["failures"][1]["errors"] == [e.as_dict() for e in raised.value.errors]
    good = [rec for rec in records if rec.get("id") != "bad-one"]
    for entry, rec in zip(report["files"], good, strict=True):
        assert archive.read(entry["name"]) == uf.render_pdf("roster", rec)
    assert [f["name"] for f in report["files"]] == names[:-1]
    # deterministic: the same records give the same ZIP
    again = client.post("/forms/roster/batch", content=body)
    assert again.content == r.content


def test_batch_xlsx_names_and_bad_parameters(client: httpx.Client) -> None:
    rec = {**uf.sample("report_card"), "id": "R7-001"}
    r = client.post("/forms/report_card/batch?format=xlsx&name={id}_{form}", content=jsonl([rec]))
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    assert archive.namelist() == ["R7-001_report_card.xlsx", "report.json"]
    assert archive.read("R7-001_report_card.xlsx") == uf.render_xlsx("report_card", uf.sample("report_card"))
    assert_errors_shape(client.post("/forms/roster/batch?format=doc", content=b"{}"), 422)
    assert_errors_shape(client.post("/forms/roster/batch?name={nope}", content=b"{}"), 422)
    empty = zipfile.ZipFile(io.BytesIO(client.post("/forms/roster/batch", content=b"").content))
    assert empty.namelist() == ["report.json"]


def test_zz_logs_name_paths_never_personal_text(server: Server) -> None:
    """Runs last in this module: after every request above, the INFO log holds no input text."""
    log = server.log_text()
    assert "refused at" in log and "POST /forms/roster/pdf 200" in log
    assert "Traceback" not in log
    texts = {s for _, _, path in SAMPLES for s in strings(load(path)) if not s.isascii() and len(s) >= 2}
    texts |= {"\U0002a6b2"}
    leaked = sorted(t for t in texts if t in log)
    assert not leaked, leaked
