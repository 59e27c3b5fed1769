"""Layout files: the shipped ones are valid; bad ones are rejected naming the file and the entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from unified_forms.errors import LayoutError
from unified_forms.layout.bound import Bound
from unified_forms.layout.compile import compile_document
from unified_forms.layout.load import layouts_dir, load_form_layout, load_pattern_file
from unified_forms.layout.spec import json_schema


def _write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
format_version: 1
id: t
version: "1"
title: テスト
paper: {size: A4, orientation: portrait}
blocks:
  - use: P-01
    at: [15, 10]
    options: {title: テスト}
"""


def test_every_shipped_layout_and_pattern_loads() -> None:
    forms = sorted((layouts_dir() / "forms").glob("*.yaml"))
    patterns = sorted((layouts_dir() / "patterns").glob("*.yaml"))
    assert forms and patterns
    for f in forms:
        assert load_form_layout(f).format_version == 1
    for p in patterns:
        assert load_pattern_file(p).pattern.startswith("P-")


def test_committed_json_schema_is_generated_from_the_models() -> None:
    committed = json.loads((layouts_dir() / "layout.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(json_schema())), "run the schema generator (see docs)"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("format_version: 1\nid: [\n", "line", "not valid YAML"),
        ("- a\n- b\n", "", "mapping"),
        (GOOD.replace("format_version: 1", "format_version: 9"), "format_version", "newer"),
        (GOOD.replace("format_version: 1\n", ""), "format_version", "missing"),
        (GOOD.replace("size: A4", "size: A9"), "paper.size", "Input should be"),
        (GOOD.replace("title: テスト\npaper", "title: テスト\ncolour: red\npaper"), "colour", "Extra inputs"),
    ],
)
def test_bad_layout_files_name_file_and_entry(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(LayoutError) as info:
        load_form_layout(path)
    assert str(path) in str(info.value)
    assert where in info.value.where
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("options", "where", "message"),
    [
        ("{title: 1}", "blocks[0].options.title", "expected a string"),
        ("{title: x, title_size: big}", "blocks[0].options.title_size", "expected a number"),
        ("{title: x, colour: red}", "blocks[0].options.colour", "no option 'colour'"),
        ("{}", "blocks[0].options.title", "required"),
    ],
)
def test_bad_pattern_options_are_rejected(tmp_path: Path, options: str, where: str, message: str) -> None:
    path = _write(tmp_path, GOOD.replace("{title: テスト}", options))
    with pytest.raises(LayoutError) as info:
        compile_document(path, Bound(), form_id="t")
    assert info.value.where == where
    assert message in info.value.message


def test_unknown_pattern_is_rejected_with_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("use: P-01", "use: P-99"))
    with pytest.raises(LayoutError, match=r"unknown pattern .P-99.*P-01"):
        compile_document(path, Bound(), form_id="t")


@pytest.fixture
def sized_pattern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A pattern P-90 whose label's font size is an option, in a layouts folder of its own."""
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "P-90_sized.yaml").write_text(
        "format_version: 1\npattern: P-90\nname: sized\nversion: '1'\nsize: [100, 20]\n"
        "options: {label_size: {type: number, default: 7.5}}\n"
        "elements:\n  - {kind: text, rect: [0, 0, 100, 20], text: 見出し, style: {size: $label_size}}\n",
        encoding="utf-8",
    )
    from unified_forms.layout import load

    load.pattern_index.cache_clear()
    monkeypatch.setattr(load, "layouts_dir", lambda: tmp_path)
    yield tmp_path
    load.pattern_index.cache_clear()


def _sized_form(folder: Path, size: str) -> Path:
    return _write(folder, GOOD.replace("use: P-01", "use: P-90").replace("{title: テスト}", f"{{label_size: {size}}}"))


def test_a_font_size_given_as_a_pattern_option_is_used(sized_pattern: Path) -> None:
    page = compile_document(_sized_form(sized_pattern, "13"), Bound(), form_id="t").document.pages[0]
    assert [t.size for t in page.texts if t.text == "見出し"] == [13.0]


# --------------------------------------------------------------------------- issue 19: untrusted layouts


ROSTER = (layouts_dir() / "forms" / "roster.yaml").read_text(encoding="utf-8")


def _roster_render(tmp_path: Path, text: str, fmt: str = "pdf") -> bytes:
    from unified_forms import api

    path = _write(tmp_path, text, "roster.yaml")
    return api.render("roster", api.sample("roster"), fmt, layout=path).data  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        # the reproducers of issue 19: NaN/inf write `nan` operators or loop in the PDF renderer
        ("{kind: line, points: [139, 277, 139, 284], width: 0.3}", "{kind: line, points: [139, 277, 139, 284], "
         "width: .nan}", "elements[8].width", "finite"),
        ("{kind: box, rect: [111, 277, 84, 7], width: 0.6}", "{kind: box, rect: [111, 277, 84, 7], width: .inf}",
         "elements[1].width", "finite"),
        ("origin: [15, 36]", "origin: [.nan, .nan]", "elements[0].origin[0]", "finite"),
        ("width: 180", "width: .nan", "elements[0].width", "finite"),
        ("row_height: 5.6", "row_height: 1.0e+300", "elements[0].row_height", "beyond"),
        ("origin: [15, 36]", "origin: [100000, 100000]", "elements[0].origin[0]", "beyond"),
        ("origin: [15, 36]", "origin: [1.0e+20, 36]", "elements[0].origin[0]", "beyond"),
        ("rows: 40", "rows: 1.0e+8", "elements[0].rows", "beyond"),
        ("rows: 40", "rows: 100000000", "elements[0].rows", "beyond"),
        ("rows: 40", "rows: 900", "elements[0].rows", "less than or equal to 500"),
        ("rows: 40", "rows: true", "elements[0].rows", "valid integer"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: 1.0e+6, align: center, fit: {min_size: 6}}",
         "elements[0].columns[0].style.size", "beyond"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: 1.0e+12, align: center}",
         "elements[0].columns[0].style.size", "beyond"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: -10, align: center}",
         "elements[0].columns[0].style.size", "3"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: 0, align: center}",
         "elements[0].columns[0].style.size", "3"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: .nan, align: center}",
         "elements[0].columns[0].style.size", "finite"),
        ("{size: 9, align: center, fit: {min_size: 6}}", "{size: 100, align: center}",
         "elements[0].columns[0].style.size", "72"),
        ("{kind: line, points: [139, 277, 139, 284], width: 0.3}", "{kind: line, points: [139, 277, 139, 284], "
         "width: 50}", "elements[8].width", "10"),
        ("format_version: 1", "format_version: true", "format_version", "not an integer"),
        ("rows: 40", "rows: 1e8", "elements[0].rows", "valid integer"),  # YAML 1.1: a string
        ("margins: [8, 8, 8, 8]", "margins: [8, 8, 8, .inf]", "paper.margins[3]", "finite"),
        ("per_page: 40", "per_page: 0", "paginate.per_page", "greater than or equal to 1"),
    ],
)
def test_hostile_layout_numbers_are_layout_errors_naming_file_and_entry(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in ROSTER
    path = _write(tmp_path, ROSTER.replace(old, new, 1), "roster.yaml")
    with pytest.raises(LayoutError) as info:
        load_form_layout(path)
    assert info.value.file == str(path)
    assert info.value.where.startswith(where), info.value.where
    assert message in info.value.message


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        # within every bound of a number, but the table then runs off the paper
        ("origin: [15, 36]", "origin: [300, 36]", "elements[0]"),
        ("row_height: 5.6", "row_height: 300", "elements[0]"),
        ("origin: [15, 36]", "origin: [-100, 36]", "elements[0]"),
        ("{kind: box, rect: [111, 277, 84, 7], width: 0.6}", "{kind: box, rect: [111, 400, 84, 7], width: 0.6}",
         "elements[1]"),
        ("{kind: line, points: [139, 277, 139, 284], width: 0.3}", "{kind: line, points: [139, 277, 139, 420], "
         "width: 0.3}", "elements[8]"),
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_geometry_off_the_paper_is_a_layout_error(tmp_path: Path, old: str, new: str, where: str, fmt: str) -> None:
    assert old in ROSTER
    with pytest.raises(LayoutError) as info:
        _roster_render(tmp_path, ROSTER.replace(old, new, 1), fmt)
    assert info.value.where == where
    assert "outside the 210 x 297 mm page" in info.value.message


def test_a_font_size_option_out_of_range_is_a_layout_error(sized_pattern: Path) -> None:
    with pytest.raises(LayoutError, match="font size 900 pt") as info:
        compile_document(_sized_form(sized_pattern, "900"), Bound(), form_id="t")
    assert "style.size" in info.value.where
    with pytest.raises(LayoutError, match="not finite") as info:
        compile_document(_sized_form(sized_pattern, ".nan"), Bound(), form_id="t")
    assert info.value.where == "blocks[0].options.label_size"


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("title: テスト\n", "title: テスト\ntitle: 別\n"))
    with pytest.raises(LayoutError, match="duplicate key 'title'") as info:
        load_form_layout(path)
    assert info.value.where.startswith("line 5")
    nested = _write(tmp_path, GOOD.replace("{size: A4, orientation: portrait}", "{size: A4, size: A3}"), "n.yaml")
    with pytest.raises(LayoutError, match="duplicate key 'size'"):
        load_form_layout(nested)


def test_special_files_folders_and_big_files_are_refused_quickly(tmp_path: Path) -> None:
    import os
    import time

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n" + GOOD.encode())
    cases = [
        (Path("/dev/zero"), "not a regular file"),
        (fifo, "not a regular file"),
        (tmp_path, "not a regular file"),
        (big, "larger than 1 MiB"),
        (tmp_path / "missing.yaml", "file not found"),
    ]
    for path, message in cases:
        start = time.monotonic()
        with pytest.raises(LayoutError, match=message):
            load_form_layout(path)
        assert time.monotonic() - start < 2.0


def test_non_utf8_layout_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes(GOOD.encode("cp932"))
    with pytest.raises(LayoutError, match=r"not UTF-8 text \(byte offset 44\)"):
        load_form_layout(path)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_form_layout(bom).title == "テスト"


def test_yaml_bombs_recursion_deep_nesting_and_object_tags_are_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = _write(tmp_path, GOOD + "\n".join(bomb) + "\n", "bomb.yaml")
    with pytest.raises(LayoutError, match="expands to more than"):
        load_form_layout(path)
    deep = _write(tmp_path, "format_version: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    with pytest.raises(LayoutError, match="nested deeper"):
        load_form_layout(deep)
    tagged = _write(tmp_path, GOOD + "x: !!python/object/apply:os.system [echo hi]\n", "tag.yaml")
    with pytest.raises(LayoutError, match="not valid YAML"):
        load_form_layout(tagged)
    recursive = _write(tmp_path, GOOD + "x: &r [1, *r]\n", "rec.yaml")
    with pytest.raises(LayoutError, match="recursive"):
        load_form_layout(recursive)


def test_layout_messages_never_echo_control_characters(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("title: テスト\n", "title: テスト\n\"a\\u202eb\\x1b[31m\": 1\n"))
    with pytest.raises(LayoutError) as info:
        load_form_layout(path)
    text = str(info.value)
    assert "\u202e" not in text and "\x1b" not in text
    assert "<U+202E>" in text and "<U+001B>" in text


def test_every_shipped_layout_still_renders_inside_its_page() -> None:
    """The page check passes for every shipped sample (what a school gets by default)."""
    from unified_forms import api, registry

    for info in registry.REGISTRY.values():
        api.compile_form(info.id, api.sample(info.id))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_nan_rule_width_never_reaches_a_renderer(tmp_path: Path, fmt: str) -> None:
    """The PDF renderer used to loop forever on a rule of width NaN; now the file is refused first."""
    text = ROSTER.replace("points: [139, 277, 139, 284], width: 0.3", "points: [139, 277, 139, 284], width: .nan")
    with pytest.raises(LayoutError, match="not finite"):
        _roster_render(tmp_path, text, fmt)
