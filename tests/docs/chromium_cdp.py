"""Headless Chromium driven over the DevTools protocol, with nothing but the standard library.

Why not Selenium or Playwright: both download or expect a browser of their own, and the docs
must be checked in the browser a school's network actually has (Debian's ``chromium``), offline.
Chromium speaks the DevTools protocol over a pipe (``--remote-debugging-pipe``: commands in on
fd 3, answers out on fd 4, each a JSON message ended by a NUL byte), so no WebSocket client is
needed either. The browser is started with every background service off (no update checks,
no sync, no QUIC, no component downloads) and an empty profile, so every request it makes is
one the page asked for — which is what the tests count.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def chromium_executable() -> str | None:
    """Debian's ``chromium`` (or another Chromium/Chrome on PATH), None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


class CDPError(RuntimeError):
    """The browser answered a command with an error, died, or did not answer in time."""


@dataclass(slots=True)
class Request:
    """One network request a page made, and how it ended."""

    url: str
    resource: str = ""
    status: int | None = None
    failure: str | None = None  # net::ERR_… when the request did not complete
    finished: bool = False


@dataclass(slots=True)
class PageLoad:
    """What loading one URL did: every request (by id) and the console errors."""

    url: str
    requests: dict[str, Request] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)

    def failed(self, *, allow_status: dict[str, int] | None = None) -> list[str]:
        """Requests that failed or answered >= 400 (``allow_status``: url → the status expected there)."""
        allow = allow_status or {}
        out = []
        for r in self.requests.values():
            if r.failure is not None:
                out.append(f"{r.url}: {r.failure}")
            elif r.status is not None and r.status >= 400 and allow.get(r.url) != r.status:
                out.append(f"{r.url}: HTTP {r.status}")
        return out

    def outside(self, origin: str) -> list[str]:
        """Requests to anywhere but ``origin`` (data: and blob: URLs are the page's own)."""
        return [r.url for r in self.requests.values() if not r.url.startswith((origin, "data:", "blob:", "about:"))]


class Chromium:
    """One headless browser; ``open`` loads a URL in a fresh tab and records its requests."""

    def __init__(self, executable: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="uf-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def place_pipes() -> None:  # in the child: the protocol's fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self._proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=place_pipes,
            close_fds=False,  # fds 3 and 4 made by dup2 must survive; Python's own fds are non-inheritable
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # --- the protocol ---------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise CDPError(f"the browser closed the pipe (exit code {self._proc.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        loaded: dict[str, Any] = json.loads(message)
        return loaded

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise CDPError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self._events.append(answer)

    def _drain(self, until: float) -> None:
        """Collect events until ``until`` (monotonic seconds)."""
        while time.monotonic() < until:
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, until - time.monotonic()))
            if not ready:
                return
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise CDPError("the browser closed the pipe")
            self._buffer += chunk
            while b"\0" in self._buffer:
                message, _, self._buffer = self._buffer.partition(b"\0")
                event = json.loads(message)
                if "method" in event:
                    self._events.append(event)

    # --- pages ----------------------------------------------------------------------------
    def open(self, url: str, *, width: int = 1280, height: int = 900, settle: float = 0.75) -> Tab:
        """Load ``url`` in a new tab; returns when the load event fired and the network was quiet ``settle`` s."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, target, session, PageLoad(url), {session})
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        # Workers (Material's search) load in their own targets: attach to them to see their requests.
        self.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True},
            session=session,
        )
        self._events.clear()
        self.send("Page.navigate", {"url": url}, session=session)
        deadline = time.monotonic() + self.timeout
        loaded = False
        seen = 0  # events handled so far (handling one may send a command, which may queue more)
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            self._drain(time.monotonic() + 0.1)
            if seen < len(self._events):
                quiet_since = time.monotonic()
            while seen < len(self._events):
                event = self._events[seen]
                seen += 1
                if event.get("sessionId") not in tab.sessions:
                    continue
                if event["method"] == "Target.attachedToTarget":
                    child = event["params"]["sessionId"]
                    tab.sessions.add(child)
                    tab.workers[child] = event["params"]["targetInfo"]["targetId"]
                    self.send("Network.enable", session=child)
                    self.send("Runtime.runIfWaitingForDebugger", session=child)
                    continue
                tab.record(event)
                if event["method"] == "Page.loadEventFired":
                    loaded = True
            if loaded and not tab.in_flight() and time.monotonic() - quiet_since >= settle:
                return tab
        raise CDPError(f"{url} did not finish loading in {self.timeout} s: {tab.in_flight()}")

    def close(self) -> None:
        with contextlib.suppress(CDPError, OSError):
            self.send("Browser.close")
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class Tab:
    browser: Chromium
    target: str
    session: str
    load: PageLoad
    sessions: set[str]  # the page's and its workers'
    workers: dict[str, str] = field(default_factory=dict)  # worker session → target id (= its script's request id)

    def record(self, event: dict[str, Any]) -> None:
        method, p = event["method"], event.get("params", {})
        requests = self.load.requests
        if method == "Network.requestWillBeSent":
            rid = p["requestId"]
            previous = requests.get(rid)
            if previous is not None and p.get("redirectResponse"):
                requests[f"{rid}#{len(requests)}"] = previous  # keep the redirect hop
            requests[rid] = Request(p["request"]["url"], p.get("type", ""))
        elif method == "Network.responseReceived":
            r = requests.setdefault(p["requestId"], Request(p["response"]["url"]))
            r.status = int(p["response"]["status"])
        elif method == "Network.loadingFinished":
            if p["requestId"] in requests:
                requests[p["requestId"]].finished = True
        elif method == "Network.loadingFailed":
            r = requests.setdefault(p["requestId"], Request("?"))
            r.failure, r.finished = p.get("errorText", "failed"), True
        elif method == "Inspector.workerScriptLoaded":  # a worker's script is never "finished" otherwise
            r = requests.get(self.workers.get(event.get("sessionId", ""), ""))
            if r is not None:
                r.finished = True
        elif method == "Runtime.exceptionThrown":
            details = p.get("exceptionDetails", {})
            self.load.console_errors.append(str(details.get("exception", {}).get("description") or details))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            self.load.console_errors.append(f"{p['entry'].get('url', '')}: {p['entry'].get('text', '')}")

    def in_flight(self) -> list[str]:
        """URLs requested and not yet answered (a worker's script is answered in the worker's session)."""
        done = {r.url for r in self.load.requests.values() if r.finished}
        return sorted(
            {r.url for r in self.load.requests.values() if r.url not in done and not r.url.startswith("data:")}
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable values only)."""
        answer = self.browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session
        )
        if "exceptionDetails" in answer:
            raise CDPError(f"{expression}: {answer['exceptionDetails']}")
        return answer.get("result", {}).get("value")

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.browser.send("Page.captureScreenshot", params, session=self.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
