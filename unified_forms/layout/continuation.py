"""Continuation sheets (別紙): where a text that its box may not hold goes on, in full.

指導要録 所見 and other long texts may continue on a 別紙 when the layout
allows it (``overflow: continuation``). The sheet says which form and whose
record it belongs to, which field continues, and then the rest of the text,
flowing over as many sheets as it needs. Every character that was not
printed in the box is printed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from unified_forms.errors import FormDataError
from unified_forms.layout.bound import Bound
from unified_forms.layout.build import Continued, PageBuilder
from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.page import Fill, Page, Rect
from unified_forms.layout.spec import FitSpec, TextStyle

MARGIN = 15.0  # mm on every side
TITLE_H = 12.0
SUBJECT_H = 7.0
HEADING_H = 7.0
MIN_BODY = 15.0  # mm: start a new sheet rather than print a sliver


@dataclass(slots=True)
class _Sheet:
    builder: PageBuilder
    y: float


def continuation_pages(
    continued: list[Continued], bound: Bound, title: str, width: float, height: float
) -> tuple[list[Page], list[tuple[str, FitOutcome]]]:
    """Lay out every continued text on as many 別紙 as needed."""
    sheets: list[_Sheet] = []
    subject = bound.slot("continuation_subject").text

    def new_sheet() -> _Sheet:
        b = PageBuilder()
        heading = TextStyle(size=14, align="center", letter_spacing=0.3, fit=FitSpec(min_size=9))
        head = Rect(MARGIN, MARGIN, width - 2 * MARGIN, TITLE_H)
        b.text(head, f"{title}　別紙", heading, static=True, path=None, block="別紙 title")
        y = MARGIN + TITLE_H
        if subject:
            style = TextStyle(size=10, fit=FitSpec(min_size=6))
            b.text(Rect(MARGIN, y, width - 2 * MARGIN, SUBJECT_H), subject, style, static=False, path=None)
        y += SUBJECT_H + 2
        sheet = _Sheet(b, y)
        sheets.append(sheet)
        return sheet

    sheet = new_sheet()
    body_w = width - 2 * MARGIN
    bottom = height - MARGIN
    for item in continued:
        rest = item.text
        first = True
        while rest:
            if bottom - sheet.y < HEADING_H + MIN_BODY:
                sheet = new_sheet()
            heading = f"{item.label}（{'前ページ' if first else '前の別紙'}からの続き）"
            head_rect = Rect(MARGIN, sheet.y, body_w, HEADING_H)
            sheet.builder.fills.append(Fill(head_rect, 0.92, static=False))
            sheet.builder.box(head_rect, 0.5, "solid")
            style = TextStyle(size=10, fit=FitSpec(min_size=7))
            sheet.builder.text(head_rect, heading, style, static=False, path=None)
            sheet.y += HEADING_H
            body = Rect(MARGIN, sheet.y, body_w, bottom - sheet.y)
            size = float(item.style.size) if not isinstance(item.style.size, str) else 10.0
            body_style = TextStyle(
                size=size,
                valign="top",
                padding=2.0,
                fit=FitSpec(min_size=size, wrap=True, line_height=max(item.style.fit.line_height, 1.4),
                            overflow="continuation"),
            )
            before = len(sheet.builder.continued)
            sheet.builder.text(body, rest, body_style, static=False, path=item.path, label=item.label)
            placed = sheet.builder.texts[-1]
            used = placed.lines[-1].baseline - body.y + 3.0 if placed.lines else 0.0
            sheet.builder.box(Rect(MARGIN, body.y, body_w, used), 0.3, "solid", sides="blr")
            sheet.y = body.y + used + 4.0
            if len(sheet.builder.continued) > before:
                rest = sheet.builder.continued.pop().text
                sheet = new_sheet()
                first = False
            else:
                rest = ""
    pages = [s.builder.page(width, height) for s in sheets]
    fits = [fit for s in sheets for fit in s.builder.fits]
    errors = [e for s in sheets for e in s.builder.errors]
    if errors:  # a single grapheme wider than the sheet; cannot happen with real text, never silent
        raise FormDataError(errors)
    return pages, fits
