"""Reading layout files: version check, validation, errors that name the file and the entry.

A school's own arrangement file is as likely to be wrong as a data record, so
a bad file must say *which file* and *which entry* (``blocks[2].options.rows``)
instead of surfacing a pydantic traceback.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from unified_forms.errors import LayoutError
from unified_forms.layout.spec import FORMAT_VERSION, FormLayout, PatternFile
from unified_forms.resources import data_dir

T = TypeVar("T", bound=BaseModel)


def layouts_dir() -> Path:
    return data_dir("layouts")


def format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LayoutError(str(path), "", "file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise LayoutError(str(path), where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise LayoutError(str(path), "", "a layout file must be a mapping at the top level")
    version = raw.get("format_version")
    if not isinstance(version, int):
        raise LayoutError(str(path), "format_version", "missing or not an integer")
    if version > FORMAT_VERSION:
        raise LayoutError(
            str(path),
            "format_version",
            f"format_version {version} is newer than this unified_forms understands ({FORMAT_VERSION}); "
            "upgrade unified_forms",
        )
    if version < 1:
        raise LayoutError(str(path), "format_version", f"unknown format_version {version}")
    return raw


def _validate(cls: type[T], raw: dict[str, Any], path: Path) -> T:
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise LayoutError(str(path), format_loc(tuple(first["loc"])), first["msg"] + more) from None


def _stamp(path: Path) -> tuple[int, int]:
    """File identity for the caches: a layout edited while a process runs is read again."""
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def load_form_layout(path: Path) -> FormLayout:
    return _load_form_layout(path, _stamp(path))


def load_pattern_file(path: Path) -> PatternFile:
    return _load_pattern_file(path, _stamp(path))


@functools.lru_cache(maxsize=256)
def _load_form_layout(path: Path, stamp: tuple[int, int]) -> FormLayout:
    return _validate(FormLayout, _read(path), path)


@functools.lru_cache(maxsize=256)
def _load_pattern_file(path: Path, stamp: tuple[int, int]) -> PatternFile:
    return _validate(PatternFile, _read(path), path)


@functools.cache
def pattern_index(root: Path | None = None) -> dict[str, Path]:
    """Pattern id and name → file, from the file names (``P-01_header.yaml``).

    Only the file a form uses is read and validated, so one pattern file being
    edited never breaks the forms that do not use it; load_pattern checks that
    the file declares the id and name its file name promises.
    """
    folder = (root or layouts_dir()) / "patterns"
    index: dict[str, Path] = {}
    for file in sorted(folder.glob("*.yaml")):
        pid, _, name = file.stem.partition("_")
        for key in (pid, name):
            if not key:
                continue
            if key in index and index[key] != file:
                raise LayoutError(str(file), "", f"pattern '{key}' is also defined in {index[key].name}")
            index[key] = file
    return index


def load_pattern(name: str, *, referenced_from: Path) -> PatternFile:
    index = pattern_index()
    if name not in index:
        known = ", ".join(sorted(k for k in index if k.startswith("P-"))) or "none"
        raise LayoutError(str(referenced_from), "use", f"unknown pattern '{name}' (known: {known})")
    file = index[name]
    pattern = load_pattern_file(file)
    pid, _, stem_name = file.stem.partition("_")
    if pattern.pattern != pid or (stem_name and pattern.name != stem_name):
        raise LayoutError(
            str(file), "pattern", f"file name promises {pid} '{stem_name}', the file declares "
            f"{pattern.pattern} '{pattern.name}'"
        )
    return pattern
