"""Measuring: cached per-grapheme advances, the segmentation fast path, and the real IPAmj advances."""

from __future__ import annotations

import math
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.text.graphemes import graphemes
from unified_forms.text.measure import FULL_WIDTH, CachedMeasurer, font_measurer


class CountingAdvance:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, g: str) -> float:
        self.calls.append(g)
        return 0.5 if g.isascii() else 1.0


def test_each_grapheme_is_measured_once() -> None:
    counting = CountingAdvance()
    m = CachedMeasurer(counting)
    for _ in range(3):
        m.segment("山口県の山口市、ABC")
    assert sorted(counting.calls) == sorted(set("山口県の市、ABC"))
    assert m.cached == len(set("山口県の市、ABC"))


def test_fast_path_returns_the_text_itself() -> None:
    m = CachedMeasurer(CountingAdvance())
    text = "学級委員として、ABC 123。"
    clusters, cum = m.segment(text)
    assert clusters is text
    assert cum == [0.0, *accumulate(0.5 if c.isascii() else 1.0 for c in text)]


def test_clusters_with_selectors_take_the_slow_path() -> None:
    counting = CountingAdvance()
    m = CachedMeasurer(counting)
    clusters, cum = m.segment("葛\U000e0102飾か\u3099")
    assert list(clusters) == ["葛\U000e0102", "飾", "か\u3099"]
    assert cum == [0.0, 1.0, 2.0, 3.0]
    # the selector alone was never measured as a character of its own
    assert "\U000e0102" not in counting.calls and "\u3099" not in counting.calls


def test_width() -> None:
    m = CachedMeasurer(CountingAdvance())
    assert m.width("葛\U000e0102ab") == 2.0
    assert m.width("") == 0.0


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_bad_advances_are_rejected(bad: float) -> None:
    m = CachedMeasurer(lambda g: bad)
    with pytest.raises(ValueError, match="advance"):
        m.advance("あ")


def _varied(g: str) -> float:
    return (sum(map(ord, g)) % 7 + 1) / 4


JAPANESE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
        st.characters(min_codepoint=0xE0100, max_codepoint=0xE01EF),
        st.characters(min_codepoint=0xFE00, max_codepoint=0xFE0F),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2000F),
        st.sampled_from(list("\r\n \u200d\u0301")),
    )
)
# every Grapheme_Cluster_Break class: Hangul L/V/T/LV/LVT, regional indicators, emoji + ZWJ,
# Prepend, SpacingMark, Indic conjuncts (consonant + virama), controls
OTHER_SCRIPTS = st.text(
    alphabet=st.sampled_from(
        [
            *"\u1100\u1161\u11a8\uac00\uac01",
            "\U0001f1ef",
            "\U0001f1f5",
            "\U0001f468",
            "\u200d",
            "\U0001f469",
            "\U0001f3fb",
            "\u0600",
            "\U000110bd",
            "\u0903",
            "\u0915",
            "\u094d",
            "\u0937",
            "\t",
            "\x00",
            "\u3099",
            "\U000e0100",
            "\r",
            "\n",
            "あ",
            "a",
        ]
    )
)


@settings(max_examples=500)
@given(st.one_of(st.text(), JAPANESE, OTHER_SCRIPTS))
def test_segment_equals_grapheme_segmentation(text: str) -> None:
    """The fast path (one cluster per code point) gives exactly what \\X gives."""
    m = CachedMeasurer(_varied)
    clusters, cum = m.segment(text)
    expected = graphemes(text)
    assert list(clusters) == expected
    assert cum == [0.0, *accumulate(map(_varied, expected))]


# --- the real font ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ipamj() -> CachedMeasurer:
    return font_measurer()


@pytest.mark.parametrize(
    ("grapheme", "em"),
    [
        ("国", 1.0),
        ("あ", 1.0),
        ("。", 1.0),
        ("「", 1.0),
        (FULL_WIDTH, 1.0),
        ("１", 1.0),
        ("Ａ", 1.0),
        ("ｱ", 0.5),
        ("ﾞ", 0.5),
        ("𠮷", 1.0),
        ("\ufa11", 1.0),  # 﨑
        ("葛\U000e0102", 1.0),  # IVS in IPAmj: one character, one advance
        ("葛\U000e0100", 1.0),  # Adobe-Japan1 selector IPAmj lacks: the base prints, one advance
        ("か\u3099", 1.0),
    ],
)
def test_ipamj_advances(ipamj: CachedMeasurer, grapheme: str, em: float) -> None:
    assert ipamj.advance(grapheme) == em


def test_ipamj_latin_is_proportional(ipamj: CachedMeasurer) -> None:
    assert 0 < ipamj.advance("i") < ipamj.advance("A") < 1.0
    assert 0 < ipamj.advance(" ") < 0.5


def test_measurer_is_shared_per_face(ipamj: CachedMeasurer) -> None:
    assert font_measurer() is ipamj
    assert font_measurer(vertical=True) is not ipamj


def test_vertical_advances(ipamj: CachedMeasurer) -> None:
    vertical = font_measurer(vertical=True)
    assert vertical.advance("国") == 1.0
    assert vertical.advance("ー") == 1.0


def test_per_grapheme_sum_equals_shaping_the_whole_line(ipamj: CachedMeasurer) -> None:
    """IPAmj has no kerning or contextual widths in horizontal Japanese text, so caching per grapheme is exact."""
    from unified_forms.text.shape import shape

    text = "本年度は学級委員として、「みんなが楽しめる学級」を目指した。ABC 123 葛\U000e0102飾区の𠮷田さん（山﨑）"
    run = shape(text)
    assert ipamj.width(text) == run.advance / run.units_per_em
