"""Start, limits and stop of the real service: time limit, worker replacement, graceful shutdown."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import unified_forms as uf

from .conftest import Server


def children(pid: int) -> set[int]:
    """Direct child processes (Linux /proc); empty elsewhere."""
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out |= {int(p) for p in task.read_text().split()}
    return out


def alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_document_over_the_time_limit_is_503_and_its_worker_is_replaced(start: Callable[..., Server]) -> None:
    # 1 ms: no PDF renders that fast (a warm 名簿 takes several), so the limit is always hit.
    srv = start("--workers", "1", "--timeout", "0.001")
    with srv.client() as c:
        for n in (1, 2):
            r = c.post("/forms/guidance_record_elementary/pdf", json=uf.sample("guidance_record_elementary"))
            assert r.status_code == 503, r.text
            assert r.headers["retry-after"]
            assert "上限" in r.json()["errors"][0]["message"]
            expected = {"size": 1, "alive": 1, "idle": 1, "replaced": n}
            assert wait_for(lambda want=expected: c.get("/health").json()["workers"] == want), c.get("/health").text
        assert c.get("/forms").status_code == 200
    assert "Traceback" not in srv.log_text()


def test_sigterm_lets_a_batch_in_flight_finish_then_stops_every_worker(start: Callable[..., Server]) -> None:
    srv = start("--workers", "1")
    workers = children(srv.process.pid)
    data = uf.sample("guidance_record_elementary")
    body = b"\n".join(json.dumps({**data, "id": f"p{i}"}, ensure_ascii=False).encode() for i in range(6))
    with srv.client() as c, c.stream("POST", "/forms/guidance_record_elementary/batch", content=body) as r:
        assert r.status_code == 200  # the answer has started: the batch is in flight
        srv.process.send_signal(signal.SIGTERM)
        content = r.read()
    archive = zipfile.ZipFile(io.BytesIO(content))
    report = json.loads(archive.read("report.json"))
    assert report["rendered"] == 6 and report["failed"] == 0, report
    assert archive.read(report["files"][0]["name"]) == uf.render_pdf("guidance_record_elementary", data)
    code = srv.process.wait(60)
    assert code in (0, -signal.SIGTERM)
    log = srv.log_text()
    assert "Application shutdown complete" in log and "Traceback" not in log
    assert wait_for(lambda: not any(alive(p) for p in workers), 10), "render processes left running"


def test_a_missing_font_stops_serve_with_one_line_and_exit_1(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unified_forms", "--font", str(tmp_path / "none.ttf"), "serve", "--port", "9"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("エラー: IPAmj明朝 not found")


def test_serve_help_lists_the_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unified_forms", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    for option in ("--host", "--port", "--workers", "--max-body-mb", "--timeout"):
        assert option in done.stdout
