"""shape()'s one-glyph-per-character shortcut gives exactly what the general cluster path gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.text import shape as shape_mod
from unified_forms.text.font import load_font

PIECES = [*"あいう漢字𠮷﨑髙、。「」（）ーっゃABCxyz019 \u3000〓", "葛\U000e0102", "葛\U000e0100", "\x07", "\U000f0001"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join), st.booleans())
def test_shortcut_equals_general_path(text: str, vertical: bool) -> None:
    face = load_font()
    fast = shape_mod._shape(text, vertical, face)
    general_only = re.compile(r"(?!x)x")  # matches nothing: every text takes the general path
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shape_mod, "_PLAIN", general_only)
        general = shape_mod._shape(text, vertical, face)
    assert fast == general
