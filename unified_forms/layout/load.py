"""Reading layout files: version check, validation, errors that name the file and the entry.

A school's own arrangement file is as likely to be wrong as a data record, so
a bad file must say *which file* and *which entry* (``blocks[2].options.rows``)
instead of surfacing a pydantic traceback. It is also untrusted data, so one
pass at load refuses, before anything is compiled:

* anything but a regular file of at most ``MAX_LAYOUT_BYTES`` (``/dev/zero``,
  a FIFO, a folder), and text that is not UTF-8 (the byte offset is named);
* YAML tags that construct objects (safe loader), duplicate keys (the second
  silently won), documents that expand to more than ``MAX_NODES`` entries
  through aliases (YAML bombs) or nest deeper than ``MAX_DEPTH``;
* any number that is not finite or is beyond ``MAX_NUMBER`` — option values
  included — and a ``format_version`` that is a boolean;
* then the field-by-field bounds of spec.py (font sizes, lengths, counts).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from unified_forms.errors import LayoutError, printable
from unified_forms.layout.spec import FORMAT_VERSION, FormLayout, PatternFile
from unified_forms.resources import data_dir
from unified_forms.safe_io import FileReadError, read_regular_file

MAX_LAYOUT_BYTES = 1024 * 1024  # the largest shipped layout is ~40 KB
MAX_NODES = 200_000  # entries after alias expansion
MAX_DEPTH = 64
MAX_NUMBER = 1000.0  # no number in a layout means more (mm, pt, counts are bounded tighter in spec.py)

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


class _LayoutLoader(yaml.SafeLoader):
    """The safe loader, refusing a key given twice in one mapping (YAML lets the last one win)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key; the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{printable(str(key))}'", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LayoutError(str(path), "", f"not UTF-8 text (byte offset {exc.start})") from None
    return text.removeprefix("\ufeff")


def _expanded_size(node: Any, memo: dict[int, int], active: set[int], depth: int = 0) -> int:
    """Entries of ``node`` once every alias is expanded (shared objects counted each time)."""
    if not isinstance(node, dict | list):
        return 1
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise ValueError("a YAML alias refers to an enclosing entry (recursive data)")
    if depth > MAX_DEPTH:
        raise ValueError(f"entries nested deeper than {MAX_DEPTH} levels")
    active.add(key)
    items = list(node.keys()) + list(node.values()) if isinstance(node, dict) else node
    total = 1
    for item in items:
        total += _expanded_size(item, memo, active, depth + 1)
        if total > MAX_NODES:
            break
    active.discard(key)
    memo[key] = total
    return total


def _check_numbers(node: Any, loc: tuple[Any, ...], path: Path) -> None:
    """Every number finite and within ±MAX_NUMBER (NaN never reaches a renderer's loop)."""
    if isinstance(node, bool):
        return
    if isinstance(node, int | float):
        if not math.isfinite(node) or abs(node) > MAX_NUMBER:
            shown = f"{node:g}" if isinstance(node, float) else ("a huge integer" if abs(node) > 1e18 else str(node))
            raise LayoutError(
                str(path), format_loc(loc), f"number {shown} is not finite or beyond ±{MAX_NUMBER:g}"
            )
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_numbers(value, (*loc, printable(str(key))), path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_numbers(value, (*loc, i), path)


def _parse(path: Path) -> Any:
    try:
        text = _decode(path, read_regular_file(path, limit=MAX_LAYOUT_BYTES))
    except FileReadError as exc:
        raise LayoutError(str(path), "", exc.english()) from None
    try:
        raw = yaml.load(text, Loader=_LayoutLoader)  # a SafeLoader subclass: no object tags
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = printable(str(getattr(exc, "problem", None) or exc))
        raise LayoutError(str(path), where, f"not valid YAML: {problem}") from None
    except RecursionError:
        raise LayoutError(str(path), "", f"entries nested deeper than {MAX_DEPTH} levels") from None
    try:
        size = _expanded_size(raw, {}, set())
    except ValueError as exc:
        raise LayoutError(str(path), "", str(exc)) from None
    if size > MAX_NODES:
        raise LayoutError(str(path), "", f"the file expands to more than {MAX_NODES:,} entries (YAML aliases)")
    return raw


def _read(path: Path) -> dict[str, Any]:
    raw = _parse(path)
    if not isinstance(raw, dict):
        raise LayoutError(str(path), "", "a layout file must be a mapping at the top level")
    _check_numbers(raw, (), path)
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
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


def data_loc(raw: Any, loc: tuple[Any, ...], missing: bool = False) -> tuple[Any, ...]:
    """The part of a pydantic location that names entries of the file: union tags such as
    ``table`` or ``constrained-float`` are not keys of the data and are left out (``missing``:
    the last part is a required key the file lacks, kept)."""
    out: list[Any] = []
    node = raw
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            if missing and i == len(loc) - 1 and isinstance(node, dict):
                out.append(printable(str(part)))
            continue
        node = node[part]
        out.append(printable(part) if isinstance(part, str) else part)
    return tuple(out)


def _validate(cls: type[T], raw: dict[str, Any], path: Path) -> T:
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
        first = errors[0]
        loc = data_loc(raw, tuple(first["loc"]), first["type"] == "missing")
        others = sum(1 for e in errors[1:] if data_loc(raw, tuple(e["loc"]), e["type"] == "missing") != loc)
        more = f" (and {others} more)" if others else ""
        raise LayoutError(str(path), format_loc(loc), printable(first["msg"]) + more) from None


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
