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
    assert rows["school.name"].capacity == "≤ 40 字 (graphemes)"
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
