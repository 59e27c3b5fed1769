"""Per-character glyphs: the horizontal fast path of shaping, exact by construction.

Why: a prefecture's batch prints 95,000 pupils whose names were never seen
before, so a cache per string finds nothing, and shaping each new string with
HarfBuzz costs ~30 µs plus a Python object per glyph. Yet almost every such
string is one glyph per character, and in IPAmj明朝 a character's glyph and
advance do not depend on its neighbours in horizontal text. So each
*character* is shaped once per process and its :class:`Glyph` kept; a string
whose characters are all "independent" is then its glyphs looked up in a dict.

When is a character independent — i.e. shaping any string made only of such
characters gives exactly the concatenation of their one-character shapes?
HarfBuzz's default horizontal shaping of this font can only couple neighbours
through (a) GSUB lookups of the features it turns on by default, (b) GPOS
lookups of those features, (c) Unicode-level processing (normalisation of
combining marks, default-ignorables, fallback mark positioning, the complex
shapers of some scripts, fractions around U+2044). The table checks the font
once (:func:`_ligature_components`): the default features may hold only
ligature lookups (type 4) in GSUB and nothing in GPOS, and no script may
require a feature; otherwise the fast path is off for that font (every string
takes the full path). A ligature fires only when all its components follow
its first glyph, so a character whose glyph is a *component* of a default
ligature (æ + ` in IPAmj, か + U+3099) is dependent. And a character is
dependent if it is a control, format, mark, surrogate or unassigned code
point, may join a grapheme cluster, is a variation selector, is U+2044, a
Hangul filler, or belongs to a script with its own shaper (only Han, kana,
Latin, Greek, Cyrillic, Bopomofo and Common are independent), or if its own
shape is not one glyph without offsets. Vertical text always takes the full
path. A hypothesis test compares both paths on random strings.
"""

from __future__ import annotations

import struct
import threading
import unicodedata
from typing import TYPE_CHECKING

import regex

from unified_forms import caches

if TYPE_CHECKING:
    from unified_forms.text.font import FontFace
    from unified_forms.text.shape import Glyph

#: "not independent": the one NaN object the advance table stores (it poisons a sum).
DEPENDENT = float("nan")

_DEPENDENT_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Mn", "Mc", "Me", "Zl", "Zp"})
_INDEPENDENT_SCRIPT = regex.compile(
    r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Latin}\p{Script=Greek}"
    r"\p{Script=Cyrillic}\p{Script=Bopomofo}\p{Script=Common}]"
)
_MAY_JOIN = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=Prepend}"
    r"\p{Grapheme_Cluster_Break=L}\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}"
    r"\p{Grapheme_Cluster_Break=LV}\p{Grapheme_Cluster_Break=LVT}"
    r"\p{Grapheme_Cluster_Break=Regional_Indicator}\p{Grapheme_Cluster_Break=CR}"
    r"\p{Default_Ignorable_Code_Point}\p{Variation_Selector}]"
)
_EXCLUDED = frozenset({"\u2044", "\u115f", "\u1160", "\u3164", "\uffa0"})  # fraction slash, Hangul fillers

# Features HarfBuzz applies by default to horizontal text (hb-ot-shape.cc, any direction / ltr),
# plus those of the default shaper. Anything of these in GPOS, or of another GSUB type, turns the
# fast path off for the font. frac/numr/dnom are left out: HarfBuzz applies them only around
# U+2044 FRACTION SLASH, which is dependent.
DEFAULT_FEATURES = frozenset(
    {
        "abvm", "blwm", "calt", "ccmp", "clig", "curs", "dist", "kern", "liga", "locl",
        "ltra", "ltrm", "mark", "mkmk", "rand", "rclt", "rlig", "rvrn", "trak",
    }
)  # fmt: skip


class CharTable:
    """One face's independent characters: ``advance[ch]`` (font units, or NaN) and ``glyph[ch]``."""

    def __init__(self, face: FontFace) -> None:
        self.face = face
        self.units_per_em = face.units_per_em
        self.enabled, self._components = _ligature_components(face)
        self.glyph: dict[str, Glyph] = {}
        table = self

        class _Advances(dict[str, float]):
            __slots__ = ()

            def __missing__(self, ch: str) -> float:
                value = table._classify(ch)
                self[ch] = value
                return value

        self.advance: dict[str, float] = _Advances()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.advance)

    def clear(self) -> None:
        with self._lock:
            self.advance.clear()
            self.glyph.clear()

    def _classify(self, ch: str) -> float:
        from unified_forms.text.shape import Glyph, hb_shape

        if (
            not self.enabled
            or ch in _EXCLUDED
            or unicodedata.category(ch) in _DEPENDENT_CATEGORIES
            or _MAY_JOIN.match(ch)
            or not _INDEPENDENT_SCRIPT.match(ch)
        ):
            return DEPENDENT
        raw = hb_shape(ch, False, self.face)
        if len(raw) != 1:
            return DEPENDENT
        gid, cluster, adv, xo, yo = raw[0]
        if gid == 0 or cluster != 0 or xo or yo or gid in self._components or adv < 0:
            return DEPENDENT
        self.glyph[ch] = Glyph(gid, ch, adv)
        return adv


def _ligature_components(face: FontFace) -> tuple[bool, frozenset[int]]:
    """(fast path allowed for this font, glyphs that are a non-first component of a default ligature)."""
    try:
        gsub = face.hb_face.reference_table("GSUB").data
        gpos = face.hb_face.reference_table("GPOS").data
        if _default_lookups(gpos) is None or _default_lookups(gsub) is None:
            return False, frozenset()
        if _default_lookups(gpos):
            return False, frozenset()
        components: set[int] = set()
        for lookup in _default_lookups(gsub) or ():
            if not _collect_ligature_components(gsub, lookup, components):
                return False, frozenset()
        return True, frozenset(components)
    except (struct.error, IndexError, ValueError):
        return False, frozenset()


def _u16(data: bytes, off: int) -> int:
    return struct.unpack_from(">H", data, off)[0]


def _default_lookups(table: bytes) -> set[int] | None:
    """Lookup indices of the default features in a GSUB/GPOS table; None if a script requires a feature."""
    if len(table) < 10:
        return set()
    script_list, feature_list = _u16(table, 4), _u16(table, 6)
    # a required feature (ReqFeatureIndex != 0xFFFF) would apply whatever its tag: refuse
    for s in range(_u16(table, script_list)):
        script = script_list + _u16(table, script_list + 2 + 6 * s + 4)
        lang_offsets = [_u16(table, script)] if _u16(table, script) else []
        for lang in range(_u16(table, script + 2)):
            lang_offsets.append(_u16(table, script + 4 + 6 * lang + 4))
        for off in lang_offsets:
            if _u16(table, script + off + 2) != 0xFFFF:
                return None
    lookups: set[int] = set()
    for f in range(_u16(table, feature_list)):
        rec = feature_list + 2 + 6 * f
        tag = table[rec : rec + 4].decode("latin-1")
        if tag not in DEFAULT_FEATURES:
            continue
        feature = feature_list + _u16(table, rec + 4)
        for i in range(_u16(table, feature + 2)):
            lookups.add(_u16(table, feature + 4 + 2 * i))
    return lookups


def _collect_ligature_components(gsub: bytes, index: int, out: set[int]) -> bool:
    """Add the non-first component glyphs of ligature lookup ``index``; False for any other lookup type."""
    lookup_list = _u16(gsub, 8)
    lookup = lookup_list + _u16(gsub, lookup_list + 2 + 2 * index)
    kind, count = _u16(gsub, lookup), _u16(gsub, lookup + 4)
    for s in range(count):
        sub = lookup + _u16(gsub, lookup + 6 + 2 * s)
        sub_kind = kind
        if kind == 7:  # extension: the real subtable is further on
            sub_kind = _u16(gsub, sub + 2)
            sub = sub + struct.unpack_from(">I", gsub, sub + 4)[0]
        if sub_kind != 4 or _u16(gsub, sub) != 1:
            return False
        for i in range(_u16(gsub, sub + 4)):  # LigatureSet per covered first glyph
            lig_set = sub + _u16(gsub, sub + 6 + 2 * i)
            for j in range(_u16(gsub, lig_set)):
                lig = lig_set + _u16(gsub, lig_set + 2 + 2 * j)
                n = _u16(gsub, lig + 2)
                out.update(_u16(gsub, lig + 4 + 2 * k) for k in range(n - 1))
    return True


_tables: dict[str, CharTable] = {}
_tables_lock = threading.Lock()


def char_table(face: FontFace) -> CharTable:
    """The process-wide table of ``face`` (created on first use)."""
    t = _tables.get(face.key)
    if t is None:
        with _tables_lock:
            t = _tables.get(face.key)
            if t is None:
                t = _tables[face.key] = CharTable(face)
    return t


def clear_char_tables() -> None:
    for t in list(_tables.values()):
        t.clear()


def char_table_size() -> int:
    return sum(len(t) for t in _tables.values())


caches.register(
    "text.chartable: glyph and advance per character", size=char_table_size, clear=clear_char_tables, per_text=False
)
