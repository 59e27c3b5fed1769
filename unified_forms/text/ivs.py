"""Ideographic variation sequences and what IPAmj明朝 does with each of them.

Why: a registered name such as 葛󠄂 (葛 + U+E0102) must print the exact glyph, and
a sequence the font does not know (e.g. an Adobe-Japan1 selector) must be
reported and printed as its base, never dropped. HarfBuzz can tell whether a
sequence has a glyph, but not whether the font lists it as a *default*
sequence (same glyph as the plain base) — that distinction is in the cmap
format 14 table, which we parse here on first need only.
"""

from __future__ import annotations

import os
import struct
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


def parse_cmap14(cmap: bytes) -> IvsTable:
    """The format 14 subtable (platform 0, encoding 5) of a raw ``cmap`` table.

    Parsed directly (the layout is three flat record arrays) because going
    through fontTools decodes the 61,179 glyph names of ``post`` first, which
    costs ~0.1 s for IPAmj; this takes a few milliseconds and yields gids.
    """
    if len(cmap) < 4:
        return IvsTable({})
    (num_tables,) = struct.unpack_from(">H", cmap, 2)
    sub_off = None
    for i in range(num_tables):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        if platform == 0 and encoding == 5 and struct.unpack_from(">H", cmap, offset)[0] == 14:
            sub_off = offset
            break
    if sub_off is None:
        return IvsTable({})
    (num_records,) = struct.unpack_from(">I", cmap, sub_off + 6)
    out: dict[int, dict[int, int | None]] = {}
    for r in range(num_records):
        rec = sub_off + 10 + 11 * r
        sel = int.from_bytes(cmap[rec : rec + 3], "big")
        default_off, non_default_off = struct.unpack_from(">II", cmap, rec + 3)
        seqs: dict[int, int | None] = {}
        if default_off:
            base_off = sub_off + default_off
            (n,) = struct.unpack_from(">I", cmap, base_off)
            for k in range(n):
                e = base_off + 4 + 4 * k
                start = int.from_bytes(cmap[e : e + 3], "big")
                for cp in range(start, start + cmap[e + 3] + 1):
                    seqs[cp] = None
        if non_default_off:
            base_off = sub_off + non_default_off
            (n,) = struct.unpack_from(">I", cmap, base_off)
            for k in range(n):
                e = base_off + 4 + 5 * k
                cp = int.from_bytes(cmap[e : e + 3], "big")
                (gid,) = struct.unpack_from(">H", cmap, e + 3)
                seqs[cp] = gid
        out[sel] = seqs
    return IvsTable(out)


def read_ivs_table(path: str | os.PathLike[str]) -> IvsTable:
    """cmap 14 of the font file at ``path``."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return parse_cmap14(face.reference_table("cmap").data)
