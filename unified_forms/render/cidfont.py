"""The bytes of one embedded IPAmj明朝 subset per PDF document (pure Python, no PDF library).

Why our own embedding rather than ReportLab's TTFont: ReportLab keys its
subsets by code point, so a variation sequence (葛+U+E0102) can neither select
its variant glyph nor extract back as two code points, and its 256-glyph
Type 1-style subsets would split a 61,179-glyph font into many fonts. Here,
as in fpdf2, every distinct (glyph id, source text) pair gets its own 16-bit
code in one Identity-H Type0 font. Plain 葛 and 葛+selector that share a glyph
(IPAmj maps some sequences to the base glyph) therefore get two codes and both
extract correctly through the ToUnicode CMap. The font program is a HarfBuzz
subset of exactly the glyphs used, renumbered compactly (no retained gids), and
the CIDToGIDMap maps our codes onto the renumbered glyphs.

Everything here is deterministic: codes are handed out in first-use order, the
subset tag is derived from a SHA-256 of the glyph set, numbers are formatted by
one function.

Why operators are compiled: codes belong to one document, but everything else
about drawing a shaped run (TJ adjustments, rises, vertical steps) depends
only on the run, the size and the spacing. A batch prints the same labels,
dates and names thousands of times, so that part is compiled once per process
(``CompiledOps``, keys left open) and a document only looks its codes up.
Likewise HarfBuzz subsets are kept per glyph set and widths per glyph. Every
cache is bounded and none changes a byte of output.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import Any

from unified_forms import caches
from unified_forms.text.font import FontFace
from unified_forms.text.shape import Glyph, ShapedRun
from unified_forms.text.subset import subset_program

MAX_CODE = 0xFFFF
DEFAULT_WIDTH = 1000  # /DW: full-width kanji and kana need no /W entry

def fmt_num(x: float) -> str:
    """One number formatter for every operator and array (at most 3 decimals)."""
    if x == int(x):
        return str(int(x))
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def utf16be_hex(text: str) -> str:
    """Upper-case hex of UTF-16BE (surrogate pairs for non-BMP, lone surrogates kept)."""
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


@dataclass(frozen=True, slots=True)
class DescriptorValues:
    """FontDescriptor entries, already scaled to 1000-unit glyph space."""

    flags: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    ascent: int
    descent: int
    cap_height: int
    stem_v: int


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """Everything pdf.py needs to write the Type0 / CIDFontType2 objects."""

    base_font: str  # "ABCDEF+IPAmjMincho"
    font_program: bytes  # FontFile2
    cid_to_gid_map: bytes  # 2 bytes per code 0..max_code
    default_width: int  # /DW
    widths: str  # /W array, PDF syntax
    to_unicode: bytes  # ToUnicode CMap stream content
    descriptor: DescriptorValues
    code_count: int  # codes in use, without code 0
    glyph_count: int  # glyphs in the subset, with .notdef


Key = tuple[int, str]  # (glyph id, exact source text): one PDF code each


@dataclass(frozen=True, slots=True)
class CompiledOps:
    """Text-showing operators with the glyph codes left open.

    ``literals`` has one more item than ``groups``; the operators are
    ``literals[0] + hex(groups[0]) + literals[1] + ...`` where ``hex`` writes
    the document's 4-digit code of every key. Everything that depends only on
    the run, the size and the spacing (TJ adjustments, Ts rises, Td steps) is
    decided once per process; a document only looks its codes up.
    """

    literals: tuple[str, ...]
    groups: tuple[tuple[Key, ...], ...]
    keys: tuple[Key, ...]  # every key in first-use order (code assignment order)
    keyset: frozenset[Key] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "keyset", frozenset(self.keys))


class OpsBuilder:
    """Accumulates literals and code groups (adjacent pieces of the same kind merge)."""

    def __init__(self) -> None:
        self.literals: list[str] = [""]
        self.groups: list[list[Key]] = []
        self.keys: list[Key] = []
        self._in_group = False

    def lit(self, text: str) -> None:
        if self._in_group:
            self.literals.append(text)
            self._in_group = False
        else:
            self.literals[-1] += text

    def key(self, key: Key) -> None:
        if not self._in_group:
            self.groups.append([])
            self._in_group = True
        self.groups[-1].append(key)
        self.keys.append(key)

    def extend(self, ops: CompiledOps) -> None:
        """Append compiled operators (their keys keep their order)."""
        self.lit(ops.literals[0])
        for group, lit in zip(ops.groups, ops.literals[1:], strict=True):
            for k in group:
                self.key(k)
            self.lit(lit)

    def build(self) -> CompiledOps:
        if self._in_group:
            self.literals.append("")
        return CompiledOps(tuple(self.literals), tuple(tuple(g) for g in self.groups), tuple(self.keys))


def _widths_of(face: FontFace) -> dict[int, float]:
    w = _WIDTHS.get(face.key)
    if w is None:
        w = _WIDTHS[face.key] = {}
    return w


_WIDTHS: dict[str, dict[int, float]] = {}  # face key -> gid -> /W width (1000 units)


def glyph_width(face: FontFace, gid: int) -> float:
    """The /W width of a glyph: horizontal advance in 1000 units, 3 decimals (cached per process)."""
    cache = _widths_of(face)
    w = cache.get(gid)
    if w is None:
        w = cache[gid] = round(face.h_advance(gid) * 1000.0 / face.units_per_em, 3)
    return w


def compile_horizontal(face: FontFace, run: ShapedRun, size: float, spacing_pt: float = 0.0) -> CompiledOps:
    """TJ (and Ts for vertical offsets) drawing ``run`` from the current text position.

    Positions follow the shaped advances exactly: wherever a glyph's /W
    width differs from its shaped advance plus ``spacing_pt`` (均等割り), or
    it carries an x offset, a TJ adjustment corrects the pen.
    """
    if size <= 0:
        raise ValueError(f"font size must be positive, got {size}")
    scale = 1000.0 / face.units_per_em
    spacing = spacing_pt * 1000.0 / size
    # ops: "… Ts" strings, or TJ arrays as lists of items (number strings or key lists)
    ops: list[str | list[str | list[Key]]] = []
    items: list[str | list[Key]] = []
    pending = 0.0  # TJ adjustment (thousandths of text space, positive moves left)
    rise = 0.0

    def emit_pending() -> None:
        nonlocal pending
        v = round(pending, 3)
        if v != 0:
            items.append(fmt_num(v))
        pending = 0.0

    def flush_tj() -> None:
        nonlocal items
        emit_pending()
        if items:
            ops.append(items)
            items = []

    for g in run.glyphs:
        if g.gid == 0:
            raise ValueError(f"refusing to embed .notdef (gid 0) for text {g.text!r}")
        want_rise = round(g.y_offset * size / run.units_per_em, 3)
        if want_rise != rise:
            flush_tj()
            ops.append(f"{fmt_num(want_rise)} Ts")
            rise = want_rise
        xo = g.x_offset * scale
        if xo:
            pending -= xo
        emit_pending()
        if not items or isinstance(items[-1], str):
            items.append([])
        last = items[-1]
        assert isinstance(last, list)
        last.append((g.gid, g.text))
        pending += glyph_width(face, g.gid) - (g.advance * scale + spacing) + xo
    # trailing adjustment moves only the pen, nothing visible: drop it
    pending = 0.0
    flush_tj()
    if rise != 0:
        ops.append("0 Ts")

    b = OpsBuilder()
    for i, op in enumerate(ops):
        if i:
            b.lit(" ")
        if isinstance(op, str):
            b.lit(op)
            continue
        b.lit("[")
        for j, item in enumerate(op):
            if j:
                b.lit(" ")
            if isinstance(item, str):
                b.lit(item)
            else:
                b.lit("<")
                for key in item:
                    b.key(key)
                b.lit(">")
        b.lit("] TJ")
    return b.build()


def _q(x: float) -> int:
    """Thousandths of a point, rounded (exact integer steps between glyph origins)."""
    return round(x * 1000.0)


def compile_vertical(run: ShapedRun, size: float, spacing_pt: float = 0.0) -> tuple[float, float, CompiledOps]:
    """Glyph-by-glyph placement of a vertical run: (dx, dy) of the first glyph and the operators.

    The first glyph's origin is ``(x + dx, y + dy)`` from the line's top
    centre; the caller writes that as a ``Tm``. The operators then show each
    glyph with ``Tj`` and step to the next origin with ``Td``, in whole
    thousandths of a point, so nothing depends on where the line sits.
    """
    scale = size / run.units_per_em
    b = OpsBuilder()
    pen = 0.0
    prev: tuple[int, int] | None = None
    first: tuple[float, float] = (0.0, 0.0)
    for g in run.glyphs:
        if g.gid == 0:
            raise ValueError(f"refusing to embed .notdef (gid 0) for text {g.text!r}")
        rx, ry = g.x_offset * scale, -pen + g.y_offset * scale
        q = (_q(rx), _q(ry))
        if prev is None:
            first = (q[0] / 1000.0, q[1] / 1000.0)
            b.lit("<")
        else:
            b.lit(f"> Tj {fmt_num((q[0] - prev[0]) / 1000.0)} {fmt_num((q[1] - prev[1]) / 1000.0)} Td <")
        b.key((g.gid, g.text))
        prev = q
        pen += g.advance * scale + spacing_pt
    if prev is not None:
        b.lit("> Tj")
    return first[0], first[1], b.build()


# Compiled operators per (run, size, spacing), process-wide. Keyed by the run's
# identity (shape() hands out one object per text); the entry keeps the run
# alive so the id cannot be reused while cached. Cleared when full: output
# never depends on the cache, only speed does.
_OPS_LIMIT = 8192  # bounded so a batch of unique names keeps a flat RSS
H_OPS: caches.IdentityMemo[ShapedRun, CompiledOps] = caches.IdentityMemo(
    "render.cidfont: horizontal operators per run", limit=_OPS_LIMIT
)
_V_OPS: caches.IdentityMemo[ShapedRun, tuple[float, float, CompiledOps]] = caches.IdentityMemo(
    "render.cidfont: vertical operators per run", limit=_OPS_LIMIT
)


def horizontal_ops(face: FontFace, run: ShapedRun, size: float, spacing_pt: float = 0.0) -> CompiledOps:
    """:func:`compile_horizontal`, cached per process."""
    extra = (face.key, size, spacing_pt)
    hit = H_OPS.lookup(run, extra)
    return hit if hit is not None else H_OPS.store(run, extra, compile_horizontal(face, run, size, spacing_pt))


def vertical_ops(run: ShapedRun, size: float, spacing_pt: float = 0.0) -> tuple[float, float, CompiledOps]:
    """:func:`compile_vertical`, cached per process."""
    extra = (size, spacing_pt)
    hit = _V_OPS.lookup(run, extra)
    return hit if hit is not None else _V_OPS.store(run, extra, compile_vertical(run, size, spacing_pt))


def clear_caches() -> None:
    """Forget every process-wide cache of this module (tests; memory pressure)."""
    H_OPS.clear()
    _V_OPS.clear()
    _WIDTHS.clear()
    _SUBSETS.clear()
    _UTF16.clear()


# HarfBuzz subsets per (face, glyph set): a batch printing one class or one
# layout again and again asks for the same glyphs. Small LRU (≈50 KB each).
_SUBSET_LIMIT = 64
_SUBSETS: dict[tuple[str, tuple[int, ...]], tuple[bytes, dict[int, int]]] = {}


def evict_oldest(cache: dict[Any, Any], limit: int) -> None:
    """Drop least recently used entries down to ``limit - 1`` (safe when threads share the cache)."""
    while len(cache) >= limit:
        try:
            del cache[next(iter(cache))]
        except (KeyError, RuntimeError, StopIteration):  # another thread got there first
            continue


def _subset_program(face: FontFace, gids: tuple[int, ...]) -> tuple[bytes, dict[int, int]]:
    """(font program, old gid -> new gid) of the subset of ``gids`` (sorted, with 0), cached per glyph set."""
    key = (face.key, gids)
    hit = _SUBSETS.pop(key, None)
    if hit is None:
        hit = subset_program(face, gids)
        evict_oldest(_SUBSETS, _SUBSET_LIMIT)
    _SUBSETS[key] = hit  # most recently used last
    return hit


class _CharHex(dict[str, str]):
    """character → the document's code (4 hex digits) of the character's own glyph (fast-path runs)."""

    __slots__ = ("_subset",)

    def __init__(self, subset: FontSubset) -> None:
        super().__init__()
        self._subset = subset

    def __missing__(self, ch: str) -> str:
        subset = self._subset
        table = subset.face.char_table
        glyph = table.glyph.get(ch)
        if glyph is None:  # the table was cleared since the run was shaped: classify again
            _ = table.advance[ch]
            glyph = table.glyph[ch]
        key = (glyph.gid, ch)
        h = subset._hex.get(key)
        if h is None:
            subset._add_codes((key,))
            h = subset._hex[key]
        self[ch] = h
        return h


class FontSubset:
    """Codes, text-showing operators and the final embedded font of one document."""

    def __init__(self, face: FontFace) -> None:
        self.face = face
        self._scale = 1000.0 / face.units_per_em
        self._codes: dict[Key, int] = {}
        self._hex: dict[Key, str] = {}  # the same codes as 4 upper-case hex digits
        self._entries: list[Key] = [(0, "")]  # index == code; code 0 reserved
        #: codes of characters written on the per-character path (``ShapedRun.simple`` runs)
        self.char_hex: dict[str, str] = _CharHex(self)

    # -- codes -------------------------------------------------------------------
    def code(self, gid: int, text: str) -> int:
        """The 16-bit code of (gid, text); new pairs get the next free code."""
        key = (gid, text)
        c = self._codes.get(key)
        if c is None:
            if gid == 0:
                raise ValueError(f"refusing to embed .notdef (gid 0) for text {text!r}")
            c = len(self._entries)
            if c > MAX_CODE:
                raise ValueError("more than 65,535 distinct (glyph, text) pairs in one PDF document")
            self._codes[key] = c
            self._hex[key] = f"{c:04X}"
            self._entries.append(key)
        return c

    def _add_codes(self, keys: tuple[Key, ...]) -> None:
        """Codes for the keys not seen yet, in order (what ``code`` does, for a whole run)."""
        codes, hexes, entries = self._codes, self._hex, self._entries
        for key in keys:
            if key not in codes:
                if key[0] == 0:
                    raise ValueError(f"refusing to embed .notdef (gid 0) for text {key[1]!r}")
                c = len(entries)
                if c > MAX_CODE:
                    raise ValueError("more than 65,535 distinct (glyph, text) pairs in one PDF document")
                codes[key] = c
                hexes[key] = f"{c:04X}"
                entries.append(key)

    @property
    def entries(self) -> tuple[Key, ...]:
        """(gid, text) per code, index == code (code 0 is (0, ""))."""
        return tuple(self._entries)

    def encode(self, run: ShapedRun) -> bytes:
        """The run as a 2-byte-per-code string (the operand of Tj)."""
        return b"".join(self.code(g.gid, g.text).to_bytes(2, "big") for g in run.glyphs)

    def width(self, gid: int) -> float:
        """The /W width of a glyph: horizontal advance in 1000 units, 3 decimals."""
        return glyph_width(self.face, gid)

    # -- operators ---------------------------------------------------------------
    def resolve(self, ops: CompiledOps) -> str:
        """The operators of ``ops`` with this document's codes (new keys get codes in order)."""
        hexes = self._hex
        if not hexes.keys() >= ops.keyset:
            self._add_codes(ops.keys)
        lits = ops.literals
        groups = ops.groups
        if len(groups) == 1:
            return lits[0] + "".join([hexes[k] for k in groups[0]]) + lits[1]
        parts = [lits[0]]
        for group, lit in zip(groups, lits[1:], strict=True):
            parts.append("".join([hexes[k] for k in group]))
            parts.append(lit)
        return "".join(parts)

    def show_glyph(self, g: Glyph) -> str:
        """``<code> Tj`` for one glyph."""
        return f"<{self.code(g.gid, g.text):04X}> Tj"

    def show_horizontal(self, run: ShapedRun, size: float, spacing_pt: float = 0.0) -> str:
        """TJ (and Ts for vertical offsets) drawing ``run`` (see :func:`compile_horizontal`)."""
        return self.resolve(horizontal_ops(self.face, run, size, spacing_pt))

    # -- final objects -------------------------------------------------------------
    def glyph_ids(self) -> tuple[int, ...]:
        """Sorted glyph ids of the subset, .notdef included."""
        return tuple(sorted({gid for gid, _ in self._entries}))

    def subset_tag(self) -> str:
        gids = sorted({gid for gid, _ in self._entries})
        h = hashlib.sha256(b"".join(g.to_bytes(4, "big") for g in gids)).digest()
        n = int.from_bytes(h[:8], "big")
        letters = []
        for _ in range(6):
            n, r = divmod(n, 26)
            letters.append(chr(ord("A") + r))
        return "".join(letters)

    def build(self) -> EmbeddedFont:
        face = self.face
        gids = self.glyph_ids()
        program, old_to_new = _subset_program(face, gids)
        cid_map = struct.pack(f">{len(self._entries)}H", *[old_to_new[gid] for gid, _text in self._entries])
        known = _widths_of(face)
        widths = w_array(
            [
                (c, known[gid] if gid in known else glyph_width(face, gid))
                for c, (gid, _t) in enumerate(self._entries)
                if c > 0
            ]
        )
        m = face.metrics
        s = self._scale
        flags = 4 | 2  # symbolic (CID font, non-standard encoding) | serif (明朝)
        if m.is_fixed_pitch:
            flags |= 1
        descriptor = DescriptorValues(
            flags=flags,
            bbox=(
                round(m.bbox[0] * s),
                round(m.bbox[1] * s),
                round(m.bbox[2] * s),
                round(m.bbox[3] * s),
            ),
            italic_angle=m.italic_angle,
            ascent=round(m.ascent * s),
            descent=round(m.descent * s),
            cap_height=round(m.cap_height * s),
            stem_v=m.stem_v,
        )
        tag = self.subset_tag()
        base_font = f"{tag}+{m.postscript_name}"
        return EmbeddedFont(
            base_font=base_font,
            font_program=program,
            cid_to_gid_map=cid_map,
            default_width=DEFAULT_WIDTH,
            widths=widths,
            to_unicode=to_unicode_cmap([t for _g, t in self._entries]),
            descriptor=descriptor,
            code_count=len(self._entries) - 1,
            glyph_count=len(old_to_new),
        )


def w_array(widths: list[tuple[int, float]], default: float = DEFAULT_WIDTH) -> str:
    """The /W array for (code, width) pairs, compressed.

    Codes whose width equals /DW are left out. Consecutive codes become one
    ``c [w1 w2 ...]`` entry, and a stretch of three or more equal widths
    becomes ``c_first c_last w``.
    """
    items = sorted((c, w) for c, w in widths if w != default)
    # split into runs of consecutive codes
    runs: list[list[tuple[int, float]]] = []
    for c, w in items:
        if runs and runs[-1][-1][0] == c - 1:
            runs[-1].append((c, w))
        else:
            runs.append([(c, w)])
    parts: list[str] = []
    for run in runs:
        i = 0
        pending: list[tuple[int, float]] = []

        def flush(pending: list[tuple[int, float]] = pending) -> None:
            if pending:
                parts.append(f"{pending[0][0]} [{' '.join(fmt_num(w) for _, w in pending)}]")
                pending.clear()

        while i < len(run):
            j = i
            while j + 1 < len(run) and run[j + 1][1] == run[i][1]:
                j += 1
            if j - i + 1 >= 3:
                flush()
                parts.append(f"{run[i][0]} {run[j][0]} {fmt_num(run[i][1])}")
            else:
                pending.extend(run[i : j + 1])
            i = j + 1
        flush()
    return "[" + " ".join(parts) + "]"


_CMAP_HEAD = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
"""
_CMAP_TAIL = """endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


_UTF16: dict[str, str] = {}  # cluster text -> its UTF-16BE hex (names repeat across documents)


def to_unicode_cmap(texts: list[str]) -> bytes:
    """ToUnicode CMap: one bfchar per code with text (index == code), 100 per block.

    A code's destination holds every code point of its glyph's cluster
    (base + selector gives two), non-BMP as surrogate pairs.
    """
    entries = [(c, t) for c, t in enumerate(texts) if c > 0 and t]
    out = [_CMAP_HEAD]
    hexes = _UTF16
    if len(hexes) > _OPS_LIMIT:
        hexes.clear()
    for i in range(0, len(entries), 100):
        block = entries[i : i + 100]
        out.append(f"{len(block)} beginbfchar\n")
        for c, t in block:
            h = hexes.get(t)
            if h is None:
                h = hexes[t] = utf16be_hex(t)
            out.append(f"<{c:04X}> <{h}>\n")
        out.append("endbfchar\n")
    out.append(_CMAP_TAIL)
    return "".join(out).encode("ascii")


caches.register("render.cidfont: /W widths per glyph", size=lambda: sum(map(len, list(_WIDTHS.values()))),
                clear=_WIDTHS.clear, per_text=False)
caches.register_dict("render.cidfont: font programs per glyph set", _SUBSETS, per_text=False)
caches.register_dict("render.cidfont: UTF-16 of cluster texts", _UTF16, per_text=False)
