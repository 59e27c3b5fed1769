"""Shaping: text → glyph ids of IPAmj明朝, with the exact source text of each glyph.

INTERFACE (fixed; implementation owned by the glyph-engine work):

- ``shape(text, vertical=False) -> ShapedRun`` — shapes one line of text with
  HarfBuzz (uharfbuzz) using the process-wide IPAmj face. Each Glyph carries
  the exact code points it stands for (``text``), so a base+IVS cluster is one
  glyph whose ``text`` is both code points. Results are cached by (text, vertical).
- Advances are in font units (``units_per_em`` of the face, 2048 for IPAmj).

Why the post-processing below HarfBuzz: a PDF must give back exactly the
code points it was given (a 20-year legal record), and must never print the
font's .notdef box. So every glyph carries its cluster's source text, a
selector the font lacks is folded into its base glyph (printed as the base,
extracted as base+selector), and a code point the font lacks prints 〓 while
keeping its own text. ``"".join(g.text for g in run.glyphs) == run.text``
always holds, and no glyph has gid 0.

Offsets are HarfBuzz's, y up, font units. For vertical runs (direction ttb,
``vert``/``vrt2`` on) the pen sits at the glyph's vertical origin (top centre
of its em box); ``x_offset``/``y_offset`` move from there to the point where
the glyph's outline origin goes (typically ``-advance_h/2`` and ``-ascender``),
and ``advance`` is the positive distance downwards to the next glyph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import uharfbuzz as hb

from unified_forms import caches
from unified_forms.text.font import FontFace, load_font
from unified_forms.text.ivs import is_variation_selector


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
    # FontFace.key (resolved font path) the gids belong to; "" = the default face
    font_key: str = ""
    # made on the per-character fast path: glyph i is the char table's glyph of text[i], no offsets,
    # advance = the glyph's own width (a renderer may write it per character); not part of equality
    simple: bool = field(default=False, compare=False)

    def width_mm(self, size_pt: float) -> float:
        """Printed length of the run at ``size_pt`` in millimetres."""
        return self.advance / self.units_per_em * size_pt * 25.4 / 72.0


FALLBACK_IVS = "ivs-not-in-font"
FALLBACK_MISSING = "missing-glyph"
FALLBACK_CONTROL = "control"
FALLBACK_ORPHAN_SELECTOR = "orphan-selector"

_CACHE_SIZE = 8192  # bounded so a batch of unique names keeps a flat RSS


def shape(text: str, vertical: bool = False, face: FontFace | None = None) -> ShapedRun:
    """Shape one line with HarfBuzz; cached per (text, vertical, face).

    Horizontal text made only of independent characters (chartable.py: the
    common case, a name, an address, a date) is looked up per character
    instead, with the same result; only the rest is shaped and cached per string.
    """
    if face is None:
        face = load_font()
    if not vertical:
        table = face.char_table
        total = sum(map(table.advance.__getitem__, text))
        if total == total:  # no NaN: every character independent
            glyphs = tuple(map(table.glyph.__getitem__, text))
            # int(): the table's advances are font units (ints) or NaN, so with no NaN the sum is an int already
            return ShapedRun(text, glyphs, int(total), face.units_per_em, False, face.key, True)
    return _shape_cached(text, bool(vertical), face)


def shape_full(text: str, vertical: bool = False, face: FontFace | None = None) -> ShapedRun:
    """Always the HarfBuzz path (uncached): what the per-character fast path must equal."""
    return _shape(text, bool(vertical), face if face is not None else load_font())


def shape_cache_info() -> str:
    return str(_shape_cached.cache_info())


def clear_shape_cache() -> None:
    _shape_cached.cache_clear()


@lru_cache(maxsize=_CACHE_SIZE)
def _shape_cached(text: str, vertical: bool, face: FontFace) -> ShapedRun:
    return _shape(text, vertical, face)


caches.register_lru("text.shape: runs shaped per string (off the per-character path)", _shape_cached)


@lru_cache(maxsize=64)
def _substitute(face: FontFace, vertical: bool) -> Glyph:
    """How the placeholder glyph (〓) is positioned in this direction."""
    run = hb_shape(chr(face.substitute_codepoint), vertical, face)
    (gid, _cluster, adv, xo, yo) = run[0]
    return Glyph(gid=gid, text="", advance=adv, x_offset=xo, y_offset=yo)


_VERTICAL_FEATURES = {"vert": True, "vrt2": True}
_HORIZONTAL_FEATURES: dict[str, bool] = {}


def hb_shape(text: str, vertical: bool, face: FontFace) -> list[tuple[int, int, int, int, int]]:
    """(gid, cluster, advance, x_offset, y_offset) per output glyph; advance positive."""
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in text])
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.guess_segment_properties()
    buf.language = "ja"
    # Clusters must ascend with the glyph order so each glyph's text is a
    # contiguous slice: horizontal runs are always laid out left to right.
    buf.direction = "ttb" if vertical else "ltr"
    hb.shape(face.hb_font, buf, _VERTICAL_FEATURES if vertical else _HORIZONTAL_FEATURES)
    out: list[tuple[int, int, int, int, int]] = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        adv = -pos.y_advance if vertical else pos.x_advance
        out.append((info.codepoint, info.cluster, adv, pos.x_offset, pos.y_offset))
    return out


# no control characters (Cc), no variation selectors (VS1-16, IVS, Mongolian FVS)
_PLAIN = re.compile("[^\x00-\x1f\x7f-\x9f\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180f]*")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def _shape(text: str, vertical: bool, face: FontFace) -> ShapedRun:
    upem = face.units_per_em
    if not text:
        return ShapedRun(text=text, glyphs=(), advance=0, units_per_em=upem, vertical=vertical, font_key=face.key)
    raw = hb_shape(text, vertical, face)
    if len(raw) == len(text) and _PLAIN.fullmatch(text) and all(
        r[1] == i and r[0] for i, r in enumerate(raw)
    ):  # the common case: one glyph per character, nothing to merge, substitute or fold
        simple = tuple(Glyph(gid, ch, adv, xo, yo) for (gid, _cl, adv, xo, yo), ch in zip(raw, text, strict=True))
        return ShapedRun(
            text=text,
            glyphs=simple,
            advance=sum(g.advance for g in simple),
            units_per_em=upem,
            vertical=vertical,
            font_key=face.key,
        )
    # Group glyphs by cluster (ascending: ltr / ttb with monotone clusters).
    groups: list[list[tuple[int, int, int, int, int]]] = []
    for r in raw:
        if groups and groups[-1][0][1] == r[1]:
            groups[-1].append(r)
        else:
            groups.append([r])
    # Cluster i covers text[start_i:start_{i+1}]; the first starts at 0 so
    # characters HarfBuzz removed entirely still belong to some glyph.
    starts = [g[0][1] for g in groups]
    starts[0] = 0
    starts.append(len(text))

    glyphs: list[Glyph] = []
    for i, members in enumerate(groups):
        ct = text[starts[i] : starts[i + 1]]
        if ct and all(is_variation_selector(ord(c)) for c in ct):
            # A selector HarfBuzz could not apply: never print it, fold it into the glyph before.
            if glyphs:
                prev = glyphs[-1]
                glyphs[-1] = Glyph(
                    gid=prev.gid,
                    text=prev.text + ct,
                    advance=prev.advance,
                    x_offset=prev.x_offset,
                    y_offset=prev.y_offset,
                    fallback=prev.fallback or FALLBACK_IVS,
                )
            else:  # nothing to attach to: keep the text on an invisible zero-width glyph
                space = face.glyph_for(0x20) or face.substitute_gid
                glyphs.append(Glyph(gid=space, text=ct, advance=0, fallback=FALLBACK_ORPHAN_SELECTOR))
            continue
        fallback: str | None = None
        if ct and _is_control(ct[0]):
            fallback = FALLBACK_CONTROL
        elif any(m[0] == 0 for m in members):
            fallback = FALLBACK_MISSING
        if fallback is not None:
            sub = _substitute(face, vertical)
            glyphs.append(
                Glyph(
                    gid=sub.gid,
                    text=ct,
                    advance=sub.advance,
                    x_offset=sub.x_offset,
                    y_offset=sub.y_offset,
                    fallback=fallback,
                )
            )
            continue
        if (
            len(ct) >= 2
            and is_variation_selector(ord(ct[1]))
            and (face.variation_glyph(ord(ct[0]), ord(ct[1])) is None)
        ):
            fallback = FALLBACK_IVS
        for j, (gid, _cl, adv, xo, yo) in enumerate(members):
            glyphs.append(
                Glyph(
                    gid=gid,
                    text=ct if j == 0 else "",
                    advance=adv,
                    x_offset=xo,
                    y_offset=yo,
                    fallback=fallback if j == 0 else None,
                )
            )

    total = sum(g.advance for g in glyphs)
    return ShapedRun(
        text=text,
        glyphs=tuple(glyphs),
        advance=total,
        units_per_em=upem,
        vertical=vertical,
        font_key=face.key,
    )
