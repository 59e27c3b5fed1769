"""The PDF renderer and its CID font: valid files, exact text extraction, exact glyphs, no .notdef."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.layout.page import Document, Fill, Page, PrintSetup, Rect, Rule, TextBox, TextLine
from unified_forms.render.cidfont import FontSubset, fmt_num, to_unicode_cmap, utf16be_hex, w_array
from unified_forms.render.pdf import PT_PER_MM, form_xobject_count, render_pdf
from unified_forms.text.font import load_font
from unified_forms.text.shape import FALLBACK_MISSING, Glyph, ShapedRun, shape

NAMES = ["髙橋", "\ufa11山", "\U00020bb7田", "渡邊", "齋藤", "葛\U000e0102飾"]
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
needs_qpdf = pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")


# --------------------------------------------------------------------------- helpers


def tbox(
    x: float,
    y: float,
    text: str,
    size: float = 12.0,
    vertical: bool = False,
    static: bool = False,
    spacing: float = 0.0,
    ruby: tuple[TextBox, ...] = (),
) -> TextBox:
    run = shape(text, vertical=vertical)
    return TextBox(
        rect=Rect(x, y - 6, 100, 12),
        text=text,
        size=size,
        lines=(TextLine(x, y, run, spacing),),
        vertical=vertical,
        static=static,
        ruby=ruby,
    )


def page(*texts: TextBox, key: str = "", rules: tuple[Rule, ...] = (), fills: tuple[Fill, ...] = ()) -> Page:
    return Page(width=210, height=297, rules=rules, fills=fills, texts=texts, template_key=key)


def document(*pages: Page, paper: str = "A4") -> Document:
    return Document(form_id="roster", title="名簿テスト", setup=PrintSetup(paper, "portrait"), pages=tuple(pages))


def names_doc() -> Document:
    boxes = [tbox(20, 20 + 12 * i, name) for i, name in enumerate(NAMES)]
    boxes.append(tbox(20, 100, "葛"))  # plain 葛 on the same page as 葛+U+E0102
    boxes.append(tbox(120, 20, "氏名", static=True))
    return document(page(*boxes, key="names", rules=(Rule(10, 15, 200, 15, 0.75),)))


def write(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdftotext(path: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(path), "-")


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def raster(tmp_path: Path, data: bytes, name: str, dpi: int = 80) -> bytes:
    """Grey pixels of page 1, row by row (the PGM payload)."""
    return raster_with_width(tmp_path, data, name, dpi)[1]


def raster_with_width(tmp_path: Path, data: bytes, name: str, dpi: int = 80) -> tuple[int, bytes]:
    pdf = write(tmp_path, data, f"{name}.pdf")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / name)], check=True
    )
    pgm = next(tmp_path.glob(f"{name}*.pgm")).read_bytes()
    # P5 <w> <h> <max>\n<pixels>
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert m
    return int(m.group(1)), pgm[m.end() :]


def font_objects(data: bytes) -> tuple[list[int], dict[int, str]]:
    """(CIDToGIDMap as a list of gids per code, ToUnicode code -> text) of the one Type0 font."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = {}
    for p in reader.pages:
        res = p["/Resources"]
        for name, ref in res["/Font"].items():
            fonts[name] = ref.get_object()
    assert len(fonts) == 1
    (type0,) = fonts.values()
    assert type0["/Subtype"] == "/Type0"
    assert type0["/Encoding"] == "/Identity-H"
    cid = type0["/DescendantFonts"][0].get_object()
    assert cid["/Subtype"] == "/CIDFontType2"
    raw = cid["/CIDToGIDMap"].get_object().get_data()
    gids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    cmap = type0["/ToUnicode"].get_object().get_data().decode("ascii")
    bodies = "".join(re.findall(r"beginbfchar\n(.*?)endbfchar", cmap, re.S))
    to_uni = {
        int(c, 16): bytes.fromhex(u).decode("utf-16-be")
        for c, u in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", bodies)
    }
    return gids, to_uni


def drawn_codes(data: bytes) -> list[int]:
    """Every 2-byte code shown by a text operator in page and Form XObject streams."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    streams: list[bytes] = []
    for p in reader.pages:
        streams.append(p.get_contents().get_data())
        xobjs = p["/Resources"].get("/XObject", {})
        for ref in xobjs.values():
            streams.append(ref.get_object().get_data())
    codes: list[int] = []
    for s in streams:
        for bt in re.findall(rb"BT(.*?)ET", s, re.S):
            for hexstr in re.findall(rb"<([0-9A-Fa-f]+)>", bt):
                codes += [int(hexstr[i : i + 4], 16) for i in range(0, len(hexstr), 4)]
    return codes


# --------------------------------------------------------------------------- validity & font


@needs_qpdf
@needs_poppler
def test_qpdf_check_and_one_embedded_cid_font(tmp_path: Path) -> None:
    pdf = write(tmp_path, render_pdf(names_doc()))
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert len(rows) == 1, rows
    cols = rows[0].split()
    assert re.fullmatch(r"[A-Z]{6}\+IPAmjMincho", cols[0])
    assert "CID TrueType" in rows[0]
    assert "Identity-H" in rows[0]
    assert cols[-5:-2] == ["yes", "yes", "yes"]  # emb sub uni


def test_metadata_and_page_size() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(names_doc())))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "名簿テスト"
    assert meta.subject == "roster"
    assert meta.creator == "unified_forms"
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(210 * PT_PER_MM, abs=0.01)
    assert float(box.height) == pytest.approx(297 * PT_PER_MM, abs=0.01)


def test_page_size_from_setup_when_page_has_none() -> None:
    doc = Document(
        form_id="x", title="t", setup=PrintSetup("A3", "landscape"), pages=(Page(0, 0, texts=(tbox(20, 20, "表"),)),)
    )
    box = pypdf.PdfReader(io.BytesIO(render_pdf(doc))).pages[0].mediabox
    assert float(box.width) == pytest.approx(420 * PT_PER_MM, abs=0.01)
    assert float(box.height) == pytest.approx(297 * PT_PER_MM, abs=0.01)


# --------------------------------------------------------------------------- text extraction


def test_pypdf_extracts_exact_code_points() -> None:
    text = pypdf.PdfReader(io.BytesIO(render_pdf(names_doc()))).pages[0].extract_text()
    lines = lines_of(text)
    for name in NAMES:
        assert name in lines, (name, lines)
    assert "葛" in lines  # the plain one stays plain
    assert "\ufa11山" in lines and "崎山" not in text  # no normalisation to 崎
    assert "葛\U000e0102飾" in lines


@needs_poppler
def test_pdftotext_extracts_exact_code_points(tmp_path: Path) -> None:
    lines = lines_of(pdftotext(write(tmp_path, render_pdf(names_doc()))))
    for name in NAMES:
        assert name in lines, (name, lines)
    assert "葛" in lines
    assert "氏名" in lines  # static label inside the Form XObject


def test_plain_and_variant_share_glyph_but_not_code() -> None:
    """葛+U+E0103 is the same glyph as plain 葛 in IPAmj: two codes keep both texts."""
    face = load_font()
    assert face.variation_glyph(0x845B, 0xE0103) == face.glyph_for(0x845B)
    doc = document(page(tbox(20, 20, "葛"), tbox(20, 40, "葛\U000e0103")))
    data = render_pdf(doc)
    lines = lines_of(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert lines == ["葛", "葛\U000e0103"]
    gids, to_uni = font_objects(data)
    assert gids[1] == gids[2] != 0
    assert to_uni == {1: "葛", 2: "葛\U000e0103"}


_name_char = st.one_of(
    st.sampled_from([*"髙橋﨑崎山田渡邊齋藤辻逗飾吉葛", "\U00020bb7", "\U0002000b"]),
    st.characters(min_codepoint=0x3041, max_codepoint=0x3093),
    st.tuples(st.sampled_from("葛辻逗飾"), st.integers(0xE0100, 0xE010F).map(chr)).map("".join),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_name_char, min_size=1, max_size=12).map("".join))
def test_any_name_extracts_exactly(name: str) -> None:
    data = render_pdf(document(page(tbox(20, 20, name), tbox(20, 40, "葛"))))
    assert lines_of(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()) == [name, "葛"]
    gids, to_uni = font_objects(data)
    assert all(g != 0 for g in gids[1:])
    assert "".join(to_uni[c] for c in drawn_codes(data)) == name + "葛"


def test_ivs_not_in_font_extracts_with_its_selector() -> None:
    data = render_pdf(document(page(tbox(20, 20, "葛\U000e0100飾"))))
    assert lines_of(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()) == ["葛\U000e0100飾"]


@needs_poppler
def test_vertical_text_extracts_in_order(tmp_path: Path) -> None:
    data = render_pdf(document(page(tbox(100, 30, "ー（山口、）", vertical=True, size=14))))
    text = "".join(pdftotext(write(tmp_path, data)).split())
    assert text == "ー（山口、）"


# --------------------------------------------------------------------------- glyphs on paper


@needs_poppler
def test_variant_prints_differently_from_base(tmp_path: Path) -> None:
    base = render_pdf(document(page(tbox(20, 30, "葛", size=48))))
    variant = render_pdf(document(page(tbox(20, 30, "葛\U000e0102", size=48))))
    a1, a2 = raster(tmp_path, base, "a1"), raster(tmp_path, base, "a2")
    b = raster(tmp_path, variant, "b")
    assert a1 == a2
    assert a1 != b
    assert min(b) < 128  # something dark was printed at all


@needs_poppler
def test_text_lands_where_the_page_model_says(tmp_path: Path) -> None:
    doc = document(page(tbox(40, 50, "均等割", spacing=3.0)))
    xml = run("pdftotext", "-bbox", str(write(tmp_path, render_pdf(doc))), "-")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', xml)
    assert [w[2] for w in words] == ["均", "等", "割"]
    step = 12 + 3 * PT_PER_MM
    for i, (xmin, ymax, _t) in enumerate(words):
        assert float(xmin) == pytest.approx(40 * PT_PER_MM + i * step, abs=0.01)
        # yMax is the baseline plus the font's descent (120/1000 em)
        assert float(ymax) == pytest.approx(50 * PT_PER_MM + 0.12 * 12, abs=0.01)


@needs_poppler
def test_double_rule_prints_two_lines(tmp_path: Path) -> None:
    doc = document(page(rules=(Rule(10, 100, 200, 100, 0.75, "double"),)))
    width, pixels = raster_with_width(tmp_path, render_pdf(doc), "dbl", dpi=300)
    col = [pixels[y * width + width // 2] for y in range(len(pixels) // width)]
    dark_runs = sum(1 for i in range(1, len(col)) if col[i] < 128 <= col[i - 1])
    assert dark_runs == 2


# --------------------------------------------------------------------------- .notdef


def test_no_notdef_anywhere() -> None:
    data = render_pdf(names_doc())
    gids, _to_uni = font_objects(data)
    assert gids[0] == 0  # code 0 reserved
    assert all(g != 0 for g in gids[1:])
    codes = drawn_codes(data)
    assert codes
    assert all(0 < c < len(gids) and gids[c] != 0 for c in codes)
    assert set(codes) == set(range(1, len(gids)))


@needs_poppler
def test_missing_code_point_prints_substitute_and_extracts_original(tmp_path: Path) -> None:
    text = "欠한字"  # Hangul is not in IPAmj
    run_ = shape(text)
    assert run_.glyphs[1].fallback == FALLBACK_MISSING
    data = render_pdf(document(page(tbox(20, 20, text, size=40))))
    gids, to_uni = font_objects(data)
    assert "한" in to_uni.values()
    assert all(g != 0 for g in gids[1:])
    assert lines_of(pdftotext(write(tmp_path, data))) == [text]
    assert lines_of(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()) == [text]
    # the substitute is visible ink, not blank
    geta = raster(tmp_path, render_pdf(document(page(tbox(20, 20, "〓", size=40)))), "geta")
    sub = raster(tmp_path, render_pdf(document(page(tbox(20, 20, "한", size=40)))), "sub")
    assert sub == geta


# --------------------------------------------------------------------------- determinism & templates


def test_same_document_same_bytes() -> None:
    assert render_pdf(names_doc()) == render_pdf(names_doc())


def test_form_xobject_once_per_template_key() -> None:
    chrome = (Rule(10, 10, 200, 10, 1.0), Rule(10, 280, 200, 280, 1.0, "dashed"))
    label = tbox(20, 30, "出席簿", static=True)
    p1 = page(label, tbox(20, 50, "一"), key="A", rules=chrome, fills=(Fill(Rect(10, 60, 20, 10)),))
    p2 = page(label, tbox(20, 50, "二"), key="A", rules=chrome, fills=(Fill(Rect(10, 60, 20, 10)),))
    p3 = page(tbox(20, 30, "名簿", static=True), tbox(20, 50, "三"), key="B", rules=chrome)
    p4 = page(label, tbox(20, 50, "四"), key="A", rules=chrome, fills=(Fill(Rect(10, 60, 20, 10)),))
    doc = document(p1, p2, p3, p4)
    data = render_pdf(doc)
    reader = pypdf.PdfReader(io.BytesIO(data))
    forms = set()
    used: list[object] = []
    for pg in reader.pages:
        xobjs = pg["/Resources"]["/XObject"]
        content = pg.get_contents().get_data()
        for name, ref in xobjs.items():
            if name.encode() + b" Do" in content:
                used.append(ref.idnum)
                forms.add(ref.idnum)
                assert ref.get_object()["/Subtype"] == "/Form"
    assert len(forms) == 2 == form_xobject_count(doc)
    assert len(used) == 4  # every page draws its template once
    # the label is in the template, not repeated in the page streams
    assert [lines_of(p.extract_text()) for p in reader.pages] == [
        ["出席簿", "一"],
        ["出席簿", "二"],
        ["名簿", "三"],
        ["出席簿", "四"],
    ]
    texts = b"".join(p.get_contents().get_data() for p in reader.pages)
    assert texts.count(b"BT") == 4  # only the data text is on the pages


def test_same_key_with_different_chrome_still_prints_each() -> None:
    p1 = page(tbox(20, 30, "甲", static=True), key="K")
    p2 = page(tbox(20, 30, "乙", static=True), key="K")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(document(p1, p2, p1))))
    assert [lines_of(p.extract_text()) for p in reader.pages] == [["甲"], ["乙"], ["甲"]]
    ids = {ref.idnum for p in reader.pages for ref in p["/Resources"]["/XObject"].values()}
    assert len(ids) == 2


def test_ruby_is_drawn() -> None:
    ruby = tbox(20, 25, "やまぐち", size=6)
    data = render_pdf(document(page(tbox(20, 30, "山口", ruby=(ruby,)))))
    assert sorted(lines_of(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text())) == ["やまぐち", "山口"]


# --------------------------------------------------------------------------- cidfont, pure


def test_codes_per_glyph_and_text_pair() -> None:
    fs = FontSubset(load_font())
    a = fs.encode(shape("葛葛"))
    b = fs.encode(shape("葛\U000e0103"))
    assert a == b"\x00\x01\x00\x01"
    assert b == b"\x00\x02"
    assert fs.entries[1][0] == fs.entries[2][0]  # same glyph, two codes
    with pytest.raises(ValueError):
        fs.code(0, "x")


def test_to_unicode_cmap_syntax_and_values() -> None:
    texts = ["", "葛\U000e0102", "\U00020bb7", "A", ""] + [chr(0x4E00 + i) for i in range(150)]
    cmap = to_unicode_cmap(texts).decode("ascii")
    assert cmap.startswith("/CIDInit /ProcSet findresource begin")
    assert "begincodespacerange\n<0000> <FFFF>\nendcodespacerange" in cmap
    assert cmap.rstrip().endswith("end\nend")
    blocks = re.findall(r"(\d+) beginbfchar\n(.*?)endbfchar", cmap, re.S)
    assert [int(n) for n, _ in blocks] == [100, 53]
    entries: dict[int, str] = {}
    for n, body in blocks:
        rows = body.strip().split("\n")
        assert len(rows) == int(n)
        for row in rows:
            m = re.fullmatch(r"<([0-9A-F]{4})> <((?:[0-9A-F]{4})+)>", row)
            assert m, row
            entries[int(m.group(1), 16)] = m.group(2)
    assert entries[1] == "845BDB40DD02"  # base + selector, the selector as a surrogate pair
    assert entries[2] == "D842DFB7"  # 𠮷
    assert entries[3] == "0041"
    assert 4 not in entries and 0 not in entries  # no text, no entry
    assert entries[5] == "4E00"
    assert len(entries) == 153
    assert cmap.count("begincmap") == 1 and cmap.count("endcmap") == 1
    assert utf16be_hex("\ufa11") == "FA11"


def test_w_array_compression() -> None:
    assert w_array([]) == "[]"
    assert w_array([(1, 1000), (2, 1000)]) == "[]"  # all equal /DW
    assert w_array([(1, 500), (2, 600), (3, 1000), (4, 250)]) == "[1 [500 600] 4 [250]]"
    assert w_array([(1, 500), (2, 500), (3, 500), (4, 600), (7, 724.121)]) == "[1 3 500 4 [600] 7 [724.121]]"
    assert w_array([(5, 300), (1, 300), (2, 300), (3, 300), (4, 300)]) == "[1 5 300]"
    assert w_array([(1, 1), (2, 2), (3, 2), (4, 2), (5, 3), (6, 4)]) == "[1 [1] 2 4 2 5 [3 4]]"


def test_fmt_num() -> None:
    assert fmt_num(1000.0) == "1000"
    assert fmt_num(-0.0004) == "0"
    assert fmt_num(724.1211) == "724.121"
    assert fmt_num(-95.2381) == "-95.238"


def test_build_is_deterministic_and_maps_every_code() -> None:
    def build() -> tuple[bytes, bytes, bytes, str, str]:
        fs = FontSubset(load_font())
        for t in [*NAMES, "葛", "ABC 123", "\uff08ー\uff09"]:
            fs.show_horizontal(shape(t), 10.0)
        e = fs.build()
        return e.font_program, e.cid_to_gid_map, e.to_unicode, e.widths, e.base_font

    a, b = build(), build()
    assert a == b
    program, cid_map, _tu, widths, base_font = a
    assert re.fullmatch(r"[A-Z]{6}\+IPAmjMincho", base_font)
    gids = [int.from_bytes(cid_map[i : i + 2], "big") for i in range(0, len(cid_map), 2)]
    assert gids[0] == 0 and all(g != 0 for g in gids[1:])
    assert program[:4] == b"\x00\x01\x00\x00"  # TrueType sfnt
    assert len(program) < 60_000  # a subset, not the 46 MB font
    assert widths.startswith("[") and "1000" not in widths.split()


def test_plain_and_preprocessed_subsets_are_identical() -> None:
    """Determinism across the switch to the preprocessed face (FontFace.face_for_subsetting)."""
    from unified_forms.text.font import FontFace

    face = FontFace(load_font().path)  # a fresh face: nothing preprocessed yet

    def build() -> bytes:
        fs = FontSubset(face)
        for t in NAMES:
            fs.encode(shape(t, face=face))
        return fs.build().font_program

    plain = build()
    assert face._subset_face is None
    face.warm_up()
    assert face._subset_face is not None
    assert build() == plain


def test_subset_tag_depends_on_glyph_set_only() -> None:
    f1, f2, f3 = FontSubset(load_font()), FontSubset(load_font()), FontSubset(load_font())
    f1.encode(shape("山口"))
    f2.encode(shape("口山"))
    f3.encode(shape("山川"))
    assert f1.subset_tag() == f2.subset_tag() != f3.subset_tag()


def test_show_horizontal_operators() -> None:
    fs = FontSubset(load_font())
    ops = fs.show_horizontal(shape("山口"), 10.0)
    assert ops == "[<00010002>] TJ"
    spaced = fs.show_horizontal(shape("山口"), 10.0, spacing_pt=1.0)
    assert spaced == "[<0001> -100 <0002>] TJ"  # 1 pt at 10 pt = 100/1000 em, not after the last glyph
    latin = fs.show_horizontal(shape("Ab"), 10.0)
    assert re.fullmatch(r"\[<00030004>\] TJ", latin)


def test_offsets_become_tj_adjustments_and_rise() -> None:
    fs = FontSubset(load_font())
    g = shape("山口川").glyphs
    moved = Glyph(gid=g[1].gid, text=g[1].text, advance=g[1].advance, x_offset=256, y_offset=512)
    run_ = ShapedRun(text="山口川", glyphs=(g[0], moved, g[2]), advance=3 * 2048, units_per_em=2048)
    # 1/8 em right and 1/4 em up for the middle glyph only, then back
    assert fs.show_horizontal(run_, 10.0) == "[<0001>] TJ 2.5 Ts [-125 <0002> 125] TJ 0 Ts [<0003>] TJ"


def test_runs_carry_their_font() -> None:
    run_ = shape("山")
    assert run_.font_key == load_font().key
    doc = document(page(tbox(20, 20, "山")))
    from unified_forms.render.pdf import document_face

    assert document_face(doc) is load_font()


def test_compressed_streams_are_flate() -> None:
    data = render_pdf(names_doc())
    # the font program stream is compressed and inflates to a TrueType file
    reader = pypdf.PdfReader(io.BytesIO(data))
    type0 = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    desc = type0["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    ff = desc["/FontFile2"].get_object()
    assert ff["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
    assert ff.get_data()[:4] == b"\x00\x01\x00\x00"
    assert int(ff["/Length1"]) == len(ff.get_data())
    assert desc["/Flags"] == 6


# --------------------------------------------------------------------------- per-process caches (issue 7)


def _roster_variant(seed: int) -> dict[str, object]:
    """The roster sample with other pupils' names (other glyphs, other runs, same chrome)."""
    import copy

    import unified_forms as uf

    data = uf.sample("roster")
    out = copy.deepcopy(data)
    families = ["佐藤", "髙橋", "渡邊", "齋藤", "山口", "松﨑"]
    for i, s in enumerate(out["students"]):
        s["name"]["family"] = families[(i + seed) % len(families)] + s["name"]["family"][-1]
    return out


_FRESH_CHILD = """
import sys
import unified_forms as uf
sys.stdout.buffer.write(uf.render_pdf("roster", uf.sample("roster")))
"""


def test_document_bytes_do_not_depend_on_what_the_process_rendered_before() -> None:
    """A, B, A in one process: both A are byte-identical to A from a fresh process."""
    import sys

    import unified_forms as uf

    root = Path(__file__).resolve().parents[2]
    fresh = subprocess.run([sys.executable, "-c", _FRESH_CHILD], cwd=root, capture_output=True, check=True).stdout
    a1 = uf.render_pdf("roster", uf.sample("roster"))
    b = uf.render_pdf("roster", _roster_variant(1))
    a2 = uf.render_pdf("roster", uf.sample("roster"))
    assert a1 == a2 == fresh
    assert b != a1


def test_clearing_the_caches_changes_no_byte() -> None:
    from unified_forms.render import cidfont, pdf

    doc = names_doc()
    warm = render_pdf(doc)
    pdf.clear_caches()
    cidfont.clear_caches()
    assert render_pdf(doc) == warm


def test_chrome_is_compiled_once_per_process() -> None:
    import unified_forms as uf
    from unified_forms.render import pdf

    doc1 = uf.compile_form("roster", uf.sample("roster")).document
    doc2 = uf.compile_form("roster", _roster_variant(2)).document
    key = doc1.pages[0].template_key
    assert key and key == doc2.pages[0].template_key
    assert doc1.pages[0].rules[0] is not doc2.pages[0].rules[0]  # new objects, equal chrome
    render_pdf(doc1)
    face_key = pdf.document_face(doc1).key
    (entry,) = pdf._TEMPLATES[(face_key, key)]
    render_pdf(doc2)
    assert pdf._TEMPLATES[(face_key, key)] == [entry]
    assert pdf._TEMPLATES[(face_key, key)][0][1] is entry[1]  # the very same compiled operators


def test_template_stream_is_identical_across_documents() -> None:
    import unified_forms as uf

    def template_bytes(data: bytes) -> bytes:
        page0 = pypdf.PdfReader(io.BytesIO(data)).pages[0]
        (ref,) = page0["/Resources"]["/XObject"].values()
        return bytes(ref.get_object().get_data())

    a = template_bytes(uf.render_pdf("roster", uf.sample("roster")))
    b = template_bytes(uf.render_pdf("roster", _roster_variant(3)))
    assert a == b
    assert b"BT" in a  # the static labels are inside


def test_embedded_subset_holds_exactly_the_glyphs_drawn(tmp_path: Path) -> None:
    """No more glyphs than the page uses plus .notdef, none fewer (the 名簿 sample)."""
    from fontTools.ttLib import TTFont

    import unified_forms as uf

    doc = uf.compile_form("roster", uf.sample("roster")).document
    used = {g.gid for p in doc.pages for t in p.texts for run in _all_runs(t) for g in run.glyphs}
    data = render_pdf(doc)
    reader = pypdf.PdfReader(io.BytesIO(data))
    type0 = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    cid = type0["/DescendantFonts"][0].get_object()
    program = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    font = TTFont(io.BytesIO(program))
    assert font["maxp"].numGlyphs == len(used) + 1
    gids, _to_uni = font_objects(data)
    assert set(gids[1:]) == set(range(1, len(used) + 1))  # every subset glyph is reachable
    assert len(program) < 120_000


def _all_runs(box: TextBox) -> list[ShapedRun]:
    out = [line.run for line in box.lines]
    for r in box.ruby:
        out += _all_runs(r)
    return out


def test_vertical_glyphs_are_placed_where_the_run_says() -> None:
    """Tm for the first glyph, then Td steps: every origin within 0.002 pt of the page model."""
    run_ = shape("ー（山口、）", vertical=True)
    size, x_mm, y_mm, spacing_mm = 14.0, 100.0, 30.0, 1.5
    box = TextBox(
        rect=Rect(95, 25, 10, 100),
        text=run_.text,
        size=size,
        lines=(TextLine(x_mm, y_mm, run_, spacing_mm),),
        vertical=True,
    )
    data = render_pdf(document(page(box)))
    content = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("ascii")
    m = re.search(r"1 0 0 1 (\S+) (\S+) Tm (.*?) ET", content, re.S)
    assert m
    x, y = float(m.group(1)), float(m.group(2))
    origins = [(x, y)]
    for dx, dy in re.findall(r"(\S+) (\S+) Td", m.group(3)):
        x, y = x + float(dx), y + float(dy)
        origins.append((x, y))
    assert len(origins) == len(run_.glyphs) == m.group(3).count("Tj")
    scale = size / run_.units_per_em
    pen = 0.0
    page_h = 297 * PT_PER_MM
    for (ox, oy), g in zip(origins, run_.glyphs, strict=True):
        assert ox == pytest.approx(x_mm * PT_PER_MM + g.x_offset * scale, abs=0.002)
        assert oy == pytest.approx(page_h - y_mm * PT_PER_MM - pen + g.y_offset * scale, abs=0.002)
        pen += g.advance * scale + spacing_mm * PT_PER_MM


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-5000, max_value=5000, allow_nan=False))
def test_memoised_number_format_equals_fmt_num(x: float) -> None:
    from unified_forms.render.pdf import _n

    assert _n(x) == fmt_num(round(x, 3))
    assert _n(x) == _n(x)  # from the memo the second time


def test_rules_of_one_style_share_a_path_and_keep_their_styles() -> None:
    rules = (
        Rule(10, 10, 200, 10, 0.5),
        Rule(10, 20, 200, 20, 0.5),
        Rule(10, 30, 200, 30, 0.5, "dashed"),
        Rule(10, 40, 200, 40, 1.0),
    )
    data = render_pdf(document(page(rules=rules)))
    content = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("ascii")
    strokes = re.findall(r"q 0 G (\S+) w (\[.*?\] 0 d \d J) (.*?) S Q", content)
    assert [(w, style, path.count(" m ")) for w, style, path in strokes] == [
        ("0.5", "[] 0 d 0 J", 2),
        ("0.5", "[3 2] 0 d 0 J", 1),
        ("1", "[] 0 d 0 J", 1),
    ]


def test_runs_shaped_with_two_fonts_are_refused(tmp_path: Path) -> None:
    from dataclasses import replace

    other = replace(shape("川"), font_key=str(tmp_path / "other.ttf"))
    box = TextBox(rect=Rect(20, 40, 100, 12), text="川", size=12.0, lines=(TextLine(20, 46, other),))
    with pytest.raises(ValueError, match="several fonts"):
        render_pdf(document(page(tbox(20, 20, "山"), box)))
    static = replace(box, static=True)
    with pytest.raises(ValueError, match="several fonts"):
        render_pdf(document(page(tbox(20, 20, "山"), static, key="K")))


def test_face_for_key_returns_the_loaded_face() -> None:
    from unified_forms.text.font import face_for_key

    face = load_font()
    assert face_for_key(face.key) is face
    assert face_for_key(shape("山").font_key) is face


@pytest.mark.parametrize("key", ["", "K"])
def test_every_fill_is_drawn_with_or_without_a_template(key: str) -> None:
    fills = (Fill(Rect(10, 60, 20, 10), 0.5, static=False), Fill(Rect(40, 60, 20, 10), 0.85))
    data = render_pdf(document(page(tbox(20, 30, "表", static=True), key=key, fills=fills)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    streams = [reader.pages[0].get_contents().get_data()]
    streams += [ref.get_object().get_data() for ref in reader.pages[0]["/Resources"].get("/XObject", {}).values()]
    ops = b" ".join(streams).decode("ascii")
    # the dynamic fill (page stream) under the static one (page stream or template)
    assert re.findall(r"q (\S+) g (?:\S+ \S+ \S+ \S+ re )+f Q", ops) == ["0.5", "0.85"]
    assert ops.count(" re ") == 2


def test_template_of_a_sizeless_page_follows_each_documents_paper() -> None:
    """Equal chrome on pages without a size: A4 and A3 documents each get their own placement."""
    label = tbox(20, 30, "出席簿", static=True)

    def doc(paper: str) -> Document:
        p = Page(0, 0, rules=(Rule(10, 10, 100, 10, 1.0),), texts=(label,), template_key="K")
        return Document(form_id="x", title="t", setup=PrintSetup(paper, "portrait"), pages=(p,))  # type: ignore[arg-type]

    for paper, height_mm in (("A4", 297), ("A3", 420), ("A4", 297)):
        data = render_pdf(doc(paper))
        (ref,) = pypdf.PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/XObject"].values()
        form = ref.get_object().get_data().decode("ascii")
        y = float(re.search(r"\S+ (\S+) m", form).group(1))  # type: ignore[union-attr]
        assert y == pytest.approx((height_mm - 10) * PT_PER_MM, abs=0.001)


def test_threads_sharing_the_caches_render_the_same_bytes() -> None:
    """Dask workers may run several threads in one process: the per-process caches are shared."""
    from concurrent.futures import ThreadPoolExecutor

    import unified_forms as uf
    from unified_forms.render import cidfont, pdf

    docs = [uf.compile_form("roster", _roster_variant(i)).document for i in range(6)]
    expected = [render_pdf(d) for d in docs]
    pdf.clear_caches()
    cidfont.clear_caches()
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(render_pdf, docs * 3))
    assert got == expected * 3
