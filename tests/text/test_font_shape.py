"""Font discovery, the IVS table and shaping: exact glyphs, exact text, never .notdef."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.errors import FontNotFoundError
from unified_forms.text import font as fontmod
from unified_forms.text.font import ENV_VAR, find_font, font_info, load_font, use_font
from unified_forms.text.ivs import is_ivs_selector, is_variation_selector, parse_cmap14
from unified_forms.text.shape import (
    FALLBACK_CONTROL,
    FALLBACK_IVS,
    FALLBACK_MISSING,
    Glyph,
    shape,
)

SYSTEM_FONT = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
KUZU = "葛"
VS_E0100 = "\U000e0100"  # Adobe-Japan1 selector: not in IPAmj
VS_E0102 = "\U000e0102"  # in IPAmj (MJ variant of 葛)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def _fake_font(folder: Path, name: str = "ipamjm.ttf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_bytes(b"not really a font")
    return p


# --------------------------------------------------------------------------- discovery


def test_explicit_beats_env_and_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = _fake_font(tmp_path / "explicit")
    env = _fake_font(tmp_path / "env")
    system = _fake_font(tmp_path / "system")
    monkeypatch.setenv(ENV_VAR, str(env))
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(system),))
    assert find_font(explicit) == explicit.resolve()
    assert find_font(str(explicit)) == explicit.resolve()


def test_env_beats_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = _fake_font(tmp_path / "env")
    system = _fake_font(tmp_path / "system")
    monkeypatch.setenv(ENV_VAR, str(env))
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(system),))
    assert find_font() == env.resolve()


def test_system_folders_in_order_and_recursive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None) -> None:
    first = tmp_path / "first" / "ipamjm.ttf"  # a file entry that does not exist
    nested = _fake_font(tmp_path / "second" / "deep" / "er")
    third = _fake_font(tmp_path / "third")
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(first), str(tmp_path / "second"), str(tmp_path / "third")))
    assert find_font() == nested.resolve()
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(first), str(tmp_path / "third")))
    assert find_font() == third.resolve()


def test_home_folder_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    found = _fake_font(tmp_path / ".fonts" / "ipamj")
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", ("~/.local/share/fonts", "~/.fonts"))
    assert find_font() == found.resolve()


def test_not_found_says_what_was_searched_and_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(tmp_path / "a.ttf"), str(tmp_path / "fonts")))
    with pytest.raises(FontNotFoundError) as ei:
        find_font()
    msg = str(ei.value)
    assert str(tmp_path / "a.ttf") in msg
    assert str(tmp_path / "fonts") in msg
    assert "apt-get install fonts-ipamj-mincho" in msg
    assert ENV_VAR in msg


def test_explicit_or_env_typo_is_an_error_not_a_silent_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _fake_font(tmp_path / "system")
    monkeypatch.setattr(fontmod, "SYSTEM_SEARCH_PATHS", (str(system),))
    with pytest.raises(FontNotFoundError, match="does not exist"):
        find_font(tmp_path / "typo.ttf")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "typo.ttf"))
    with pytest.raises(FontNotFoundError, match=ENV_VAR):
        find_font()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FontNotFoundError, match=r"contains no ipamjm\.ttf"):
        find_font(empty)


def test_load_font_is_cached_and_use_font_selects(no_env: None) -> None:
    a = load_font(SYSTEM_FONT)
    assert load_font(str(SYSTEM_FONT)) is a
    assert a.units_per_em == 2048
    assert a.num_glyphs == 61179
    with use_font(a) as f:
        assert load_font() is f
        assert shape("葛", face=None).glyphs[0].gid == shape("葛", face=a).glyphs[0].gid


def test_load_font_from_threads_gives_one_face() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        faces = list(pool.map(lambda _: load_font(SYSTEM_FONT), range(32)))
        runs = list(pool.map(lambda t: shape(t), ["山口"] * 16 + ["葛\U000e0102"] * 16))
    assert all(f is faces[0] for f in faces)
    assert {r.glyphs[0].gid for r in runs[:16]} == {shape("山口").glyphs[0].gid}
    assert {r.glyphs[0].text for r in runs[16:]} == {"葛\U000e0102"}


def test_font_info_version_and_checksum() -> None:
    info = font_info(SYSTEM_FONT)
    assert "005.01" in info.version
    readme = (Path(__file__).parents[2] / "fonts" / "README.md").read_text(encoding="utf-8")
    assert info.sha256 in readme


# --------------------------------------------------------------------------- IVS table


def test_ivs_table_classifies_sequences() -> None:
    face = load_font(SYSTEM_FONT)
    ivs = face.ivs
    assert ivs.kind(0x845B, 0xE0102) == "non-default"
    assert ivs.kind(0x845B, 0xE0100) == "absent"
    assert ivs.glyph(0x845B, 0xE0102) == face.variation_glyph(0x845B, 0xE0102)
    assert len(ivs) > 10000
    assert 0xE0102 in ivs.selectors_for(0x845B)
    # every listed non-default sequence agrees with HarfBuzz's lookup
    for base, sel, gid in list(ivs)[:2000]:
        if gid is not None:
            assert face.variation_glyph(base, sel) == gid


def test_ivs_parser_agrees_with_fonttools() -> None:
    from fontTools.ttLib import TTFont

    with TTFont(str(SYSTEM_FONT), lazy=True) as tt:
        sub = next(t for t in tt["cmap"].tables if t.format == 14)
        rev = tt.getReverseGlyphMap()
        expected = {
            sel: {base: (None if name is None else rev[name]) for base, name in pairs}
            for sel, pairs in sub.uvsDict.items()
        }
    assert load_font(SYSTEM_FONT).ivs.sequences == expected


def test_ivs_parser_default_sequences() -> None:
    """IPAmj has no default sequences; a hand-built table checks that path."""
    default = struct.pack(">I", 1) + (0x4E00).to_bytes(3, "big") + bytes([2])
    non_default = struct.pack(">I", 1) + (0x845B).to_bytes(3, "big") + struct.pack(">H", 77)
    header_len = 10 + 11
    record = (0xE0100).to_bytes(3, "big") + struct.pack(">II", header_len, header_len + len(default))
    body = record + default + non_default
    sub = struct.pack(">HII", 14, 10 + len(body), 1) + body
    cmap = struct.pack(">HH", 0, 1) + struct.pack(">HHI", 0, 5, 12) + sub
    table = parse_cmap14(cmap)
    assert table.sequences == {0xE0100: {0x4E00: None, 0x4E01: None, 0x4E02: None, 0x845B: 77}}
    assert table.kind(0x4E01, 0xE0100) == "default"
    assert table.kind(0x845B, 0xE0100) == "non-default"
    assert table.kind(0x845B, 0xE0101) == "absent"
    assert table.counts() == {"sequences": 4, "default": 3, "non_default": 1}
    assert parse_cmap14(b"").sequences == {}


def test_selector_predicates() -> None:
    assert is_ivs_selector(0xE0100) and is_ivs_selector(0xE01EF)
    assert not is_ivs_selector(0xFE00)
    assert is_variation_selector(0xFE00) and is_variation_selector(0xE01EF)
    assert not is_variation_selector(0x845B)


# --------------------------------------------------------------------------- shaping


def test_ivs_in_font_is_one_variant_glyph() -> None:
    plain = shape(KUZU)
    variant = shape(KUZU + VS_E0102)
    assert len(variant.glyphs) == 1
    g = variant.glyphs[0]
    assert g.text == KUZU + VS_E0102
    assert g.fallback is None
    assert g.gid != plain.glyphs[0].gid
    assert g.gid == load_font().variation_glyph(0x845B, 0xE0102)


def test_ivs_not_in_font_prints_base_and_keeps_text() -> None:
    plain = shape(KUZU + "飾")
    run = shape(KUZU + VS_E0100 + "飾")
    assert [g.text for g in run.glyphs] == [KUZU + VS_E0100, "飾"]
    assert run.glyphs[0].gid == plain.glyphs[0].gid
    assert run.glyphs[0].fallback == FALLBACK_IVS
    assert run.advance == plain.advance  # the selector is never printed


def test_compatibility_ideograph_keeps_its_code_point() -> None:
    run = shape("\ufa11崎")
    assert run.glyphs[0].text == "\ufa11"
    assert run.glyphs[1].text == "崎"
    assert run.glyphs[0].gid != run.glyphs[1].gid


def test_non_bmp_kanji_has_a_real_glyph() -> None:
    run = shape("\U00020bb7田")
    assert run.glyphs[0].text == "\U00020bb7"
    assert run.glyphs[0].gid != 0
    assert run.glyphs[0].fallback is None


def test_vertical_forms() -> None:
    for ch in "ー（、":
        h = shape(ch).glyphs[0]
        v = shape(ch, vertical=True).glyphs[0]
        assert v.gid != h.gid, ch
        assert v.advance > 0
    run = shape("山口県", vertical=True)
    assert run.vertical
    assert run.advance == 3 * 2048


def test_missing_code_point_draws_visible_substitute() -> None:
    face = load_font()
    run = shape("欠\ue000字")  # private use: not in IPAmj
    g = run.glyphs[1]
    assert g.text == "\ue000"
    assert g.fallback == FALLBACK_MISSING
    assert g.gid == face.substitute_gid != 0
    assert face.substitute_codepoint == 0x3013  # 〓
    ctrl = shape("a\x01b").glyphs[1]
    assert ctrl.fallback == FALLBACK_CONTROL and ctrl.text == "\x01" and ctrl.gid != 0


def test_missing_base_with_selector_keeps_both() -> None:
    run = shape("\ue000" + VS_E0100)
    assert len(run.glyphs) == 1
    assert run.glyphs[0].text == "\ue000" + VS_E0100
    assert run.glyphs[0].gid != 0


def test_shape_is_cached_per_string_only_off_the_per_character_path() -> None:
    """Independent characters are looked up per character (no per-string cache that a batch of
    new names would only fill); the rest is shaped once per string."""
    face = load_font()
    plain = shape("山口県立高等学校")
    assert plain.simple and plain == shape("山口県立高等学校")
    assert all(g is face.char_table.glyph[g.text] for g in plain.glyphs)  # the very same glyph objects
    assert shape("葛\U000e0102飾") is shape("葛\U000e0102飾")
    assert shape("山口", vertical=True) is shape("山口", vertical=True)
    assert shape("山口", vertical=True) is not shape("山口")


def test_width_mm() -> None:
    run = shape("山口")
    assert run.width_mm(10.0) == pytest.approx(2 * 10 * 25.4 / 72)


# hypothesis: any mix of kanji (BMP, compatibility, non-BMP), kana, ASCII, selectors
_kanji = st.sampled_from([*"葛髙橋﨑崎山田渡邊齋藤辻逗飾吉", "\U00020bb7", "\U0002000b", "\u9fa0"])
_kana = st.characters(min_codepoint=0x3041, max_codepoint=0x30FF)
_ascii = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_sel = st.integers(min_value=0xE0100, max_value=0xE01EF).map(chr)
_other = st.sampled_from(["\ue000", "\x07", "\u200b", "\u3000", "\uff01", "\ufe00"])
_piece = st.one_of(
    _kanji,
    _kana,
    _ascii,
    st.tuples(_kanji, _sel).map("".join),
    _sel,
    _other,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=20).map("".join), st.booleans())
def test_text_round_trips_and_never_notdef(text: str, vertical: bool) -> None:
    run = shape(text, vertical=vertical)
    assert "".join(g.text for g in run.glyphs) == text
    assert all(g.gid != 0 for g in run.glyphs)
    assert run.advance == sum(g.advance for g in run.glyphs)
    assert all(isinstance(g, Glyph) for g in run.glyphs)
    # no glyph prints a selector on its own: a selector always follows its base in one glyph
    for g in run.glyphs:
        if g.text and is_variation_selector(ord(g.text[0])):
            assert g.advance == 0
