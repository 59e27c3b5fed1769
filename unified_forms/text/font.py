"""Finding and loading IPAmj明朝 once per process.

Why this module exists: the font is 46 MB and is never shipped with the
package, so every entry point (API ``font=``, CLI ``--font``, batch workers)
has to find the same file in the same documented order and fail with an error
a school administrator can act on. Loading is split into a cheap eager part
(a HarfBuzz face over the memory-mapped file: enough to shape and measure) and
lazy parts that only PDF embedding or IVS reporting need (the cmap-14 table
parsed from the raw table, descriptor metrics, the subset-preprocessed face, the SHA-256).
That keeps the cold start of ``shape()`` to milliseconds.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import uharfbuzz as hb

from unified_forms.errors import FontNotFoundError

if TYPE_CHECKING:
    from unified_forms.text.chartable import CharTable
    from unified_forms.text.ivs import IvsTable

ENV_VAR = "UNIFIED_FORMS_FONT"
FONT_FILENAME = "ipamjm.ttf"
EXPECTED_VERSION = "005.01"

# Searched in this order when neither ``font=`` nor the environment names a
# file. Entries ending in .ttf are files; the others are folders searched
# recursively for ``ipamjm.ttf``. ``~`` is expanded at search time.
SYSTEM_SEARCH_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/ipamj/ipamjm.ttf",
    "/usr/share/fonts/opentype/ipamj",
    "/usr/share/fonts/truetype/ipamj",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)

INSTALL_HINT = (
    "Install it with `apt-get install fonts-ipamj-mincho` (Debian/Ubuntu), or download IPAmj明朝 "
    "(ipamjm.ttf, version 005.01) from https://moji.or.jp/mojikiban/font/ and set "
    f"{ENV_VAR}=/path/to/ipamjm.ttf or pass font=/path/to/ipamjm.ttf (--font on the command line)."
)

# Visible placeholder printed for code points the font lacks: 〓 (geta mark),
# the traditional 外字 placeholder; then □ and "?" for other fonts.
SUBSTITUTE_CANDIDATES: tuple[int, ...] = (0x3013, 0x25A1, 0x003F)

# Subset from the plain face this many times before preprocessing (see FontFace.face_for_subsetting).
PREPROCESS_AFTER = 8


# --------------------------------------------------------------------------- discovery


def _search_dir(folder: Path) -> Path | None:
    """First ``ipamjm.ttf`` below ``folder`` in sorted walk order (deterministic)."""
    if not folder.is_dir():
        return None
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.lower() == FONT_FILENAME:
                return Path(root) / name
    return None


def _resolve_given(given: str | os.PathLike[str], origin: str) -> Path:
    p = Path(given).expanduser()
    if p.is_file():
        return p.resolve()
    if p.is_dir():
        found = _search_dir(p)
        if found is not None:
            return found.resolve()
        raise FontNotFoundError(
            f"IPAmj明朝 not found: {origin} names the folder {p}, which contains no {FONT_FILENAME}. " + INSTALL_HINT
        )
    raise FontNotFoundError(f"IPAmj明朝 not found: {origin} names {p}, which does not exist. " + INSTALL_HINT)


def system_search_paths() -> list[Path]:
    """The system locations, ``~`` expanded, in search order."""
    return [Path(os.path.expanduser(s)) for s in SYSTEM_SEARCH_PATHS]


def find_font(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Locate ipamjm.ttf: ``explicit`` (font= / --font), then $UNIFIED_FORMS_FONT, then system folders.

    A path given explicitly or through the environment must exist: a typo there
    is reported, never silently replaced by some other installed copy.
    """
    if explicit is not None and str(explicit) != "":
        return _resolve_given(explicit, "the font argument")
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _resolve_given(env, f"the environment variable {ENV_VAR}")
    searched: list[str] = []
    for loc in system_search_paths():
        if loc.suffix.lower() == ".ttf":
            searched.append(str(loc))
            if loc.is_file():
                return loc.resolve()
        else:
            searched.append(f"{loc}/**/{FONT_FILENAME}")
            found = _search_dir(loc)
            if found is not None:
                return found.resolve()
    raise FontNotFoundError(
        "IPAmj明朝 (ipamjm.ttf) was not found. Searched: no font= argument, "
        f"{ENV_VAR} not set, then " + ", ".join(searched) + ". " + INSTALL_HINT
    )


# --------------------------------------------------------------------------- the face


@dataclass(frozen=True, slots=True)
class DescriptorMetrics:
    """Values a PDF FontDescriptor needs, in font units (scale to 1000 yourself)."""

    family: str
    postscript_name: str
    version: str
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int  # negative
    cap_height: int
    italic_angle: float
    is_fixed_pitch: bool
    weight_class: int = 400

    @property
    def stem_v(self) -> int:
        """TrueType has no StemV; the usual estimate from the OS/2 weight class."""
        return round(50 + (self.weight_class / 65) ** 2)


@dataclass(frozen=True, slots=True)
class FontInfo:
    path: Path
    version: str  # from the name table, e.g. "Version 005.01"
    sha256: str
    num_glyphs: int


class FontFace:
    """One loaded font file. Create through :func:`load_font` so it is shared."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.key = str(path)
        # hb_blob_create_from_file memory-maps the file: no 46 MB copy.
        self.hb_blob = hb.Blob.from_file_path(str(path))
        self.hb_face = hb.Face(self.hb_blob)
        self.hb_font = hb.Font(self.hb_face)  # scale == upem: all values in font units
        self.units_per_em: int = self.hb_face.upem
        self.num_glyphs: int = self.hb_face.glyph_count
        ext = self.hb_font.get_font_extents("ltr")
        self.ascender: int = ext.ascender
        self.descender: int = ext.descender  # negative
        self._lock = threading.RLock()
        self._cmap: frozenset[int] | None = None
        self._ivs: IvsTable | None = None
        self._subset_face: hb.Face | None = None
        self._metrics: DescriptorMetrics | None = None
        self._sha256: str | None = None
        self._subset_calls = 0
        self._char_table: CharTable | None = None
        self.substitute_codepoint, self.substitute_gid = self._pick_substitute()

    def __repr__(self) -> str:
        return f"FontFace({self.key!r})"

    def _pick_substitute(self) -> tuple[int, int]:
        for cp in SUBSTITUTE_CANDIDATES:
            gid = self.hb_font.get_nominal_glyph(cp)
            if gid:
                return cp, gid
        raise FontNotFoundError(f"{self.path} has none of the placeholder glyphs 〓 □ ? — not a usable font")

    # -- cheap look-ups -------------------------------------------------------
    def glyph_for(self, cp: int) -> int | None:
        """Nominal glyph of a code point, None when the font lacks it."""
        gid = self.hb_font.get_nominal_glyph(cp)
        return gid or None

    def has_char(self, cp: int) -> bool:
        return bool(self.hb_font.get_nominal_glyph(cp))

    def variation_glyph(self, base: int, selector: int) -> int | None:
        """Glyph of (base, selector) from cmap 14, None when the font lacks the sequence."""
        gid = self.hb_font.get_variation_glyph(base, selector)
        return gid or None

    def h_advance(self, gid: int) -> int:
        return self.hb_font.get_glyph_h_advance(gid)

    def v_advance(self, gid: int) -> int:
        """Vertical advance, positive, font units."""
        return -self.hb_font.get_glyph_v_advance(gid)

    # -- lazy parts -------------------------------------------------------------
    @property
    def char_table(self) -> CharTable:
        """Glyphs and advances per independent character (the fast path of ``shape``)."""
        table = self._char_table
        if table is None:
            from unified_forms.text.chartable import char_table

            table = self._char_table = char_table(self)
        return table

    @property
    def cmap(self) -> frozenset[int]:
        """Every code point with a nominal glyph."""
        if self._cmap is None:
            with self._lock:
                if self._cmap is None:
                    self._cmap = frozenset(self.hb_face.unicodes)
        return self._cmap

    @property
    def ivs(self) -> IvsTable:
        """The cmap format 14 table (parsed on first use, a few ms for IPAmj)."""
        if self._ivs is None:
            with self._lock:
                if self._ivs is None:
                    from unified_forms.text.ivs import parse_cmap14

                    self._ivs = parse_cmap14(self.hb_face.reference_table("cmap").data)
        return self._ivs

    @property
    def subset_face(self) -> hb.Face:
        """HarfBuzz face prepared for repeated subsetting (``subset_preprocess``, ~0.2 s once)."""
        if self._subset_face is None:
            with self._lock:
                if self._subset_face is None:
                    self._subset_face = hb.subset_preprocess(self.hb_face)
        return self._subset_face

    def face_for_subsetting(self) -> hb.Face:
        """The face to subset from: plain for the first few documents, then the preprocessed one.

        Measured on IPAmj 005.01: ``subset_preprocess`` costs ~135 ms once; a
        subset then takes 0.2-1.6 ms instead of ~6 ms from the plain face. The
        break-even is ~25 documents, so a one-off render never pays for it
        and a batch switches over early. ``warm_up()`` switches immediately.
        """
        if self._subset_face is not None:
            return self._subset_face
        with self._lock:
            self._subset_calls += 1
            if self._subset_calls <= PREPROCESS_AFTER:
                return self.hb_face
        return self.subset_face

    def warm_up(self) -> None:
        """Do every lazy load now (batch workers call this once before their first record)."""
        _ = self.cmap, self.ivs, self.metrics, self.subset_face

    @property
    def metrics(self) -> DescriptorMetrics:
        if self._metrics is None:
            with self._lock:
                if self._metrics is None:
                    self._metrics = _read_metrics(self.hb_face)
        return self._metrics

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            h = hashlib.sha256()
            with open(self.path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            self._sha256 = h.hexdigest()
        return self._sha256

    @property
    def data(self) -> bytes:
        """The raw font file (a copy; only for callers that really need bytes)."""
        return self.hb_blob.data


def _read_metrics(face: hb.Face) -> DescriptorMetrics:
    """Header fields read straight from the tables (fontTools would decode all glyph names)."""

    def table(tag: str) -> bytes:
        return face.reference_table(tag).data

    head, hhea, os2, post = table("head"), table("hhea"), table("OS/2"), table("post")
    bbox = struct.unpack_from(">hhhh", head, 36)
    ascent, descent = struct.unpack_from(">hh", hhea, 4)
    weight = struct.unpack_from(">H", os2, 4)[0] if len(os2) >= 6 else 400
    typo_ascender = struct.unpack_from(">h", os2, 68)[0] if len(os2) >= 70 else ascent
    cap = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else 0
    italic_raw, fixed = (struct.unpack_from(">i", post, 4)[0], struct.unpack_from(">I", post, 12)[0])
    names = hb.OTNameIdPredefined
    family = face.get_name(names.FONT_FAMILY) or "IPAmjMincho"
    ps = face.get_name(names.POSTSCRIPT_NAME) or family.replace(" ", "")
    return DescriptorMetrics(
        family=family,
        postscript_name=ps,
        version=face.get_name(names.VERSION_STRING) or "",
        bbox=(bbox[0], bbox[1], bbox[2], bbox[3]),
        ascent=ascent,
        descent=descent,
        cap_height=cap or round(typo_ascender * 0.7),
        italic_angle=italic_raw / 65536.0,
        is_fixed_pitch=bool(fixed),
        weight_class=weight or 400,
    )


# --------------------------------------------------------------------------- loading & selection

_faces: dict[str, FontFace] = {}
_faces_lock = threading.Lock()
_default_path: Path | None = None
_override: contextvars.ContextVar[FontFace | None] = contextvars.ContextVar("unified_forms_font", default=None)
_auto: dict[str, FontFace] = {}  # env value ("" when unset) -> face found by discovery


def _face_for(path: Path) -> FontFace:
    key = str(path)
    face = _faces.get(key)
    if face is None:
        with _faces_lock:
            face = _faces.get(key)
            if face is None:
                face = _faces[key] = FontFace(path)
    return face


def load_font(path: str | os.PathLike[str] | None = None) -> FontFace:
    """The face for ``path`` or, without one, the current default; loaded once per process."""
    if path is not None and str(path) != "":
        return _face_for(find_font(path))
    face = _override.get()
    if face is not None:
        return face
    if _default_path is not None:
        return _face_for(_default_path)
    env = os.environ.get(ENV_VAR, "")
    face = _auto.get(env)
    if face is None:
        face = _face_for(find_font(None))
        _auto[env] = face
    return face


def face_for_key(key: str) -> FontFace:
    """The face whose ``FontFace.key`` is ``key`` (what ``ShapedRun.font_key`` records).

    Renderers call this once per document: an already loaded face is a dict
    look-up, no path resolution on the file system.
    """
    face = _faces.get(key)
    return face if face is not None else load_font(key)


def default_font() -> FontFace:
    return load_font(None)


def set_default_font(path: str | os.PathLike[str] | None) -> None:
    """Process-wide choice (the CLI's ``--font``); ``None`` returns to discovery."""
    global _default_path
    _default_path = find_font(path) if path is not None else None


@contextlib.contextmanager
def use_font(path: str | os.PathLike[str] | FontFace | None) -> Iterator[FontFace]:
    """Select a face for the current thread/context only (the API's ``font=`` argument)."""
    face = path if isinstance(path, FontFace) else load_font(path)
    token = _override.set(face)
    try:
        yield face
    finally:
        _override.reset(token)


def font_info(path: str | os.PathLike[str] | FontFace | None = None) -> FontInfo:
    """Version string from the name table and the file's SHA-256 (see fonts/README.md)."""
    face = path if isinstance(path, FontFace) else load_font(path)
    return FontInfo(path=face.path, version=face.metrics.version, sha256=face.sha256, num_glyphs=face.num_glyphs)
