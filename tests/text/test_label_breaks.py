"""Labels break only between words (issue 13): after 「・」, before a bracket, at a written newline.

「技術・家｜庭」 and 「外国｜語」 were printed because a label was broken like a 所見. A label now
breaks only where ``label_allows_break`` says; otherwise it shrinks as a whole.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FormDataError
from unified_forms.text.breaking import break_label_lines, label_allows_break, prepare
from unified_forms.text.fit import MM_PER_PT, FitSpec, fit_text
from unified_forms.text.measure import CachedMeasurer


def measure() -> CachedMeasurer:
    return CachedMeasurer(lambda g: 0.5 if g.isascii() else 1.0)


def texts(text: str, width_em: float) -> list[str]:
    return [line.text for line in break_label_lines(prepare(text, measure()), width_em)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("技術・家庭", 3, ["技術・", "家庭"]),
        ("技術・家庭", 5, ["技術・家庭"]),
        ("外国語", 2, ["外国語"]),  # no break point: one line, wider than the box (fitting shrinks it)
        ("生命尊重・自然愛護", 6, ["生命尊重・", "自然愛護"]),
        ("健康・体力の向上", 3, ["健康・", "体力の向上"]),
        ("個別の目標（めあて）", 6, ["個別の目標", "（めあて）"]),
        ("特別の教科　道徳", 6, ["特別の教科\u3000", "道徳"]),
        ("出席すべき\n日数", 10, ["出席すべき", "日数"]),  # a designed break stays
        ("国語・社会・数学", 6, ["国語・社会・", "数学"]),  # greedy: as much as fits
        ("", 3, [""]),
    ],
)
def test_labels_break_only_between_words(text: str, width: float, lines: list[str]) -> None:
    assert texts(text, width) == lines


def test_break_points() -> None:
    assert label_allows_break("・", "家")
    assert label_allows_break("標", "（")
    assert not label_allows_break("家", "庭")
    assert not label_allows_break("国", "語")
    assert not label_allows_break("・", "・")  # 「・・」 would start a line with 「・」 (行頭禁則)


LABEL_PIECES = [*"技術家庭外国語生活習慣健康・（）", "\u3000", "\n"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(LABEL_PIECES), max_size=30).map("".join), width=st.floats(0.5, 12))
def test_every_break_is_allowed_and_no_text_is_lost(text: str, width: float) -> None:
    lines = break_label_lines(prepare(text, measure()), width)
    assert "".join(line.text + line.newline for line in lines) == text
    for a, b in pairwise(lines):
        if a.newline:
            continue  # a hard break written into the label
        assert a.text and b.text
        assert label_allows_break(a.text[-1], b.text[0]), (a.text, b.text)
    for line in lines:
        segments_fit = line.width <= width + 1e-9
        one_segment = not any(label_allows_break(x, y) for x, y in pairwise(line.text))
        assert segments_fit or one_segment


def test_a_label_box_shrinks_the_whole_label_instead_of_breaking_a_word() -> None:
    m = measure()
    box_w = 2 * 10 * MM_PER_PT  # two characters at 10 pt
    box_h = 3 * 10 * MM_PER_PT * 1.2
    label = FitSpec(max_size=10, min_size=5, wrap=True, breaks="label")
    text = FitSpec(max_size=10, min_size=5, wrap=True)
    # a text box breaks 「外国語」 inside the word; a label box prints it on one line, smaller
    assert fit_text("外国語", box_w, box_h, text, m, "x").texts == ["外国", "語"]
    got = fit_text("外国語", box_w, box_h, label, m, "x")
    assert got.texts == ["外国語"] and got.size_pt == pytest.approx(20 / 3, abs=0.25)
    assert fit_text("技術・家庭", 3 * 10 * MM_PER_PT, box_h, label, m, "x").texts == ["技術・", "家庭"]


def test_a_label_that_cannot_fit_at_its_minimum_is_refused() -> None:
    spec = FitSpec(max_size=10, min_size=6, wrap=True, breaks="label")
    with pytest.raises(FormDataError):
        fit_text("保健体育", 2 * 10 * MM_PER_PT, 10, spec, measure(), "x")


def test_breaks_must_be_known() -> None:
    with pytest.raises(ValueError, match="breaks"):
        FitSpec(max_size=10, breaks="words")  # type: ignore[arg-type]
