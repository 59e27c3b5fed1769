"""The fast path of placing a text (per-character glyphs, one line in one pass, per-character PDF codes)
gives the same placed text — glyphs, positions, sizes — and the same PDF bytes as the full path
(HarfBuzz on the whole string, fit_box, compiled TJ operators)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FormDataError
from unified_forms.layout import place
from unified_forms.layout.page import Document, Page, PrintSetup, Rect, TextBox
from unified_forms.layout.spec import FitSpec, TextStyle
from unified_forms.render.pdf import render_pdf
from unified_forms.text.chartable import CharTable
from unified_forms.text.font import FontFace, load_font

PIECES = [*"山田太郎花子﨑髙𠮷あいうかがっゃアカガー、。「」（）・〒　 -0123456789ABCæ`丁目番号年月日", "葛\U000e0102"]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
STYLE = st.builds(
    lambda size, align, valign, padding, spacing, min_size, wrap: TextStyle(
        size=size,
        align=align,
        valign=valign,
        padding=padding,
        letter_spacing=spacing,
        fit=FitSpec(min_size=min(min_size, size), wrap=wrap),
    ),
    st.sampled_from([6.0, 7.5, 9.0, 10.0, 12.0]),
    st.sampled_from(["left", "center", "right", "distribute"]),
    st.sampled_from(["top", "middle", "bottom"]),
    st.sampled_from([0.0, 0.5, 0.8, 1.5]),
    st.sampled_from([0.0, 0.0, 0.2]),
    st.sampled_from([4.5, 6.0]),
    st.booleans(),
)


@contextmanager
def full_path() -> Iterator[None]:
    """Every shortcut off: no per-character glyphs (HarfBuzz on each string), no one-pass placement."""
    face = load_font()
    disabled = CharTable(face)
    disabled.enabled = False
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FontFace, "char_table", property(lambda self: disabled))
        mp.setattr(place, "FAST_PATH", False)
        place._horizontal_lines.cache_clear()
        try:
            yield
        finally:
            place._horizontal_lines.cache_clear()


def _place(rect: Rect, text: str, style: TextStyle) -> TextBox | str:
    try:
        box, _ = place.place_text(rect, text, style, size=float(style.size), static=False, path="x")
    except FormDataError as exc:
        return exc.errors[0].message
    return box


def _pdf(box: TextBox) -> bytes:
    doc = Document("t", "t", PrintSetup("A4", "portrait"), (Page(210, 297, texts=(box,)),))
    return render_pdf(doc)


@settings(max_examples=250, deadline=None)
@given(
    text=TEXT,
    x=st.floats(0, 100),
    y=st.floats(0, 200),
    w=st.floats(3, 90),
    h=st.floats(2, 20),
    style=STYLE,
)
def test_fast_path_places_and_prints_what_the_full_path_does(
    text: str, x: float, y: float, w: float, h: float, style: TextStyle
) -> None:
    rect = Rect(x, y, w, h)
    fast = _place(rect, text, style)
    with full_path():
        full = _place(rect, text, style)
        full_pdf = _pdf(full) if isinstance(full, TextBox) else None
    assert fast == full  # glyphs (ids, texts, advances, offsets), line positions, sizes, spacing
    if isinstance(fast, TextBox):
        assert _pdf(fast) == full_pdf


def test_the_common_box_takes_the_fast_path() -> None:
    box = _place(Rect(10, 10, 40, 6), "山田\u3000太郎", TextStyle(size=10))
    assert isinstance(box, TextBox)
    assert box.lines[0].run.simple
    with full_path():
        slow = _place(Rect(10, 10, 40, 6), "山田\u3000太郎", TextStyle(size=10))
    assert isinstance(slow, TextBox) and not slow.lines[0].run.simple
    assert box == slow
