"""Shaping: text → glyph ids of IPAmj明朝, with the exact source text of each glyph.

INTERFACE (fixed; implementation owned by the glyph-engine work):

- ``shape(text, vertical=False) -> ShapedRun`` — shapes one line of text with
  HarfBuzz (uharfbuzz) using the process-wide IPAmj face. Each Glyph carries
  the exact code points it stands for (``text``), so a base+IVS cluster is one
  glyph whose ``text`` is both code points. Results are cached by (text, vertical).
- Advances are in font units (``units_per_em`` of the face, 2048 for IPAmj).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Glyph:
    gid: int
    text: str  # exact source code points this glyph stands for
    advance: int  # font units; x advance (horizontal) or y advance (vertical)
    x_offset: int = 0
    y_offset: int = 0
    # None when the glyph prints exactly what ``text`` asks for; otherwise a
    # short reason such as "ivs-not-in-font" (base printed) or "missing-glyph"
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class ShapedRun:
    text: str
    glyphs: tuple[Glyph, ...]
    advance: int  # sum of glyph advances, font units
    units_per_em: int
    vertical: bool = False

    def width_mm(self, size_pt: float) -> float:
        """Printed length of the run at ``size_pt`` in millimetres."""
        return self.advance / self.units_per_em * size_pt * 25.4 / 72.0
