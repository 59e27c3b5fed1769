"""The app's answers to every pool outcome, in process (Starlette's TestClient, a scripted pool)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its TestClient; httpx works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import unified_forms as uf
from unified_forms.errors import LayoutError
from unified_forms.server import add_arguments, main, settings_from
from unified_forms.server.app import create_app
from unified_forms.server.pool import JobTimeout, PoolBusy, PoolClosed, WorkerCrashed
from unified_forms.server.responses import report_summary
from unified_forms.server.settings import Settings
from unified_forms.server.work import Job, Reply, execute, layout_reply

SECRET = "山田太郎"  # stands for any personal text: it must never reach a log above DEBUG


class ScriptedPool:
    """Answers every job with ``outcome`` (a Reply, or an exception to raise)."""

    size = 1
    timeout_s = 60.0
    spawned = True

    def __init__(self) -> None:
        self.outcome: Reply | BaseException = Reply("ok")
        self.jobs: list[Job] = []

    def attach(self) -> None:
        pass

    def status(self) -> dict[str, int]:
        return {"size": 1, "alive": 1, "idle": 1, "replaced": 0}

    async def run(self, job: Job) -> Reply:
        self.jobs.append(job)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    async def close(self, grace: float) -> None:
        pass


@pytest.fixture
def pool() -> ScriptedPool:
    return ScriptedPool()


@pytest.fixture
def client(pool: ScriptedPool) -> Iterator[TestClient]:
    app = create_app(Settings(), pool)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def errors(response: Any, status: int, *, echoes_input: bool = False) -> list[dict[str, str]]:
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    assert echoes_input or SECRET not in response.text
    out: list[dict[str, str]] = response.json()["errors"]
    assert out and all(set(e) == {"path", "label", "message"} for e in out)
    return out


@pytest.mark.parametrize(
    ("outcome", "status", "retry"),
    [
        (PoolBusy(), 503, True),
        (JobTimeout(), 503, True),
        (PoolClosed(), 503, True),
        (WorkerCrashed(), 500, False),
        (RuntimeError(SECRET), 500, False),
        (Reply("internal", internal="KeyError at binding.py:12"), 500, False),
    ],
)
def test_pool_outcomes_become_json_errors_without_personal_text_in_logs(
    client: TestClient,
    pool: ScriptedPool,
    caplog: pytest.LogCaptureFixture,
    outcome: Any,
    status: int,
    retry: bool,
) -> None:
    pool.outcome = outcome
    with caplog.at_level(logging.INFO, logger="unified_forms.server"):
        for endpoint in ("validate", "pdf", "xlsx", "preflight"):
            r = client.post(f"/forms/roster/{endpoint}", content=b"{}")
            errors(r, status)
            assert ("retry-after" in r.headers) == retry
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG)
    assert SECRET not in logged
    if status == 500:
        assert any(r.levelno == logging.ERROR for r in caplog.records)


def test_refused_input_logs_paths_and_keeps_messages_for_debug(
    client: TestClient, pool: ScriptedPool, caplog: pytest.LogCaptureFixture
) -> None:
    entry = {"path": "students[0].name.family", "label": "氏名（姓）", "message": f"「{SECRET}」は長すぎます"}
    pool.outcome = Reply("invalid", (entry,))
    with caplog.at_level(logging.DEBUG, logger="unified_forms.server"):
        assert errors(client.post("/forms/roster/pdf", content=b"{}"), 422, echoes_input=True) == [entry]
    above_debug = [r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG]
    assert any("students[0].name.family" in m for m in above_debug)
    assert not any(SECRET in m for m in above_debug)
    assert any(SECRET in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)


def test_logged_paths_mask_keys_from_the_input(
    client: TestClient, pool: ScriptedPool, caplog: pytest.LogCaptureFixture
) -> None:
    keys = [{"path": f"students[{i}].grades.{SECRET}\nFAKE LOG LINE", "label": "", "message": "x"} for i in range(25)]
    pool.outcome = Reply("invalid", tuple(keys))
    with caplog.at_level(logging.INFO, logger="unified_forms.server"):
        errors(client.post("/forms/grade_list/validate", content=b"{}"), 422, echoes_input=True)
    (line,) = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert SECRET not in line and "\n" not in line
    assert "students[0].grades.…FAKE…LOG…LINE" in line and line.endswith("(+5)")


def test_a_layout_error_is_422_naming_the_file_and_entry_never_the_server_path(
    client: TestClient, pool: ScriptedPool
) -> None:
    exc = LayoutError("/srv/app/layouts/forms/report_card.a4.yaml", "blocks[3]", "not printed", paths=("a.b", "c"))
    reply = layout_reply(exc)
    assert [e["path"] for e in reply.errors] == ["a.b", "c"]
    assert all("report_card.a4.yaml の blocks[3]" in e["message"] for e in reply.errors)
    pool.outcome = reply
    r = client.post("/forms/report_card/pdf", content=b"{}")
    errors(r, 422)
    assert r.json()["layout"] == {"file": "report_card.a4.yaml", "where": "blocks[3]"}
    assert "/srv/app" not in r.text
    no_paths = layout_reply(LayoutError("x.yaml", "", "broken"))
    assert no_paths.errors[0]["path"] == "" and "x.yaml" in no_paths.errors[0]["message"]


def test_the_worker_function_turns_every_exception_into_a_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError(SECRET)

    monkeypatch.setattr(uf.api, "validate", boom)
    reply = execute(Job("validate", "roster", b"{}"))
    assert reply.status == "internal"
    assert reply.internal.startswith("ZeroDivisionError at test_app.py:") and SECRET not in reply.internal


def test_report_header_is_ascii_and_bounded() -> None:
    fields = [
        {"path": f"students[{i}].comment", "shrank": True, "wrapped": True, "continued": True} for i in range(500)
    ]
    fallbacks = [
        {"path": f"p{i}", "text": "葛\U000e0100", "codepoints": "U+845B U+E0100", "reason": "x"} for i in range(50)
    ]
    report = {"form_id": "f", "pages": 3, "layout_version": "v", "fields": fields, "fallbacks": fallbacks, "alerts": []}
    header = report_summary(report)
    assert header.isascii() and len(header) <= 4096
    summary = json.loads(header)
    assert summary["truncated"] is True and summary["shrank"] == 500 and summary["pages"] == 3
    assert summary["continued"] == [f["path"] for f in fields][: len(summary["continued"])]
    small = json.loads(report_summary({**report, "fields": fields[:2], "fallbacks": fallbacks[:1]}))
    assert small["truncated"] is False and small["fallbacks"] == [
        {"path": "p0", "codepoints": "U+845B U+E0100", "reason": "x"}
    ]


def test_serve_without_the_server_extra_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.delitem(sys.modules, "unified_forms.server.run", raising=False)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert main(parser.parse_args([])) == 1
    assert "pip install 'unified-forms[server]'" in capsys.readouterr().err


def test_options_become_settings() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    s = settings_from(parser.parse_args(["--port", "9000", "--workers", "3", "--max-body-mb", "1", "--timeout", "5"]))
    assert (s.port, s.pool_size, s.max_body_bytes, s.timeout_s, s.host) == (9000, 3, 1024 * 1024, 5.0, "127.0.0.1")
    assert Settings().pool_size >= 1
