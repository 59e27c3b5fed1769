"""The PDF file structure, written directly: numbered objects, a cross-reference table, a trailer.

Why our own ~150 lines instead of ReportLab's document object model: every
page of a 95,000-pupil batch would otherwise pass through a framework that
builds a Python object per PDF object and formats each on save (≈30 % of the
render time of a one-page 名簿), holds every page until the end (a 10,000-page
PDF must be written as it is made, in bounded memory) and costs ~0.1 s to
import. What we write needs very little of PDF: dictionaries given as finished
text, streams already deflated, indirect references. Objects go to the sink
as soon as they are complete; only their offsets are kept.

Deterministic by construction: no dates, and the trailer's /ID is an MD5 of
every byte before it, so the same document gives the same file.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def pdf_string(text: str) -> str:
    """A PDF text string: literal when printable ASCII, else UTF-16BE with a byte order mark, in hex."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


def pdf_name(name: str) -> str:
    """A PDF name object: characters outside the regular set written as #xx (``application/json``
    becomes ``/application#2Fjson``)."""
    out = []
    for b in name.encode("utf-8"):
        c = chr(b)
        out.append(c if 0x21 <= b <= 0x7E and c not in "#()<>[]{}/%" else f"#{b:02X}")
    return "/" + "".join(out)


class PdfFile:
    """Objects written to ``sink`` in the order they are finished; ``close`` writes xref and trailer.

    Object numbers come from :meth:`reserve` (so that a page can name the font
    object written at the very end); every reserved number must be written
    before :meth:`close`.
    """

    def __init__(self, sink: BinaryIO, *, sha256: bool = False) -> None:
        self._sink = sink
        self._md5 = hashlib.md5(usedforsecurity=False)
        # PDF/A with embedded data records a SHA-256 of every byte before its metadata (render/pdfa.py)
        self._sha256 = hashlib.sha256() if sha256 else None
        self._pos = 0
        self._offsets: list[int] = []  # index = object number - 1; -1 = reserved, not written yet
        self._write(HEADER)

    def _write(self, data: bytes) -> None:
        self._sink.write(data)
        self._md5.update(data)
        if self._sha256 is not None:
            self._sha256.update(data)
        self._pos += len(data)

    def md5_so_far(self) -> str:
        """Hex MD5 of every byte written so far (what the trailer's /ID will start from)."""
        return self._md5.copy().hexdigest()

    def sha256_so_far(self) -> str:
        """Hex SHA-256 of every byte written so far (the file was opened with ``sha256=True``)."""
        if self._sha256 is None:
            raise ValueError("this PdfFile does not keep a SHA-256 (open it with sha256=True)")
        return self._sha256.hexdigest()

    def reserve(self) -> int:
        """A new object number, to be written later."""
        self._offsets.append(-1)
        return len(self._offsets)

    def object(self, body: str, num: int | None = None) -> int:
        """Write ``body`` (PDF syntax, ASCII) as object ``num`` (a new number if None); returns the number."""
        if num is None:
            num = self.reserve()
        self._offsets[num - 1] = self._pos
        self._write(b"%d 0 obj\n%s\nendobj\n" % (num, body.encode("ascii")))
        return num

    def stream(self, entries: str, data: bytes, num: int | None = None) -> int:
        """A stream object; ``entries`` is the inside of its dictionary without /Length."""
        if num is None:
            num = self.reserve()
        self._offsets[num - 1] = self._pos
        head = b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (num, entries.encode("ascii"), len(data))
        self._write(head + data + b"\nendstream\nendobj\n")
        return num

    def close(self, root: int, info: int) -> None:
        """Cross-reference table and trailer; the file is complete after this."""
        missing = [i + 1 for i, off in enumerate(self._offsets) if off < 0]
        if missing:
            raise ValueError(f"PDF objects reserved but never written: {missing[:10]}")
        start = self._pos
        n = len(self._offsets) + 1
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % n]
        xref.extend(b"%010d 00000 n \n" % off for off in self._offsets)
        self._write(b"".join(xref))
        file_id = self._md5.hexdigest().upper()
        trailer = (
            f"trailer\n<< /Size {n} /Root {root} 0 R /Info {info} 0 R /ID [<{file_id}> <{file_id}>] >>\n"
            f"startxref\n{start}\n%%EOF\n"
        )
        self._write(trailer.encode("ascii"))
