"""Page model → PDF bytes. The only module that imports reportlab.

Why ReportLab is used only as a container: it writes a correct, deterministic
file structure (xref, pages, Form XObjects, invariant dates and /ID), but its
own TrueType path cannot print variation sequences (see cidfont.py). So all
drawing operators are written here directly into the canvas's content stream,
in millimetres converted once to points, and the single Type0/CIDFontType2
font of the document is registered with ReportLab's document at save time the
way ReportLab's own dynamic fonts are (``doc.delayedFonts`` + ``addObjects``).

The static chrome of a page (rules, fills and labels marked ``static``) is
drawn once per distinct ``Page.template_key`` as a Form XObject and reused on
every page with that key, as Thinreports does with its stamps. Dynamic fills
are drawn under the chrome, dynamic rules and text above it.
"""

from __future__ import annotations

import io
import math
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas

from unified_forms.layout.page import Document, Fill, Page, Rule, TextBox
from unified_forms.render.cidfont import EmbeddedFont, FontSubset, fmt_num
from unified_forms.text.font import FontFace, load_font
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

# line styles, in pt
DASH_ON, DASH_OFF = 3.0, 2.0
DOUBLE_MIN_GAP = 1.0  # centre-to-centre distance of the two lines of a double rule, at least


def _n(x: float) -> str:
    return fmt_num(round(x, 3))


def paper_size_mm(doc: Document) -> tuple[float, float]:
    """Width and height in mm from the print setup (the fallback for pages without a size)."""
    w, h = PAPER_MM[doc.setup.paper]
    return (h, w) if doc.setup.orientation == "landscape" else (w, h)


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
        self.embedded: EmbeddedFont | None = None

    def addObjects(self, doc: Any) -> None:  # ReportLab calls this name at save time
        e = self.embedded = self.subset.build()
        d = e.descriptor
        z = [pdfdoc.PDFZCompress]

        program = pdfdoc.PDFStream(content=e.font_program, filters=z)
        program.dictionary["Length1"] = len(e.font_program)
        cid_map = pdfdoc.PDFStream(content=e.cid_to_gid_map, filters=z)
        to_unicode = pdfdoc.PDFStream(content=e.to_unicode, filters=z)

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


class _Writer:
    """Draws one Document onto one canvas."""

    def __init__(self, doc: Document, face: FontFace) -> None:
        self.doc = doc
        self.face = face
        self.buf = io.BytesIO()
        w, h = self._page_size_pt(doc.pages[0]) if doc.pages else self._mm_to_pt(paper_size_mm(doc))
        self.c = _Canvas(self.buf, pagesize=(w, h), invariant=1, pageCompression=1)
        self.c.setTitle(doc.title)
        self.c.setSubject(doc.form_id)
        self.c.setCreator(CREATOR)
        self.subset = FontSubset(face)
        self._font: _CidFontResource | None = None
        self._forms: dict[str, list[tuple[tuple[Any, ...], str]]] = {}
        self.page_h = h

    # -- geometry ------------------------------------------------------------------
    @staticmethod
    def _mm_to_pt(size: tuple[float, float]) -> tuple[float, float]:
        return size[0] * PT_PER_MM, size[1] * PT_PER_MM

    def _page_size_pt(self, page: Page) -> tuple[float, float]:
        if page.width > 0 and page.height > 0:
            return self._mm_to_pt((page.width, page.height))
        return self._mm_to_pt(paper_size_mm(self.doc))

    def x(self, mm: float) -> float:
        return mm * PT_PER_MM

    def y(self, mm: float) -> float:
        return self.page_h - mm * PT_PER_MM

    # -- font ----------------------------------------------------------------------
    def font_name(self) -> str:
        if self._font is None:
            pdf_doc = self.c._doc
            internal = f"F{len(pdf_doc.fontMapping) + 1}"
            pdf_doc.fontMapping[FONT_KEY] = "/" + internal
            self._font = _CidFontResource(self.subset, internal)
            pdf_doc.delayedFonts.append(self._font)
        return self._font.internal_name

    # -- primitives ------------------------------------------------------------------
    def fill(self, f: Fill, out: list[str]) -> None:
        r = f.rect
        out.append(
            f"q {_n(f.gray)} g {_n(self.x(r.x))} {_n(self.y(r.bottom))} "
            f"{_n(r.w * PT_PER_MM)} {_n(r.h * PT_PER_MM)} re f Q"
        )

    def rule(self, r: Rule, out: list[str]) -> None:
        x1, y1, x2, y2 = self.x(r.x1), self.y(r.y1), self.x(r.x2), self.y(r.y2)
        w = r.width
        if r.style == "double":
            length = math.hypot(x2 - x1, y2 - y1)
            if length == 0:
                return
            gap = max(2.5 * w, DOUBLE_MIN_GAP)
            nx, ny = -(y2 - y1) / length * gap / 2, (x2 - x1) / length * gap / 2
            segs = [(x1 + nx, y1 + ny, x2 + nx, y2 + ny), (x1 - nx, y1 - ny, x2 - nx, y2 - ny)]
            style = "[] 0 d 0 J"
        else:
            segs = [(x1, y1, x2, y2)]
            if r.style == "dashed":
                style = f"[{_n(DASH_ON)} {_n(DASH_OFF)}] 0 d 0 J"
            elif r.style == "dotted":
                style = f"[0 {_n(max(2.0 * w, 1.0))}] 0 d 1 J"
            else:
                style = "[] 0 d 0 J"
        path = " ".join(f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l" for a, b, c, d in segs)
        out.append(f"q 0 G {_n(w)} w {style} {path} S Q")

    def text(self, box: TextBox, out: list[str]) -> None:
        if box.lines:
            size = box.size
            ops = [f"BT 0 g /{self.font_name()} {_n(size)} Tf"]
            for line in box.lines:
                run = line.run
                if not run.glyphs:
                    continue
                spacing_pt = line.spacing * PT_PER_MM
                if run.vertical:
                    scale = size / run.units_per_em
                    cx, top = self.x(line.x), self.y(line.baseline)
                    pen = 0.0
                    for g in run.glyphs:
                        gx = cx + g.x_offset * scale
                        gy = top - pen + g.y_offset * scale
                        ops.append(f"1 0 0 1 {_n(gx)} {_n(gy)} Tm {self.subset.show_glyph(g)}")
                        pen += g.advance * scale + spacing_pt
                else:
                    ops.append(f"1 0 0 1 {_n(self.x(line.x))} {_n(self.y(line.baseline))} Tm")
                    ops.append(self.subset.show_horizontal(run, size, spacing_pt))
            ops.append("ET")
            if len(ops) > 2:
                out.append(" ".join(ops))
        for ruby in box.ruby:
            self.text(ruby, out)

    # -- pages -------------------------------------------------------------------------
    def _static_ops(self, page: Page) -> list[str]:
        out: list[str] = []
        for f in page.fills:
            if f.static:
                self.fill(f, out)
        for r in page.rules:
            if r.static:
                self.rule(r, out)
        for t in page.texts:
            if t.static:
                self.text(t, out)
        return out

    def _template(self, page: Page) -> str | None:
        """Name of the Form XObject with this page's chrome (created on first use)."""
        if not page.template_key:
            return None
        static = (
            tuple(f for f in page.fills if f.static),
            tuple(r for r in page.rules if r.static),
            tuple(t for t in page.texts if t.static),
            page.width,
            page.height,
        )
        if not any(static[:3]):
            return None
        # Compared with == rather than hashed: tuple equality short-cuts on
        # identical objects, which is what a layout reusing its chrome passes.
        known = self._forms.setdefault(page.template_key, [])
        for chrome, name in known:
            if chrome == static:
                return name
        # the same key with different chrome (a layout bug) still prints correctly
        name = f"Tpl{sum(len(v) for v in self._forms.values()) + 1}"
        w, h = self._page_size_pt(page)
        self.c.beginForm(name, 0, 0, w, h)
        self.c._code.extend(self._static_ops(page))
        self.c.endForm()
        known.append((static, name))
        return name

    def page(self, page: Page) -> None:
        w, h = self._page_size_pt(page)
        self.page_h = h
        self.c.setPageSize((w, h))
        template = self._template(page)
        out: list[str] = []
        for f in page.fills:
            if not f.static:
                self.fill(f, out)
        if template is not None:
            self.c._code.extend(out)
            out = []
            self.c.doForm(template)
            for r in page.rules:
                if not r.static:
                    self.rule(r, out)
            for t in page.texts:
                if not t.static:
                    self.text(t, out)
        else:
            for f in page.fills:
                if f.static:
                    self.fill(f, out)
            for r in page.rules:
                self.rule(r, out)
            for t in page.texts:
                self.text(t, out)
        self.c._code.extend(out)
        self.c.showPage()

    def render(self) -> bytes:
        for page in self.doc.pages:
            self.page(page)
        if not self.doc.pages:  # a PDF needs one page; an empty Document gives a blank sheet
            self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


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


def render_pdf(doc: Document, face: FontFace | None = None) -> bytes:
    """The complete PDF of ``doc``: byte-identical for the same Document and font.

    Without ``face`` the font is the one the runs were shaped with.
    """
    return _Writer(doc, face if face is not None else document_face(doc)).render()


def form_xobject_count(doc: Document) -> int:
    """How many Form XObjects ``render_pdf`` writes for ``doc`` (one per distinct template key)."""
    keys = set()
    for p in doc.pages:
        if p.template_key and (
            any(f.static for f in p.fills) or any(r.static for r in p.rules) or any(t.static for t in p.texts)
        ):
            keys.add(p.template_key)
    return len(keys)
