"""Page model → PDF bytes. The only module that imports reportlab.

Why ReportLab is used only as a container: it writes a correct, deterministic
file structure (xref, pages, Form XObjects, invariant dates and /ID), but its
own TrueType path cannot print variation sequences (see cidfont.py). So every
content stream is written here, in millimetres converted once to points,
deflated here and handed to ReportLab's document finished (a stream whose
dictionary already names its /Filter is written as is), and the single
Type0/CIDFontType2 font of the document is registered with ReportLab's
document at save time the way ReportLab's own dynamic fonts are
(``doc.delayedFonts`` + ``addObjects``).

Why so much is cached per process: a batch prints thousands of documents of
one layout. The static chrome of a page (rules, fills and labels marked
``static``) is compiled once per distinct chrome into operators with open
glyph codes, drawn once per document as a Form XObject and reused on every
page with that ``Page.template_key`` (as Thinreports does with its stamps);
its deflated bytes are reused whenever the codes come out the same, which they
do when the chrome is the first thing a document draws. Text operators are
compiled once per shaped run (cidfont.py). Nothing cached changes a byte of
output: a document renders identically in a fresh process and after any
other documents. Dynamic fills are drawn under the chrome, dynamic rules and
text above it.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas

from unified_forms.layout.page import Document, Fill, Page, Rule, TextBox
from unified_forms.render.cidfont import (
    H_OPS,
    CompiledOps,
    FontSubset,
    OpsBuilder,
    evict_oldest,
    horizontal_ops,
    vertical_ops,
)
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


def _stream(deflated: bytes, **entries: Any) -> pdfdoc.PDFStream:
    """A stream ReportLab writes as is: /Filter is already in its dictionary."""
    d = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode"), **entries})
    return pdfdoc.PDFStream(dictionary=d, content=deflated)


def clear_caches() -> None:
    """Forget the process-wide templates and deflated streams (tests; memory pressure)."""
    _TEMPLATES.clear()
    _DEFLATED.clear()


# --------------------------------------------------------------------------- drawing


class _Canvas(rl_canvas.Canvas):
    """A canvas that never sets ReportLab's default Helvetica: our PDFs contain one font."""

    def _make_preamble(self) -> None:
        self._preamble = "1 0 0 1 0 0 cm" if self.bottomup else f"1 0 0 -1 0 {_n(self._pagesize[1])} cm"


class _CidFontResource:
    """Registers the document's Type0 font in ReportLab's font dictionary at save time."""

    _dynamicFont = 1

    def __init__(self, subset: FontSubset, internal_name: str) -> None:
        self.subset = subset
        self.internal_name = internal_name

    def addObjects(self, doc: Any) -> None:  # ReportLab calls this name at save time
        e = self.subset.build()
        d = e.descriptor

        deflated = _deflate(e.font_program, cache=True, level=FONT_DEFLATE_LEVEL)
        program = _stream(deflated, Length1=len(e.font_program))
        cid_map = _stream(_deflate(e.cid_to_gid_map))
        to_unicode = _stream(_deflate(e.to_unicode))

        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(e.base_font),
                "Flags": d.flags,
                "FontBBox": pdfdoc.PDFArray(list(d.bbox)),
                "ItalicAngle": d.italic_angle,
                "Ascent": d.ascent,
                "Descent": d.descent,
                "CapHeight": d.cap_height,
                "StemV": d.stem_v,
                "FontFile2": doc.Reference(program),
            }
        )
        cid_font = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("CIDFontType2"),
                "BaseFont": pdfdoc.PDFName(e.base_font),
                "CIDSystemInfo": pdfdoc.PDFDictionary(
                    {
                        "Registry": pdfdoc.PDFString("Adobe"),
                        "Ordering": pdfdoc.PDFString("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": doc.Reference(descriptor),
                "DW": e.default_width,
                "W": e.widths,  # already PDF syntax
                "CIDToGIDMap": doc.Reference(cid_map),
            }
        )
        type0 = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("Type0"),
                "BaseFont": pdfdoc.PDFName(e.base_font),
                "Encoding": pdfdoc.PDFName("Identity-H"),
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font)]),
                "ToUnicode": doc.Reference(to_unicode),
            }
        )
        ref = doc.Reference(type0, self.internal_name)
        doc.idToObject[pdfdoc.BasicFonts].dict[self.internal_name] = ref


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


def _text(face: FontFace, page_h: float, boxes: list[TextBox], out: list[_Piece], strict: bool = False) -> bool:
    """Appends one BT … ET block drawing ``boxes`` to ``out``; False when nothing was drawn.

    ``strict``: every run must have been shaped with ``face`` (or the default face).
    """
    size: float | None = None
    started = False
    put = out.append
    n = _n
    face_key = face.key
    cached = H_OPS.get  # the compiled-operator cache of horizontal_ops, read inline (hot loop)

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
            spacing_pt = line.spacing * PT_PER_MM if line.spacing else 0.0
            x, y = line.x * PT_PER_MM, page_h - line.baseline * PT_PER_MM
            if run.vertical:
                dx, dy, ops = vertical_ops(run, size, spacing_pt)
                put(f" 1 0 0 1 {n(x + dx)} {n(y + dy)} Tm ")
            else:
                hit = cached((id(run), face_key, size, spacing_pt))
                ops = hit[1] if hit is not None and hit[0] is run else horizontal_ops(face, run, size, spacing_pt)
                put(f" 1 0 0 1 {n(x)} {n(y)} Tm ")
            put(ops)
        if coloured:
            put(" 0 g")
        for ruby in box.ruby:
            draw(ruby)

    for box in boxes:
        draw(box)
    if started:
        put(" ET")
    return started


def _page_size_pt(page: Page, doc: Document) -> tuple[float, float]:
    if page.width > 0 and page.height > 0:
        return page.width * PT_PER_MM, page.height * PT_PER_MM
    w, h = paper_size_mm(doc)
    return w * PT_PER_MM, h * PT_PER_MM


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


class _Writer:
    """Draws one Document onto one canvas."""

    def __init__(self, doc: Document, face: FontFace, strict: bool = False) -> None:
        self.doc = doc
        self.face = face
        self.strict = strict  # check that every run was shaped with ``face``
        w, h = _page_size_pt(doc.pages[0], doc) if doc.pages else _page_size_pt(Page(0, 0), doc)
        self.c = _Canvas(None, pagesize=(w, h), invariant=1, pageCompression=0)
        self.c.setTitle(doc.title)
        self.c.setSubject(doc.form_id)
        self.c.setCreator(CREATOR)
        self.subset = FontSubset(face)
        self._font: _CidFontResource | None = None
        # (template key, chrome) -> form name, per document
        self._forms: dict[str, list[tuple[_Chrome, str]]] = {}
        self._form_count = 0

    def _use_font(self) -> None:
        if self._font is None:
            pdf_doc = self.c._doc
            pdf_doc.fontMapping[FONT_KEY] = "/" + FONT_NAME
            self._font = _CidFontResource(self.subset, FONT_NAME)
            pdf_doc.delayedFonts.append(self._font)

    def _template(self, page: Page, w: float, h: float) -> str | None:
        """Name of the Form XObject with this page's chrome (created on first use in the document)."""
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
            _check_font(self.face, chrome[2])
        ops = _template_ops(self.face, page.template_key, chrome)
        if ops.keys:
            self._use_font()
        content = self.subset.resolve(ops).encode("ascii")
        self._form_count += 1
        name = f"Tpl{self._form_count}"
        form = pdfdoc.PDFFormXObject(lowerx=0, lowery=0, upperx=w, uppery=h)
        form.Contents = _stream(_deflate(content, cache=True))
        self.c._doc.addForm(name, form)
        known.append((chrome, name))
        return name

    def page(self, page: Page) -> None:
        w, h = _page_size_pt(page, self.doc)
        template = self._template(page, w, h)
        out: list[str] = []
        if template is not None:
            _fills([f for f in page.fills if not f.static], h, out)
            out.append(f"/{self.c._doc.getXObjectName(template)} Do")
            _rules([r for r in page.rules if not r.static], h, out)
            texts = [t for t in page.texts if not t.static]
        else:  # dynamic fills under static ones, as with a template
            _fills([f for f in page.fills if not f.static] + [f for f in page.fills if f.static], h, out)
            _rules(list(page.rules), h, out)
            texts = list(page.texts)
        if texts:
            pieces: list[_Piece] = []
            if _text(self.face, h, texts, pieces, self.strict):
                self._use_font()
                resolve = self.subset.resolve
                out.append("".join([p if p.__class__ is str else resolve(p) for p in pieces]))  # type: ignore[arg-type]
        out.append("")
        content = "\n".join(out).encode("ascii")
        c = self.c
        c.setPageSize((w, h))
        c._code = []
        if template is not None:
            c._formsinuse = [template]
        c.showPage()
        c._doc.Pages.pages[-1].Contents = _stream(_deflate(content))

    def render(self) -> bytes:
        for page in self.doc.pages:
            self.page(page)
        if not self.doc.pages:  # a PDF needs one page; an empty Document gives a blank sheet
            self.c.showPage()
            self.c._doc.Pages.pages[-1].Contents = _stream(_deflate(b"\n"))
        data = self.c._doc.GetPDFData(self.c)
        return data if isinstance(data, bytes) else data.encode("latin-1")


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


def render_pdf(doc: Document, face: FontFace | None = None) -> bytes:
    """The complete PDF of ``doc``: byte-identical for the same Document and font.

    Without ``face`` the font is the one the runs were shaped with (all of
    them with one face, or ValueError).
    """
    if face is not None:
        return _Writer(doc, face).render()
    return _Writer(doc, _first_face(doc), strict=True).render()


def form_xobject_count(doc: Document) -> int:
    """How many Form XObjects ``render_pdf`` writes for ``doc`` (one per distinct template key)."""
    keys = set()
    for p in doc.pages:
        if p.template_key and (
            any(f.static for f in p.fills) or any(r.static for r in p.rules) or any(t.static for t in p.texts)
        ):
            keys.add(p.template_key)
    return len(keys)
