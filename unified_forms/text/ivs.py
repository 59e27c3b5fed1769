"""Ideographic variation sequences and what IPAmj明朝 does with each of them.

Why: a registered name such as 葛󠄂 (葛 + U+E0102) must print the exact glyph, and
a sequence the font does not know (e.g. an Adobe-Japan1 selector) must be
reported and printed as its base, never dropped. HarfBuzz can tell whether a
sequence has a glyph, but not whether the font lists it as a *default*
sequence (same glyph as the plain base) — that distinction is in the cmap
format 14 table, which we read here with fontTools on first need only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

IVS_FIRST = 0xE0100
IVS_LAST = 0xE01EF
SVS_FIRST = 0xFE00
SVS_LAST = 0xFE0F
MONGOLIAN_FVS = (0x180B, 0x180C, 0x180D, 0x180F)

SequenceKind = Literal["default", "non-default", "absent"]


def is_ivs_selector(cp: int) -> bool:
    """U+E0100..U+E01EF (ideographic variation selectors)."""
    return IVS_FIRST <= cp <= IVS_LAST


def is_variation_selector(cp: int) -> bool:
    """Any variation selector: VS1..VS16, VS17..VS256, Mongolian FVS."""
    return SVS_FIRST <= cp <= SVS_LAST or IVS_FIRST <= cp <= IVS_LAST or cp in MONGOLIAN_FVS


@dataclass(frozen=True, slots=True)
class IvsTable:
    """cmap 14 of one font: selector -> {base: gid, or None for a default sequence}."""

    sequences: dict[int, dict[int, int | None]]

    def kind(self, base: int, selector: int) -> SequenceKind:
        seqs = self.sequences.get(selector)
        if seqs is None or base not in seqs:
            return "absent"
        return "default" if seqs[base] is None else "non-default"

    def glyph(self, base: int, selector: int) -> int | None:
        """gid of a non-default sequence; None for default or absent ones."""
        seqs = self.sequences.get(selector)
        return None if seqs is None else seqs.get(base)

    def selectors(self) -> list[int]:
        return sorted(self.sequences)

    def bases_for(self, selector: int) -> list[int]:
        return sorted(self.sequences.get(selector, {}))

    def selectors_for(self, base: int) -> list[int]:
        return sorted(s for s, seqs in self.sequences.items() if base in seqs)

    def __iter__(self) -> Iterator[tuple[int, int, int | None]]:
        """(base, selector, gid-or-None) in code point order."""
        for sel in sorted(self.sequences):
            seqs = self.sequences[sel]
            for base in sorted(seqs):
                yield base, sel, seqs[base]

    def __len__(self) -> int:
        return sum(len(s) for s in self.sequences.values())

    def counts(self) -> dict[str, int]:
        default = sum(1 for _, _, g in self if g is None)
        return {"sequences": len(self), "default": default, "non_default": len(self) - default}


def read_ivs_table(path: str | os.PathLike[str]) -> IvsTable:
    """Read cmap format 14 with fontTools (lazy table loading; ~80 ms for IPAmj)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as tt:
        if "cmap" not in tt:
            return IvsTable({})
        sub = next((t for t in tt["cmap"].tables if t.format == 14), None)
        if sub is None:
            return IvsTable({})
        rev = tt.getReverseGlyphMap()
        out: dict[int, dict[int, int | None]] = {}
        for sel, pairs in sub.uvsDict.items():
            out[sel] = {base: (None if name is None else rev[name]) for base, name in pairs}
    return IvsTable(out)
