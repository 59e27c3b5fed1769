"""The state shared by every primitive kind while one page is being built.

``Frame`` is where an element list is expanded (origin, size, options, the
file to blame in errors); ``PageBuilder`` collects the resolved rules, fills
and placed texts, and the fit decisions and errors of every text on the page.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from unified_forms.errors import ErrorEntry, FormDataError, LayoutError
from unified_forms.layout.fitbox import FitOutcome
from unified_forms.layout.page import Fill, Page, PlacedImage, Rect, Rule, TextBox, Typed
from unified_forms.layout.place import PT_TO_MM, fast_text, place_text
from unified_forms.layout.roles import check_size, role_of, role_style
from unified_forms.layout.spec import MAX_FONT_PT, MIN_FONT_PT, FitSpec, LineStyle, Number, TextStyle
from unified_forms.text.font import FontFace, load_font

MARK_SIZE = 6.5  # pt: the 「別紙に続く」 mark of a box whose text continues on a 別紙
MARK_PAD = 0.5  # mm above and below the mark
_MARK_STYLE = TextStyle(size=MARK_SIZE, align="right", padding=MARK_PAD, fit=FitSpec(min_size=MARK_SIZE))
STRIKE_RAISE = 0.38  # em above the baseline: the centre of IPAmj明朝's em box (ascent 0.88, descent 0.12)
STRIKE_WIDTH = 0.6  # pt
_RULE = struct.Struct("<5d")  # a rule's coordinates and width, for the template key
_BOX = struct.Struct("<5d")  # a fill's rect and gray, or a label's rect and size


@dataclass(slots=True)
class Frame:
    """Where an element list is being expanded: origin, size, options, the file for errors."""

    x: float
    y: float
    w: float
    h: float
    options: dict[str, Any]
    file: Path
    where: str

    def num(self, value: Number, what: str) -> float:
        if isinstance(value, str):
            if not value.startswith("$") or value[1:] not in self.options:
                raise LayoutError(str(self.file), f"{self.where}.{what}", f"'{value}' is not a known option")
            got = self.options[value[1:]]
            if not isinstance(got, int | float) or isinstance(got, bool):
                raise LayoutError(str(self.file), f"{self.where}.{what}", f"option '{value}' is not a number")
            return float(got)
        return float(value)

    def rect(self, r: tuple[Number, Number, Number, Number], what: str = "rect") -> Rect:
        """Resolve a pattern-relative rect: negative x from the right edge, w <= 0 stretches."""
        x, y, w, h = (self.num(v, what) for v in r)
        if x < 0:
            x = self.w + x
        if w <= 0:
            w = self.w - x + w
        return Rect(self.x + x, self.y + y, w, h)

    def text(self, value: str) -> str:
        """A literal label, or ``$option`` substituted by name (never evaluated)."""
        if value.startswith("$") and value[1:] in self.options:
            return str(self.options[value[1:]])
        return value

    def enabled(self, when: str | None, flags: frozenset[str]) -> bool:
        if when is None:
            return True
        if when in self.options:
            return bool(self.options[when])
        return when in flags


@dataclass(frozen=True, slots=True)
class Continued:
    """The rest of a text that its box let continue on a continuation sheet (別紙)."""

    path: str
    label: str
    text: str
    style: TextStyle


@dataclass(slots=True)
class PageBuilder:
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    texts: list[TextBox] = field(default_factory=list)
    fits: list[tuple[str, FitOutcome]] = field(default_factory=list)
    errors: list[ErrorEntry] = field(default_factory=list)
    continued: list[Continued] = field(default_factory=list)
    # the frame of the element being expanded: resolves "$option" font sizes of its styles
    frame: Frame | None = None
    # the paper, when elements must stay on it (form pages; kinds.expand checks each element)
    paper: Rect | None = None
    # the form layout's text_role (layout/roles.py): None leaves every box's role to its style
    text_role: str | None = None
    # the font in use, looked up once per page rather than once per text
    face: FontFace | None = None
    # pictures (layout/kinds/image.py) and the form layout file their ``file`` is relative to
    images: list[PlacedImage] = field(default_factory=list)
    layout_file: Path | None = None

    def text(
        self,
        rect: Rect,
        text: str,
        style: TextStyle,
        *,
        static: bool,
        path: str | None,
        label: str = "",
        ruby: str | None = None,
        ruby_parts: tuple[tuple[str, str], ...] = (),
        allow_continuation: bool = True,
        typed: Typed | None = None,
        color: str | None = None,
        block: str | None = None,
    ) -> None:
        """Fit and place one text; a text that cannot fit is recorded as an error, the page goes on.

        What a continuation box could not hold is kept in ``continued`` for the 別紙.
        ``typed`` rides along for spreadsheets; an empty text with a ``typed`` value (a
        評定 not yet entered, a total still blank) is kept as a box without lines, so a
        spreadsheet formula can refer to its cell.
        With ``style.continued_mark`` the box keeps a strip at its bottom for that mark
        (「別紙に続く」); ``style.strike`` draws a line through each printed line (a superseded
        entry kept on record). ``block`` names the part of the element being expanded that the text
        belongs to (``header``, ``column <key>``); the box records it after the element's place
        (``TextBox.block``), so one block's labels can be checked for one size.
        """
        if not text and typed is None:
            return
        role = role_of(style, static, self.text_role, self.frame) if style.role or self.text_role else None
        if role is not None:
            style = role_style(style, role)
        if isinstance(style.size, str):
            if self.frame is None:
                raise LayoutError("", "style.size", f"'{style.size}' can only be used inside a pattern")
            size = self.frame.num(style.size, "style.size")
            if not MIN_FONT_PT <= size <= MAX_FONT_PT:
                message = f"font size {size:g} pt is outside {MIN_FONT_PT:g}–{MAX_FONT_PT:g} pt"
                raise LayoutError(str(self.frame.file), f"{self.frame.where}.style.size", message)
        else:
            size = float(style.size)
        if not text:
            blank = TextBox(rect, "", size, (), style.align, style.valign, style.vertical, static, path, typed=typed)
            self.texts.append(blank)
            return
        if role is not None:
            check_size(size, role, self.frame)
        face = self.face
        if face is None:
            face = self.face = load_font()

        if block is not None and self.frame is not None:
            block = f"{self.frame.where}: {block}"  # the element's place, then its part

        def place(r: Rect) -> tuple[TextBox, FitOutcome]:
            return place_text(
                r,
                text,
                style,
                size=size,
                static=static,
                path=path,
                label=label,
                allow_continuation=allow_continuation,
                ruby=ruby,
                ruby_parts=ruby_parts,
                role=role,
                face=face,
                try_fast=r is not rect,  # the full box was just tried on the fast path
                block=block,
            )

        mark: Rect | None = None
        # the common box (a one-line data value that fits) in one pass; it can neither fail nor continue
        placed = fast_text(rect, text, style, size, static, path, ruby, ruby_parts, face, role, block)
        if placed is not None:
            box, outcome = placed
        else:
            try:
                box, outcome = place(rect)
                if outcome.remainder and style.continued_mark:
                    # the box says that it goes on: its text is fitted again above a strip for the mark
                    strip = MARK_SIZE * PT_TO_MM + 2 * MARK_PAD
                    box, outcome = place(Rect(rect.x, rect.y, rect.w, rect.h - strip))
                    mark = Rect(rect.x, rect.bottom - strip, rect.w, strip)
            except FormDataError as exc:
                if path is None and self.frame is not None:  # a label of the form: the layout's fault, not the data's
                    message = "; ".join(e.message for e in exc.errors)
                    where = self.frame.where
                    raise LayoutError(str(self.frame.file), where, f"a label does not fit its box: {message}") from None
                self.errors.extend(exc.errors)
                return
        # what the placed box does not know yet, set in one copy (a copy per attribute costs)
        changes: dict[str, Any] = {}
        if color is not None:
            changes["color"] = color
        if typed is not None:
            changes["typed"] = typed
        if style.strike and not style.vertical:
            changes["strike"] = True
            self._strike(box)  # reads the lines and size only
        self.texts.append(replace(box, **changes) if changes else box)
        if mark is not None and style.continued_mark:
            self.text(mark, style.continued_mark, _MARK_STYLE, static=False, path=None)
        if path:
            self.fits.append((path, outcome))
        if outcome.remainder:
            self.continued.append(Continued(path or "", label or path or "", outcome.remainder, style))

    def _strike(self, box: TextBox) -> None:
        """One line through the middle of each printed line (the em box centre, glyph width)."""
        size_mm = box.size * PT_TO_MM
        for line in box.lines:
            width = line.run.width_mm(box.size) + line.spacing * max(len(line.run.glyphs) - 1, 0)
            y = line.baseline - STRIKE_RAISE * size_mm
            self.rules.append(Rule(line.x, y, line.x + width, y, STRIKE_WIDTH, "solid", static=False))

    def box(self, r: Rect, width: float, style: LineStyle, sides: str = "tblr", static: bool = True) -> None:
        if "t" in sides:
            self.rules.append(Rule(r.x, r.y, r.right, r.y, width, style, static))
        if "b" in sides:
            self.rules.append(Rule(r.x, r.bottom, r.right, r.bottom, width, style, static))
        if "l" in sides:
            self.rules.append(Rule(r.x, r.y, r.x, r.bottom, width, style, static))
        if "r" in sides:
            self.rules.append(Rule(r.right, r.y, r.right, r.bottom, width, style, static))

    def page(self, w: float, h: float) -> Page:
        """The finished page; its template key is a digest of the static chrome only."""
        # Packed numbers rather than repr(): every page of every document computes this key
        # (≈170 rules on a 名簿), and float repr dominated its cost.
        pack_rule, pack_box = _RULE.pack, _BOX.pack
        parts: list[bytes] = [
            pack_rule(r.x1, r.y1, r.x2, r.y2, r.width) + r.style.encode() for r in self.rules if r.static
        ]
        parts.append(b"|fills|")
        for f in self.fills:
            if f.static:
                parts.append(pack_box(f.rect.x, f.rect.y, f.rect.w, f.rect.h, f.gray))
        parts.append(b"|texts|")
        for t in self.texts:
            if t.static:
                r = t.rect
                parts.append(pack_box(r.x, r.y, r.w, r.h, t.size) + f"{t.align}{t.vertical:d}{t.text}\x00".encode())
        digest = hashlib.sha256(b"".join(parts))
        return Page(
            width=w,
            height=h,
            rules=tuple(self.rules),
            fills=tuple(self.fills),
            texts=tuple(self.texts),
            template_key=digest.hexdigest()[:16],
            images=tuple(self.images),
        )
