"""Grapheme clusters: the unit every capacity is counted in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.text.graphemes import grapheme_len, graphemes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("山口", ["山", "口"]),
        # base + ideographic variation selector is one character
        ("葛\U000e0102飾", ["葛\U000e0102", "飾"]),
        ("葛\U000e0100", ["葛\U000e0100"]),
        ("辻\U000e0101\U000e0102", ["辻\U000e0101\U000e0102"]),  # (ill-formed, still not split)
        # base + standard variation selector
        ("一\ufe00", ["一\ufe00"]),
        ("a\ufe0f", ["a\ufe0f"]),
        # non-BMP kanji
        ("𠮷野家", ["𠮷", "野", "家"]),
        ("𩸽", ["𩸽"]),
        # compatibility ideographs are NOT normalised
        ("山﨑", ["山", "﨑"]),
        # combining (semi-)voiced marks join their kana
        ("か\u3099き", ["か\u3099", "き"]),
        ("ハ\u309a", ["ハ\u309a"]),
        ("e\u0301", ["e\u0301"]),
        # CR LF is one cluster, lone CR and LF are one each
        ("a\r\nb", ["a", "\r\n", "b"]),
        ("\n\r", ["\n", "\r"]),
        # half-width katakana with half-width voiced mark
        ("ｶﾞ", ["ｶﾞ"]),
    ],
)
def test_known_clusters(text: str, expected: list[str]) -> None:
    assert graphemes(text) == expected
    assert grapheme_len(text) == len(expected)


def test_compatibility_ideograph_survives() -> None:
    (g,) = graphemes("﨑")
    assert g == "\ufa11"
    assert ord(g) == 0xFA11


def test_capacity_counts_user_characters() -> None:
    # "葛飾区" with an IVS on 葛 is three characters, like without it
    assert grapheme_len("葛\U000e0102飾区") == grapheme_len("葛飾区") == 3
    assert grapheme_len("𠮷田") == 2
    assert len("𠮷田") == 2 and len("𠮷田".encode("utf-16-le")) == 6  # what other systems count


IVS = st.integers(0xE0100, 0xE01EF).map(chr)
KANJI = st.integers(0x4E00, 0x9FFF).map(chr) | st.integers(0x20000, 0x2A6DF).map(chr)


@settings(max_examples=300)
@given(st.text())
def test_clusters_are_exact_slices(text: str) -> None:
    assert "".join(graphemes(text)) == text
    assert grapheme_len(text) == len(graphemes(text))


@settings(max_examples=300)
@given(st.lists(st.tuples(KANJI, st.one_of(st.none(), IVS)), max_size=30))
def test_kanji_with_or_without_selector_is_one_cluster(pairs: list[tuple[str, str | None]]) -> None:
    clusters = [base + (selector or "") for base, selector in pairs]
    assert graphemes("".join(clusters)) == clusters
