"""Line breaking: the 禁則 tables, known cases, and hypothesis properties on random Japanese text.

The properties are checked against an independent re-statement of the rules
written here from the constants, not by calling the breaker's own helpers.
For every text and width (em), with lines L0..Ln:

(a) ``"".join(L.text + L.newline)`` is the input, each line is ``text[start:end]``,
    and the consumed newlines are exactly the input's hard breaks in order.
(b) At every soft break Lk|Lk+1 (same paragraph): if the last cluster of Lk may
    not end a line, the first of Lk+1 may not start one, or they form an
    inseparable pair, then Lk contains NO interior position where a break would
    respect 禁則 (the breaker had no choice: the line is full of forbidden
    positions). The same holds with the word rule added. Lk+1 never starts with
    a separating space. A paragraph's first line may start with anything.
(c) Line starts and ends are grapheme cluster boundaries of the input.
(d) ``width`` is the exact sum of the clusters' advances without trailing
    spaces, and ``width - hang <= measure`` (``hang`` > 0 only for one trailing
    句読点 of HANGING), unless the line is a single cluster wider than the measure.
(e) Greedy: no later allowed break in the paragraph would give an acceptable
    line Lk (breaks are never earlier than needed).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unified_forms.text.breaking import SPACES, WORD_CHARS, Line, break_lines, prepare
from unified_forms.text.graphemes import graphemes
from unified_forms.text.kinsoku import (
    HANGING,
    INSEPARABLE,
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    POLICY,
    kinsoku_allows,
)
from unified_forms.text.measure import CachedMeasurer


def fake_advance(g: str) -> float:
    """Widths that are exact in binary: full width 1, ASCII 1/2, thin 1/4, the rest 3/4."""
    c = g[0]
    if c in " il.,:;'!|":
        return 0.25
    if ord(c) < 0x80:
        return 0.5
    eaw = unicodedata.east_asian_width(c)
    if eaw in "WF":
        return 1.0
    if eaw == "H":
        return 0.5
    return 0.75


M = CachedMeasurer(fake_advance)


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


# --- the tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ch",
    list("、。，．・：；？！゛゜ヽヾゝゞ々〻ー")
    + list("ァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ")
    + [chr(c) for c in range(0x31F0, 0x3200)]
    + list("）」』】〕〉》］｝〙〗\u201d\u2019‥…〜～")
    + list(")]},.:;?!")
    + list("｡｣､･ｰﾞﾟ"),
)
def test_line_start_forbidden_contains(ch: str) -> None:
    assert ch in LINE_START_FORBIDDEN


@pytest.mark.parametrize("ch", [*"あ漢ア「（(A1　 ", "𠮷"])
def test_line_start_forbidden_excludes_ordinary_and_opening(ch: str) -> None:
    assert ch not in LINE_START_FORBIDDEN


@pytest.mark.parametrize("ch", list("（「『【〔〈《［｛〘〖\u201c\u2018([{"))
def test_line_end_forbidden_contains(ch: str) -> None:
    assert ch in LINE_END_FORBIDDEN


@pytest.mark.parametrize("ch", list("あ漢」）。、)"))
def test_line_end_forbidden_excludes(ch: str) -> None:
    assert ch not in LINE_END_FORBIDDEN


def test_inseparable_pairs() -> None:
    assert {"……", "‥‥", "——"} <= INSEPARABLE
    assert all(len(p) == 2 for p in INSEPARABLE)


def test_hanging_is_only_kutouten() -> None:
    assert {"、", "。"} <= HANGING
    assert HANGING <= LINE_START_FORBIDDEN
    assert not ({"」", "）", "ー", "っ", "・"} & HANGING)
    assert "ぶら下げ" in POLICY and "追い出し" in POLICY


def test_kinsoku_allows_uses_base_of_cluster() -> None:
    assert not kinsoku_allows("あ", "」\ufe00")
    assert not kinsoku_allows("「\ufe00", "あ")
    assert kinsoku_allows("葛\U000e0102", "山")
    assert not kinsoku_allows("…", "…")
    assert not kinsoku_allows("—", "—")
    assert kinsoku_allows("—", "あ")


# --- known cases -----------------------------------------------------------------------------

# (text, width in em, expected lines); fake widths: kana/kanji 1, ASCII 0.5, space/thin 0.25
KNOWN: list[tuple[str, float, list[str]]] = [
    ("あいうえおかきく", 5, ["あいうえお", "かきく"]),
    # ぶら下げ: 。 that does not fit hangs
    ("あいうえお。かきく", 5, ["あいうえお。", "かきく"]),
    ("あいうえお、かきく", 5, ["あいうえお、", "かきく"]),
    # only one character hangs: 、。 together are pushed out with the preceding character (追い出し)
    ("あいうえお、。かき", 5, ["あいうえ", "お、。かき"]),
    # 。」: the bracket may not start a line, so 。 cannot hang alone -> 追い出し
    ("あいうえお。」かき", 5, ["あいうえ", "お。」かき"]),
    # 追い出し of a closing bracket, small kana, long vowel mark
    ("あいうえお」かき", 5, ["あいうえ", "お」かき"]),
    ("あいうえおっと", 5, ["あいうえ", "おっと"]),
    ("ラーメンラーメン", 5, ["ラーメン", "ラーメン"]),
    ("あいうえお々かき", 5, ["あいうえ", "お々かき"]),
    # opening bracket may not end a line
    ("あいうえ「おかき」", 5, ["あいうえ", "「おかき」"]),
    ("あいう（えおかき）", 4, ["あいう", "（えおか", "き）"]),
    # inseparable leaders and dashes
    ("あいうえ……かき", 5, ["あいう", "え……かき"]),
    ("あいうえ——かき", 5, ["あいうえ", "——かき"]),
    # a word is not broken; it moves to the next line as a whole
    ("あいうABCDEF", 5, ["あいう", "ABCDEF"]),
    ("値は3.14です", 3, ["値は", "3.14で", "す"]),
    ("合計1,000円", 3.5, ["合計", "1,000円"]),
    # a word wider than the line is broken at grapheme boundaries
    ("ABCDEFGHIJKLMNOP", 3, ["ABCDEF", "GHIJKL", "MNOP"]),
    # spaces stay at the end of the line and take no width
    ("hello world foo", 3, ["hello ", "world ", "foo"]),
    ("abcde   fgh", 2.5, ["abcde   ", "fgh"]),
    # full-width space is an ordinary character
    ("　あいうえおか", 3, ["　あい", "うえお", "か"]),
    # explicit newlines: kept, empty lines kept
    ("あ\n\nい\r\nう\rえ", 10, ["あ", "", "い", "う", "え"]),
    ("あいうえおかき\n", 5, ["あいうえお", "かき", ""]),
    ("", 5, [""]),
    # clusters: base + IVS and non-BMP kanji are one character each
    ("葛\U000e0102" * 7, 5, ["葛\U000e0102" * 5, "葛\U000e0102" * 2]),
    ("𠮷" * 7, 5, ["𠮷" * 5, "𠮷" * 2]),
    ("か\u3099" * 6, 5, ["か\u3099" * 5, "か\u3099"]),
    # the last resort: a box narrower than two characters still prints everything
    ("「あ」", 1, ["「", "あ", "」"]),
    ("あい", 0.5, ["あ", "い"]),
    # a line may start with a forbidden character at the start of a paragraph
    ("」あいう", 5, ["」あいう"]),
]


@pytest.mark.parametrize(("text", "width", "expected"), KNOWN)
def test_known_cases(text: str, width: float, expected: list[str]) -> None:
    lines = break_lines(text, width, M)
    assert texts(lines) == expected
    check_lines(text, width, lines)


def test_newlines_recorded() -> None:
    lines = break_lines("あ\n\nい\r\nう\rえ", 10, M)
    assert [line.newline for line in lines] == ["\n", "\n", "\r\n", "\r", ""]
    assert [line.hard_break for line in lines] == [True, True, True, True, False]


def test_hanging_width_is_reported() -> None:
    (first, second) = break_lines("あいうえお。かきく", 5, M)
    assert first.width == 6.0 and first.hang == 1.0
    assert second.hang == 0.0


def test_trailing_spaces_do_not_count() -> None:
    lines = break_lines("hello world foo", 3, M)
    assert [line.width for line in lines] == [2.0, 2.25, 1.5]  # l is thin (1/4)


def test_offsets_slice_the_input() -> None:
    text = "前文\r\n葛\U000e0102飾区の𠮷田さんは、「ABC 123」と言った。"
    for line in break_lines(text, 4, M):
        assert text[line.start : line.end] == line.text


def test_prepared_text_breaks_at_many_widths_like_break_lines() -> None:
    text = "本年度は学級委員として、クラスをまとめるために積極的に活動した。「みんなが楽しめる学級」を目指した。"
    prepared = prepare(text, M)
    for width in (3, 5.5, 10, 22, 100):
        assert prepared.break_lines(width) == break_lines(text, width, M)
    assert prepared.hard_lines == 1


def test_infinite_width_gives_hard_lines_only() -> None:
    text = "一行目がとても長い文章です。" * 10 + "\n二行目"
    assert texts(break_lines(text, float("inf"), M)) == text.split("\n")


# --- properties ------------------------------------------------------------------------------

HIRAGANA = [chr(c) for c in range(0x3041, 0x3097)]
KATAKANA = [chr(c) for c in range(0x30A1, 0x30FB)]
KANJI = [*"山口県学校漢字教育生徒先生活動積極的友達意見", "𠮷", "𩸽", "𠀋", "﨑", "髙"]
CLUSTERS = ["葛\U000e0102", "辻\U000e0100", "葛\U000e0100", "か\u3099", "ハ\u309a", "e\u0301", "一\ufe00"]
WORDS = ["ABC", "3.14", "1,000", "hello", "ＰＣ", "Ｗｏｒｄ", "10:30", "90%", "supercalifragilistic", "i"]
SEPARATORS = [" ", "  ", "　", "\n", "\r\n", "\r", "\n\n"]

token = st.one_of(
    st.sampled_from(HIRAGANA),
    st.sampled_from(KATAKANA),
    st.sampled_from(KANJI),
    st.sampled_from(CLUSTERS),
    st.sampled_from(sorted(LINE_START_FORBIDDEN)),
    st.sampled_from(sorted(LINE_END_FORBIDDEN)),
    st.sampled_from(sorted(INSEPARABLE)),
    st.sampled_from(WORDS),
    st.sampled_from(SEPARATORS),
)
japanese_text = st.lists(token, max_size=60).map("".join)
widths = st.one_of(st.integers(1, 30).map(float), st.floats(0.3, 40.0, allow_nan=False))


def _w(clusters: list[str]) -> float:
    return sum(fake_advance(g) for g in clusters)


def _content(clusters: list[str]) -> list[str]:
    end = len(clusters)
    while end and clusters[end - 1] in SPACES:
        end -= 1
    return clusters[:end]


def _kinsoku_ok(a: str, b: str) -> bool:
    """A break between clusters a|b that breaks no 禁則 rule (and does not start a line with a space)."""
    return (
        b != " "
        and b[0] not in LINE_START_FORBIDDEN
        and a[0] not in LINE_END_FORBIDDEN
        and a[0] + b[0] not in INSEPARABLE
    )


def _allowed(a: str, b: str) -> bool:
    """_kinsoku_ok and not inside a word."""
    return _kinsoku_ok(a, b) and not (a[0] in WORD_CHARS and b[0] in WORD_CHARS)


def _fits(clusters: list[str], width: float) -> bool:
    """Would ``clusters`` be an acceptable line: content fits, or overflows only by one hanging 句読点."""
    content = _content(clusters)
    w = _w(content)
    if w <= width + 1e-9:
        return True
    return bool(content) and content[-1][0] in HANGING and w - fake_advance(content[-1]) <= width + 1e-9


def check_lines(text: str, width: float, lines: list[Line]) -> None:
    # (a) nothing lost, nothing added, code points untouched
    assert "".join(line.text + line.newline for line in lines) == text
    assert [line.newline for line in lines if line.newline] == re.findall(r"\r\n|\r|\n", text)
    for line in lines:
        assert text[line.start : line.end] == line.text
    # (c) lines begin and end on grapheme cluster boundaries
    bounds = set(accumulate(map(len, graphemes(text)), initial=0))
    for line in lines:
        assert line.start in bounds and line.end in bounds
    # (d) widths: exact sum without trailing spaces; over the measure only by one hanging 句読点
    #     or when the line is a single grapheme wider than the measure
    for line in lines:
        content = _content(graphemes(line.text))
        assert line.width == pytest.approx(_w(content))
        if line.hang:
            assert content and content[-1][0] in HANGING and line.hang == fake_advance(content[-1])
        assert line.width - line.hang <= width + 1e-9 or len(content) == 1
    # (b) 禁則 and words at every soft break, greedy filling
    for k in range(len(lines) - 1):
        this, nxt = lines[k], lines[k + 1]
        if this.newline:
            continue
        g1 = graphemes(this.text)
        g2 = graphemes(nxt.text)
        assert g1 and g2, "a soft break never makes an empty line"
        assert g2[0] != " ", "a line after a soft break never starts with a separating space"
        interior = range(1, len(g1))
        if not _kinsoku_ok(g1[-1], g2[0]):
            # 禁則 broken only when the line offered no position that respects it
            assert not any(_kinsoku_ok(g1[i - 1], g1[i]) for i in interior), (this.text, nxt.text)
        if not _allowed(g1[-1], g2[0]):
            # a word (or 禁則) broken only when the line offered no allowed position at all
            assert not any(_allowed(g1[i - 1], g1[i]) for i in interior), (this.text, nxt.text)
        # greedy: no later allowed break in this paragraph would have given an acceptable line
        rest: list[str] = []
        for later in lines[k + 1 :]:
            rest.extend(graphemes(later.text))
            if later.newline:
                break
        for j in range(1, len(rest) + 1):
            if j == len(rest) or _allowed(rest[j - 1], rest[j]):
                assert not _fits(g1 + rest[:j], width), (this.text, "".join(rest[:j]))


@settings(max_examples=400, deadline=None)
@given(japanese_text, widths)
@example("あいうえお。」かき", 5.0)
@example("「「「「「「「「", 2.0)
@example("ABCDEFGHIJ。", 2.0)
@example("  」」」あ", 1.0)
@example(" ﾞ", 1.0)  # a space carrying a combining mark is one visible cluster, not a separator
def test_break_properties(text: str, width: float) -> None:
    check_lines(text, width, break_lines(text, width, M))


@settings(max_examples=200, deadline=None)
@given(japanese_text)
def test_break_at_infinite_width_is_split_on_newlines(text: str) -> None:
    lines = break_lines(text, float("inf"), M)
    assert texts(lines) == re.split(r"\r\n|\r|\n", text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), widths)
def test_break_properties_any_unicode(text: str, width: float) -> None:
    """Controls, emoji ZWJ sequences, Hangul, lone surrogates excluded by Python: nothing is lost."""
    check_lines(text, width, break_lines(text, width, M))
