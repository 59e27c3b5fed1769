"""mkdocs hook: hand the pages generated from the registry, samples and layouts to mkdocs at build time.

Why a hook and not committed pages: the form pages, previews, downloads, the
通知表 gallery and the layout reference are computed by
:mod:`unified_forms.docsgen` from the code on every build, so they cannot go
stale and nothing generated is ever written into ``docs/`` or committed.
Problems (a sample that does not render) are logged as warnings, which
``mkdocs build --strict`` turns into a failed build.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# The site documents the checkout it is built from, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from unified_forms import docsgen

log = logging.getLogger("mkdocs.hooks.unified_forms")

_FORMS_INDEX = "forms/index.md"


def _extend_nav(nav: Any) -> bool:
    """Append one entry per registered form to the nav section that holds forms/index.md."""
    if isinstance(nav, list):
        for item in nav:
            if item == _FORMS_INDEX or (isinstance(item, dict) and _FORMS_INDEX in item.values()):
                nav.extend(docsgen.nav_entries())
                return True
            if isinstance(item, dict) and any(_extend_nav(v) for v in item.values()):
                return True
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.nav is not None and not _extend_nav(config.nav):
        log.warning("docs: the nav has no section containing %s; form pages are not in the navigation", _FORMS_INDEX)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = docsgen.generate()
    for path, content in sorted(site.files.items()):
        existing = files.get_file_from_path(path)
        if existing is not None:
            log.warning("docs: %s is generated; remove the committed copy from docs/", path)
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    for message in site.warnings:
        log.warning(message)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Quotes of shipped layout files in hand-written pages are taken from the files at build time."""
    out, problems = docsgen.expand_excerpts(markdown)
    for message in problems:
        log.warning("%s (in %s)", message, page.file.src_uri)
    return out
