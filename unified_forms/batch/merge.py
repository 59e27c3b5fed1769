"""``batch --merge``: one PDF of every record in input order, written while the batch runs.

Why streaming: a school's or a city's merged PDF has thousands of pages, and
keeping every record's resolved pages until the end grew the batch process by
~0.6 MB per page. Here each record's pages go to the PDF as soon as every
record before it is done (workers finish chunks out of order, so a few chunks
wait in memory at most: those in flight), and the font subset of the whole
file is written at the end (render/pdf.py's PdfWriter). The file appears under
its final name only when complete (temporary name, then ``os.replace``); an
interrupted batch leaves no half merged PDF.
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from unified_forms.safe_io import create_temp


class MergedPdf:
    """Pages of records, in the order their lines were announced with :meth:`expect`."""

    def __init__(self, target: Path, *, fsync: bool = False, pdfa: bool = False) -> None:
        self.target = target
        self.fsync = fsync
        self.pdfa = pdfa  # a PDF/A-2b file (render/pdfa.py); no record's data is embedded in it
        self._order: deque[int] = deque()
        self._ready: dict[int, Any] = {}  # line -> Document, or None for a record without pages
        self._tmp: Path | None = None
        self._fh: IO[bytes] | None = None
        self._writer: Any = None
        self.pages = 0

    def __enter__(self) -> MergedPdf:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()

    def expect(self, line: int) -> None:
        """A record was submitted: its pages come after those of every record announced before."""
        self._order.append(line)

    def done(self, line: int, document: Any) -> None:
        """The record of ``line`` is finished (``document`` None: it failed, nothing to print)."""
        self._ready[line] = document
        while self._order and self._order[0] in self._ready:
            doc = self._ready.pop(self._order.popleft())
            if doc is not None:
                self._write(doc)

    def _write(self, doc: Any) -> None:
        if self._writer is None:
            from unified_forms.render.pdf import PdfWriter, paper_size_mm
            from unified_forms.render.pdfa import Archive

            self._fh, self._tmp = create_temp(self.target)  # O_EXCL, never through a symlink; closed in close()/abort()
            archive = Archive() if self.pdfa else None
            self._writer = PdfWriter(
                self._fh, title=doc.title, subject=doc.form_id, paper_mm=paper_size_mm(doc), archive=archive
            )
        for page in doc.pages:
            self._writer.add_page(page)
            self.pages += 1

    def close(self) -> Path | None:
        """Finish the file under its final name; None when no record had pages."""
        for line in list(self._order):  # records never reported (should not happen): nothing to print
            self.done(line, self._ready.pop(line, None))
        if self._writer is None:
            return None
        assert self._fh is not None and self._tmp is not None
        try:
            self._writer.close()
            if self.fsync:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)
        except BaseException:
            self.abort()
            raise
        self._writer = None
        return self.target

    def abort(self) -> None:
        """Drop the unfinished file."""
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
        self._writer = None
