"""Compiled text operators and the per-process caches of cidfont.py give exactly what direct drawing gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.render import cidfont
from unified_forms.render.cidfont import FontSubset, OpsBuilder, compile_horizontal, fmt_num, horizontal_ops
from unified_forms.text.font import load_font
from unified_forms.text.shape import Glyph, ShapedRun, shape


def reference_show_horizontal(fs: FontSubset, run: ShapedRun, size: float, spacing_pt: float) -> str:
    """The operators as the renderer wrote them before compilation existed (glyph by glyph)."""
    scale = 1000.0 / fs.face.units_per_em
    spacing = spacing_pt * 1000.0 / size
    ops: list[str] = []
    items: list[str] = []
    hexbuf: list[str] = []
    pending = 0.0
    rise = 0.0

    def flush_hex() -> None:
        if hexbuf:
            items.append("<" + "".join(hexbuf) + ">")
            hexbuf.clear()

    def emit_pending() -> None:
        nonlocal pending
        v = round(pending, 3)
        if v != 0:
            flush_hex()
            items.append(fmt_num(v))
        pending = 0.0

    def flush_tj() -> None:
        emit_pending()
        flush_hex()
        if items:
            ops.append("[" + " ".join(items) + "] TJ")
            items.clear()

    for g in run.glyphs:
        want_rise = round(g.y_offset * size / run.units_per_em, 3)
        if want_rise != rise:
            flush_tj()
            ops.append(f"{fmt_num(want_rise)} Ts")
            rise = want_rise
        xo = g.x_offset * scale
        if xo:
            pending -= xo
        emit_pending()
        hexbuf.append(f"{fs.code(g.gid, g.text):04X}")
        pending += round(fs.face.h_advance(g.gid) * scale, 3) - (g.advance * scale + spacing) + xo
    pending = 0.0
    flush_tj()
    if rise != 0:
        ops.append("0 Ts")
    return " ".join(ops)


_chars = st.sampled_from([*"山口県萩市髙橋﨑ーアabc 1（）、。", "\U00020bb7", "葛\U000e0102"])


@st.composite
def runs(draw: st.DrawFn) -> ShapedRun:
    base = shape(draw(st.lists(_chars, min_size=1, max_size=10).map("".join)))
    glyphs = []
    for g in base.glyphs:
        if draw(st.booleans()):
            g = Glyph(
                gid=g.gid,
                text=g.text,
                advance=g.advance + draw(st.integers(-300, 300)),
                x_offset=draw(st.integers(-200, 200)),
                y_offset=draw(st.sampled_from([0, 0, 100, -250])),
            )
        glyphs.append(g)
    return ShapedRun(
        text=base.text,
        glyphs=tuple(glyphs),
        advance=sum(g.advance for g in glyphs),
        units_per_em=base.units_per_em,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(runs(), min_size=1, max_size=4),
    st.sampled_from([6.0, 9.0, 10.5, 12.0]),
    st.sampled_from([0.0, 0.3, 2.5]),
)
def test_compiled_operators_equal_glyph_by_glyph_drawing(rs: list[ShapedRun], size: float, spacing: float) -> None:
    face = load_font()
    direct, compiled = FontSubset(face), FontSubset(face)
    for r in rs:
        assert compiled.resolve(horizontal_ops(face, r, size, spacing)) == reference_show_horizontal(
            direct, r, size, spacing
        )
    assert compiled.entries == direct.entries  # codes handed out in the same first-use order


def test_ops_are_cached_per_run_object_and_size() -> None:
    face = load_font()
    r = shape("山口県")
    a = horizontal_ops(face, r, 10.0)
    assert horizontal_ops(face, r, 10.0) is a
    assert horizontal_ops(face, r, 12.0) is not a
    twin = ShapedRun(r.text, r.glyphs, r.advance, r.units_per_em, r.vertical, r.font_key)
    b = horizontal_ops(face, twin, 10.0)  # an equal run elsewhere: compiled anew, same result
    assert b == a


def test_ops_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    face = load_font()
    monkeypatch.setattr(cidfont.H_OPS, "limit", 5)
    cidfont.H_OPS.clear()
    texts = [chr(0x5C71 + i) * 2 for i in range(20)]
    for t in texts:
        horizontal_ops(face, shape(t), 10.0)
        assert len(cidfont.H_OPS) <= 5
    fs = FontSubset(face)
    assert fs.resolve(horizontal_ops(face, shape(texts[0]), 10.0)) == "[<00010001>] TJ"


def test_subset_programs_are_reused_for_the_same_glyph_set(monkeypatch: pytest.MonkeyPatch) -> None:
    face = load_font()

    def program(text: str) -> bytes:
        fs = FontSubset(face)
        fs.encode(shape(text))
        return fs.build().font_program

    a = program("山口県萩市")
    assert program("萩市山口県") is a  # the same glyphs in another order: the cached subset
    assert program("山口県萩") is not a
    monkeypatch.setattr(cidfont, "_SUBSET_LIMIT", 2)
    for t in ["一", "二", "三", "四"]:
        program(t)
        assert len(cidfont._SUBSETS) <= 2


def test_builder_keeps_groups_and_order() -> None:
    b = OpsBuilder()
    b.lit("[<")
    b.key((5, "a"))
    b.key((6, "b"))
    b.lit(">] TJ")
    b.lit(" ")
    b.key((5, "a"))
    ops = b.build()
    assert ops.literals == ("[<", ">] TJ ", "")
    assert ops.groups == (((5, "a"), (6, "b")), ((5, "a"),))
    assert ops.keys == ((5, "a"), (6, "b"), (5, "a"))
    fs = FontSubset(load_font())
    assert fs.resolve(ops) == "[<00010002>] TJ 0001"


def test_notdef_is_refused_when_compiling() -> None:
    r = shape("山")
    bad = ShapedRun("山", (Glyph(gid=0, text="山", advance=2048),), 2048, r.units_per_em)
    with pytest.raises(ValueError, match="notdef"):
        compile_horizontal(load_font(), bad, 10.0)
