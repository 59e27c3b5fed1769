"""Checks the health forms share (conformance.md, 「Typesetting of labels and small text」), and the
integer rounding and page-model reading the survey recounts use.

* a label never breaks inside a word: every printed label's lines are exactly the lines the
  layout or binding gave it (its explicit line breaks), never an automatic wrap;
* one block has one label size;
* text for parents and legal records prints at 6 pt or more.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from formkit import texts_by_field
from PIL import Image, ImageDraw
from pypdf import PdfReader

from unified_forms.layout.page import Document, TextBox

MIN_PT = 6.0


def texts(doc: Document) -> list[TextBox]:
    return [t for page in doc.pages for t in page.texts]


def too_small(doc: Document) -> list[tuple[str, float]]:
    return [(t.text, t.size) for t in texts(doc) if t.size < MIN_PT - 1e-6]


def broken_labels(boxes: Iterable[TextBox]) -> list[tuple[str, list[str]]]:
    """Labels whose printed lines (columns, when vertical) differ from their own line breaks."""
    out = []
    for t in boxes:
        lines = [ln.run.text for ln in t.lines]
        if lines != t.text.split("\n"):
            out.append((t.text, lines))
    return out


def static_labels(doc: Document) -> list[TextBox]:
    return [t for t in texts(doc) if t.static]


# --- the recounts of the two surveys print rates and means the way the sheets must


def pct(n: int, d: int) -> str:
    if d == 0:
        return "…"
    k = (2 * n * 1000 + d) // (2 * d)  # floor(n / d * 1000 + 1/2): 四捨五入 to 0.1 %, in integers
    return f"{k // 10}.{k % 10}"


def avg(n: int, d: int) -> str:
    if d == 0:
        return "…"
    k = (2 * n * 100 + d) // (2 * d)
    return f"{k // 100}.{k % 100:02d}"


def printed_tally(doc: Any, source: str) -> dict[tuple[str, str], dict[str, str]]:
    """(group, sex) → key → printed text, from the page model (a P-19 cell's field is source[row].key)."""
    fields = texts_by_field(doc)
    rows: dict[int, dict[str, str]] = defaultdict(dict)
    for field, text in fields.items():
        if field.startswith(f"{source}["):
            row, key = field[len(source) + 1 :].split("].", 1)
            rows[int(row)][key] = text
    out: dict[tuple[str, str], dict[str, str]] = {}
    group = ""
    for r in sorted(rows):
        group = rows[r].pop("group", group)  # printed once per group (a spanning cell)
        out[(group, rows[r].pop("sex"))] = rows[r]
    return out


def seal_png(width: int = 120, height: int = 120) -> bytes:
    """A made-up 印影 (a red ring with a bar), transparent around it, built in memory."""
    im = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((4, 4, width - 5, height - 5), outline=(200, 30, 30, 255), width=8)
    d.line((width // 2, 20, width // 2, height - 20), fill=(200, 30, 30, 255), width=8)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def text_extent(box: TextBox) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in mm of the ink area a box's lines take (horizontal text)."""
    mm = 25.4 / 72
    right = max(ln.x + ln.run.advance / ln.run.units_per_em * box.size * mm for ln in box.lines)
    top = min(ln.baseline for ln in box.lines) - box.size * mm * 0.88
    bottom = max(ln.baseline for ln in box.lines) + box.size * mm * 0.12
    return min(ln.x for ln in box.lines), top, right, bottom


def pdf_images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image XObject the PDF's pages draw."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            o = obj.get_object()
            if o["/Subtype"] == "/Image":
                out.append((int(o["/Width"]), int(o["/Height"])))
    return out


def xlsx_media(xlsx: bytes) -> list[bytes]:
    """The pictures a workbook holds (xl/media/*)."""
    book = zipfile.ZipFile(io.BytesIO(xlsx))
    return [book.read(n) for n in book.namelist() if n.startswith("xl/media/")]
