"""The generated half of the documentation site: one page per registered form, the 通知表 gallery, references.

Why generated: a reviewer at a 教育委員会 must see what each form *is* — its printed
pages, the data it takes, its limits — and a copied screenshot or a hand-written field
table goes stale the day a form changes. So these pages are computed at docs build time
from the sources the library prints from: the registry (which forms exist), ``samples/``
(rendered with the public API into PDF, XLSX and PNG previews), the models' JSON Schema
(the field tables) and ``layouts/`` (the gallery, the layout format reference, quotes of
shipped files in hand-written guides). A form added to the registry appears in the docs
without touching them.

Nothing here writes into the repository: :func:`generate` returns site paths and their
contents, which the mkdocs hook (``docs/hooks.py``) hands to mkdocs as generated files.
Each sample is rendered once per build. Needs poppler's ``pdftoppm`` (a system dependency
of the project, like the font) and Pillow (the ``docs``/``test`` extras) for the pattern
previews cut out of rendered pages.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from unified_forms import api as uf
from unified_forms.docsgen.cli_reference import cli_reference
from unified_forms.docsgen.http_reference import http_reference
from unified_forms.docsgen.layouts import (
    GALLERY_PREFIX,
    LayoutEntry,
    block_rects,
    expand_excerpts,
    layout_entries,
    layout_page_excerpt,
    pattern_files,
)
from unified_forms.docsgen.pages import Site, find_sample, form_page, forms_index, gallery_page
from unified_forms.docsgen.reference import layout_reference
from unified_forms.docsgen.samples import (
    PREVIEW_DPI,
    SELECTOR_KEYS,
    RenderCache,
    Rendered,
    Sample,
    pdf_to_pngs,
    render_sample,
    samples_of,
)
from unified_forms.docsgen.schema_rules import rule_words, rules_section
from unified_forms.docsgen.schema_table import FieldRow, fields_table, schema_fields
from unified_forms.resources import data_dir

__all__ = [
    "GALLERY_PREFIX",
    "PREVIEW_DPI",
    "SELECTOR_KEYS",
    "FieldRow",
    "LayoutEntry",
    "RenderCache",
    "Rendered",
    "Sample",
    "Site",
    "block_rects",
    "cli_reference",
    "expand_excerpts",
    "fields_table",
    "find_sample",
    "form_page",
    "forms_index",
    "gallery_page",
    "generate",
    "http_reference",
    "layout_entries",
    "layout_page_excerpt",
    "layout_reference",
    "nav_entries",
    "pattern_files",
    "pdf_to_pngs",
    "render_sample",
    "rule_words",
    "rules_section",
    "samples_of",
    "schema_fields",
]


def nav_entries() -> list[dict[str, str]]:
    """Navigation items of the generated form pages (the hook adds them under 帳票 Forms)."""
    return [{f"{i.title} ({i.id})": f"forms/{i.id}.md"} for i in uf.forms()]


def generate(
    cache: RenderCache | None = None,
    *,
    cli: argparse.ArgumentParser | None = None,
    cli_intro: str = "",
    openapi: dict[str, Any] | None = None,
) -> Site:
    """Every generated page and file of the site, keyed by its path inside the docs folder.

    ``cli`` is the command line's parser (``reference/cli.md`` is generated from it) and
    ``openapi`` the HTTP service's OpenAPI document (``reference/http.md`` and
    ``reference/openapi.json``; left out when there is no service). The mkdocs hook supplies
    both, so that this package depends on neither the CLI nor the server.
    """
    own = cache is None
    cache = cache or RenderCache()
    try:
        site = Site()
        infos = uf.forms()
        cache.prefetch(s for info in infos for s in samples_of(info))
        site.files["forms/index.md"] = forms_index(infos)
        for info in infos:
            site.files[f"forms/{info.id}.md"] = form_page(site, cache, info)
        site.files["report-cards/index.md"] = gallery_page(site, cache)
        schema_path = data_dir("layouts") / "layout.schema.json"
        site.files["reference/layout-format.md"] = layout_reference(json.loads(schema_path.read_text("utf-8")))
        if cli is not None:
            site.files["reference/cli.md"] = cli_reference(cli, cli_intro, {"form_id": _FORM_ID_NOTE})
        if openapi is not None:
            site.files["reference/http.md"] = http_reference(openapi, "openapi.json")
            site.files["reference/openapi.json"] = json.dumps(openapi, ensure_ascii=False, indent=2) + "\n"
        site.warnings = list(dict.fromkeys(site.warnings))
        return site
    finally:
        if own:
            cache.close()


_FORM_ID_NOTE = "a form id (`unified-forms list`; see [帳票 Forms](../forms/index.md))"
