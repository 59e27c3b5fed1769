"""Every sample's workbook, printed by LibreOffice, matches the library's PDF.

Same page count, same paper, and on every page the printed text's bounding box
(``pdftotext -bbox``) within a few millimetres of the PDF's: so the sheet is
neither shrunk (the Calibri-width bug printed forms at 73-86 %) nor moved to the
paper's edge (the zero-margin bug), and every text is on the right page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.xlsx.conftest import Printed
from tests.xlsx.libreoffice import needs_soffice, samples

pytestmark = needs_soffice

PT_TO_MM = 25.4 / 72
# Cell text is placed by the spreadsheet (its padding, its line breaks of wrapped text), not
# glyph by glyph as in the PDF; measured over all 20 samples the worst side is 2.4 mm
# (4.4 mm for the 週案's wrapped notes, broken at other characters). Rows and columns are
# whole pixels (0.26 mm); a shrunk or shifted page is off by 10 mm or more.
TOLERANCE_MM = 5.0
PAPER_TOLERANCE_MM = 1.0


@dataclass(frozen=True)
class PageText:
    width: float  # mm
    height: float
    bbox: tuple[float, float, float, float] | None  # x0, y0, x1, y1 mm of every word
    words: int


def page_texts(pdf: Path) -> list[PageText]:
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ET.fromstring(xhtml).iter("page"):
        xs: list[float] = []
        ys: list[float] = []
        for word in page.iter("word"):
            xs += [float(word.get("xMin", 0)), float(word.get("xMax", 0))]
            ys += [float(word.get("yMin", 0)), float(word.get("yMax", 0))]
        bbox = (min(xs) * PT_TO_MM, min(ys) * PT_TO_MM, max(xs) * PT_TO_MM, max(ys) * PT_TO_MM) if xs else None
        w, h = float(page.get("width", 0)) * PT_TO_MM, float(page.get("height", 0)) * PT_TO_MM
        pages.append(PageText(w, h, bbox, len(xs) // 2))
    return pages


STEMS = [s.stem for s in samples()]


@pytest.mark.parametrize("stem", STEMS)
def test_workbook_prints_like_the_pdf(stem: str, printed: dict[str, Printed]) -> None:
    got = printed[stem]
    assert got.lo_pdf.is_file(), f"LibreOffice did not convert {got.xlsx.name}"
    want, lo = page_texts(got.pdf), page_texts(got.lo_pdf)
    assert len(lo) == len(want), f"{stem}: {len(lo)} pages from LibreOffice, {len(want)} in the PDF"
    for i, (a, b) in enumerate(zip(want, lo, strict=True), start=1):
        assert (b.width, b.height) == pytest.approx((a.width, a.height), abs=PAPER_TOLERANCE_MM), f"page {i} paper"
        assert (a.bbox is None) == (b.bbox is None), f"page {i}: text on one side only"
        if a.bbox is None or b.bbox is None:
            continue
        worst = max(abs(p - q) for p, q in zip(a.bbox, b.bbox, strict=True))
        assert worst <= TOLERANCE_MM, (
            f"{stem} page {i}: text box {tuple(round(v, 1) for v in b.bbox)} mm in LibreOffice, "
            f"{tuple(round(v, 1) for v in a.bbox)} mm in the PDF (off by {worst:.1f} mm)"
        )


def test_every_sample_is_compared() -> None:
    assert len(STEMS) >= 20
    assert {"grade_list", "transcript", "report_card", "guidance_record_elementary"} <= set(STEMS)
