"""Line breaking for Japanese text: where a line may end, decided once for preview, validation and print.

Why our own breaker: the forms print free text (所見, 総合的な学習の時間) into
fixed boxes, and the capacity a school system checks at input time must be
the capacity the PDF has. So one greedy breaker, measured with the font's real
advances, serves validation, fitting and rendering alike.

Rules, in order of strength:

1. Explicit line breaks ("\\n", "\\r\\n", "\\r") are hard breaks and always kept;
   an empty line stays an empty line. The newline characters are not part of
   any line's text; :attr:`Line.newline` records which sequence was consumed,
   so ``"".join(l.text + l.newline for l in lines) == text`` exactly.
2. Never inside a grapheme cluster (base + IVS selector, combining marks, …).
3. Never inside a "word": a run of Latin letters, digits and the punctuation
   that holds them together (``ABC``, ``3.14``, ``1,000``, ``10:30``, ``90%``,
   full-width ``ＡＢＣ１２３``), unless the word (with whatever 禁則 binds to
   it, e.g. an opening bracket before it) is wider than the line; then it is
   broken at grapheme boundaries, still honouring 禁則 where it can.
4. Spaces (U+0020 only; a no-break space U+00A0 is an ordinary character): a
   line may break after a run of spaces; the spaces stay at the end of the
   line they follow and do not count towards its width, so the next line never
   starts with a space that was a word separator. U+3000 (全角スペース) is a
   full-width character like any kanji: it takes its width and may stand anywhere.
5. 禁則 (see :mod:`unified_forms.text.kinsoku`): ぶら下げ for 句読点, 追い出し
   for everything else.

Greedy: each line takes as much as fits, then the break moves back to the
nearest allowed position. If the line offers no allowed position at all, rule 3
is dropped first (a long word is broken but 禁則 still holds), then rule 5 (the
line is broken where it is full) — text is never lost, only niceties.

Performance: widths are summed once per paragraph into a running sum, the
fitting point of each line is found by bisection on it, and the rules are only
consulted around that point, so breaking costs per line, not per character.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Final, NamedTuple

from unified_forms.text.kinsoku import HANGING, INSEPARABLE, LINE_END_FORBIDDEN, LINE_START_FORBIDDEN
from unified_forms.text.measure import Measurer

#: Clusters a line may break after; they hang at the line end with no width. A whole
#: cluster is compared: a space carrying a combining mark is visible, not a separator.
SPACES: Final[frozenset[str]] = frozenset(" ")
_HANGING_FREE = HANGING  # a paragraph without any of these and without spaces needs no scan


def _span(first: str, last: str) -> str:
    return "".join(chr(c) for c in range(ord(first), ord(last) + 1))


#: Characters that make up an unbreakable "word" (rule 3), compared on a grapheme's first code point.
WORD_CHARS: Final[frozenset[str]] = frozenset(
    _span("A", "Z")
    + _span("a", "z")
    + _span("0", "9")
    + ".,%-'_+#&@/:"
    + "\u2019"  # ’ as apostrophe (don’t)
    + _span("０", "９")
    + _span("Ａ", "Ｚ")
    + _span("ａ", "ｚ")
    + "．，％－＿／：＠＆＃＋"
    + _span("\u00c0", "\u00d6")
    + _span("\u00d8", "\u00f6")
    + _span("\u00f8", "\u024f")  # Latin-1 letters, Latin Extended-A/B
    + _span("\u0370", "\u03ff")  # Greek
    + _span("\u0400", "\u04ff")  # Cyrillic
)

_HARD_BREAK = re.compile(r"\r\n|\r|\n")
_EPS = 1e-9


class Line(NamedTuple):
    """One printed line: an exact slice ``text[start:end]`` of the input.

    (A NamedTuple rather than a frozen dataclass: fitting builds tens of
    thousands of these per batch and tuple construction is three times cheaper.)
    """

    text: str
    start: int  # offset in the input string (code points)
    end: int
    width: float  # em at 1 pt; trailing spaces excluded, a hanging 句読点 included
    hang: float = 0.0  # em of the hanging 句読点 beyond the measure (ぶら下げ), 0 if none
    newline: str = ""  # hard-break sequence consumed after this line; "" after a soft break or at the end

    @property
    def hard_break(self) -> bool:
        return bool(self.newline)


#: Builds a Line from a complete tuple without the NamedTuple's Python-level __new__ (the hot loop).
_new_line = tuple.__new__


def allows_break(before: str, after: str) -> bool:
    """Rules 3–5 between two adjacent grapheme clusters of one paragraph."""
    b = after[0]
    if after in SPACES or b in LINE_START_FORBIDDEN:
        return False
    a = before[0]
    if a in LINE_END_FORBIDDEN or (a + b) in INSEPARABLE:
        return False
    return not (a in WORD_CHARS and b in WORD_CHARS)


def _kinsoku_only(before: str, after: str) -> bool:
    """Rule 5 alone (the fallback when a word is wider than the line)."""
    b = after[0]
    if after in SPACES or b in LINE_START_FORBIDDEN:
        return False
    a = before[0]
    return a not in LINE_END_FORBIDDEN and (a + b) not in INSEPARABLE


class _Paragraph(NamedTuple):
    start: int  # offset of the paragraph in the input
    text: str
    newline: str  # the hard break that ends it ("" for the last paragraph)
    clusters: Sequence[str]  # the paragraph text itself when every code point is a cluster
    cumulative: list[float]
    offsets: list[int] | None  # cluster index → offset in ``text``; None when clusters are code points
    content_end: int  # cluster index after the last non-space cluster


class PreparedText:
    """A text segmented and measured once, ready to be broken at any width."""

    __slots__ = ("_ink", "_paragraphs", "text")

    def __init__(self, text: str, measure: Measurer) -> None:
        self.text = text
        paragraphs: list[_Paragraph] = []
        pos = 0
        if "\n" in text or "\r" in text:
            for m in _HARD_BREAK.finditer(text):
                paragraphs.append(_prepare_paragraph(text, pos, m.start(), m.group(), measure))
                pos = m.end()
        paragraphs.append(_prepare_paragraph(text, pos, len(text), "", measure))
        self._paragraphs = tuple(paragraphs)
        self._ink: tuple[float, float] | None = None

    def _ink_and_hang(self) -> tuple[float, float]:
        """(sum of the advances of every non-space cluster, widest hanging 句読点 or 0), em."""
        if self._ink is None:
            ink = 0.0
            hang = 0.0
            for para in self._paragraphs:
                gs, cum = para.clusters, para.cumulative
                ink += cum[-1]
                if " " in para.text or not _HANGING_FREE.isdisjoint(para.text):
                    for i, g in enumerate(gs):
                        if g in SPACES:
                            ink -= cum[i + 1] - cum[i]
                        elif g[0] in HANGING:
                            hang = max(hang, cum[i + 1] - cum[i])
            self._ink = (ink, hang)
        return self._ink

    def min_lines(self, width_em: float) -> int:
        """A lower bound of ``len(self.break_lines(width_em))`` for any text, cheap to compute.

        Every printed line holds at most ``width_em`` of ink plus one hanging 句読点
        (trailing spaces take no room, a wider single grapheme makes the fit fail
        anyway), so the ink of the whole text needs at least this many lines.
        Fitting uses it to skip trial sizes that cannot fit without breaking them.
        """
        ink, hang = self._ink_and_hang()
        if ink <= 0:
            return 0
        room = width_em + hang + 1e-6
        return max(math.ceil(ink / room - 1e-9), 0)

    @property
    def hard_lines(self) -> int:
        """Number of lines the explicit line breaks alone make."""
        return len(self._paragraphs)

    def break_lines(self, width_em: float) -> list[Line]:
        """Lines of at most ``width_em`` (plus one hanging 句読点); ``math.inf`` = hard breaks only."""
        lines: list[Line] = []
        for para in self._paragraphs:
            _break_paragraph(para, width_em, lines)
        return lines


def prepare(text: str, measure: Measurer) -> PreparedText:
    """Segment and measure ``text`` once, to break it at several widths (fitting)."""
    return PreparedText(text, measure)


def break_lines(text: str, width_em: float, measure: Measurer) -> list[Line]:
    """Break ``text`` into lines no wider than ``width_em`` em (at 1 pt).

    Every line is an exact slice of ``text``; joining ``line.text + line.newline``
    over all lines gives ``text`` back. A line is wider than ``width_em`` only by
    a hanging 句読点 (``line.hang``), or when it is a single grapheme that alone
    is wider than the line.
    """
    return PreparedText(text, measure).break_lines(width_em)


def _prepare_paragraph(text: str, start: int, end: int, newline: str, measure: Measurer) -> _Paragraph:
    body = text[start:end]
    clusters, cumulative = measure.segment(body)
    offsets = None if clusters is body else list(accumulate(map(len, clusters), initial=0))
    content_end = len(clusters)
    while content_end > 0 and clusters[content_end - 1] in SPACES:
        content_end -= 1
    return _Paragraph(start, body, newline, clusters, cumulative, offsets, content_end)


def _break_paragraph(para: _Paragraph, width_em: float, out: list[Line]) -> None:
    base, body, newline, gs, cum, offs, content_end = para
    n = len(gs)
    limit = width_em + _EPS
    s = 0
    while True:
        if content_end <= s or cum[content_end] - cum[s] <= limit:
            a = offs[s] if offs else s
            width = cum[content_end] - cum[s] if content_end > s else 0.0
            out.append(_new_line(Line, (body[a:], base + a, base + len(body), width, 0.0, newline)))
            return
        # first cluster that does not fit: s..e-1 fit
        e = bisect_right(cum, cum[s] + limit, s) - 1
        # the common case inline (allows_break(gs[e - 1], gs[e])), the rest in _choose_break
        after = gs[e]
        g = after[0]
        f = gs[e - 1][0]
        if (
            e > s
            and after not in SPACES
            and g not in LINE_START_FORBIDDEN
            and f not in LINE_END_FORBIDDEN
            and not (f in WORD_CHARS and g in WORD_CHARS)
            and (f != g or f + g not in INSEPARABLE)
        ):
            b = e
            hang = 0.0
        else:
            b, hanging = _choose_break(gs, s, e, n)
            hang = cum[e + 1] - cum[e] if hanging else 0.0
        c = b
        while c > s and gs[c - 1] in SPACES:
            c -= 1
        a = offs[s] if offs else s
        z = offs[b] if offs else b
        if b == n:  # the break fell at the end (a last grapheme wider than the line, trailing spaces)
            out.append(_new_line(Line, (body[a:], base + a, base + len(body), cum[c] - cum[s], hang, newline)))
            return
        out.append(_new_line(Line, (body[a:z], base + a, base + z, cum[c] - cum[s], hang, "")))
        s = b


def _choose_break(gs: Sequence[str], s: int, e: int, n: int) -> tuple[int, bool]:
    """Where the line starting at cluster ``s`` ends, given that ``gs[e]`` does not fit.

    Returns ``(b, hanging)``: the line is ``gs[s:b]``; ``hanging`` if ``gs[e]`` is a
    句読点 left hanging in the margin (then ``b > e``).
    """
    g = gs[e]
    if g in SPACES:  # spaces that do not fit hang at the line end with no width
        b = e + 1
        while b < n and gs[b] in SPACES:
            b += 1
        if b == n or allows_break(gs[b - 1], gs[b]):
            return b, False
    elif g[0] in HANGING:  # ぶら下げ
        b = e + 1
        while b < n and gs[b] in SPACES:
            b += 1
        if b == n or allows_break(gs[b - 1], gs[b]):
            return b, True
    for b in range(e, s, -1):  # 追い出し: back to the nearest allowed position
        if allows_break(gs[b - 1], gs[b]):
            return b, False
    for b in range(e, s, -1):  # a word wider than the line: break it, still honouring 禁則
        if _kinsoku_only(gs[b - 1], gs[b]):
            return b, False
    b = max(e, s + 1)  # nothing allowed on the whole line: break where it is full
    while b < n and gs[b] in SPACES:
        b += 1
    return b, False


# ---------------------------------------------------------------------- labels
#: Where a label (教科名, 検査項目, 行動の記録の項目, a column heading) may break: after 「・」
#: or another separator of a compound name, before an opening bracket (「個別の目標｜（めあて）」),
#: and at a line break the layout wrote into the label (its designed break point). Nowhere
#: else: 「技術・家｜庭」 and 「外国｜語」 are words cut in two; such a label shrinks instead.
LABEL_BREAK_AFTER: Final[frozenset[str]] = frozenset("・･、，,/／\u3000")
LABEL_BREAK_BEFORE: Final[frozenset[str]] = frozenset("（(［〔【〈《「")


def label_allows_break(before: str, after: str) -> bool:
    """Whether a label may break between two adjacent grapheme clusters (see LABEL_BREAK_AFTER)."""
    if after[0] in LINE_START_FORBIDDEN and after[0] not in LABEL_BREAK_BEFORE:
        return False
    return before[0] in LABEL_BREAK_AFTER or after[0] in LABEL_BREAK_BEFORE


def break_label_lines(prepared: PreparedText, width_em: float) -> list[Line]:
    """Lines of a label no wider than ``width_em`` where the label allows it; never inside a word.

    The label is cut into segments at :func:`label_allows_break` positions (hard line breaks
    are kept as in :meth:`PreparedText.break_lines`) and the segments are packed greedily.
    A segment wider than the line stays whole on its own line, so the fitting that calls this
    shrinks the whole label rather than breaking a word. Lines are exact slices of the text,
    as everywhere in this module.
    """
    lines: list[Line] = []
    limit = width_em + _EPS
    for base, body, newline, gs, cum, offs, _end in prepared._paragraphs:
        n = len(gs)
        cuts = [k for k in range(1, n) if label_allows_break(gs[k - 1], gs[k])]
        s = 0
        while True:
            e = n
            if cum[n] - cum[s] > limit:  # too wide: end at the last cut that fits, else at the first cut
                later = [k for k in cuts if k > s]
                fitting = [k for k in later if cum[k] - cum[s] <= limit]
                e = fitting[-1] if fitting else later[0] if later else n
            a = offs[s] if offs else s
            z = len(body) if e == n else offs[e] if offs else e
            end_nl = newline if e == n else ""
            lines.append(_new_line(Line, (body[a:z], base + a, base + z, cum[e] - cum[s], 0.0, end_nl)))
            if e == n:
                break
            s = e
    return lines
