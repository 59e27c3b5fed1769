"""The shipped 通知表 arrangements, found from the layout files themselves.

An arrangement is a form layout file (``layouts/forms/report_card.<variant>.yaml``)
whose ``arrangement`` field is the name a school puts in its input. Listing the
files instead of keeping a table in code means a new arrangement is a new file
only; a school's private arrangement is passed as a path instead (``layout=``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unified_forms.layout.load import layouts_dir, load_form_layout

_SCHOOL_LABEL = {"elementary": "小学校", "junior_high": "中学校", "compulsory": "義務教育学校"}


@dataclass(frozen=True, slots=True)
class Arrangement:
    form_id: str
    name: str
    variant: str | None  # None: the form's main layout file
    file: Path
    title: str
    paper: str
    terms: int | None
    school_type: str | None
    description: str

    @property
    def school_label(self) -> str:
        return _SCHOOL_LABEL.get(self.school_type or "", "")


def _files(form_id: str) -> list[tuple[str | None, Path]]:
    folder = layouts_dir() / "forms"
    out: list[tuple[str | None, Path]] = []
    main = folder / f"{form_id}.yaml"
    if main.exists():
        out.append((None, main))
    for f in sorted(folder.glob(f"{form_id}.*.yaml")):
        out.append((f.name[len(form_id) + 1 : -len(".yaml")], f))
    return out


def arrangements(form_id: str) -> list[Arrangement]:
    """Every shipped arrangement of ``form_id`` (those whose file names an ``arrangement``)."""
    out: list[Arrangement] = []
    for variant, file in _files(form_id):
        layout = load_form_layout(file)
        if layout.arrangement is None:
            continue
        out.append(
            Arrangement(
                form_id=form_id,
                name=layout.arrangement,
                variant=variant,
                file=file,
                title=layout.title,
                paper=f"{layout.paper.size} {layout.paper.orientation}",
                terms=layout.terms,
                school_type=layout.school_type,
                description=layout.description,
            )
        )
    return out


def variant_of(form_id: str, name: str) -> str | None:
    for a in arrangements(form_id):
        if a.name == name:
            return a.variant
    return None


def printed_lists(file: Path, flags: frozenset[str] = frozenset()) -> frozenset[str]:
    """The list slots some grid or table of this layout prints (options resolved; blocks whose
    ``when`` does not hold for ``flags`` are left out).

    Used to refuse data that the chosen arrangement has no block for (e.g. 外国語活動 text with
    an arrangement without P-07): text must never be dropped silently.
    """
    from unified_forms.layout.compile import block_enabled, resolve_options
    from unified_forms.layout.load import load_pattern

    layout = load_form_layout(file)
    designs = [(p.blocks, p.elements) for p in layout.pages] or [(layout.blocks, layout.elements)]
    out: set[str] = set()

    def collect(elements: tuple[Any, ...], options: dict[str, Any]) -> None:
        for el in elements:
            source = getattr(el, "source", None)
            if isinstance(source, str):
                if source.startswith("$") and source[1:] in options:
                    source = str(options[source[1:]])
                out.add(source)

    for blocks, elements in designs:
        collect(elements, {})
        for i, block in enumerate(blocks):
            if not block_enabled(block, flags):
                continue
            pattern = load_pattern(block.use, referenced_from=file)
            collect(pattern.elements, resolve_options(pattern, block.options, file, f"blocks[{i}]"))
    return frozenset(out)
