"""Reading batch input: a JSONL file line by line, or any iterable of dicts.

A school system's export may contain a broken line; that line becomes a failed
record reported with its line number, and the others are printed. Records are
streamed (never the whole file in memory) so 95,000 pupils cost a few MB.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Records = Iterable[dict[str, Any]] | str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class RawRecord:
    line: int  # 1-based line of the JSONL file, or position in the iterable
    data: dict[str, Any] | None  # None when the line is not a JSON object
    problem: str = ""  # why data is None


def is_path(records: Records) -> bool:
    return isinstance(records, str | os.PathLike)


def read_records(records: Records) -> Iterator[RawRecord]:
    if is_path(records):
        yield from _read_jsonl(Path(records))  # type: ignore[arg-type]
        return
    for i, item in enumerate(records, start=1):  # type: ignore[union-attr]
        if isinstance(item, dict):
            yield RawRecord(i, item)
        else:
            yield RawRecord(i, None, f"record is a {type(item).__name__}, not a JSON object")


def _read_jsonl(path: Path) -> Iterator[RawRecord]:
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawRecord(lineno, None, f"not UTF-8 (byte {exc.start + 1})")
                continue
            try:
                data = json.loads(text.lstrip("\ufeff") if lineno == 1 else text)
            except json.JSONDecodeError as exc:
                yield RawRecord(lineno, None, f"not valid JSON (column {exc.colno}: {exc.msg})")
                continue
            if not isinstance(data, dict):
                yield RawRecord(lineno, None, f"a JSON {type(data).__name__}, not an object")
                continue
            yield RawRecord(lineno, data)


def count_records(records: Records) -> int | None:
    """Non-blank lines of a JSONL file (for the progress bar's ETA); None for a stream."""
    if is_path(records):
        with Path(records).open("rb") as fh:  # type: ignore[arg-type]
            return sum(1 for raw in fh if raw.strip())
    if hasattr(records, "__len__"):
        return len(records)  # type: ignore[arg-type]
    return None
