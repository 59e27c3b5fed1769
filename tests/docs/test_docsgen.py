"""The generator behind the docs: schema walking, sample and layout discovery, registry-driven pages."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from unified_forms import api, docsgen, registry
from unified_forms.docsgen import FieldRow, Sample, layout_entries, samples_of, schema_fields


def _by_path(rows: list[FieldRow]) -> dict[str, FieldRow]:
    return {r.path: r for r in rows}


def test_roster_schema_rows_resolve_refs_lists_labels_and_capacities() -> None:
    rows = _by_path(schema_fields(api.schema("roster")))
    family = rows["students[].name.family"]
    assert family.label == "氏名（姓）" and family.required and family.type == "string"
    assert rows["students[].name.given"].required is False
    assert rows["students"].type.startswith("array of object")
    assert rows["students[].number"].capacity == "1–99"
    assert rows["school.name"].capacity == "≤ 40 字 (graphemes); not blank"
    # nullable with a capacity on the non-null branch
    address = rows["students[].address"]
    assert address.type == "string \\| null" and "≤ 60 字" in address.capacity and not address.required
    # a nullable $ref to an object is walked too
    assert "students[].guardian.family" in rows
    assert rows["fiscal_year"].capacity == "1989–2100"


def test_every_leaf_of_every_form_schema_is_listed_once() -> None:
    for info in api.forms():
        rows = schema_fields(api.schema(info.id))
        paths = [r.path for r in rows]
        assert len(paths) == len(set(paths)), info.id
        assert set(api.schema(info.id)["properties"]) <= set(paths)


def test_nested_arrays_and_recursion_terminate() -> None:
    schema: dict[str, Any] = {
        "$defs": {
            "Cell": {"type": "object", "properties": {"text": {"type": "string", "maxLength": 5, "title": "文字"}}},
            "Node": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
                "required": ["label"],
            },
        },
        "type": "object",
        "properties": {
            "grid": {"type": "array", "items": {"type": "array", "items": {"$ref": "#/$defs/Cell"}}, "maxItems": 31},
            "tree": {"$ref": "#/$defs/Node", "title": "木"},
            "kind": {"enum": ["a", "b"], "title": "種別"},
        },
        "required": ["grid"],
    }
    rows = _by_path(schema_fields(schema))
    assert rows["grid"].required and rows["grid"].capacity == "0–31 items"
    assert rows["grid[][].text"].capacity == "length 0–5" and rows["grid[][].text"].label == "文字"
    assert rows["tree"].label == "木" and rows["tree"].type == "object (Node)"
    assert rows["tree.label"].required
    assert rows["tree.children"].type == "array of object (Node)"
    assert "tree.children[].label" not in rows  # the recursion stops at the first repeat
    assert rows["kind"].type == '"a" \\| "b"'


def test_fields_table_escapes_pipes_and_newlines() -> None:
    table = docsgen.fields_table([FieldRow("a", "x", "ラベル|x", True, "", "line1\nline2")])
    last = table.splitlines()[-1]
    assert "ラベル\\|x" in last and "line1 line2" in last


def test_samples_are_discovered_by_file_name_and_layout_variant(tmp_path: Path) -> None:
    info = registry.get("roster")
    base = api.sample("roster")
    (tmp_path / "roster.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "roster.big.json").write_text(json.dumps({**base, "layout_variant": "a3"}), encoding="utf-8")
    (tmp_path / "roster_other.json").write_text("{}", encoding="utf-8")  # another form's sample
    found = samples_of(info, tmp_path)
    assert [(s.stem, s.variant) for s in found] == [("sample", None), ("sample.big", "a3")]


def test_layout_files_map_to_registered_forms_and_variants(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (tmp_path / "patterns").mkdir()
    (forms / "roster.yaml").write_text("id: roster\ntitle: 名簿\n", encoding="utf-8")
    (forms / "roster.wide.yaml").write_text("id: roster_wide\ntitle: 名簿（横）\n", encoding="utf-8")
    (forms / "unknown.yaml").write_text("id: unknown\n", encoding="utf-8")
    entries = {e.path.name: e for e in layout_entries(tmp_path)}
    assert entries["roster.yaml"].form is not None and entries["roster.yaml"].variant is None
    assert entries["roster.wide.yaml"].variant == "wide" and entries["roster.wide.yaml"].layout_id == "roster_wide"
    assert entries["unknown.yaml"].form is None


def test_a_form_added_to_the_registry_gets_a_page_and_a_nav_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    roster = registry.get("roster")
    extra = dataclasses.replace(roster, id="roster_copy", title="名簿（写）")
    monkeypatch.setitem(registry.REGISTRY, "roster_copy", extra)

    page = io.BytesIO()
    Image.new("L", (100, 100), 255).save(page, format="PNG")

    class NoRender(docsgen.RenderCache):  # the pages, not the renders, are under test here
        def _render(self, sample: Sample) -> docsgen.Rendered:
            return docsgen.Rendered(b"%PDF-", b"PK", None, "", [page.getvalue()] * 3)

    site = docsgen.generate(NoRender(processes=0))
    assert "forms/roster_copy.md" in site.files
    assert "名簿（写）" in str(site.files["forms/index.md"])
    assert {"名簿（写） (roster_copy)": "forms/roster_copy.md"} in docsgen.nav_entries()
    # it has no sample file: the page says so and the build is told (strict mode fails on it)
    assert any("roster_copy" in w and "no sample" in w for w in site.warnings)
    assert "forms/roster/sample.p1.png" in site.files


def test_a_sample_that_does_not_render_is_a_build_warning_and_shown_on_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(form_id: str, data: Any, fmt: str = "pdf") -> bytes:
        raise ValueError("broken on purpose")

    monkeypatch.setattr(api, "render", broken)
    site = docsgen.generate(docsgen.RenderCache(processes=0))  # the patch lives in this process only
    assert any("broken on purpose" in w for w in site.warnings)
    assert "This sample did not render" in str(site.files["forms/roster.md"])


def test_pdf_to_pngs_gives_one_png_per_page() -> None:
    pdf = api.render_pdf("roster", api.sample("roster"))
    pngs = docsgen.pdf_to_pngs(pdf, dpi=30)
    assert len(pngs) == 1 and pngs[0].startswith(b"\x89PNG")


def test_gallery_samples_are_matched_by_selector_and_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = registry.get("roster")
    samples = tmp_path / "samples"
    samples.mkdir()
    base = api.sample("roster")
    (samples / "roster.json").write_text(json.dumps(base), encoding="utf-8")
    (samples / "roster.x.json").write_text(json.dumps({**base, "arrangement": "two_terms"}), encoding="utf-8")
    (samples / "roster.wide.json").write_text(json.dumps({**base, "layout_variant": "wide"}), encoding="utf-8")
    real = docsgen.samples.data_dir
    monkeypatch.setattr(docsgen.samples, "data_dir", lambda name: samples if name == "samples" else real(name))

    def entry(variant: str | None, arrangement: str | None = None) -> docsgen.LayoutEntry:
        return docsgen.LayoutEntry(Path(f"roster.{variant}.yaml"), "report_card_x", "t", info, variant, arrangement)

    found = docsgen.find_sample(entry(None))
    assert found is not None and found.stem == "sample"
    found = docsgen.find_sample(entry("wide"))
    assert found is not None and found.stem == "sample.wide"
    found = docsgen.find_sample(entry("b", "two_terms"))  # by the file's arrangement name
    assert found is not None and found.stem == "sample.x"
    # nothing selects it and the roster model has no selector key: no sample rather than a wrong preview
    assert docsgen.find_sample(entry("nothing")) is None


def test_rendering_in_worker_processes_gives_the_same_files_as_in_this_process() -> None:
    samples = [s for info in api.forms() for s in samples_of(info)][:3]
    parallel, serial = docsgen.RenderCache(dpi=30, processes=2), docsgen.RenderCache(dpi=30, processes=0)
    try:
        parallel.prefetch(samples)
        serial.prefetch(samples)
        for s in samples:
            a, b = parallel.get(s), serial.get(s)
            assert a.error is None and b.error is None, (a.error, b.error)
            assert (a.pdf, a.xlsx, a.layout_version) == (b.pdf, b.xlsx, b.layout_version)
            assert a.pngs == b.pngs and a.pngs
    finally:
        parallel.close()
        serial.close()


def test_layout_page_excerpts_quote_the_file_as_it_is(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    text = (
        "format_version: 1\npages:\n  - name: 外側\n    blocks:\n      - {use: P-04, at: [1, 2]}\n"
        "  - name: 内側（学習）\n    blocks:\n      - {use: P-05, at: [3, 4]}\n    elements: []\n"
    )
    (forms / "x.yaml").write_text(text, encoding="utf-8")
    excerpt = docsgen.layout_page_excerpt("x.yaml", "内側", tmp_path)
    assert excerpt == "  - name: 内側（学習）\n    blocks:\n      - {use: P-05, at: [3, 4]}\n    elements: []"
    with pytest.raises(LookupError):
        docsgen.layout_page_excerpt("x.yaml", "裏", tmp_path)
    with pytest.raises(LookupError):
        docsgen.layout_page_excerpt("missing.yaml", "内側", tmp_path)


def test_excerpt_markers_in_pages_are_replaced_or_reported() -> None:
    out, problems = docsgen.expand_excerpts("a\n<!-- uf:layout-page report_card.yaml 内側 -->\nb")
    assert problems == [] and "```yaml" in out and "use: P-05" in out and "<!--" not in out
    out, problems = docsgen.expand_excerpts("<!-- uf:layout-page nothing.yaml 内側 -->")
    assert len(problems) == 1 and "nothing.yaml" in problems[0]


# --- property: the field table lists exactly the paths a schema defines --------------------------

_NAMES = st.sampled_from(["a", "b", "name", "rows", "x_1", "氏名"])


def _schemas(defs: dict[str, Any]) -> st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]]:
    """(schema node, suffixes of every descendant path) — the expected rows, computed independently."""
    leaves: list[dict[str, Any]] = [{"type": "string"}, {"type": "integer", "minimum": 0}, {"enum": ["p", "q"]}]
    leaf: st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]] = st.sampled_from(leaves).map(
        lambda n: (n, frozenset())
    )

    def extend(children: st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]]) -> st.SearchStrategy[Any]:
        def obj(props: dict[str, tuple[dict[str, Any], frozenset[str]]]) -> tuple[dict[str, Any], frozenset[str]]:
            node = {"type": "object", "properties": {k: v[0] for k, v in props.items()}, "required": sorted(props)[:1]}
            sub = {f".{k}" for k in props} | {f".{k}{s}" for k, (_, ss) in props.items() for s in ss}
            return node, frozenset(sub)

        def arr(child: tuple[dict[str, Any], frozenset[str]]) -> tuple[dict[str, Any], frozenset[str]]:
            return {"type": "array", "items": child[0]}, frozenset(f"[]{s}" for s in child[1])

        def nullable(child: tuple[dict[str, Any], frozenset[str]]) -> tuple[dict[str, Any], frozenset[str]]:
            return {"anyOf": [child[0], {"type": "null"}]}, child[1]

        def ref(child: tuple[dict[str, Any], frozenset[str]]) -> tuple[dict[str, Any], frozenset[str]]:
            name = f"D{len(defs)}"
            defs[name] = child[0]
            return {"$ref": f"#/$defs/{name}", "title": "参照"}, child[1]

        return st.one_of(
            st.dictionaries(_NAMES, children, min_size=1, max_size=3).map(obj),
            children.map(arr),
            children.map(nullable),
            children.map(ref),
        )

    return st.recursive(leaf, extend, max_leaves=12)


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_schema_fields_lists_exactly_the_defined_paths(data: st.DataObject) -> None:
    defs: dict[str, Any] = {}
    props = data.draw(st.dictionaries(_NAMES, _schemas(defs), min_size=1, max_size=4))
    schema = {"type": "object", "properties": {k: v[0] for k, v in props.items()}, "$defs": defs}
    expected = {k for k in props} | {f"{k}{s}" for k, (_, ss) in props.items() for s in ss}
    rows = schema_fields(schema)
    paths = [r.path for r in rows]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected


# --- the schema's rules in words ------------------------------------------------------------------


def test_rule_words_say_every_constraint_of_a_node() -> None:
    from unified_forms.docsgen import rule_words

    assert rule_words({"type": "string", "x-max-graphemes": 24}) == ["text", "at most 24 字"]
    assert rule_words({"type": "string", "minLength": 1}) == ["text", "not empty"]
    assert rule_words({"type": "string", "maxLength": 7, "pattern": "^\\d{7}$"}) == [
        "text",
        "at most 7 code points",
        "must match the pattern `^\\d{7}$`",
    ]
    assert rule_words({"type": "string", "format": "date"}) == ["a date written YYYY-MM-DD"]
    assert rule_words({"type": "integer", "minimum": 1, "maximum": 99}) == ["a whole number", "from 1 to 99"]
    assert rule_words({"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5}) == [
        "a number",
        "greater than 0",
        "a multiple of 0.5",
    ]
    assert rule_words({"enum": ["病気", "事故"]}) == ['one of `"病気"`, `"事故"`']
    assert rule_words({"const": "/"}) == ['always `"/"`']
    assert rule_words(
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3, "uniqueItems": True}
    ) == [
        "a list",
        "each item text",
        "1 to 3 items",
        "no two items the same",
    ]
    schema = {"$defs": {"Kind": {"enum": ["a", "b"]}}}
    node = {"type": "object", "propertyNames": {"$ref": "#/$defs/Kind"}, "additionalProperties": {"type": "integer"}}
    assert rule_words(node, schema) == ["an object", 'keys: one of `"a"`, `"b"`', "values: a whole number"]
    # a keyword nobody taught it is still shown, never silently skipped
    assert rule_words({"type": "string", "x-print-width": 3, "contains": {"const": 1}}) == [
        "text",
        '`contains`: `{"const": 1}`',
        "`x-print-width`: `3`",
    ]


def test_field_rules_say_required_defaults_and_null() -> None:
    rows = _by_path(
        schema_fields(
            {
                "type": "object",
                "required": ["a"],
                "properties": {
                    "a": {"type": "string", "title": "必須"},
                    "b": {"type": "integer", "default": 3},
                    "c": {"anyOf": [{"type": "string", "x-max-graphemes": 5}, {"type": "null"}], "default": None},
                    "d": {"anyOf": [{"type": "integer"}, {"const": "/"}]},
                },
            }
        )
    )
    assert rows["a"].rules == ("required", "text")
    assert rows["b"].rules == ("a whole number", "default `3`")
    assert rows["c"].rules == ("text, at most 5 字", "may be `null` or left out")
    assert rows["d"].rules == ('either a whole number or always `"/"`', "may be left out")


def test_rules_section_explains_an_object_type_once_and_points_back_to_it() -> None:
    schema = {
        "$defs": {
            "Name": {
                "type": "object",
                "description": "姓 and 名; ``kana`` in ひらがな.",
                "properties": {"family": {"type": "string"}},
                "required": ["family"],
            }
        },
        "type": "object",
        "description": "The input. 出席 + 欠席 = 出席すべき日数.",
        "properties": {"pupil": {"$ref": "#/$defs/Name", "title": "児童"}, "guardian": {"$ref": "#/$defs/Name"}},
    }
    text = docsgen.rules_section(schema_fields(schema), schema["description"])
    assert text.startswith("The input. 出席 + 欠席 = 出席すべき日数.")
    assert text.count("姓 and 名; `kana` in ひらがな.") == 1
    assert "**`pupil`** 児童 (Name):" in text
    assert "- `guardian`: may be left out; rules as for `pupil` above." in text
    assert "- `guardian.family`: required; text." in text


# --- the command line reference -------------------------------------------------------------------


def _parser() -> Any:
    import argparse

    parser = argparse.ArgumentParser(prog="tool", description="does things")
    parser.add_argument("--version", action="version", version="1.0")
    parser.add_argument("--secret", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("render", help="render one | file")
    p.add_argument("form_id")
    p.add_argument("data", nargs="?", help="JSON file")
    p.add_argument("-o", "--output", required=True, help="where")
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help="format (default %(default)s)")
    p.add_argument("--encoding", default="utf-8")
    p.add_argument("--quiet", action="store_true")
    nested = sub.add_parser("server", help="the service").add_subparsers(dest="what")
    nested.add_parser("start", help="start it").add_argument("--port", type=int, default=8000)
    return parser


def test_cli_reference_renders_any_parser_with_nested_commands() -> None:
    page = docsgen.cli_reference(_parser(), "Exit codes: 0, 1, 2.", {"form_id": "a form id"})
    assert page.startswith("# Command line") and "Exit codes: 0, 1, 2." in page
    assert "| [`render`](#cmd-tool-render) | render one \\| file |" in page
    assert "### `tool render` { #cmd-tool-render }" in page
    assert "#### `tool server start` { #cmd-tool-server-start }" in page
    assert "| `form_id` | a form id | ✓ |" in page
    assert "| `data` | `data` (optional) |  |" in page
    assert "| `-o`, `--output` | `OUTPUT` | ✓ |" in page
    assert "| `--format` | `pdf` \\| `xlsx` |  | `pdf` | format (default pdf) |" in page
    assert "| `--encoding` | `ENCODING` |  | `utf-8` |" in page
    assert "| `--quiet` | flag |" in page
    assert "| `--version` | flag |" in page and "--secret" not in page
    assert "| `--port` | `PORT` |  | `8000` |" in page
    assert "usage: tool render [-h] -o OUTPUT" in page


def test_cli_reference_does_not_depend_on_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = docsgen.cli_reference(_parser())
    monkeypatch.setenv("COLUMNS", "250")
    assert docsgen.cli_reference(_parser()) == narrow


# --- the HTTP reference ---------------------------------------------------------------------------


def test_http_reference_renders_operations_parameters_bodies_answers_and_schemas() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "svc", "version": "9", "description": "Errors are `{errors: []}`."},
        "paths": {
            "/forms/{form_id}/schema": {
                "parameters": [{"name": "form_id", "in": "path", "required": True, "schema": {"enum": ["roster"]}}],
                "get": {
                    "operationId": "form_schema",
                    "summary": "the schema",
                    "responses": {"200": {"description": "ok"}},
                },
            },
            "/forms/roster/pdf": {
                "post": {
                    "operationId": "roster_pdf",
                    "summary": "名簿 as PDF",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RosterInput"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "the PDF",
                            "headers": {"X-Render-Report": {"description": "summary", "schema": {"type": "string"}}},
                            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                        },
                        "422": {"$ref": "#/components/responses/Invalid"},
                    },
                }
            },
        },
        "components": {
            "responses": {
                "Invalid": {
                    "description": "bad input",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
                }
            },
            "schemas": {
                "Errors": {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "array"}}},
                "RosterInput": {
                    "type": "object",
                    "properties": {"fiscal_year": {"type": "integer", "minimum": 1989, "title": "年度"}},
                },
            },
        },
    }
    page = docsgen.http_reference(doc)
    assert "**svc**, version 9 (OpenAPI 3.1.0)." in page and "[openapi.json](openapi.json)" in page
    assert "| GET | [`/forms/{form_id}/schema`](#op-form-schema) | the schema |" in page
    assert '| `form_id` | path | ✓ | `"roster"` |' in page  # path-level parameters are the operation's too
    assert "Request body (required): `application/json`: [RosterInput](#schema-rosterinput)" in page
    assert "| 422 | bad input | `application/json`: [Errors](#schema-errors) |" in page
    assert "Header `X-Render-Report` (200): summary" in page
    assert "### RosterInput { #schema-rosterinput }" in page
    assert "| `fiscal_year` | integer |  | at least 1989 | 年度 |" in page


# --- the 404 page ---------------------------------------------------------------------------------


def test_standalone_404_takes_its_assets_inside_and_drops_the_search() -> None:
    from unified_forms.docsgen.notfound import standalone_404

    files = {
        "assets/main.css": b".md-header{color:red}",
        "assets/bundle.js": b"var s='</script>';",
        "assets/favicon.png": b"\x89PNG",
    }
    html = (
        '<html><head><link rel="icon" href="/docs/assets/favicon.png">'
        '<link rel="stylesheet" href="/docs/assets/main.css"><link rel="stylesheet" href="/docs/gone.css">'
        '<script>__md_scope=new URL("/docs/",location)</script></head><body>'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox">'
        '<label class="md-header__button md-icon" for="__search"><svg></svg></label>'
        '<div class="md-search" data-md-component="search" role="dialog"><div><div>x</div></div></div>'
        '<a href="/docs/forms/">forms</a><a href="https://example.org/">out</a>'
        '<script id="__config" type="application/json">{"base": "/docs/", "search": "/docs/w.js"}</script>'
        '<script src="/docs/assets/bundle.js"></script></body></html>'
    )
    out, problems = standalone_404(html, files.get, base="/docs/", folders=["forms", "assets"])
    assert problems == ["404 page: /docs/gone.css is not in the site"]
    assert "<style>.md-header{color:red}</style>" in out
    assert "<script>var s='<\\/script>';</script>" in out
    assert 'href="data:image/png;base64,iVBORw=="' in out
    assert "data-md-component" not in out and 'for="__search"' not in out
    assert 'data-md-toggle="search"' in out  # the theme's script needs the toggle
    assert "new URL(__uf_root,location)" in out
    assert out.index("var __uf_root") < out.index("__md_scope")  # the root is known before anything uses it
    assert out.index("o.base=__uf_root") < out.index("var s='")  # the theme reads the fixed base
    assert 'href="https://example.org/"' in out


def test_readme_commands_are_quoted_into_the_guides() -> None:
    from unified_forms.docsgen.readme import expand_readme_commands

    readme = "x\n\n```sh\napt-get install a && run one\n```\n\n```sh\nls\n```\n\n```sh\napt-get install b\n```\n"
    out, problems = expand_readme_commands("A\n<!-- uf:readme-command 2 -->\nB", readme)
    assert problems == [] and out == "A\n```sh\napt-get install b\n```\nB"
    _, problems = expand_readme_commands("<!-- uf:readme-command 3 -->", readme)
    assert problems and "2 install command(s)" in problems[0]
