"""Schema-driven fuzzing of the running service (schemathesis against its /openapi.json): no 500, ever.

Each form's operations get bodies generated from the form's JSON Schema (valid ones that
render, and schema-violating ones), the GET operations get every form id and random ones.
Bounded: ``UF_FUZZ_EXAMPLES`` (default 10) examples per GET operation and schema-valid bodies per
form (each sent to the form's five operations), a third of that per form operation from
schemathesis, so CI stays within a few minutes on 2 cores; ``UF_FUZZ_EXAMPLES=200 pytest -m fuzz``
for a longer hunt.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

import unified_forms as uf  # noqa: E402

from .conftest import Server  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
from schema_gen import inputs  # noqa: E402  (the schema contract test's generator)

EXAMPLES = int(os.environ.get("UF_FUZZ_EXAMPLES", "10"))


@schemathesis.serializer("application/jsonl")
def _jsonl(ctx: Any, value: Any) -> bytes:
    """A batch body: a generated string as is, or generated objects one per line."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    items = value if isinstance(value, list) else [value]
    return b"\n".join(json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass") for v in items)


def _served_document() -> dict[str, Any]:
    """The document the service serves (test_http checks GET /openapi.json is this very document)."""
    from unified_forms.server.openapi import openapi_json

    doc: dict[str, Any] = json.loads(openapi_json())
    return doc


schema = schemathesis.openapi.from_dict(_served_document())
# The forms' bodies: random generation only. schemathesis' coverage phase would add every boundary
# case of every field of a 20-page form (hundreds of requests each); the GETs keep it.
form_schema = schemathesis.openapi.from_dict(_served_document())
form_schema.config.phases.coverage.enabled = False


def assert_json_errors(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert body["errors"] and all(set(e) == {"path", "label", "message"} for e in body["errors"])
        assert "Traceback" not in response.text


def bounded(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same requests on every run: a failure is reproducible, CI time stable
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


# Every form operation, as schemathesis generates it from the document (random bodies, valid and
# invalid; no coverage phase: it would add every boundary case of every field of a 20-page form).
FORM_POSTS = r"^/forms/[a-z_]+/(pdf|xlsx|validate|preflight|batch)$"


@pytest.mark.fuzz
@form_schema.include(path_regex=FORM_POSTS).parametrize()
@bounded(max(3, EXAMPLES // 3))
def test_no_form_request_gets_a_server_error(case: Any, server: Server) -> None:
    response = case.call(base_url=server.url, timeout=120)
    case.validate_response(response, checks=[not_a_server_error])
    assert_json_errors(response)


# The rest: /health, /forms, the GETs with every form id and random ones (coverage phase included).
@pytest.mark.fuzz
@schema.exclude(path_regex=FORM_POSTS).parametrize()
@bounded(EXAMPLES)
def test_no_other_request_gets_a_server_error(case: Any, server: Server) -> None:
    response = case.call(base_url=server.url, timeout=120)
    case.validate_response(response, checks=[not_a_server_error])
    assert_json_errors(response)


# Deep bodies: schemathesis' generator rarely gets a whole class list of 30 pupils past a schema
# this size, so bodies valid against each form's schema also come from the generator the schema
# contract test uses (hypothesis-jsonschema, tests/models/schema_gen.py) — most render — and each
# goes to all five of the form's operations: validate, pdf, xlsx, preflight, and batch (as one
# JSON Lines record beside a broken line).
@pytest.mark.fuzz
@pytest.mark.parametrize("form_id", [f.id for f in uf.forms()])
def test_schema_valid_bodies_get_no_server_error(form_id: str, server: Server) -> None:
    @bounded(EXAMPLES)
    @given(inputs(uf.schema(form_id)))
    def run(data: Any) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for operation in ("validate", "pdf", "xlsx", "preflight"):
                assert_json_errors(client.post(f"/forms/{form_id}/{operation}", content=body))
            batch = client.post(f"/forms/{form_id}/batch", content=body + b"\n{broken\n")
        assert batch.status_code == 200, batch.text
        report = json.loads(zipfile.ZipFile(io.BytesIO(batch.content)).read("report.json"))
        assert report["rendered"] + report["failed"] == 2 and report["failures"][-1]["line"] == 2

    run()
