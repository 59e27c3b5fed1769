"""Checks the health forms share (conformance.md, 「Typesetting of labels and small text」).

* a label never breaks inside a word: every printed label's lines are exactly the lines the
  layout or binding gave it (its explicit line breaks), never an automatic wrap;
* one block has one label size;
* text for parents and legal records prints at 6 pt or more.
"""

from __future__ import annotations

from collections.abc import Iterable

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
