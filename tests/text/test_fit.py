"""Fitting: shrink → wrap → continuation → FormDataError, never losing or clipping a character."""

from __future__ import annotations

import math
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FormDataError
from unified_forms.text.breaking import break_lines
from unified_forms.text.fit import MM_PER_PT, FitResult, FitSpec, fit_text, line_capacity
from unified_forms.text.graphemes import grapheme_len
from unified_forms.text.kinsoku import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN
from unified_forms.text.measure import CachedMeasurer, font_measurer


def fake_advance(g: str) -> float:
    c = g[0]
    if ord(c) < 0x80:
        return 0.5
    return 1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5


M = CachedMeasurer(fake_advance)
SHOKEN = (
    "本年度は学級委員として、クラスをまとめるために積極的に活動した。"
    "「みんなが楽しめる学級」を目指し、話し合いを進めた。"
)


def mm(chars: float, size_pt: float) -> float:
    """Width of ``chars`` full-width characters at ``size_pt``, in mm."""
    return chars * size_pt * MM_PER_PT


def box_height(lines: int, size_pt: float, line_height: float = 1.2) -> float:
    return size_pt * MM_PER_PT * (1 + (lines - 1) * line_height)


def rebuilt(result: FitResult) -> str:
    return "".join(line.text + line.newline for line in result.lines) + result.continued


# --- the steps -------------------------------------------------------------------------------


def test_fits_at_layout_size() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0)
    r = fit_text("山口太郎", mm(10, 10.5), box_height(1, 10.5), spec, M, "name")
    assert (r.size_pt, r.shrank, r.wrapped, r.continues) == (10.5, False, False, False)
    assert r.texts == ["山口太郎"]


def test_wraps_at_layout_size_before_shrinking() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True)
    r = fit_text(SHOKEN, mm(22.2, 10.5), box_height(3, 10.5) + 0.1, spec, M, "remarks")
    assert r.size_pt == 10.5 and not r.shrank and r.wrapped
    assert r.line_count == 3
    assert rebuilt(r) == SHOKEN


def test_shrinks_to_the_largest_fitting_size_on_the_grid() -> None:
    spec = FitSpec(max_size=10.5, min_size=6.0, wrap=True)
    w, h = mm(22.2, 10.5), box_height(2, 10.5) + 0.1
    r = fit_text(SHOKEN, w, h, spec, M, "remarks")
    assert r.shrank and 6.0 <= r.size_pt < 10.5
    assert (r.size_pt - 6.0) / 0.25 == pytest.approx(round((r.size_pt - 6.0) / 0.25))
    assert _fits_independently(SHOKEN, w, h, r.size_pt, spec)
    assert not _fits_independently(SHOKEN, w, h, r.size_pt + 0.25, spec)
    assert r.block_height_mm <= h + 1e-9


def test_single_line_box_only_shrinks() -> None:
    spec = FitSpec(max_size=10.5, min_size=6.0, wrap=False)
    name = "山口県立山口中央高等学校"  # 12 characters into a 9-character box
    r = fit_text(name, mm(9, 10.5), box_height(1, 10.5) + 0.5, spec, M, "school.name")
    assert r.texts == [name] and not r.wrapped and r.shrank
    assert r.size_pt == 7.75  # 12 × 7.75 pt ≤ 9 × 10.5 pt < 12 × 8.0 pt


def test_single_line_box_too_long_raises() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=False)
    with pytest.raises(FormDataError) as info:
        fit_text("あ" * 20, mm(10, 10.5), box_height(1, 10.5) + 0.5, spec, M, "school.name", label="学校名")
    (entry,) = info.value.errors
    assert entry.path == "school.name" and entry.label == "学校名"
    assert "最小8.0ptで約13字×1行（13字）" in entry.message and "入力は20字" in entry.message


def test_error_message_names_capacity_and_length() -> None:
    """指導要録 総合所見: 22字×15行 at the minimum 8 pt."""
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True, max_lines=15, overflow="shrink")
    text = "漢" * 412
    with pytest.raises(FormDataError) as info:
        fit_text(text, mm(22.5, 8.0), 60.0, spec, M, "records[2].remarks", label="総合所見")
    (entry,) = info.value.errors
    assert entry.message == "この欄には最小8.0ptで約22字×15行（330字）まで印刷できます。入力は412字です。"
    assert entry.path == "records[2].remarks"
    assert "records[2].remarks" in str(info.value)


def test_error_explains_when_newlines_not_length_are_the_problem() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True)
    text = "\n".join(["一行"] * 6)
    with pytest.raises(FormDataError) as info:
        fit_text(text, mm(20, 8.0), box_height(3, 8.0) + 0.1, spec, M, "remarks")
    message = info.value.errors[0].message
    assert "入力は12字" in message and "改行5か所" in message and "6行" in message


def test_overflow_error_never_shrinks() -> None:
    spec = FitSpec(max_size=10.5, min_size=6.0, overflow="error", wrap=False)
    assert spec.smallest == 10.5
    with pytest.raises(FormDataError) as info:
        fit_text("あ" * 12, mm(10, 10.5), box_height(1, 10.5), spec, M, "code")
    assert info.value.errors[0].message.startswith("この欄には10.5ptで約10字×1行（10字）")


def test_continuation_fills_the_box_at_minimum_size_and_hands_back_the_rest() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True, max_lines=15, overflow="continuation")
    text = (SHOKEN * 80)[:4000]
    r = fit_text(text, mm(22.5, 8.0), 60.0, spec, M, "records[0].remarks")
    assert r.size_pt == 8.0 and r.shrank and r.continues
    assert r.line_count == 15
    assert rebuilt(r) == text
    assert r.report()["continued_chars"] == grapheme_len(r.continued)


def test_continuation_sheets_print_everything_in_order() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True, max_lines=15, overflow="continuation")
    text = ("\n".join([SHOKEN * 3] * 10) + "\n\n終わり。")[:4000]
    pieces: list[FitResult] = []
    rest = text
    while rest:
        r = fit_text(rest, mm(22.5, 8.0), 60.0, spec, M, "records[0].remarks")
        pieces.append(r)
        rest = r.continued
        assert len(pieces) < 100
    assert "".join("".join(line.text + line.newline for line in p.lines) for p in pieces) == text
    assert all(not p.continues for p in pieces[-1:])


def test_continuation_not_allowed_raises() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0, wrap=True, max_lines=15, overflow="continuation")
    with pytest.raises(FormDataError, match="records"):
        fit_text("漢" * 400, mm(22.5, 8.0), 60.0, spec, M, "records[0].remarks", allow_continuation=False)


def test_hanging_punctuation_is_reported_as_overhang() -> None:
    spec = FitSpec(max_size=10.0, min_size=10.0, wrap=True)
    r = fit_text("あいうえお。かきくけこ", mm(5, 10.0), box_height(2, 10.0) + 0.1, spec, M, "x")
    assert r.texts == ["あいうえお。", "かきくけこ"]
    assert r.overhang_mm == pytest.approx(mm(1, 10.0))


def test_final_newline_takes_no_line() -> None:
    spec = FitSpec(max_size=10.0, min_size=10.0, wrap=True)
    r = fit_text("一行目\n二行目\n", mm(10, 10.0), box_height(2, 10.0) + 0.1, spec, M, "x")
    assert r.texts == ["一行目", "二行目"] and r.lines[-1].newline == "\n"
    with pytest.raises(FormDataError):  # a typed empty line does take room
        fit_text("一行目\n\n二行目", mm(10, 10.0), box_height(2, 10.0) + 0.1, spec, M, "x")


def test_empty_text_fits_without_lines() -> None:
    r = fit_text("", 10.0, 5.0, FitSpec(max_size=10.5), M, "x")
    assert r.lines == () and r.size_pt == 10.5 and not r.continues


def test_report_has_no_text() -> None:
    spec = FitSpec(max_size=10.5, min_size=8.0)
    r = fit_text(SHOKEN, mm(22.2, 10.5), 30.0, spec, M, "students[3].remarks")
    report = r.report()
    assert report["path"] == "students[3].remarks"
    assert {"size_pt", "lines", "shrank", "wrapped", "continued", "kinsoku"} <= report.keys()
    assert not any(isinstance(v, str) and "学級" in v for v in report.values())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_size": 0},
        {"max_size": 10, "min_size": 11},
        {"max_size": 10, "min_size": 0},
        {"max_size": 10, "step": 0.5},
        {"max_size": 10, "step": 0},
        {"max_size": 10, "line_height": 0},
        {"max_size": 10, "max_lines": 0},
        {"max_size": 10, "overflow": "truncate"},
        {"max_size": 10, "search": "linear"},
        {"max_size": 10, "overflow": "continuation", "wrap": False},
    ],
)
def test_bad_specs_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FitSpec(**kwargs)  # type: ignore[arg-type]


def test_line_capacity_geometry() -> None:
    spec = FitSpec(max_size=10.0, line_height=1.5)
    one = 10.0 * MM_PER_PT
    assert line_capacity(one - 0.01, 10.0, spec) == 0
    assert line_capacity(one, 10.0, spec) == 1
    assert line_capacity(one * 2.5, 10.0, spec) == 2
    assert line_capacity(one * 100, 10.0, FitSpec(max_size=10.0, max_lines=4)) == 4


# --- properties ------------------------------------------------------------------------------


def _fits_independently(text: str, w: float, h: float, size: float, spec: FitSpec) -> bool:
    width_em = w / (size * MM_PER_PT)
    lines = break_lines(text, width_em if spec.wrap else math.inf, M)
    if len(lines) > 1 and lines[-1].text == "":
        lines.pop()  # a final newline opens no new line
    n = 1 + math.floor((h - size * MM_PER_PT) / (size * MM_PER_PT * spec.line_height) + 1e-9)
    if h + 1e-9 < size * MM_PER_PT:
        n = 0
    if spec.max_lines is not None:
        n = min(n, spec.max_lines)
    return len(lines) <= n and all(line.width - line.hang <= width_em + 1e-9 for line in lines)


token = st.one_of(
    st.sampled_from([chr(c) for c in range(0x3041, 0x3097)]),
    st.sampled_from([*"山口県学校漢字教育生徒先生", "𠮷", "﨑", "葛\U000e0102", "か\u3099"]),
    st.sampled_from(sorted(LINE_START_FORBIDDEN)),
    st.sampled_from(sorted(LINE_END_FORBIDDEN)),
    st.sampled_from(["ABC", "3.14", "hello", " ", "　", "\n", "\r\n"]),
)
japanese_text = st.lists(token, min_size=1, max_size=120).map("".join)
specs = st.builds(
    lambda max_size, shrink, wrap, max_lines, lh, overflow, search: FitSpec(
        max_size=max_size,
        min_size=max(4.0, max_size - shrink),
        wrap=wrap or overflow == "continuation",
        max_lines=max_lines,
        line_height=lh,
        overflow=overflow,
        search=search,
    ),
    st.sampled_from([8.0, 9.0, 10.5, 12.0]),
    st.sampled_from([0.0, 1.0, 2.5, 4.0]),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 20)),
    st.sampled_from([1.0, 1.2, 1.5]),
    st.sampled_from(["shrink", "continuation", "error"]),
    st.sampled_from(["bisect", "step"]),
)


@settings(max_examples=300, deadline=None)
@given(japanese_text, st.floats(5.0, 120.0), st.floats(2.0, 80.0), specs)
def test_fit_never_loses_text(text: str, w: float, h: float, spec: FitSpec) -> None:
    """Either a fit record whose lines and remainder give back the text exactly, or an error naming the
    field, its capacity at the minimum size and the actual length."""
    try:
        r = fit_text(text, w, h, spec, M, "students[7].remarks", label="所見")
    except FormDataError as err:
        (entry,) = err.errors
        assert entry.path == "students[7].remarks" and entry.label == "所見"
        m = re.search(r"約(\d+)字×(\d+)行（(\d+)字）まで印刷できます。入力は(\d+)字です。", entry.message)
        assert m, entry.message
        per_line, rows, total, actual = map(int, m.groups())
        assert per_line * rows == total
        assert actual == grapheme_len(text) - len(re.findall(r"\r\n|\r|\n", text))
        assert not _fits_independently(text, w, h, spec.smallest, spec)
        return
    assert rebuilt(r) == text
    assert spec.smallest <= r.size_pt <= spec.max_size
    assert r.shrank == (r.size_pt < spec.max_size)
    width_em = w / (r.size_pt * MM_PER_PT)
    assert all(line.width - line.hang <= width_em + 1e-9 for line in r.lines)
    assert r.line_count <= line_capacity(h, r.size_pt, spec)
    if r.continues:
        assert spec.overflow == "continuation" and r.size_pt == spec.smallest
    else:
        assert _fits_independently(text, w, h, r.size_pt, spec)
        # the largest size on the grid that fits (next step up does not fit)
        if r.size_pt < spec.max_size:
            up = min(spec.max_size, r.size_pt + spec.step)
            assert not _fits_independently(text, w, h, up, spec)


@settings(max_examples=150, deadline=None)
@given(japanese_text, st.floats(10.0, 80.0), st.floats(5.0, 60.0))
def test_bisection_and_stepping_agree(text: str, w: float, h: float) -> None:
    results = []
    for search in ("bisect", "step"):
        spec = FitSpec(max_size=12.0, min_size=6.0, search=search, overflow="continuation")
        results.append(fit_text(text, w, h, spec, M, "x"))
    assert results[0].size_pt == results[1].size_pt
    assert results[0].lines == results[1].lines


# --- with the real font ----------------------------------------------------------------------


def test_600_character_shoken_with_ipamj() -> None:
    ipamj = font_measurer()
    text = (SHOKEN * 12)[:600]
    spec = FitSpec(max_size=10.5, min_size=7.0, wrap=True, overflow="continuation")
    r = fit_text(text, 80.0, 100.0, spec, ipamj, "records[0].remarks")
    assert rebuilt(r) == text
    assert r.shrank and not r.continues
    assert all(line.width - line.hang <= 80.0 / (r.size_pt * MM_PER_PT) + 1e-9 for line in r.lines)


def test_4000_character_shoken_continues_on_a_sheet_with_ipamj() -> None:
    """The issue's acceptance case: the box takes what it can at the minimum size, a 別紙 the rest."""
    ipamj = font_measurer()
    text = ("\n".join([SHOKEN * 4] * 20) + "葛\U000e0102飾区の𠮷田さん（山﨑）。")[:4000]
    box = FitSpec(max_size=10.5, min_size=8.0, wrap=True, max_lines=15, overflow="continuation")
    first = fit_text(text, mm(22.5, 8.0), 60.0, box, ipamj, "records[0].remarks")
    assert first.continues and first.line_count == 15 and first.size_pt == 8.0
    sheet = FitSpec(max_size=10.5, min_size=8.0, wrap=True, overflow="shrink")  # A4 別紙, no further sheet
    rest = fit_text(first.continued, 170.0, 250.0, sheet, ipamj, "records[0].remarks")
    assert not rest.continues
    printed = [*first.lines, *rest.lines]
    assert "".join(line.text + line.newline for line in printed) == text
    with pytest.raises(FormDataError, match=r"records\[0\]\.remarks.*約22字×15行（330字）.*入力は\d+字"):
        fit_text(text, mm(22.5, 8.0), 60.0, box, ipamj, "records[0].remarks", allow_continuation=False)
