"""The naive ReportLab baseline every figure in bench/ is compared with.

What a typical integration does: register IPAmj明朝 with ReportLab's TTFont,
open a new canvas per document, ``drawString`` every text at the position our
layout computed, draw the same rules, let ReportLab subset the font on save.
It draws the same pages as unified_forms (from the same resolved page model),
so the ratio measures the engine, not a different amount of work.
"""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from unified_forms.layout.page import Document, Page
from unified_forms.text.font import find_font

MM = 72.0 / 25.4
_REGISTERED = False


def register_font() -> None:
    global _REGISTERED
    if not _REGISTERED:
        pdfmetrics.registerFont(TTFont("IPAmjMincho", str(find_font())))
        _REGISTERED = True


def draw_page(c: Canvas, page: Page) -> None:
    h = page.height
    for fill in page.fills:
        c.setFillGray(fill.gray)
        r = fill.rect
        c.rect(r.x * MM, (h - r.bottom) * MM, r.w * MM, r.h * MM, stroke=0, fill=1)
    c.setFillGray(0)
    for rule in page.rules:
        c.setLineWidth(rule.width)
        c.line(rule.x1 * MM, (h - rule.y1) * MM, rule.x2 * MM, (h - rule.y2) * MM)
    for box in page.texts:
        c.setFont("IPAmjMincho", box.size)
        for line in box.lines:
            c.drawString(line.x * MM, (h - line.baseline) * MM, line.run.text)


def render(doc: Document, pages: list[Page] | None = None) -> bytes:
    register_font()
    buf = io.BytesIO()
    first = doc.pages[0]
    c = Canvas(buf, pagesize=(first.width * MM, first.height * MM), invariant=1)
    for page in pages or list(doc.pages):
        draw_page(c, page)
        c.showPage()
    c.save()
    return buf.getvalue()
