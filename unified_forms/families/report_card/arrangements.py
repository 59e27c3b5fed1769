"""The shipped 通知表 arrangements, found from the layout files themselves.

An arrangement is a form layout file (``layouts/forms/report_card.<variant>.yaml``)
whose ``arrangement`` field is the name a school puts in its input. Listing the
files instead of keeping a table in code means a new arrangement is a new file
only; a school's private arrangement is passed as a path instead (``layout=``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unified_forms.layout.load import layouts_dir, load_form_layout
from unified_forms.layout.printed import printed_sources

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
    """The slots and list sources this layout prints (see layout.printed)."""
    return printed_sources(file, flags)
