"""Reading batch input: a JSONL file or stream line by line, or any iterable of dicts.

A school system's export may contain a broken line; that line becomes a failed
record reported with its line number, and the others are printed. Whatever a
line holds — bytes that are not text, a 5,000-digit integer, 100,000 levels of
nesting, a 1 GB line — it is that line's failure, never the batch's: lines are
read with a length cap and parsed by ``json_input`` (depth and integer size
checked before the parser runs). Records are streamed (never the whole file in
memory) so 95,000 pupils cost a few MB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeGuard

from unified_forms.json_input import Encoding, InputError, decode, parse
from unified_forms.safe_io import human_size

Records = Iterable[dict[str, Any]] | str | os.PathLike[str] | IO[bytes]

MAX_LINE_BYTES = 16 * 1024 * 1024  # one record; the largest real record (a year of 出席簿) is < 2 MB
_BLOCK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawRecord:
    line: int  # 1-based line of the JSONL file, or position in the iterable
    data: dict[str, Any] | None  # None when the line is not a JSON object
    problem: str = ""  # why data is None
    encoding: str = "utf-8"  # how the line was decoded ("cp932" when detected)


def is_path(records: Records) -> TypeGuard[str | os.PathLike[str]]:
    return isinstance(records, str | os.PathLike)


def is_stream(records: Records) -> TypeGuard[IO[bytes]]:
    return hasattr(records, "readline") and hasattr(records, "read")


def read_records(records: Records, *, encoding: Encoding = "auto") -> Iterator[RawRecord]:
    if isinstance(records, str | os.PathLike):  # is_path, spelled out so that the type narrows below too
        with Path(records).open("rb") as fh:
            yield from _read_jsonl(fh, encoding)
        return
    if is_stream(records):
        yield from _read_jsonl(records, encoding)
        return
    for i, item in enumerate(records, start=1):
        if isinstance(item, dict):
            yield RawRecord(i, item)
        else:
            yield RawRecord(i, None, f"JSON のオブジェクトではありません（{type(item).__name__}）")


def _lines(fh: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """``(line, too_long)``: at most MAX_LINE_BYTES of each line; the rest of a longer one is skipped."""
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # drop the rest of the line without holding it
                rest = fh.readline(_BLOCK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", True
            continue
        yield raw, False


def parse_line(raw: bytes, line: int, encoding: Encoding = "auto") -> RawRecord:
    """One JSONL line → a record, or a failure saying why (never an exception)."""
    try:
        text, used = decode(raw, encoding)
        data = parse(text)
    except InputError as exc:
        return RawRecord(line, None, exc.message)
    if not isinstance(data, dict):
        return RawRecord(line, None, "JSON のオブジェクト（{...}）ではありません")
    return RawRecord(line, data, encoding=used)


def _read_jsonl(fh: IO[bytes], encoding: Encoding) -> Iterator[RawRecord]:
    for lineno, (raw, too_long) in enumerate(_lines(fh), start=1):
        if too_long:
            yield RawRecord(lineno, None, f"行が長すぎます（{human_size(MAX_LINE_BYTES)} まで）")
            continue
        if not raw.strip():
            continue
        yield parse_line(raw, lineno, encoding)


def count_records(records: Records) -> int | None:
    """Non-blank lines of a JSONL file (for the progress bar's ETA); None for a stream.

    Read in blocks, so a file of one enormous line is counted without holding it."""
    if is_path(records):
        count = 0
        blank = True  # the current line holds only whitespace so far
        with Path(records).open("rb") as fh:
            while block := fh.read(_BLOCK):
                for i, part in enumerate(block.split(b"\n")):
                    if i:  # a newline ended the previous line
                        count += not blank
                        blank = True
                    blank = blank and not part.strip()
        return count + (not blank)
    if isinstance(records, Sized):
        return len(records)
    return None
