"""The layout's fit shortcuts (one-line fast path, caches) agree with the text engine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FormDataError
from unified_forms.layout.fitbox import _fit, fit_box
from unified_forms.layout.spec import FitSpec

PIECES = [*"あ漢字、。「」ーっ𠮷﨑 AB12\u3000", "葛\U000e0102"]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    text=TEXT,
    w=st.floats(2, 120),
    h=st.floats(1, 30),
    size=st.sampled_from([6.0, 8.0, 9.5, 10.0, 12.0]),
    wrap=st.booleans(),
)
def test_fast_path_and_cache_give_the_engines_answer(text: str, w: float, h: float, size: float, wrap: bool) -> None:
    spec = FitSpec(min_size=min(5.0, size), wrap=wrap)
    try:
        slow = _fit(text, (w, h), spec, size, False, "x", "", True)
    except FormDataError as exc:
        with pytest.raises(FormDataError) as info:
            fit_box(text, (w, h), spec, size=size, path="x")
        assert [e.message for e in info.value.errors] == [e.message for e in exc.errors]
        return
    fast = fit_box(text, (w, h), spec, size=size, path="x")
    assert (fast.size, fast.lines, fast.shrank, fast.wrapped, fast.remainder) == (
        slow.size,
        slow.lines,
        slow.shrank,
        slow.wrapped,
        slow.remainder,
    )


def test_a_cached_error_still_names_each_field() -> None:
    spec = FitSpec(min_size=8)
    for path in ("students[0].name", "students[1].name"):
        with pytest.raises(FormDataError) as info:
            fit_box("長い名前" * 20, (20, 6), spec, size=10, path=path)
        assert info.value.errors[0].path == path
