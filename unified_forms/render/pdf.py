"""Page model → PDF: pages written as they are made, one embedded IPAmj明朝 subset per document.

Why no PDF library: the file structure is written by pdffile.py (numbered
objects, xref, trailer: what we need of PDF is small) and the font by
cidfont.py, because ReportLab's own TrueType path cannot print variation
sequences and its document model costs a third of the render time of a page
and holds every page until the end. :class:`PdfWriter` writes each page's
content stream and page object as soon as the page is given, and the font
(the subset of every glyph the document used) at the end; a 10,000-page PDF
takes the memory of one page plus the font's code table. ``render_pdf`` is the
same writer over a bytes buffer.

Why so much is cached per process: a batch prints thousands of documents of
one layout. The static chrome of a page (rules, fills and labels marked
``static``) is compiled once per distinct chrome into operators with open
glyph codes, drawn once per document as a Form XObject and reused on every
page with that ``Page.template_key`` (as Thinreports does with its stamps);
its deflated bytes are reused whenever the codes come out the same, which they
do when the chrome is the first thing a document draws. A run shaped on the
per-character fast path (every glyph its character's own, no offsets) is
written straight from the document's per-character codes; other runs are
compiled once per shaped run (cidfont.py). Nothing cached changes a byte of
output: a document renders identically in a fresh process and after any
other documents. Dynamic fills are drawn under the chrome, dynamic rules and
text above it.
"""

from __future__ import annotations

import io
import math
import zlib
from types import TracebackType
from typing import BinaryIO

from unified_forms import caches
from unified_forms.errors import ErrorEntry, FormDataError
from unified_forms.layout.page import Document, Fill, Page, PlacedImage, Rect, Rule, TextBox
from unified_forms.render.cidfont import (
    CompiledOps,
    FontSubset,
    OpsBuilder,
    evict_oldest,
    fmt_num,
    horizontal_ops,
    vertical_ops,
)
from unified_forms.render.pdfa import Archive, write_archive
from unified_forms.render.pdffile import PdfFile, pdf_name, pdf_string
from unified_forms.render.pdfimage import pdf_image
from unified_forms.text.font import FontFace, face_for_key, load_font
from unified_forms.text.shape import ShapedRun

PT_PER_MM = 72.0 / 25.4
PAPER_MM: dict[str, tuple[float, float]] = {  # portrait width, height; B = JIS B
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "B4": (257.0, 364.0),
    "B5": (182.0, 257.0),
}
CREATOR = "unified_forms"
FONT_KEY = "unified_forms-IPAmj"
FONT_NAME = "F1"  # the document's one font resource

# line styles, in pt
DASH_ON, DASH_OFF = 3.0, 2.0
DOUBLE_MIN_GAP = 1.0  # centre-to-centre distance of the two lines of a double rule, at least

# zlib levels. Measured on 40 distinct 名簿 font programs (44 KB each): level 6
# 1.13 ms and 32.1 KB, level 4 0.82 ms (+1.1%), level 2 0.72 ms (+3.1%),
# level 1 0.69 ms (+4.1%). The font program is the one big stream and rarely
# repeats, so it gets level 2; content streams are small and level 6 is cheap.
DEFLATE_LEVEL = 6
FONT_DEFLATE_LEVEL = 2

_CACHE_LIMIT = 256  # templates and deflated chrome/font streams kept per process


_N_LIMIT = 1 << 16
_N_CACHE: dict[float, str] = {}  # coordinates repeat (grid columns and rows, one layout per batch)


def _n(x: float) -> str:
    """``fmt_num(round(x, 3))``, without the detour through a float (memoised per process)."""
    s = _N_CACHE.get(x)
    if s is None:
        s = f"{x:.3f}"
        s = s[:-4] if s.endswith(".000") else s.rstrip("0")
        if s == "-0":
            s = "0"
        if len(_N_CACHE) >= _N_LIMIT:
            _N_CACHE.clear()
        _N_CACHE[x] = s
    return s


def paper_size_mm(doc: Document) -> tuple[float, float]:
    """Width and height in mm from the print setup (the fallback for pages without a size)."""
    w, h = PAPER_MM[doc.setup.paper]
    return (h, w) if doc.setup.orientation == "landscape" else (w, h)


# --------------------------------------------------------------------------- streams

_DEFLATED: dict[tuple[int, bytes], bytes] = {}


def _deflate(data: bytes, cache: bool = False, level: int | None = None) -> bytes:
    """zlib stream of ``data``; ``cache`` for content expected to repeat across documents."""
    level = DEFLATE_LEVEL if level is None else level
    if not cache:
        return zlib.compress(data, level)
    key = (level, data)
    out = _DEFLATED.pop(key, None)
    if out is None:
        out = zlib.compress(data, level)
        evict_oldest(_DEFLATED, _CACHE_LIMIT)
    _DEFLATED[key] = out  # most recently used last
    return out


def clear_caches() -> None:
    """Forget the process-wide templates and deflated streams (tests; memory pressure)."""
    _TEMPLATES.clear()
    _DEFLATED.clear()


# --------------------------------------------------------------------------- drawing


def _fills(fills: list[Fill], page_h: float, out: list[str]) -> None:
    """Fills of one gray share one path."""
    i = 0
    while i < len(fills):
        gray = fills[i].gray
        rects: list[str] = []
        while i < len(fills) and fills[i].gray == gray:
            r = fills[i].rect
            x, y = _n(r.x * PT_PER_MM), _n(page_h - r.bottom * PT_PER_MM)
            rects.append(f"{x} {y} {_n(r.w * PT_PER_MM)} {_n(r.h * PT_PER_MM)} re")
            i += 1
        out.append(f"q {_n(gray)} g {' '.join(rects)} f Q")


def _rule_style(r: Rule) -> str:
    if r.style == "dashed":
        return f"[{_n(DASH_ON)} {_n(DASH_OFF)}] 0 d 0 J"
    if r.style == "dotted":
        return f"[0 {_n(max(2.0 * r.width, 1.0))}] 0 d 1 J"
    return "[] 0 d 0 J"


def _rule_path(r: Rule, page_h: float) -> str:
    x1, y1 = r.x1 * PT_PER_MM, page_h - r.y1 * PT_PER_MM
    x2, y2 = r.x2 * PT_PER_MM, page_h - r.y2 * PT_PER_MM
    if r.style == "double":
        length = math.hypot(x2 - x1, y2 - y1)
        if length == 0:
            return ""
        gap = max(2.5 * r.width, DOUBLE_MIN_GAP)
        nx, ny = -(y2 - y1) / length * gap / 2, (x2 - x1) / length * gap / 2
        return (
            f"{_n(x1 + nx)} {_n(y1 + ny)} m {_n(x2 + nx)} {_n(y2 + ny)} l "
            f"{_n(x1 - nx)} {_n(y1 - ny)} m {_n(x2 - nx)} {_n(y2 - ny)} l"
        )
    return f"{_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l"


def _rules(rules: list[Rule], page_h: float, out: list[str]) -> None:
    """Consecutive rules of one width and style share one stroked path (all rules are black)."""
    i = 0
    while i < len(rules):
        w, style = rules[i].width, rules[i].style
        paths: list[str] = []
        while i < len(rules) and rules[i].width == w and rules[i].style == style:
            p = _rule_path(rules[i], page_h)
            if p:
                paths.append(p)
            i += 1
        if paths:
            out.append(f"q 0 G {_n(w)} w {_rule_style(Rule(0, 0, 0, 0, w, style))} {' '.join(paths)} S Q")


_Piece = str | CompiledOps  # text operators: literal, or compiled with the glyph codes open


def _text(
    face: FontFace,
    page_h: float,
    boxes: list[TextBox],
    out: list[_Piece],
    strict: bool = False,
    subset: FontSubset | None = None,
) -> bool:
    """Appends one BT … ET block drawing ``boxes`` to ``out``; False when nothing was drawn.

    ``strict``: every run must have been shaped with ``face`` (or the default face).
    ``subset``: the document's codes, for writing per-character runs directly
    (templates are compiled without one: their codes stay open).
    """
    size: float | None = None
    started = False
    put = out.append
    n = _n
    face_key = face.key
    char_hex = subset.char_hex.__getitem__ if subset is not None else None
    # with the document's codes at hand, compiled operators are resolved at once: codes are handed
    # out in drawing order whichever way a run is written
    resolve = subset.resolve if subset is not None else None

    def draw(box: TextBox) -> None:
        nonlocal size, started
        coloured = False
        for line in box.lines:
            run = line.run
            if not run.glyphs:
                continue
            if strict and run.font_key != face_key and run.font_key:
                raise ValueError(f"one PDF document shaped with several fonts: {sorted({face_key, run.font_key})}")
            if not started:
                put("BT 0 g")
                started = True
            if box.color is not None and not coloured:  # 朱点: this box only, back to black after it
                put(f" {' '.join(n(int(box.color[i : i + 2], 16) / 255) for i in (0, 2, 4))} rg")
                coloured = True
            if box.size != size:
                size = box.size
                put(f" /{FONT_NAME} {n(size)} Tf")
            x, y = line.x * PT_PER_MM, page_h - line.baseline * PT_PER_MM
            if run.simple and not line.spacing and char_hex is not None:
                # every glyph its character's own, advance = width: no adjustment, codes per character
                put(f" 1 0 0 1 {n(x)} {n(y)} Tm [<{''.join(map(char_hex, run.text))}>] TJ")
                continue
            spacing_pt = line.spacing * PT_PER_MM if line.spacing else 0.0
            if run.vertical:
                dx, dy, ops = vertical_ops(run, size, spacing_pt)
                put(f" 1 0 0 1 {n(x + dx)} {n(y + dy)} Tm ")
            else:
                ops = horizontal_ops(face, run, size, spacing_pt)
                put(f" 1 0 0 1 {n(x)} {n(y)} Tm ")
            put(ops if resolve is None else resolve(ops))
        if coloured:
            put(" 0 g")
        for ruby in box.ruby:
            draw(ruby)

    for box in boxes:
        draw(box)
    if started:
        put(" ET")
    return started


def _page_size_pt(page: Page, paper_mm: tuple[float, float]) -> tuple[float, float]:
    if page.width > 0 and page.height > 0:
        return page.width * PT_PER_MM, page.height * PT_PER_MM
    return paper_mm[0] * PT_PER_MM, paper_mm[1] * PT_PER_MM


# --------------------------------------------------------------------------- templates

_Chrome = tuple[tuple[Fill, ...], tuple[Rule, ...], tuple[TextBox, ...], float, float]
# (face key, template key) -> [(chrome, compiled operators)]; equal chrome, equal operators
_TEMPLATES: dict[tuple[str, str], list[tuple[_Chrome, CompiledOps]]] = {}


def _chrome(page: Page, w_pt: float, h_pt: float) -> _Chrome:
    """What a template is made of; the size is the printed one (a page without its own
    size takes the document's paper, so equal pages of two documents may differ here)."""
    return (
        tuple(f for f in page.fills if f.static),
        tuple(r for r in page.rules if r.static),
        tuple(t for t in page.texts if t.static),
        w_pt,
        h_pt,
    )


def _compile_template(face: FontFace, chrome: _Chrome) -> CompiledOps:
    fills, rules, texts, _w, page_h = chrome
    out: list[str] = []
    _fills(list(fills), page_h, out)
    _rules(list(rules), page_h, out)
    pieces: list[_Piece] = ["\n".join(out)]
    if texts:
        if out:
            pieces.append("\n")
        _text(face, page_h, list(texts), pieces)
    b = OpsBuilder()
    for p in pieces:
        if isinstance(p, str):
            b.lit(p)
        else:
            b.extend(p)
    return b.build()


def _template_ops(face: FontFace, key: str, chrome: _Chrome) -> CompiledOps:
    """The compiled chrome for this key and content (compared with ==, shared per process)."""
    known = _TEMPLATES.get((face.key, key))
    if known is None:
        if len(_TEMPLATES) >= _CACHE_LIMIT:
            _TEMPLATES.clear()
        known = _TEMPLATES[(face.key, key)] = []
    # Compared with == rather than hashed: tuple equality short-cuts on
    # identical objects, which is what a layout reusing its chrome passes.
    for c, ops in known:
        if c == chrome:
            return ops
    ops = _compile_template(face, chrome)
    if len(known) >= 8:  # the same key with ever different chrome: a layout bug, keep it bounded
        known.clear()
    known.append((chrome, ops))
    return ops


# --------------------------------------------------------------------------- the writer


class PdfWriter:
    """One PDF document written page by page to ``sink`` (a binary file or buffer).

    ``face``: the font every run was shaped with; None takes the face of the
    first run that names one and checks every other run against it.
    ``paper_mm``: the size of pages that have none of their own. Use as a
    context manager, or call :meth:`close` (which writes the font, the page
    tree and the trailer); a document without pages gets one blank sheet.
    ``archive``: make the file PDF/A (render/pdfa.py: output intent, XMP, embedded data).
    """

    def __init__(
        self,
        sink: BinaryIO,
        *,
        title: str,
        subject: str,
        paper_mm: tuple[float, float] = PAPER_MM["A4"],
        face: FontFace | None = None,
        archive: Archive | None = None,
    ) -> None:
        self.archive = archive
        self.file = PdfFile(sink, sha256=archive is not None and archive.attachment is not None)
        self.title, self.subject = title, subject
        self.paper_mm = paper_mm
        self.face = face
        self.strict = face is None  # check that every run was shaped with one face
        self.subset: FontSubset | None = None
        self._font_num: int | None = None
        self._pages_num = self.file.reserve()
        self._kids: list[int] = []
        # template key -> [(chrome, XObject name, object number)], per document
        self._forms: dict[str, list[tuple[_Chrome, str]]] = {}
        self._form_refs: dict[str, int] = {}
        self._images: dict[str, tuple[str, int]] = {}  # image digest -> (XObject name, number): once per document
        self._closed = False

    def __enter__(self) -> PdfWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()

    # -- font ------------------------------------------------------------------------
    def _face_for(self, page: Page) -> FontFace:
        if self.face is None:
            self.face = _page_face(page)
        return self.face

    def _use_font(self) -> int:
        if self._font_num is None:
            self._font_num = self.file.reserve()
        return self._font_num

    def _subset(self, face: FontFace) -> FontSubset:
        if self.subset is None:
            self.subset = FontSubset(face)
        return self.subset

    # -- pages -----------------------------------------------------------------------
    def _template(self, page: Page, face: FontFace, w: float, h: float) -> str | None:
        """Name of the Form XObject with this page's chrome (written on first use in the document)."""
        if not page.template_key:
            return None
        chrome = _chrome(page, w, h)
        if not (chrome[0] or chrome[1] or chrome[2]):
            return None
        known = self._forms.setdefault(page.template_key, [])
        for c, name in known:
            if c == chrome:
                return name
        if self.strict:
            _check_font(face, chrome[2])
        ops = _template_ops(face, page.template_key, chrome)
        resources = ""
        if ops.keys:
            resources = f" /Resources << /Font << /{FONT_NAME} {self._use_font()} 0 R >> >>"
        content = self._subset(face).resolve(ops).encode("ascii")
        name = f"Tpl{len(self._form_refs) + 1}"
        self._form_refs[name] = self.file.stream(
            f"/Type /XObject /Subtype /Form /FormType 1 /BBox [0 0 {_n(w)} {_n(h)}]{resources} /Filter /FlateDecode",
            _deflate(content, cache=True),
        )
        known.append((chrome, name))
        return name

    def add_page(self, page: Page) -> None:
        """Write one page now (its content stream and page object)."""
        if self._closed:
            raise ValueError("the PDF is already closed")
        face = self._face_for(page)
        w, h = _page_size_pt(page, self.paper_mm)
        template = self._template(page, face, w, h)
        out: list[str] = []
        if template is not None:
            _fills([f for f in page.fills if not f.static], h, out)
            out.append(f"/{template} Do")
            _rules([r for r in page.rules if not r.static], h, out)
            texts = [t for t in page.texts if not t.static]
        else:  # dynamic fills under static ones, as with a template
            _fills([f for f in page.fills if not f.static] + [f for f in page.fills if f.static], h, out)
            _rules(list(page.rules), h, out)
            texts = list(page.texts)
        uses_font = False  # a template names the font in its own resources
        if texts:
            subset = self._subset(face)
            pieces: list[_Piece] = []
            if _text(face, h, texts, pieces, self.strict, subset):
                uses_font = True
                out.append("".join(pieces))  # type: ignore[arg-type]  # resolved: every piece is a str
        images = [self._draw_image(page, placed, h, out) for placed in page.images]
        out.append("")
        self._write_page(w, h, "\n".join(out).encode("ascii"), template, uses_font, images)

    def _draw_image(self, page: Page, placed: PlacedImage, page_h: float, out: list[str]) -> str:
        """``placed`` drawn above everything else; its XObject is written on first use in the document.

        PDF/A: an image with transparent pixels is flattened onto white, which is only right
        when nothing is printed under it; otherwise FormDataError names the image.
        """
        pdfa = self.archive is not None
        x = pdf_image(placed.image, flatten=pdfa)  # cached per image: each placement is checked
        if pdfa and x.had_alpha:
            under = _printed_under(page, placed.rect)
            if under is not None:
                message = (
                    f"透明な部分のある画像の下に{under}が印刷されます。PDF/A には透明を入れられないため、"
                    "透明のない画像にするか、何も印刷されない場所に置いてください"
                )
                raise FormDataError([ErrorEntry(placed.field or "image", message, "画像")])
        known = self._images.get(placed.image.digest)
        if known is None:
            mask = f" /SMask {self.file.stream(*x.smask)} 0 R" if x.smask is not None else ""
            name = f"Im{len(self._images) + 1}"
            known = self._images[placed.image.digest] = (name, self.file.stream(x.entries + mask, x.data))
        r = placed.rect
        x0, y0 = _n(r.x * PT_PER_MM), _n(page_h - r.bottom * PT_PER_MM)
        out.append(f"q {_n(r.w * PT_PER_MM)} 0 0 {_n(r.h * PT_PER_MM)} {x0} {y0} cm /{known[0]} Do Q")
        return known[0]

    def _write_page(
        self, w: float, h: float, content: bytes, template: str | None, uses_font: bool, images: list[str] | None = None
    ) -> None:
        contents = self.file.stream("/Filter /FlateDecode", _deflate(content))
        resources = []
        if uses_font:
            resources.append(f"/Font << /{FONT_NAME} {self._use_font()} 0 R >>")
        xobjects = [f"/{template} {self._form_refs[template]} 0 R"] if template is not None else []
        numbers = dict(self._images.values())
        xobjects += [f"/{name} {numbers[name]} 0 R" for name in dict.fromkeys(images or [])]
        if xobjects:
            resources.append(f"/XObject << {' '.join(xobjects)} >>")
        self._kids.append(
            self.file.object(
                f"<< /Type /Page /Parent {self._pages_num} 0 R /MediaBox [0 0 {_n(w)} {_n(h)}] "
                f"/Resources << {' '.join(resources)} >> /Contents {contents} 0 R >>"
            )
        )

    def close(self) -> None:
        """Font, page tree, catalog, info, xref and trailer: the file is complete afterwards."""
        if self._closed:
            return
        self._closed = True
        if not self._kids:  # a PDF needs one page; an empty Document gives a blank sheet
            w, h = self.paper_mm
            self._write_page(w * PT_PER_MM, h * PT_PER_MM, b"\n", None, False)
        if self._font_num is not None:
            assert self.subset is not None
            _write_font(self.file, self.subset, self._font_num, cid_set=self.archive is not None)
        f = self.file
        f.object(
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in self._kids)}] /Count {len(self._kids)} >>",
            self._pages_num,
        )
        catalog_extra = info_extra = ""
        if self.archive is not None:
            catalog, info_entries = write_archive(f, self.archive, title=self.title, subject=self.subject)
            catalog_extra = f" {catalog}"
            info_extra = f" {info_entries}" if info_entries else ""
        root = f.object(f"<< /Type /Catalog /Pages {self._pages_num} 0 R{catalog_extra} >>")
        info = f.object(
            f"<< /Title {pdf_string(self.title)} /Subject {pdf_string(self.subject)} "
            f"/Creator {pdf_string(CREATOR)} /Producer {pdf_string(CREATOR)}{info_extra} >>"
        )
        f.close(root, info)


_GLYPH_TOP, _GLYPH_BOTTOM = 0.88, 0.12  # IPAmj明朝's em box around the baseline (ascent, descent)
_OVERLAP = 0.1  # mm: touching edges is not being under


def _overlaps(a: Rect, x0: float, y0: float, x1: float, y1: float) -> bool:
    return min(a.right, x1) - max(a.x, x0) > _OVERLAP and min(a.bottom, y1) - max(a.y, y0) > _OVERLAP


def _printed_under(page: Page, r: Rect) -> str | None:
    """What is printed inside ``r`` (text ink, a rule, a shaded area), in Japanese; None if nothing."""
    for t in page.texts:
        size = t.size * 25.4 / 72.0
        for line in t.lines:
            if t.vertical:
                box = (line.x - size / 2, line.baseline, line.x + size / 2, t.rect.bottom)
            else:
                width = line.run.width_mm(t.size) + line.spacing * max(len(line.run.glyphs) - 1, 0)
                box = (line.x, line.baseline - _GLYPH_TOP * size, line.x + width, line.baseline + _GLYPH_BOTTOM * size)
            if _overlaps(r, *box):
                return f"文字「{t.text[:10]}」"
    for rule in page.rules:
        half = rule.width * 25.4 / 72.0 / 2
        x0, y0 = min(rule.x1, rule.x2) - half, min(rule.y1, rule.y2) - half
        if _overlaps(r, x0, y0, max(rule.x1, rule.x2) + half, max(rule.y1, rule.y2) + half):
            return "罫線"
    for fill in page.fills:
        if fill.gray < 1 and _overlaps(r, fill.rect.x, fill.rect.y, fill.rect.right, fill.rect.bottom):
            return "網掛け"
    return None


def _write_font(f: PdfFile, subset: FontSubset, num: int, *, cid_set: bool = False) -> None:
    """The Type0 / CIDFontType2 font of the document (objects written at the end, when every code is known).

    ``cid_set`` (PDF/A): a /CIDSet naming every CID, i.e. every code 0 … n-1 of the document,
    each of which the CIDToGIDMap sends to a glyph of the subset (PDF/A-1 requires it; PDF/A-2
    and -3 allow it when it is complete, which it is by construction).
    """
    e = subset.build()
    d = e.descriptor
    cid_set_entry = ""
    if cid_set:
        n = len(e.cid_to_gid_map) // 2
        bits = bytearray(b"\xff" * (n // 8))
        if n % 8:
            bits.append((0xFF << (8 - n % 8)) & 0xFF)
        cid_set_entry = f" /CIDSet {f.stream('/Filter /FlateDecode', _deflate(bytes(bits)))} 0 R"
    program = f.stream(
        f"/Filter /FlateDecode /Length1 {len(e.font_program)}",
        _deflate(e.font_program, cache=True, level=FONT_DEFLATE_LEVEL),
    )
    cid_map = f.stream("/Filter /FlateDecode", _deflate(e.cid_to_gid_map))
    to_unicode = f.stream("/Filter /FlateDecode", _deflate(e.to_unicode))
    base = pdf_name(e.base_font)
    descriptor = f.object(
        f"<< /Type /FontDescriptor /FontName {base} /Flags {d.flags} "
        f"/FontBBox [{' '.join(str(v) for v in d.bbox)}] /ItalicAngle {fmt_num(d.italic_angle)} "
        f"/Ascent {d.ascent} /Descent {d.descent} /CapHeight {d.cap_height} /StemV {d.stem_v} "
        f"/FontFile2 {program} 0 R{cid_set_entry} >>"
    )
    cid_font = f.object(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {base} "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW {e.default_width} /W {e.widths} /CIDToGIDMap {cid_map} 0 R >>"
    )
    f.object(
        f"<< /Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>",
        num,
    )


def _runs(box: TextBox) -> list[ShapedRun]:
    out = [line.run for line in box.lines]
    for r in box.ruby:
        out += _runs(r)
    return out


def document_face(doc: Document) -> FontFace:
    """The face the Document's glyph ids belong to (the runs record it when shaped)."""
    keys = {run.font_key for p in doc.pages for t in p.texts for run in _runs(t) if run.glyphs}
    keys.discard("")
    if len(keys) > 1:
        raise ValueError(f"one PDF document shaped with several fonts: {sorted(keys)}")
    return load_font(next(iter(keys))) if keys else load_font()


def _page_face(page: Page) -> FontFace:
    """The face of the first run on ``page`` that names one (the default face if none does)."""
    for t in page.texts:
        for run in _runs(t):
            if run.glyphs and run.font_key:
                return face_for_key(run.font_key)
    return load_font()


def _first_face(doc: Document) -> FontFace:
    """The face of the first run that names one; the writer then checks every other run."""
    for p in doc.pages:
        for t in p.texts:
            for run in _runs(t):
                if run.glyphs and run.font_key:
                    return face_for_key(run.font_key)
    return load_font()


def _check_font(face: FontFace, boxes: tuple[TextBox, ...]) -> None:
    for t in boxes:
        for run in _runs(t):
            if run.glyphs and run.font_key and run.font_key != face.key:
                raise ValueError(f"one PDF document shaped with several fonts: {sorted({face.key, run.font_key})}")


def render_pdf(doc: Document, face: FontFace | None = None, *, archive: Archive | None = None) -> bytes:
    """The complete PDF of ``doc``: byte-identical for the same Document and font.

    Without ``face`` the font is the one the runs were shaped with (all of
    them with one face, or ValueError). ``archive``: a PDF/A file (render/pdfa.py).
    """
    buf = io.BytesIO()
    paper = paper_size_mm(doc)
    with PdfWriter(buf, title=doc.title, subject=doc.form_id, paper_mm=paper, face=face, archive=archive) as w:
        if face is None and doc.pages:
            w.face = _first_face(doc)
        for page in doc.pages:
            w.add_page(page)
    return buf.getvalue()


caches.register_dict("render.pdf: compiled page templates", _TEMPLATES, per_text=False)
caches.register_dict("render.pdf: deflated template and font streams", _DEFLATED, per_text=False)
caches.register_dict("render.pdf: formatted coordinates", _N_CACHE, per_text=False)


def form_xobject_count(doc: Document) -> int:
    """How many Form XObjects ``render_pdf`` writes for ``doc`` (one per distinct template key)."""
    keys = set()
    for p in doc.pages:
        if p.template_key and (
            any(f.static for f in p.fills) or any(r.static for r in p.rules) or any(t.static for t in p.texts)
        ):
            keys.add(p.template_key)
    return len(keys)
