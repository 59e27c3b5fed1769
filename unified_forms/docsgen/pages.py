"""The generated Markdown pages: one per form, the forms index, the 通知表 gallery.

Pages only arrange what the other modules found (samples and their renders, the field
table, the layout files); a sample that does not render is shown as a failure on the page
and reported as a build warning, which fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from unified_forms import api as uf
from unified_forms.docsgen.layouts import (
    GALLERY_PREFIX,
    LayoutEntry,
    block_rects,
    layout_entries,
    options_table,
    pattern_files,
    read_yaml,
)
from unified_forms.docsgen.markdown import cell, code_block, details, indent_free, side_by_side
from unified_forms.docsgen.samples import SELECTOR_KEYS, RenderCache, Rendered, Sample, samples_of
from unified_forms.docsgen.schema_table import fields_table, schema_fields
from unified_forms.registry import FormInfo

Content = str | bytes


@dataclass(slots=True)
class Site:
    """Generated files (site path → content) and the problems to report as build warnings."""

    files: dict[str, Content] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _emit_files(site: Site, sample: Sample, r: Rendered) -> str:
    """Put a rendered sample's PDF, XLSX and page PNGs into the site; returns their common path stem."""
    base = f"forms/{sample.form_id}/{sample.stem}"
    site.files[f"{base}.pdf"] = r.pdf
    site.files[f"{base}.xlsx"] = r.xlsx
    for n, png in enumerate(r.pngs, start=1):
        site.files[f"{base}.p{n}.png"] = png
    return base


def _sample_section(site: Site, cache: RenderCache, sample: Sample, rel: str, heading: str) -> str:
    """Previews and downloads of one sample; files go under ``forms/<id>/``, ``rel`` is the page's path to it."""
    r = cache.get(sample)
    parts = [heading, ""]
    if sample.path is not None:
        selects = f" (`{sample.key}`: `{sample.variant}`)" if sample.variant else ""
        parts.append(f"Sample input: `samples/{sample.path.name}`{selects}")
    else:
        parts.append(f"Sample input: `samples/{sample.form_id}.json` with `{sample.key}` set to `{sample.variant}`")
    parts.append("")
    if r.error is not None:
        site.warnings.append(f"docs: sample {sample.form_id}/{sample.stem} did not render: {r.error}")
        parts += ['!!! failure "This sample did not render"', "", f"    {r.error}", ""]
        return "\n".join(parts)
    base = _emit_files(site, sample, r)
    name = Path(base).name
    parts.append(
        f"Download: [:material-file-pdf-box: {name}.pdf]({rel}{name}.pdf) ({len(r.pdf):,} bytes, "
        f"{len(r.pngs)} page{'s' if len(r.pngs) != 1 else ''}) · "
        f"[:material-microsoft-excel: {name}.xlsx]({rel}{name}.xlsx) ({len(r.xlsx):,} bytes)"
    )
    parts.append("")
    for n in range(1, len(r.pngs) + 1):
        png = f"{rel}{name}.p{n}.png"
        parts.append(f"[![{sample.form_id} {sample.stem} page {n}]({png}){{ .uf-preview loading=lazy }}]({png})")
        parts.append("")
    return "\n".join(parts)


def form_page(site: Site, cache: RenderCache, info: FormInfo) -> str:
    layout_path = info.layout_file()
    layout = read_yaml(layout_path)
    paper = layout.get("paper") or {}
    lines = [
        f"# {info.title} <small>`{info.id}`</small>",
        "",
        "| property | value |",
        "|---|---|",
        f"| form id | `{info.id}` |",
        f"| 帳票名 | {info.title} |",
        f"| paper | {info.paper} |",
        f"| layout file | `layouts/forms/{layout_path.name}`"
        + (f" (version {layout.get('version')}, {paper.get('size')} {paper.get('orientation')})" if paper else "")
        + " |",
        f"| input model | `{info.model.__module__}.{info.model.__qualname__}` |",
        "",
        "```python",
        "import unified_forms as uf",
        f'data = uf.sample("{info.id}")         # or your own dict / JSON',
        f'pdf = uf.render_pdf("{info.id}", data)',
        f'xlsx = uf.render_xlsx("{info.id}", data)',
        "```",
        "",
        "```sh",
        f"unified-forms sample {info.id} > {info.id}.json",
        f"unified-forms render {info.id} {info.id}.json -o {info.id}.pdf",
        "```",
        "",
        "## Sample",
        "",
    ]
    samples = samples_of(info)
    if not samples:
        site.warnings.append(f"docs: form {info.id} has no sample file samples/{info.id}.json")
        lines += ['!!! failure "No sample"', "", f"    `samples/{info.id}.json` is missing.", ""]
    for s in samples:
        heading = "### Main sample" if s.stem == "sample" else f"### Sample `{s.path.name if s.path else s.stem}`"
        lines.append(_sample_section(site, cache, s, f"{info.id}/", heading))
    if info.id.startswith(GALLERY_PREFIX):
        lines += ["", "Every arrangement of this form is in the [通知表 gallery](../report-cards/index.md).", ""]
    try:
        schema = uf.schema(info.id)
    except Exception as exc:
        site.warnings.append(f"docs: form {info.id}: no JSON Schema: {exc}")
        schema = {}
    if schema.get("description"):
        lines += ["## About the input", "", indent_free(str(schema["description"])), ""]
    lines += [
        "## Input fields",
        "",
        "Walked from the form's JSON Schema (`uf.schema(\"" + info.id + '")`). Paths use `[]` for list items. '
        "Capacities in 字 count grapheme clusters: a kanji with its IVS selector is one character.",
        "",
        fields_table(schema_fields(schema)) if schema else "*(no schema)*",
        "",
        "## JSON Schema",
        "",
        details(f"JSON Schema of {info.id}", code_block(json.dumps(schema, ensure_ascii=False, indent=2), "json")),
    ]
    if samples and samples[0].path is not None:
        lines += [
            "## Sample input",
            "",
            details(f"samples/{samples[0].path.name}", code_block(samples[0].path.read_text("utf-8"), "json")),
        ]
    files = [e for e in layout_entries() if e.form is not None and e.form.id == info.id]
    if files:
        lines += ["## Layout files", ""]
        if len(files) > 1:
            lines += [
                "The form's own file and its variants (`<layout>.<variant>.yaml`); an input selects a variant "
                f"with {' or '.join(f'`{k}`' for k in SELECTOR_KEYS)}.",
                "",
                "| file | variant | arrangement | description |",
                "|---|---|---|---|",
            ]
            for e in files:
                lines.append(
                    f"| `{e.path.name}` | {f'`{e.variant}`' if e.variant else '(main)'} "
                    f"| {f'`{e.arrangement}`' if e.arrangement else ''} | {cell(e.description or e.title)} |"
                )
            lines.append("")
        for e in files:
            lines.append(details(f"layouts/forms/{e.path.name}", code_block(e.path.read_text("utf-8"), "yaml")))
    return "\n".join(lines) + "\n"


def forms_index(infos: list[FormInfo]) -> str:
    lines = [
        "# 帳票 Forms",
        "",
        "Every form declared by a package under `unified_forms/forms/`, with a rendered preview of its shipped sample. "
        "This list and the pages behind it are generated when the site is built.",
        "",
        "| id | 帳票 | paper | layout |",
        "|---|---|---|---|",
    ]
    for info in infos:
        layout = info.layout_file().name
        lines.append(f"| [`{info.id}`]({info.id}.md) | [{info.title}]({info.id}.md) | {info.paper} | `{layout}` |")
    return "\n".join(lines) + "\n"


def find_sample(entry: LayoutEntry) -> Sample | None:
    """The shipped sample that prints with this layout file, else the main sample pointed at it, else None.

    A sample belongs to a variant file when its selector (``layout_variant`` or
    ``arrangement``) names the file's variant or arrangement; ``<id>.<variant>.json``
    is preferred. A sample without a selector belongs to the form's own file.
    """
    assert entry.form is not None
    candidates = samples_of(entry.form)
    if entry.variant is None:
        own = [s for s in candidates if s.variant is None or s.variant in entry.selectors]
        return own[0] if own else None
    matching = [s for s in candidates if s.variant in entry.selectors]
    by_name = [s for s in matching if s.path is not None and s.path.name == f"{entry.form.id}.{entry.variant}.json"]
    if by_name or matching:
        return (by_name or matching)[0]
    properties = uf.schema(entry.form.id).get("properties", {})
    for key in SELECTOR_KEYS:
        if key in properties and candidates:
            value = entry.variant if key == "layout_variant" else (entry.arrangement or entry.variant)
            return Sample(entry.form.id, None, value, f"sample.variant.{entry.variant}", key)
    return None


def _printed_with(entry: LayoutEntry, rendered: Rendered) -> str | None:
    """None if the sample printed with ``entry``'s file (the document's ``id@version``), else what it printed with."""
    if rendered.layout_version == f"{entry.layout_id}@{entry.version}":
        return None
    return f"layout {rendered.layout_version!r}"


def gallery_page(site: Site, cache: RenderCache) -> str:
    lines = [
        "# 通知表 gallery",
        "",
        "One preview per shipped 通知表 arrangement (every file in `layouts/forms/` whose id starts with "
        f"`{GALLERY_PREFIX}`) and one entry per layout pattern (`layouts/patterns/`), with the file next to it. "
        "Generated at build time; to add your own arrangement see "
        "[Make your school's arrangement](make-your-arrangement.md).",
        "",
        "## Arrangements",
        "",
    ]
    entries = sorted(
        (e for e in layout_entries() if e.layout_id.startswith(GALLERY_PREFIX)),
        key=lambda e: (e.form.id if e.form else e.layout_id, e.variant is not None, e.path.name),
    )  # per form: its own file first, then its variants
    if not entries:
        lines += [
            '!!! info "No 通知表 arrangement is shipped yet"',
            "",
            f"    No layout file in `layouts/forms/` has an id starting with `{GALLERY_PREFIX}`. "
            "This section fills itself once one is added.",
            "",
        ]
    for e in entries:
        lines += [f"### {e.title or e.layout_id} — `{e.path.name}`", ""]
        if e.form is None:
            lines += [
                '!!! warning "Not registered"',
                "",
                "    No registered form uses this file name, so there is no sample to render.",
                "",
            ]
        else:
            variant = f", layout variant `{e.variant}`" if e.variant else ""
            arrangement = f", arrangement name `{e.arrangement}`" if e.arrangement else ""
            lines += [f"Form [`{e.form.id}`](../forms/{e.form.id}.md){variant}{arrangement}.", ""]
            if e.description:
                lines += [e.description, ""]
            sample = find_sample(e)
            if sample is None:
                lines += ['!!! warning "No sample"', "", "    No sample input selects this arrangement.", ""]
            else:
                section = _sample_section(site, cache, sample, f"../forms/{e.form.id}/", "")
                other = _printed_with(e, cache.get(sample)) if cache.get(sample).error is None else None
                if other is not None:
                    site.warnings.append(f"docs: gallery: the sample for {e.path.name} printed with {other}")
                    note = f'!!! failure "This preview is not of `{e.path.name}`"\n\n    It printed with {other}.\n\n'
                    section = note + section
                lines += [side_by_side(section, code_block(e.path.read_text("utf-8"), "yaml"))]
                continue
        lines += [code_block(e.path.read_text("utf-8"), "yaml"), ""]
    lines += [
        "## Patterns",
        "",
        "A pattern is a fragment (P-01 帳票ヘッダ, P-12 出欠の記録, ...) that forms and arrangements place with "
        "`blocks: - use: P-xx`. A pattern cannot be printed on its own (its slots are filled by a form's data), so "
        "its preview is cut from the rendered sample of every shipped layout that places it (click for the page).",
        "",
    ]
    for path in pattern_files():
        raw = read_yaml(path)
        pid, pname = str(raw.get("pattern", path.stem)), str(raw.get("name", ""))
        lines += [f"### {pid} {raw.get('description', '') or pname} — `{path.name}`", ""]
        size = raw.get("size")
        lines += [f"Name `{pname}`, version {raw.get('version', '?')}, size {size} mm (0: stretches).", ""]
        lines += [options_table(raw), ""]
        previews: list[str] = []
        for e in layout_entries():
            placed = [(page, rect) for use, page, rect in block_rects(e.path) if use in (pid, pname)]
            if not placed:
                continue
            if e.form is None:
                previews.append(f"Placed by `{e.path.name}` (not registered, no preview).")
                continue
            sample = find_sample(e)
            r = cache.get(sample) if sample else None
            if sample is None or r is None or r.error is not None:
                previews.append(f"Placed by `{e.path.name}` (no rendered sample).")
                continue
            stem = _emit_files(site, sample, r)
            for i, (page, (x, y, w, h)) in enumerate(placed):
                if page >= len(r.pngs):
                    continue
                crop = f"patterns/{path.stem}.{e.path.stem}.{i + 1}.png"
                image = cache.crop(sample, page, (x - 2, y - 2, w + 4, h + 4))
                if _blank(image):  # a block whose `when` the sample does not meet (a 前期 card's 修了証)
                    previews.append(f"Placed by `{e.path.name}` (not printed on its sample: its `when` is not met).")
                    continue
                site.files[f"report-cards/{crop}"] = image
                previews.append(
                    f"Placed by [`{e.path.name}`](../forms/{e.form.id}.md) on page {page + 1} "
                    f"([whole page](../{stem}.p{page + 1}.png)):\n\n"
                    f"![{pid} in {e.layout_id}]({crop}){{ .uf-preview loading=lazy }}"
                )
        if not previews:
            previews.append("Not used by any shipped layout yet, so there is no preview.")
        lines += [side_by_side("\n\n".join(previews), code_block(path.read_text("utf-8"), "yaml"))]
    return "\n".join(lines) + "\n"


def _blank(png: bytes) -> bool:
    """Whether a cut-out holds nothing printed (one flat colour)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        lo, hi = img.convert("L").getextrema()
    return hi - lo < 16
