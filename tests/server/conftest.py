"""The real service, started as a user starts it: ``python -m unified_forms serve`` on 127.0.0.1.

One server (2 render processes) is shared by the module's tests; tests that stop or
starve a server start their own with ``start_server``. Every server's log is kept
in a file so tests can check what it wrote.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

START_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def client(self, timeout: float = 120.0) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM (what a service manager sends) and wait; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise


def start_server(log: Path, *options: str) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "unified_forms", "serve", "--host", "127.0.0.1", "--port", str(port), *options]
    fh = log.open("wb")
    process = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    fh.close()
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{server.log_text()}")
        try:
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise AssertionError(f"the server did not answer /health within {START_TIMEOUT_S} s:\n{server.log_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("server") / "server.log", "--workers", "2")
    try:
        yield srv
    finally:
        code = srv.stop()
        # uvicorn drains, shuts the app down, then re-raises SIGTERM: the Unix convention (shell: 143)
        assert code in (0, -signal.SIGTERM), srv.log_text()
        assert "Application shutdown complete" in srv.log_text()


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start a server of one's own (options as on the command line); stopped after the test."""
    started: list[Server] = []

    def _start(*options: str) -> Server:
        started.append(start_server(tmp_path / f"server{len(started)}.log", *options))
        return started[-1]

    yield _start
    for srv in started:
        if srv.process.poll() is None:
            srv.stop()


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c
