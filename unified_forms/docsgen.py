"""The generated half of the documentation site: one page per registered form, the 通知表 gallery, the layout reference.

Why generated: a reviewer at a 教育委員会 must see what each form *is* — its
printed pages, the data it takes, its limits — and a copied screenshot or a
hand-written field table goes stale the day a form changes. So everything on
these pages is computed at docs build time from the same sources the library
prints from: the registry (which forms exist), ``samples/`` (rendered with the
public API into PDF, XLSX and PNG previews), the form models' JSON Schema (the
field table) and ``layouts/`` (the gallery and the layout format reference).
A form added to the registry appears in the docs without touching them.

Nothing here writes into the repository: :func:`generate` returns a mapping of
site paths to contents, which the mkdocs hook (``docs/hooks.py``) hands to
mkdocs as generated files. Each sample is rendered once per build.

Previews are rasterised with poppler's ``pdftoppm`` (installed with the
project's system dependencies, like the font), so this module needs no
imaging library.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from unified_forms import api as uf  # not the package: `unified_forms.forms` (subpackage) shadows uf.forms()
from unified_forms.layout.spec import PAPER_MM
from unified_forms.registry import FormInfo
from unified_forms.resources import data_dir

PREVIEW_DPI = 100
GALLERY_PREFIX = "report_card"
# Input keys by which a sample selects a layout variant / 通知表 arrangement (the API reads layout_variant).
SELECTOR_KEYS = ("layout_variant", "arrangement")

Content = str | bytes
RectMM = tuple[float, float, float, float]  # x, y, w, h in mm from the page's top-left corner


# ---------------------------------------------------------------------------
# JSON Schema → field table


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One input field as a school system sees it: its path, what it takes and how much fits."""

    path: str  # students[].name.family
    type: str
    label: str  # the Japanese Field(title=...)
    required: bool
    capacity: str  # 「≤ 24 字」, 「1–99」, ...
    description: str = ""


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Follow ``$ref`` (local ``#/...`` pointers only); merge sibling keys over the target."""
    ref_name: str | None = None
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            break
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        ref_name = ref.rsplit("/", 1)[-1]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings}
    return node, ref_name


def _branches(node: dict[str, Any], root: dict[str, Any]) -> tuple[list[tuple[dict[str, Any], str | None]], bool]:
    """The alternatives of a node (``anyOf``/``oneOf``), resolved, and whether ``null`` is one of them."""
    alts = node.get("anyOf") or node.get("oneOf")
    if not alts:
        allof = node.get("allOf")
        if allof and len(allof) == 1:
            merged = {**{k: v for k, v in node.items() if k != "allOf"}, **allof[0]}
            return [_resolve(merged, root)], False
        return [(node, None)], False
    out: list[tuple[dict[str, Any], str | None]] = []
    nullable = False
    for alt in alts:
        resolved, name = _resolve(alt, root)
        if resolved.get("type") == "null":
            nullable = True
        elif "type" not in resolved and (resolved.get("anyOf") or resolved.get("oneOf")):
            inner, inner_null = _branches(resolved, root)  # a union inside a union: flatten it
            out.extend((b, n or name) for b, n in inner)
            nullable = nullable or inner_null
        else:
            out.append((resolved, name))
    return out, nullable


def _type_name(node: dict[str, Any], ref_name: str | None, root: dict[str, Any]) -> str:
    if "const" in node:
        return f"const {json.dumps(node['const'], ensure_ascii=False)}"
    if "enum" in node:
        return " \\| ".join(json.dumps(v, ensure_ascii=False) for v in node["enum"])
    t = node.get("type")
    if t == "array":
        items = node.get("items")
        if isinstance(items, dict):
            item, item_name = _resolve(items, root)
            branches, _ = _branches(item, root)
            inner = " \\| ".join(_type_name(b, n or item_name, root) for b, n in branches) or "any"
            return f"array of {inner}"
        if node.get("prefixItems"):
            return f"array[{len(node['prefixItems'])}]"
        return "array"
    if t == "object" or "properties" in node:
        return f"object ({ref_name})" if ref_name else "object"
    if isinstance(t, list):
        return " \\| ".join(str(x) for x in t)
    if t == "string" and node.get("format"):
        return f"string ({node['format']})"
    if t:
        return str(t)
    alts = node.get("anyOf") or node.get("oneOf")
    if alts:
        return " \\| ".join(_type_name(*_resolve(a, root), root) for a in alts)
    return "any"


def _capacity(node: dict[str, Any]) -> list[str]:
    caps: list[str] = []
    if "x-max-graphemes" in node:
        caps.append(f"≤ {node['x-max-graphemes']} 字 (graphemes)")
    for key in sorted(node):
        if key.startswith("x-") and key != "x-max-graphemes":
            caps.append(f"{key}: {json.dumps(node[key], ensure_ascii=False)}")
    if "maxLength" in node or "minLength" in node:
        lo, hi = node.get("minLength"), node.get("maxLength")
        caps.append(f"length {lo if lo is not None else 0}–{hi}" if hi is not None else f"length ≥ {lo}")
    lo = node.get("minimum", node.get("exclusiveMinimum"))
    hi = node.get("maximum", node.get("exclusiveMaximum"))
    lo_s = f"{lo}" + (" (excl.)" if "exclusiveMinimum" in node and "minimum" not in node else "")
    hi_s = f"{hi}" + (" (excl.)" if "exclusiveMaximum" in node and "maximum" not in node else "")
    if lo is not None and hi is not None:
        caps.append(f"{lo_s}–{hi_s}")
    elif lo is not None:
        caps.append(f"≥ {lo_s}")
    elif hi is not None:
        caps.append(f"≤ {hi_s}")
    if "minItems" in node or "maxItems" in node:
        lo, hi = node.get("minItems"), node.get("maxItems")
        if hi is not None:
            caps.append(f"{lo if lo is not None else 0}–{hi} items")
        else:
            caps.append(f"≥ {lo} items")
    if "pattern" in node:
        pattern = str(node["pattern"])
        caps.append(f"pattern `{pattern}`" if len(pattern) <= 32 else "pattern (see the JSON Schema)")
    return caps


def schema_fields(schema: dict[str, Any]) -> list[FieldRow]:
    """Every input field of a form's JSON Schema, depth first, ``$ref`` resolved, arrays as ``name[]``.

    The label is the field's own ``title`` (the Japanese label of the model's
    ``Field(title=...)``); a nullable field (``anyOf [..., null]``) keeps the
    capacity of its non-null branch. Recursive schemas stop at the first repeat.
    """
    rows: list[FieldRow] = []
    seen_paths: set[str] = set()

    def walk_object(node: dict[str, Any], prefix: str, stack: tuple[str, ...]) -> None:
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            walk_property(prop, f"{prefix}.{name}" if prefix else name, name in required, stack)

    def walk_property(prop: dict[str, Any], path: str, required: bool, stack: tuple[str, ...]) -> None:
        label = str(prop.get("title", ""))
        description = str(prop.get("description", ""))
        resolved, ref_name = _resolve(prop, schema)
        branches, nullable = _branches(resolved, schema)
        if len(branches) == 1:
            type_name = _type_name(branches[0][0], branches[0][1] or ref_name, schema)
        else:
            type_name = " \\| ".join(_type_name(b, n, schema) for b, n in branches)
        if nullable:
            type_name += " \\| null"
        caps: list[str] = []
        for b, _ in branches:
            caps.extend(c for c in _capacity(b) if c not in caps)
        description = _short_note(description)
        if path not in seen_paths:
            seen_paths.add(path)
            rows.append(FieldRow(path, type_name, label, required, "; ".join(caps), description))
        for b, name in branches:
            descend(b, name or (ref_name if len(branches) == 1 else None), path, stack)

    def descend(node: dict[str, Any], ref_name: str | None, path: str, stack: tuple[str, ...]) -> None:
        if ref_name is not None and ref_name in stack:
            return
        inner = (*stack, ref_name) if ref_name else stack
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            item, item_name = _resolve(node["items"], schema)
            for b, n in _branches(item, schema)[0]:
                descend(b, n or item_name, f"{path}[]", inner)
        elif "properties" in node:
            walk_object(node, path, inner)

    root, _ = _resolve(schema, schema)
    walk_object(root, "", ())
    return rows


def _short_note(text: str, limit: int = 140) -> str:
    """A field description short enough for a table cell (the full text is in the schema block)."""
    text = " ".join(text.split("\n\n")[0].split())
    if len(text) > limit and ". " in text:
        text = text[: text.index(". ") + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    """Markdown table cell: pipes escaped (unless already), newlines folded."""
    out = []
    for i, ch in enumerate(text):
        if ch == "|" and (i == 0 or text[i - 1] != "\\"):
            out.append("\\|")
        else:
            out.append(ch)
    return "".join(out).replace("\r", " ").replace("\n", " ")


def fields_table(rows: Iterable[FieldRow]) -> str:
    lines = [
        "| path | 項目名 (label) | capacity | required | type | notes |",
        "|---|---|---|:-:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r.path}` | {_cell(r.label)} | {_cell(r.capacity)} | {'✓' if r.required else ''} "
            f"| {_cell(r.type)} | {_cell(r.description)} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# samples and renders


@dataclass(frozen=True, slots=True)
class Sample:
    """A shipped sample input file and the layout variant it selects (``None``: the form's own layout)."""

    form_id: str
    path: Path | None  # None: the form's main sample with the selector key set by us
    variant: str | None  # the value of the input's selector key (see SELECTOR_KEYS)
    stem: str  # unique name inside the form's folder: "sample", "sample.a4_two_pages"
    key: str = SELECTOR_KEYS[0]

    def data(self) -> dict[str, Any]:
        if self.path is not None:
            loaded: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            return loaded
        base = uf.sample(self.form_id)
        return {**base, self.key: self.variant}


def samples_of(info: FormInfo, samples_dir: Path | None = None) -> list[Sample]:
    """The form's main sample first, then ``<id>.<variant>.json`` files, in name order."""
    folder = samples_dir or data_dir("samples")
    out: list[Sample] = []
    main = folder / f"{info.id}.json"
    if main.is_file():
        variant, key = _selector_in(main)
        out.append(Sample(info.id, main, variant, "sample", key))
    for path in sorted(folder.glob(f"{info.id}.*.json")):
        middle = path.name[len(info.id) + 1 : -len(".json")]
        variant, key = _selector_in(path)
        out.append(Sample(info.id, path, variant, f"sample.{middle}", key))
    return out


def _selector_in(path: Path) -> tuple[str | None, str]:
    """The sample's selector value and key (``(None, "layout_variant")`` when it selects nothing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, SELECTOR_KEYS[0]
    if isinstance(data, dict):
        for key in SELECTOR_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value:
                return value, key
    return None, SELECTOR_KEYS[0]


def pdf_to_pngs(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """One PNG per page, rasterised by pdftoppm at ``dpi``."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise RuntimeError("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="uf-docs-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run([exe, "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")], check=True)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]


PARALLEL_MIN_SAMPLES = 4  # below this, starting worker processes (font loading) costs more than it saves


def render_sample(form_id: str, data: dict[str, Any]) -> tuple[bytes, bytes, str] | str:
    """PDF, XLSX and the layout's ``id@version`` of one input, or the error as text (picklable either way)."""
    try:
        result = uf.render(form_id, data, "pdf")
        xlsx = uf.render_xlsx(form_id, data)
    except Exception as exc:  # shown on the page and reported as a build warning
        return f"{type(exc).__name__}: {exc}"
    return result.data, xlsx, result.report.layout_version


@dataclass(slots=True)
class Rendered:
    pdf: bytes = b""
    xlsx: bytes = b""
    error: str | None = None
    layout_version: str = ""  # ``id@version`` of the layout file the sample printed with
    _pngs: Future[list[bytes]] | list[bytes] = field(default_factory=list)

    @property
    def pngs(self) -> list[bytes]:
        """Page previews (rasterised in the background; this waits for them)."""
        if isinstance(self._pngs, Future):
            try:
                self._pngs = self._pngs.result()
            except Exception as exc:
                self._pngs, self.error = [], f"preview failed: {type(exc).__name__}: {exc}"
        return self._pngs


class RenderCache:
    """Renders each sample once per build; failures are kept (and shown on the page), not raised.

    PDF and XLSX are rendered in this thread (Python); pdftoppm runs in a small
    thread pool, so rasterising one sample overlaps with rendering the next.
    """

    def __init__(self, dpi: int = PREVIEW_DPI, processes: int | None = None) -> None:
        self.dpi = dpi
        self.processes = processes  # None: one per core but one, when there are enough samples
        self._done: dict[tuple[str, str], Rendered] = {}
        self._pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1))
        self._crops: dict[tuple[str, str, int], Any] = {}

    def get(self, sample: Sample) -> Rendered:
        key = (sample.form_id, sample.stem)
        if key not in self._done:
            self._done[key] = self._render(sample)
        done = self._done[key]
        done.pngs  # noqa: B018 (waits for the previews so that errors are known)
        return done

    def prefetch(self, samples: Iterable[Sample]) -> None:
        """Render ``samples`` now: in worker processes when there are several samples and cores to spare."""
        todo = {(s.form_id, s.stem): s for s in samples if (s.form_id, s.stem) not in self._done}
        if self.processes is None:
            auto = (os.cpu_count() or 1) - 1  # leave a core to pdftoppm and this process
            workers = min(len(todo), auto) if len(todo) >= PARALLEL_MIN_SAMPLES else 0
        else:
            workers = min(len(todo), self.processes)
        if workers < 2:
            for key, sample in todo.items():
                self._done[key] = self._render(sample)
            return
        ctx = multiprocessing.get_context("spawn")  # no forked copy of mkdocs' state
        # Spawned workers get this process's sys.path and must import this very package, also from a
        # checkout that is not installed (mkdocs restores sys.path after loading its hook files).
        package_root = str(Path(__file__).resolve().parent.parent)
        added = package_root not in sys.path
        if added:
            sys.path.append(package_root)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as procs:
                futures = {}
                for key, sample in todo.items():
                    try:
                        futures[key] = procs.submit(render_sample, sample.form_id, sample.data())
                    except (OSError, ValueError) as exc:  # a sample file that cannot be read
                        self._done[key] = Rendered(error=f"{type(exc).__name__}: {exc}")
                for key, future in futures.items():
                    try:
                        self._done[key] = self._finish(future.result())
                    except BrokenProcessPool:  # a worker died: render the rest here
                        self._done[key] = self._render(todo[key])
        finally:
            if added:
                sys.path.remove(package_root)

    def _render(self, sample: Sample) -> Rendered:
        try:
            data = sample.data()
        except Exception as exc:
            return Rendered(error=f"{type(exc).__name__}: {exc}")
        return self._finish(render_sample(sample.form_id, data))

    def _finish(self, outcome: tuple[bytes, bytes, str] | str) -> Rendered:
        if isinstance(outcome, str):
            return Rendered(error=outcome)
        pdf, xlsx, layout_version = outcome
        return Rendered(pdf, xlsx, None, layout_version, self._pool.submit(pdf_to_pngs, pdf, self.dpi))

    def crop(self, sample: Sample, page: int, rect_mm: RectMM) -> bytes:
        """A part of one page preview (the page image is decoded once)."""
        import io

        from PIL import Image  # docs/test extra; only the gallery's pattern previews need it

        key = (sample.form_id, sample.stem, page)
        if key not in self._crops:
            with Image.open(io.BytesIO(self.get(sample).pngs[page])) as img:
                img.load()
                self._crops[key] = img.copy()
        image = self._crops[key]
        x, y, w, h = (round(v / 25.4 * self.dpi) for v in rect_mm)
        left, top = min(max(0, x), image.width - 1), min(max(0, y), image.height - 1)
        box = (left, top, max(left + 1, min(image.width, x + w)), max(top + 1, min(image.height, y + h)))
        out = io.BytesIO()
        image.crop(box).save(out, format="PNG", compress_level=3)
        return out.getvalue()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._crops.clear()


# ---------------------------------------------------------------------------
# layout files


@dataclass(frozen=True, slots=True)
class LayoutEntry:
    """A layout file of layouts/forms and the registered form (and variant) it belongs to."""

    path: Path
    layout_id: str
    title: str
    form: FormInfo | None
    variant: str | None  # from the file name: <layout stem>.<variant>.yaml
    arrangement: str | None = None  # the file's own ``arrangement`` name
    version: str = ""
    description: str = ""

    @property
    def selectors(self) -> set[str]:
        """Values of an input's selector key that mean this file."""
        return {x for x in (self.variant, self.arrangement) if x}


def layout_entries(layouts: Path | None = None) -> list[LayoutEntry]:
    """Every form layout file, matched to its registry entry by file name (``<layout>.<variant>.yaml``)."""
    folder = (layouts or data_dir("layouts")) / "forms"
    infos = sorted(uf.forms(), key=lambda i: len(i.layout), reverse=True)
    out: list[LayoutEntry] = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        raw = _yaml(path)
        form: FormInfo | None = None
        variant: str | None = None
        for info in infos:
            stem = info.layout.removesuffix(".yaml")
            if path.name == info.layout:
                form = info
                break
            if path.name.startswith(stem + ".") and path.suffix in (".yaml", ".yml"):
                form, variant = info, path.name[len(stem) + 1 : -len(path.suffix)]
                break
        arrangement = raw.get("arrangement")
        out.append(
            LayoutEntry(
                path,
                str(raw.get("id", path.stem)),
                str(raw.get("title", "")),
                form,
                variant,
                arrangement if isinstance(arrangement, str) and arrangement else None,
                str(raw.get("version", "")),
                str(raw.get("description", "")),
            )
        )
    return out


def pattern_files(layouts: Path | None = None) -> list[Path]:
    folder = (layouts or data_dir("layouts")) / "patterns"
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


_YAML_CACHE: dict[tuple[Path, int, int], dict[str, Any]] = {}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> dict[str, Any]:
    """A layout or pattern file as data ({} if unreadable), parsed once per file version."""
    try:
        st = path.stat()
        key = (path, st.st_mtime_ns, st.st_size)
        if key not in _YAML_CACHE:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # CSafeLoader or SafeLoader
            _YAML_CACHE[key] = raw if isinstance(raw, dict) else {}
        return _YAML_CACHE[key]
    except (OSError, yaml.YAMLError):
        return {}


def pattern_uses(entry_path: Path) -> list[tuple[str, int]]:
    """``(use, page index)`` of every block of a form layout: the pattern id or name and the page it is on."""
    raw = _yaml(entry_path)
    out: list[tuple[str, int]] = []
    pages = raw.get("pages")
    designs = [p for p in pages if isinstance(p, dict)] if isinstance(pages, list) else [raw]
    for k, design in enumerate(designs):
        for b in design.get("blocks") or []:
            if isinstance(b, dict) and "use" in b:
                out.append((str(b["use"]), k))
    return out


def block_rects(entry_path: Path, layouts: Path | None = None) -> list[tuple[str, int, RectMM]]:
    """``(use, page index, (x, y, w, h) mm)`` of every block, placed as the compiler places it.

    ``at`` is relative to the block's panel (or the page); the size is the block's
    ``size`` or the pattern's; a width of zero or less stretches to the panel's
    right edge (or the right margin). Blocks whose size is an option are skipped.
    """
    raw = _yaml(entry_path)
    paper = raw.get("paper") or {}
    if paper.get("size") not in PAPER_MM:
        return []
    pw, ph = PAPER_MM[paper["size"]]
    if paper.get("orientation") == "landscape":
        pw, ph = ph, pw
    margins = paper.get("margins") or [10.0, 10.0, 10.0, 10.0]
    sizes: dict[str, Any] = {}
    for path in pattern_files(layouts):
        praw = _yaml(path)
        for key in (praw.get("pattern"), praw.get("name")):
            if key:
                sizes[str(key)] = praw.get("size")
    pages = raw.get("pages")
    designs = [p for p in pages if isinstance(p, dict)] if isinstance(pages, list) else [raw]
    out: list[tuple[str, int, RectMM]] = []
    for k, design in enumerate(designs):
        panels = {str(p.get("name")): p.get("rect") for p in design.get("panels") or [] if isinstance(p, dict)}
        for b in design.get("blocks") or []:
            if not isinstance(b, dict) or "use" not in b:
                continue
            use = str(b["use"])
            area = panels.get(str(b.get("panel"))) if b.get("panel") is not None else None
            ax, ay, right = (area[0], area[1], area[0] + area[2]) if area else (0.0, 0.0, pw - margins[1])
            size = b.get("size") or sizes.get(use)
            at = b.get("at") or [0, 0]
            try:
                x, y = ax + float(at[0]), ay + float(at[1])
                w, h = float(size[0]), float(size[1])
            except (TypeError, ValueError, IndexError):
                continue
            if w <= 0:
                w = right - x + w
            out.append((use, k, (x, y, w, h)))
    return out


def options_table(raw: dict[str, Any]) -> str:
    """A pattern file's options as a Markdown table (name, type, default, description)."""
    options = raw.get("options") or {}
    if not isinstance(options, dict) or not options:
        return "No options."
    lines = ["| option | type | default | description |", "|---|---|---|---|"]
    for name, spec in options.items():
        spec = spec if isinstance(spec, dict) else {}
        default = "" if spec.get("default") is None else f"`{json.dumps(spec['default'], ensure_ascii=False)}`"
        lines.append(
            f"| `{name}` | {_cell(str(spec.get('type', '')))} | {_cell(default)} "
            f"| {_cell(str(spec.get('description', '')))} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# pages


def _code_block(text: str, lang: str, indent: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    body = "\n".join(indent + line if line else line for line in text.rstrip("\n").split("\n"))
    return f"{indent}{fence}{lang}\n{body}\n{indent}{fence}"


def _indent_free(text: str) -> str:
    """A docstring as Markdown paragraphs: common indentation removed, reST ``literals`` kept as code."""
    import textwrap

    first, _, rest = text.strip().partition("\n")
    body = (first + "\n" + textwrap.dedent(rest)).strip()
    return body.replace("``", "`")


def _details(title: str, body: str, kind: str = "abstract") -> str:
    indented = "\n".join("    " + line if line else line for line in body.split("\n"))
    return f'??? {kind} "{title}"\n\n{indented}\n'


def _side_by_side(left: str, right: str) -> str:
    """Two columns (Material's grid) on wide screens, stacked on narrow ones."""
    column = "<div markdown>\n\n{}\n\n</div>"
    return '<div class="grid" markdown>\n\n' + column.format(left) + "\n\n" + column.format(right) + "\n\n</div>\n"


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
    layout = _yaml(layout_path)
    paper = layout.get("paper") or {}
    lines = [
        f"# {info.title} <small>`{info.id}`</small>",
        "",
        "| property | value |",
        "|---|---|",
        f"| form id | `{info.id}` |",
        f"| 帳票名 | {info.title} |",
        f"| paper | {info.paper} |",
        f"| layout file | `layouts/forms/{info.layout}`"
        + (f" (version {layout.get('version')}, {paper.get('size')} {paper.get('orientation')})" if paper else "")
        + " |",
        f"| input model | `{info.model_ref.replace(':', '.')}` |",
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
        lines += ["## About the input", "", _indent_free(str(schema["description"])), ""]
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
        _details(f"JSON Schema of {info.id}", _code_block(json.dumps(schema, ensure_ascii=False, indent=2), "json")),
    ]
    if samples and samples[0].path is not None:
        lines += [
            "## Sample input",
            "",
            _details(f"samples/{samples[0].path.name}", _code_block(samples[0].path.read_text("utf-8"), "json")),
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
                    f"| {f'`{e.arrangement}`' if e.arrangement else ''} | {_cell(e.description or e.title)} |"
                )
            lines.append("")
        for e in files:
            lines.append(_details(f"layouts/forms/{e.path.name}", _code_block(e.path.read_text("utf-8"), "yaml")))
    return "\n".join(lines) + "\n"


def forms_index(infos: list[FormInfo]) -> str:
    lines = [
        "# 帳票 Forms",
        "",
        "Every form registered in `unified_forms/registry.py`, with a rendered preview of its shipped sample. "
        "This list and the pages behind it are generated when the site is built.",
        "",
        "| id | 帳票 | paper | layout |",
        "|---|---|---|---|",
    ]
    for info in infos:
        lines.append(f"| [`{info.id}`]({info.id}.md) | [{info.title}]({info.id}.md) | {info.paper} | `{info.layout}` |")
    return "\n".join(lines) + "\n"


def _find_sample(entry: LayoutEntry) -> Sample | None:
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
    uses: dict[str, list[tuple[LayoutEntry, int]]] = {}
    for e in layout_entries():
        for u, page in pattern_uses(e.path):
            if (e, page) not in uses.get(u, []):
                uses.setdefault(u, []).append((e, page))
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
            sample = _find_sample(e)
            if sample is None:
                lines += ['!!! warning "No sample"', "", "    No sample input selects this arrangement.", ""]
            else:
                section = _sample_section(site, cache, sample, f"../forms/{e.form.id}/", "")
                other = _printed_with(e, cache.get(sample)) if cache.get(sample).error is None else None
                if other is not None:
                    site.warnings.append(f"docs: gallery: the sample for {e.path.name} printed with {other}")
                    note = f'!!! failure "This preview is not of `{e.path.name}`"\n\n    It printed with {other}.\n\n'
                    section = note + section
                lines += [_side_by_side(section, _code_block(e.path.read_text("utf-8"), "yaml"))]
                continue
        lines += [_code_block(e.path.read_text("utf-8"), "yaml"), ""]
    lines += [
        "## Patterns",
        "",
        "A pattern is a fragment (P-01 帳票ヘッダ, P-12 出欠の記録, ...) that forms and arrangements place with "
        "`blocks: - use: P-xx`. A pattern cannot be printed on its own (its slots are filled by a form's data), so "
        "its preview is cut from the rendered sample of every shipped layout that places it (click for the page).",
        "",
    ]
    for path in pattern_files():
        raw = _yaml(path)
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
            sample = _find_sample(e)
            r = cache.get(sample) if sample else None
            if sample is None or r is None or r.error is not None:
                previews.append(f"Placed by `{e.path.name}` (no rendered sample).")
                continue
            stem = _emit_files(site, sample, r)
            for i, (page, (x, y, w, h)) in enumerate(placed):
                if page >= len(r.pngs):
                    continue
                crop = f"patterns/{path.stem}.{e.path.stem}.{i + 1}.png"
                site.files[f"report-cards/{crop}"] = cache.crop(sample, page, (x - 2, y - 2, w + 4, h + 4))
                previews.append(
                    f"Placed by [`{e.path.name}`](../forms/{e.form.id}.md) on page {page + 1} "
                    f"([whole page](../{stem}.p{page + 1}.png)):\n\n"
                    f"![{pid} in {e.layout_id}]({crop}){{ .uf-preview loading=lazy }}"
                )
        if not previews:
            previews.append("Not used by any shipped layout yet, so there is no preview.")
        lines += [_side_by_side("\n\n".join(previews), _code_block(path.read_text("utf-8"), "yaml"))]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# layout format reference


def layout_reference(schema: dict[str, Any]) -> str:
    """Markdown reference of ``layouts/layout.schema.json``: one table per definition, top-level kinds first."""
    defs: dict[str, Any] = schema.get("$defs", {})
    top = [r.get("$ref", "").rsplit("/", 1)[-1] for r in schema.get("oneOf", [])]
    order = [n for n in top if n in defs] + sorted(n for n in defs if n not in top)
    lines = [
        "# Layout file format reference",
        "",
        f"Generated from `layouts/layout.schema.json` when the site is built. {schema.get('description', '')}",
        "",
        "A layout file is YAML validated against this schema: a **form layout** (`layouts/forms/*.yaml`, "
        "definition `FormLayout`) or a **pattern file** (`layouts/patterns/*.yaml`, definition `PatternFile`). "
        "Unknown keys are errors. Lengths are millimetres from the top-left corner; font sizes are points. "
        'A value written `"$name"` is a pattern option, substituted when the pattern is placed.',
        "",
        "Definitions: " + ", ".join(f"[{n}](#{n.lower()})" for n in order),
        "",
    ]
    for name in order:
        d, _ = _resolve(defs[name], schema)
        lines += [f"## {name}", ""]
        if d.get("description"):
            lines += [str(d["description"]).strip(), ""]
        if "properties" in d:
            required = set(d.get("required", ()))
            lines += ["| key | type | required | default | description |", "|---|---|:-:|---|---|"]
            for key, prop in d["properties"].items():
                lines.append(
                    f"| `{key}` | {_cell(_ref_type(prop, defs))} | {'✓' if key in required else ''} "
                    f"| {_cell(_default(prop))} | {_cell(_prop_doc(prop))} |"
                )
            lines.append("")
        elif "enum" in d:
            lines += ["One of: " + ", ".join(f"`{v}`" for v in d["enum"]), ""]
    return "\n".join(lines) + "\n"


def _ref_type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " \\| ".join(_ref_type(p, defs) for p in prop[key])
    if "const" in prop:
        return f"`{json.dumps(prop['const'], ensure_ascii=False)}`"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    t = prop.get("type", "any")
    if t == "array":
        if "prefixItems" in prop:
            inner = ", ".join(_ref_type(p, defs) for p in prop["prefixItems"])
            return f"[{inner}]"
        if isinstance(prop.get("items"), dict):
            return f"list of {_ref_type(prop['items'], defs)}"
        return "list"
    if t == "object":
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"mapping of name → {_ref_type(extra, defs)}"
        return "mapping"
    return str(t)


def _default(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return ""
    text = json.dumps(prop["default"], ensure_ascii=False)
    return f"`{text}`" if len(text) <= 60 else "*(see schema)*"


def _prop_doc(prop: dict[str, Any]) -> str:
    doc = str(prop.get("description", ""))
    caps = _capacity(prop)
    return "; ".join(x for x in [doc, *caps] if x)


# ---------------------------------------------------------------------------
# excerpts of shipped files in hand-written pages

EXCERPT = re.compile(r"<!--\s*uf:layout-page\s+(\S+)\s+(\S+)\s*-->")


def layout_page_excerpt(file_name: str, page_name: str, layouts: Path | None = None) -> str:
    """The lines of ``layouts/forms/<file_name>`` that define the page whose name contains ``page_name``.

    Hand-written guides quote the shipped arrangement through this, so the quote is the file as it
    is today. Raises LookupError when the file or page is gone (the build then fails in strict mode).
    """
    path = (layouts or data_dir("layouts")) / "forms" / file_name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise LookupError(f"layouts/forms/{file_name} does not exist") from None
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*- name:", line)]
    for i in starts:
        if page_name in lines[i]:
            indent = len(lines[i]) - len(lines[i].lstrip())
            end = len(lines)
            for j in range(i + 1, len(lines)):
                stripped = lines[j].strip()
                if stripped and len(lines[j]) - len(lines[j].lstrip()) <= indent:
                    end = j
                    break
            return "\n".join(lines[i:end]).rstrip()
    raise LookupError(f"layouts/forms/{file_name} has no page named like '{page_name}'")


def expand_excerpts(markdown: str) -> tuple[str, list[str]]:
    """Replace ``<!-- uf:layout-page FILE PAGE -->`` markers by a YAML block of that page."""
    problems: list[str] = []

    def replace(m: re.Match[str]) -> str:
        try:
            return _code_block(layout_page_excerpt(m.group(1), m.group(2)), "yaml")
        except LookupError as exc:
            problems.append(f"docs: excerpt {m.group(0)}: {exc}")
            return f"*(excerpt missing: {exc})*"

    return EXCERPT.sub(replace, markdown), problems


# ---------------------------------------------------------------------------
# entry point


def nav_entries() -> list[dict[str, str]]:
    """Navigation items of the generated form pages (the hook adds them under 帳票 Forms)."""
    return [{f"{i.title} ({i.id})": f"forms/{i.id}.md"} for i in uf.forms()]


def generate(cache: RenderCache | None = None) -> Site:
    """Every generated page and file of the site, keyed by its path inside the docs folder."""
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
        site.warnings = list(dict.fromkeys(site.warnings))
        return site
    finally:
        if own:
            cache.close()
