"""Fitting skips trial sizes whose ink cannot fit (PreparedText.min_lines): a lower bound, so same answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FormDataError
from unified_forms.text.breaking import PreparedText, prepare
from unified_forms.text.fit import FitSpec, fit_text
from unified_forms.text.measure import font_measurer

PIECES = [*"山口市湯田温泉丁目番号、。「」（）ー 0123456789ABCxyz\u3000", "葛\U000e0102", "\n", "……", "ab cd"]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.floats(0.5, 40))
def test_min_lines_is_a_lower_bound(text: str, width_em: float) -> None:
    prepared = prepare(text, font_measurer())
    lines = prepared.break_lines(width_em)
    if len(lines) > 1 and not lines[-1].text:
        lines.pop()  # as fitting does: a final newline opens no line
    too_wide = any(line.width - line.hang > width_em + 1e-9 for line in lines)
    if not too_wide:
        assert len(lines) >= prepared.min_lines(width_em)


def _fit(text: str, w: float, h: float, spec: FitSpec) -> object:
    try:
        r = fit_text(text, w, h, spec, font_measurer(), "x")
    except FormDataError as exc:
        return [e.message for e in exc.errors]
    return (r.size_pt, r.texts, r.continued, r.shrank, r.wrapped)


@settings(max_examples=300, deadline=None)
@given(
    TEXT,
    st.floats(5, 80),
    st.floats(2, 30),
    st.sampled_from([7.0, 9.0, 10.5]),
    st.sampled_from(["shrink", "continuation"]),
    st.sampled_from(["bisect", "step"]),
)
def test_pruned_search_gives_the_same_fit(
    text: str, w: float, h: float, size: float, overflow: str, search: str
) -> None:
    spec = FitSpec(max_size=size, min_size=4.5, overflow=overflow, search=search)  # type: ignore[arg-type]
    pruned = _fit(text, w, h, spec)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PreparedText, "min_lines", lambda self, width_em: 0)
        assert _fit(text, w, h, spec) == pruned
