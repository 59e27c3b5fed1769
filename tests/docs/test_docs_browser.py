"""The built site in a real browser, offline, served under a sub-path as an intranet would serve it.

Headless Chromium (Debian's ``chromium``) loads the pages from a local server that maps
``/docs/unified_forms/...`` to the built site and answers every missing URL with ``404.html``
(status 404), as nginx's ``error_page`` or a static host does. A page passes when its screenshot
is not blank, the theme's stylesheet is applied, and no request failed or left the local server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from chromium_cdp import Chromium, Tab, chromium_executable
from docs_kit import assert_not_blank

PREFIX = "/docs/unified_forms/"

EXE = chromium_executable()
pytestmark = pytest.mark.skipif(
    EXE is None, reason="Chromium is not installed (Debian: apt-get install chromium): the site is not looked at"
)


class _SiteUnderPrefix(SimpleHTTPRequestHandler):
    """Serves the site folder at PREFIX; anything else or missing gets 404.html with status 404."""

    site: Path

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(PREFIX):
            return str(self.site / "\0nothing")
        return super().translate_path("/" + bare[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def origin(site: Path) -> Iterator[str]:
    handler = type("Handler", (_SiteUnderPrefix,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert EXE is not None
    with Chromium(EXE) as chromium:
        yield chromium


def _styled(tab: Tab) -> None:
    """Material's stylesheet is applied: the header is the theme's coloured bar, not unstyled HTML."""
    header = tab.evaluate(
        "(() => { const h = document.querySelector('.md-header');"
        " if (!h) return null; const s = getComputedStyle(h);"
        " return [s.position, s.backgroundColor, h.getBoundingClientRect().height]; })()"
    )
    assert header is not None, "no Material header"
    position, colour, height = header
    assert position in ("sticky", "fixed") and colour not in ("rgba(0, 0, 0, 0)", "transparent"), header
    assert 30 <= height <= 120, header


def _clean(tab: Tab, origin: str, *, allow: dict[str, int] | None = None) -> None:
    load = tab.load
    assert load.requests, "the page made no request at all"
    assert load.outside(origin) == [], f"requests outside the site: {load.outside(origin)}"
    assert load.failed(allow_status=allow) == [], f"failed requests: {load.failed(allow_status=allow)}"
    allowed_errors = [f"{u}: Failed to load resource" for u in (allow or {})]
    errors = [e for e in load.console_errors if not any(e.startswith(a) for a in allowed_errors)]
    assert errors == [], errors


PAGES = {
    "index": "",
    "form page": "forms/report_card/",
    "通知表 gallery": "report-cards/",
    "API page": "reference/api/",
}


@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
def test_page_renders_and_every_request_succeeds(
    page: str, browser: Chromium, origin: str, tmp_path: Path, site: Path
) -> None:
    url = origin + PREFIX + PAGES[page]
    tab = browser.open(url)
    try:
        _clean(tab, origin)
        _styled(tab)
        shot = tab.screenshot(tmp_path / "page.png")
        assert_not_blank(shot)
        if page == "form page":  # the first preview is in view: it must have loaded, not be a broken image
            sizes = tab.evaluate("[...document.images].filter(i => i.complete).map(i => i.naturalWidth)")
            assert sizes and all(w > 0 for w in sizes), sizes
        if page == "API page":
            assert tab.evaluate("document.querySelectorAll('.doc-function').length") >= 8
    finally:
        tab.close()


@pytest.mark.parametrize(
    "missing",
    ["forms/no_such_form/", "no-such-page", "a/b/c/d/", "reference/no-such-reference/"],
    ids=["old form page", "typo", "deep unknown path", "under a real section"],
)
def test_404_page_under_a_sub_path_loads_its_styles_and_scripts(
    missing: str, browser: Chromium, origin: str, tmp_path: Path
) -> None:
    url = origin + PREFIX + missing
    tab = browser.open(url)
    try:
        _clean(tab, origin, allow={url: 404})  # the page itself answers 404; nothing else may fail
        _styled(tab)
        assert "404" in tab.evaluate("document.body.innerText")
        assert_not_blank(tab.screenshot(tmp_path / "404.png"))
        if missing != "a/b/c/d/":  # the root is found from the path: the home link leads back into the site
            home = tab.evaluate("document.querySelector('a.md-header__button.md-logo').href")
            assert home.startswith(origin + PREFIX), home
    finally:
        tab.close()
