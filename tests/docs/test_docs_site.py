"""The documentation site builds in strict mode and shows a real preview of every registered form.

The site is built once per test session with ``mkdocs build --strict`` into a
temporary folder, exactly as CI and a developer build it; a broken link, a
missing page or a sample that does not render fails the build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageStat

from unified_forms import api
from unified_forms.docsgen import block_rects, layout_entries, pattern_files

pytest.importorskip("mkdocs")
pytest.importorskip("material")
pytest.importorskip("mkdocstrings_handlers.python")

ROOT = Path(__file__).resolve().parents[2]

if shutil.which("pdftoppm") is None:
    pytest.skip("pdftoppm (poppler-utils) is needed to build the previews", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


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


def _assert_not_blank(png: Path, min_side: int = 300) -> None:
    with Image.open(png) as img:
        assert img.width >= min_side and img.height >= min_side, (png, img.size)
        gray = img.convert("L")
        stat = ImageStat.Stat(gray)
        # A blank page is one flat colour; a printed form has rules and text (dark pixels on white).
        assert stat.var[0] > 100, (png, stat.var)
        dark = sum(gray.histogram()[:128])
        assert dark > 0.002 * img.width * img.height, (png, dark)


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
            _assert_not_blank((page.parent / src).resolve())


def test_every_preview_image_in_the_site_is_not_blank(site: Path) -> None:
    pages = sorted((site / "forms").rglob("*.png"))
    assert len(pages) >= len(api.forms())
    for png in pages:
        _assert_not_blank(png)
    for png in sorted((site / "report-cards").rglob("*.png")):
        _assert_not_blank(png, min_side=40)


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
        _assert_not_blank((page.parent / src).resolve(), min_side=40)  # pattern previews are cut-outs
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
