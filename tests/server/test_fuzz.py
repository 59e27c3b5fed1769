"""Schema-driven fuzzing of the running service (schemathesis against its /openapi.json): no 500, ever.

Each form's operations get bodies generated from the form's JSON Schema (valid ones that
render, and schema-violating ones), the GET operations get every form id and random ones.
Bounded: ``UF_FUZZ_EXAMPLES`` examples per PDF operation (default 25; a fifth of that, at least
5, for every other operation), so CI stays within a few minutes on 2 cores; run
``UF_FUZZ_EXAMPLES=200 pytest -m fuzz`` for a longer hunt.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from .conftest import Server  # noqa: E402

EXAMPLES = int(os.environ.get("UF_FUZZ_EXAMPLES", "25"))


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


def check(case: Any, server: Server) -> None:
    response = case.call(base_url=server.url, timeout=120)
    case.validate_response(response, checks=[not_a_server_error])
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


# PDF goes through every stage (parse, validate, bind, lay out, render): the full budget there.
RENDER = r"^/forms/[a-z_]+/pdf$"


@pytest.mark.fuzz
@schema.include(path_regex=RENDER).parametrize()
@bounded(EXAMPLES)
def test_no_pdf_request_gets_a_server_error(case: Any, server: Server) -> None:
    check(case, server)


# The other operations share those bodies (validate is a prefix of pdf, xlsx the same model and
# layout): a fifth of the budget each keeps the whole fuzz within a few minutes on 2 cores.
@pytest.mark.fuzz
@schema.exclude(path_regex=RENDER).parametrize()
@bounded(max(5, EXAMPLES // 5))
def test_no_other_request_gets_a_server_error(case: Any, server: Server) -> None:
    check(case, server)
