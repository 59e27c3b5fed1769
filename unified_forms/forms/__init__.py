"""Forms are found by convention: one package per form id under ``unified_forms/forms/``.

A form package's ``__init__`` declares ``FORM = Form(...)``: its id (the package name),
Japanese title, paper, input model, binding, and what the layout and sample files are.
Layout files are ``layouts/forms/<id>.yaml`` (variants ``<id>.<variant>.yaml``) and samples
``samples/<id>.json`` (variants ``<id>.<variant>.json``). The registry, the CLI, the docs,
batch file naming and the README's form table are derived from these declarations, so adding
a form adds files and edits none: two people adding two forms can never drop each other's
entry from a shared table again.

Only this module is imported to list the ids (package names); a form's own package, with its
model and binding, is imported the first time that form is used.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from unified_forms.resources import data_dir

if TYPE_CHECKING:
    from pydantic import BaseModel

    from unified_forms.layout.bound import Bound

__all__ = ["Form", "FormDeclarationError", "all_forms", "form_ids", "get"]


class FormDeclarationError(RuntimeError):
    """A package under forms/ that does not declare a form properly (a programming error)."""


@dataclass(frozen=True, slots=True)
class Form:
    """Everything needed to print one form, declared in one place by the form's package.

    ``flags`` lists every flag the binding may set (a layout's ``when:`` naming anything
    else is a typo and is refused). ``not_printed`` maps input field paths (``students[].kana``
    style, ``[]`` for any index) that the model accepts but the form deliberately does not
    print to the reason; the docs list them and the form test kit checks every other text of
    the sample is found in the PDF. ``layout_dir`` / ``sample_dir`` default to the shipped
    ``layouts/forms`` and ``samples`` folders (a form shipped outside this package sets them).
    """

    id: str
    title: str  # Japanese, as printed in lists
    paper: str  # e.g. "A4 portrait"
    model: type[BaseModel]
    bind: Callable[[Any], Bound]
    summary: str = ""  # one line for the README and docs: what is special about this form
    order: int = 100  # position in lists (the contract's table order); ties by id
    flags: frozenset[str] = frozenset()
    not_printed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    layout_dir: Path | None = None
    sample_dir: Path | None = None
    # PDF output carries the validated input as an embedded file (PDF/A-3) unless the caller says
    # otherwise (issue 16): the 調査書, which a high school reads back with ``unified-forms extract``
    embed_data_by_default: bool = False

    # --- files found by convention -------------------------------------------------------
    def _layouts(self) -> Path:
        return self.layout_dir if self.layout_dir is not None else data_dir("layouts") / "forms"

    def _samples(self) -> Path:
        return self.sample_dir if self.sample_dir is not None else data_dir("samples")

    def layout_file(self, variant: str | None = None) -> Path:
        name = f"{self.id}.yaml" if variant is None else f"{self.id}.{variant}.yaml"
        return self._layouts() / name

    def layout_variants(self) -> tuple[str, ...]:
        """Variant names of the shipped layout files (``<id>.<variant>.yaml``)."""
        return _variants(self._layouts(), self.id, ".yaml")

    @property
    def sample_file(self) -> Path:
        return self._samples() / f"{self.id}.json"

    def sample_files(self) -> tuple[tuple[str, Path], ...]:
        """(stem, file) of the main sample and of every variant sample, main first."""
        extra = tuple((f"{self.id}.{v}", self._samples() / f"{self.id}.{v}.json") for v in self.sample_variants())
        return ((self.id, self.sample_file), *extra)

    def sample_variants(self) -> tuple[str, ...]:
        return _variants(self._samples(), self.id, ".json")

    def is_not_printed(self, path: str) -> bool:
        """Whether an input path (``students[3].kana`` or ``students[].kana``) is declared not printed.

        Patterns are paths with ``[]`` for any index and ``*`` for any rest of a name.
        """
        plain = re.sub(r"\[\d+\]", "[]", path)
        return any(_pattern(p).fullmatch(plain) for p in self.not_printed)

    # --- the pipeline pieces, under the names the rest of the library used ----------------
    @property
    def binder(self) -> Callable[[Any], Bound]:
        return self.bind


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(re.escape(pattern).replace(r"\*", ".*"))


def _variants(folder: Path, form_id: str, suffix: str) -> tuple[str, ...]:
    out = []
    for f in sorted(folder.glob(f"{form_id}.*{suffix}")):
        variant = f.name[len(form_id) + 1 : -len(suffix)]
        if variant and "." not in variant:
            out.append(variant)
    return tuple(out)


def _search_path() -> tuple[str, ...]:
    return tuple(__path__)


@functools.cache
def _ids(search: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(m.name for m in pkgutil.iter_modules(list(search)) if m.ispkg and not m.name.startswith("_")))


def form_ids() -> tuple[str, ...]:
    """Every form id: the names of the packages under forms/ (nothing imported)."""
    return _ids(_search_path())


def get(form_id: str) -> Form:
    """The declaration of one form; imports only that form's package."""
    if form_id not in form_ids():
        known = ", ".join(form_ids())
        raise KeyError(f"unknown form id '{form_id}' (known: {known})")
    return _load(form_id, _search_path())


@functools.cache
def _load(form_id: str, search: tuple[str, ...]) -> Form:
    module = importlib.import_module(f"{__name__}.{form_id}")
    form = getattr(module, "FORM", None)
    if not isinstance(form, Form):
        raise FormDeclarationError(f"{module.__name__} must declare FORM = Form(...)")
    if form.id != form_id:
        raise FormDeclarationError(f"{module.__name__} declares id '{form.id}'; the package name is the id")
    return form


def all_forms() -> list[Form]:
    """Every declared form, in the contract's order."""
    forms = [_load(i, _search_path()) for i in form_ids()]
    return sorted(forms, key=lambda f: (f.order, f.id))
