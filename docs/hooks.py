"""mkdocs hook: hand the pages generated from the registry, samples, layouts, CLI and service to mkdocs.

Why a hook and not committed pages: the form pages, previews, downloads, the 通知表 gallery,
the layout, command line and HTTP references are computed by :mod:`unified_forms.docsgen`
from the code on every build, so they cannot go stale and nothing generated is ever written
into ``docs/`` or committed. Problems (a sample that does not render) are logged as warnings,
which ``mkdocs build --strict`` turns into a failed build.

This hook is also where the command line's parser and the HTTP service's OpenAPI document are
obtained: ``unified_forms.docsgen`` sits below the CLI and the server in the package's layers
and must not import them, so they are imported here and handed to it. The service is optional
(an extra with its own dependencies): without it the HTTP page is left out and the build says so.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# The site documents the checkout it is built from, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from unified_forms import docsgen
from unified_forms.docsgen.notfound import standalone_404
from unified_forms.docsgen.readme import expand_readme_commands

log = logging.getLogger("mkdocs.hooks.unified_forms")

_FORMS_INDEX = "forms/index.md"
_REFERENCE_ANCHOR = "reference/api.md"  # the HTTP page goes into the nav section holding this page
_HTTP_PAGE = {"HTTP service": "reference/http.md"}


def _openapi() -> dict[str, Any] | None:
    """The HTTP service's OpenAPI document, or None (and why, logged) when the service is not there."""
    try:
        module = importlib.import_module("unified_forms.server.openapi")
    except ImportError as exc:
        log.info("docs: no HTTP service page: unified_forms.server is not importable here (%s)", exc)
        return None
    for name in ("openapi_document", "openapi_json", "openapi"):
        make = getattr(module, name, None)
        if callable(make):
            doc = make()
            if isinstance(doc, bytes | str):
                doc = json.loads(doc)
            if isinstance(doc, dict):
                return doc
    log.warning("docs: unified_forms.server.openapi has no openapi_document()/openapi_json() to render")
    return None


def _find_section(nav: Any, page: str) -> list[Any] | None:
    """The nav list that holds ``page`` (directly or as ``{title: page}``)."""
    if isinstance(nav, list):
        for item in nav:
            if item == page or (isinstance(item, dict) and page in item.values()):
                return nav
            if isinstance(item, dict):
                for value in item.values():
                    found = _find_section(value, page)
                    if found is not None:
                        return found
    return None


_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["openapi"] = _openapi()
    if config.nav is None:
        return config
    forms = _find_section(config.nav, _FORMS_INDEX)
    if forms is None:
        log.warning("docs: the nav has no section containing %s; form pages are not in the navigation", _FORMS_INDEX)
    else:
        forms.extend(docsgen.nav_entries())
    if _state["openapi"] is not None:
        reference = _find_section(config.nav, _REFERENCE_ANCHOR)
        if reference is None:
            log.warning("docs: the nav has no section containing %s for the HTTP page", _REFERENCE_ANCHOR)
        elif _HTTP_PAGE not in reference:
            reference.append(_HTTP_PAGE)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from unified_forms import cli  # the command as installed: its parser is the reference

    site = docsgen.generate(cli=cli.build_parser(), cli_intro=cli.__doc__ or "", openapi=_state.get("openapi"))
    for path, content in sorted(site.files.items()):
        existing = files.get_file_from_path(path)
        if existing is not None:
            log.warning("docs: %s is generated; remove the committed copy from docs/", path)
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    for message in site.warnings:
        log.warning(message)
    return files


README = Path(__file__).resolve().parent.parent / "README.md"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Quotes of shipped layout files and of the README's commands are taken from the files at build time."""
    out, problems = docsgen.expand_excerpts(markdown)
    out, more = expand_readme_commands(out, README.read_text(encoding="utf-8"))
    for message in problems + more:
        log.warning("%s (in %s)", message, page.file.src_uri)
    return out


def on_post_build(config: MkDocsConfig) -> None:
    """Make 404.html work wherever the site is served (see ``unified_forms.docsgen.notfound``)."""
    site = Path(config.site_dir)
    page = site / "404.html"
    if not page.is_file():
        return

    def read(path: str) -> bytes | None:
        target = (site / path).resolve()
        return target.read_bytes() if target.is_file() and site.resolve() in target.parents else None

    base = urlsplit(config.site_url or "/").path or "/"
    folders = [p.name for p in site.iterdir() if p.is_dir()]
    html, problems = standalone_404(page.read_text("utf-8"), read, base=base, folders=folders)
    for message in problems:
        log.warning("docs: %s", message)
    page.write_text(html, encoding="utf-8")
