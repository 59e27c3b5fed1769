"""The shipped layout files as the docs see them: which form and arrangement each file is, where blocks sit.

The gallery needs to know, without compiling anything, which registered form a file in
``layouts/forms`` belongs to (``<layout>.<variant>.yaml``), which arrangement name it
declares, and where each pattern block lands on the page (to cut its preview out of the
rendered sample). Files are read as plain data, once per file version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from unified_forms import api as uf
from unified_forms.docsgen.markdown import cell, code_block
from unified_forms.docsgen.samples import RectMM
from unified_forms.layout.spec import PAPER_MM
from unified_forms.registry import FormInfo
from unified_forms.resources import data_dir

GALLERY_PREFIX = "report_card"


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
    infos = sorted(uf.forms(), key=lambda i: len(i.id), reverse=True)
    out: list[LayoutEntry] = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        raw = read_yaml(path)
        form: FormInfo | None = None
        variant: str | None = None
        for info in infos:
            stem = info.id
            if path.name == info.layout_file().name:
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


def read_yaml(path: Path) -> dict[str, Any]:
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


def block_rects(entry_path: Path, layouts: Path | None = None) -> list[tuple[str, int, RectMM]]:
    """``(use, page index, (x, y, w, h) mm)`` of every block, placed as the compiler places it.

    ``at`` is relative to the block's panel (or the page); the size is the block's
    ``size`` or the pattern's; a width of zero or less stretches to the panel's
    right edge (or the right margin). Blocks whose size is an option are skipped.
    """
    raw = read_yaml(entry_path)
    paper = raw.get("paper") or {}
    if paper.get("size") not in PAPER_MM:
        return []
    pw, ph = PAPER_MM[paper["size"]]
    if paper.get("orientation") == "landscape":
        pw, ph = ph, pw
    margins = paper.get("margins") or [10.0, 10.0, 10.0, 10.0]
    sizes: dict[str, Any] = {}
    for path in pattern_files(layouts):
        praw = read_yaml(path)
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
            size: Any = b.get("size") or sizes.get(use)
            at: Any = b.get("at") or [0, 0]
            try:
                x, y = ax + float(at[0]), ay + float(at[1])
                w, h = float(size[0]), float(size[1])
            except (TypeError, ValueError, IndexError, KeyError):
                continue  # a size given as an option ("$h") or missing: no cut-out for this block
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
            f"| `{name}` | {cell(str(spec.get('type', '')))} | {cell(default)} "
            f"| {cell(str(spec.get('description', '')))} |"
        )
    return "\n".join(lines)


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
            return code_block(layout_page_excerpt(m.group(1), m.group(2)), "yaml")
        except LookupError as exc:
            problems.append(f"docs: excerpt {m.group(0)}: {exc}")
            return f"*(excerpt missing: {exc})*"

    return EXCERPT.sub(replace, markdown), problems
