"""Just enough of a PDF reader to find what our own writer put in a file (pure Python, no PDF library).

Why not a PDF library: reading back embedded data is part of the library's API (a high
school's import runs it), and what it reads is what render/pdffile.py writes: one revision, a
classic cross-reference table, objects as plain dictionaries and streams. A file another tool
has rewritten (object streams, cross-reference streams, incremental updates) is not the file
that was printed, and the integrity check would refuse it anyway; this reader says so
(:class:`PdfReadError`) instead of guessing. Everything here is bounded: nesting depth, the
number of objects, lengths, so a hostile file costs nothing but an error.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32
MAX_OBJECTS = 1_000_000
MAX_INFLATED = 64 * 1024 * 1024  # an embedded JSON is a few KB; a bomb is refused

_WS = b" \t\r\n\f\0"
_DELIM = b"()<>[]{}/%"
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R(?![^ \t\r\n\f\0()<>\[\]{}/%])")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


class PdfReadError(ValueError):
    """Not a file this reader understands (not written by unified_forms, damaged or rewritten)."""


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Ref:
    num: int
    gen: int = 0


@dataclass(frozen=True, slots=True)
class Stream:
    dict: dict[str, Any]
    raw: bytes
    offset: int  # where the object starts in the file

    def data(self) -> bytes:
        """The decoded bytes (no filter, or FlateDecode)."""
        f = self.dict.get("Filter")
        filters = [f] if isinstance(f, Name) else list(f or [])
        out = self.raw
        for flt in filters:
            if not isinstance(flt, Name) or flt.name != "FlateDecode":
                raise PdfReadError(f"unsupported stream filter {flt!r}")
            d = zlib.decompressobj()
            try:
                out = d.decompress(out, MAX_INFLATED)
            except zlib.error as exc:
                raise PdfReadError(f"a compressed stream is damaged ({exc})") from None
            if d.unconsumed_tail:
                raise PdfReadError("a compressed stream is too large")
        return out


class _Parser:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos

    def skip(self) -> None:
        data, n = self.data, len(self.data)
        while self.pos < n:
            c = data[self.pos]
            if c in _WS:
                self.pos += 1
            elif c == 0x25:  # % comment to end of line
                while self.pos < n and data[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                return

    def value(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise PdfReadError("objects nested too deeply")
        self.skip()
        data, p = self.data, self.pos
        if p >= len(data):
            raise PdfReadError("unexpected end of file")
        c = data[p : p + 1]
        if data.startswith(b"<<", p):
            self.pos += 2
            out: dict[str, Any] = {}
            while True:
                self.skip()
                if data.startswith(b">>", self.pos):
                    self.pos += 2
                    return out
                key = self.value(depth + 1)
                if not isinstance(key, Name):
                    raise PdfReadError("a dictionary key is not a name")
                out[key.name] = self.value(depth + 1)
        if c == b"[":
            self.pos += 1
            items: list[Any] = []
            while True:
                self.skip()
                if data.startswith(b"]", self.pos):
                    self.pos += 1
                    return items
                items.append(self.value(depth + 1))
        if c == b"/":
            end = p + 1
            while end < len(data) and data[end] not in _WS and data[end] not in _DELIM:
                end += 1
            self.pos = end
            raw = data[p + 1 : end]
            return Name(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1"))
        if c == b"(":
            return self._literal()
        if c == b"<":
            end = data.find(b">", p)
            if end < 0:
                raise PdfReadError("unterminated hex string")
            self.pos = end + 1
            digits = re.sub(rb"\s", b"", data[p + 1 : end])
            try:
                return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
            except ValueError:
                raise PdfReadError("bad hex string") from None
        m = _REF.match(data, p)
        if m:
            self.pos = m.end()
            return Ref(int(m.group(1)), int(m.group(2)))
        m = _NUMBER.match(data, p)
        if m:
            self.pos = m.end()
            text = m.group(0)
            return float(text) if b"." in text else int(text)
        for word, val in ((b"true", True), (b"false", False), (b"null", None)):
            if data.startswith(word, p):
                self.pos += len(word)
                return val
        raise PdfReadError(f"unexpected {data[p : p + 10]!r} at byte {p}")

    def _literal(self) -> bytes:
        data = self.data
        p = self.pos + 1
        depth = 1
        out = bytearray()
        escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
        while p < len(data):
            c = data[p]
            if c == 0x5C:  # backslash
                p += 1
                e = data[p] if p < len(data) else 0
                if e in escapes:
                    out += escapes[e]
                    p += 1
                elif 0x30 <= e <= 0x37:
                    m = re.match(rb"[0-7]{1,3}", data[p : p + 3])
                    assert m is not None
                    out.append(int(m.group(0), 8) & 0xFF)
                    p += len(m.group(0))
                elif e in b"\r\n":
                    p += 2 if data[p : p + 2] == b"\r\n" else 1
                else:
                    out.append(e)
                    p += 1
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos = p + 1
                    return bytes(out)
            out.append(c)
            p += 1
        raise PdfReadError("unterminated string")


def text_of(value: Any) -> str:
    """A PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding read as Latin-1)."""
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "surrogatepass")
        return value.decode("latin-1")
    raise PdfReadError("expected a string")


class PdfFileReader:
    """One revision of a PDF with a classic cross-reference table; objects parsed on demand."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF-"):
            raise PdfReadError("not a PDF file")
        self.data = data
        tail = data[-1024:]
        at = tail.rfind(b"startxref")
        if at < 0:
            raise PdfReadError("no startxref at the end of the file")
        m = re.match(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail[at:])
        if not m:
            raise PdfReadError("the file does not end with startxref … %%EOF")
        self.revisions = data.count(b"%%EOF")
        self.xref_offset = int(m.group(1))
        self.offsets, self.trailer_offset = self._xref(self.xref_offset)
        p = _Parser(data, self.trailer_offset + len(b"trailer"))
        trailer = p.value()
        if not isinstance(trailer, dict):
            raise PdfReadError("the trailer is not a dictionary")
        self.trailer: dict[str, Any] = trailer

    def _xref(self, offset: int) -> tuple[dict[int, int], int]:
        data = self.data
        if not data.startswith(b"xref", offset):
            raise PdfReadError("no classic cross-reference table (the file was rewritten by another tool)")
        pos = offset + 4
        offsets: dict[int, int] = {}
        while True:
            m = re.compile(rb"\s*(\d+) (\d+)[ \t]*\r?\n").match(data, pos)
            if not m:
                break
            first, count = int(m.group(1)), int(m.group(2))
            if count > MAX_OBJECTS:
                raise PdfReadError("too many objects")
            pos = m.end()
            for i in range(count):
                entry = data[pos : pos + 20]
                if len(entry) < 18 or entry[17:18] not in (b"n", b"f"):
                    raise PdfReadError("damaged cross-reference table")
                if not entry[:10].isdigit():
                    raise PdfReadError("damaged cross-reference table")
                if entry[17:18] == b"n":
                    offsets[first + i] = int(entry[:10])
                pos += 20
        t = data.find(b"trailer", pos)
        if t < 0 or data[pos:t].strip():
            raise PdfReadError("no trailer after the cross-reference table")
        return offsets, t

    def obj(self, ref: Any) -> Any:
        """The object ``ref`` names (a Ref), or ``ref`` itself when it is a direct value."""
        if not isinstance(ref, Ref):
            return ref
        offset = self.offsets.get(ref.num)
        if offset is None:
            raise PdfReadError(f"object {ref.num} is not in the cross-reference table")
        m = _OBJ.match(self.data, offset)
        if not m or int(m.group(1)) != ref.num:
            raise PdfReadError(f"object {ref.num} is not where the cross-reference table says")
        p = _Parser(self.data, m.end())
        value = p.value()
        p.skip()
        if isinstance(value, dict) and self.data.startswith(b"stream", p.pos):
            start = p.pos + len(b"stream")
            if self.data.startswith(b"\r\n", start):
                start += 2
            elif self.data.startswith(b"\n", start):
                start += 1
            length = self.obj(value.get("Length"))
            if not isinstance(length, int) or length < 0 or start + length > len(self.data):
                raise PdfReadError(f"object {ref.num}: bad stream length")
            return Stream(value, self.data[start : start + length], offset)
        return value

    def offset_of(self, ref: Ref) -> int:
        offset = self.offsets.get(ref.num)
        if offset is None:
            raise PdfReadError(f"object {ref.num} is not in the cross-reference table")
        return offset

    def get(self, d: Any, key: str) -> Any:
        """``d[key]`` resolved (None when absent or ``d`` is not a dictionary)."""
        if isinstance(d, Stream):
            d = d.dict
        if not isinstance(d, dict):
            return None
        return self.obj(d.get(key))
