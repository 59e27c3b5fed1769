"""A HarfBuzz subset of IPAmj明朝 holding exactly the glyphs a document uses.

Why here and not in render/: HarfBuzz (uharfbuzz) is the text engine's
library; the renderers only need "these glyph ids → a small TrueType font and
where each glyph went". Keeping every HarfBuzz call under text/ lets the
render stage be read, tested and replaced without it.

The subset is renumbered compactly (no retained gids); tables a PDF viewer
never reads from an embedded CIDFontType2 are dropped (layout is done,
CIDToGIDMap replaces cmap, metrics come from /W). ``post`` stays (32 bytes once
glyph names are gone) and ``name`` keeps only HarfBuzz's default ids 0-6: some
viewers refuse fonts without them. Subsetting starts from the preprocessed face
once a process has made a few documents (FontFace.face_for_subsetting); the
bytes are the same either way (tested).
"""

from __future__ import annotations

import uharfbuzz as hb

from unified_forms.text.font import FontFace

DROP_TABLES: tuple[str, ...] = (
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "cmap", "vhea", "vmtx", "VORG",
    "gasp", "DSIG", "kern", "hdmx", "LTSH", "VDMX", "PCLT",
)  # fmt: skip

# Measured on IPAmj 005.01 (400 random kanji): with TrueType hinting 283 KB
# (213 KB deflated), without 159 KB (113 KB deflated). Print and PDF viewers
# rasterise without the font's bytecode, so hinting is dropped.
SUBSET_FLAGS = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NO_LAYOUT_CLOSURE


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("latin-1"), "big")


_DROP = tuple(_tag(t) for t in DROP_TABLES)


def subset_program(face: FontFace, gids: tuple[int, ...]) -> tuple[bytes, dict[int, int]]:
    """(font program, old gid -> new gid) of the subset of ``gids`` (sorted, with 0)."""
    inp = hb.SubsetInput()
    glyph_set = inp.glyph_set
    for gid in gids:
        glyph_set.add(gid)
    inp.flags = SUBSET_FLAGS
    drop = inp.drop_table_tag_set
    for t in _DROP:
        drop.add(t)
    plan = hb.SubsetPlan(face.face_for_subsetting(), inp)
    program = plan.execute().blob.data
    hb_map = plan.old_to_new_glyph_mapping
    mapping: dict[int, int] = {}
    for gid in gids:
        new = hb_map.get(gid)  # uharfbuzz's Map.get takes no default
        if new is None or (gid != 0 and new == 0):
            raise RuntimeError(f"glyph {gid} missing from the HarfBuzz subset")
        mapping[gid] = new
    if len(mapping) != len(hb_map):
        raise RuntimeError(f"HarfBuzz subset holds {len(hb_map)} glyphs, {len(mapping)} asked for")
    return program, mapping
