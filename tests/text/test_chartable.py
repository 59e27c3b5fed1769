"""The per-character fast path of shape() gives exactly what HarfBuzz gives for the whole string."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.text import chartable
from unified_forms.text.font import load_font
from unified_forms.text.shape import shape, shape_full

# What names, addresses and 所見 contain, and what could couple neighbours in HarfBuzz:
# ligature components (æ + ` and ´ in IPAmj's ccmp/liga), combining (semi-)voiced marks,
# variation selectors, controls, the fraction slash, Hangul jamo and fillers, scripts with
# their own shapers (Arabic, Thai, Devanagari), default ignorables, PUA, non-BMP kanji.
PIECES = [
    *"山田太郎花子﨑髙𠮷濵德邊葛辻祇あいうえおかきくけこがぱっゃアイウカキクケコガパッャーｱｲｳｶﾞﾟ",
    *"、。「」（）・〒〓　 -0123456789ABCxyzæ`´ÆΩжЖ１２３ＡＢ丁目番号年月日",
    "\u3099", "\u309a", "\u0300", "\u0301", "\u2044", "\u115f", "\u1160", "\u3164", "\u200b", "\u200d",
    "\u00ad", "\ufeff", "\u0627", "\u0644", "\u0e33", "\u0e01", "\u0915", "\u094d", "\u1100", "\u1161",
    "\U000e0100", "\U000e0102", "\ufe00", "\x07", "\t", "\r", "\U000f0001", "\ue000", "\U00020b9f",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fast_path_equals_harfbuzz_on_the_whole_string(text: str) -> None:
    assert shape(text) == shape_full(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=25))
def test_fast_path_equals_harfbuzz_on_any_code_points(text: str) -> None:
    assert shape(text) == shape_full(text)


def test_ligature_components_are_dependent() -> None:
    """IPAmj ligates æ + ` in its default features: ` must never take the per-character path."""
    face = load_font()
    table = face.char_table
    assert table.enabled
    assert shape_full("æ`").glyphs[0].text == "æ`"  # one ligature glyph for two characters
    assert table.advance["`"] != table.advance["`"]  # NaN: dependent
    assert shape("æ`") == shape_full("æ`")
    assert table.advance["山"] == table.advance["山"]


def test_the_common_texts_take_the_fast_path() -> None:
    table = load_font().char_table
    for text in ("山田\u3000太郎", "﨑山", "𠮷田", "山口市湯田温泉4丁目27番19号", "平成30年6月5日", "〒753-0039"):
        assert all(table.advance[c] == table.advance[c] for c in text), text


def test_a_font_whose_default_features_are_not_ligatures_gets_no_fast_path() -> None:
    face = load_font()
    gsub = bytearray(face.hb_face.reference_table("GSUB").data)
    lookups = chartable._default_lookups(bytes(gsub))
    assert lookups  # IPAmj: ccmp and liga
    found: set[int] = set()
    # a lookup of another type (the frac lookup is type 1) is refused
    assert not chartable._collect_ligature_components(bytes(gsub), 3, found)
