"""The documentation site builds in strict mode and shows a real preview of every registered form.

The site is built once per test session (``conftest.py``: ``mkdocs build --strict``); these
tests read the built files. ``test_docs_browser.py`` looks at the same site in Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from docs_kit import assert_not_blank

from unified_forms import api
from unified_forms.docsgen import block_rects, layout_entries, pattern_files

ROOT = Path(__file__).resolve().parents[2]


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.previews: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img" and "uf-preview" in (a.get("class") or "").split():
            self.previews.append(a.get("src") or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def _parse(page: Path) -> _Images:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_registered_form_has_a_page_with_previews_that_are_not_blank(site: Path) -> None:
    infos = api.forms()
    assert infos, "the registry is empty"
    for info in infos:
        page = site / "forms" / info.id / "index.html"
        assert page.is_file(), f"no page for {info.id}"
        html = page.read_text(encoding="utf-8")
        assert info.title in html
        assert info.paper in html
        parsed = _parse(page)
        assert parsed.previews, f"{info.id}: no preview image"
        for src in parsed.previews:
            assert_not_blank((page.parent / src).resolve())


def test_every_preview_image_in_the_site_is_not_blank(site: Path) -> None:
    pages = sorted((site / "forms").rglob("*.png"))
    assert len(pages) >= len(api.forms())
    for png in pages:
        assert_not_blank(png)
    for png in sorted((site / "report-cards").rglob("*.png")):
        assert_not_blank(png, min_side=40)


def test_form_pages_link_to_the_sample_pdf_and_xlsx_generated_at_build_time(site: Path) -> None:
    for info in api.forms():
        page = site / "forms" / info.id / "index.html"
        links = _parse(page).links
        pdfs = [h for h in links if h.endswith(".pdf")]
        xlsxs = [h for h in links if h.endswith(".xlsx")]
        assert pdfs and xlsxs, info.id
        for href in pdfs:
            data = (page.parent / href).resolve().read_bytes()
            assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
        for href in xlsxs:
            assert (page.parent / href).resolve().read_bytes().startswith(b"PK\x03\x04")


def test_form_pages_show_the_field_table_and_the_json_schema(site: Path) -> None:
    for info in api.forms():
        html = (site / "forms" / info.id / "index.html").read_text(encoding="utf-8")
        assert "Input fields" in html and "JSON Schema" in html
        schema = api.schema(info.id)
        for name in schema.get("properties", {}):
            assert f"<code>{name}</code>" in html, (info.id, name)
        # the schema block is the schema itself (HTML-escaped inside a code block)
        assert "<details" in html


def test_roster_page_names_nested_list_fields_with_their_japanese_labels(site: Path) -> None:
    html = (site / "forms" / "roster" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<td><code>students\[\]\.name\.family</code></td>(.*?)</tr>", html, re.S)
    assert row is not None
    assert "氏名（姓）" in row.group(1) and "✓" in row.group(1)
    row = re.search(r"<tr>\s*<td><code>school\.name</code></td>(.*?)</tr>", html, re.S)
    assert row is not None and "≤ 40 字" in row.group(1)


def test_forms_index_and_navigation_list_every_form(site: Path) -> None:
    index = (site / "forms" / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    for info in api.forms():
        assert f'href="{info.id}/"' in index, info.id
        assert f"{info.title} ({info.id})" in home, f"{info.id} not in the navigation"


def test_gallery_shows_every_report_card_layout_and_every_pattern(site: Path) -> None:
    page = site / "report-cards" / "index.html"
    html = page.read_text(encoding="utf-8")
    for entry in layout_entries():
        if entry.layout_id.startswith("report_card"):
            assert entry.path.name in html, entry.path.name
    for path in pattern_files():
        assert path.name in html, path.name
    previews = _parse(page).previews
    for src in previews:
        assert_not_blank((page.parent / src).resolve(), min_side=40)  # pattern previews are cut-outs
    placed = {use for e in layout_entries() for use, _, _ in block_rects(e.path)}
    for path in pattern_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if raw["pattern"] in placed or raw["name"] in placed:
            assert any(f"patterns/{path.stem}." in src for src in previews), f"no preview of {path.name}"
    assert (site / "report-cards" / "make-your-arrangement" / "index.html").is_file()


def test_layout_reference_documents_every_definition_of_the_layout_schema(site: Path) -> None:
    schema = json.loads((ROOT / "layouts" / "layout.schema.json").read_text(encoding="utf-8"))
    html = (site / "reference" / "layout-format" / "index.html").read_text(encoding="utf-8")
    for name, definition in schema["$defs"].items():
        assert f'id="{name.lower()}"' in html, name
        for key in definition.get("properties", {}):
            assert f"<code>{key}</code>" in html, (name, key)


def test_api_reference_is_generated_from_the_docstrings(site: Path) -> None:
    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("render_pdf", "render_xlsx", "schema", "validate", "FormDataError", "compile_form"):
        assert name in html, name
    assert "Validate, bind and lay out" in html  # compile_form's docstring


def test_guides_and_internals_exist(site: Path) -> None:
    for page in ("guides/getting-started", "guides/batch", "guides/fonts", "guides/excel", "internals"):
        assert (site / page / "index.html").is_file(), page


# --- offline: no asset from the internet, no link to internal files ------------------------------

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, protocol-relative //
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.I)


class _Assets(HTMLParser):
    """Every URL a browser would fetch by itself while showing the page (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (what, url)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "script" and a.get("src"):
            self.urls.append(("script src", a["src"]))
        elif tag == "link" and rel & {"stylesheet", "preload", "modulepreload", "icon", "preconnect", "dns-prefetch"}:
            self.urls.append((f"link {' '.join(sorted(rel))}", a.get("href", "")))
        elif tag in ("img", "iframe", "embed", "source", "audio", "video") and (a.get("src") or a.get("srcset")):
            self.urls.append((f"{tag} src", a.get("src") or a.get("srcset", "").split()[0]))
        elif tag == "object" and a.get("data"):
            self.urls.append(("object data", a["data"]))
        if a.get("style"):
            self.urls += [("style url()", u) for u in _CSS_URL.findall(a["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += [("style url()", u) for u in _CSS_URL.findall(data)]
            self.urls += [("style @import", u) for u in _CSS_IMPORT.findall(data)]


def test_no_page_or_stylesheet_loads_anything_from_the_internet(site: Path) -> None:
    """Closed 校務 networks: every asset (script, stylesheet, font, icon, image, CSS url()) is in the site."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(api.forms())
    found: list[str] = []
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.urls or page.name == "404.html", f"{page}: no asset found: is the parser blind?"
        found += [f"{page.relative_to(site)}: {what} {url}" for what, url in parser.urls if _EXTERNAL.match(url)]
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        urls = _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)
        found += [f"{css.relative_to(site)}: url({u})" for u in urls if _EXTERNAL.match(u)]
    assert not found, "\n".join(found)


def test_the_scan_sees_the_web_fonts_material_would_load() -> None:
    """The scanner above is not blind: it finds Material's default Google Fonts link and a CSS url()."""
    html = (
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        "<style>@import url(https://cdn.example/x.css); .a{background:url('//cdn.example/i.png')}</style>"
        '<script src="https://cdn.jsdelivr.net/npm/x.js"></script><img src="assets/ok.png">'
    )
    parser = _Assets()
    parser.feed(html)
    external = {u for _, u in parser.urls if _EXTERNAL.match(u)}
    assert external == {
        "https://fonts.gstatic.com",
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://cdn.example/x.css",
        "//cdn.example/i.png",
        "https://cdn.jsdelivr.net/npm/x.js",
    }
    assert ("img src", "assets/ok.png") in parser.urls


def test_no_page_points_to_an_internal_file(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "/work/" not in html, page
        assert 'href="file:' not in html, page
        assert "api-contract.md" not in html, page  # the project's internal contract: the docs are the surface
    assert "/work/" not in (ROOT / "docs" / "guides" / "getting-started.md").read_text(encoding="utf-8")


def test_the_site_uses_no_web_font(site: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    assert config["theme"]["font"] is False
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


# --- the 404 page --------------------------------------------------------------------------------


def test_404_page_carries_its_styles_and_scripts_and_no_search(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    parser = _Assets()
    parser.feed(html)
    fetched = [u for what, u in parser.urls if what != "style url()" and not u.startswith("data:")]
    assert fetched == [], fetched  # nothing to fetch: it works at any URL under any prefix
    assert "<style>" in html and ".md-header" in html  # Material's stylesheet is inside
    assert 'data-md-component="search"' not in html
    assert "__uf_root" in html


# --- downloads, rules, variants, not printed -----------------------------------------------------


def _page(site: Path, form_id: str) -> str:
    return (site / "forms" / form_id / "index.html").read_text(encoding="utf-8")


def test_every_form_page_offers_its_json_schema_and_sample_inputs_for_download(site: Path) -> None:
    for info in api.forms():
        html = _page(site, info.id)
        assert 'href="schema.json"' in html, info.id
        served = json.loads((site / "forms" / info.id / "schema.json").read_text(encoding="utf-8"))
        assert served == api.schema(info.id), info.id
        for stem, path in info.sample_files():
            name = "sample" + stem[len(info.id) :]
            copy = site / "forms" / info.id / f"{name}.json"
            assert copy.read_bytes() == path.read_bytes(), copy
            assert f'href="{name}.json"' in html, (info.id, name)


def test_form_pages_show_the_summary_and_every_not_printed_declaration_with_its_reason(site: Path) -> None:
    import html as html_lib

    index = (site / "forms" / "index.html").read_text(encoding="utf-8")
    for info in api.forms():
        page = html_lib.unescape(re.sub(r"<[^>]+>", "", _page(site, info.id)))
        assert info.summary and info.summary.split(":")[0] in page, info.id
        assert html_lib.escape(info.summary.split(":")[0], quote=False) in index or info.title in index
        assert "Accepted but not printed" in page
        for path, reason in info.not_printed.items():
            assert path in page and " ".join(reason.split()) in " ".join(page.split()), (info.id, path)
        if not info.not_printed:
            assert "Every input field this form accepts is printed." in page


def test_form_pages_state_the_input_rules_in_words(site: Path) -> None:
    page = _page(site, "roster")
    rules = page[page.index('id="input-rules"') : page.index('id="input-fields"')]
    row = re.search(r"<li><code>students\[\]\.number</code>(.*?)</li>", rules, re.S)
    assert row is not None and "required" in row.group(1) and "from 1 to 99" in row.group(1)
    row = re.search(r"<li><code>school\.name</code>(.*?)</li>", rules, re.S)
    assert row is not None and "at most 40 字" in row.group(1)
    row = re.search(r"<li><code>students\[\]\.postal_code</code>(.*?)</li>", rules, re.S)
    assert row is not None and "must match the pattern" in row.group(1) and "may be <code>null</code>" in row.group(1)
    row = re.search(r"<li><code>numbering</code>(.*?)</li>", rules, re.S)
    assert row is not None and "one of" in row.group(1) and "mixed_gojuon" in row.group(1)
    assert "Label rule" in rules  # the ClassRef model's rules between its fields (its description)
    for info in api.forms():
        schema = api.schema(info.id)
        html = _page(site, info.id)
        section = html[html.index('id="input-rules"') : html.index('id="input-fields"')]
        for name in schema.get("required", ()):
            assert re.search(rf"<li><code>{re.escape(name)}</code>[^<]*: required", section), (info.id, name)
        first_line = str(schema.get("description", "")).strip().split("\n")[0]
        if first_line:
            assert first_line.split("`")[0].strip() in section, info.id


# Layout variants whose sample another engineer may be adding (issue 18): the page says they have none.
# Remove an entry when its sample lands; a variant without a sample outside this set fails.
AWAITING_SAMPLES: set[tuple[str, str | None]] = set()


def test_every_layout_variant_is_previewed_or_the_page_says_it_has_no_sample(site: Path) -> None:
    missing: set[tuple[str, str | None]] = set()
    for info in api.forms():
        variants: list[str | None] = [None, *info.layout_variants()]
        if len(variants) == 1:
            continue
        html = _page(site, info.id)
        table = html[html.index('id="layout-variants"') :]
        table = table[: table.index("</table>")]
        printed_with = {}
        for stem, path in info.sample_files():
            data = json.loads(path.read_text(encoding="utf-8"))
            printed_with.setdefault(getattr(api.validate(info.id, data), "layout_variant", None), []).append(stem)
        for variant in variants:
            name = info.layout_file(variant).name
            row = re.search(rf"<tr>\s*<td><code>{re.escape(name)}</code></td>(.*?)</tr>", table, re.S)
            assert row is not None, (info.id, name)
            if variant in printed_with:
                for stem in printed_with[variant]:
                    sample = "sample" + stem[len(info.id) :]
                    assert f"{stem}.json" in row.group(1), (info.id, variant, stem)
                    assert (site / "forms" / info.id / f"{sample}.p1.png").is_file()
            else:
                assert "no sample: no preview" in row.group(1), (info.id, variant)
                assert "No preview of" in html and name in html
                missing.add((info.id, variant))
    assert missing <= AWAITING_SAMPLES, f"layout variants without a sample: {sorted(missing - AWAITING_SAMPLES)}"


# --- references: CLI, API, HTTP ------------------------------------------------------------------


def test_cli_reference_is_generated_from_the_parser(site: Path) -> None:
    import argparse

    from unified_forms import cli

    html = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    anchor = "cmd-" + "-".join([*path, name])
                    assert f'id="{anchor}"' in html, anchor
                    walk(sub, [*path, name])
            elif action.help != argparse.SUPPRESS:
                for option in action.option_strings or [action.dest]:
                    assert f"<code>{option}</code>" in html, (path, option)

    walk(cli.build_parser(), ["unified-forms"])


def test_api_reference_documents_every_public_name(site: Path) -> None:
    import inspect

    import unified_forms

    html = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', html))
    for name in unified_forms.__all__:
        assert any(i == name or i.endswith(f".{name}") for i in ids), f"{name} has no entry on the API page"
    for name in ("forms", "model", "sample", "validate", "render", "render_pdf", "render_xlsx", "preflight"):
        doc = inspect.getdoc(getattr(api, name))
        assert doc, f"api.{name} has no docstring"
        assert doc.split("\n")[0].split("``")[0][:30] in html, name
    assert inspect.getdoc(api.compile_form) and inspect.getdoc(api.RenderResult)


def test_http_reference_is_rendered_from_the_services_openapi_or_left_out(site: Path, build_log: str) -> None:
    page = site / "reference" / "http" / "index.html"
    try:
        from unified_forms.server.openapi import openapi_json
    except ImportError:  # no service in this checkout (or its extra is not installed): the page is left out
        assert not page.exists()
        assert "no HTTP service page" in build_log
        return
    doc = json.loads(openapi_json())
    html = page.read_text(encoding="utf-8")
    for path in doc["paths"]:
        assert f"<code>{path}</code>" in html, path
    assert json.loads((site / "reference" / "openapi.json").read_text(encoding="utf-8")) == doc
    assert "swagger" not in html.lower()
