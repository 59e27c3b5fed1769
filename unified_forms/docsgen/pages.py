"""The generated Markdown pages: one per form, the forms index, the 通知表 gallery.

Pages only arrange what the other modules found (samples and their renders, the field
table, the layout files); a sample that does not render is shown as a failure on the page
and reported as a build warning, which fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

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
from unified_forms.docsgen.markdown import cell, code_block, details, side_by_side
from unified_forms.docsgen.samples import SELECTOR_KEYS, RenderCache, Rendered, Sample, samples_of
from unified_forms.docsgen.schema_rules import GRAPHEME_NOTE, rules_section
from unified_forms.docsgen.schema_table import fields_table, schema_fields
from unified_forms.registry import FormInfo

Content = str | bytes


@dataclass(slots=True)
class Site:
    """Generated files (site path → content) and the problems to report as build warnings."""

    files: dict[str, Content] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _emit_files(site: Site, sample: Sample, r: Rendered) -> str:
    """Put a rendered sample's input JSON, PDF, XLSX and page PNGs into the site; returns their common path stem."""
    base = f"forms/{sample.form_id}/{sample.stem}"
    if sample.path is not None:
        site.files[f"{base}.json"] = sample.path.read_bytes()
    else:
        site.files[f"{base}.json"] = json.dumps(sample.data(), ensure_ascii=False, indent=2) + "\n"
    site.files[f"{base}.pdf"] = r.pdf
    site.files[f"{base}.xlsx"] = r.xlsx
    for n, png in enumerate(r.pngs, start=1):
        site.files[f"{base}.p{n}.png"] = png
    return base


def _anchor(sample: Sample) -> str:
    """The id of a sample's section on its form page."""
    return (
        "sample-" + sample.stem.removeprefix("sample").strip(".").replace(".", "-")
        if sample.stem != "sample"
        else "sample"
    )


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
        f"Download: [:material-code-json: {name}.json]({rel}{name}.json) (the input) · "
        f"[:material-file-pdf-box: {name}.pdf]({rel}{name}.pdf) ({len(r.pdf):,} bytes, "
        f"{len(r.pngs)} page{'s' if len(r.pngs) != 1 else ''}) · "
        f"[:material-microsoft-excel: {name}.xlsx]({rel}{name}.xlsx) ({len(r.xlsx):,} bytes)"
    )
    parts.append("")
    for n in range(1, len(r.pngs) + 1):
        png = f"{rel}{name}.p{n}.png"
        parts.append(f"[![{sample.form_id} {sample.stem} page {n}]({png}){{ .uf-preview loading=lazy }}]({png})")
        parts.append("")
    return "\n".join(parts)


def _variant_name(variant: str | None) -> str:
    return f"`{variant}`" if variant else "(the form's own file)"


def variants_section(info: FormInfo, files: list[LayoutEntry], samples: list[Sample], cache: RenderCache) -> list[str]:
    """Which layout file each shipped sample previews, and which layout variants have no sample (said plainly)."""
    previews: dict[str | None, list[Sample]] = {}
    for s in samples:
        r = cache.get(s)
        if r.error is None:
            previews.setdefault(r.variant, []).append(s)
    lines = [
        "## Layout variants",
        "",
        "Every layout file of this form and the shipped samples that print with it (the variant is chosen by "
        "the input: the model's `layout_variant`).",
        "",
        "| layout file | variant | description | previewed by |",
        "|---|---|---|---|",
    ]
    missing: list[LayoutEntry] = []
    for e in files:
        shown = previews.get(e.variant, [])
        if not shown:
            missing.append(e)
        cell_text = (
            ", ".join(f"[`{s.path.name if s.path else s.stem}`](#{_anchor(s)})" for s in shown)
            if shown
            else "**no sample: no preview**"
        )
        lines.append(
            f"| `{e.path.name}` | {_variant_name(e.variant)} | {cell(e.description or e.title)} | {cell_text} |"
        )
    lines.append("")
    if missing:
        names = ", ".join(f"`{e.path.name}`" for e in missing)
        wanted = ", ".join(f"`samples/{info.id}.{e.variant}.json`" for e in missing if e.variant)
        lines += [
            f'!!! warning "No preview of {len(missing)} layout variant{"s" if len(missing) > 1 else ""}"',
            "",
            f"    No shipped sample prints with {names}, so this page has no preview of "
            f"{'them' if len(missing) > 1 else 'it'}. "
            f"A sample ({wanted or f'`samples/{info.id}.json`'}) whose input selects the variant adds the preview "
            "the next time the site is built.",
            "",
        ]
    return lines


def not_printed_section(info: FormInfo) -> list[str]:
    """The form's ``not_printed`` declarations: input the model accepts and the printed form leaves out, and why."""
    lines = ["## Accepted but not printed", ""]
    if not info.not_printed:
        return [*lines, "Every input field this form accepts is printed.", ""]
    lines += [
        "These input fields are accepted (validated, kept in the data) but not printed on this form, on purpose. "
        "`[]` stands for any list index, `*` for any rest of a name.",
        "",
        "| input field | why it is not printed |",
        "|---|---|",
    ]
    lines += [f"| `{cell(path)}` | {cell(reason)} |" for path, reason in info.not_printed.items()]
    return [*lines, ""]


def form_page(site: Site, cache: RenderCache, info: FormInfo) -> str:
    layout_path = info.layout_file()
    layout = read_yaml(layout_path)
    paper = layout.get("paper") or {}
    try:
        schema = uf.schema(info.id)
    except Exception as exc:
        site.warnings.append(f"docs: form {info.id}: no JSON Schema: {exc}")
        schema = {}
    else:
        site.files[f"forms/{info.id}/schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    samples = samples_of(info)
    files = sorted(
        (e for e in layout_entries() if e.form is not None and e.form.id == info.id),
        key=lambda e: (e.variant is not None, e.path.name),
    )  # the form's own file first, then its variants
    downloads = (
        [f"[:material-code-json: schema.json]({info.id}/schema.json) (JSON Schema of the input)"] if schema else []
    )
    downloads += [
        f"[:material-code-json: {s.stem}.json]({info.id}/{s.stem}.json)"
        for s in samples
        if s.path is not None and cache.get(s).error is None
    ]
    lines = [
        f"# {info.title} <small>`{info.id}`</small>",
        "",
        *([info.summary, ""] if info.summary else []),
        "| property | value |",
        "|---|---|",
        f"| form id | `{info.id}` |",
        f"| 帳票名 | {info.title} |",
        f"| paper | {info.paper} |",
        f"| layout file | `layouts/forms/{layout_path.name}`"
        + (f" (version {layout.get('version')}, {paper.get('size')} {paper.get('orientation')})" if paper else "")
        + (f", {len(files) - 1} variant{'s' if len(files) > 2 else ''}" if len(files) > 1 else "")
        + " |",
        f"| input model | `{info.model.__module__}.{info.model.__qualname__}` |",
        f"| downloads | {' · '.join(downloads)} |" if downloads else "",
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
    ]
    if not samples:
        site.warnings.append(f"docs: form {info.id} has no sample file samples/{info.id}.json")
        lines += ["## Sample", "", '!!! failure "No sample"', "", f"    `samples/{info.id}.json` is missing.", ""]
    if len(files) > 1:
        lines += variants_section(info, files, samples, cache)
    if samples:
        lines += ["## Samples" if len(samples) > 1 else "## Sample", ""]
    for s in samples:
        r = cache.get(s)
        heading = "### Main sample" if s.stem == "sample" else f"### Sample `{s.path.name if s.path else s.stem}`"
        if len(files) > 1 and r.error is None:
            heading += f" — layout `{info.layout_file(r.variant).name}`"
        lines.append(_sample_section(site, cache, s, f"{info.id}/", f"{heading} {{ #{_anchor(s)} }}"))
    if info.id.startswith(GALLERY_PREFIX):
        lines += ["", "Every arrangement of this form is in the [通知表 gallery](../report-cards/index.md).", ""]
    lines += not_printed_section(info)
    lines += [
        "## Input rules",
        "",
        f'What validation (`uf.validate("{info.id}", data)`, `unified-forms validate`, the HTTP service) accepts, '
        "read out of the form's JSON Schema"
        + (". Keys not listed are refused." if schema.get("additionalProperties") is False else ".")
        + " Every refusal is a `FormDataError` naming the field path and its Japanese label. "
        + GRAPHEME_NOTE,
        "",
        rules_section(schema_fields(schema), str(schema.get("description", ""))) if schema else "*(no schema)*",
        "",
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
    if files:
        lines += ["## Layout files", ""]
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
        "| id | 帳票 | paper | what is special |",
        "|---|---|---|---|",
    ]
    for info in infos:
        link = f"[`{info.id}`]({info.id}.md) | [{info.title}]({info.id}.md)"
        lines.append(f"| {link} | {info.paper} | {cell(info.summary)} |")
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
    """None if the sample printed with ``entry``'s file (its variant and ``id@version``), else what it printed with."""
    if rendered.variant == entry.variant and rendered.layout_version == f"{entry.layout_id}@{entry.version}":
        return None
    assert entry.form is not None
    return f"{entry.form.layout_file(rendered.variant).name} ({rendered.layout_version})"


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
        # one band (mode "L") gives (min, max); Pillow's type also covers the per-band tuples of many
        lo, hi = cast(tuple[int, int], img.convert("L").getextrema())
    return hi - lo < 16
